//! The `oidc_session` table: a browser session that began at an organisation's OpenID Connect
//! provider (signing out then also signs out there, where the provider offers it).

use sea_orm::entity::prelude::*;

/// A row of `oidc_session`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "oidc_session")]
pub struct Model {
    /// `web_session.id`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub session_id: i32,
    /// The organisation whose provider signed the person in.
    pub organisation_id: i32,
}

/// No relations are navigated from it.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
