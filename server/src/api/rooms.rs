//! Rooms and their reservations over HTTP (see [`domain::rooms`]).
//!
//! | route | who |
//! | --- | --- |
//! | `GET /api/v1/rooms`, `GET /api/v1/rooms/timeline` | everybody signed in |
//! | `POST /api/v1/room-reservations`, `GET …/mine`, `PATCH, DELETE …/{id}`, `DELETE /api/v1/room-series/{id}` | staff who reserve rooms (protected rooms: counsellors) |
//! | `PUT /api/v1/rooms/{id}/buffers`, `PUT /api/v1/rooms/{id}/door` | facility managers, building administrators |
//!
//! Somebody else's protected reservation appears on the timeline as its time alone; a
//! reservation id that is not the caller's is 404, whoever owns it.

use super::input::{ApiJson, ApiPath, ApiQuery};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, patch, put};
use axum::{Json, Router};
use chrono::{NaiveDate, Utc};
use domain::auth::{Permission, Principal};
use domain::rooms;
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;
use wire::model::rooms::{
    Repeat, RoomBuffers, RoomDateOutcome, RoomDateResult, RoomFound, RoomInfo, RoomPrivacy,
    RoomQuery, RoomReservationChange, RoomReservationRequest, RoomReservationResult,
    RoomReservationState, RoomReservationView, RoomTimeline, TimelineEntry, TimelineRoom,
};

use super::RequestLang;
use crate::auth::extract::Authenticated;
use crate::problem::Problem;
use crate::web::WebState;

/// The OpenAPI description of the room endpoints.
#[derive(OpenApi)]
#[openapi(
    paths(
        find_rooms,
        room_timeline,
        set_buffers,
        set_door,
        reserve,
        my_reservations,
        change_reservation,
        cancel_reservation,
        cancel_series
    ),
    components(schemas(
        Problem,
        RoomInfo,
        RoomPrivacy,
        RoomFound,
        RoomReservationRequest,
        Repeat,
        RoomReservationResult,
        RoomDateOutcome,
        RoomDateResult,
        RoomReservationView,
        RoomReservationState,
        RoomReservationChange,
        RoomBuffers,
        RoomTimeline,
        TimelineRoom,
        TimelineEntry,
        SeriesCancelled,
        RoomDoor
    )),
    tags((name = "rooms", description = "Consultation and meeting rooms and their reservations"))
)]
pub struct RoomsApi;

/// The room routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/api/v1/rooms", get(find_rooms))
        .route("/api/v1/rooms/timeline", get(room_timeline))
        .route("/api/v1/rooms/{id}/buffers", put(set_buffers))
        .route("/api/v1/rooms/{id}/door", put(set_door))
        .route("/api/v1/room-reservations", axum::routing::post(reserve))
        .route("/api/v1/room-reservations/mine", get(my_reservations))
        .route(
            "/api/v1/room-reservations/{id}",
            patch(change_reservation).delete(cancel_reservation),
        )
        .route("/api/v1/room-series/{id}", delete(cancel_series))
}

/// The caller, if they may reserve some room (meeting rooms, protected ones, or as the front
/// desk the entrance zone's first-consultation rooms).
fn reserver(caller: Authenticated) -> Result<Principal, Problem> {
    let who = caller.0;
    if who.may(Permission::ReserveRoom)
        || who.may(Permission::ReserveProtectedRoom)
        || who.may(Permission::RoomNow)
    {
        Ok(who)
    } else {
        Err(Problem::forbidden())
    }
}

fn problem(lang: wire::i18n::Lang) -> impl Fn(domain::error::Error) -> Problem {
    move |err| Problem::from_app_error(err, lang)
}

