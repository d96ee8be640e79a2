//! The identity routes of the REST API:
//!
//! | route | who |
//! | --- | --- |
//! | `POST /api/v1/auth/passkeys/register/start`, `…/finish` | with an invitation, or signed in (adds a passkey; needs a step-up) |
//! | `POST /api/v1/auth/step-up` | signed in with a session: confirms with a passkey (started by `…/sign-in/start`) |
//! | `POST /api/v1/auth/passkeys/sign-in/start`, `…/finish` | anyone |
//! | `GET /api/v1/auth/invitations/{token}` | anyone with the link |
//! | `GET /api/v1/auth/demo-people`, `POST /api/v1/auth/demo-sign-in` | anyone, demo mode only |
//! | `POST /api/v1/auth/sign-out`, `POST /api/v1/auth/sign-out-everywhere` (sessions and personal tokens) | signed in |
//!
//! Single sign-on at an organisation's provider (`GET /auth/oidc/{org}/start`, `…/callback`,
//! browser redirects) is [`super::oidc`]'s; its routes are merged here.
//!
//! Sign-in and ceremony routes are rate-limited per client address. Every JSON route is in the
//! OpenAPI document ([`IdentityApi`]); the pages' forms `POST /sign-in/demo` and
//! `POST /sign-out`, which answer with a redirect, are not.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Json, Router};
use domain::account::{self};
use domain::audit::{self, Event};
use domain::auth::{Caller, Permission, Principal, Via};
use entities::person;
use sea_orm::EntityTrait;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};
use webauthn_rs::prelude::{PublicKeyCredential, RegisterPublicKeyCredential};
use wire::identity::{DemoPerson, InvitationView};

use super::extract::{Authenticated, ClientIp};
use super::passkey::{self, CeremonyError, Started};
use super::session;
use crate::api::input::{ApiJson, ApiPath};
use crate::problem::Problem;
use crate::web::WebState;

/// The OpenAPI description of the identity endpoints (the JSON ones; not the pages' forms).
#[derive(OpenApi)]
#[openapi(
    paths(
        register_start, register_finish, sign_in_start, sign_in_finish, step_up, invitation,
        demo_people, demo_sign_in, sign_out, sign_out_everywhere
    ),
    components(schemas(
        Problem, RegisterStart, RegisterFinish, PasskeyAnswer, DemoSignIn, SignedIn, Verified,
        SignedOutEverywhere, InvitationView, DemoPerson
    )),
    tags((name = "identity", description = "Passkeys, signing in and out, invitations, demo sign-in"))
)]
pub struct IdentityApi;

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
        .route("/api/v1/auth/step-up", post(step_up))
        .route("/api/v1/auth/invitations/{token}", get(invitation))
        .route("/api/v1/auth/demo-people", get(demo_people))
        .route("/api/v1/auth/demo-sign-in", post(demo_sign_in))
        .route("/api/v1/auth/sign-out", post(sign_out))
        .route(
            "/api/v1/auth/sign-out-everywhere",
            post(sign_out_everywhere),
        )
        .merge(super::oidc::routes())
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
            CeremonyError::AccountSlowed => Problem::rate_limited(),
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

/// The answer of a route that signed the person in (or kept them signed in).
#[derive(Serialize, ToSchema)]
struct SignedIn {
    /// Always `true`.
    signed_in: bool,
}

impl SignedIn {
    fn response() -> Response {
        Json(SignedIn { signed_in: true }).into_response()
    }
}

/// A response that signs the person in: the session cookie and `{"signed_in": true}`.
async fn signed_in(state: &WebState, person: &person::Model) -> Result<Response, Problem> {
    let (_, cookie) = session_for(state, person).await?;
    let mut response = SignedIn::response();
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
    let new = session::create(&state.app.db, &state.auth, person.id).await?;
    audit::record(
        &state.app.db,
        Event::SignIn,
        Some(person.id),
        Some(person.organisation_id),
        Some(new.id.to_string()),
        None,
    )
    .await;
    Ok((new.id, session::cookie(&state.auth, &new.token)))
}

/// Whose passkey to register.
#[derive(Deserialize, ToSchema)]
struct RegisterStart {
    /// The invitation token from the link; without it, the signed-in person adds a passkey.
    invitation: Option<String>,
}

