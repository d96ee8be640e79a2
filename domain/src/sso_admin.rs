//! The sign-in administration page (`/admin/sign-in`) of an organisation administrator: their
//! own organisation's single sign-on mapping ([`crate::sso`]), one rule at a time, and how its
//! directory sync ([`crate::directory`]) last ran.
//!
//! A rule is added, changed or removed in one transaction with its audit entry. A changed rule
//! is named by what it was (a unit rule by its value, a role rule by its group and role): if
//! somebody changed or removed it meanwhile, nothing is written and the caller hears so
//! ([`Error::Conflict`] starting with `rule:`). Refused input names its field (`value:`,
//! `unit:`, `group:`, `role:`), so that the page shows the error at that field. The database
//! guards the same (one unit per value, each role once per group, only grantable roles, only
//! units of the organisation).

use chrono::{DateTime, Utc};
use entities::enums::Role;
use entities::{audit_log, directory_sync, identity_mapping, organisation, unit};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use wire::model::sso::{
    DirectoryChanges, DirectorySyncStatus, RoleMapping, SignInAdmin, UnitMapping, UnitOption,
};

use crate::audit::{self, Event};
use crate::auth::{Permission, Principal};
use crate::error::Error;
use crate::people::GRANTABLE;
use crate::sso::Configured;

/// The longest claim value a rule keeps (the database checks it too).
const MAX_VALUE: usize = 255;

/// The audit action of a directory sync run that wrote changes (`domain::directory`).
const DIRECTORY_SYNCED: &str = "directory.synced";

/// What the page shows the administrator `principal` about their own organisation;
/// `configured` are the providers of the settings.
pub async fn overview(
    db: &DatabaseConnection,
    principal: &Principal,
    configured: &[Configured],
) -> Result<SignInAdmin, Error> {
    principal.require(Permission::ManagePeople)?;
    let org = organisation::Entity::find_by_id(principal.organisation_id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    let mapping = crate::sso::mapping(db, principal, &org.slug).await?;
    let units = unit::Entity::find()
        .filter(unit::Column::OrganisationId.eq(org.id))
        .order_by_asc(unit::Column::Name)
        .order_by_asc(unit::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|u| !u.closed || mapping.units.iter().any(|m| m.unit == u.slug))
        .map(|u| UnitOption {
            slug: u.slug,
            name: u.name,
            closed: u.closed,
        })
        .collect();
    Ok(SignInAdmin {
        provider: configured.iter().any(|c| c.organisation == org.slug),
        organisation: org.slug,
        organisation_name: org.name,
        mapping,
        units,
        roles: GRANTABLE
            .iter()
            .map(|role| crate::account::role_code(*role).to_owned())
            .collect(),
        directory: directory_status(db, org.id).await?,
    })
}

/// How organisation `organisation_id`'s directory sync last ran, and what that run changed.
async fn directory_status(
    db: &impl ConnectionTrait,
    organisation_id: i32,
) -> Result<Option<DirectorySyncStatus>, Error> {
    let Some(run) = directory_sync::Entity::find_by_id(organisation_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    // Only the last run's own entry (the audit log is indexed by time).
    let written = audit_log::Entity::find()
        .filter(audit_log::Column::At.gte(run.started_at))
        .filter(audit_log::Column::OrganisationId.eq(organisation_id))
        .filter(audit_log::Column::Action.eq(DIRECTORY_SYNCED))
        .order_by_desc(audit_log::Column::At)
        .one(db)
        .await?;
    Ok(Some(DirectorySyncStatus {
        started_at: run.started_at,
        finished_at: run.finished_at,
        outcome: run.outcome,
        last_changes: written.map(|row| changes(row.at, row.detail.as_ref())),
    }))
}

/// The counts of a sync's audit entry (a count it lacks is 0).
fn changes(at: DateTime<Utc>, detail: Option<&serde_json::Value>) -> DirectoryChanges {
    let count = |key: &str| {
        detail
            .and_then(|d| d.get(key))
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0)
    };
    DirectoryChanges {
        at,
        entries: count("entries"),
        created: count("created"),
        updated: count("updated"),
        moved: count("moved"),
        roles_changed: count("roles_changed"),
        reactivated: count("reactivated"),
        deactivated: count("deactivated"),
        problems: count("problems"),
    }
}

/// A claim value as typed: trimmed, 1 to 255 characters, no control characters; refused by
/// `field`.
fn clean_value(field: &str, value: &str) -> Result<String, Error> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > MAX_VALUE || value.chars().any(char::is_control)
    {
        return Err(Error::InvalidInput(format!(
            "{field}: 1 to {MAX_VALUE} characters, no control characters"
        )));
    }
    Ok(value.to_owned())
}

