//! Check-in over HTTP: a badge reader's badge (device token with the `checkin` scope), the QR
//! page's passkey confirmation, check-out; and the administration of badge readers (building
//! administrators) and badges (organisation administrators).
//!
//! | route | who |
//! | --- | --- |
//! | `POST /api/v1/check-ins/badge` | a badge reader's device token with `checkin` |
//! | `POST /api/v1/check-ins/passkey` | anyone whose passkey answers the ceremony |
//! | `POST /api/v1/bookings/{id}/check-out` | the booking's person |
//! | `GET, POST /api/v1/badge-readers`, `DELETE /api/v1/badge-readers/{id}` | building administrators |
//! | `POST, DELETE /api/v1/people/{id}/badges` | organisation administrators |

use super::input::{ApiJson, ApiPath};

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Extension, Json, Router};
use chrono::Utc;
use domain::auth::{Caller, Permission, Scope, Via, load_principal};
use domain::badges;
use domain::checkin::{self, BadgeOutcome, Place};
use entities::enums::CheckInMethod;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};
use webauthn_rs::prelude::PublicKeyCredential;
use wire::identity::CreatedToken;
use wire::model::{BadgeReaderView, CheckedIn};

use super::{RequestLang, invalid};
use crate::auth::extract::{Authenticated, AuthenticatedDevice, ClientIp};
use crate::auth::routes::{session_for, verified_person};
use crate::problem::Problem;
use crate::web::WebState;

/// The OpenAPI description of the check-in endpoints.
#[derive(OpenApi)]
#[openapi(
    paths(badge_check_in, passkey_check_in, check_out, readers, create_reader, delete_reader, add_badge, remove_badges),
    components(schemas(Problem, CheckedIn, BadgeReaderView, BadgeCheckIn, PasskeyCheckIn, NewReader, CreatedReader, NewBadge)),
    tags((name = "check-in", description = "Check-in by badge or passkey, check-out, badge readers"))
)]
pub struct CheckInsApi;

/// The check-in routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/api/v1/check-ins/badge", post(badge_check_in))
        .route("/api/v1/check-ins/passkey", post(passkey_check_in))
        .route("/api/v1/bookings/{id}/check-out", post(check_out))
        .route("/api/v1/badge-readers", get(readers).post(create_reader))
        .route("/api/v1/badge-readers/{id}", delete(delete_reader))
        .route(
            "/api/v1/people/{id}/badges",
            post(add_badge).delete(remove_badges),
        )
}

/// A badge held to a reader.
#[derive(Debug, Deserialize, ToSchema)]
pub struct BadgeCheckIn {
    /// The badge id as the reader read it; never stored, only its hash is compared.
    pub badge: String,
}

