//! The `home_zone` table: a home zone of a unit, in order of preference.

use sea_orm::entity::prelude::*;

/// A row of `home_zone`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "home_zone")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub unit_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub zone_id: i32,
    /// 1 is the first choice.
    pub priority: i32,
}

/// How `home_zone` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `home_zone.unit_id` → `unit.id`.
    #[sea_orm(
        belongs_to = "super::unit::Entity",
        from = "Column::UnitId",
        to = "super::unit::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Unit,
    /// `home_zone.zone_id` → `zone.id`.
    #[sea_orm(
        belongs_to = "super::zone::Entity",
        from = "Column::ZoneId",
        to = "super::zone::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Zone,
}

impl Related<super::unit::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Unit.def()
    }
}

impl Related<super::zone::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Zone.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
