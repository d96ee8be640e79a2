//! The `open_data_setting` table: at most one row (`id = 1`), the licence open data is
//! published under and the publisher the catalogue names. No row: the defaults.

use sea_orm::entity::prelude::*;

/// The row of `open_data_setting`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "open_data_setting")]
pub struct Model {
    /// Always 1.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    /// The licence's id (`dl-de/by-2-0`, `dl-de/zero-2-0`, `cc-by-4.0`, `cc0-1.0`).
    pub licence: String,
    /// Who publishes; empty: the building's name.
    pub publisher: String,
    /// When it was last changed.
    pub updated_at: DateTimeUtc,
}

/// `open_data_setting` refers to no other table.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
