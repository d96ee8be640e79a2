//! The `room_day` table: how the rooms of one privacy class were used on one day, in
//! quarter-hours. Never names a person.

use sea_orm::entity::prelude::*;

use crate::enums::PrivacyClass;

/// A row of `room_day`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "room_day")]
pub struct Model {
    /// The local day of the building.
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    #[sea_orm(primary_key, auto_increment = false)]
    pub privacy_class: PrivacyClass,
    /// Rooms of the class.
    pub rooms: i32,
    /// Quarter-hours reserved (not cancelled).
    pub reserved_quarters: i32,
    /// Quarter-hours of reservations that were checked in.
    pub used_quarters: i32,
    /// Reservations released as no-shows.
    pub released: i32,
    /// Distinct people who reserved.
    pub distinct_people: i32,
}

/// `room_day` has no relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
