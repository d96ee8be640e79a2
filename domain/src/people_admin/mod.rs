//! Administering the people of an organisation after they exist: finding them, changing
//! them, the leaver and the returner, and the data-protection requests (access and erasure).
//! Creating people and their roles is [`crate::people`].
//!
//! Who sees whom: an organisation administrator the people of their own organisation, a
//! building administrator everybody ([`Viewer`]); only organisation administrators change
//! people, and only of their own organisation. A person of another organisation, or one who
//! has been erased, is [`AdminError::NotFound`] — never "forbidden", which would tell that
//! they exist.
//!
//! # Layout
//! - this module: who may see whom, the view of a person, the list and one person.
//! - [`edit`]: name, e-mail address, language, unit.
//! - [`lifecycle`]: deactivating a leaver (sessions, tokens, passkeys, badges end; future
//!   bookings and reservations are cancelled) and reactivating.
//! - [`export`]: everything stored about a person, as JSON.
//! - [`erase`]: erasing a person: bookings kept without them, personal data deleted.
//! - [`invite`]: invitation links, with which a person registers their first passkey.
//!
//! Every change writes its audit entry (`people.changed`, `people.deactivated`,
//! `people.reactivated`, `people.exported`, `people.erased`) with ids and counts only: no
//! name, no address, and nothing that says when the person was where.

pub mod edit;
pub mod erase;
pub mod export;
pub mod invite;
pub mod lifecycle;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entities::enums::{Locale, Role};
use entities::{passkey, person, person_role, unit};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::auth::{Permission, Principal};
use crate::error::Error;

/// How many people [`list`] returns at most in one page.
pub const MAX_PAGE: u64 = 200;

/// Why an administrator's request about a person was not done.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// No such person in the caller's view (another organisation's, or erased).
    #[error("not found")]
    NotFound,
    /// The caller may not do this to this person; the text says why, in English.
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// The step needs a passkey confirmation within the last five minutes.
    #[error("step-up required")]
    StepUpRequired,
    /// The input is malformed or names something outside the person's organisation.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// Somebody else has this e-mail address.
    #[error("a person with this e-mail address exists")]
    EmailTaken,
    /// The database failed.
    #[error(transparent)]
    Database(#[from] DbErr),
    /// Another service failed in another way.
    #[error(transparent)]
    Other(Error),
}

impl From<Error> for AdminError {
    fn from(err: Error) -> Self {
        match err {
            Error::NotFound => AdminError::NotFound,
            Error::Forbidden => AdminError::Forbidden("not allowed"),
            Error::StepUpRequired => AdminError::StepUpRequired,
            Error::InvalidInput(why) | Error::OutOfRange(why) => AdminError::InvalidInput(why),
            Error::Database(err) => AdminError::Database(err),
            other @ (Error::Refused(_) | Error::Internal | Error::Conflict(_)) => {
                AdminError::Other(other)
            }
        }
    }
}

/// Whose people a caller sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// A building administrator: everybody.
    Building,
    /// An organisation administrator: the people of this organisation.
    Organisation(i32),
}

impl Viewer {
    /// Whose people `principal` may see: [`Error::Forbidden`] without
    /// [`Permission::ViewPeople`].
    pub fn of(principal: &Principal) -> Result<Viewer, Error> {
        principal.require(Permission::ViewPeople)?;
        if principal.has_role(Role::BuildingAdmin) {
            Ok(Viewer::Building)
        } else {
            Ok(Viewer::Organisation(principal.organisation_id))
        }
    }

    /// Whether a person of `organisation_id` is in view.
    pub fn sees(self, organisation_id: i32) -> bool {
        match self {
            Viewer::Building => true,
            Viewer::Organisation(own) => own == organisation_id,
        }
    }
}

/// The person `person_id` of `organisation_id` as an organisation administrator may change
/// them: not erased, of that organisation; [`AdminError::NotFound`] otherwise.
pub(crate) async fn managed(
    db: &impl ConnectionTrait,
    organisation_id: i32,
    person_id: i32,
) -> Result<person::Model, AdminError> {
    person::Entity::find_by_id(person_id)
        .filter(person::Column::OrganisationId.eq(organisation_id))
        .filter(person::Column::Anonymised.eq(false))
        .one(db)
        .await?
        .ok_or(AdminError::NotFound)
}

