//! The `room` table: a bookable room. `equipment` is a comma-separated list of lower-case keys,
//! such as `screen,whiteboard,video`; empty for none.

use sea_orm::entity::prelude::*;

use crate::enums::PrivacyClass;

/// A row of `room`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "room")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub floor_id: i32,
    pub zone_id: Option<i32>,
    #[sea_orm(unique)]
    pub label: String,
    pub name: String,
    pub capacity: i32,
    /// `protected` rooms show others only that they are taken.
    pub privacy_class: PrivacyClass,
    pub step_free: bool,
    pub hearing_loop: bool,
    /// Comma-separated keys, see above.
    #[sea_orm(column_type = "Text")]
    pub equipment: String,
    /// Minutes kept free before each reservation.
    pub buffer_before_min: i32,
    /// Minutes kept free after each reservation.
    pub buffer_after_min: i32,
    /// The longest reservation the room takes, in minutes; `None`: no limit of its own
    /// (first-consultation rooms then take the default of the entrance zone).
    pub max_slot_minutes: Option<i32>,
    /// Left edge on the plan.
    pub x: i32,
    /// Top edge on the plan.
    pub y: i32,
    pub width: i32,
    pub height: i32,
    /// May be booked at its door display for 15 or 30 minutes from now.
    pub book_now: bool,
}

/// How `room` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `room.floor_id` → `floor.id`.
    #[sea_orm(
        belongs_to = "super::floor::Entity",
        from = "Column::FloorId",
        to = "super::floor::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Floor,
    /// `room.zone_id` → `zone.id`.
    #[sea_orm(
        belongs_to = "super::zone::Entity",
        from = "Column::ZoneId",
        to = "super::zone::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Zone,
    /// Rows of `room_reservation` pointing here.
    #[sea_orm(has_many = "super::room_reservation::Entity")]
    RoomReservation,
    /// Rows of `sensor` pointing here.
    #[sea_orm(has_many = "super::sensor::Entity")]
    Sensor,
    /// Rows of `block` pointing here.
    #[sea_orm(has_many = "super::block::Entity")]
    Block,
}

impl Related<super::floor::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Floor.def()
    }
}

impl Related<super::zone::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Zone.def()
    }
}

impl Related<super::room_reservation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RoomReservation.def()
    }
}

impl Related<super::sensor::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Sensor.def()
    }
}

impl Related<super::block::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Block.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
