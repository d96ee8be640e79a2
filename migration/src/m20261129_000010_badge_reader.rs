//! Badge readers: a reader is bound to exactly one desk, zone or room, and is known by its code
//! (the last level of its MQTT topic) and, for the REST API, by its device token.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{check, created_now, drop_tables, fk, index};

/// Creates `badge_reader`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(BadgeReader::Table)
                    .col(pk_auto(BadgeReader::Id))
                    .col(string_uniq(BadgeReader::Code))
                    .col(integer_null(BadgeReader::DeskId))
                    .col(integer_null(BadgeReader::ZoneId))
                    .col(integer_null(BadgeReader::RoomId))
                    .col(integer_null(BadgeReader::ApiTokenId).unique_key())
                    .col(created_now(manager, BadgeReader::CreatedAt))
                    .check(check(
                        "badge_reader_place_check",
                        Expr::cust(
                            "(CASE WHEN desk_id IS NULL THEN 0 ELSE 1 END) \
                             + (CASE WHEN zone_id IS NULL THEN 0 ELSE 1 END) \
                             + (CASE WHEN room_id IS NULL THEN 0 ELSE 1 END) = 1",
                        ),
                    ))
                    .foreign_key(&mut fk(
                        BadgeReader::Table,
                        BadgeReader::DeskId,
                        Desk::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        BadgeReader::Table,
                        BadgeReader::ZoneId,
                        Zone::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        BadgeReader::Table,
                        BadgeReader::RoomId,
                        Room::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        BadgeReader::Table,
                        BadgeReader::ApiTokenId,
                        ApiToken::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(BadgeReader::Table, [BadgeReader::DeskId]))
            .await?;
        manager
            .create_index(index(BadgeReader::Table, [BadgeReader::ZoneId]))
            .await?;
        manager
            .create_index(index(BadgeReader::Table, [BadgeReader::RoomId]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, [BadgeReader::Table.into_iden()]).await
    }
}

#[derive(DeriveIden)]
enum Desk {
    Table,
}

#[derive(DeriveIden)]
enum Zone {
    Table,
}

#[derive(DeriveIden)]
enum Room {
    Table,
}

#[derive(DeriveIden)]
enum ApiToken {
    Table,
}

#[derive(DeriveIden)]
enum BadgeReader {
    Table,
    Id,
    Code,
    DeskId,
    ZoneId,
    RoomId,
    ApiTokenId,
    CreatedAt,
}