/// Rooms matching the filters; with `day`, `from` and `to`, whether each is free then.
#[utoipa::path(
    get,
    path = "/api/v1/rooms",
    tag = "rooms",
    params(RoomQuery),
    responses(
        (status = 200, description = "By floor and sign", body = [RoomFound]),
        (status = 400, description = "Malformed query (a time off the 15-minute grid, say)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn find_rooms(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiQuery(query): ApiQuery<RoomQuery>,
) -> Result<Json<Vec<RoomFound>>, Problem> {
    let who = caller.require(Permission::ViewBuilding)?;
    let topology = state.app.topology.get(&state.app.db).await?;
    Ok(Json(
        rooms::search(&state.app.db, &topology, &who, &query)
            .await
            .map_err(problem(lang))?,
    ))
}

/// The timeline's query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct TimelineQuery {
    /// The first day.
    day: NaiveDate,
    /// How many days (1 to 7; default 1).
    #[param(minimum = 1, maximum = 7)]
    days: Option<u32>,
    /// Only this floor.
    level: Option<i32>,
}

/// The rooms' reservations for a day or a week. Somebody else's reservation of a protected
/// room is its time alone ("taken"); meeting rooms show who reserved them; subjects are the
/// owner's only.
#[utoipa::path(
    get,
    path = "/api/v1/rooms/timeline",
    tag = "rooms",
    params(TimelineQuery),
    responses(
        (status = 200, description = "The rooms with their reservations", body = RoomTimeline),
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn room_timeline(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiQuery(query): ApiQuery<TimelineQuery>,
) -> Result<Json<RoomTimeline>, Problem> {
    let who = caller.require(Permission::ViewBuilding)?;
    let topology = state.app.topology.get(&state.app.db).await?;
    Ok(Json(
        rooms::timeline(
            &state.app.db,
            &topology,
            &who,
            query.day,
            query.days.unwrap_or(1),
            query.level,
        )
        .await
        .map_err(problem(lang))?,
    ))
}

/// Sets a room's preparation and cleaning buffers, which nobody can reserve into; they apply
/// to reservations made from then on.
#[utoipa::path(
    put,
    path = "/api/v1/rooms/{id}/buffers",
    tag = "rooms",
    params(("id" = i32, Path, description = "The room")),
    request_body = RoomBuffers,
    responses(
        (status = 200, description = "The room with its new buffers", body = RoomInfo),
        (status = 400, description = "Malformed request (0 to 60 minutes in steps of 5)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not facility management", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such room", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn set_buffers(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
    ApiJson(buffers): ApiJson<RoomBuffers>,
) -> Result<Json<RoomInfo>, Problem> {
    let who = caller.require(Permission::ManageDesks)?;
    let room = rooms::set_buffers(&state.app.db, &who, id, buffers, Utc::now())
        .await
        .map_err(problem(lang))?;
    // The rooms are part of the kept topology: forget it here at once, and on every other
    // instance through the bus.
    state.app.topology.invalidate();
    state.bus.topology_changed().await;
    Ok(Json(room))
}

/// What a room's door display offers.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RoomDoor {
    /// People who may reserve the room may book it at its door display for 15 or 30 minutes
    /// from now, by badge or passkey (a protected room: counsellors only).
    pub book_now: bool,
}

/// Allows or forbids booking a room at its door display ("book now for 15/30 minutes"). A
/// check-in at the door is always possible.
#[utoipa::path(
    put,
    path = "/api/v1/rooms/{id}/door",
    tag = "rooms",
    params(("id" = i32, Path, description = "The room")),
    request_body = RoomDoor,
    responses(
        (status = 200, description = "The room's door setting", body = RoomDoor),
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not facility management", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such room", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn set_door(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
    ApiJson(door): ApiJson<RoomDoor>,
) -> Result<Json<RoomDoor>, Problem> {
    let who = caller.require(Permission::ManageDesks)?;
    rooms::door::set_book_now(&state.app.db, &who, id, door.book_now, Utc::now())
        .await
        .map_err(problem(lang))?;
    // The displays read the rooms from the kept topology: forget it here and everywhere.
    state.app.topology.invalidate();
    state.bus.topology_changed().await;
    Ok(Json(door))
}

/// Reserves a room for one date or a series (`repeat`). One date: 201, or the refusal as a
/// problem (409 `room-taken` when the room or its buffer is taken, also for a lost race).
/// A series: 201 with each date's outcome when any was reserved, 200 with the outcomes when
/// none was (all-or-nothing with a clash, or every date taken).
#[utoipa::path(
    post,
    path = "/api/v1/room-reservations",
    tag = "rooms",
    request_body = RoomReservationRequest,
    responses(
        (status = 201, description = "Reserved (a series: at least one date)", body = RoomReservationResult),
        (status = 200, description = "A series of which no date was reserved; each date says why", body = RoomReservationResult),
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not reserve this room; `not-admitted`: a first-consultation room of the entrance zone, and the caller's organisation is not admitted to it", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such room", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Taken (one date), also when another request won the race", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "In the past or blocked (one date), or longer than the room's longest slot (`policy-limit`; nothing is written)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn reserve(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiJson(request): ApiJson<RoomReservationRequest>,
) -> Result<(StatusCode, Json<RoomReservationResult>), Problem> {
    let who = reserver(caller)?;
    let result = rooms::reserve(&state.app.db, &who, &request, Utc::now())
        .await
        .map_err(problem(lang))?;
    if request.repeat.is_none()
        && let [
            RoomDateOutcome {
                result: RoomDateResult::Refused { reason },
                ..
            },
        ] = result.dates.as_slice()
    {
        return Err(Problem::refused(*reason, lang));
    }
    let status = if result.reserved() > 0 {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(result)))
}

/// The caller's reservations from two weeks ago on, with subjects and notes.
#[utoipa::path(
    get,
    path = "/api/v1/room-reservations/mine",
    tag = "rooms",
    responses(
        (status = 200, description = "Soonest first", body = [RoomReservationView]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not reserve rooms", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn my_reservations(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
) -> Result<Json<Vec<RoomReservationView>>, Problem> {
    let who = reserver(caller)?;
    let topology = state.app.topology.get(&state.app.db).await?;
    Ok(Json(
        rooms::mine(&state.app.db, &topology, &who, Utc::now())
            .await
            .map_err(problem(lang))?,
    ))
}

/// Changes one's reservation: shorten, extend, move to other times or another day, change
/// the texts. Refused as a whole (409 `room-taken`) if the new times clash.
#[utoipa::path(
    patch,
    path = "/api/v1/room-reservations/{id}",
    tag = "rooms",
    params(("id" = i64, Path, description = "The reservation")),
    request_body = RoomReservationChange,
    responses(
        (status = 200, description = "Changed", body = RoomReservationView),
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such reservation of the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The new times clash", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Ended, moved into the past, or longer than the room's longest slot", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn change_reservation(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<RoomReservationChange>,
) -> Result<Json<RoomReservationView>, Problem> {
    let who = reserver(caller)?;
    Ok(Json(
        rooms::change(&state.app.db, &who, id, &change, Utc::now())
            .await
            .map_err(problem(lang))?,
    ))
}

/// Cancels one's reservation (a single one, or one date of a series).
#[utoipa::path(
    delete,
    path = "/api/v1/room-reservations/{id}",
    tag = "rooms",
    params(("id" = i64, Path, description = "The reservation")),
    responses(
        (status = 204, description = "Cancelled (or already was)"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such reservation of the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Already over", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn cancel_reservation(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, Problem> {
    let who = reserver(caller)?;
    rooms::cancel(&state.app.db, &who, id, Utc::now())
        .await
        .map_err(problem(lang))?;
    Ok(StatusCode::NO_CONTENT)
}

/// How many dates of a series were cancelled.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct SeriesCancelled {
    /// Dates cancelled (those not yet over).
    cancelled: u32,
}

/// Cancels every date of one's series that is not over.
#[utoipa::path(
    delete,
    path = "/api/v1/room-series/{id}",
    tag = "rooms",
    params(("id" = i32, Path, description = "The series")),
    responses(
        (status = 200, description = "Cancelled", body = SeriesCancelled),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such series of the caller's", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn cancel_series(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<SeriesCancelled>, Problem> {
    let who = reserver(caller)?;
    let cancelled = rooms::cancel_series(&state.app.db, &who, id, Utc::now())
        .await
        .map_err(problem(lang))?;
    Ok(Json(SeriesCancelled { cancelled }))
}
