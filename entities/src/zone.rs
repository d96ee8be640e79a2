//! The `zone` table: a zone of a floor: a rectangle on the plan holding desks.

use sea_orm::entity::prelude::*;

use crate::enums::ZoneKind;

/// A row of `zone`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "zone")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub floor_id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    pub kind: ZoneKind,
    /// Left edge of the zone on the plan.
    pub x: i32,
    /// Top edge of the zone on the plan.
    pub y: i32,
    pub width: i32,
    pub height: i32,
    /// Walking distance to the nearest lift, in metres.
    pub distance_to_lift_m: i32,
}

/// How `zone` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `zone.floor_id` → `floor.id`.
    #[sea_orm(
        belongs_to = "super::floor::Entity",
        from = "Column::FloorId",
        to = "super::floor::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Floor,
    /// Rows of `desk` pointing here.
    #[sea_orm(has_many = "super::desk::Entity")]
    Desk,
    /// Rows of `home_zone` pointing here.
    #[sea_orm(has_many = "super::home_zone::Entity")]
    HomeZone,
    /// Rows of `room` pointing here.
    #[sea_orm(has_many = "super::room::Entity")]
    Room,
    /// Rows of `occupancy_hourly` pointing here.
    #[sea_orm(has_many = "super::occupancy_hourly::Entity")]
    OccupancyHourly,
}

impl Related<super::floor::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Floor.def()
    }
}

impl Related<super::desk::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Desk.def()
    }
}

impl Related<super::home_zone::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::HomeZone.def()
    }
}

impl Related<super::room::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Room.def()
    }
}

impl Related<super::occupancy_hourly::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OccupancyHourly.def()
    }
}

/// The units calling this zone home, via `home_zone`.
impl Related<super::unit::Entity> for Entity {
    fn to() -> RelationDef {
        super::home_zone::Relation::Unit.def()
    }

    fn via() -> Option<RelationDef> {
        Some(super::home_zone::Relation::Zone.def().rev())
    }
}

impl ActiveModelBehavior for ActiveModel {}
