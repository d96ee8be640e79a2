//! Requests for a day allocation: a person asks for a desk on a day until the cut-off (the
//! evening before); a background job then allocates every request of the day at once and books
//! the result. One request per person and day (a withdrawn request asked again is the same
//! row); what became of it (`placed` with its booking, `unplaced`, `declined` by the person,
//! `withdrawn` before the cut-off) and the allocator's explanation are kept with it.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{created_now, drop_tables, fk, index, one_of, unique};

/// Creates `desk_request`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DeskRequest::Table)
                    .col(big_pk_auto(DeskRequest::Id))
                    .col(integer(DeskRequest::PersonId))
                    .col(date(DeskRequest::Day))
                    .col(string(DeskRequest::Slot))
                    .col(string(DeskRequest::Needs).default(""))
                    .col(string(DeskRequest::Wishes).default(""))
                    .col(string(DeskRequest::Status).default("pending"))
                    .col(big_integer_null(DeskRequest::BookingId))
                    .col(text_null(DeskRequest::Explanation))
                    .col(created_now(manager, DeskRequest::CreatedAt))
                    .col(timestamp_with_time_zone_null(DeskRequest::DecidedAt))
                    .check(one_of(
                        "desk_request_slot_check",
                        DeskRequest::Slot,
                        &["morning", "afternoon", "full_day"],
                    ))
                    .check(one_of(
                        "desk_request_status_check",
                        DeskRequest::Status,
                        &["pending", "placed", "unplaced", "declined", "withdrawn"],
                    ))
                    .foreign_key(&mut fk(
                        DeskRequest::Table,
                        DeskRequest::PersonId,
                        Person::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        DeskRequest::Table,
                        DeskRequest::BookingId,
                        DeskBooking::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(
                DeskRequest::Table,
                [DeskRequest::PersonId, DeskRequest::Day],
            ))
            .await?;
        manager
            .create_index(index(
                DeskRequest::Table,
                [DeskRequest::Day, DeskRequest::Status],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, [DeskRequest::Table.into_iden()]).await
    }
}

#[derive(DeriveIden)]
enum Person {
    Table,
}

#[derive(DeriveIden)]
enum DeskBooking {
    Table,
}

#[derive(DeriveIden)]
enum DeskRequest {
    Table,
    Id,
    PersonId,
    Day,
    Slot,
    Needs,
    Wishes,
    Status,
    BookingId,
    Explanation,
    CreatedAt,
    DecidedAt,
}
