//! The `sensor` table: an occupancy sensor, watching at most one desk or one room.

use sea_orm::entity::prelude::*;

use crate::enums::SensorProtocol;

/// A row of `sensor`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sensor")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// How ingestion finds the sensor: its topic, devEUI or device id.
    #[sea_orm(unique)]
    pub device_key: String,
    pub model: String,
    pub protocol: SensorProtocol,
    pub desk_id: Option<i32>,
    pub room_id: Option<i32>,
    /// 0 to 100.
    pub battery_pct: Option<i32>,
    pub last_seen_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

/// How `sensor` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `sensor.desk_id` → `desk.id`.
    #[sea_orm(
        belongs_to = "super::desk::Entity",
        from = "Column::DeskId",
        to = "super::desk::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Desk,
    /// `sensor.room_id` → `room.id`.
    #[sea_orm(
        belongs_to = "super::room::Entity",
        from = "Column::RoomId",
        to = "super::room::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Room,
    /// Rows of `sensor_state` pointing here.
    #[sea_orm(has_one = "super::sensor_state::Entity")]
    SensorState,
    /// Rows of `sensor_event` pointing here.
    #[sea_orm(has_many = "super::sensor_event::Entity")]
    SensorEvent,
}

impl Related<super::desk::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Desk.def()
    }
}

impl Related<super::room::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Room.def()
    }
}

impl Related<super::sensor_state::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SensorState.def()
    }
}

impl Related<super::sensor_event::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SensorEvent.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
