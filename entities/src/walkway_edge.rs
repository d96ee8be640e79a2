//! The `walkway_edge` table: two points of a walkway graph one can go between, in both
//! directions, and how (`walk`, `stairs`, `lift`, `ramp`; all but stairs are step-free).

use sea_orm::entity::prelude::*;

/// How one gets along a walkway edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum WalkwayEdgeKind {
    /// Walking on the level.
    #[sea_orm(string_value = "walk")]
    Walk,
    /// Stairs.
    #[sea_orm(string_value = "stairs")]
    Stairs,
    /// A lift.
    #[sea_orm(string_value = "lift")]
    Lift,
    /// A ramp.
    #[sea_orm(string_value = "ramp")]
    Ramp,
}

/// A row of `walkway_edge`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "walkway_edge")]
pub struct Model {
    /// Its id.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// One end.
    pub from_node_id: i32,
    /// The other end.
    pub to_node_id: i32,
    /// How one gets along it.
    pub kind: WalkwayEdgeKind,
}

/// How `walkway_edge` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `walkway_edge.from_node_id` → `walkway_node.id`.
    #[sea_orm(
        belongs_to = "super::walkway_node::Entity",
        from = "Column::FromNodeId",
        to = "super::walkway_node::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    From,
    /// `walkway_edge.to_node_id` → `walkway_node.id`.
    #[sea_orm(
        belongs_to = "super::walkway_node::Entity",
        from = "Column::ToNodeId",
        to = "super::walkway_node::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    To,
}

impl ActiveModelBehavior for ActiveModel {}
