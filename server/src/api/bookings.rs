//! Desk bookings over HTTP: availability of a floor for a day, booking one day, several days or
//! a weekly pattern, cancelling one booking or a date range, and one's own bookings.
//!
//! Thin handlers: each checks the caller's permission, calls one function of
//! [`domain::booking`] and maps its error to a problem document in the caller's
//! language. A request for one day that is refused is answered with the refusal's problem
//! (`409 already-booked`, `403 outside-home-zone`, `422 policy-limit`, `422 in-the-past`); a
//! request for several days is answered `200` with each day's outcome.

use super::input::{ApiJson, ApiPath, ApiQuery};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use chrono::{NaiveDate, Utc};
use domain::auth::{Permission, Via};
use domain::booking;
use entities::enums::BookingSource;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use wire::model::{
    BookingRequest, CancelRange, Cancelled, ColleagueToday, DayOutcome, DayResult,
    FloorAvailability, MyBookings, Notice, Slot,
};

use super::RequestLang;
use crate::auth::extract::Authenticated;
use crate::problem::Problem;
use crate::web::WebState;

/// The OpenAPI description of the booking endpoints.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Platzwahl API",
        version = "1",
        description = "Desk sharing and room booking. Errors are RFC 9457 problem documents \
                       (`application/problem+json`) whose `type` is one of `/problems/invalid-input`, \
                       `/problems/unauthorized`, `/problems/forbidden`, `/problems/not-found`, \
                       `/problems/already-booked`, `/problems/outside-home-zone`, \
                       `/problems/policy-limit`, `/problems/in-the-past`, `/problems/no-booking`, \
                       `/problems/unknown-badge`, `/problems/no-desk-free`, \
                       `/problems/no-suitable-desk`, `/problems/out-of-range`, `/problems/internal`."
    ),
    paths(
        availability,
        create_bookings,
        cancel_booking,
        cancel_range,
        my_bookings,
        calendar_feed,
        create_calendar,
        revoke_calendar,
        share_location,
        colleagues_today,
        my_notices
    ),
    components(schemas(Problem)),
    tags((name = "bookings", description = "Desk bookings"))
)]
pub struct BookingsApi;

/// The booking routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/api/v1/availability", get(availability))
        .route("/api/v1/bookings", post(create_bookings))
        .route("/api/v1/bookings/mine", get(my_bookings))
        .route("/api/v1/bookings/cancel-range", post(cancel_range))
        .route("/api/v1/bookings/{id}", delete(cancel_booking))
        .route("/api/v1/calendar.ics", get(calendar_feed))
        .route(
            "/api/v1/me/calendar",
            post(create_calendar).delete(revoke_calendar),
        )
        .route("/api/v1/me/share-location", put(share_location))
        .route("/api/v1/colleagues/today", get(colleagues_today))
        .route("/api/v1/me/notices", get(my_notices))
}

