//! Passkey ceremonies in progress.
//!
//! A WebAuthn ceremony has two steps (the server's challenge, then the browser's signed answer);
//! the challenge state must stay on the server between them. It lives here rather than in one
//! process's memory, so any instance behind a load balancer can finish what another started. A
//! ceremony is deleted when it is finished, which makes a replayed answer fail; expired rows are
//! swept.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{drop_tables, fk, index, one_of};

/// Creates `auth_ceremony`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuthCeremony::Table)
                    .col(string(AuthCeremony::Id).primary_key())
                    .col(string(AuthCeremony::Kind))
                    .col(text(AuthCeremony::State))
                    .col(integer_null(AuthCeremony::PersonId))
                    .col(integer_null(AuthCeremony::InvitationId))
                    .col(timestamp_with_time_zone(AuthCeremony::ExpiresAt))
                    .check(one_of(
                        "auth_ceremony_kind_check",
                        AuthCeremony::Kind,
                        &["register", "sign_in"],
                    ))
                    .foreign_key(&mut fk(
                        AuthCeremony::Table,
                        AuthCeremony::PersonId,
                        Person::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        AuthCeremony::Table,
                        AuthCeremony::InvitationId,
                        Invitation::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(AuthCeremony::Table, [AuthCeremony::ExpiresAt]))
            .await?;
        manager
            .create_index(index(AuthCeremony::Table, [AuthCeremony::PersonId]))
            .await?;
        manager
            .create_index(index(AuthCeremony::Table, [AuthCeremony::InvitationId]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, [AuthCeremony::Table.into_iden()]).await
    }
}

#[derive(DeriveIden)]
enum Person {
    Table,
}

#[derive(DeriveIden)]
enum Invitation {
    Table,
}

#[derive(DeriveIden)]
enum AuthCeremony {
    Table,
    Id,
    Kind,
    State,
    PersonId,
    InvitationId,
    ExpiresAt,
}
