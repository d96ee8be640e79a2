//! Walk-ins at the entrance, counted by hour for the reports: `walk_in_hour` holds one row per
//! building and UTC hour with how many times the front desk asked for a room now. Counts only:
//! no person, no reservation, no citizen is ever named here.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{check, drop_tables, fk};

/// Creates `walk_in_hour`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WalkInHour::Table)
                    .col(integer(WalkInHour::BuildingId))
                    .col(timestamp_with_time_zone(WalkInHour::HourStart))
                    .col(integer(WalkInHour::Count).default(0))
                    .primary_key(
                        Index::create()
                            .col(WalkInHour::BuildingId)
                            .col(WalkInHour::HourStart),
                    )
                    .check(check(
                        "walk_in_hour_count_check",
                        Expr::col(WalkInHour::Count).gte(0),
                    ))
                    .foreign_key(&mut fk(
                        WalkInHour::Table,
                        WalkInHour::BuildingId,
                        Building::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, [WalkInHour::Table]).await
    }
}

#[derive(DeriveIden)]
enum Building {
    Table,
}

#[derive(DeriveIden)]
enum WalkInHour {
    Table,
    BuildingId,
    HourStart,
    Count,
}