/// What Platzwahl did with one's bookings and requests in the last week, newest first: released
/// for want of a check-in, moved off a blocked desk, the day allocation's result.
#[utoipa::path(
    get,
    path = "/api/v1/me/notices",
    tag = "bookings",
    responses(
        (status = 200, description = "Newest first", body = [Notice]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn my_notices(
    State(state): State<WebState>,
    caller: Authenticated,
) -> Result<Json<Vec<Notice>>, Problem> {
    let who = caller.require(Permission::BookDesk)?;
    Ok(Json(
        domain::notices::notices(&state.app.db, &who, Utc::now()).await?,
    ))
}

/// A new calendar feed address.
#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarAddress {
    /// The address to subscribe to; shown once (only its token's hash is kept).
    pub url: String,
}

/// Creates the signed-in person's calendar feed address; an earlier one ends.
#[utoipa::path(
    post,
    path = "/api/v1/me/calendar",
    tag = "bookings",
    responses(
        (status = 201, description = "The new address", body = CalendarAddress),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to book", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn create_calendar(
    State(state): State<WebState>,
    caller: Authenticated,
) -> Result<(StatusCode, Json<CalendarAddress>), Problem> {
    let who = caller.require(Permission::BookDesk)?;
    let token = domain::calendar::create_feed(&state.app.db, &who).await?;
    let url = format!(
        "{}/api/v1/calendar.ics?token={token}",
        state.auth.public_url().as_str().trim_end_matches('/')
    );
    Ok((StatusCode::CREATED, Json(CalendarAddress { url })))
}

/// Ends the signed-in person's calendar feed address.
#[utoipa::path(
    delete,
    path = "/api/v1/me/calendar",
    tag = "bookings",
    responses(
        (status = 204, description = "Ended"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "There was none", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn revoke_calendar(
    State(state): State<WebState>,
    caller: Authenticated,
) -> Result<StatusCode, Problem> {
    let who = caller.require(Permission::BookDesk)?;
    domain::calendar::revoke_feed(&state.app.db, &who).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Whether colleagues of one's unit may see where one sits today.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ShareLocation {
    /// `true`: they may; `false`: nobody sees it.
    pub share: bool,
}

/// Lets colleagues of one's unit see where one sits today, or stops it.
#[utoipa::path(
    put,
    path = "/api/v1/me/share-location",
    tag = "bookings",
    request_body = ShareLocation,
    responses(
        (status = 204, description = "Saved"),
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn share_location(
    State(state): State<WebState>,
    RequestLang(_lang): RequestLang,
    caller: Authenticated,
    ApiJson(body): ApiJson<ShareLocation>,
) -> Result<StatusCode, Problem> {
    let who = caller.require(Permission::BookDesk)?;
    domain::colleagues::set_share_location(&state.app.db, &who, body.share).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Where colleagues of one's unit who share it sit today.
#[utoipa::path(
    get,
    path = "/api/v1/colleagues/today",
    tag = "bookings",
    responses(
        (status = 200, description = "Colleagues who share their desk, with today's bookings", body = [ColleagueToday]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn colleagues_today(
    State(state): State<WebState>,
    caller: Authenticated,
) -> Result<Json<Vec<ColleagueToday>>, Problem> {
    let who = caller.require(Permission::ViewBuilding)?;
    Ok(Json(
        domain::colleagues::today(&state.app.db, &who, Utc::now()).await?,
    ))
}

/// The secret of a calendar feed address.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// The feed's secret token (`pwc_…`), from the address the person created.
    pub token: String,
}

/// A person's bookings as an iCalendar feed, for Outlook, Thunderbird and phones. The secret
/// token in the address is the only credential; creating a new address or revoking it ends it.
#[utoipa::path(
    get,
    path = "/api/v1/calendar.ics",
    tag = "bookings",
    params(FeedQuery),
    responses(
        (status = 200, description = "The feed", body = String, content_type = "text/calendar"),
        (status = 400, description = "No token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown or revoked address", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn calendar_feed(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    ApiQuery(query): ApiQuery<FeedQuery>,
) -> Result<Response, Problem> {
    let feed = domain::calendar::feed(&state.app.db, &query.token, lang, Utc::now())
        .await
        .map_err(|err| Problem::from_app_error(err, lang))?
        .ok_or_else(|| Problem::not_found("No calendar at this address."))?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/calendar; charset=utf-8",
            ),
            (axum::http::header::CACHE_CONTROL, "private, max-age=300"),
        ],
        feed,
    )
        .into_response())
}

/// Which floor, day and slot to show.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AvailabilityQuery {
    /// The building's short name; the caller's home building (that of their unit's first home
    /// zone) if absent.
    pub building: Option<String>,
    /// The floor's level (0 = ground floor).
    pub floor: i32,
    /// The day, `YYYY-MM-DD`.
    pub day: NaiveDate,
    /// The slot the `state` of each desk refers to; the full day if absent.
    pub slot: Option<Slot>,
}

/// Every desk of a floor on a day: free, booked, mine or blocked.
#[utoipa::path(
    get,
    path = "/api/v1/availability",
    tag = "bookings",
    params(AvailabilityQuery),
    responses(
        (status = 200, description = "The floor's desks", body = FloorAvailability),
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such floor", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The day is over (`in-the-past`)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn availability(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiQuery(query): ApiQuery<AvailabilityQuery>,
) -> Result<Json<FloorAvailability>, Problem> {
    let who = caller.require(Permission::ViewBuilding)?;
    let topology = state.app.topology.get(&state.app.db).await?;
    let (building, floor) = topology
        .named_floor(query.building.as_deref(), query.floor, who.unit_id)
        .ok_or_else(|| Problem::not_found("floor: there is no such building or floor"))?;
    booking::not_past(building.tz, query.day, Utc::now())
        .map_err(|err| Problem::from_app_error(err, lang))?;
    let floor = booking::availability(
        &state.app.db,
        floor.id,
        query.day,
        query.slot.unwrap_or(Slot::FullDay),
        Some(&who),
    )
    .await
    .map_err(|err| Problem::from_app_error(err, lang))?;
    Ok(Json(floor))
}

/// Books a desk for one day, several days (`{"kind": "days", "days": [...]}`) or a weekly
/// pattern (`{"kind": "pattern", "from": ..., "weekdays": ["tue", "thu"], "weeks": 4}`).
#[utoipa::path(
    post,
    path = "/api/v1/bookings",
    tag = "bookings",
    request_body = BookingRequest,
    responses(
        (status = 201, description = "One day, booked", body = [DayOutcome]),
        (status = 200, description = "Several days: each day's outcome, booked or refused with a reason", body = [DayOutcome]),
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to book, or (one day) outside the home zones", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such desk", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "One day: the desk is taken, or the person has a desk then", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "One day: refused by a policy, or in the past", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn create_bookings(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiJson(request): ApiJson<BookingRequest>,
) -> Result<Response, Problem> {
    let who = caller.require(Permission::BookDesk)?;
    let source = match who.via {
        Via::Session(_) => BookingSource::Web,
        Via::Token { .. } | Via::Badge(_) | Via::Door(_) | Via::Allocator => BookingSource::Api,
    };
    let facts = state.app.facts.get(&state.app.db).await?;
    let outcomes = booking::book_with(&state.app.db, &facts, &who, &request, source, Utc::now())
        .await
        .map_err(|err| Problem::from_app_error(err, lang))?;
    match outcomes.as_slice() {
        [only] => match only.result {
            DayResult::Booked { .. } => Ok((StatusCode::CREATED, Json(outcomes)).into_response()),
            DayResult::Refused { reason } => Err(Problem::refused(reason, lang)),
        },
        _ => Ok(Json(outcomes).into_response()),
    }
}

/// Cancels one of one's own bookings.
#[utoipa::path(
    delete,
    path = "/api/v1/bookings/{id}",
    tag = "bookings",
    params(("id" = i64, Path, description = "The booking")),
    responses(
        (status = 204, description = "Cancelled; the desk is free again"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such active booking of yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The slot has already ended", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn cancel_booking(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, Problem> {
    let who = caller.require(Permission::BookDesk)?;
    booking::cancel(&state.app.db, &who, id, Utc::now())
        .await
        .map_err(|err| Problem::from_app_error(err, lang))?;
    Ok(StatusCode::NO_CONTENT)
}

/// Cancels all of one's active bookings from `from` to `to` (inclusive) whose slot has not
/// ended: a holiday, an illness.
#[utoipa::path(
    post,
    path = "/api/v1/bookings/cancel-range",
    tag = "bookings",
    request_body = CancelRange,
    responses(
        (status = 200, description = "The cancelled bookings", body = Cancelled),
        (status = 400, description = "Malformed range", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn cancel_range(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiJson(range): ApiJson<CancelRange>,
) -> Result<Json<Cancelled>, Problem> {
    let who = caller.require(Permission::BookDesk)?;
    let cancelled = booking::cancel_range(&state.app.db, &who, range.from, range.to, Utc::now())
        .await
        .map_err(|err| Problem::from_app_error(err, lang))?;
    Ok(Json(Cancelled { cancelled }))
}

/// One's own bookings: upcoming and past.
#[utoipa::path(
    get,
    path = "/api/v1/bookings/mine",
    tag = "bookings",
    responses(
        (status = 200, description = "Upcoming and past bookings", body = MyBookings),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn my_bookings(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
) -> Result<Json<MyBookings>, Problem> {
    let who = caller.require(Permission::ViewBuilding)?;
    let mine = booking::my_bookings(&state.app.db, &who, Utc::now())
        .await
        .map_err(|err| Problem::from_app_error(err, lang))?;
    Ok(Json(mine))
}
