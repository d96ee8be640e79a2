//! The `invitation` table: an invitation to set up sign-in, stored as a hash of its token.

use sea_orm::entity::prelude::*;

/// A row of `invitation`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invitation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Who is invited.
    pub person_id: i32,
    #[sea_orm(unique)]
    pub token_hash: String,
    /// Who invited them.
    pub created_by: Option<i32>,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
}

/// How `invitation` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `invitation.person_id` → `person.id`.
    #[sea_orm(
        belongs_to = "super::person::Entity",
        from = "Column::PersonId",
        to = "super::person::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Person,
    /// `invitation.created_by` → `person.id`.
    #[sea_orm(
        belongs_to = "super::person::Entity",
        from = "Column::CreatedBy",
        to = "super::person::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    CreatedBy,
}

impl ActiveModelBehavior for ActiveModel {}
