//! The `floor` table: a floor of a building, with the size of its plan.

use sea_orm::entity::prelude::*;

/// A row of `floor`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "floor")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub building_id: i32,
    /// Unique per building; 0 is the ground floor.
    pub level: i32,
    pub name: String,
    /// Width of the floor plan in plan units.
    pub plan_width: i32,
    /// Height of the floor plan in plan units.
    pub plan_height: i32,
}

/// How `floor` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `floor.building_id` → `building.id`.
    #[sea_orm(
        belongs_to = "super::building::Entity",
        from = "Column::BuildingId",
        to = "super::building::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Building,
    /// Rows of `zone` pointing here.
    #[sea_orm(has_many = "super::zone::Entity")]
    Zone,
    /// Rows of `room` pointing here.
    #[sea_orm(has_many = "super::room::Entity")]
    Room,
}

impl Related<super::building::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Building.def()
    }
}

impl Related<super::zone::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Zone.def()
    }
}

impl Related<super::room::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Room.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
