//! The `#[server]` functions of the people administration pages (`/admin/people`): finding,
//! creating, changing and moving the people of one's organisation, their roles and
//! invitations, the leaver and the returner, and erasure on a data-protection request (the
//! export is the JSON API's `GET /api/v1/people/{id}/export`, a download). Organisation
//! administrators only, and only of their own organisation: a person of another organisation
//! is [`AppError::NotFound`]. Each calls [`crate::services::people_admin`].

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::api::context;
use crate::error::AppError;

/// The roles ticked in a form, one checkbox each, named `roles[employee]`, `roles[counsellor]`
/// and so on (value `true`); a box left unticked is not sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TickedRoles {
    /// Employee.
    pub employee: Option<bool>,
    /// Counsellor.
    pub counsellor: Option<bool>,
    /// Front desk.
    pub front_desk: Option<bool>,
    /// Unit lead.
    pub unit_lead: Option<bool>,
    /// Organisation administrator.
    pub org_admin: Option<bool>,
}

/// A person as the list and the person page show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRow {
    /// `person.id`.
    pub id: i32,
    /// Display name.
    pub name: String,
    /// E-mail address, lower-case.
    pub email: Option<String>,
    /// `de` or `en`.
    pub locale: String,
    /// Slug of their unit.
    pub unit_slug: Option<String>,
    /// Name of their unit.
    pub unit: Option<String>,
    /// Role codes.
    pub roles: Vec<String>,
    /// Whether they may sign in and book.
    pub active: bool,
    /// Whether they have a passkey.
    pub has_passkey: bool,
    /// Whether they need an accessible desk.
    pub needs_accessible_desk: bool,
}

/// A unit one may choose: slug and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitChoice {
    /// URL-safe short name.
    pub slug: String,
    /// Display name.
    pub name: String,
}

/// The list page: the people found, the units of the organisation, the roles one may grant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleList {
    /// The people found, by name (at most 200).
    pub people: Vec<PersonRow>,
    /// How many match in all.
    pub total: u64,
    /// The units of the organisation, by name.
    pub units: Vec<UnitChoice>,
    /// Role codes an organisation administrator grants.
    pub grantable: Vec<String>,
}

/// What deactivating a person ends (or ended).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndCounts {
    /// Open browser sessions.
    pub sessions: u64,
    /// Personal access tokens and calendar feeds.
    pub tokens: u64,
    /// Passkeys.
    pub passkeys: u64,
    /// Badges.
    pub badges: u64,
    /// Desk bookings that have not ended.
    pub desk_bookings: u64,
    /// Room reservations that have not ended.
    pub room_reservations: u64,
    /// Pending requests for the day allocation.
    pub desk_requests: u64,
}

/// The person page: the person, what may be chosen, and what deactivating them would end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonDetail {
    /// The person.
    pub person: PersonRow,
    /// The open units of the organisation, by name.
    pub units: Vec<UnitChoice>,
    /// Role codes an organisation administrator grants.
    pub grantable: Vec<String>,
    /// The administrator looks at themselves (no deactivation, no erasure).
    pub is_self: bool,
    /// The person holds a building-wide role (changed on the command line only).
    pub building_role: bool,
    /// What deactivating them now would end (when active).
    pub would_end: Option<EndCounts>,
}

/// An invitation link, shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    /// `person.id` of the person invited.
    pub person_id: i32,
    /// The link to hand over, `…/invite/pwi_…`.
    pub link: String,
    /// When it expires (RFC 3339).
    pub expires_at: String,
}

#[cfg(feature = "ssr")]
mod serve {
    //! What the server functions share: the error a person sees, and the views.

    use entities::unit;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

    use super::{PersonRow, UnitChoice};
    use crate::error::AppError;
    use crate::services::people_admin::{AdminError, PersonView};

    /// The error a person sees for a refused request about a person (a taken address is a
    /// conflict of the `email` field).
    pub fn refused(err: AdminError) -> AppError {
        match err {
            AdminError::NotFound => AppError::NotFound,
            AdminError::Forbidden(_) => AppError::Forbidden,
            AdminError::StepUpRequired => AppError::StepUpRequired,
            AdminError::InvalidInput(why) => AppError::InvalidInput(why),
            AdminError::EmailTaken => {
                AppError::Conflict("email: a person with this address exists".into())
            }
            AdminError::Database(err) => AppError::from(err),
            AdminError::Other(err) => AppError::from(err),
        }
    }