/// `principal`, an organisation administrator, may change `person` in ways that lock them out
/// or delete them: not themselves, and not somebody holding a building-wide role (those are
/// changed on the command line, as their roles are).
pub(crate) async fn may_lock_out(
    db: &impl ConnectionTrait,
    principal: &Principal,
    person: &person::Model,
) -> Result<(), AdminError> {
    if person.id == principal.person_id {
        return Err(AdminError::Forbidden(
            "you cannot do this to yourself: ask another administrator of your organisation",
        ));
    }
    let roles = roles_of(db, &[person.id]).await?;
    let holds_building_role = roles.get(&person.id).is_some_and(|held| {
        held.iter()
            .any(|role| !crate::people::GRANTABLE.contains(role))
    });
    if holds_building_role {
        return Err(AdminError::Forbidden(
            "this person holds a building-wide role: they are changed on the command line",
        ));
    }
    Ok(())
}

/// A unit, as a person's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRef {
    /// `unit.id`.
    pub id: i32,
    /// URL-safe short name.
    pub slug: String,
    /// Display name.
    pub name: String,
}

/// A person as their administrators see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonView {
    /// `person.id`.
    pub id: i32,
    /// Display name.
    pub display_name: String,
    /// E-mail address, lower-case.
    pub email: Option<String>,
    /// `de` or `en`.
    pub locale: &'static str,
    /// `organisation.id`.
    pub organisation_id: i32,
    /// Their unit.
    pub unit: Option<UnitRef>,
    /// Role codes, in the order of [`Role`].
    pub roles: Vec<&'static str>,
    /// Whether they may sign in and book.
    pub active: bool,
    /// Whether they have at least one passkey.
    pub has_passkey: bool,
    /// Whether they need an accessible desk.
    pub needs_accessible_desk: bool,
    /// When the person was created.
    pub created_at: DateTime<Utc>,
}

/// The code of a locale.
pub fn locale_code(locale: Locale) -> &'static str {
    match locale {
        Locale::De => "de",
        Locale::En => "en",
    }
}

/// What to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// Only the people of the unit with this slug.
    pub unit: Option<String>,
    /// Only those whose name or e-mail address contains this, ignoring case.
    pub q: Option<String>,
    /// Only active (`true`) or inactive (`false`) people.
    pub active: Option<bool>,
    /// Skip this many (by name, then id).
    pub offset: u64,
    /// At most this many, up to [`MAX_PAGE`].
    pub limit: u64,
}

/// One page of people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeoplePage {
    /// The people, by name, then id.
    pub people: Vec<PersonView>,
    /// How many match in all.
    pub total: u64,
}

/// The people `viewer` sees that match `query`, by name; erased people are never listed.
#[tracing::instrument(skip(db))]
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: Viewer,
    query: &ListQuery,
) -> Result<PeoplePage, AdminError> {
    let mut condition = Condition::all().add(person::Column::Anonymised.eq(false));
    if let Viewer::Organisation(own) = viewer {
        condition = condition.add(person::Column::OrganisationId.eq(own));
    }
    if let Some(slug) = &query.unit {
        plain("unit", slug)?;
        let mut units = unit::Entity::find().filter(unit::Column::Slug.eq(slug.as_str()));
        if let Viewer::Organisation(own) = viewer {
            units = units.filter(unit::Column::OrganisationId.eq(own));
        }
        let Some(found) = units.one(db).await? else {
            return Err(AdminError::InvalidInput(format!(
                "unit: no unit {slug:?} you administer"
            )));
        };
        condition = condition.add(person::Column::UnitId.eq(found.id));
    }
    if let Some(active) = query.active {
        condition = condition.add(person::Column::Active.eq(active));
    }
    if let Some(text) = query.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        plain("q", text)?;
        let pattern = format!("%{}%", escape_like(&text.to_lowercase()));
        let lower = |column: person::Column| Expr::expr(Func::lower(Expr::col(column)));
        condition = condition.add(
            Condition::any()
                .add(lower(person::Column::DisplayName).like(like(&pattern)))
                .add(lower(person::Column::Email).like(like(&pattern))),
        );
    }
    let select = person::Entity::find().filter(condition);
    let total = select.clone().count(db).await?;
    let rows = select
        .order_by_asc(person::Column::DisplayName)
        .order_by_asc(person::Column::Id)
        .offset(query.offset)
        .limit(query.limit.clamp(1, MAX_PAGE))
        .all(db)
        .await?;
    Ok(PeoplePage {
        people: views(db, rows).await?,
        total,
    })
}

/// The person `person_id` as `viewer` sees them; [`AdminError::NotFound`] if out of view.
pub async fn get(
    db: &impl ConnectionTrait,
    viewer: Viewer,
    person_id: i32,
) -> Result<PersonView, AdminError> {
    let person = person::Entity::find_by_id(person_id)
        .filter(person::Column::Anonymised.eq(false))
        .one(db)
        .await?
        .filter(|p| viewer.sees(p.organisation_id))
        .ok_or(AdminError::NotFound)?;
    views(db, vec![person])
        .await?
        .pop()
        .ok_or(AdminError::NotFound)
}

