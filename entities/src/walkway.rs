//! The `walkway` table: a building whose administrators drew its walkway graph, and the scale
//! of its floor plans (centimetres per plan unit). Its points are in [`super::walkway_node`],
//! its edges in [`super::walkway_edge`].

use sea_orm::entity::prelude::*;

/// A row of `walkway`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "walkway")]
pub struct Model {
    /// The building.
    #[sea_orm(primary_key, auto_increment = false)]
    pub building_id: i32,
    /// Centimetres per unit of its floor plans.
    pub cm_per_unit: i32,
}

/// How `walkway` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `walkway.building_id` → `building.id`.
    #[sea_orm(
        belongs_to = "super::building::Entity",
        from = "Column::BuildingId",
        to = "super::building::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Building,
}

impl ActiveModelBehavior for ActiveModel {}
