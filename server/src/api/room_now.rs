//! "A room now" for the front desk over HTTP (see [`domain::rooms::now`]).
//!
//! | route | who |
//! | --- | --- |
//! | `POST /api/v1/rooms/now` | the front desk ([`Permission::RoomNow`]: the front desk and counsellors of organisations admitted to the entrance zone) |
//!
//! The answer names the room and its way from the entrance, never a citizen; when every
//! first-consultation room is taken it is 409 `room-taken` with `earliest_free`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use chrono::Utc;
use domain::auth::Permission;
use domain::rooms::now::{self, Outcome};
use domain::way::{self, Place};
use utoipa::OpenApi;
use wire::i18n::Lang;
use wire::model::room_now::{EarliestFree, RoomNow, RoomNowRequest};

use super::RequestLang;
use super::input::ApiJson;
use crate::auth::extract::Authenticated;
use crate::problem::Problem;
use crate::web::WebState;

/// The OpenAPI description of "a room now".
#[derive(OpenApi)]
#[openapi(
    paths(room_now),
    components(schemas(Problem, RoomNowRequest, RoomNow, EarliestFree)),
    tags((name = "rooms", description = "Consultation and meeting rooms and their reservations"))
)]
pub struct RoomNowApi;

/// The route.
pub fn routes() -> Router<WebState> {
    Router::new().route("/api/v1/rooms/now", post(room_now))
}

/// The 409 when every first-consultation room is taken, with the earliest free time.
fn all_taken(earliest: Option<EarliestFree>, lang: Lang) -> Problem {
    let detail = match (&earliest, lang) {
        (Some(free), Lang::De) => format!(
            "Alle Erstberatungsräume sind belegt. Frei ab {} Uhr: {} {}.",
            free.from.format("%H:%M"),
            free.label,
            free.name
        ),
        (Some(free), _) => format!(
            "Every first-consultation room is taken. Free from {}: {} {}.",
            free.from.format("%H:%M"),
            free.label,
            free.name
        ),
        (None, Lang::De) => "Alle Erstberatungsräume sind heute belegt.".to_string(),
        (None, _) => "Every first-consultation room is taken today.".to_string(),
    };
    let mut problem =
        Problem::new(StatusCode::CONFLICT, "room-taken", "Room taken").with_detail(detail);
    problem.earliest_free = earliest.map(Box::new);
    problem
}

/// The next free first-consultation room of the entrance zone, reserved at once in the
/// caller's name for `minutes` from the current quarter of an hour, without subject, notes or
/// attendees (the citizen is never recorded); with its way from the building's entrance where
/// one is known. Each call gives another room while rooms are free. The walk-in is counted by
/// hour for the reports (a count only).
#[utoipa::path(
    post,
    path = "/api/v1/rooms/now",
    tag = "rooms",
    request_body = RoomNowRequest,
    responses(
        (status = 201, description = "The room, reserved", body = RoomNow),
        (status = 400, description = "Malformed request (`minutes` 15 to 30)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the front desk; or `not-admitted`: the caller's organisation is not admitted to the entrance zone", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such building, or it has no first-consultation rooms", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`policy-limit`: longer than every first-consultation room's longest slot", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Every first-consultation room is taken: `earliest_free` says when and which is free first (absent if none is free within a day)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn room_now(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiJson(request): ApiJson<RoomNowRequest>,
) -> Result<(StatusCode, Json<RoomNow>), Problem> {
    let who = caller.require(Permission::RoomNow)?;
    let db = &state.app.db;
    let topology = state.app.topology.get(db).await?;
    match now::room_now(db, &topology, &who, &request, Utc::now())
        .await
        .map_err(|err| Problem::from_app_error(err, lang))?
    {
        Outcome::Given(mut given) => {
            // The way is a help, not a condition: a building without walkways gives none.
            given.way = way::way(db, &topology, Place::Room(given.room_id), false, lang)
                .await
                .ok();
            Ok((StatusCode::CREATED, Json(given)))
        }
        Outcome::AllTaken(earliest) => Err(all_taken(earliest, lang)),
    }
}
