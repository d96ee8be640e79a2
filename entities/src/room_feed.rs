//! The `room_feed` table: a room's calendar feed for groupware (a calendar resource), at most
//! one per room. Only the SHA-256 of its secret token is kept.

use sea_orm::entity::prelude::*;

/// A row of `room_feed`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "room_feed")]
pub struct Model {
    /// The room.
    #[sea_orm(primary_key, auto_increment = false)]
    pub room_id: i32,
    /// The SHA-256 of the feed's token, hex-encoded.
    #[sea_orm(unique)]
    pub token_hash: String,
    /// When it was created.
    pub created_at: DateTimeUtc,
    /// Who created it, while that person exists.
    pub created_by: Option<i32>,
}

/// How `room_feed` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `room_feed.room_id` → `room.id`.
    #[sea_orm(
        belongs_to = "super::room::Entity",
        from = "Column::RoomId",
        to = "super::room::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Room,
    /// `room_feed.created_by` → `person.id`.
    #[sea_orm(
        belongs_to = "super::person::Entity",
        from = "Column::CreatedBy",
        to = "super::person::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Person,
}

impl Related<super::room::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Room.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
