//! The `desk_booking` table: a booking of a desk for a day or half-day. An active booking has its
//! rows in `desk_booking_half`; cancelling or releasing one deletes them.

use sea_orm::entity::prelude::*;

use crate::enums::{BookingSource, DeskBookingStatus, Slot};

/// A row of `desk_booking`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "desk_booking")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub desk_id: i32,
    /// `None` once anonymised.
    pub person_id: Option<i32>,
    /// The local day of the building.
    pub day: Date,
    pub slot: Slot,
    pub status: DeskBookingStatus,
    pub source: BookingSource,
    pub created_at: DateTimeUtc,
    pub cancelled_at: Option<DateTimeUtc>,
    pub checked_in_at: Option<DateTimeUtc>,
}

/// How `desk_booking` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `desk_booking.desk_id` → `desk.id`.
    #[sea_orm(
        belongs_to = "super::desk::Entity",
        from = "Column::DeskId",
        to = "super::desk::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Desk,
    /// `desk_booking.person_id` → `person.id`.
    #[sea_orm(
        belongs_to = "super::person::Entity",
        from = "Column::PersonId",
        to = "super::person::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Person,
    /// Rows of `desk_booking_half` pointing here.
    #[sea_orm(has_many = "super::desk_booking_half::Entity")]
    DeskBookingHalf,
    /// Rows of `check_in` pointing here.
    #[sea_orm(has_many = "super::check_in::Entity")]
    CheckIn,
}

impl Related<super::desk::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Desk.def()
    }
}

impl Related<super::person::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Person.def()
    }
}

impl Related<super::desk_booking_half::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::DeskBookingHalf.def()
    }
}

impl Related<super::check_in::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CheckIn.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