/// Starts registering a passkey: by invitation (the token from the link), or for the signed-in person, who adds one (needs a passkey confirmation within the last five minutes, `POST /api/v1/auth/step-up`). Pass `options` to `navigator.credentials.create()` and send its answer to `…/register/finish` within five minutes.
#[utoipa::path(
    post,
    path = "/api/v1/auth/passkeys/register/start",
    tag = "identity",
    request_body = RegisterStart,
    responses(
        (status = 200, description = "The ceremony and the options for the browser", body = inline(Started<serde_json::Value>)),
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No invitation and not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Signed in with a token, or no passkey confirmation in the last five minutes (`/problems/step-up-required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown invitation (`/problems/invitation-unknown`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The invitation was used or has expired (`/problems/invitation-gone`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn register_start(
    State(state): State<WebState>,
    ClientIp(client): ClientIp,
    caller: Option<Extension<Caller>>,
    ApiJson(body): ApiJson<RegisterStart>,
) -> Result<Response, Problem> {
    limited(&state, client)?;
    let (person_id, invitation_id) = match (body.invitation, caller) {
        (Some(token), _) => {
            let invitation = passkey::valid_invitation(&state.app.db, &token).await?;
            (invitation.person_id, Some(invitation.id))
        }
        (None, Some(Extension(Caller::Person(principal)))) => {
            principal.require(Permission::ManageOwnAccount)?;
            // Whoever holds a session for a moment must not make it theirs for good.
            domain::auth::require_step_up(&state.app.db, &principal).await?;
            (principal.person_id, None)
        }
        (None, _) => return Err(Problem::unauthorized()),
    };
    let started =
        passkey::start_registration(&state.app.db, &state.auth, person_id, invitation_id).await?;
    Ok(Json(started).into_response())
}

/// The browser's answer to a registration ceremony.
#[derive(Deserialize, ToSchema)]
struct RegisterFinish {
    /// The ceremony id from `…/register/start`.
    ceremony: String,
    /// The WebAuthn JSON of the browser's `navigator.credentials.create()` answer (a
    /// `RegisterPublicKeyCredential`).
    #[schema(value_type = Object)]
    credential: RegisterPublicKeyCredential,
    /// A name for the passkey, such as "Laptop" or "Diensthandy".
    name: String,
}

/// Finishes registering a passkey and stores it under `name`. By invitation the invitation is used up, every other session of the person ends, and the new passkey signs the person in (`Set-Cookie`); the signed-in person adding a passkey stays signed in as before.
#[utoipa::path(
    post,
    path = "/api/v1/auth/passkeys/register/finish",
    tag = "identity",
    request_body = RegisterFinish,
    responses(
        (status = 200, description = "Registered and signed in", body = SignedIn,
            headers(("Set-Cookie" = String, description = "The new session, when registered by invitation"))),
        (status = 400, description = "Malformed request, no name or one too long, or the ceremony is unknown, finished or expired (`/problems/ceremony-expired`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "The passkey could not be verified (`/problems/passkey-not-verified`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The person is unknown or no longer active (`/problems/invitation-unknown`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The invitation was used or has expired meanwhile (`/problems/invitation-gone`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn register_finish(
    State(state): State<WebState>,
    ClientIp(client): ClientIp,
    caller: Option<Extension<Caller>>,
    ApiJson(body): ApiJson<RegisterFinish>,
) -> Result<Response, Problem> {
    limited(&state, client)?;
    let (person, _) = passkey::finish_registration(
        &state.app.db,
        &state.auth,
        &body.ceremony,
        &body.credential,
        &body.name,
    )
    .await?;
    match caller {
        // Adding a passkey to one's own account: stay signed in as before.
        Some(Extension(Caller::Person(principal))) if principal.person_id == person.id => {
            Ok(SignedIn::response())
        }
        // By invitation: the new passkey signs the person in.
        _ => signed_in(&state, &person).await,
    }
}

/// Starts a sign-in with any passkey of this site (no user name). Pass `options` to `navigator.credentials.get()` and send its answer to `…/sign-in/finish` (or `/api/v1/auth/step-up`) within five minutes.
#[utoipa::path(
    post,
    path = "/api/v1/auth/passkeys/sign-in/start",
    tag = "identity",
    responses(
        (status = 200, description = "The ceremony and the options for the browser", body = inline(Started<serde_json::Value>)),
        (status = 429, description = "Too many attempts from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn sign_in_start(
    State(state): State<WebState>,
    ClientIp(client): ClientIp,
) -> Result<Response, Problem> {
    limited(&state, client)?;
    Ok(Json(passkey::start_sign_in(&state.app.db, &state.auth).await?).into_response())
}

/// The browser's answer to a sign-in ceremony (started by
/// `/api/v1/auth/passkeys/sign-in/start`): for signing in, and for a step-up.
#[derive(Deserialize, ToSchema)]
struct PasskeyAnswer {
    /// The ceremony id from `…/sign-in/start`.
    ceremony: String,
    /// The WebAuthn JSON of the browser's `navigator.credentials.get()` answer (a
    /// `PublicKeyCredential`).
    #[schema(value_type = Object)]
    credential: PublicKeyCredential,
}

/// Signs in with a passkey: the answer to a sign-in ceremony. Starts a session (`Set-Cookie`). Failures are audited and count against the limits per address and per account.
#[utoipa::path(
    post,
    path = "/api/v1/auth/passkeys/sign-in/finish",
    tag = "identity",
    request_body = PasskeyAnswer,
    responses(
        (status = 200, description = "Signed in", body = SignedIn,
            headers(("Set-Cookie" = String, description = "The new session"))),
        (status = 400, description = "Malformed request, or the ceremony is unknown, finished or expired (`/problems/ceremony-expired`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "The passkey could not be verified, or is not known here (`/problems/passkey-not-verified`, `/problems/passkey-unknown`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address or for this account", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn sign_in_finish(
    State(state): State<WebState>,
    ClientIp(client): ClientIp,
    ApiJson(body): ApiJson<PasskeyAnswer>,
) -> Result<Response, Problem> {
    let person = verified_person(&state, client, &body.ceremony, &body.credential).await?;
    signed_in(&state, &person).await
}

/// Until when a step-up holds.
#[derive(Serialize, ToSchema)]
struct Verified {
    /// The end of the five minutes (RFC 3339).
    verified_until: String,
}

/// Confirms the signed-in person with their passkey (the answer to a ceremony started by `/api/v1/auth/passkeys/sign-in/start`): for the next five minutes this session may add a passkey, create an `admin` token and change roles. The passkey must be the person's own; failures count against the sign-in limits and are audited.
#[utoipa::path(
    post,
    path = "/api/v1/auth/step-up",
    tag = "identity",
    request_body = PasskeyAnswer,
    responses(
        (status = 200, description = "Confirmed", body = Verified),
        (status = 400, description = "Malformed request, or the ceremony is unknown, finished or expired (`/problems/ceremony-expired`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the passkey could not be verified or is not known here", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Signed in with a token rather than a browser session, or the passkey belongs to somebody else", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address or for this account", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn step_up(
    State(state): State<WebState>,
    ClientIp(client): ClientIp,
    caller: Authenticated,
    ApiJson(body): ApiJson<PasskeyAnswer>,
) -> Result<Response, Problem> {
    let principal = caller.require(Permission::ManageOwnAccount)?;
    let Via::Session(session_id) = principal.via else {
        return Err(Problem::step_up_required());
    };
    let person = verified_person(&state, client, &body.ceremony, &body.credential).await?;
    if person.id != principal.person_id {
        audit::record(
            &state.app.db,
            Event::SignInFailed,
            None,
            None,
            None,
            Some("step_up_other_person"),
        )
        .await;
        return Err(Problem::forbidden()
            .with_detail("This passkey belongs to somebody else; confirm with your own."));
    }
    let now = chrono::Utc::now();
    domain::auth::mark_verified(&state.app.db, session_id, now).await?;
    audit::record(
        &state.app.db,
        Event::StepUp,
        Some(principal.person_id),
        Some(principal.organisation_id),
        Some(session_id.to_string()),
        None,
    )
    .await;
    let until = now + chrono::Duration::minutes(domain::auth::STEP_UP_MINUTES);
    Ok(Json(Verified {
        verified_until: until.to_rfc3339(),
    })
    .into_response())
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
    match passkey::finish_sign_in(&state.app.db, &state.auth, ceremony, credential).await {
        Ok(person) => Ok(person),
        Err(err) => {
            let reason = match &err {
                CeremonyError::UnknownCeremony => "ceremony",
                CeremonyError::UnknownPasskey => "unknown_passkey",
                CeremonyError::AccountSlowed => "account_slowed",
                _ => "not_verified",
            };
            audit::record(
                &state.app.db,
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

/// What an invitation link is for: the invited person's name and until when the link works.
#[utoipa::path(
    get,
    path = "/api/v1/auth/invitations/{token}",
    tag = "identity",
    params(("token" = String, Path, description = "The invitation token from the link (`pwi_…`)")),
    responses(
        (status = 200, description = "The invitation", body = InvitationView),
        (status = 404, description = "Unknown invitation (`/problems/invitation-unknown`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The invitation was used or has expired (`/problems/invitation-gone`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn invitation(
    State(state): State<WebState>,
    ClientIp(client): ClientIp,
    ApiPath(token): ApiPath<String>,
) -> Result<Json<InvitationView>, Problem> {
    limited(&state, client)?;
    let invitation = passkey::valid_invitation(&state.app.db, &token).await?;
    let name = person::Entity::find_by_id(invitation.person_id)
        .one(&state.app.db)
        .await?
        .map(|p| p.display_name)
        .unwrap_or_default();
    Ok(Json(InvitationView {
        name,
        expires_at: invitation.expires_at.to_rfc3339(),
    }))
}

fn demo_only(state: &WebState) -> Result<(), Problem> {
    if state.app.demo {
        Ok(())
    } else {
        Err(Problem::not_found("Demo sign-in exists only in demo mode."))
    }
}

/// The demo people one may sign in as, without a passkey (demo mode only).
#[utoipa::path(
    get,
    path = "/api/v1/auth/demo-people",
    tag = "identity",
    responses(
        (status = 200, description = "The demo people", body = [DemoPerson]),
        (status = 404, description = "Not in demo mode", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn demo_people(State(state): State<WebState>) -> Result<Json<Vec<DemoPerson>>, Problem> {
    demo_only(&state)?;
    Ok(Json(
        domain::demo_people::list(&state.app.db)
            .await
            .map_err(Problem::from)?,
    ))
}

/// Whom to sign in as.
#[derive(Deserialize, ToSchema)]
struct DemoSignIn {
    /// `person.id` of a demo person.
    person: i32,
}

/// Signs in as a demo person, without a passkey (demo mode only); starts a session (`Set-Cookie`).
#[utoipa::path(
    post,
    path = "/api/v1/auth/demo-sign-in",
    tag = "identity",
    request_body = DemoSignIn,
    responses(
        (status = 200, description = "Signed in", body = SignedIn,
            headers(("Set-Cookie" = String, description = "The new session"))),
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not in demo mode, or no such demo person", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn demo_sign_in(
    State(state): State<WebState>,
    ClientIp(client): ClientIp,
    ApiJson(body): ApiJson<DemoSignIn>,
) -> Result<Response, Problem> {
    demo_only(&state)?;
    limited(&state, client)?;
    let person = domain::demo_people::find(&state.app.db, body.person)
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
    let sessions = session::revoke_all(&state.app.db, principal.person_id).await?;
    let tokens = account::revoke_personal_tokens(&state.app.db, principal.person_id).await?;
    audit::record(
        &state.app.db,
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
    // A session that began at an organisation's provider ends there too, where it can.
    let provider_logout = match &caller {
        Some(Extension(Caller::Person(Principal {
            via: Via::Session(id),
            ..
        }))) => super::oidc::logout_url(&state, *id).await,
        _ => None,
    };
    let mut response = sign_out(State(state), caller).await?;
    Ok(redirect_keeping_cookie(
        &mut response,
        provider_logout.as_deref().unwrap_or("/sign-in"),
    ))
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

/// Signs out: ends this browser's session, if there is one, and clears its cookie. Signed out already is fine.
#[utoipa::path(
    post,
    path = "/api/v1/auth/sign-out",
    tag = "identity",
    responses(
        (status = 204, description = "Signed out",
            headers(("Set-Cookie" = String, description = "Clears the session cookie"))),
    )
)]
async fn sign_out(
    State(state): State<WebState>,
    caller: Option<Extension<Caller>>,
) -> Result<Response, Problem> {
    if let Some(Extension(Caller::Person(principal))) = caller
        && let Via::Session(id) = principal.via
    {
        match account::end_session(&state.app.db, &principal, id).await {
            // Ended already (elsewhere, or by "sign out everywhere"): signed out all the same.
            Ok(()) | Err(domain::error::Error::NotFound) => {}
            Err(err) => return Err(err.into()),
        }
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session::clear_cookie(&state.auth));
    Ok(response)
}

/// What "sign out everywhere" ended.
#[derive(Serialize, ToSchema)]
struct SignedOutEverywhere {
    /// How many sessions ended, this one included.
    sessions_ended: u64,
    /// How many personal access tokens were revoked.
    tokens_ended: u64,
}

/// Signs out everywhere: ends every session of the person, this one included, and revokes their personal access tokens; recorded in the audit log.
#[utoipa::path(
    post,
    path = "/api/v1/auth/sign-out-everywhere",
    tag = "identity",
    responses(
        (status = 200, description = "Signed out everywhere", body = SignedOutEverywhere,
            headers(("Set-Cookie" = String, description = "Clears the session cookie"))),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Signed in with a token", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn sign_out_everywhere(
    State(state): State<WebState>,
    caller: Authenticated,
) -> Result<Response, Problem> {
    let principal = caller.require(Permission::ManageOwnAccount)?;
    let (sessions_ended, tokens_ended) = end_everywhere(&state, &principal).await?;
    let mut response = Json(SignedOutEverywhere {
        sessions_ended,
        tokens_ended,
    })
    .into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session::clear_cookie(&state.auth));
    Ok(response)
}
