//! The `zone_adjacency` table: two zones that touch. Each pair is stored once, in either order;
//! read it both ways.

use sea_orm::entity::prelude::*;

/// A row of `zone_adjacency`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "zone_adjacency")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub zone_a_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub zone_b_id: i32,
}

/// How `zone_adjacency` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `zone_adjacency.zone_a_id` → `zone.id`.
    #[sea_orm(
        belongs_to = "super::zone::Entity",
        from = "Column::ZoneAId",
        to = "super::zone::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    ZoneA,
    /// `zone_adjacency.zone_b_id` → `zone.id`.
    #[sea_orm(
        belongs_to = "super::zone::Entity",
        from = "Column::ZoneBId",
        to = "super::zone::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    ZoneB,
}

impl ActiveModelBehavior for ActiveModel {}
