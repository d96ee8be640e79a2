//! The `occupancy_hourly` table: aggregated use of a zone in one UTC hour, for facility reports.
//! Never names a person.

use sea_orm::entity::prelude::*;

/// A row of `occupancy_hourly`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "occupancy_hourly")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub zone_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub hour_start: DateTimeUtc,
    pub booked_desk_hours: i32,
    pub occupied_desk_hours: i32,
    pub occupied_unbooked_desk_hours: i32,
    pub no_shows: i32,
    pub distinct_people: i32,
}

/// How `occupancy_hourly` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `occupancy_hourly.zone_id` → `zone.id`.
    #[sea_orm(
        belongs_to = "super::zone::Entity",
        from = "Column::ZoneId",
        to = "super::zone::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Zone,
}

impl Related<super::zone::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Zone.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
