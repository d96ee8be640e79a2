//! The `walk_in_hour` table: how many walk-ins the front desk found a room for, per building and
//! UTC hour, for the reports. Counts only: never a person, a reservation or a citizen.

use sea_orm::entity::prelude::*;

/// A row of `walk_in_hour`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "walk_in_hour")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub building_id: i32,
    /// The start of the UTC hour.
    #[sea_orm(primary_key, auto_increment = false)]
    pub hour_start: DateTimeUtc,
    /// Walk-ins given a room in that hour.
    pub count: i32,
}

/// How `walk_in_hour` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `walk_in_hour.building_id` → `building.id`.
    #[sea_orm(
        belongs_to = "super::building::Entity",
        from = "Column::BuildingId",
        to = "super::building::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Building,
}

impl Related<super::building::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Building.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
