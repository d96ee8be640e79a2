//! The `deputy` table: a counsellor's deputy, who may act on the owner's consultation reservations.

use sea_orm::entity::prelude::*;

/// A row of `deputy`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "deputy")]
pub struct Model {
    /// The counsellor.
    #[sea_orm(primary_key, auto_increment = false)]
    pub owner_id: i32,
    /// Their deputy.
    #[sea_orm(primary_key, auto_increment = false)]
    pub deputy_id: i32,
}

/// How `deputy` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `deputy.owner_id` → `person.id`.
    #[sea_orm(
        belongs_to = "super::person::Entity",
        from = "Column::OwnerId",
        to = "super::person::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Owner,
    /// `deputy.deputy_id` → `person.id`.
    #[sea_orm(
        belongs_to = "super::person::Entity",
        from = "Column::DeputyId",
        to = "super::person::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Deputy,
}

impl ActiveModelBehavior for ActiveModel {}
