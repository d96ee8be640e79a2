//! The wire types of identity: who is signed in, their passkeys and tokens, demo people,
//! invitations.

use serde::{Deserialize, Serialize};

/// The signed-in person, as pages and `GET /api/v1/me` show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    /// `person.id`.
    pub id: i32,
    /// Name shown on pages.
    pub name: String,
    /// Name of the organisation.
    pub organisation: String,
    /// Name of the unit, if any.
    pub unit: Option<String>,
    /// Role codes (`employee`, `counsellor`, `unit_lead`, `facility_manager`, `org_admin`,
    /// `building_admin`).
    pub roles: Vec<String>,
}

/// One of the signed-in person's passkeys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyView {
    /// `passkey.id`.
    pub id: i32,
    /// The name the person gave it.
    pub name: String,
    /// When it was registered (RFC 3339).
    pub created_at: String,
    /// When it was last used to sign in (RFC 3339), if ever.
    pub last_used_at: Option<String>,
}

/// One access token (never the token itself, which is shown only once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenView {
    /// `api_token.id`.
    pub id: i32,
    /// The name it was given.
    pub name: String,
    /// Its scopes (`read`, `book`, `admin`, `checkin`).
    pub scopes: Vec<String>,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// When it was last used (RFC 3339), if ever.
    pub last_used_at: Option<String>,
}

/// A token just created: the only time the token itself is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedToken {
    /// `api_token.id`.
    pub id: i32,
    /// The token, to be copied now.
    pub token: String,
}

/// The account page: who, and their passkeys and tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    /// The person.
    pub me: Me,
    /// Their passkeys.
    pub passkeys: Vec<PasskeyView>,
    /// Their personal access tokens that are not revoked.
    pub tokens: Vec<TokenView>,
}

/// A demo person one may sign in as (demo mode only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoPerson {
    /// `person.id`.
    pub id: i32,
    /// Name.
    pub name: String,
    /// Name of the organisation.
    pub organisation: String,
    /// Name of the unit.
    pub unit: Option<String>,
    /// Role codes.
    pub roles: Vec<String>,
}

/// What an invitation link is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationView {
    /// The invited person's name.
    pub name: String,
    /// Until when the link works (RFC 3339).
    pub expires_at: String,
}
