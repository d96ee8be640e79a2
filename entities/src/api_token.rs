//! The `api_token` table: a token for the REST API or the iCal feed, stored as a hash. A `device`
//! token has no person.

use sea_orm::entity::prelude::*;

use crate::enums::ApiTokenKind;

/// A row of `api_token`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_token")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub person_id: Option<i32>,
    pub kind: ApiTokenKind,
    pub name: String,
    #[sea_orm(unique)]
    pub token_hash: String,
    /// Space-separated scopes.
    pub scopes: String,
    pub created_at: DateTimeUtc,
    pub last_used_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
    /// Personal tokens end then (at most a year after they were made); `NULL` for device and
    /// calendar tokens, which end only when revoked.
    pub expires_at: Option<DateTimeUtc>,
}

/// How `api_token` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `api_token.person_id` → `person.id`.
    #[sea_orm(
        belongs_to = "super::person::Entity",
        from = "Column::PersonId",
        to = "super::person::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Person,
}

impl Related<super::person::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Person.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
