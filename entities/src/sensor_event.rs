//! The `sensor_event` table: a raw sensor message, kept briefly for diagnosis.

use sea_orm::entity::prelude::*;

/// A row of `sensor_event`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sensor_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub sensor_id: i32,
    /// `None`: the message said nothing about presence.
    pub occupied: Option<bool>,
    pub received_at: DateTimeUtc,
}

/// How `sensor_event` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `sensor_event.sensor_id` → `sensor.id`.
    #[sea_orm(
        belongs_to = "super::sensor::Entity",
        from = "Column::SensorId",
        to = "super::sensor::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Sensor,
}

impl Related<super::sensor::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Sensor.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
