//! The `open_data_dataset` table: one row per dataset that facility management publishes as
//! open data. A dataset without a row is not published.

use sea_orm::entity::prelude::*;

/// A row of `open_data_dataset`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "open_data_dataset")]
pub struct Model {
    /// The dataset's slug (`utilisation-by-floor-weekday`, `desk-sharing`, `use-by-week`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub dataset: String,
    /// Since when it is published.
    pub published_at: DateTimeUtc,
}

/// `open_data_dataset` refers to no other table.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
