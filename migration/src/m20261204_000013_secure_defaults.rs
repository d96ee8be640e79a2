//! Secure defaults: `person.demo` marks the made-up people the demo building seeds, the only
//! ones demo sign-in accepts (a person created any other way never is one);
//! `api_token.expires_at` ends personal access tokens (at most a year after they were made).

use sea_orm_migration::{prelude::*, schema::*};

/// Adds `person.demo` and `api_token.expires_at`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Person::Table)
                    .add_column(boolean(Person::Demo).default(false))
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ApiToken::Table)
                    .add_column(timestamp_with_time_zone_null(ApiToken::ExpiresAt))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ApiToken::Table)
                    .drop_column(ApiToken::ExpiresAt)
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Person::Table)
                    .drop_column(Person::Demo)
                    .take(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Person {
    Table,
    Demo,
}

#[derive(DeriveIden)]
enum ApiToken {
    Table,
    ExpiresAt,
}