/// `text` as given for `field` if it is a plain piece of text: at most 200 characters, no
/// control characters (which no name, address or slug holds, and PostgreSQL refuses).
pub(crate) fn plain<'a>(field: &str, text: &'a str) -> Result<&'a str, AdminError> {
    if text.chars().count() > 200 || text.chars().any(char::is_control) {
        return Err(AdminError::InvalidInput(format!(
            "{field}: at most 200 characters, no control characters"
        )));
    }
    Ok(text)
}

/// A `LIKE` pattern that matches `\` as its escape character on SQLite and PostgreSQL alike.
fn like(pattern: &str) -> sea_orm::sea_query::LikeExpr {
    sea_orm::sea_query::LikeExpr::new(pattern).escape('\\')
}

/// `text` with the wildcards of `LIKE` (`%`, `_`) and the escape character taken literally.
fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// The roles of `people`, by person, in the order of [`Role`].
async fn roles_of(
    db: &impl ConnectionTrait,
    people: &[i32],
) -> Result<HashMap<i32, Vec<Role>>, DbErr> {
    let mut roles: HashMap<i32, Vec<Role>> = HashMap::new();
    for row in person_role::Entity::find()
        .filter(person_role::Column::PersonId.is_in(people.iter().copied()))
        .all(db)
        .await?
    {
        roles.entry(row.person_id).or_default().push(row.role);
    }
    for held in roles.values_mut() {
        held.sort_by_key(|role| *role as u8);
    }
    Ok(roles)
}

/// The views of `rows`, in their order.
pub(crate) async fn views(
    db: &impl ConnectionTrait,
    rows: Vec<person::Model>,
) -> Result<Vec<PersonView>, DbErr> {
    let ids: Vec<i32> = rows.iter().map(|p| p.id).collect();
    let mut roles = roles_of(db, &ids).await?;
    let unit_ids: Vec<i32> = rows.iter().filter_map(|p| p.unit_id).collect();
    let units: HashMap<i32, unit::Model> = unit::Entity::find()
        .filter(unit::Column::Id.is_in(unit_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let with_passkey: Vec<i32> = passkey::Entity::find()
        .select_only()
        .column(passkey::Column::PersonId)
        .filter(passkey::Column::PersonId.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|p| PersonView {
            id: p.id,
            display_name: p.display_name,
            email: p.email,
            locale: locale_code(p.locale),
            organisation_id: p.organisation_id,
            unit: p.unit_id.and_then(|id| units.get(&id)).map(|u| UnitRef {
                id: u.id,
                slug: u.slug.clone(),
                name: u.name.clone(),
            }),
            roles: roles
                .remove(&p.id)
                .unwrap_or_default()
                .into_iter()
                .map(crate::account::role_code)
                .collect(),
            active: p.active,
            has_passkey: with_passkey.contains(&p.id),
            needs_accessible_desk: p.needs_accessible_desk,
            created_at: p.created_at,
        })
        .collect())
}

/// Writes the audit row of an administrator's `action` on person `person_id`, with `detail`
/// (ids, codes and counts only).
pub(crate) async fn audit(
    db: &impl ConnectionTrait,
    actor: &Principal,
    action: &str,
    person_id: i32,
    detail: Option<serde_json::Value>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    crate::audit::write(
        db,
        entities::audit_log::ActiveModel {
            at: sea_orm::Set(now),
            actor_person_id: sea_orm::Set(Some(actor.person_id)),
            organisation_id: sea_orm::Set(Some(actor.organisation_id)),
            action: sea_orm::Set(action.to_string()),
            entity: sea_orm::Set("person".to_string()),
            entity_id: sea_orm::Set(Some(person_id.to_string())),
            detail: sea_orm::Set(detail),
            ..Default::default()
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_in_a_search_are_taken_literally() {
        assert_eq!(escape_like("50%_a\\b"), "50\\%\\_a\\\\b");
        assert_eq!(escape_like("müller"), "müller");
    }

    #[test]
    fn control_characters_and_long_texts_are_refused_before_the_database_sees_them() {
        assert!(plain("q", "Müller").is_ok());
        assert!(plain("q", "a\u{0}b").is_err());
        assert!(plain("q", &"x".repeat(201)).is_err());
    }

    #[test]
    fn an_organisation_administrator_sees_only_their_organisation() {
        assert!(Viewer::Organisation(1).sees(1));
        assert!(!Viewer::Organisation(1).sees(2));
        assert!(Viewer::Building.sees(2));
    }
}
