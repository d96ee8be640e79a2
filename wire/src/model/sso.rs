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
