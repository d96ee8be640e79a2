//! The audit log and the aggregated occupancy store behind facility reports.
//!
//! `occupancy_hourly` holds one row per zone and UTC hour, in desk-hours and counts; it never
//! names a person, and reports suppress groups below the configured minimum size on top.
//! `audit_log.detail` is JSON (text on SQLite).

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{check, created_now, drop_tables, fk, index};

/// Creates `audit_log` and `occupancy_hourly`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(big_pk_auto(AuditLog::Id))
                    .col(created_now(manager, AuditLog::At))
                    .col(integer_null(AuditLog::ActorPersonId))
                    .col(integer_null(AuditLog::OrganisationId))
                    .col(string(AuditLog::Action))
                    .col(string(AuditLog::Entity))
                    .col(string_null(AuditLog::EntityId))
                    .col(json_null(AuditLog::Detail))
                    .foreign_key(&mut fk(
                        AuditLog::Table,
                        AuditLog::ActorPersonId,
                        Person::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        AuditLog::Table,
                        AuditLog::OrganisationId,
                        Organisation::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                AuditLog::Table,
                [AuditLog::OrganisationId, AuditLog::At],
            ))
            .await?;
        manager
            .create_index(index(AuditLog::Table, [AuditLog::At]))
            .await?;
        manager
            .create_index(index(AuditLog::Table, [AuditLog::ActorPersonId]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OccupancyHourly::Table)
                    .col(integer(OccupancyHourly::ZoneId))
                    .col(timestamp_with_time_zone(OccupancyHourly::HourStart))
                    .col(integer(OccupancyHourly::BookedDeskHours).default(0))
                    .col(integer(OccupancyHourly::OccupiedDeskHours).default(0))
                    .col(integer(OccupancyHourly::OccupiedUnbookedDeskHours).default(0))
                    .col(integer(OccupancyHourly::NoShows).default(0))
                    .col(integer(OccupancyHourly::DistinctPeople).default(0))
                    .primary_key(
                        Index::create()
                            .col(OccupancyHourly::ZoneId)
                            .col(OccupancyHourly::HourStart),
                    )
                    .check(check(
                        "occupancy_hourly_counts_check",
                        Expr::col(OccupancyHourly::BookedDeskHours)
                            .gte(0)
                            .and(Expr::col(OccupancyHourly::OccupiedDeskHours).gte(0))
                            .and(Expr::col(OccupancyHourly::OccupiedUnbookedDeskHours).gte(0))
                            .and(Expr::col(OccupancyHourly::NoShows).gte(0))
                            .and(Expr::col(OccupancyHourly::DistinctPeople).gte(0)),
                    ))
                    .foreign_key(&mut fk(
                        OccupancyHourly::Table,
                        OccupancyHourly::ZoneId,
                        Zone::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(OccupancyHourly::Table, [OccupancyHourly::HourStart]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                OccupancyHourly::Table.into_iden(),
                AuditLog::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Person {
    Table,
}

#[derive(DeriveIden)]
enum Organisation {
    Table,
}

#[derive(DeriveIden)]
enum Zone {
    Table,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorPersonId,
    OrganisationId,
    Action,
    Entity,
    EntityId,
    Detail,
}

#[derive(DeriveIden)]
enum OccupancyHourly {
    Table,
    ZoneId,
    HourStart,
    BookedDeskHours,
    OccupiedDeskHours,
    OccupiedUnbookedDeskHours,
    NoShows,
    DistinctPeople,
}
