//! Step-up: `web_session.verified_at`, when the session's person last proved with a passkey
//! that they are at the keyboard (at sign-in, or by confirming again). Adding a passkey,
//! creating a token with the `admin` scope and changing roles need it within the last five
//! minutes.

use sea_orm_migration::{prelude::*, schema::*};

/// Adds `web_session.verified_at`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(WebSession::Table)
                    .add_column(timestamp_with_time_zone_null(WebSession::VerifiedAt))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(WebSession::Table)
                    .drop_column(WebSession::VerifiedAt)
                    .take(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum WebSession {
    Table,
    VerifiedAt,
}
