//! Single sign-on (OpenID Connect): who a verified ID token is, and the mapping of claim values
//! to units and roles that an organisation's administrator keeps.
//!
//! The web layer verifies the provider's answer (signature, issuer, audience, expiry, nonce)
//! and hands the claims here as [`VerifiedClaims`]; [`match_person`] finds the person:
//!
//! 1. by the provider's subject (`person_identity`: issuer and subject);
//! 2. on the first sign-in, by e-mail address, within the provider's organisation only (and not
//!    when the provider says the address is unverified); the subject is then stored;
//! 3. if the organisation allows it (just in time), a new person of the organisation, whose
//!    unit and roles come from [`IdentityMapping`]: only roles the organisation may grant
//!    ([`crate::people::GRANTABLE`]; the database refuses any other), `employee` when no group
//!    maps to a role.
//!
//! A deactivated person is never signed in, nor a person of another organisation.

use chrono::Utc;
use entities::enums::Role;
use entities::{identity_mapping, organisation, person, person_identity, unit};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use wire::model::sso::{IdentityMapping, RoleMapping, UnitMapping};

use crate::audit::{self, Event};
use crate::auth::{Permission, Principal};
use crate::db::begin_write;
use crate::error::Error;
use crate::people::GRANTABLE;

/// The longest claim value a mapping keeps (the database checks it too).
const MAX_VALUE: usize = 255;

/// An organisation with a single sign-on provider configured, and its button's label if set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Configured {
    /// `organisation.slug`.
    pub organisation: String,
    /// The configured label, replacing "Mit `name` anmelden".
    pub label: Option<String>,
}

/// The sign-in page's buttons: the configured providers whose organisation exists.
pub async fn providers(
    db: &impl ConnectionTrait,
    configured: &[Configured],
) -> Result<Vec<wire::model::sso::SsoProvider>, Error> {
    if configured.is_empty() {
        return Ok(Vec::new());
    }
    let orgs = organisation::Entity::find()
        .filter(organisation::Column::Slug.is_in(configured.iter().map(|c| c.organisation.clone())))
        .all(db)
        .await?;
    Ok(configured
        .iter()
        .filter_map(|c| {
            let org = orgs.iter().find(|org| org.slug == c.organisation)?;
            Some(wire::model::sso::SsoProvider {
                organisation: org.slug.clone(),
                organisation_name: org.name.clone(),
                label: c.label.clone(),
            })
        })
        .collect())
}

/// What a verified ID token (and, where used, the user info) says about the person.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerifiedClaims {
    /// The provider's issuer URL.
    pub issuer: String,
    /// The provider's identifier of the person.
    pub subject: String,
    /// The e-mail address, if the provider sent one.
    pub email: Option<String>,
    /// Whether the provider says the address is verified (`None`: it did not say).
    pub email_verified: Option<bool>,
    /// The person's name, if sent.
    pub name: Option<String>,
    /// The value of the unit claim, if configured and sent.
    pub unit: Option<String>,
    /// The values of the groups claim.
    pub groups: Vec<String>,
}

/// Why a verified identity does not sign anybody in here.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// Nobody of this organisation has this identity or address, and nobody is created.
    #[error("no person of this organisation is known by this identity")]
    UnknownPerson,
    /// The person is deactivated.
    #[error("the person is deactivated")]
    Deactivated,
    /// The address (or identity) belongs to a person of another organisation.
    #[error("the identity belongs to another organisation")]
    OtherOrganisation,
    /// The person is linked to another subject of this provider already.
    #[error("the person is linked to another account of this provider")]
    LinkedElsewhere,
    /// The claims cannot make a person (no usable name or address).
    #[error("the provider's claims cannot make a person: {0}")]
    Unusable(String),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sea_orm::DbErr),
}

impl Refusal {
    /// A short, stable code for logs, the audit log and the sign-in page.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::UnknownPerson => "unknown_person",
            Refusal::Deactivated => "deactivated",
            Refusal::OtherOrganisation => "other_organisation",
            Refusal::LinkedElsewhere => "linked_elsewhere",
            Refusal::Unusable(_) => "unusable_claims",
            Refusal::Database(_) => "database",
        }
    }
}

/// The active person of `organisation_id` that `claims` name, found or (with `just_in_time`)
/// created; see the module's description.
pub async fn match_person(
    db: &DatabaseConnection,
    organisation_id: i32,
    claims: &VerifiedClaims,
    just_in_time: bool,
) -> Result<person::Model, Refusal> {
    if let Some(identity) = person_identity::Entity::find()
        .filter(person_identity::Column::Issuer.eq(&claims.issuer))
        .filter(person_identity::Column::Subject.eq(&claims.subject))
        .one(db)
        .await?
    {
        let person = person::Entity::find_by_id(identity.person_id)
            .one(db)
            .await?
            .ok_or(Refusal::UnknownPerson)?;
        return usable(person, organisation_id);
    }
    let email = claims
        .email
        .as_deref()
        .map(|email| email.trim().to_lowercase())
        .filter(|email| !email.is_empty());
    if let Some(email) = &email
        && claims.email_verified != Some(false)
        && let Some(person) = person::Entity::find()
            .filter(person::Column::Email.eq(email))
            .one(db)
            .await?
    {
        let person = usable(person, organisation_id)?;
        link(db, &person, claims).await?;
        return Ok(person);
    }
    if !just_in_time {
        return Err(Refusal::UnknownPerson);
    }
    create(db, organisation_id, claims, email).await
}

