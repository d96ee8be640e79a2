//! The `oidc_login` table: a sign-in on its way through an organisation's OpenID Connect
//! provider, between the redirect there and the answer coming back.

use sea_orm::entity::prelude::*;

/// One sign-in in progress.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "oidc_login")]
pub struct Model {
    /// The SHA-256 of the `state` sent to the provider (hex).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The organisation whose provider was asked.
    pub organisation_id: i32,
    /// The nonce the ID token must carry.
    #[sea_orm(column_type = "Text")]
    pub nonce: String,
    /// The PKCE code verifier.
    #[sea_orm(column_type = "Text")]
    pub pkce_verifier: String,
    /// The local path to go to afterwards.
    #[sea_orm(column_type = "Text")]
    pub next_path: String,
    /// When the answer is no longer accepted.
    pub expires_at: DateTimeUtc,
}

/// No relations are navigated from a sign-in in progress.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
