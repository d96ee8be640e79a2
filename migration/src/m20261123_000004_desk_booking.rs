//! Desk bookings and the half-day rows that make double bookings impossible.
//!
//! `desk_booking` is the booking as the person sees it (one row, with its history of states).
//! `desk_booking_half` holds one row per half-day an *active* booking occupies: `half` 0 is the
//! morning, 1 the afternoon, and a full-day booking has both. Two unique indexes on it,
//! `desk_booking_half_day_desk_id_half_key` and `desk_booking_half_person_id_day_half_key`,
//! refuse a second booking of a desk, and a second desk for a person, in one half-day.
//! Cancelling or releasing a booking deletes its half rows, which frees the slot.
//!
//! The half rows copy `desk_id`, `day` and `person_id` from their booking; a composite foreign
//! key `(booking_id, desk_id, day)` → `desk_booking (id, desk_id, day)` keeps the copy honest
//! (and follows a booking moved to another desk). `person_id` is the application's to keep in
//! step, also when anonymising.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{check, created_now, drop_tables, fk, index, one_of, unique};

/// Creates `desk_booking` and `desk_booking_half`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DeskBooking::Table)
                    .col(big_pk_auto(DeskBooking::Id))
                    .col(integer(DeskBooking::DeskId))
                    .col(integer_null(DeskBooking::PersonId))
                    .col(date(DeskBooking::Day))
                    .col(string(DeskBooking::Slot))
                    .col(string(DeskBooking::Status).default("active"))
                    .col(string(DeskBooking::Source).default("web"))
                    .col(created_now(manager, DeskBooking::CreatedAt))
                    .col(timestamp_with_time_zone_null(DeskBooking::CancelledAt))
                    .col(timestamp_with_time_zone_null(DeskBooking::CheckedInAt))
                    .check(one_of(
                        "desk_booking_slot_check",
                        DeskBooking::Slot,
                        &["morning", "afternoon", "full_day"],
                    ))
                    .check(one_of(
                        "desk_booking_status_check",
                        DeskBooking::Status,
                        &["active", "cancelled", "released", "checked_out"],
                    ))
                    .check(one_of(
                        "desk_booking_source_check",
                        DeskBooking::Source,
                        &["web", "api", "allocator", "checkin"],
                    ))
                    .foreign_key(&mut fk(
                        DeskBooking::Table,
                        DeskBooking::DeskId,
                        Desk::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        DeskBooking::Table,
                        DeskBooking::PersonId,
                        Person::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .take(),
            )
            .await?;
        // The target of the half rows' composite foreign key.
        manager
            .create_index(unique(
                DeskBooking::Table,
                [DeskBooking::Id, DeskBooking::DeskId, DeskBooking::Day],
            ))
            .await?;
        manager
            .create_index(index(
                DeskBooking::Table,
                [DeskBooking::PersonId, DeskBooking::Day],
            ))
            .await?;
        manager
            .create_index(index(
                DeskBooking::Table,
                [DeskBooking::DeskId, DeskBooking::Day],
            ))
            .await?;
        manager
            .create_index(index(DeskBooking::Table, [DeskBooking::Day]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(DeskBookingHalf::Table)
                    .col(big_integer(DeskBookingHalf::BookingId))
                    .col(integer(DeskBookingHalf::DeskId))
                    .col(integer_null(DeskBookingHalf::PersonId))
                    .col(date(DeskBookingHalf::Day))
                    .col(small_integer(DeskBookingHalf::Half))
                    .primary_key(
                        Index::create()
                            .col(DeskBookingHalf::BookingId)
                            .col(DeskBookingHalf::Half),
                    )
                    .check(check(
                        "desk_booking_half_half_check",
                        Expr::col(DeskBookingHalf::Half).is_in([0, 1]),
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .name("desk_booking_half_booking_fkey")
                            .from(
                                DeskBookingHalf::Table,
                                (
                                    DeskBookingHalf::BookingId,
                                    DeskBookingHalf::DeskId,
                                    DeskBookingHalf::Day,
                                ),
                            )
                            .to(
                                DeskBooking::Table,
                                (DeskBooking::Id, DeskBooking::DeskId, DeskBooking::Day),
                            )
                            .on_delete(ForeignKeyAction::Cascade)
                            .on_update(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut fk(
                        DeskBookingHalf::Table,
                        DeskBookingHalf::PersonId,
                        Person::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .take(),
            )
            .await?;
        // Day first: it also serves "which desks of this floor are taken on this day".
        manager
            .create_index(unique(
                DeskBookingHalf::Table,
                [
                    DeskBookingHalf::Day,
                    DeskBookingHalf::DeskId,
                    DeskBookingHalf::Half,
                ],
            ))
            .await?;
        manager
            .create_index(unique(
                DeskBookingHalf::Table,
                [
                    DeskBookingHalf::PersonId,
                    DeskBookingHalf::Day,
                    DeskBookingHalf::Half,
                ],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                DeskBookingHalf::Table.into_iden(),
                DeskBooking::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Desk {
    Table,
}

#[derive(DeriveIden)]
enum Person {
    Table,
}

#[derive(DeriveIden)]
enum DeskBooking {
    Table,
    Id,
    DeskId,
    PersonId,
    Day,
    Slot,
    Status,
    Source,
    CreatedAt,
    CancelledAt,
    CheckedInAt,
}

#[derive(DeriveIden)]
enum DeskBookingHalf {
    Table,
    BookingId,
    DeskId,
    PersonId,
    Day,
    Half,
}
