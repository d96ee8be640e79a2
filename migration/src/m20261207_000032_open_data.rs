//! Open data for the public and each room as a calendar resource.
//!
//! - `open_data_setting`: at most one row (`id = 1`): the licence the figures are published
//!   under and the publisher named in the catalogue. No row: the defaults (Datenlizenz
//!   Deutschland – Namensnennung 2.0, the building's name as publisher).
//! - `open_data_dataset`: one row per dataset facility management publishes. No row: not
//!   published, so a fresh install publishes nothing.
//! - `room_feed`: a room's calendar feed for groupware, its secret token stored only as a
//!   SHA-256 hash; at most one per room.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{check, created_now, drop_tables, fk, one_of};

/// The licences figures may be published under (ids as GovData writes them).
pub const LICENCES: [&str; 4] = ["dl-de/by-2-0", "dl-de/zero-2-0", "cc-by-4.0", "cc0-1.0"];

/// The datasets that can be published.
pub const DATASETS: [&str; 3] = [
    "utilisation-by-floor-weekday",
    "desk-sharing",
    "use-by-week",
];

/// Creates `open_data_setting`, `open_data_dataset` and `room_feed`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OpenDataSetting::Table)
                    .col(integer(OpenDataSetting::Id).primary_key())
                    .col(string(OpenDataSetting::Licence).default("dl-de/by-2-0"))
                    .col(string(OpenDataSetting::Publisher).default(""))
                    .col(created_now(manager, OpenDataSetting::UpdatedAt))
                    .check(check(
                        "open_data_setting_id_check",
                        Expr::col(OpenDataSetting::Id).eq(1),
                    ))
                    .check(one_of(
                        "open_data_setting_licence_check",
                        OpenDataSetting::Licence,
                        &LICENCES,
                    ))
                    .check(check(
                        "open_data_setting_publisher_check",
                        Expr::cust("length(publisher)").lte(200),
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OpenDataDataset::Table)
                    .col(string(OpenDataDataset::Dataset).primary_key())
                    .col(created_now(manager, OpenDataDataset::PublishedAt))
                    .check(one_of(
                        "open_data_dataset_dataset_check",
                        OpenDataDataset::Dataset,
                        &DATASETS,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RoomFeed::Table)
                    .col(integer(RoomFeed::RoomId).primary_key())
                    .col(string(RoomFeed::TokenHash).unique_key())
                    .col(created_now(manager, RoomFeed::CreatedAt))
                    .col(integer_null(RoomFeed::CreatedBy))
                    .foreign_key(&mut fk(
                        RoomFeed::Table,
                        RoomFeed::RoomId,
                        Room::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        RoomFeed::Table,
                        RoomFeed::CreatedBy,
                        Person::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                RoomFeed::Table.into_iden(),
                OpenDataDataset::Table.into_iden(),
                OpenDataSetting::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Room {
    Table,
}

#[derive(DeriveIden)]
enum Person {
    Table,
}

#[derive(DeriveIden)]
enum OpenDataSetting {
    Table,
    Id,
    Licence,
    Publisher,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum OpenDataDataset {
    Table,
    Dataset,
    PublishedAt,
}

#[derive(DeriveIden)]
enum RoomFeed {
    Table,
    RoomId,
    TokenHash,
    CreatedAt,
    CreatedBy,
}