    /// The row of `view`.
    pub fn row(view: PersonView) -> PersonRow {
        PersonRow {
            id: view.id,
            name: view.display_name,
            email: view.email,
            locale: view.locale.to_owned(),
            unit_slug: view.unit.as_ref().map(|u| u.slug.clone()),
            unit: view.unit.map(|u| u.name),
            roles: view.roles.into_iter().map(str::to_owned).collect(),
            active: view.active,
            has_passkey: view.has_passkey,
            needs_accessible_desk: view.needs_accessible_desk,
        }
    }

    /// The open units of organisation `organisation_id`, by name: those people may be put in.
    pub async fn units(
        db: &sea_orm::DatabaseConnection,
        organisation_id: i32,
    ) -> Result<Vec<UnitChoice>, AppError> {
        Ok(unit::Entity::find()
            .filter(unit::Column::OrganisationId.eq(organisation_id))
            .filter(unit::Column::Closed.eq(false))
            .order_by_asc(unit::Column::Name)
            .all(db)
            .await?
            .into_iter()
            .map(|u| UnitChoice {
                slug: u.slug,
                name: u.name,
            })
            .collect())
    }

    /// The codes of the roles an organisation administrator grants.
    pub fn grantable() -> Vec<String> {
        crate::services::people::GRANTABLE
            .into_iter()
            .map(|r| crate::services::account::role_code(r).to_owned())
            .collect()
    }

    /// The roles of the checkboxes ticked, of those an organisation administrator grants.
    pub fn ticked(roles: super::TickedRoles) -> Vec<entities::enums::Role> {
        use entities::enums::Role;
        [
            (Role::Employee, roles.employee),
            (Role::Counsellor, roles.counsellor),
            (Role::FrontDesk, roles.front_desk),
            (Role::UnitLead, roles.unit_lead),
            (Role::OrgAdmin, roles.org_admin),
        ]
        .into_iter()
        .filter(|(role, on)| {
            on.unwrap_or(false) && crate::services::people::GRANTABLE.contains(role)
        })
        .map(|(role, _)| role)
        .collect()
    }

    /// `text` trimmed, `None` when empty.
    pub fn given(text: Option<String>) -> Option<String> {
        text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
    }

    /// The link of invitation `token`.
    pub fn link(public_url: &str, token: &str) -> String {
        format!("{public_url}/invite/{token}")
    }
}

/// The people of the caller's organisation whose name or e-mail address contains `q`, of the
/// unit `unit` (slug), `active` or `inactive` (organisation administrators).
#[server(endpoint = "people_list")]
pub async fn list_people(
    q: Option<String>,
    unit: Option<String>,
    status: Option<String>,
) -> Result<PeopleList, AppError> {
    use crate::services::auth::{Permission, require};
    use crate::services::people_admin::{self, ListQuery, MAX_PAGE, Viewer};
    let who = require(Permission::ManagePeople)?;
    let ctx = context()?;
    let active = match serve::given(status).as_deref() {
        None => None,
        Some("active") => Some(true),
        Some("inactive") => Some(false),
        Some(_) => {
            return Err(AppError::InvalidInput("status: active or inactive".into()));
        }
    };
    let page = people_admin::list(
        &ctx.db,
        Viewer::Organisation(who.organisation_id),
        &ListQuery {
            unit: serve::given(unit),
            q: serve::given(q),
            active,
            offset: 0,
            limit: MAX_PAGE,
        },
    )
    .await
    .map_err(serve::refused)?;
    Ok(PeopleList {
        people: page.people.into_iter().map(serve::row).collect(),
        total: page.total,
        units: serve::units(&ctx.db, who.organisation_id).await?,
        grantable: serve::grantable(),
    })
}

