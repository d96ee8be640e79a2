//! Administering the people of an organisation over HTTP: finding, changing and moving them,
//! the leaver and the returner, and data-protection requests (see [`domain::people_admin`]).
//! Creating people, invitations and roles are in [`super::account`].
//!
//! | route | who |
//! | --- | --- |
//! | `GET /api/v1/people`, `GET /api/v1/people/{id}` | organisation administrators (own organisation), building administrators (everybody) |
//! | `PATCH /api/v1/people/{id}` | organisation administrators, own organisation |
//! | `POST /api/v1/people/{id}/deactivate`, `…/reactivate` | organisation administrators, own organisation |
//! | `GET /api/v1/people/{id}/export` | organisation administrators, own organisation; recorded |
//! | `POST /api/v1/people/{id}/erase` | organisation administrators, own organisation, after a step-up |
//!
//! A person of another organisation is answered as if there were none (404): an
//! administrator learns nothing about other organisations' people, not even that they exist.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Utc;
use domain::people_admin::{
    self, AdminError, ListQuery, PeoplePage, PersonView, Viewer, edit, erase, export, lifecycle,
};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::input::{ApiJson, ApiPath, ApiQuery};
use crate::auth::extract::Authenticated;
use crate::problem::Problem;
use crate::web::WebState;

/// The OpenAPI description of the people administration endpoints.
#[derive(OpenApi)]
#[openapi(
    paths(
        list_people,
        get_person,
        change_person,
        deactivate,
        reactivate,
        export_person,
        erase_person
    ),
    components(schemas(Problem, Person, PersonUnit, People, PersonChange, Deactivated))
)]
pub struct PeopleApi;

/// The people administration routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/api/v1/people", get(list_people))
        .route("/api/v1/people/{id}", get(get_person).patch(change_person))
        .route("/api/v1/people/{id}/deactivate", post(deactivate))
        .route("/api/v1/people/{id}/reactivate", post(reactivate))
        .route("/api/v1/people/{id}/export", get(export_person))
        .route("/api/v1/people/{id}/erase", post(erase_person))
}

/// A person's unit.
#[derive(Serialize, ToSchema)]
struct PersonUnit {
    /// `unit.id`.
    id: i32,
    /// URL-safe short name.
    slug: String,
    /// Display name.
    name: String,
}

/// A person as their administrators see them.
#[derive(Serialize, ToSchema)]
struct Person {
    /// `person.id`.
    id: i32,
    /// Display name.
    display_name: String,
    /// E-mail address, lower-case.
    email: Option<String>,
    /// `de` or `en`.
    locale: String,
    /// `organisation.id`.
    organisation_id: i32,
    /// Their unit, if any.
    unit: Option<PersonUnit>,
    /// Role codes: `employee`, `counsellor`, `unit_lead`, `facility_manager`, `org_admin`,
    /// `building_admin`.
    roles: Vec<String>,
    /// Whether they may sign in and book.
    active: bool,
    /// Whether they have registered a passkey.
    has_passkey: bool,
    /// Whether they need an accessible desk.
    needs_accessible_desk: bool,
    /// When they were created (RFC 3339).
    created_at: String,
}

impl From<PersonView> for Person {
    fn from(view: PersonView) -> Self {
        Person {
            id: view.id,
            display_name: view.display_name,
            email: view.email,
            locale: view.locale.to_string(),
            organisation_id: view.organisation_id,
            unit: view.unit.map(|u| PersonUnit {
                id: u.id,
                slug: u.slug,
                name: u.name,
            }),
            roles: view.roles.into_iter().map(str::to_string).collect(),
            active: view.active,
            has_passkey: view.has_passkey,
            needs_accessible_desk: view.needs_accessible_desk,
            created_at: view.created_at.to_rfc3339(),
        }
    }
}

/// One page of people.
#[derive(Serialize, ToSchema)]
struct People {
    /// By name, then id.
    people: Vec<Person>,
    /// How many match in all.
    total: u64,
}

impl From<PeoplePage> for People {
    fn from(page: PeoplePage) -> Self {
        People {
            people: page.people.into_iter().map(Person::from).collect(),
            total: page.total,
        }
    }
}

/// Which people to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct PeopleQuery {
    /// Only the people of the unit with this slug.
    unit: Option<String>,
    /// Only those whose name or e-mail address contains this, ignoring case.
    q: Option<String>,
    /// Only active (`true`) or inactive (`false`) people.
    active: Option<bool>,
    /// Skip this many (default 0).
    #[param(maximum = 1000000000)]
    offset: Option<u64>,
    /// At most this many, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u64>,
}

