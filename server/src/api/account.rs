//! One's own account, people and devices over HTTP:
//!
//! | route | who |
//! | --- | --- |
//! | `GET /api/v1/me` | signed in |
//! | `GET /api/v1/me/passkeys`, `PATCH`/`DELETE /api/v1/me/passkeys/{id}` | signed in with a session |
//! | `GET`/`POST /api/v1/me/tokens`, `DELETE /api/v1/me/tokens/{id}` | signed in with a session |
//! | `GET /api/v1/me/sessions`, `DELETE /api/v1/me/sessions/{id}` | signed in with a session |
//! | `POST /api/v1/people`, `POST /api/v1/people/{id}/invitations` | organisation administrators, own organisation |
//! | `PUT /api/v1/people/{id}/roles` | organisation administrators, own organisation, after a step-up |
//! | `GET`/`POST /api/v1/devices`, `DELETE /api/v1/devices/{id}` | building administrators |
//!
//! Signing in and out, passkey ceremonies, invitations and demo sign-in are in
//! [`crate::auth::routes`].

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use domain::account::{self, role_code};
use domain::auth::{Permission, Scope, Via};
use domain::people::GRANTABLE;
use entities::enums::ApiTokenKind;
use entities::unit;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;
use wire::identity::{CreatedToken, Me, PasskeyView, SessionView, TokenView};

use super::input::{ApiJson, ApiPath};
use crate::auth::extract::Authenticated;
use crate::problem::Problem;
use crate::web::WebState;

/// The OpenAPI description of the account, people and device endpoints.
#[derive(OpenApi)]
#[openapi(
    paths(
        me, my_passkeys, rename_passkey, revoke_passkey, my_tokens, create_token, revoke_token,
        my_sessions, end_session, create_person, create_invitation, set_roles, devices, create_device,
        revoke_device
    ),
    components(schemas(
        Problem, Me, PasskeyView, TokenView, CreatedToken, SessionView, Rename, NewToken,
        NewPerson, CreatedPerson, InvitationLink, Roles
    )),
    tags(
        (name = "account", description = "One's own account: passkeys, tokens, sessions"),
        (name = "people", description = "People of one's organisation and their invitations"),
        (name = "devices", description = "Device tokens of badge readers and kiosks")
    )
)]
pub struct AccountApi;

/// The account, people and device routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/api/v1/me", get(me))
        .route("/api/v1/me/passkeys", get(my_passkeys))
        .route(
            "/api/v1/me/passkeys/{id}",
            delete(revoke_passkey).patch(rename_passkey),
        )
        .route("/api/v1/me/tokens", get(my_tokens).post(create_token))
        .route("/api/v1/me/tokens/{id}", delete(revoke_token))
        .route("/api/v1/me/sessions", get(my_sessions))
        .route("/api/v1/me/sessions/{id}", delete(end_session))
        .route("/api/v1/people", post(create_person))
        .route("/api/v1/people/{id}/invitations", post(create_invitation))
        .route("/api/v1/people/{id}/roles", put(set_roles))
        .route("/api/v1/devices", get(devices).post(create_device))
        .route("/api/v1/devices/{id}", delete(revoke_device))
}

/// A person just created.
#[derive(Serialize, utoipa::ToSchema)]
struct CreatedPerson {
    /// `person.id`.
    id: i32,
}

/// An invitation link and until when it works.
#[derive(Serialize, utoipa::ToSchema)]
struct InvitationLink {
    /// The link to open, `…/invite/pwi_…`.
    link: String,
    /// When it expires (RFC 3339).
    expires_at: String,
}