/// Person `id` of the caller's organisation, with what deactivating them would end
/// (organisation administrators).
#[server(endpoint = "people_get")]
pub async fn get_managed_person(id: i32) -> Result<PersonDetail, AppError> {
    use crate::services::auth::{Permission, require};
    use crate::services::people_admin::{self, Viewer, lifecycle};
    let who = require(Permission::ManagePeople)?;
    let ctx = context()?;
    let view = people_admin::get(&ctx.db, Viewer::Organisation(who.organisation_id), id)
        .await
        .map_err(serve::refused)?;
    let grantable = serve::grantable();
    let building_role = view.roles.iter().any(|r| !grantable.iter().any(|g| g == r));
    let would_end = if view.active {
        let topology = ctx.topology.get(&ctx.db).await?;
        let ended = lifecycle::preview(&ctx.db, &topology, &who, id, chrono::Utc::now())
            .await
            .map_err(serve::refused)?;
        Some(EndCounts {
            sessions: ended.sessions,
            tokens: ended.tokens,
            passkeys: ended.passkeys,
            badges: ended.badges,
            desk_bookings: ended.desk_bookings,
            room_reservations: ended.room_reservations,
            desk_requests: ended.desk_requests,
        })
    } else {
        None
    };
    Ok(PersonDetail {
        is_self: view.id == who.person_id,
        person: serve::row(view),
        units: serve::units(&ctx.db, who.organisation_id).await?,
        grantable,
        building_role,
        would_end,
    })
}

/// Creates a person of the caller's organisation in unit `unit` (slug, optional) with the
/// roles ticked (at least one), and an invitation link for them, shown once (organisation
/// administrators).
#[server(endpoint = "people_create")]
pub async fn create_person(
    name: String,
    email: Option<String>,
    unit: Option<String>,
    #[server(default)] roles: TickedRoles,
) -> Result<Invitation, AppError> {
    use crate::services::auth::{Permission, require};
    use crate::services::people_admin::{edit, invite};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let who = require(Permission::ManagePeople)?;
    let ctx = context()?;
    let name = crate::services::account::clean_name(&name)?;
    let email = serve::given(email)
        .map(|e| edit::clean_email(&e))
        .transpose()
        .map_err(serve::refused)?;
    let roles = serve::ticked(roles);
    if roles.is_empty() {
        return Err(AppError::InvalidInput("roles: at least one role".into()));
    }
    let unit_id = match serve::given(unit) {
        Some(slug) => Some(
            entities::unit::Entity::find()
                .filter(entities::unit::Column::Slug.eq(slug.as_str()))
                .filter(entities::unit::Column::OrganisationId.eq(who.organisation_id))
                .filter(entities::unit::Column::Closed.eq(false))
                .one(&ctx.db)
                .await?
                .ok_or_else(|| AppError::InvalidInput("unit: no such unit".into()))?
                .id,
        ),
        None => None,
    };
    let id = crate::services::people::create(
        &ctx.db,
        crate::services::people::NewPerson {
            organisation_id: who.organisation_id,
            unit_id,
            name,
            email,
            roles,
        },
        Some(who.person_id),
    )
    .await
    .map_err(|err| match err {
        crate::services::people::CreateError::EmailTaken => {
            serve::refused(crate::services::people_admin::AdminError::EmailTaken)
        }
        crate::services::people::CreateError::Database(err) => AppError::from(err),
    })?;
    let (token, expires_at) = invite::invite(
        &ctx.db,
        &who,
        id,
        ctx.invitation_validity,
        chrono::Utc::now(),
    )
    .await
    .map_err(serve::refused)?;
    Ok(Invitation {
        person_id: id,
        link: serve::link(&ctx.public_url, &token),
        expires_at: expires_at.to_rfc3339(),
    })
}

/// Changes person `id` of the caller's organisation: name, e-mail address (empty: none),
/// language, unit (slug of a unit of the organisation; empty: none), whether they need an
/// accessible desk (organisation administrators).
#[server(endpoint = "people_change")]
pub async fn change_person(
    id: i32,
    name: String,
    email: Option<String>,
    locale: String,
    unit: Option<String>,
    needs_accessible_desk: Option<bool>,
) -> Result<PersonRow, AppError> {
    use crate::services::auth::{Permission, require};
    use crate::services::people_admin::{Viewer, edit, get};
    let who = require(Permission::ManagePeople)?;
    let ctx = context()?;
    // A person stays in their unit when it is closed (the form shows it): only a move is one.
    let current = get(&ctx.db, Viewer::Organisation(who.organisation_id), id)
        .await
        .map_err(serve::refused)?;
    let unit = serve::given(unit);
    let moved = unit != current.unit.map(|u| u.slug);
    let change = edit::Change {
        display_name: Some(name),
        email: Some(serve::given(email)),
        locale: Some(locale),
        unit: moved.then_some(unit),
        needs_accessible_desk: Some(needs_accessible_desk.unwrap_or(false)),
    };
    let view = edit::change(&ctx.db, &who, id, &change)
        .await
        .map_err(serve::refused)?;
    Ok(serve::row(view))
}

