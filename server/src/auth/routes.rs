//! The identity routes of the REST API:
//!
//! | route | who |
//! | --- | --- |
//! | `POST /api/v1/auth/passkeys/register/start`, `…/finish` | with an invitation, or signed in (adds a passkey) |
//! | `POST /api/v1/auth/passkeys/sign-in/start`, `…/finish` | anyone |
//! | `GET /api/v1/auth/invitations/{token}` | anyone with the link |
//! | `GET /api/v1/auth/demo-people`, `POST /api/v1/auth/demo-sign-in` | anyone, demo mode only |
//! | `POST /api/v1/auth/sign-out`, `POST /api/v1/auth/sign-out-everywhere` (sessions and personal tokens) | signed in |
//! | `GET /api/v1/me`, `GET /api/v1/me/passkeys`, `PATCH`/`DELETE /api/v1/me/passkeys/{id}` | signed in (account: session only) |
//! | `GET`/`POST /api/v1/me/tokens`, `DELETE /api/v1/me/tokens/{id}` | signed in with a session |
//! | `GET /api/v1/me/sessions`, `DELETE /api/v1/me/sessions/{id}` | signed in with a session |
//! | `POST /api/v1/people`, `POST /api/v1/people/{id}/invitations` | organisation administrators, own organisation |
//! | `GET`/`POST /api/v1/devices`, `DELETE /api/v1/devices/{id}` | building administrators |
//!
//! Sign-in and ceremony routes are rate-limited per client address.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{delete, get, post};
use axum::{Extension, Form, Json, Router};
use domain::account::{self, role_code};
use domain::audit::{self, Event};
use domain::auth::{Caller, Permission, Principal, Scope, Via};
use entities::enums::{ApiTokenKind, Role};
use entities::{person, unit};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Deserialize;
use webauthn_rs::prelude::{PublicKeyCredential, RegisterPublicKeyCredential};
use wire::identity::{
    CreatedToken, DemoPerson, InvitationView, Me, PasskeyView, SessionView, TokenView,
};

use super::extract::{Authenticated, ClientIp};
use super::passkey::{self, CeremonyError};
use super::session;
use crate::api::input::{ApiJson, ApiPath};
use crate::problem::Problem;
use crate::web::WebState;

/// The identity routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/api/v1/auth/passkeys/register/start", post(register_start))
        .route(
            "/api/v1/auth/passkeys/register/finish",
            post(register_finish),
        )
        .route("/api/v1/auth/passkeys/sign-in/start", post(sign_in_start))
        .route("/api/v1/auth/passkeys/sign-in/finish", post(sign_in_finish))
        .route("/api/v1/auth/invitations/{token}", get(invitation))
        .route("/api/v1/auth/demo-people", get(demo_people))
        .route("/api/v1/auth/demo-sign-in", post(demo_sign_in))
        .route("/api/v1/auth/sign-out", post(sign_out))
        .route(
            "/api/v1/auth/sign-out-everywhere",
            post(sign_out_everywhere),
        )
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
        .route("/api/v1/devices", get(devices).post(create_device))
        .route("/api/v1/devices/{id}", delete(revoke_device))
        .route("/sign-in/demo", post(demo_sign_in_form))
        .route("/sign-out", post(sign_out_form))
}

impl From<CeremonyError> for Problem {
    fn from(err: CeremonyError) -> Self {
        let detail = err.to_string();
        match err {
            CeremonyError::UnknownCeremony => Problem::new(
                StatusCode::BAD_REQUEST,
                "ceremony-expired",
                "Ceremony expired",
            ),
            CeremonyError::UnknownInvitation => Problem::new(
                StatusCode::NOT_FOUND,
                "invitation-unknown",
                "Unknown invitation",
            ),
            CeremonyError::InvitationGone => Problem::new(
                StatusCode::GONE,
                "invitation-gone",
                "Invitation used or expired",
            ),
            CeremonyError::NotVerified => Problem::new(
                StatusCode::UNAUTHORIZED,
                "passkey-not-verified",
                "Passkey not verified",
            ),
            CeremonyError::UnknownPasskey => Problem::new(
                StatusCode::UNAUTHORIZED,
                "passkey-unknown",
                "Unknown passkey",
            ),
            CeremonyError::App(err) => return Problem::from(err),
        }
        .with_detail(detail)
    }
}