/// A reader sends the badge it read; the holder's booking (or reservation) at the reader's
/// desk, zone or room is checked in.
#[utoipa::path(
    post,
    path = "/api/v1/check-ins/badge",
    tag = "check-in",
    request_body = BadgeCheckIn,
    responses(
        (status = 200, description = "Checked in", body = CheckedIn),
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No device token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a badge reader, or no `checkin` scope", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown badge (counted, ignored)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The holder has no booking here now", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn badge_check_in(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    AuthenticatedDevice(device): AuthenticatedDevice,
    ApiJson(body): ApiJson<BadgeCheckIn>,
) -> Result<Json<CheckedIn>, Problem> {
    if !device.has_scope(Scope::CheckIn) {
        return Err(Problem::forbidden());
    }
    let reader = badges::reader_of_token(&state.app.db, device.token_id)
        .await?
        .ok_or_else(|| Problem::forbidden().with_detail("This device is not a badge reader."))?;
    match checkin::badge_check_in(&state.app.db, &reader, &body.badge, Utc::now())
        .await
        .map_err(|err| Problem::from_app_error(err, lang))?
    {
        BadgeOutcome::CheckedIn(done) => Ok(Json(done)),
        BadgeOutcome::UnknownBadge => Err(unknown_badge()),
        BadgeOutcome::ReaderLimited => Err(Problem::rate_limited().with_detail(
            "This reader read too many unknown badges within the hour; it is heard again later.",
        )),
    }
}

/// 404 `unknown-badge`.
fn unknown_badge() -> Problem {
    Problem::new(StatusCode::NOT_FOUND, "unknown-badge", "Unknown badge")
        .with_detail("This badge belongs to nobody here.")
}

/// The QR page's confirmation: a passkey answer and the place (a desk or a room).
#[derive(Deserialize, utoipa::ToSchema)]
struct PasskeyCheckIn {
    /// The ceremony id from `/api/v1/auth/passkeys/sign-in/start`.
    ceremony: String,
    /// The WebAuthn JSON of the browser's `navigator.credentials.get()` answer (a
    /// `PublicKeyCredential`).
    #[schema(value_type = Object)]
    credential: PublicKeyCredential,
    /// `desk.id` of the QR code's desk (or `room_id`).
    desk_id: Option<i32>,
    /// `room.id` of the QR code's room (or `desk_id`).
    room_id: Option<i32>,
}

/// The QR page: the person confirms with a passkey (a sign-in ceremony started at `/api/v1/auth/passkeys/sign-in/start`); their booking here is checked in, or a free desk is booked for the rest of the day and checked in. Counts only with evidence of presence (the building's network, or the place's sensor seeing someone within the window). Signs the person in (`Set-Cookie`), if they were not.
#[utoipa::path(
    post,
    path = "/api/v1/check-ins/passkey",
    tag = "check-in",
    request_body = PasskeyCheckIn,
    responses(
        (status = 200, description = "Checked in", body = CheckedIn),
        (status = 400, description = "Neither or both of desk_id and room_id, a malformed body, or an expired ceremony", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "The passkey is unknown or did not verify", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to check in, or no evidence of presence (`/problems/not-here`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such desk or room", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Nothing to check in here and the place is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A rule refuses it (such as a blocked desk)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn passkey_check_in(
    State(state): State<WebState>,
    ClientIp(client): ClientIp,
    RequestLang(lang): RequestLang,
    caller: Option<Extension<Caller>>,
    ApiJson(body): ApiJson<PasskeyCheckIn>,
) -> Result<Response, Problem> {
    let place = match (body.desk_id, body.room_id) {
        (Some(desk), None) => Place::Desk(desk),
        (None, Some(room)) => Place::Room(room),
        _ => return Err(invalid(lang, "give desk_id or room_id".to_owned())),
    };
    let person = verified_person(&state, client, &body.ceremony, &body.credential).await?;
    let current_session = match caller.as_deref() {
        Some(Caller::Person(principal)) if principal.person_id == person.id => {
            match principal.via {
                Via::Session(id) => Some(id),
                _ => None,
            }
        }
        _ => None,
    };
    let (session_id, cookie) = match current_session {
        Some(id) => (id, None),
        None => session_for(&state, &person).await?,
    };
    let who = load_principal(&state.app.db, person.id, Via::Session(session_id))
        .await?
        .ok_or_else(Problem::forbidden)?;
    who.require(Permission::CheckIn)?;
    // Evidence of presence: the building's network, or the place's sensor seeing someone.
    // Asked only after the passkey proved who is asking, so that nobody learns from it
    // whether someone sits at a desk.
    let now = Utc::now();
    let here = state
        .checkin_networks
        .iter()
        .any(|net| net.contains(&client))
        || checkin::presence_seen(&state.app.db, place, now, state.checkin_sensor_window).await?;
    if !here {
        return Err(Problem::refused(wire::model::Refusal::NotHere, lang));
    }
    let done = checkin::check_in(
        &state.app.db,
        &who,
        place,
        CheckInMethod::Qr,
        who.may(Permission::BookDesk),
        now,
    )
    .await
    .map_err(|err| Problem::from_app_error(err, lang))?;
    let mut response = Json(done).into_response();
    if let Some(cookie) = cookie {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// Checks out: the rest of the booking's slot is released, the desk is free again.
#[utoipa::path(
    post,
    path = "/api/v1/bookings/{id}/check-out",
    tag = "check-in",
    params(("id" = i64, Path, description = "`desk_booking.id`")),
    responses(
        (status = 204, description = "Checked out; the desk is free for the rest of the slot"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one's active booking of today", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The slot has ended", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn check_out(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, Problem> {
    let who = caller.require(Permission::CheckIn)?;
    checkin::check_out(&state.app.db, &who, id, Utc::now())
        .await
        .map_err(|err| Problem::from_app_error(err, lang))?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every badge reader, with how many unknown badges each has read.
#[utoipa::path(
    get,
    path = "/api/v1/badge-readers",
    tag = "check-in",
    responses(
        (status = 200, description = "The readers", body = [BadgeReaderView]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn readers(
    State(state): State<WebState>,
    caller: Authenticated,
) -> Result<Json<Vec<BadgeReaderView>>, Problem> {
    caller.require(Permission::ManageBuilding)?;
    Ok(Json(badges::readers(&state.app.db).await?))
}

/// A new badge reader, bound to exactly one desk, zone or room.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewReader {
    /// Its code: 1 to 64 letters, digits, `-`, `_`, `.`; the last level of its MQTT topic.
    #[schema(pattern = "^[A-Za-z0-9._-]{1,64}$")]
    pub code: String,
    /// The desk it is bound to.
    pub desk_id: Option<i32>,
    /// The zone it is bound to.
    pub zone_id: Option<i32>,
    /// The room it is bound to.
    pub room_id: Option<i32>,
}

/// A reader just created, with its device token (shown once).
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedReader {
    /// The reader.
    pub reader: BadgeReaderView,
    /// Its device token (`pwd_…`) for the REST API; only its hash is stored.
    pub token: String,
}

/// Creates a badge reader and its device token (scope `checkin`).
#[utoipa::path(
    post,
    path = "/api/v1/badge-readers",
    tag = "check-in",
    request_body = NewReader,
    responses(
        (status = 201, description = "Created; the token is shown this once", body = CreatedReader),
        (status = 400, description = "Bad code, no place or two, or the code is taken", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn create_reader(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiJson(body): ApiJson<NewReader>,
) -> Result<(StatusCode, Json<CreatedReader>), Problem> {
    let admin = caller.require(Permission::ManageBuilding)?;
    let place = match (body.desk_id, body.zone_id, body.room_id) {
        (Some(desk), None, None) => Place::Desk(desk),
        (None, Some(zone), None) => Place::Zone(zone),
        (None, None, Some(room)) => Place::Room(room),
        _ => {
            return Err(invalid(
                lang,
                "give exactly one of desk_id, zone_id, room_id".to_owned(),
            ));
        }
    };
    let (reader, CreatedToken { token, .. }) =
        badges::create_reader(&state.app.db, &admin, &body.code, place)
            .await
            .map_err(|err| Problem::from_app_error(err, lang))?;
    Ok((StatusCode::CREATED, Json(CreatedReader { reader, token })))
}

/// Removes a badge reader and revokes its device token.
#[utoipa::path(
    delete,
    path = "/api/v1/badge-readers/{id}",
    tag = "check-in",
    params(("id" = i32, Path, description = "`badge_reader.id`")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such reader", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn delete_reader(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
) -> Result<StatusCode, Problem> {
    let admin = caller.require(Permission::ManageBuilding)?;
    badges::delete_reader(&state.app.db, &admin, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A badge to register for a person.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewBadge {
    /// The badge id as readers read it; only its hash is stored.
    pub badge: String,
}

/// Registers a badge for a person of one's organisation.
#[utoipa::path(
    post,
    path = "/api/v1/people/{id}/badges",
    tag = "check-in",
    params(("id" = i32, Path, description = "`person.id`")),
    request_body = NewBadge,
    responses(
        (status = 204, description = "Registered"),
        (status = 400, description = "Empty or too long, or registered already", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organisation administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person in one's organisation", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn add_badge(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<NewBadge>,
) -> Result<StatusCode, Problem> {
    let admin = caller.require(Permission::ManagePeople)?;
    badges::register_badge(&state.app.db, &admin, id, &body.badge)
        .await
        .map_err(|err| Problem::from_app_error(err, lang))?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes every badge of a person of one's organisation (a lost badge).
#[utoipa::path(
    delete,
    path = "/api/v1/people/{id}/badges",
    tag = "check-in",
    params(("id" = i32, Path, description = "`person.id`")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organisation administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person in one's organisation", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn remove_badges(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
) -> Result<StatusCode, Problem> {
    let admin = caller.require(Permission::ManagePeople)?;
    badges::remove_badges(&state.app.db, &admin, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
