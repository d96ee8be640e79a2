//! The door display of a room (issue 21): `room.book_now` marks a room that may be booked at
//! its door for 15 or 30 minutes from now, by the badge or passkey of a person who may reserve
//! it (a protected consultation room only by counsellors). Off for every room until a building
//! administrator allows it. A check-in at the door stamps the reservation's
//! `room_reservation.checked_in_at`, which rooms have had from the start.

use sea_orm_migration::{prelude::*, schema::*};

/// Adds `room.book_now`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Room::Table)
                    .add_column(boolean(Room::BookNow).default(false))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Room::Table)
                    .drop_column(Room::BookNow)
                    .take(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Room {
    Table,
    BookNow,
}