pub(crate) fn limited(state: &WebState, client: std::net::IpAddr) -> Result<(), Problem> {
    if state.auth.allow_attempt(client) {
        Ok(())
    } else {
        tracing::warn!("sign-in attempts over the limit");
        Err(Problem::rate_limited())
    }
}

/// A response that signs the person in: the session cookie and `{"signed_in": true}`.
async fn signed_in(state: &WebState, person: &person::Model) -> Result<Response, Problem> {
    let (_, cookie) = session_for(state, person).await?;
    let mut response = Json(serde_json::json!({ "signed_in": true })).into_response();
    if let Some(cookie) = cookie {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// Starts a session for `person`: its id and the `Set-Cookie` value that carries it.
pub(crate) async fn session_for(
    state: &WebState,
    person: &person::Model,
) -> Result<(i32, Option<HeaderValue>), Problem> {
    let new = session::create(&state.db, &state.auth, person.id).await?;
    audit::record(
        &state.db,
        Event::SignIn,
        Some(person.id),
        Some(person.organisation_id),
        Some(new.id.to_string()),
        None,
    )
    .await;
    Ok((new.id, session::cookie(&state.auth, &new.token)))
}

#[derive(Deserialize)]
struct RegisterStart {
    /// The invitation token from the link; without it, the signed-in person adds a passkey.
    invitation: Option<String>,
}

async fn register_start(
    State(state): State<WebState>,
    ClientIp(client): ClientIp,
    caller: Option<Extension<Caller>>,
    ApiJson(body): ApiJson<RegisterStart>,
) -> Result<Response, Problem> {
    limited(&state, client)?;
    let (person_id, invitation_id) = match (body.invitation, caller) {
        (Some(token), _) => {
            let invitation = passkey::valid_invitation(&state.db, &token).await?;
            (invitation.person_id, Some(invitation.id))
        }
        (None, Some(Extension(Caller::Person(principal)))) => {
            principal.require(Permission::ManageOwnAccount)?;
            (principal.person_id, None)
        }
        (None, _) => return Err(Problem::unauthorized()),
    };
    let started =
        passkey::start_registration(&state.db, &state.auth, person_id, invitation_id).await?;
    Ok(Json(started).into_response())
}

#[derive(Deserialize)]
struct RegisterFinish {
    ceremony: String,
    credential: RegisterPublicKeyCredential,
    /// A name for the passkey, such as "Laptop" or "Diensthandy".
    name: String,
}

async fn register_finish(
    State(state): State<WebState>,
    ClientIp(client): ClientIp,
    caller: Option<Extension<Caller>>,
    ApiJson(body): ApiJson<RegisterFinish>,
) -> Result<Response, Problem> {
    limited(&state, client)?;
    let (person, _) = passkey::finish_registration(
        &state.db,
        &state.auth,
        &body.ceremony,
        &body.credential,
        &body.name,
    )
    .await?;
    match caller {
        // Adding a passkey to one's own account: stay signed in as before.
        Some(Extension(Caller::Person(principal))) if principal.person_id == person.id => {
            Ok(Json(serde_json::json!({ "signed_in": true })).into_response())
        }
        // By invitation: the new passkey signs the person in.
        _ => signed_in(&state, &person).await,
    }
}

async fn sign_in_start(
    State(state): State<WebState>,
    ClientIp(client): ClientIp,
) -> Result<Response, Problem> {
    limited(&state, client)?;
    Ok(Json(passkey::start_sign_in(&state.db, &state.auth).await?).into_response())
}

#[derive(Deserialize)]
struct SignInFinish {
    ceremony: String,
    credential: PublicKeyCredential,
}

async fn sign_in_finish(
    State(state): State<WebState>,
    ClientIp(client): ClientIp,
    ApiJson(body): ApiJson<SignInFinish>,
) -> Result<Response, Problem> {
    let person = verified_person(&state, client, &body.ceremony, &body.credential).await?;
    signed_in(&state, &person).await
}

/// The person whose passkey answered a sign-in ceremony; failures are rate-limited and
/// audited. Sign-in and the check-in page's confirmation share it.
pub(crate) async fn verified_person(
    state: &WebState,
    client: std::net::IpAddr,
    ceremony: &str,
    credential: &PublicKeyCredential,
) -> Result<person::Model, Problem> {
    limited(state, client)?;
    match passkey::finish_sign_in(&state.db, &state.auth, ceremony, credential).await {
        Ok(person) => Ok(person),
        Err(err) => {
            let reason = match &err {
                CeremonyError::UnknownCeremony => "ceremony",
                CeremonyError::UnknownPasskey => "unknown_passkey",
                _ => "not_verified",
            };
            audit::record(
                &state.db,
                Event::SignInFailed,
                None,
                None,
                None,
                Some(reason),
            )
            .await;
            Err(err.into())
        }
    }
}

async fn invitation(
    State(state): State<WebState>,
    ClientIp(client): ClientIp,
    ApiPath(token): ApiPath<String>,
) -> Result<Json<InvitationView>, Problem> {
    limited(&state, client)?;
    let invitation = passkey::valid_invitation(&state.db, &token).await?;
    let name = person::Entity::find_by_id(invitation.person_id)
        .one(&state.db)
        .await?
        .map(|p| p.display_name)
        .unwrap_or_default();
    Ok(Json(InvitationView {
        name,
        expires_at: invitation.expires_at.to_rfc3339(),
    }))
}

fn demo_only(state: &WebState) -> Result<(), Problem> {
    if state.demo {
        Ok(())
    } else {
        Err(Problem::not_found("Demo sign-in exists only in demo mode."))
    }
}

async fn demo_people(State(state): State<WebState>) -> Result<Json<Vec<DemoPerson>>, Problem> {
    demo_only(&state)?;
    Ok(Json(
        domain::demo_people::list(&state.db)
            .await
            .map_err(Problem::from)?,
    ))
}

#[derive(Deserialize)]
struct DemoSignIn {
    person: i32,
}

async fn demo_sign_in(
    State(state): State<WebState>,
    ClientIp(client): ClientIp,
    ApiJson(body): ApiJson<DemoSignIn>,
) -> Result<Response, Problem> {
    demo_only(&state)?;
    limited(&state, client)?;
    let person = domain::demo_people::find(&state.db, body.person)
        .await?
        .ok_or_else(|| Problem::not_found("No such demo person."))?;
    signed_in(&state, &person).await
}

#[derive(Deserialize)]
struct DemoSignInForm {
    person: i32,
    next: Option<String>,
}

/// The demo list's forms: sign in, then go to `next`.
async fn demo_sign_in_form(
    State(state): State<WebState>,
    ClientIp(client): ClientIp,
    Form(form): Form<DemoSignInForm>,
) -> Result<Response, Problem> {
    let mut response = demo_sign_in(
        State(state),
        ClientIp(client),
        ApiJson(DemoSignIn {
            person: form.person,
        }),
    )
    .await?;
    let next = form
        .next
        .filter(|next| wire::identity::is_local_path(next))
        .unwrap_or_else(|| "/".to_string());
    Ok(redirect_keeping_cookie(&mut response, &next))
}

#[derive(Deserialize)]
struct SignOutForm {
    everywhere: Option<bool>,
}

/// "Sign out everywhere": ends every session and personal access token of the person, and
/// records it; how many sessions and tokens ended.
async fn end_everywhere(state: &WebState, principal: &Principal) -> Result<(u64, u64), Problem> {
    let sessions = session::revoke_all(&state.db, principal.person_id).await?;
    let tokens = account::revoke_personal_tokens(&state.db, principal.person_id).await?;
    audit::record(
        &state.db,
        Event::SignOutEverywhere,
        Some(principal.person_id),
        Some(principal.organisation_id),
        None,
        None,
    )
    .await;
    Ok((sessions, tokens))
}

/// The sign-out buttons of the pages: end this session (or all), then the sign-in page.
async fn sign_out_form(
    State(state): State<WebState>,
    caller: Option<Extension<Caller>>,
    Form(form): Form<SignOutForm>,
) -> Result<Response, Problem> {
    if form.everywhere == Some(true)
        && let Some(Extension(Caller::Person(principal))) = &caller
    {
        end_everywhere(&state, principal).await?;
    }
    let mut response = sign_out(State(state), caller).await?;
    Ok(redirect_keeping_cookie(&mut response, "/sign-in"))
}

/// A redirect to `to` that carries the `Set-Cookie` of `response`: the page forms answer with
/// the JSON routes' cookie, then go on to a page.
fn redirect_keeping_cookie(response: &mut Response, to: &str) -> Response {
    let mut redirect = Redirect::to(to).into_response();
    if let Some(cookie) = response.headers_mut().remove(header::SET_COOKIE) {
        redirect.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    redirect
}

async fn sign_out(
    State(state): State<WebState>,
    caller: Option<Extension<Caller>>,
) -> Result<Response, Problem> {
    if let Some(Extension(Caller::Person(principal))) = caller
        && let Via::Session(id) = principal.via
    {
        match account::end_session(&state.db, &principal, id).await {
            // Ended already (elsewhere, or by "sign out everywhere"): signed out all the same.
            Ok(()) | Err(wire::error::AppError::NotFound) => {}
            Err(err) => return Err(err.into()),
        }
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session::clear_cookie(&state.auth));
    Ok(response)
}

async fn sign_out_everywhere(
    State(state): State<WebState>,
    caller: Authenticated,
) -> Result<Response, Problem> {
    let principal = caller.require(Permission::ManageOwnAccount)?;
    let (ended, tokens_ended) = end_everywhere(&state, &principal).await?;
    let mut response =
        Json(serde_json::json!({ "sessions_ended": ended, "tokens_ended": tokens_ended }))
            .into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session::clear_cookie(&state.auth));
    Ok(response)
}

async fn me(State(state): State<WebState>, caller: Authenticated) -> Result<Json<Me>, Problem> {
    let principal = caller.require(Permission::ViewBuilding)?;
    Ok(Json(account::me(&state.db, principal.person_id).await?))
}

async fn my_passkeys(
    State(state): State<WebState>,
    caller: Authenticated,
) -> Result<Json<Vec<PasskeyView>>, Problem> {
    let principal = caller.require(Permission::ManageOwnAccount)?;
    Ok(Json(
        account::account(&state.db, principal.person_id, None)
            .await?
            .passkeys,
    ))
}

#[derive(Deserialize)]
struct Rename {
    name: String,
}

async fn rename_passkey(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<Rename>,
) -> Result<StatusCode, Problem> {
    let principal = caller.require(Permission::ManageOwnAccount)?;
    account::rename_passkey(&state.db, &principal, id, &body.name).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn revoke_passkey(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
) -> Result<StatusCode, Problem> {
    let principal = caller.require(Permission::ManageOwnAccount)?;
    account::revoke_passkey(&state.db, &principal, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn my_tokens(
    State(state): State<WebState>,
    caller: Authenticated,
) -> Result<Json<Vec<TokenView>>, Problem> {
    let principal = caller.require(Permission::ManageOwnAccount)?;
    Ok(Json(
        account::account(&state.db, principal.person_id, None)
            .await?
            .tokens,
    ))
}

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
        account::account(&state.db, principal.person_id, current)
            .await?
            .sessions,
    ))
}

async fn end_session(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
) -> Result<StatusCode, Problem> {
    let principal = caller.require(Permission::ManageOwnAccount)?;
    account::end_session(&state.db, &principal, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct NewToken {
    name: String,
    scopes: Vec<String>,
    /// Personal tokens: days until the token ends (default 90, at most 365).
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

async fn create_token(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiJson(body): ApiJson<NewToken>,
) -> Result<(StatusCode, Json<CreatedToken>), Problem> {
    let principal = caller.require(Permission::ManageOwnAccount)?;
    let scopes = parse_scopes(&body.scopes, &[Scope::Read, Scope::Book, Scope::Admin])?;
    let created = account::create_personal_token(
        &state.db,
        &principal,
        &body.name,
        &scopes,
        body.expires_in_days,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(created)))
}

async fn revoke_token(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
) -> Result<StatusCode, Problem> {
    let principal = caller.require(Permission::ManageOwnAccount)?;
    account::revoke_token(
        &state.db,
        &principal,
        id,
        ApiTokenKind::Personal,
        Some(principal.person_id),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct NewPerson {
    display_name: String,
    email: Option<String>,
    /// Slug of a unit of the administrator's organisation.
    unit: Option<String>,
    /// Role codes; an organisation administrator grants `employee`, `counsellor`, `unit_lead`
    /// and `org_admin`.
    roles: Vec<String>,
}

/// Roles an organisation administrator may grant; building-wide roles are granted on the
/// command line (`platzwahl person add`).
const GRANTABLE: [Role; 4] = [
    Role::Employee,
    Role::Counsellor,
    Role::UnitLead,
    Role::OrgAdmin,
];

async fn create_person(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiJson(body): ApiJson<NewPerson>,
) -> Result<(StatusCode, Json<serde_json::Value>), Problem> {
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
                .one(&state.db)
                .await?
                .ok_or_else(|| {
                    Problem::invalid_input(format!("unit: no unit {slug:?} in your organisation"))
                })?
                .id,
        ),
        None => None,
    };
    let id = domain::people::create(
        &state.db,
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
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "id": id }))))
}

