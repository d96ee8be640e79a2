//! The `desk` table: a desk in a zone.

use sea_orm::entity::prelude::*;

/// A row of `desk`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "desk")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub zone_id: i32,
    /// The label on the desk, such as `2.14`; unique in the building.
    #[sea_orm(unique)]
    pub label: String,
    /// Centre of the desk on the plan.
    pub x: i32,
    /// Centre of the desk on the plan.
    pub y: i32,
    pub width: i32,
    pub height: i32,
    /// Degrees clockwise, 0 to 359.
    pub rotation: i32,
    pub has_docking: bool,
    /// 0, 1 or 2.
    pub monitors: i32,
    pub height_adjustable: bool,
    /// Step-free and usable from a wheelchair.
    pub accessible: bool,
    /// Out of use until unblocked.
    pub blocked: bool,
    #[sea_orm(column_type = "Text")]
    pub notes: Option<String>,
}

/// How `desk` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `desk.zone_id` → `zone.id`.
    #[sea_orm(
        belongs_to = "super::zone::Entity",
        from = "Column::ZoneId",
        to = "super::zone::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Zone,
    /// Rows of `desk_booking` pointing here.
    #[sea_orm(has_many = "super::desk_booking::Entity")]
    DeskBooking,
    /// Rows of `sensor` pointing here.
    #[sea_orm(has_many = "super::sensor::Entity")]
    Sensor,
    /// Rows of `block` pointing here.
    #[sea_orm(has_many = "super::block::Entity")]
    Block,
}

impl Related<super::zone::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Zone.def()
    }
}

impl Related<super::desk_booking::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::DeskBooking.def()
    }
}

impl Related<super::sensor::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Sensor.def()
    }
}

impl Related<super::block::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Block.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
