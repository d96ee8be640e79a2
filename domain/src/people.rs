//! Creating people and changing their roles: the one place a person row or a role is written,
//! for the command line and the JSON API alike, and always with its audit entry
//! (`people.person_created`, `people.roles_changed`).

use chrono::Utc;
use entities::enums::{Locale, Role};
use entities::{passkey, person, person_role};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};

use crate::audit::{self, Event};
use crate::db::begin_write;

/// A person to create; the caller has resolved organisation and unit and cleaned the name.
#[derive(Debug, Clone)]
pub struct NewPerson {
    /// `organisation.id`.
    pub organisation_id: i32,
    /// `unit.id`, of the same organisation.
    pub unit_id: Option<i32>,
    /// Display name (see [`crate::account::clean_name`]).
    pub name: String,
    /// E-mail address, unique when given; stored trimmed and lower-case.
    pub email: Option<String>,
    /// Roles; duplicates are ignored.
    pub roles: Vec<Role>,
}

/// Why a person was not created.
#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    /// Somebody has this e-mail address already.
    #[error("a person with this e-mail address exists")]
    EmailTaken,
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sea_orm::DbErr),
}

/// Creates a person with their roles in one transaction and records who did it (`actor`:
/// the administrator, `None` for the command line). Returns the new id.
pub async fn create(
    db: &DatabaseConnection,
    new: NewPerson,
    actor: Option<i32>,
) -> Result<i32, CreateError> {
    let email = new
        .email
        .map(|e| e.trim().to_lowercase())
        .filter(|e| !e.is_empty());
    // Read before the transaction: on SQLite a transaction that reads first cannot wait for
    // another writer when it starts to write. The unique index settles a race.
    if let Some(email) = &email
        && person::Entity::find()
            .filter(person::Column::Email.eq(email))
            .count(db)
            .await?
            > 0
    {
        return Err(CreateError::EmailTaken);
    }
    let txn = begin_write(db).await?;
    let person = person::ActiveModel {
        organisation_id: Set(new.organisation_id),
        unit_id: Set(new.unit_id),
        display_name: Set(new.name),
        email: Set(email),
        locale: Set(Locale::De),
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
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => CreateError::EmailTaken,
        _ => CreateError::Database(err),
    })?;
    let mut roles = new.roles;
    roles.sort_by_key(|role| *role as u8);
    roles.dedup();
    for role in roles {
        person_role::ActiveModel {
            person_id: Set(person.id),
            role: Set(role),
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    audit::record(
        db,
        Event::PersonCreated,
        actor,
        Some(person.organisation_id),
        Some(person.id.to_string()),
        None,
    )
    .await;
    Ok(person.id)
}

/// Roles an organisation administrator may grant and take; building-wide roles (facility
/// manager, building administrator) come from the command line.
pub const GRANTABLE: [Role; 5] = [
    Role::Employee,
    Role::Counsellor,
    Role::FrontDesk,
    Role::UnitLead,
    Role::OrgAdmin,
];

/// Gives person `person_id` of `actor`'s organisation exactly `roles` (at least one), in one
/// transaction with its audit entry. Only roles an organisation administrator may grant
/// ([`GRANTABLE`]), only for people who hold no other role, and only after a fresh passkey
/// confirmation ([`crate::auth::require_step_up`]). Returns the roles now held.
pub async fn set_roles(
    db: &DatabaseConnection,
    actor: &crate::auth::Principal,
    person_id: i32,
    roles: &[Role],
) -> Result<Vec<Role>, crate::error::Error> {
    use crate::error::Error;
    if roles.is_empty() {
        return Err(Error::InvalidInput(
            "roles: at least one role (employee, counsellor, front_desk, unit_lead, org_admin)"
                .into(),
        ));
    }
    if let Some(role) = roles.iter().find(|role| !GRANTABLE.contains(role)) {
        return Err(Error::InvalidInput(format!(
            "roles: {} cannot be granted here; allowed: employee, counsellor, unit_lead, org_admin",
            crate::account::role_code(*role)
        )));
    }
    person::Entity::find_by_id(person_id)
        .filter(person::Column::OrganisationId.eq(actor.organisation_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    if self::roles(db, person_id)
        .await?
        .iter()
        .any(|role| !GRANTABLE.contains(role))
    {
        return Err(Error::Forbidden);
    }
    crate::auth::require_step_up(db, actor).await?;
    let mut roles = roles.to_vec();
    roles.sort_by_key(|role| *role as u8);
    roles.dedup();
    let txn = begin_write(db).await?;
    person_role::Entity::delete_many()
        .filter(person_role::Column::PersonId.eq(person_id))
        .exec(&txn)
        .await?;
    for role in &roles {
        person_role::ActiveModel {
            person_id: Set(person_id),
            role: Set(*role),
        }
        .insert(&txn)
        .await?;
    }
    let detail: Vec<&str> = roles
        .iter()
        .map(|r| crate::account::role_code(*r))
        .collect();
    audit::write(
        &txn,
        entities::audit_log::ActiveModel {
            at: Set(Utc::now()),
            actor_person_id: Set(Some(actor.person_id)),
            organisation_id: Set(Some(actor.organisation_id)),
            action: Set(Event::RolesChanged.action().to_string()),
            entity: Set("person".to_string()),
            entity_id: Set(Some(person_id.to_string())),
            detail: Set(Some(serde_json::json!({ "roles": detail }))),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(roles)
}

/// Whether the person has registered at least one passkey.
pub async fn has_passkey(db: &DatabaseConnection, person_id: i32) -> Result<bool, sea_orm::DbErr> {
    Ok(passkey::Entity::find()
        .filter(passkey::Column::PersonId.eq(person_id))
        .count(db)
        .await?
        > 0)
}

/// The person's roles.
pub async fn roles(db: &DatabaseConnection, person_id: i32) -> Result<Vec<Role>, sea_orm::DbErr> {
    Ok(person_role::Entity::find()
        .filter(person_role::Column::PersonId.eq(person_id))
        .all(db)
        .await?
        .into_iter()
        .map(|row| row.role)
        .collect())
}

/// Whether nobody has been set up yet: a fresh install, waiting for its first administrator.
pub async fn none_yet(db: &DatabaseConnection) -> Result<bool, sea_orm::DbErr> {
    Ok(person::Entity::find().count(db).await? == 0)
}