/// Who is signed in: name, organisation, unit, roles.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "account",
    responses(
        (status = 200, description = "The person", body = Me),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn me(State(state): State<WebState>, caller: Authenticated) -> Result<Json<Me>, Problem> {
    let principal = caller.require(Permission::ViewBuilding)?;
    Ok(Json(account::me(&state.app.db, principal.person_id).await?))
}

/// The signed-in person's passkeys.
#[utoipa::path(
    get,
    path = "/api/v1/me/passkeys",
    tag = "account",
    responses(
        (status = 200, description = "Oldest first", body = [PasskeyView]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not with a token", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn my_passkeys(
    State(state): State<WebState>,
    caller: Authenticated,
) -> Result<Json<Vec<PasskeyView>>, Problem> {
    let principal = caller.require(Permission::ManageOwnAccount)?;
    Ok(Json(
        account::account(&state.app.db, principal.person_id, None)
            .await?
            .passkeys,
    ))
}

/// A passkey's new name.
#[derive(Deserialize, utoipa::ToSchema)]
struct Rename {
    /// Such as "Laptop" or "Diensthandy": 1 to 80 characters, not only spaces, no control
    /// characters.
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    name: String,
}

/// Renames one of one's passkeys.
#[utoipa::path(
    patch,
    path = "/api/v1/me/passkeys/{id}",
    tag = "account",
    params(("id" = i32, Path, description = "`passkey.id`")),
    request_body = Rename,
    responses(
        (status = 204, description = "Renamed"),
        (status = 400, description = "No name, or one too long", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such passkey of yours", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn rename_passkey(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<Rename>,
) -> Result<StatusCode, Problem> {
    let principal = caller.require(Permission::ManageOwnAccount)?;
    account::rename_passkey(&state.app.db, &principal, id, &body.name).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Revokes one of one's passkeys; it signs in no more.
#[utoipa::path(
    delete,
    path = "/api/v1/me/passkeys/{id}",
    tag = "account",
    params(("id" = i32, Path, description = "`passkey.id`")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such passkey of yours", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn revoke_passkey(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
) -> Result<StatusCode, Problem> {
    let principal = caller.require(Permission::ManageOwnAccount)?;
    account::revoke_passkey(&state.app.db, &principal, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One's personal access tokens that are neither revoked nor expired.
#[utoipa::path(
    get,
    path = "/api/v1/me/tokens",
    tag = "account",
    responses(
        (status = 200, description = "Oldest first", body = [TokenView]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not with a token", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn my_tokens(
    State(state): State<WebState>,
    caller: Authenticated,
) -> Result<Json<Vec<TokenView>>, Problem> {
    let principal = caller.require(Permission::ManageOwnAccount)?;
    Ok(Json(
        account::account(&state.app.db, principal.person_id, None)
            .await?
            .tokens,
    ))
}

/// One's open browser sessions; `current` marks the one asking.
#[utoipa::path(
    get,
    path = "/api/v1/me/sessions",
    tag = "account",
    responses(
        (status = 200, description = "Newest first", body = [SessionView]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not with a token", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn my_sessions(
    State(state): State<WebState>,
    caller: Authenticated,
) -> Result<Json<Vec<SessionView>>, Problem> {
    let principal = caller.require(Permission::ManageOwnAccount)?;
    let current = match principal.via {
        Via::Session(id) => Some(id),
        _ => None,
    };
    Ok(Json(
        account::account(&state.app.db, principal.person_id, current)
            .await?
            .sessions,
    ))
}

/// Ends one of one's sessions: that browser is signed out.
#[utoipa::path(
    delete,
    path = "/api/v1/me/sessions/{id}",
    tag = "account",
    params(("id" = i32, Path, description = "`web_session.id`")),
    responses(
        (status = 204, description = "Ended"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such open session of yours", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn end_session(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
) -> Result<StatusCode, Problem> {
    let principal = caller.require(Permission::ManageOwnAccount)?;
    account::end_session(&state.app.db, &principal, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A token to create.
#[derive(Deserialize, utoipa::ToSchema)]
struct NewToken {
    /// What it is for, such as "Skript": 1 to 80 characters, not only spaces, no control
    /// characters.
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    name: String,
    /// Scope codes, at least one.
    #[schema(min_items = 1)]
    scopes: Vec<String>,
    /// Personal tokens: days until the token ends (default 90, 1 to 365).
    #[schema(minimum = 1, maximum = 365)]
    expires_in_days: Option<u32>,
}

fn parse_scopes(names: &[String], allowed: &[Scope]) -> Result<Vec<Scope>, Problem> {
    names
        .iter()
        .map(|name| {
            Scope::from_code(name)
                .filter(|scope| allowed.contains(scope))
                .ok_or_else(|| {
                    let allowed: Vec<_> = allowed.iter().map(|s| s.code()).collect();
                    Problem::invalid_input(format!(
                        "scopes: unknown scope {name:?}; allowed: {}",
                        allowed.join(", ")
                    ))
                })
        })
        .collect()
}

/// Creates a personal access token (`Authorization: Bearer pwt_…`) with scopes `read`, `book`, `admin`, never more than one's roles (`admin` needs a passkey confirmation within the last five minutes, `POST /api/v1/auth/step-up`); it ends after `expires_in_days` (default 90, at most 365). The token is shown once.
#[utoipa::path(
    post,
    path = "/api/v1/me/tokens",
    tag = "account",
    request_body = NewToken,
    responses(
        (status = 201, description = "Created; copy the token now", body = CreatedToken),
        (status = 400, description = "No name, an unknown scope, or a lifetime outside 1 to 365 days", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not with a token; the `admin` scope without a passkey confirmation in the last five minutes (`/problems/step-up-required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn create_token(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiJson(body): ApiJson<NewToken>,
) -> Result<(StatusCode, Json<CreatedToken>), Problem> {
    let principal = caller.require(Permission::ManageOwnAccount)?;
    let scopes = parse_scopes(&body.scopes, &[Scope::Read, Scope::Book, Scope::Admin])?;
    let created = account::create_personal_token(
        &state.app.db,
        &principal,
        &body.name,
        &scopes,
        body.expires_in_days,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Revokes one of one's personal access tokens.
#[utoipa::path(
    delete,
    path = "/api/v1/me/tokens/{id}",
    tag = "account",
    params(("id" = i32, Path, description = "`api_token.id`")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such token of yours", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn revoke_token(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
) -> Result<StatusCode, Problem> {
    let principal = caller.require(Permission::ManageOwnAccount)?;
    account::revoke_token(
        &state.app.db,
        &principal,
        id,
        ApiTokenKind::Personal,
        Some(principal.person_id),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A person to create.
#[derive(Deserialize, utoipa::ToSchema)]
struct NewPerson {
    /// Display name, 1 to 80 characters.
    display_name: String,
    /// E-mail address, unique.
    email: Option<String>,
    /// Slug of a unit of the administrator's organisation.
    unit: Option<String>,
    /// Role codes; an organisation administrator grants `employee`, `counsellor`, `unit_lead`
    /// and `org_admin`.
    roles: Vec<String>,
}

/// Creates a person of the administrator's organisation with roles an organisation administrator may grant (building-wide roles come from the command line); recorded in the audit log.
#[utoipa::path(
    post,
    path = "/api/v1/people",
    tag = "people",
    request_body = NewPerson,
    responses(
        (status = 201, description = "Created", body = CreatedPerson),
        (status = 400, description = "No name, an unknown unit, or a role that cannot be granted here", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organisation administrator", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The e-mail address is taken", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn create_person(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiJson(body): ApiJson<NewPerson>,
) -> Result<(StatusCode, Json<CreatedPerson>), Problem> {
    let principal = caller.require(Permission::ManagePeople)?;
    let name = account::clean_name(&body.display_name)
        .map_err(|_| Problem::invalid_input("display_name: 1 to 80 characters"))?;
    let mut roles = Vec::new();
    for code in &body.roles {
        let role = GRANTABLE
            .into_iter()
            .find(|role| role_code(*role) == code)
            .ok_or_else(|| {
                Problem::invalid_input(format!(
                    "roles: {code:?} cannot be granted here; allowed: employee, counsellor, unit_lead, org_admin"
                ))
            })?;
        roles.push(role);
    }
    let unit_id = match &body.unit {
        Some(slug) => Some(
            unit::Entity::find()
                .filter(unit::Column::Slug.eq(slug))
                .filter(unit::Column::OrganisationId.eq(principal.organisation_id))
                .one(&state.app.db)
                .await?
                .ok_or_else(|| {
                    Problem::invalid_input(format!("unit: no unit {slug:?} in your organisation"))
                })?
                .id,
        ),
        None => None,
    };
    let id = domain::people::create(
        &state.app.db,
        domain::people::NewPerson {
            organisation_id: principal.organisation_id,
            unit_id,
            name,
            email: body.email,
            roles,
        },
        Some(principal.person_id),
    )
    .await
    .map_err(|err| match err {
        domain::people::CreateError::EmailTaken => {
            Problem::new(StatusCode::CONFLICT, "already-exists", "Already exists")
                .with_detail("email: a person with this address exists")
        }
        domain::people::CreateError::Database(err) => Problem::from(err),
    })?;
    Ok((StatusCode::CREATED, Json(CreatedPerson { id })))
}

/// A one-time invitation link with which the person registers their first passkey; it voids older links and is mailed to the person when mail is on. Only for active people of one's organisation without a passkey whose every role one may grant: recovery for everyone else comes from the command line.
#[utoipa::path(
    post,
    path = "/api/v1/people/{id}/invitations",
    tag = "people",
    params(("id" = i32, Path, description = "`person.id`")),
    responses(
        (status = 201, description = "The link", body = InvitationLink),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The person has a passkey, a role one may not grant, or is deactivated", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person in one's organisation", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn create_invitation(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
) -> Result<(StatusCode, Json<InvitationLink>), Problem> {
    let principal = caller.require(Permission::ManagePeople)?;
    let (token, expires_at) = domain::people_admin::invite::invite(
        &state.app.db,
        &principal,
        id,
        state.app.invitation_validity,
        chrono::Utc::now(),
    )
    .await
    .map_err(super::people::problem)?;
    Ok((
        StatusCode::CREATED,
        Json(InvitationLink {
            link: state.auth.invitation_link(&token),
            expires_at: expires_at.to_rfc3339(),
        }),
    ))
}

/// A person's roles.
#[derive(Serialize, Deserialize, utoipa::ToSchema)]
struct Roles {
    /// Role codes: `employee`, `counsellor`, `unit_lead`, `org_admin`.
    roles: Vec<String>,
}

/// Gives a person of one's organisation exactly these roles (those an organisation administrator may grant, at least one). Needs a passkey confirmation within the last five minutes (`POST /api/v1/auth/step-up`); people with a building-wide role are changed on the command line. Recorded in the audit log.
#[utoipa::path(
    put,
    path = "/api/v1/people/{id}/roles",
    tag = "people",
    params(("id" = i32, Path, description = "`person.id`")),
    request_body = Roles,
    responses(
        (status = 200, description = "The roles now held", body = Roles),
        (status = 400, description = "No role, or one that cannot be granted here", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organisation administrator, the person holds a building-wide role, or no fresh passkey confirmation (`/problems/step-up-required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person in one's organisation", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn set_roles(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<Roles>,
) -> Result<Json<Roles>, Problem> {
    let principal = caller.require(Permission::ManagePeople)?;
    let roles = body
        .roles
        .iter()
        .map(|code| {
            GRANTABLE
                .into_iter()
                .find(|role| role_code(*role) == code)
                .ok_or_else(|| {
                    Problem::invalid_input(format!(
                        "roles: {code:?} cannot be granted here; allowed: employee, counsellor, unit_lead, org_admin"
                    ))
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let held = domain::people::set_roles(&state.app.db, &principal, id, &roles).await?;
    Ok(Json(Roles {
        roles: held.into_iter().map(|r| role_code(r).to_string()).collect(),
    }))
}

/// Device tokens (badge readers, kiosks) that are not revoked.
#[utoipa::path(
    get,
    path = "/api/v1/devices",
    tag = "devices",
    responses(
        (status = 200, description = "Oldest first", body = [TokenView]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn devices(
    State(state): State<WebState>,
    caller: Authenticated,
) -> Result<Json<Vec<TokenView>>, Problem> {
    caller.require(Permission::ManageBuilding)?;
    Ok(Json(account::device_tokens(&state.app.db).await?))
}

/// Creates a device token (`Bearer pwd_…`, scopes `checkin`, `read`, `mqtt`, `display`); shown once. With `mqtt` the device logs in to the embedded MQTT broker with the token's name as user name and the token as password. With `display` it opens the door and floor displays (`/displays/rooms/{id}?token=…` once, then a cookie) and nothing else.
#[utoipa::path(
    post,
    path = "/api/v1/devices",
    tag = "devices",
    request_body = NewToken,
    responses(
        (status = 201, description = "Created; copy the token now", body = CreatedToken),
        (status = 400, description = "No name or an unknown scope", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn create_device(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiJson(body): ApiJson<NewToken>,
) -> Result<(StatusCode, Json<CreatedToken>), Problem> {
    let principal = caller.require(Permission::ManageBuilding)?;
    let scopes = parse_scopes(
        &body.scopes,
        &[Scope::CheckIn, Scope::Read, Scope::Mqtt, Scope::Display],
    )?;
    let created = account::create_token(
        &state.app.db,
        &principal,
        ApiTokenKind::Device,
        None,
        &body.name,
        &scopes,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Revokes a device token.
#[utoipa::path(
    delete,
    path = "/api/v1/devices/{id}",
    tag = "devices",
    params(("id" = i32, Path, description = "`api_token.id`")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such device token", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn revoke_device(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
) -> Result<StatusCode, Problem> {
    let principal = caller.require(Permission::ManageBuilding)?;
    account::revoke_token(&state.app.db, &principal, id, ApiTokenKind::Device, None).await?;
    Ok(StatusCode::NO_CONTENT)
}
