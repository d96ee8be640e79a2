//! Directory sync (LDAP): which person is which entry of their organisation's directory, and
//! when each organisation's directory was last synchronised.
//!
//! - `person.directory_key`: the entry's stable key in the organisation's directory (such as
//!   `entryUUID` or `objectGUID`), set by the sync; unique per organisation
//!   (`person_organisation_id_directory_key_key`; people without a key are not limited). An
//!   erased person loses it.
//! - `directory_sync`: one row per organisation whose directory was synchronised: when the
//!   last run started and finished and how it ended (`ok`, `failed`, `refused`), so that
//!   several instances run a scheduled sync once per interval.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{drop_tables, fk, one_of, unique};

/// Adds `person.directory_key` and creates `directory_sync`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Person::Table)
                    .add_column(string_null(Person::DirectoryKey))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(
                Person::Table,
                [Person::OrganisationId, Person::DirectoryKey],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DirectorySync::Table)
                    .col(integer(DirectorySync::OrganisationId).primary_key())
                    .col(timestamp_with_time_zone(DirectorySync::StartedAt))
                    .col(timestamp_with_time_zone_null(DirectorySync::FinishedAt))
                    .col(string(DirectorySync::Outcome))
                    .foreign_key(&mut fk(
                        DirectorySync::Table,
                        DirectorySync::OrganisationId,
                        Organisation::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .check(one_of(
                        "directory_sync_outcome_check",
                        DirectorySync::Outcome,
                        &["running", "ok", "failed", "refused"],
                    ))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, [DirectorySync::Table]).await?;
        manager
            .drop_index(
                Index::drop()
                    .name("person_organisation_id_directory_key_key")
                    .table(Person::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Person::Table)
                    .drop_column(Person::DirectoryKey)
                    .take(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Organisation {
    Table,
}

#[derive(DeriveIden)]
enum Person {
    Table,
    OrganisationId,
    DirectoryKey,
}

#[derive(DeriveIden)]
enum DirectorySync {
    Table,
    OrganisationId,
    StartedAt,
    FinishedAt,
    Outcome,
}