/// What to change about a person; a field left out stays as it is.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct PersonChange {
    /// Display name, 1 to 80 characters.
    display_name: Option<String>,
    /// E-mail address, unique (stored lower-case); `null` removes it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    email: Option<Option<String>>,
    /// `de` or `en`.
    locale: Option<String>,
    /// Slug of another unit of the person's organisation; `null`: no unit.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    unit: Option<Option<String>>,
    /// Whether the person needs an accessible desk (the home-zone planner counts such people
    /// per unit, never by name).
    needs_accessible_desk: Option<bool>,
}

/// A field that is present, `null` or not: `Some(None)` for `null`, `None` (by `default`)
/// when left out.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

/// What ended when a person was deactivated.
#[derive(Serialize, ToSchema)]
struct Deactivated {
    /// The person as they are now.
    person: Person,
    /// Browser sessions ended.
    sessions: u64,
    /// Personal access tokens and calendar feeds revoked.
    tokens: u64,
    /// Passkeys removed.
    passkeys: u64,
    /// Badges removed.
    badges: u64,
    /// Desk bookings cancelled (a full day whose morning is over keeps the morning).
    desk_bookings: u64,
    /// Room reservations cancelled or ended at the next quarter hour.
    room_reservations: u64,
    /// Requests for the day allocation withdrawn.
    desk_requests: u64,
}

/// The problem document of a refused request about a person.
pub(super) fn problem(err: AdminError) -> Problem {
    match err {
        AdminError::NotFound => Problem::not_found("No such person in your organisation."),
        AdminError::Forbidden(why) => Problem::forbidden().with_detail(why),
        AdminError::StepUpRequired => Problem::step_up_required(),
        AdminError::InvalidInput(why) => Problem::invalid_input(why),
        AdminError::EmailTaken => {
            Problem::new(StatusCode::CONFLICT, "already-exists", "Already exists")
                .with_detail("email: a person with this address exists")
        }
        AdminError::Database(err) => Problem::from(err),
        AdminError::Other(err) => Problem::from(err),
    }
}

