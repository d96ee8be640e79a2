//! The `sensor_state` table: the debounced presence a sensor reports now.

use sea_orm::entity::prelude::*;

use crate::enums::Presence;

/// A row of `sensor_state`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sensor_state")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub sensor_id: i32,
    pub state: Presence,
    /// When `state` last changed.
    pub changed_at: DateTimeUtc,
    pub last_message_at: Option<DateTimeUtc>,
}

/// How `sensor_state` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `sensor_state.sensor_id` → `sensor.id`.
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