/// A role an organisation may grant, by its code; refused by `field`.
fn grantable_role(field: &str, code: &str) -> Result<Role, Error> {
    GRANTABLE
        .into_iter()
        .find(|role| crate::account::role_code(*role) == code.trim())
        .ok_or_else(|| {
            Error::InvalidInput(format!(
                "{field}: {code:?} cannot be given here; allowed: employee, counsellor, front_desk, unit_lead, org_admin"
            ))
        })
}

/// The answer when the rule to change is no longer there.
fn changed_meanwhile() -> Error {
    Error::Conflict(
        "rule: it was changed or removed meanwhile; the page shows it as it is now".into(),
    )
}

/// A unique index refused the row: `conflict`; any other database error as it is.
fn unique_as(err: sea_orm::DbErr, conflict: impl FnOnce() -> Error) -> Error {
    match err.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => conflict(),
        _ => Error::Database(err),
    }
}

/// Records a change of the mapping (`kind` `unit` or `role`, `change` `saved` or `removed`).
async fn record(
    db: &impl ConnectionTrait,
    principal: &Principal,
    kind: &str,
    change: &str,
) -> Result<(), Error> {
    audit::write_by(
        db,
        Event::IdentityMappingSet,
        principal,
        principal.organisation_id,
        Some(serde_json::json!({ "rule": kind, "change": change })),
    )
    .await?;
    Ok(())
}

/// The unit rule of `value` in organisation `organisation_id`, if there is one.
async fn unit_rule(
    db: &impl ConnectionTrait,
    organisation_id: i32,
    value: &str,
) -> Result<Option<identity_mapping::Model>, Error> {
    Ok(identity_mapping::Entity::find()
        .filter(identity_mapping::Column::OrganisationId.eq(organisation_id))
        .filter(identity_mapping::Column::Kind.eq("unit"))
        .filter(identity_mapping::Column::ClaimValue.eq(value))
        .one(db)
        .await?)
}

/// The role rule of `group` and `role` in organisation `organisation_id`, if there is one.
async fn role_rule(
    db: &impl ConnectionTrait,
    organisation_id: i32,
    group: &str,
    role: Role,
) -> Result<Option<identity_mapping::Model>, Error> {
    Ok(identity_mapping::Entity::find()
        .filter(identity_mapping::Column::OrganisationId.eq(organisation_id))
        .filter(identity_mapping::Column::Kind.eq("role"))
        .filter(identity_mapping::Column::ClaimValue.eq(group))
        .filter(identity_mapping::Column::Role.eq(role))
        .one(db)
        .await?)
}

