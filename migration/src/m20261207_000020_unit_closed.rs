//! Units that are closed: `unit.closed` marks a unit that was merged into another or closed
//! by its organisation's administrators. A closed unit keeps its row (its history in the
//! reports, `unit_day`, stays its own) but has no people, no home zones and no policy of its
//! own, and is offered nowhere.

use sea_orm_migration::{prelude::*, schema::*};

/// Adds `unit.closed`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Unit::Table)
                    .add_column(boolean(Unit::Closed).default(false))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Unit::Table)
                    .drop_column(Unit::Closed)
                    .take(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Unit {
    Table,
    Closed,
}
