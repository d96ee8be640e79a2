//! Single sign-on (OpenID Connect): the buttons of the sign-in page, and what an
//! organisation's administrator says the provider's claims mean when a person is created at
//! their first sign-in.

use serde::{Deserialize, Serialize};

/// An organisation whose people may sign in at its own identity provider: a button of the
/// sign-in page leading to `/auth/oidc/{organisation}/start`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SsoProvider {
    /// The organisation's short name (`organisation.slug`).
    pub organisation: String,
    /// The organisation's name, for the default label ("Mit Stadt Wuppertal anmelden").
    pub organisation_name: String,
    /// The label configured for the button, if any (it then replaces the default).
    pub label: Option<String>,
}

/// What the values of an organisation's claims mean for a person created at their first
/// sign-in (just in time).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct IdentityMapping {
    /// A value of the unit claim and the unit it means; each value at most once.
    pub units: Vec<UnitMapping>,
    /// A group (a value of the groups claim) and a role it gives; a group may give several
    /// roles. Only roles the organisation may grant: `employee`, `counsellor`, `unit_lead`,
    /// `org_admin`.
    pub roles: Vec<RoleMapping>,
}

/// A value of the unit claim and its unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UnitMapping {
    /// The claim's value as the provider sends it ("Amt 40").
    pub value: String,
    /// The unit's short name (`unit.slug`), of the same organisation and open.
    pub unit: String,
}

/// A group and a role it gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RoleMapping {
    /// The group as the provider sends it ("platzwahl-beratung").
    pub group: String,
    /// The role's code: `employee`, `counsellor`, `unit_lead` or `org_admin`.
    pub role: String,
}

/// What the sign-in administration page (`/admin/sign-in`) shows an organisation
/// administrator about their own organisation: whether its people may sign in at its identity
/// provider, the mapping rules, the units and roles a rule may name, and how the directory
/// sync last ran.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SignInAdmin {
    /// The organisation's short name (`organisation.slug`).
    pub organisation: String,
    /// The organisation's name.
    pub organisation_name: String,
    /// Whether a single sign-on provider is configured for the organisation (`[[oidc.providers]]`).
    pub provider: bool,
    /// The mapping rules, by value.
    pub mapping: IdentityMapping,
    /// The organisation's units, by name: what a unit rule may name (closed ones only when a
    /// rule still names them).
    pub units: Vec<UnitOption>,
    /// The role codes a group may give (`employee`, `counsellor`, `unit_lead`, `org_admin`).
    pub roles: Vec<String>,
    /// How the organisation's directory sync last ran, if it ever did.
    pub directory: Option<DirectorySyncStatus>,
}

/// A unit a rule may name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitOption {
    /// `unit.slug`.
    pub slug: String,
    /// The unit's name.
    pub name: String,
    /// Whether the unit is closed (a rule naming it can be removed, not saved).
    pub closed: bool,
}

/// How an organisation's directory sync (LDAP) last ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectorySyncStatus {
    /// When the last run started.
    pub started_at: chrono::DateTime<chrono::Utc>,
    /// When it ended; `None` while it runs.
    pub finished_at: Option<chrono::DateTime<chrono::Utc>>,
    /// `running`, `ok`, `failed` (the directory could not be read or the changes not
    /// written: nothing changed) or `refused` (too many leavers at once: nothing changed).
    pub outcome: String,
    /// What the last run that wrote changes changed, if one did.
    pub last_changes: Option<DirectoryChanges>,
}

/// What a run of the directory sync changed (the counts of its audit entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DirectoryChanges {
    /// When the changes were written.
    pub at: chrono::DateTime<chrono::Utc>,
    /// Entries the directory returned.
    pub entries: u64,
    /// People created.
    pub created: u64,
    /// People whose name, e-mail address or badges changed.
    pub updated: u64,
    /// People moved to another unit.
    pub moved: u64,
    /// People whose roles changed.
    pub roles_changed: u64,
    /// People reactivated.
    pub reactivated: u64,
    /// People deactivated.
    pub deactivated: u64,
    /// Entries that could not be taken (no usable name or address, a unit value without a
    /// unit).
    pub problems: u64,
}