/// Saves the rule "the unit claim's `value` means unit `unit`" (its short name) in the
/// administrator's organisation: a new rule when `original` is `None`, else the rule that had
/// the value `original`. Returns the rule as stored.
pub async fn save_unit_rule(
    db: &DatabaseConnection,
    principal: &Principal,
    original: Option<&str>,
    value: &str,
    unit_slug: &str,
) -> Result<UnitMapping, Error> {
    principal.require(Permission::ManagePeople)?;
    let org = principal.organisation_id;
    let value = clean_value("value", value)?;
    let unit_slug = unit_slug.trim();
    if unit_slug.is_empty() {
        return Err(Error::InvalidInput("unit: choose a unit".into()));
    }
    let txn = crate::db::begin_write(db).await?;
    let unit = unit::Entity::find()
        .filter(unit::Column::OrganisationId.eq(org))
        .filter(unit::Column::Slug.eq(unit_slug))
        .filter(unit::Column::Closed.eq(false))
        .one(&txn)
        .await?
        .ok_or_else(|| {
            Error::InvalidInput(format!(
                "unit: no open unit {unit_slug:?} in this organisation"
            ))
        })?;
    let taken = || Error::Conflict(format!("value: {value:?} already means a unit"));
    let existing = unit_rule(&txn, org, &value).await?;
    match original {
        Some(original) => {
            let row = unit_rule(&txn, org, original.trim())
                .await?
                .ok_or_else(changed_meanwhile)?;
            if existing.as_ref().is_some_and(|other| other.id != row.id) {
                return Err(taken());
            }
            let mut row: identity_mapping::ActiveModel = row.into();
            row.claim_value = Set(value.clone());
            row.unit_id = Set(Some(unit.id));
            row.update(&txn)
                .await
                .map_err(|err| unique_as(err, taken))?;
        }
        None => {
            if existing.is_some() {
                return Err(taken());
            }
            identity_mapping::ActiveModel {
                organisation_id: Set(org),
                kind: Set("unit".into()),
                claim_value: Set(value.clone()),
                unit_id: Set(Some(unit.id)),
                role: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(|err| unique_as(err, taken))?;
        }
    }
    record(&txn, principal, "unit", "saved").await?;
    txn.commit().await?;
    Ok(UnitMapping {
        value,
        unit: unit.slug,
    })
}

/// Removes the unit rule of `value` from the administrator's organisation; a rule that is not
/// there (any more) is [`Error::NotFound`].
pub async fn remove_unit_rule(
    db: &DatabaseConnection,
    principal: &Principal,
    value: &str,
) -> Result<(), Error> {
    principal.require(Permission::ManagePeople)?;
    let txn = crate::db::begin_write(db).await?;
    let removed = identity_mapping::Entity::delete_many()
        .filter(identity_mapping::Column::OrganisationId.eq(principal.organisation_id))
        .filter(identity_mapping::Column::Kind.eq("unit"))
        .filter(identity_mapping::Column::ClaimValue.eq(value.trim()))
        .exec(&txn)
        .await?;
    if removed.rows_affected == 0 {
        return Err(Error::NotFound);
    }
    record(&txn, principal, "unit", "removed").await?;
    txn.commit().await?;
    Ok(())
}

/// Saves the rule "group `group` gives role `role`" in the administrator's organisation: a
/// new rule when `original` is `None`, else the rule that was `original` (group, role code).
/// Returns the rule as stored.
pub async fn save_role_rule(
    db: &DatabaseConnection,
    principal: &Principal,
    original: Option<(&str, &str)>,
    group: &str,
    role: &str,
) -> Result<RoleMapping, Error> {
    principal.require(Permission::ManagePeople)?;
    let org = principal.organisation_id;
    let group = clean_value("group", group)?;
    let role = grantable_role("role", role)?;
    let taken = || Error::Conflict(format!("group: {group:?} gives this role already"));
    let txn = crate::db::begin_write(db).await?;
    let existing = role_rule(&txn, org, &group, role).await?;
    match original {
        Some((original_group, original_role)) => {
            let original_role =
                grantable_role("role", original_role).map_err(|_| changed_meanwhile())?;
            let row = role_rule(&txn, org, original_group.trim(), original_role)
                .await?
                .ok_or_else(changed_meanwhile)?;
            if existing.as_ref().is_some_and(|other| other.id != row.id) {
                return Err(taken());
            }
            let mut row: identity_mapping::ActiveModel = row.into();
            row.claim_value = Set(group.clone());
            row.role = Set(Some(role));
            row.update(&txn)
                .await
                .map_err(|err| unique_as(err, taken))?;
        }
        None => {
            if existing.is_some() {
                return Err(taken());
            }
            identity_mapping::ActiveModel {
                organisation_id: Set(org),
                kind: Set("role".into()),
                claim_value: Set(group.clone()),
                unit_id: Set(None),
                role: Set(Some(role)),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(|err| unique_as(err, taken))?;
        }
    }
    record(&txn, principal, "role", "saved").await?;
    txn.commit().await?;
    Ok(RoleMapping {
        group,
        role: crate::account::role_code(role).to_owned(),
    })
}

/// Removes the rule "group `group` gives role `role`" from the administrator's organisation;
/// a rule that is not there (any more) is [`Error::NotFound`].
pub async fn remove_role_rule(
    db: &DatabaseConnection,
    principal: &Principal,
    group: &str,
    role: &str,
) -> Result<(), Error> {
    principal.require(Permission::ManagePeople)?;
    let role = grantable_role("role", role).map_err(|_| Error::NotFound)?;
    let txn = crate::db::begin_write(db).await?;
    let removed = identity_mapping::Entity::delete_many()
        .filter(identity_mapping::Column::OrganisationId.eq(principal.organisation_id))
        .filter(identity_mapping::Column::Kind.eq("role"))
        .filter(identity_mapping::Column::ClaimValue.eq(group.trim()))
        .filter(identity_mapping::Column::Role.eq(role))
        .exec(&txn)
        .await?;
    if removed.rows_affected == 0 {
        return Err(Error::NotFound);
    }
    record(&txn, principal, "role", "removed").await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_input_names_its_field() {
        for (result, field) in [
            (clean_value("value", "   "), "value:"),
            (clean_value("group", "a\u{7}b"), "group:"),
            (clean_value("value", &"x".repeat(256)), "value:"),
        ] {
            match result {
                Err(Error::InvalidInput(why)) => assert!(why.starts_with(field), "{why}"),
                other => panic!("{field} {other:?}"),
            }
        }
        assert_eq!(clean_value("value", " Amt 40 "), Ok("Amt 40".to_owned()));
        assert!(matches!(
            grantable_role("role", "unit_lead"),
            Ok(Role::UnitLead)
        ));
        match grantable_role("role", "building_admin") {
            Err(Error::InvalidInput(why)) => assert!(why.starts_with("role:"), "{why}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_sync_entry_becomes_its_counts() {
        let at = Utc::now();
        let detail =
            serde_json::json!({ "entries": 300, "created": 4, "deactivated": 2, "problems": 1 });
        let changes = changes(at, Some(&detail));
        assert_eq!(
            (
                changes.entries,
                changes.created,
                changes.deactivated,
                changes.problems,
                changes.moved
            ),
            (300, 4, 2, 1, 0)
        );
        assert_eq!(super::changes(at, None).entries, 0);
    }
}
