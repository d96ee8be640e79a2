//! Room reservations, their series, and the 15-minute cells that make overlaps impossible.
//!
//! `room_reservation_quarter` holds one row per 15-minute cell an *active* reservation claims:
//! `quarter` is the cell's index on the UTC grid (minutes since the Unix epoch divided by 15).
//! A reservation claims every cell that its time, widened by the room's `buffer_before_min` and
//! `buffer_after_min`, touches. `room_reservation_quarter_room_id_quarter_key` refuses a second
//! claim on a cell, so two reservations of one room cannot overlap, buffers included, while
//! back-to-back reservations (one ends at 10:00, the next starts at 10:00) share no cell.
//! Cancelling or releasing a reservation deletes its cells.
//!
//! A composite foreign key `(reservation_id, room_id)` → `room_reservation (id, room_id)` keeps
//! the cells' copy of the room honest.
//!
//! `reservation_series.rule` is `weekly:<n>` (every n-th week on the weekday of the first
//! reservation) until `until_day`; the series' reservations are ordinary rows pointing back to it.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{check, created_now, drop_tables, fk, index, one_of, unique};

/// Creates `reservation_series`, `room_reservation` and `room_reservation_quarter`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ReservationSeries::Table)
                    .col(pk_auto(ReservationSeries::Id))
                    .col(integer(ReservationSeries::OwnerId))
                    .col(integer(ReservationSeries::RoomId))
                    .col(string(ReservationSeries::Rule))
                    .col(date(ReservationSeries::UntilDay))
                    .col(created_now(manager, ReservationSeries::CreatedAt))
                    .foreign_key(&mut fk(
                        ReservationSeries::Table,
                        ReservationSeries::OwnerId,
                        Person::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        ReservationSeries::Table,
                        ReservationSeries::RoomId,
                        Room::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                ReservationSeries::Table,
                [ReservationSeries::OwnerId],
            ))
            .await?;
        manager
            .create_index(index(ReservationSeries::Table, [ReservationSeries::RoomId]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RoomReservation::Table)
                    .col(big_pk_auto(RoomReservation::Id))
                    .col(integer(RoomReservation::RoomId))
                    .col(integer_null(RoomReservation::OwnerId))
                    .col(integer_null(RoomReservation::SeriesId))
                    .col(timestamp_with_time_zone(RoomReservation::StartsAt))
                    .col(timestamp_with_time_zone(RoomReservation::EndsAt))
                    .col(string_null(RoomReservation::Subject))
                    .col(text_null(RoomReservation::Notes))
                    .col(integer_null(RoomReservation::Attendees))
                    .col(string(RoomReservation::Status).default("active"))
                    .col(created_now(manager, RoomReservation::CreatedAt))
                    .col(timestamp_with_time_zone_null(RoomReservation::CheckedInAt))
                    .check(check(
                        "room_reservation_time_check",
                        Expr::col(RoomReservation::StartsAt).lt(Expr::col(RoomReservation::EndsAt)),
                    ))
                    .check(check(
                        "room_reservation_attendees_check",
                        Expr::col(RoomReservation::Attendees)
                            .is_null()
                            .or(Expr::col(RoomReservation::Attendees).gt(0)),
                    ))
                    .check(one_of(
                        "room_reservation_status_check",
                        RoomReservation::Status,
                        &["active", "cancelled", "released"],
                    ))
                    .foreign_key(&mut fk(
                        RoomReservation::Table,
                        RoomReservation::RoomId,
                        Room::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        RoomReservation::Table,
                        RoomReservation::OwnerId,
                        Person::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        RoomReservation::Table,
                        RoomReservation::SeriesId,
                        ReservationSeries::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .take(),
            )
            .await?;
        // The target of the cells' composite foreign key.
        manager
            .create_index(unique(
                RoomReservation::Table,
                [RoomReservation::Id, RoomReservation::RoomId],
            ))
            .await?;
        manager
            .create_index(index(
                RoomReservation::Table,
                [RoomReservation::RoomId, RoomReservation::StartsAt],
            ))
            .await?;
        manager
            .create_index(index(
                RoomReservation::Table,
                [RoomReservation::OwnerId, RoomReservation::StartsAt],
            ))
            .await?;
        manager
            .create_index(index(RoomReservation::Table, [RoomReservation::SeriesId]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RoomReservationQuarter::Table)
                    .col(big_integer(RoomReservationQuarter::ReservationId))
                    .col(integer(RoomReservationQuarter::RoomId))
                    .col(big_integer(RoomReservationQuarter::Quarter))
                    .primary_key(
                        Index::create()
                            .col(RoomReservationQuarter::ReservationId)
                            .col(RoomReservationQuarter::Quarter),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("room_reservation_quarter_reservation_fkey")
                            .from(
                                RoomReservationQuarter::Table,
                                (
                                    RoomReservationQuarter::ReservationId,
                                    RoomReservationQuarter::RoomId,
                                ),
                            )
                            .to(
                                RoomReservation::Table,
                                (RoomReservation::Id, RoomReservation::RoomId),
                            )
                            .on_delete(ForeignKeyAction::Cascade)
                            .on_update(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(
                RoomReservationQuarter::Table,
                [
                    RoomReservationQuarter::RoomId,
                    RoomReservationQuarter::Quarter,
                ],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                RoomReservationQuarter::Table.into_iden(),
                RoomReservation::Table.into_iden(),
                ReservationSeries::Table.into_iden(),
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
enum Room {
    Table,
}

#[derive(DeriveIden)]
enum ReservationSeries {
    Table,
    Id,
    OwnerId,
    RoomId,
    Rule,
    UntilDay,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RoomReservation {
    Table,
    Id,
    RoomId,
    OwnerId,
    SeriesId,
    StartsAt,
    EndsAt,
    Subject,
    Notes,
    Attendees,
    Status,
    CreatedAt,
    CheckedInAt,
}

#[derive(DeriveIden)]
enum RoomReservationQuarter {
    Table,
    ReservationId,
    RoomId,
    Quarter,
}
