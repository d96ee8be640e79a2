//! The `unit_affinity` table: two units that work together and should sit close, and how
//! much it matters (1–10). The smaller unit id comes first.

use sea_orm::entity::prelude::*;

/// A row of `unit_affinity`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "unit_affinity")]
pub struct Model {
    /// The unit with the smaller id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub unit_a_id: i32,
    /// The unit with the larger id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub unit_b_id: i32,
    /// 1 (a little) to 10 (a lot).
    pub weight: i32,
}

/// How `unit_affinity` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `unit_affinity.unit_a_id` → `unit.id`.
    #[sea_orm(
        belongs_to = "super::unit::Entity",
        from = "Column::UnitAId",
        to = "super::unit::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    UnitA,
    /// `unit_affinity.unit_b_id` → `unit.id`.
    #[sea_orm(
        belongs_to = "super::unit::Entity",
        from = "Column::UnitBId",
        to = "super::unit::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    UnitB,
}

impl ActiveModelBehavior for ActiveModel {}
