//! The `unit_day` table: a unit's desk bookings on one day, and how many were in its home
//! zones. Never names a person.

use sea_orm::entity::prelude::*;

/// A row of `unit_day`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "unit_day")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub unit_id: i32,
    /// The local day of the building.
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    /// Desk bookings of the unit's people that were not cancelled.
    pub bookings: i32,
    /// Of those, the bookings of a desk in one of the unit's home zones.
    pub home_zone_bookings: i32,
    /// Distinct people behind the bookings.
    pub distinct_people: i32,
}

/// How `unit_day` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `unit_day.unit_id` → `unit.id`.
    #[sea_orm(
        belongs_to = "super::unit::Entity",
        from = "Column::UnitId",
        to = "super::unit::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Unit,
}

impl Related<super::unit::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Unit.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