/// `person` if it is active and of `organisation_id`.
fn usable(person: person::Model, organisation_id: i32) -> Result<person::Model, Refusal> {
    if person.organisation_id != organisation_id {
        return Err(Refusal::OtherOrganisation);
    }
    if !person.active {
        return Err(Refusal::Deactivated);
    }
    Ok(person)
}

/// Stores that `claims`' subject is `person`.
async fn link(
    db: &impl ConnectionTrait,
    person: &person::Model,
    claims: &VerifiedClaims,
) -> Result<(), Refusal> {
    person_identity::ActiveModel {
        person_id: Set(person.id),
        organisation_id: Set(person.organisation_id),
        issuer: Set(claims.issuer.clone()),
        subject: Set(claims.subject.clone()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|err| match err.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => Refusal::LinkedElsewhere,
        _ => Refusal::Database(err),
    })?;
    Ok(())
}

/// Creates the person `claims` describe in `organisation_id`, with the mapped unit and roles,
/// and links the identity, in one transaction.
async fn create(
    db: &DatabaseConnection,
    organisation_id: i32,
    claims: &VerifiedClaims,
    email: Option<String>,
) -> Result<person::Model, Refusal> {
    let name = claims
        .name
        .as_deref()
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .or_else(|| email.as_deref().and_then(|e| e.split('@').next()))
        .ok_or_else(|| Refusal::Unusable("neither a name nor an e-mail address".into()))?;
    let name = crate::account::clean_name(name)
        .map_err(|_| Refusal::Unusable("the name is not usable".into()))?;
    let rows = identity_mapping::Entity::find()
        .filter(identity_mapping::Column::OrganisationId.eq(organisation_id))
        .all(db)
        .await?;
    let unit_id = claims.unit.as_deref().and_then(|value| {
        rows.iter()
            .find(|row| row.kind == "unit" && row.claim_value == value)
            .and_then(|row| row.unit_id)
    });
    let mut roles: Vec<Role> = rows
        .iter()
        .filter(|row| row.kind == "role" && claims.groups.contains(&row.claim_value))
        .filter_map(|row| row.role)
        .filter(|role| GRANTABLE.contains(role))
        .collect();
    if roles.is_empty() {
        roles.push(Role::Employee);
    }
    roles.sort_by_key(|role| *role as u8);
    roles.dedup();
    if let Some(email) = &email
        && person::Entity::find()
            .filter(person::Column::Email.eq(email))
            .one(db)
            .await?
            .is_some()
    {
        return Err(Refusal::OtherOrganisation);
    }
    let txn = begin_write(db).await?;
    let person = person::ActiveModel {
        organisation_id: Set(organisation_id),
        unit_id: Set(unit_id),
        display_name: Set(name),
        email: Set(email),
        locale: Set(entities::enums::Locale::De),
        share_location: Set(false),
        active: Set(true),
        anonymised: Set(false),
        demo: Set(false),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|err| match err.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => Refusal::OtherOrganisation,
        _ => Refusal::Database(err),
    })?;
    for role in roles {
        entities::person_role::ActiveModel {
            person_id: Set(person.id),
            role: Set(role),
        }
        .insert(&txn)
        .await?;
    }
    link(&txn, &person, claims).await?;
    txn.commit().await?;
    audit::record(
        db,
        Event::PersonCreated,
        None,
        Some(organisation_id),
        Some(person.id.to_string()),
        Some("single_sign_on"),
    )
    .await;
    Ok(person)
}

/// The organisation `slug` if `principal` administers its people; another organisation is
/// answered as if there were none.
async fn administered(
    db: &impl ConnectionTrait,
    principal: &Principal,
    slug: &str,
) -> Result<organisation::Model, Error> {
    principal.require(Permission::ManagePeople)?;
    // No short name has other characters: such a one is nobody's, and never reaches the
    // database (PostgreSQL refuses a NUL in a query).
    if slug.is_empty()
        || slug.len() > 100
        || !slug
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(Error::NotFound);
    }
    organisation::Entity::find()
        .filter(organisation::Column::Slug.eq(slug))
        .one(db)
        .await?
        .filter(|org| org.id == principal.organisation_id)
        .ok_or(Error::NotFound)
}

/// The mapping of organisation `slug` (its administrators only).
pub async fn mapping(
    db: &DatabaseConnection,
    principal: &Principal,
    slug: &str,
) -> Result<IdentityMapping, Error> {
    let org = administered(db, principal, slug).await?;
    read_mapping(db, org.id).await
}

