//! The `reservation_series` table: a repeating room reservation. `rule` is `weekly:<n>`: every n-th
//! week on the weekday of the first reservation, until `until_day`.

use sea_orm::entity::prelude::*;

/// A row of `reservation_series`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reservation_series")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub owner_id: i32,
    pub room_id: i32,
    pub rule: String,
    /// Inclusive.
    pub until_day: Date,
    pub created_at: DateTimeUtc,
}

/// How `reservation_series` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `reservation_series.owner_id` → `person.id`.
    #[sea_orm(
        belongs_to = "super::person::Entity",
        from = "Column::OwnerId",
        to = "super::person::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Owner,
    /// `reservation_series.room_id` → `room.id`.
    #[sea_orm(
        belongs_to = "super::room::Entity",
        from = "Column::RoomId",
        to = "super::room::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Room,
    /// Rows of `room_reservation` pointing here.
    #[sea_orm(has_many = "super::room_reservation::Entity")]
    RoomReservation,
}

impl Related<super::room::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Room.def()
    }
}

impl Related<super::room_reservation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RoomReservation.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
