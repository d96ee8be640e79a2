//! The `badge_reader` table: a badge reader bound to exactly one desk, zone or room. Over MQTT it
//! is known by its `code` (the last level of its topic); over the REST API by its device token.

use sea_orm::entity::prelude::*;

/// A row of `badge_reader`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "badge_reader")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub code: String,
    pub desk_id: Option<i32>,
    pub zone_id: Option<i32>,
    pub room_id: Option<i32>,
    /// The device token it calls the REST API with; `None` for an MQTT-only reader.
    #[sea_orm(unique)]
    pub api_token_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

/// How `badge_reader` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `badge_reader.desk_id` → `desk.id`.
    #[sea_orm(
        belongs_to = "super::desk::Entity",
        from = "Column::DeskId",
        to = "super::desk::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Desk,
    /// `badge_reader.zone_id` → `zone.id`.
    #[sea_orm(
        belongs_to = "super::zone::Entity",
        from = "Column::ZoneId",
        to = "super::zone::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Zone,
    /// `badge_reader.room_id` → `room.id`.
    #[sea_orm(
        belongs_to = "super::room::Entity",
        from = "Column::RoomId",
        to = "super::room::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Room,
    /// `badge_reader.api_token_id` → `api_token.id`.
    #[sea_orm(
        belongs_to = "super::api_token::Entity",
        from = "Column::ApiTokenId",
        to = "super::api_token::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    ApiToken,
}

impl ActiveModelBehavior for ActiveModel {}
