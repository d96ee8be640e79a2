//! At the door: a person checks in to their reservation, or books the room now for 15 or 30
//! minutes where the room allows it, at the room's door display, by badge or by passkey.
//!
//! | route | what |
//! | --- | --- |
//! | `POST /displays/rooms/{id}/badge`, `POST /api/v1/displays/rooms/{id}/badge` | a badge read at the display (a keyboard-wedge reader types it, then Enter) |
//! | `POST /displays/rooms/{id}/passkey`, `POST /api/v1/displays/rooms/{id}/passkey` | the answer to a passkey sign-in ceremony (usernameless, started at `/api/v1/auth/passkeys/sign-in/start`) |
//!
//! Both need the display: its cookie (the display page's own script) or `Authorization:
//! Bearer` with a device token of scope `display` (a device that draws itself). A request with
//! the cookie must come from the display's own page (`Origin`, or `Sec-Fetch-Site:
//! same-origin`). The person identified acts as [`Via::Door`]: they may check in and reserve
//! the room now, nothing else, and no session is started on the display. Unknown badges are
//! counted per display, as per badge reader, and a display that read too many within the hour
//! is not heard for the rest of it.
//!
//! The answer says what happened in the display's language and until when, never who: the
//! display shows it to whoever stands there, and shows the room "belegt bis HH:MM" through its
//! event stream.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use domain::auth::{Via, load_principal};
use domain::checkin::{BadgeHolder, BadgeSource};
use domain::rooms::door::{self, AtTheDoor, DoorRefusal};
use entities::enums::CheckInMethod;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use webauthn_rs::prelude::PublicKeyCredential;
use wire::i18n::Lang;

use super::{CallerExt, render};
use crate::api::RequestLang;
use crate::api::input::{ApiJson, ApiPath};
use crate::auth::extract::ClientIp;
use crate::auth::routes::verified_person;
use crate::problem::Problem;
use crate::web::WebState;

/// A badge read at the door display.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DoorBadge {
    /// The badge id as the reader typed it; never stored, only its hash is compared.
    pub badge: String,
    /// Book the room now for this many minutes (15 or 30) if the person has no reservation of
    /// it now; without it, only a check-in.
    pub minutes: Option<u32>,
}

/// A passkey's answer at the door display.
#[derive(Deserialize, ToSchema)]
pub struct DoorPasskey {
    /// The ceremony id from `/api/v1/auth/passkeys/sign-in/start`.
    pub ceremony: String,
    /// The WebAuthn JSON of the browser's `navigator.credentials.get()` answer.
    #[schema(value_type = Object)]
    pub credential: PublicKeyCredential,
    /// As for a badge: book now for 15 or 30 minutes if there is nothing to check in.
    pub minutes: Option<u32>,
}

/// What happened at the door.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DoorDone {
    /// The person's reservation here is checked in.
    CheckedIn,
    /// The room is booked now for the person, and checked in.
    Booked,
}

/// The answer at the door: what happened, until when, and what the display says; never who.
#[derive(Debug, Serialize, ToSchema)]
pub struct DoorAnswer {
    /// Checked in or booked.
    pub done: DoorDone,
    /// The reservation's end, local time `HH:MM`.
    #[schema(example = "10:30")]
    pub until: String,
    /// What the display shows, in its language.
    pub message: String,
}

/// Why the display does not act: the problem's status, kind and the message it shows.
fn refusal(refused: DoorRefusal, lang: Lang) -> Problem {
    let (status, kind, title) = match refused {
        DoorRefusal::NoReservation => (StatusCode::CONFLICT, "no-booking", "No reservation here"),
        DoorRefusal::NotBookableHere => (
            StatusCode::CONFLICT,
            "not-bookable-here",
            "Not bookable at the door",
        ),
        DoorRefusal::NotPermitted => (StatusCode::FORBIDDEN, "forbidden", "Forbidden"),
        DoorRefusal::NotAdmitted => (StatusCode::FORBIDDEN, "not-admitted", "Not admitted"),
        DoorRefusal::TooLong => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "slot-too-long",
            "Longer than the room's longest slot",
        ),
        DoorRefusal::Taken => (StatusCode::CONFLICT, "room-taken", "Room taken"),
        DoorRefusal::Closed | DoorRefusal::TooLate => {
            (StatusCode::UNPROCESSABLE_ENTITY, "policy-limit", "Refused")
        }
    };
    Problem::new(status, kind, title).with_detail(render::door_refusal(refused, lang))
}

/// The display's device token id: a bearer token of scope `display`, or the display cookie
/// on a request from the display's own page.
async fn display_of(
    state: &WebState,
    caller: &CallerExt,
    headers: &HeaderMap,
) -> Result<i32, Response> {
    let by_cookie = caller.is_none();
    let id = super::authorize_display(state, caller.as_ref().map(|c| &c.0), headers).await?;
    if by_cookie && !from_own_page(state, headers) {
        return Err(Problem::new(
            StatusCode::FORBIDDEN,
            "cross-site-request",
            "Cross-site request refused",
        )
        .with_detail("This request did not come from the display's page.")
        .into_response());
    }
    Ok(id)
}

/// Whether a request with the display cookie says it comes from this site.
fn from_own_page(state: &WebState, headers: &HeaderMap) -> bool {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    text(header::ORIGIN.as_str()).is_some_and(|origin| state.auth.is_own_origin(origin))
        || text("sec-fetch-site") == Some("same-origin")
}

