//! The `zone_plan_home` table: a home zone a stored plan gives a unit, in order of preference.

use sea_orm::entity::prelude::*;

/// A row of `zone_plan_home`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "zone_plan_home")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub plan_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub unit_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub zone_id: i32,
    /// 1 is the first choice.
    pub priority: i32,
}

/// How `zone_plan_home` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
