//! Organisations, their units and people, roles and counsellors' deputies.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{check, created_now, drop_tables, fk, index, one_of};

/// Creates `organisation`, `unit`, `person`, `person_role` and `deputy`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organisation::Table)
                    .col(pk_auto(Organisation::Id))
                    .col(string_uniq(Organisation::Slug))
                    .col(string(Organisation::Name))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Unit::Table)
                    .col(pk_auto(Unit::Id))
                    .col(integer(Unit::OrganisationId))
                    .col(string_uniq(Unit::Slug))
                    .col(string(Unit::Name))
                    .foreign_key(&mut fk(
                        Unit::Table,
                        Unit::OrganisationId,
                        Organisation::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(Unit::Table, [Unit::OrganisationId]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Person::Table)
                    .col(pk_auto(Person::Id))
                    .col(integer(Person::OrganisationId))
                    .col(integer_null(Person::UnitId))
                    .col(string(Person::DisplayName))
                    .col(string_null(Person::Email).unique_key())
                    .col(string(Person::Locale).default("de"))
                    .col(boolean(Person::ShareLocation).default(false))
                    .col(boolean(Person::Active).default(true))
                    .col(boolean(Person::Anonymised).default(false))
                    .col(created_now(manager, Person::CreatedAt))
                    .check(one_of("person_locale_check", Person::Locale, &["de", "en"]))
                    .foreign_key(&mut fk(
                        Person::Table,
                        Person::OrganisationId,
                        Organisation::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        Person::Table,
                        Person::UnitId,
                        Unit::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(Person::Table, [Person::OrganisationId]))
            .await?;
        manager
            .create_index(index(Person::Table, [Person::UnitId]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PersonRole::Table)
                    .col(integer(PersonRole::PersonId))
                    .col(string(PersonRole::Role))
                    .primary_key(
                        Index::create()
                            .col(PersonRole::PersonId)
                            .col(PersonRole::Role),
                    )
                    .check(one_of(
                        "person_role_role_check",
                        PersonRole::Role,
                        &[
                            "employee",
                            "counsellor",
                            "unit_lead",
                            "facility_manager",
                            "org_admin",
                            "building_admin",
                        ],
                    ))
                    .foreign_key(&mut fk(
                        PersonRole::Table,
                        PersonRole::PersonId,
                        Person::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Deputy::Table)
                    .col(integer(Deputy::OwnerId))
                    .col(integer(Deputy::DeputyId))
                    .primary_key(Index::create().col(Deputy::OwnerId).col(Deputy::DeputyId))
                    .check(check(
                        "deputy_not_self_check",
                        Expr::col(Deputy::OwnerId).ne(Expr::col(Deputy::DeputyId)),
                    ))
                    .foreign_key(&mut fk(
                        Deputy::Table,
                        Deputy::OwnerId,
                        Person::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        Deputy::Table,
                        Deputy::DeputyId,
                        Person::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(Deputy::Table, [Deputy::DeputyId]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                Deputy::Table.into_iden(),
                PersonRole::Table.into_iden(),
                Person::Table.into_iden(),
                Unit::Table.into_iden(),
                Organisation::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Organisation {
    Table,
    Id,
    Slug,
    Name,
}

#[derive(DeriveIden)]
enum Unit {
    Table,
    Id,
    OrganisationId,
    Slug,
    Name,
}

#[derive(DeriveIden)]
enum Person {
    Table,
    Id,
    OrganisationId,
    UnitId,
    DisplayName,
    Email,
    Locale,
    ShareLocation,
    Active,
    Anonymised,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PersonRole {
    Table,
    PersonId,
    Role,
}

#[derive(DeriveIden)]
#[expect(clippy::enum_variant_names, reason = "the column is called so")]
enum Deputy {
    Table,
    OwnerId,
    DeputyId,
}
