//! Booking policies and blocks (desks, zones or rooms taken out of use for some days).
//!
//! A policy applies to a `scope`: the building (`scope_id` `NULL`: the default for every
//! building, or a building id), an organisation, a unit or a zone (`scope_id` then names it; it
//! is deliberately not a foreign key, as it points into a different table per scope). The most
//! specific policy wins; that resolution is the application's.
//!
//! A block names at most one of desk, zone or room; a block naming none closes the whole
//! building for its days (holidays).

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{check, drop_tables, fk, index, one_of, unique};

/// Creates `policy` and `block`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Policy::Table)
                    .col(pk_auto(Policy::Id))
                    .col(string(Policy::Scope))
                    .col(integer_null(Policy::ScopeId))
                    .col(integer(Policy::MaxDaysAhead).default(14))
                    .col(integer_null(Policy::MaxBookingsPerWeek))
                    .col(boolean(Policy::HalfDaysAllowed).default(true))
                    .col(string(Policy::Overflow).default("none"))
                    .col(integer(Policy::CheckinGraceMin).default(30))
                    .col(boolean(Policy::AutoRelease).default(false))
                    .col(boolean(Policy::ReleaseWithoutSensor).default(false))
                    .check(one_of(
                        "policy_scope_check",
                        Policy::Scope,
                        &["building", "organisation", "unit", "zone"],
                    ))
                    .check(check(
                        "policy_scope_id_check",
                        Expr::col(Policy::Scope)
                            .eq("building")
                            .or(Expr::col(Policy::ScopeId).is_not_null()),
                    ))
                    .check(one_of(
                        "policy_overflow_check",
                        Policy::Overflow,
                        &["none", "day_before_14", "same_day"],
                    ))
                    .check(check(
                        "policy_limits_check",
                        Expr::col(Policy::MaxDaysAhead)
                            .gte(0)
                            .and(Expr::col(Policy::CheckinGraceMin).gte(0))
                            .and(
                                Expr::col(Policy::MaxBookingsPerWeek)
                                    .is_null()
                                    .or(Expr::col(Policy::MaxBookingsPerWeek).gte(0)),
                            ),
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(Policy::Table, [Policy::Scope, Policy::ScopeId]))
            .await?;
        // NULLs are distinct in a unique index, so the building-wide default needs its own.
        manager
            .create_index(
                Index::create()
                    .name("policy_scope_default_key")
                    .table(Policy::Table)
                    .col(Policy::Scope)
                    .unique()
                    .and_where(Expr::col(Policy::ScopeId).is_null())
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Block::Table)
                    .col(pk_auto(Block::Id))
                    .col(integer_null(Block::DeskId))
                    .col(integer_null(Block::ZoneId))
                    .col(integer_null(Block::RoomId))
                    .col(date(Block::FromDay))
                    .col(date(Block::ToDay))
                    .col(string(Block::Reason).default(""))
                    .check(check(
                        "block_days_check",
                        Expr::col(Block::FromDay).lte(Expr::col(Block::ToDay)),
                    ))
                    .check(check(
                        "block_target_check",
                        Expr::col(Block::DeskId)
                            .is_null()
                            .and(Expr::col(Block::ZoneId).is_null())
                            .or(Expr::col(Block::DeskId)
                                .is_null()
                                .and(Expr::col(Block::RoomId).is_null()))
                            .or(Expr::col(Block::ZoneId)
                                .is_null()
                                .and(Expr::col(Block::RoomId).is_null())),
                    ))
                    .foreign_key(&mut fk(
                        Block::Table,
                        Block::DeskId,
                        Desk::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        Block::Table,
                        Block::ZoneId,
                        Zone::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        Block::Table,
                        Block::RoomId,
                        Room::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(Block::Table, [Block::ToDay]))
            .await?;
        manager
            .create_index(index(Block::Table, [Block::DeskId]))
            .await?;
        manager
            .create_index(index(Block::Table, [Block::ZoneId]))
            .await?;
        manager
            .create_index(index(Block::Table, [Block::RoomId]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [Block::Table.into_iden(), Policy::Table.into_iden()],
        )
        .await
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
enum Policy {
    Table,
    Id,
    Scope,
    ScopeId,
    MaxDaysAhead,
    MaxBookingsPerWeek,
    HalfDaysAllowed,
    Overflow,
    CheckinGraceMin,
    AutoRelease,
    ReleaseWithoutSensor,
}

#[derive(DeriveIden)]
enum Block {
    Table,
    Id,
    DeskId,
    ZoneId,
    RoomId,
    FromDay,
    ToDay,
    Reason,
}
