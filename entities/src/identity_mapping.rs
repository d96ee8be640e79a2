//! The `identity_mapping` table: what a claim value of an organisation's identity provider
//! means when a person is created at their first sign-in: a unit, or a role.

use sea_orm::entity::prelude::*;

use crate::enums::Role;

/// A row of `identity_mapping`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "identity_mapping")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The organisation whose administrator keeps the mapping.
    pub organisation_id: i32,
    /// `unit` (a value of the unit claim) or `role` (a group).
    pub kind: String,
    /// The claim's value, as the provider sends it.
    pub claim_value: String,
    /// For `unit`: the unit, of the same organisation.
    pub unit_id: Option<i32>,
    /// For `role`: a role the organisation may grant.
    pub role: Option<Role>,
}

/// No relations are navigated from a mapping.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
