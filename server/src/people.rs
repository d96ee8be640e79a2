//! People on the command line: create a person (the first administrator of a fresh install, for
//! example) and issue invitation links (also when someone has lost all their passkeys).

use chrono::{DateTime, Utc};
use domain::account::role_code;
use entities::enums::Role;
use entities::{organisation, person, unit};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, Iterable, QueryFilter, Set,
};

use crate::auth::{AuthState, passkey};

/// What `platzwahl people add` creates.
#[derive(Debug, Clone)]
pub struct NewPerson {
    /// Display name.
    pub name: String,
    /// E-mail address (unique).
    pub email: String,
    /// Slug of the organisation.
    pub organisation: String,
    /// Create the organisation with this name if it does not exist.
    pub organisation_name: Option<String>,
    /// Slug of the unit, if any.
    pub unit: Option<String>,
    /// Role codes.
    pub roles: Vec<String>,
}

/// Why a person could not be created or invited; the message names the option.
#[derive(Debug, thiserror::Error)]
pub enum PeopleError {
    /// `--role` names no role.
    #[error(
        "--role: unknown role {0:?}; known: employee, counsellor, unit_lead, facility_manager, org_admin, building_admin"
    )]
    Role(String),
    /// `--organisation` names no organisation.
    #[error(
        "--organisation: there is no organisation {0:?}; give --organisation-name to create it"
    )]
    Organisation(String),
    /// `--unit` names no unit of the organisation.
    #[error("--unit: the organisation has no unit {0:?}")]
    Unit(String),
    /// The e-mail address is taken, or (for invitations) unknown.
    #[error("--email: {0}")]
    Email(String),
    /// `--name` is empty or too long.
    #[error("--name: 1 to 80 characters")]
    Name,
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sea_orm::DbErr),
    /// Anything else.
    #[error("{0}")]
    App(#[from] wire::error::AppError),
}

/// An invitation link and until when it works.
#[derive(Debug, Clone)]
pub struct Invitation {
    /// The person's id.
    pub person_id: i32,
    /// The link to open.
    pub link: String,
    /// When it expires.
    pub expires_at: DateTime<Utc>,
}

/// Creates a person with their roles and an invitation.
pub async fn add(
    db: &DatabaseConnection,
    auth: &AuthState,
    new: NewPerson,
) -> Result<Invitation, PeopleError> {
    let name = domain::account::clean_name(&new.name).map_err(|_| PeopleError::Name)?;
    let email = new.email.trim().to_string();
    if email.is_empty() || !email.contains('@') {
        return Err(PeopleError::Email(
            "an e-mail address is needed".to_string(),
        ));
    }
    let mut roles: Vec<Role> = Vec::new();
    for code in if new.roles.is_empty() {
        vec!["employee".to_string()]
    } else {
        new.roles
    } {
        let role = Role::iter()
            .find(|role| role_code(*role) == code)
            .ok_or(PeopleError::Role(code))?;
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    if person::Entity::find()
        .filter(person::Column::Email.eq(&email))
        .one(db)
        .await?
        .is_some()
    {
        // Checked before an organisation is created for nobody.
        return Err(PeopleError::Email(format!("{email} is already taken")));
    }
    let organisation_id = match organisation::Entity::find()
        .filter(organisation::Column::Slug.eq(&new.organisation))
        .one(db)
        .await?
    {
        Some(found) => found.id,
        None => match new.organisation_name {
            Some(org_name) => {
                organisation::ActiveModel {
                    slug: Set(new.organisation.clone()),
                    name: Set(org_name),
                    ..Default::default()
                }
                .insert(db)
                .await?
                .id
            }
            None => return Err(PeopleError::Organisation(new.organisation)),
        },
    };
    let unit_id = match new.unit {
        Some(slug) => Some(
            unit::Entity::find()
                .filter(unit::Column::Slug.eq(&slug))
                .filter(unit::Column::OrganisationId.eq(organisation_id))
                .one(db)
                .await?
                .ok_or(PeopleError::Unit(slug))?
                .id,
        ),
        None => None,
    };
    let created = domain::people::create(
        db,
        domain::people::NewPerson {
            organisation_id,
            unit_id,
            name,
            email: Some(email.clone()),
            roles,
        },
        None,
    )
    .await
    .map_err(|err| match err {
        domain::people::CreateError::EmailTaken => {
            PeopleError::Email(format!("{email} is already taken"))
        }
        domain::people::CreateError::Database(err) => PeopleError::Database(err),
    })?;
    invite_person(db, auth, created).await
}

/// Issues a new invitation for the person with this e-mail address.
pub async fn invite(
    db: &DatabaseConnection,
    auth: &AuthState,
    email: &str,
) -> Result<Invitation, PeopleError> {
    let person = person::Entity::find()
        .filter(person::Column::Email.eq(email.trim()))
        .one(db)
        .await?
        .ok_or_else(|| PeopleError::Email(format!("nobody has the address {email}")))?;
    invite_person(db, auth, person.id).await
}

async fn invite_person(
    db: &DatabaseConnection,
    auth: &AuthState,
    person_id: i32,
) -> Result<Invitation, PeopleError> {
    let (token, expires_at) = passkey::invite(db, auth, person_id, None).await?;
    Ok(Invitation {
        person_id,
        link: auth.invitation_link(&token),
        expires_at,
    })
}
