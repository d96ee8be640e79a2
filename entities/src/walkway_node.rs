//! The `walkway_node` table: a point of a building's walkway graph on one floor (an entrance,
//! a lift door, stairs, a ramp's end, a corridor point, or a desk or room as an end), named by
//! a key unique in the building.

use sea_orm::entity::prelude::*;

/// What a walkway point is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum WalkwayNodeKind {
    /// A way into the building.
    #[sea_orm(string_value = "entrance")]
    Entrance,
    /// A lift door.
    #[sea_orm(string_value = "lift")]
    Lift,
    /// Stairs.
    #[sea_orm(string_value = "stairs")]
    Stairs,
    /// A ramp's end.
    #[sea_orm(string_value = "ramp")]
    Ramp,
    /// A corridor point.
    #[sea_orm(string_value = "corridor")]
    Corridor,
    /// A desk.
    #[sea_orm(string_value = "desk")]
    Desk,
    /// A room's door.
    #[sea_orm(string_value = "room")]
    Room,
}

/// A row of `walkway_node`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "walkway_node")]
pub struct Model {
    /// Its id.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The building.
    pub building_id: i32,
    /// Its name, unique in the building.
    pub key: String,
    /// What it is.
    pub kind: WalkwayNodeKind,
    /// Its floor.
    pub floor_id: i32,
    /// Position on the floor plan.
    pub x: i32,
    /// Position on the floor plan.
    pub y: i32,
    /// The desk it is, if any.
    pub desk_id: Option<i32>,
    /// The room it is, if any.
    pub room_id: Option<i32>,
}

/// How `walkway_node` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `walkway_node.building_id` → `building.id`.
    #[sea_orm(
        belongs_to = "super::building::Entity",
        from = "Column::BuildingId",
        to = "super::building::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Building,
    /// `walkway_node.floor_id` → `floor.id`.
    #[sea_orm(
        belongs_to = "super::floor::Entity",
        from = "Column::FloorId",
        to = "super::floor::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Floor,
}

impl ActiveModelBehavior for ActiveModel {}
