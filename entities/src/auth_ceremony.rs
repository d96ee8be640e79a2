//! The `auth_ceremony` table: a passkey registration or sign-in between its two steps.

use sea_orm::entity::prelude::*;

/// One ceremony in progress.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "auth_ceremony")]
pub struct Model {
    /// A random identifier, handed to the browser with the challenge.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// `register` or `sign_in`.
    pub kind: String,
    /// The webauthn-rs ceremony state as JSON.
    #[sea_orm(column_type = "Text")]
    pub state: String,
    /// For a registration: the person the passkey is for.
    pub person_id: Option<i32>,
    /// For a registration by invitation: the invitation it uses up.
    pub invitation_id: Option<i32>,
    /// When the ceremony can no longer be finished.
    pub expires_at: DateTimeUtc,
}

/// No relations are navigated from a ceremony.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
