//! The `desk_booking_half` table: a half-day held by an active desk booking; `half` 0 is the
//! morning, 1 the afternoon. The unique indexes on `(day, desk_id, half)` and `(person_id, day,
//! half)` refuse double bookings.

use sea_orm::entity::prelude::*;

/// A row of `desk_booking_half`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "desk_booking_half")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub booking_id: i64,
    /// Copied from the booking.
    pub desk_id: i32,
    /// Copied from the booking; keep in step when anonymising.
    pub person_id: Option<i32>,
    /// Copied from the booking.
    pub day: Date,
    /// [`MORNING`] or [`AFTERNOON`].
    #[sea_orm(primary_key, auto_increment = false)]
    pub half: i16,
}

/// How `desk_booking_half` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `desk_booking_half.booking_id` → `desk_booking.id`.
    #[sea_orm(
        belongs_to = "super::desk_booking::Entity",
        from = "Column::BookingId",
        to = "super::desk_booking::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Booking,
    /// `desk_booking_half.desk_id` → `desk.id`.
    #[sea_orm(
        belongs_to = "super::desk::Entity",
        from = "Column::DeskId",
        to = "super::desk::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Desk,
    /// `desk_booking_half.person_id` → `person.id`.
    #[sea_orm(
        belongs_to = "super::person::Entity",
        from = "Column::PersonId",
        to = "super::person::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Person,
}

impl Related<super::desk_booking::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Booking.def()
    }
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

impl ActiveModelBehavior for ActiveModel {}

/// `half` of a morning.
pub const MORNING: i16 = 0;
/// `half` of an afternoon.
pub const AFTERNOON: i16 = 1;