/// Gives person `id` of the caller's organisation exactly the roles ticked (at least one, of
/// those an organisation administrator grants); needs a passkey confirmation within the last
/// five minutes. The roles now held.
#[server(endpoint = "people_set_roles")]
pub async fn set_person_roles(
    id: i32,
    #[server(default)] roles: TickedRoles,
) -> Result<Vec<String>, AppError> {
    use crate::services::auth::{Permission, require};
    use crate::services::people_admin::{Viewer, get};
    let who = require(Permission::ManagePeople)?;
    let ctx = context()?;
    // Out of view is "not found" before anything else is said about the person.
    get(&ctx.db, Viewer::Organisation(who.organisation_id), id)
        .await
        .map_err(serve::refused)?;
    let roles = serve::ticked(roles);
    let held = crate::services::people::set_roles(&ctx.db, &who, id, &roles).await?;
    Ok(held
        .into_iter()
        .map(|r| crate::services::account::role_code(r).to_owned())
        .collect())
}

/// Deactivates person `id` of the caller's organisation, a leaver: their sessions, tokens and
/// passkeys end at once, their bookings that have not ended are cancelled. What ended
/// (organisation administrators).
#[server(endpoint = "people_deactivate")]
pub async fn deactivate_person(id: i32) -> Result<EndCounts, AppError> {
    use crate::services::auth::{Permission, require};
    use crate::services::people_admin::lifecycle;
    let who = require(Permission::ManagePeople)?;
    let ctx = context()?;
    let topology = ctx.topology.get(&ctx.db).await?;
    let ended = lifecycle::deactivate(&ctx.db, &topology, &who, id, chrono::Utc::now())
        .await
        .map_err(serve::refused)?;
    Ok(EndCounts {
        sessions: ended.sessions,
        tokens: ended.tokens,
        passkeys: ended.passkeys,
        badges: ended.badges,
        desk_bookings: ended.desk_bookings,
        room_reservations: ended.room_reservations,
        desk_requests: ended.desk_requests,
    })
}

/// Lets deactivated person `id` of the caller's organisation sign in and book again
/// (organisation administrators).
#[server(endpoint = "people_reactivate")]
pub async fn reactivate_person(id: i32) -> Result<(), AppError> {
    use crate::services::auth::{Permission, require};
    use crate::services::people_admin::lifecycle;
    let who = require(Permission::ManagePeople)?;
    let ctx = context()?;
    lifecycle::reactivate(&ctx.db, &who, id, chrono::Utc::now())
        .await
        .map_err(serve::refused)?;
    Ok(())
}

/// A new invitation link for person `id` of the caller's organisation, who has no passkey;
/// older links are void (organisation administrators).
#[server(endpoint = "people_invite")]
pub async fn invite_person(id: i32) -> Result<Invitation, AppError> {
    use crate::services::auth::{Permission, require};
    use crate::services::people_admin::invite;
    let who = require(Permission::ManagePeople)?;
    let ctx = context()?;
    let (token, expires_at) = invite::invite(
        &ctx.db,
        &who,
        id,
        ctx.invitation_validity,
        chrono::Utc::now(),
    )
    .await
    .map_err(serve::refused)?;
    Ok(Invitation {
        person_id: id,
        link: serve::link(&ctx.public_url, &token),
        expires_at: expires_at.to_rfc3339(),
    })
}

/// Erases person `id` of the caller's organisation on a data-protection request, when
/// `confirmation` is their name as shown; needs a passkey confirmation within the last five
/// minutes (organisation administrators).
#[server(endpoint = "people_erase")]
pub async fn erase_person(id: i32, confirmation: String) -> Result<(), AppError> {
    use crate::services::auth::{Permission, require};
    use crate::services::people_admin::{Viewer, erase, get};
    let who = require(Permission::ManagePeople)?;
    let ctx = context()?;
    let person = get(&ctx.db, Viewer::Organisation(who.organisation_id), id)
        .await
        .map_err(serve::refused)?;
    if confirmation.trim() != person.display_name {
        return Err(AppError::InvalidInput(
            "confirmation: type the person's name as shown".into(),
        ));
    }
    let topology = ctx.topology.get(&ctx.db).await?;
    erase::erase(&ctx.db, &topology, &who, id, chrono::Utc::now())
        .await
        .map_err(serve::refused)
}