async fn read_mapping(
    db: &impl ConnectionTrait,
    organisation_id: i32,
) -> Result<IdentityMapping, Error> {
    let rows = identity_mapping::Entity::find()
        .filter(identity_mapping::Column::OrganisationId.eq(organisation_id))
        .order_by_asc(identity_mapping::Column::ClaimValue)
        .order_by_asc(identity_mapping::Column::Id)
        .all(db)
        .await?;
    let units: Vec<unit::Model> = unit::Entity::find()
        .filter(unit::Column::OrganisationId.eq(organisation_id))
        .all(db)
        .await?;
    let mut mapping = IdentityMapping::default();
    for row in rows {
        match (row.unit_id, row.role) {
            (Some(unit_id), _) => {
                if let Some(unit) = units.iter().find(|unit| unit.id == unit_id) {
                    mapping.units.push(UnitMapping {
                        value: row.claim_value,
                        unit: unit.slug.clone(),
                    });
                }
            }
            (None, Some(role)) => mapping.roles.push(RoleMapping {
                group: row.claim_value,
                role: crate::account::role_code(role).to_string(),
            }),
            (None, None) => {}
        }
    }
    Ok(mapping)
}

/// A claim value as given: trimmed, 1 to 255 characters, no control characters.
fn clean_value(field: &str, value: &str) -> Result<String, Error> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > MAX_VALUE || value.chars().any(char::is_control)
    {
        return Err(Error::InvalidInput(format!(
            "{field}: 1 to {MAX_VALUE} characters, no control characters"
        )));
    }
    Ok(value.to_string())
}

/// A role an organisation may grant, by its code.
fn grantable_role(code: &str) -> Result<Role, Error> {
    GRANTABLE
        .into_iter()
        .find(|role| crate::account::role_code(*role) == code)
        .ok_or_else(|| {
            Error::InvalidInput(format!(
                "roles[].role: {code:?} cannot be given here; allowed: employee, counsellor, front_desk, unit_lead, org_admin"
            ))
        })
}

/// Replaces the mapping of organisation `slug` (its administrators only) and records it in
/// the audit log; returns the mapping now in force.
pub async fn set_mapping(
    db: &DatabaseConnection,
    principal: &Principal,
    slug: &str,
    new: &IdentityMapping,
) -> Result<IdentityMapping, Error> {
    let org = administered(db, principal, slug).await?;
    let units: Vec<unit::Model> = unit::Entity::find()
        .filter(unit::Column::OrganisationId.eq(org.id))
        .all(db)
        .await?;
    let mut rows = Vec::new();
    let mut seen_values = Vec::new();
    for entry in &new.units {
        let value = clean_value("units[].value", &entry.value)?;
        if seen_values.contains(&value) {
            return Err(Error::InvalidInput(format!(
                "units[].value: {value:?} is given twice; a value means one unit"
            )));
        }
        let unit = units
            .iter()
            .find(|unit| unit.slug == entry.unit && !unit.closed)
            .ok_or_else(|| {
                Error::InvalidInput(format!(
                    "units[].unit: no open unit {:?} in this organisation",
                    entry.unit
                ))
            })?;
        seen_values.push(value.clone());
        rows.push(identity_mapping::ActiveModel {
            organisation_id: Set(org.id),
            kind: Set("unit".into()),
            claim_value: Set(value),
            unit_id: Set(Some(unit.id)),
            role: Set(None),
            ..Default::default()
        });
    }
    let mut seen_roles = Vec::new();
    for entry in &new.roles {
        let group = clean_value("roles[].group", &entry.group)?;
        let role = grantable_role(&entry.role)?;
        if seen_roles.contains(&(group.clone(), role)) {
            continue;
        }
        seen_roles.push((group.clone(), role));
        rows.push(identity_mapping::ActiveModel {
            organisation_id: Set(org.id),
            kind: Set("role".into()),
            claim_value: Set(group),
            unit_id: Set(None),
            role: Set(Some(role)),
            ..Default::default()
        });
    }
    let txn = begin_write(db).await?;
    identity_mapping::Entity::delete_many()
        .filter(identity_mapping::Column::OrganisationId.eq(org.id))
        .exec(&txn)
        .await?;
    let count = rows.len();
    for row in rows {
        row.insert(&txn).await?;
    }
    audit::write_by(
        &txn,
        Event::IdentityMappingSet,
        principal,
        org.id,
        Some(serde_json::json!({ "entries": count })),
    )
    .await?;
    txn.commit().await?;
    read_mapping(db, org.id).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_roles_an_organisation_may_grant_are_mapped() {
        assert!(matches!(grantable_role("counsellor"), Ok(Role::Counsellor)));
        assert!(matches!(grantable_role("org_admin"), Ok(Role::OrgAdmin)));
        assert!(grantable_role("building_admin").is_err());
        assert!(grantable_role("facility_manager").is_err());
        assert!(grantable_role("").is_err());
    }

    #[test]
    fn claim_values_are_trimmed_and_must_be_plain_text() {
        assert_eq!(
            clean_value("v", "  Amt 40 ").ok().as_deref(),
            Some("Amt 40")
        );
        assert!(clean_value("v", "   ").is_err());
        assert!(clean_value("v", "a\u{0}b").is_err());
        assert!(clean_value("v", &"x".repeat(256)).is_err());
    }
}
