//! Daily aggregates behind the facility reports that the hourly zone figures cannot give, kept
//! after the bookings they come from are anonymised:
//!
//! - `unit_day`: per unit and day, desk bookings of its people, how many of them were in one of
//!   the unit's home zones, and how many distinct people booked;
//! - `room_day`: per day and room privacy class, how many rooms there were, the quarter-hours
//!   reserved and used (checked in), reservations released as no-shows, and how many distinct
//!   people reserved.
//!
//! Neither names a person; the reports suppress rows below the minimum group size on top.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{check, drop_tables, fk, index, one_of};

/// Creates `unit_day` and `room_day`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(UnitDay::Table)
                    .col(integer(UnitDay::UnitId))
                    .col(date(UnitDay::Day))
                    .col(integer(UnitDay::Bookings).default(0))
                    .col(integer(UnitDay::HomeZoneBookings).default(0))
                    .col(integer(UnitDay::DistinctPeople).default(0))
                    .primary_key(Index::create().col(UnitDay::UnitId).col(UnitDay::Day))
                    .check(check(
                        "unit_day_counts_check",
                        Expr::col(UnitDay::Bookings)
                            .gte(0)
                            .and(Expr::col(UnitDay::HomeZoneBookings).gte(0))
                            .and(
                                Expr::col(UnitDay::HomeZoneBookings)
                                    .lte(Expr::col(UnitDay::Bookings)),
                            )
                            .and(Expr::col(UnitDay::DistinctPeople).gte(0)),
                    ))
                    .foreign_key(&mut fk(
                        UnitDay::Table,
                        UnitDay::UnitId,
                        Unit::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(UnitDay::Table, [UnitDay::Day]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RoomDay::Table)
                    .col(date(RoomDay::Day))
                    .col(string(RoomDay::PrivacyClass))
                    .col(integer(RoomDay::Rooms).default(0))
                    .col(integer(RoomDay::ReservedQuarters).default(0))
                    .col(integer(RoomDay::UsedQuarters).default(0))
                    .col(integer(RoomDay::Released).default(0))
                    .col(integer(RoomDay::DistinctPeople).default(0))
                    .primary_key(Index::create().col(RoomDay::Day).col(RoomDay::PrivacyClass))
                    .check(one_of(
                        "room_day_privacy_class_check",
                        RoomDay::PrivacyClass,
                        &["standard", "protected"],
                    ))
                    .check(check(
                        "room_day_counts_check",
                        Expr::col(RoomDay::Rooms)
                            .gte(0)
                            .and(Expr::col(RoomDay::ReservedQuarters).gte(0))
                            .and(Expr::col(RoomDay::UsedQuarters).gte(0))
                            .and(Expr::col(RoomDay::Released).gte(0))
                            .and(Expr::col(RoomDay::DistinctPeople).gte(0)),
                    ))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [RoomDay::Table.into_iden(), UnitDay::Table.into_iden()],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Unit {
    Table,
}

#[derive(DeriveIden)]
enum UnitDay {
    Table,
    UnitId,
    Day,
    Bookings,
    HomeZoneBookings,
    DistinctPeople,
}

#[derive(DeriveIden)]
enum RoomDay {
    Table,
    Day,
    PrivacyClass,
    Rooms,
    ReservedQuarters,
    UsedQuarters,
    Released,
    DistinctPeople,
}