/// What the door did, as the answer or a problem.
fn answer(done: AtTheDoor, tz: chrono_tz::Tz, lang: Lang) -> Result<Json<DoorAnswer>, Problem> {
    let clock = |at: chrono::DateTime<Utc>| at.with_timezone(&tz).format("%H:%M").to_string();
    match done {
        AtTheDoor::CheckedIn { until, .. } => Ok(Json(DoorAnswer {
            done: DoorDone::CheckedIn,
            message: render::door_done(false, &clock(until), lang),
            until: clock(until),
        })),
        AtTheDoor::Booked { until } => Ok(Json(DoorAnswer {
            done: DoorDone::Booked,
            message: render::door_done(true, &clock(until), lang),
            until: clock(until),
        })),
        AtTheDoor::Refused(refused) => Err(refusal(refused, lang)),
    }
}

async fn act(
    state: &WebState,
    who: &domain::auth::Principal,
    room: i32,
    minutes: Option<u32>,
    method: CheckInMethod,
    lang: Lang,
) -> Result<Json<DoorAnswer>, Problem> {
    let done = door::at_the_door(&state.app.db, who, room, minutes, method, Utc::now())
        .await
        .map_err(|err| Problem::from_app_error(err, lang))?;
    let tz = domain::topology::building_tz(&state.app.db).await?;
    answer(done, tz, lang)
}

/// A badge read at a room's door display: the holder's reservation of the room now is checked
/// in; with `minutes`, and if the room allows it and the holder may reserve it, the room is
/// booked now for them (and checked in) when there is nothing to check in.
#[utoipa::path(
    post,
    path = "/api/v1/displays/rooms/{id}/badge",
    tag = "displays",
    params(("id" = i32, Path, description = "`room.id`")),
    request_body = DoorBadge,
    responses(
        (status = 200, description = "Checked in, or booked now", body = DoorAnswer),
        (status = 400, description = "Malformed request (minutes other than 15 or 30)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No device token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a display, or the holder may not reserve this room (or their organisation is not admitted to the entrance zone)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such room, or an unknown badge (`/problems/unknown-badge`, counted)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No reservation to check in (`/problems/no-booking`), the room may not be booked at its door (`/problems/not-bookable-here`), or it is taken (`/problems/room-taken`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Closed by a block today, longer than the room's longest slot, or the time runs past midnight", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The display read too many unknown badges within the hour", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn badge(
    State(state): State<WebState>,
    caller: CallerExt,
    headers: HeaderMap,
    RequestLang(lang): RequestLang,
    ApiPath(id): ApiPath<i32>,
    body: Result<ApiJson<DoorBadge>, Problem>,
) -> Response {
    // Who asks is checked before what they send.
    let display = match display_of(&state, &caller, &headers).await {
        Ok(display) => display,
        Err(refused) => return refused,
    };
    let body = match body {
        Ok(ApiJson(body)) => body,
        Err(problem) => return problem.into_response(),
    };
    let badge = body.badge.trim();
    if badge.is_empty() || badge.chars().count() > domain::badges::MAX_BADGE_LEN {
        return Problem::invalid_input(format!(
            "badge: 1 to {} characters",
            domain::badges::MAX_BADGE_LEN
        ))
        .into_response();
    }
    let now = Utc::now();
    let who = match domain::checkin::badge_holder(
        &state.app.db,
        BadgeSource::Display(display),
        badge,
        now,
    )
    .await
    {
        Ok(BadgeHolder::Known(who)) => who,
        Ok(BadgeHolder::UnknownBadge) => {
            return Problem::new(StatusCode::NOT_FOUND, "unknown-badge", "Unknown badge")
                .with_detail(render::door_unknown_badge(lang))
                .into_response();
        }
        Ok(BadgeHolder::SourceLimited) => {
            return Problem::rate_limited()
                .with_detail(render::door_limited(lang))
                .into_response();
        }
        Err(err) => return Problem::from(err).into_response(),
    };
    act(&state, &who, id, body.minutes, CheckInMethod::Badge, lang)
        .await
        .into_response()
}

/// A passkey answered at a room's door display (a discoverable credential: no user name): as
/// for a badge, the person's reservation is checked in, or the room booked now. No session is
/// started. Failures count against the sign-in limits and are audited.
#[utoipa::path(
    post,
    path = "/api/v1/displays/rooms/{id}/passkey",
    tag = "displays",
    params(("id" = i32, Path, description = "`room.id`")),
    request_body = DoorPasskey,
    responses(
        (status = 200, description = "Checked in, or booked now", body = DoorAnswer),
        (status = 400, description = "Malformed request, or the ceremony is unknown, finished or expired", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No device token, or the passkey is unknown or did not verify", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a display, or the person may not reserve this room", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such room", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No reservation to check in, not bookable at the door, or taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Closed by a block today, or the time runs past midnight", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn passkey(
    State(state): State<WebState>,
    caller: CallerExt,
    headers: HeaderMap,
    ClientIp(client): ClientIp,
    RequestLang(lang): RequestLang,
    ApiPath(id): ApiPath<i32>,
    body: Result<ApiJson<DoorPasskey>, Problem>,
) -> Response {
    let display = match display_of(&state, &caller, &headers).await {
        Ok(display) => display,
        Err(refused) => return refused,
    };
    let body = match body {
        Ok(ApiJson(body)) => body,
        Err(problem) => return problem.into_response(),
    };
    let person = match verified_person(&state, client, &body.ceremony, &body.credential).await {
        Ok(person) => person,
        Err(problem) => return problem.into_response(),
    };
    let who = match load_principal(&state.app.db, person.id, Via::Door(display)).await {
        Ok(Some(who)) => who,
        Ok(None) => return Problem::forbidden().into_response(),
        Err(err) => return Problem::from(err).into_response(),
    };
    act(&state, &who, id, body.minutes, CheckInMethod::Passkey, lang)
        .await
        .into_response()
}
