//! Reading one organisation from the database as an [`OrganisationFile`], and writing its
//! people or units as CSV.

use std::collections::{HashMap, HashSet};

use entities::enums::PolicyScope;
use entities::{
    badge, deputy, home_zone, organisation, person, person_role, policy, unit, zone, zone_grant,
};
use sea_orm::{ActiveEnum, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::OrganisationFileError;
use super::format::{
    BADGE_HASH_PREFIX, DeputyFile, HomeZoneFile, OrganisationFile, OrganisationHeader, PersonFile,
    PolicyFile, UnitFile,
};

/// The organisation of slug `slug` with its granted zones, units (home zones, policies),
/// people (roles, badges) and deputies, in the export's order
/// ([`OrganisationFile::normalized`]). People without an e-mail address (erased ones) cannot
/// be named in a file and are left out.
#[tracing::instrument(skip(db))]
pub async fn export(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<OrganisationFile, OrganisationFileError> {
    let organisation = organisation::Entity::find()
        .filter(organisation::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or_else(|| OrganisationFileError::NoSuchOrganisation(slug.to_owned()))?;
    let zone_slugs: HashMap<i32, String> = zone::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|z| (z.id, z.slug))
        .collect();
    let granted_zones = zone_grant::Entity::find()
        .filter(zone_grant::Column::OrganisationId.eq(organisation.id))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|g| zone_slugs.get(&g.zone_id).cloned())
        .collect();
    let units = unit::Entity::find()
        .filter(unit::Column::OrganisationId.eq(organisation.id))
        .filter(unit::Column::Closed.eq(false))
        .all(db)
        .await?;
    let unit_ids: HashSet<i32> = units.iter().map(|u| u.id).collect();
    let unit_slugs: HashMap<i32, String> = units.iter().map(|u| (u.id, u.slug.clone())).collect();
    let mut home_zones: HashMap<i32, Vec<HomeZoneFile>> = HashMap::new();
    for home in home_zone::Entity::find().all(db).await? {
        if let (true, Some(zone)) = (
            unit_ids.contains(&home.unit_id),
            zone_slugs.get(&home.zone_id),
        ) {
            home_zones
                .entry(home.unit_id)
                .or_default()
                .push(HomeZoneFile {
                    zone: zone.clone(),
                    priority: home.priority,
                });
        }
    }
    let mut policies: HashMap<i32, PolicyFile> = policy::Entity::find()
        .filter(policy::Column::Scope.eq(PolicyScope::Unit))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|p| {
            let unit = p.scope_id.filter(|id| unit_ids.contains(id))?;
            Some((unit, policy_file(&p)))
        })
        .collect();
    let units = units
        .into_iter()
        .map(|u| UnitFile {
            home_zones: Some(home_zones.remove(&u.id).unwrap_or_default()),
            policy: policies.remove(&u.id),
            slug: u.slug,
            name: u.name,
        })
        .collect();

    let people: Vec<person::Model> = person::Entity::find()
        .filter(person::Column::OrganisationId.eq(organisation.id))
        .filter(person::Column::Email.is_not_null())
        .all(db)
        .await?;
    let emails: HashMap<i32, String> = people
        .iter()
        .filter_map(|p| p.email.clone().map(|e| (p.id, e)))
        .collect();
    let mut roles: HashMap<i32, Vec<String>> = HashMap::new();
    for role in person_role::Entity::find().all(db).await? {
        if emails.contains_key(&role.person_id) {
            roles
                .entry(role.person_id)
                .or_default()
                .push(role.role.to_value());
        }
    }
    let mut badges: HashMap<i32, Vec<String>> = HashMap::new();
    for badge in badge::Entity::find().all(db).await? {
        if emails.contains_key(&badge.person_id) {
            badges
                .entry(badge.person_id)
                .or_default()
                .push(format!("{BADGE_HASH_PREFIX}{}", badge.badge_hash));
        }
    }
    let deputies = deputy::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|d| {
            Some(DeputyFile {
                counsellor: emails.get(&d.owner_id)?.clone(),
                deputy: emails.get(&d.deputy_id)?.clone(),
            })
        })
        .collect();
    let people = people
        .into_iter()
        .filter_map(|p| {
            Some(PersonFile {
                email: p.email?,
                name: p.display_name,
                unit: p.unit_id.and_then(|id| unit_slugs.get(&id).cloned()),
                roles: roles.remove(&p.id).unwrap_or_default(),
                badges: badges.remove(&p.id).unwrap_or_default(),
                locale: p.locale.to_value(),
                active: p.active,
            })
        })
        .collect();
    Ok(OrganisationFile {
        organisation: OrganisationHeader {
            slug: organisation.slug,
            name: organisation.name,
        },
        granted_zones,
        units,
        people,
        deputies,
    }
    .normalized())
}

/// A stored unit policy as the file writes it.
pub(crate) fn policy_file(p: &policy::Model) -> PolicyFile {
    PolicyFile {
        max_days_ahead: p.max_days_ahead,
        max_bookings_per_week: p.max_bookings_per_week,
        half_days_allowed: p.half_days_allowed,
        overflow: p.overflow.to_value(),
        checkin_grace_min: p.checkin_grace_min,
        auto_release: p.auto_release,
        release_without_sensor: p.release_without_sensor,
    }
}

fn csv_error(err: impl std::fmt::Display) -> OrganisationFileError {
    OrganisationFileError::Csv(err.to_string())
}

/// The people of `file` as CSV (`email,name,unit,roles,badges,locale,active`; lists separated
/// by `;`), as the import reads it.
pub fn people_csv(file: &OrganisationFile) -> Result<String, OrganisationFileError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "email", "name", "unit", "roles", "badges", "locale", "active",
    ])
    .map_err(csv_error)?;
    for p in &file.people {
        out.write_record([
            p.email.as_str(),
            p.name.as_str(),
            p.unit.as_deref().unwrap_or_default(),
            p.roles.join(";").as_str(),
            p.badges.join(";").as_str(),
            p.locale.as_str(),
            if p.active { "true" } else { "false" },
        ])
        .map_err(csv_error)?;
    }
    String::from_utf8(out.into_inner().map_err(csv_error)?).map_err(csv_error)
}

/// The units of `file` as CSV (`unit,name,home_zones`, home zones as `zone:priority;…`), as
/// the import reads it. Unit policies are only in the JSON file.
pub fn units_csv(file: &OrganisationFile) -> Result<String, OrganisationFileError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(["unit", "name", "home_zones"])
        .map_err(csv_error)?;
    for u in &file.units {
        let zones: Vec<String> = u
            .home_zones
            .iter()
            .flatten()
            .map(|z| format!("{}:{}", z.zone, z.priority))
            .collect();
        out.write_record([u.slug.as_str(), u.name.as_str(), zones.join(";").as_str()])
            .map_err(csv_error)?;
    }
    String::from_utf8(out.into_inner().map_err(csv_error)?).map_err(csv_error)
}
