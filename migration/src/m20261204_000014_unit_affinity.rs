//! `unit_affinity`: pairs of units that work together and should sit close, with a weight
//! from 1 (a little) to 10 (a lot), edited by administrators; the home-zone planner reads it.
//! One row per pair: the database keeps the smaller unit id first, so a pair cannot be
//! stored twice or with itself.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{check, drop_tables, fk, index};

/// Creates `unit_affinity`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(UnitAffinity::Table)
                    .col(integer(UnitAffinity::UnitAId))
                    .col(integer(UnitAffinity::UnitBId))
                    .col(integer(UnitAffinity::Weight))
                    .primary_key(
                        Index::create()
                            .col(UnitAffinity::UnitAId)
                            .col(UnitAffinity::UnitBId),
                    )
                    .check(check(
                        "unit_affinity_pair_check",
                        Expr::col(UnitAffinity::UnitAId).lt(Expr::col(UnitAffinity::UnitBId)),
                    ))
                    .check(check(
                        "unit_affinity_weight_check",
                        Expr::col(UnitAffinity::Weight)
                            .gte(1)
                            .and(Expr::col(UnitAffinity::Weight).lte(10)),
                    ))
                    .foreign_key(&mut fk(
                        UnitAffinity::Table,
                        UnitAffinity::UnitAId,
                        Unit::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        UnitAffinity::Table,
                        UnitAffinity::UnitBId,
                        Unit::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(UnitAffinity::Table, [UnitAffinity::UnitBId]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, [UnitAffinity::Table.into_iden()]).await
    }
}

#[derive(DeriveIden)]
enum Unit {
    Table,
}

#[derive(DeriveIden)]
enum UnitAffinity {
    Table,
    UnitAId,
    UnitBId,
    Weight,
}
