//! The `block` table: desks, a zone or a room taken out of use from `from_day` to `to_day`
//! inclusive. At most one of `desk_id`, `zone_id`, `room_id` is set; none set closes the whole
//! building.

use sea_orm::entity::prelude::*;

/// A row of `block`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "block")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub desk_id: Option<i32>,
    pub zone_id: Option<i32>,
    pub room_id: Option<i32>,
    pub from_day: Date,
    /// Inclusive.
    pub to_day: Date,
    pub reason: String,
}

/// How `block` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `block.desk_id` → `desk.id`.
    #[sea_orm(
        belongs_to = "super::desk::Entity",
        from = "Column::DeskId",
        to = "super::desk::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Desk,
    /// `block.zone_id` → `zone.id`.
    #[sea_orm(
        belongs_to = "super::zone::Entity",
        from = "Column::ZoneId",
        to = "super::zone::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Zone,
    /// `block.room_id` → `room.id`.
    #[sea_orm(
        belongs_to = "super::room::Entity",
        from = "Column::RoomId",
        to = "super::room::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Room,
}

impl Related<super::desk::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Desk.def()
    }
}

impl Related<super::zone::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Zone.def()
    }
}

impl Related<super::room::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Room.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