async fn create_invitation(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
) -> Result<(StatusCode, Json<serde_json::Value>), Problem> {
    let principal = caller.require(Permission::ManagePeople)?;
    // Only people of the administrator's own organisation.
    person::Entity::find_by_id(id)
        .filter(person::Column::OrganisationId.eq(principal.organisation_id))
        .one(&state.db)
        .await?
        .ok_or_else(|| Problem::not_found("No such person in your organisation."))?;
    // An invitation registers a passkey and signs in as the person: over the web only for
    // someone without a passkey whose every role the administrator may grant. Recovery for
    // everyone else comes from the command line (`platzwahl people invite`).
    if domain::people::has_passkey(&state.db, id).await? {
        return Err(Problem::forbidden().with_detail(
            "This person has a passkey already: a recovery link comes only from the command line (platzwahl people invite).",
        ));
    }
    let roles = domain::people::roles(&state.db, id).await?;
    if roles.iter().any(|role| !GRANTABLE.contains(role)) {
        return Err(Problem::forbidden().with_detail(
            "This person holds a role you may not grant: their invitation comes only from the command line (platzwahl people invite).",
        ));
    }
    let (token, expires_at) =
        passkey::invite(&state.db, &state.auth, id, Some(principal.person_id)).await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({
            "link": state.auth.invitation_link(&token),
            "expires_at": expires_at.to_rfc3339(),
        })),
    ))
}

async fn devices(
    State(state): State<WebState>,
    caller: Authenticated,
) -> Result<Json<Vec<TokenView>>, Problem> {
    caller.require(Permission::ManageBuilding)?;
    Ok(Json(account::device_tokens(&state.db).await?))
}

async fn create_device(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiJson(body): ApiJson<NewToken>,
) -> Result<(StatusCode, Json<CreatedToken>), Problem> {
    let principal = caller.require(Permission::ManageBuilding)?;
    let scopes = parse_scopes(&body.scopes, &[Scope::CheckIn, Scope::Read])?;
    let created = account::create_token(
        &state.db,
        &principal,
        ApiTokenKind::Device,
        None,
        &body.name,
        &scopes,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(created)))
}

async fn revoke_device(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
) -> Result<StatusCode, Problem> {
    let principal = caller.require(Permission::ManageBuilding)?;
    account::revoke_token(&state.db, &principal, id, ApiTokenKind::Device, None).await?;
    Ok(StatusCode::NO_CONTENT)
}