/// The people one administers: an organisation administrator those of their organisation, a building administrator everybody. Erased people are not listed.
#[utoipa::path(
    get,
    path = "/api/v1/people",
    tag = "people",
    params(PeopleQuery),
    responses(
        (status = 200, description = "One page, by name", body = People),
        (status = 400, description = "An unknown unit, a limit or offset out of range, or control characters", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_people(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiQuery(query): ApiQuery<PeopleQuery>,
) -> Result<Json<People>, Problem> {
    let principal = caller.require(domain::auth::Permission::ViewPeople)?;
    let viewer = Viewer::of(&principal)?;
    let limit = query.limit.unwrap_or(50);
    if !(1..=people_admin::MAX_PAGE).contains(&limit) {
        return Err(Problem::invalid_input("limit: 1 to 200"));
    }
    let offset = query.offset.unwrap_or(0);
    if offset > 1_000_000_000 {
        return Err(Problem::invalid_input("offset: at most 1000000000"));
    }
    let page = people_admin::list(
        &state.app.db,
        viewer,
        &ListQuery {
            unit: query.unit,
            q: query.q,
            active: query.active,
            offset,
            limit,
        },
    )
    .await
    .map_err(problem)?;
    Ok(Json(page.into()))
}

/// One person one administers.
#[utoipa::path(
    get,
    path = "/api/v1/people/{id}",
    tag = "people",
    params(("id" = i32, Path, description = "`person.id`")),
    responses(
        (status = 200, description = "The person", body = Person),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person among those one administers", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_person(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<Person>, Problem> {
    let principal = caller.require(domain::auth::Permission::ViewPeople)?;
    let viewer = Viewer::of(&principal)?;
    let person = people_admin::get(&state.app.db, viewer, id)
        .await
        .map_err(problem)?;
    Ok(Json(person.into()))
}

/// Changes a person of one's organisation: display name, e-mail address, language, and unit (another unit of the same organisation). Fields left out stay as they are; nothing changes when anything is refused. Recorded in the audit log (which fields, not their values).
#[utoipa::path(
    patch,
    path = "/api/v1/people/{id}",
    tag = "people",
    params(("id" = i32, Path, description = "`person.id`")),
    request_body = PersonChange,
    responses(
        (status = 200, description = "The person as they are now", body = Person),
        (status = 400, description = "No name, a malformed address, an unknown language, or a unit not of the person's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organisation administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person in one's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The e-mail address is taken", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn change_person(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<PersonChange>,
) -> Result<Json<Person>, Problem> {
    let principal = caller.require(domain::auth::Permission::ManagePeople)?;
    let change = edit::Change {
        display_name: body.display_name,
        email: body.email,
        locale: body.locale,
        unit: body.unit,
        needs_accessible_desk: body.needs_accessible_desk,
    };
    let person = edit::change(&state.app.db, &principal, id, &change)
        .await
        .map_err(problem)?;
    Ok(Json(person.into()))
}

/// Deactivates a leaver of one's organisation, at once: their browser sessions and API tokens end, their passkeys and badges are removed, their desk bookings and room reservations that have not ended are cancelled (what is over stays), their desk shows free. They can no longer sign in or book. Not oneself, nor somebody with a building-wide role. Recorded in the audit log with counts only.
#[utoipa::path(
    post,
    path = "/api/v1/people/{id}/deactivate",
    tag = "people",
    params(("id" = i32, Path, description = "`person.id`")),
    responses(
        (status = 200, description = "Deactivated; what ended", body = Deactivated),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organisation administrator, oneself, or a person with a building-wide role", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person in one's organisation", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn deactivate(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<Deactivated>, Problem> {
    let principal = caller.require(domain::auth::Permission::ManagePeople)?;
    let topology = state.app.topology.get(&state.app.db).await?;
    let now = Utc::now();
    let ended = lifecycle::deactivate(&state.app.db, &topology, &principal, id, now)
        .await
        .map_err(problem)?;
    let person = people_admin::get(
        &state.app.db,
        Viewer::Organisation(principal.organisation_id),
        id,
    )
    .await
    .map_err(problem)?;
    Ok(Json(Deactivated {
        person: person.into(),
        sessions: ended.sessions,
        tokens: ended.tokens,
        passkeys: ended.passkeys,
        badges: ended.badges,
        desk_bookings: ended.desk_bookings,
        room_reservations: ended.room_reservations,
        desk_requests: ended.desk_requests,
    }))
}

/// Lets a deactivated person of one's organisation sign in and book again. Their cancelled bookings stay cancelled; their passkeys are gone, so they sign in with a new invitation (`POST /api/v1/people/{id}/invitations`). Recorded in the audit log.
#[utoipa::path(
    post,
    path = "/api/v1/people/{id}/reactivate",
    tag = "people",
    params(("id" = i32, Path, description = "`person.id`")),
    responses(
        (status = 200, description = "The person as they are now", body = Person),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organisation administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person in one's organisation", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn reactivate(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<Person>, Problem> {
    let principal = caller.require(domain::auth::Permission::ManagePeople)?;
    let person = lifecycle::reactivate(&state.app.db, &principal, id, Utc::now())
        .await
        .map_err(problem)?;
    Ok(Json(person.into()))
}

/// Everything Platzwahl stores about a person of one's organisation, for a data-protection access request: profile, organisation and unit, roles, deputies (by id), badges (as stored: hashed), passkeys, sessions and tokens (metadata, no secrets), invitations, desk bookings, requests, room reservations (their own protected ones with subject and notes), series, check-ins, and the audit entries by and about them. Recorded in the audit log.
#[utoipa::path(
    get,
    path = "/api/v1/people/{id}/export",
    tag = "people",
    params(("id" = i32, Path, description = "`person.id`")),
    responses(
        (status = 200, description = "The person's data as one JSON document", body = Object),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organisation administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person in one's organisation", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn export_person(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<serde_json::Value>, Problem> {
    let principal = caller.require(domain::auth::Permission::ManagePeople)?;
    let document = export::export(&state.app.db, &principal, id, Utc::now())
        .await
        .map_err(problem)?;
    Ok(Json(document))
}

/// Erases a person of one's organisation on a data-protection request: what lets them in ends as for a leaver; their bookings, reservations and check-ins stay for the statistics without them (a reservation also without subject and notes); their personal data, roles, badges, passkeys, sessions and tokens are deleted; the audit log keeps its entries but no longer names them. Cannot be undone. Needs a passkey confirmation within the last five minutes (`POST /api/v1/auth/step-up`); not oneself, nor somebody with a building-wide role. Recorded in the audit log.
#[utoipa::path(
    post,
    path = "/api/v1/people/{id}/erase",
    tag = "people",
    params(("id" = i32, Path, description = "`person.id`")),
    responses(
        (status = 204, description = "Erased"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organisation administrator, oneself, a person with a building-wide role, or no fresh passkey confirmation (`/problems/step-up-required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person in one's organisation", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn erase_person(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
) -> Result<StatusCode, Problem> {
    let principal = caller.require(domain::auth::Permission::ManagePeople)?;
    let topology = state.app.topology.get(&state.app.db).await?;
    erase::erase(&state.app.db, &topology, &principal, id, Utc::now())
        .await
        .map_err(problem)?;
    Ok(StatusCode::NO_CONTENT)
}
