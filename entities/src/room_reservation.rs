//! The `room_reservation` table: a reservation of a room for a time range (UTC). An active
//! reservation has its cells in `room_reservation_quarter`; cancelling or releasing one deletes
//! them.

use sea_orm::entity::prelude::*;

use crate::enums::ReservationStatus;

/// A row of `room_reservation`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "room_reservation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub room_id: i32,
    /// `None` once anonymised.
    pub owner_id: Option<i32>,
    pub series_id: Option<i32>,
    pub starts_at: DateTimeUtc,
    /// Exclusive.
    pub ends_at: DateTimeUtc,
    /// Never shown to others for protected rooms.
    pub subject: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub notes: Option<String>,
    pub attendees: Option<i32>,
    pub status: ReservationStatus,
    pub created_at: DateTimeUtc,
    pub checked_in_at: Option<DateTimeUtc>,
}

/// How `room_reservation` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `room_reservation.room_id` → `room.id`.
    #[sea_orm(
        belongs_to = "super::room::Entity",
        from = "Column::RoomId",
        to = "super::room::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Room,
    /// `room_reservation.owner_id` → `person.id`.
    #[sea_orm(
        belongs_to = "super::person::Entity",
        from = "Column::OwnerId",
        to = "super::person::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Owner,
    /// `room_reservation.series_id` → `reservation_series.id`.
    #[sea_orm(
        belongs_to = "super::reservation_series::Entity",
        from = "Column::SeriesId",
        to = "super::reservation_series::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Series,
    /// Rows of `room_reservation_quarter` pointing here.
    #[sea_orm(has_many = "super::room_reservation_quarter::Entity")]
    RoomReservationQuarter,
    /// Rows of `check_in` pointing here.
    #[sea_orm(has_many = "super::check_in::Entity")]
    CheckIn,
}

impl Related<super::room::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Room.def()
    }
}

impl Related<super::person::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Owner.def()
    }
}

impl Related<super::reservation_series::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Series.def()
    }
}

impl Related<super::room_reservation_quarter::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RoomReservationQuarter.def()
    }
}

impl Related<super::check_in::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CheckIn.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
