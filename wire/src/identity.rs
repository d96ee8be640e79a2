//! The wire types of identity: who is signed in, their passkeys and tokens, demo people,
//! invitations.

use serde::{Deserialize, Serialize};

/// The signed-in person, as pages and `GET /api/v1/me` show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
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
    /// When it ends (RFC 3339); personal tokens always end, device tokens when revoked.
    pub expires_at: Option<String>,
}

/// A token just created: the only time the token itself is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
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
    /// Their open browser sessions, newest first.
    pub sessions: Vec<SessionView>,
}

/// An open browser session of the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct SessionView {
    /// `web_session.id`.
    pub id: i32,
    /// When it began (RFC 3339).
    pub created_at: String,
    /// When it was last used (RFC 3339, to the minute).
    pub last_seen_at: String,
    /// When it ends at the latest (RFC 3339).
    pub expires_at: String,
    /// Whether it is the session asking.
    pub current: bool,
}

/// A demo person one may sign in as (demo mode only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct InvitationView {
    /// The invited person's name.
    pub name: String,
    /// Until when the link works (RFC 3339).
    pub expires_at: String,
}

/// Whether `path` is a path of this site that is safe to send a browser to after signing in
/// or switching the language: it starts with one `/`, and has no `//`, no backslash, no
/// control character and none of these percent-encoded (nor a percent-encoded `%`), since
/// browsers strip tabs and newlines and read `\` as `/`, turning `/\t/evil.example` into the
/// other site `//evil.example`.
pub fn is_local_path(path: &str) -> bool {
    if !path.starts_with('/')
        || path.contains("//")
        || path.contains('\\')
        || path.chars().any(char::is_control)
    {
        return false;
    }
    let bytes = path.as_bytes();
    !bytes.iter().enumerate().any(|(i, byte)| {
        *byte == b'%'
            && bytes
                .get(i + 1..i + 3)
                .and_then(|hex| std::str::from_utf8(hex).ok())
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                .is_none_or(|decoded| {
                    decoded < 0x20 || matches!(decoded, 0x7f | b'/' | b'\\' | b'%')
                })
    })
}

#[cfg(test)]
mod tests {
    use super::is_local_path;

    #[test]
    fn only_plain_local_paths_are_followed() {
        assert!(is_local_path("/"));
        assert!(is_local_path("/floors/2?desk=5&day=2026-12-04"));
        assert!(is_local_path("/find?q=M%C3%BCller%20Raum"));
        for bypass in [
            "",
            "floors",
            "//evil.example/",
            "https://evil.example/",
            "/\\evil.example",
            "/\\/evil.example",
            "/\t/evil.example",
            "/\n/x",
            "/\r\n/x",
            "/%09/evil.example",
            "/%0a/x",
            "/%0D%0A/x",
            "/%2F/evil.example",
            "/%2f%2fevil.example",
            "/%5C/evil.example",
            "/%5c%5cevil.example",
            "/%252F%252Fevil.example",
            "/a//b",
            "/%",
            "/%zz",
            "/\u{7f}x",
        ] {
            assert!(!is_local_path(bypass), "{bypass:?} must be refused");
        }
    }
}
