//! The `check_in` table: a check-in at a desk booking, a room reservation, or neither (a walk-in).

use sea_orm::entity::prelude::*;

use crate::enums::CheckInMethod;

/// A row of `check_in`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "check_in")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub person_id: Option<i32>,
    pub desk_booking_id: Option<i64>,
    pub room_reservation_id: Option<i64>,
    pub method: CheckInMethod,
    pub at: DateTimeUtc,
}

/// How `check_in` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `check_in.person_id` → `person.id`.
    #[sea_orm(
        belongs_to = "super::person::Entity",
        from = "Column::PersonId",
        to = "super::person::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Person,
    /// `check_in.desk_booking_id` → `desk_booking.id`.
    #[sea_orm(
        belongs_to = "super::desk_booking::Entity",
        from = "Column::DeskBookingId",
        to = "super::desk_booking::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    DeskBooking,
    /// `check_in.room_reservation_id` → `room_reservation.id`.
    #[sea_orm(
        belongs_to = "super::room_reservation::Entity",
        from = "Column::RoomReservationId",
        to = "super::room_reservation::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    RoomReservation,
}

impl Related<super::person::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Person.def()
    }
}

impl Related<super::desk_booking::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::DeskBooking.def()
    }
}

impl Related<super::room_reservation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RoomReservation.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
