//! The allocator over HTTP: "find me a desk" and team booking.
//!
//! | route | who |
//! | --- | --- |
//! | `POST /api/v1/bookings/find` | anyone who may book a desk |
//! | `GET /api/v1/team/members` | unit leads: the people of their unit |
//! | `POST /api/v1/team/bookings` | unit leads: desks for people of their unit, together |
//! | `POST /api/v1/desk-requests`, `GET /api/v1/desk-requests/mine`, `DELETE /api/v1/desk-requests/{id}` | anyone who may book: requests for the day allocation |
//! | `POST /api/v1/allocations/{day}/run` | facility management: close a day early and allocate it |

use super::input::{ApiJson, ApiPath};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use chrono::Utc;
use domain::allocation::{self, FindError};
use domain::auth::Permission;
use domain::day_allocation;
use utoipa::OpenApi;
use wire::model::{
    DayRequest, DayRun, DeskRequestView, FindDesk, FoundDesk, TeamBookingRequest,
    TeamBookingResult, TeamMember,
};

use super::{RequestLang, invalid};
use crate::auth::extract::Authenticated;
use crate::problem::Problem;
use crate::web::WebState;

/// The OpenAPI description of the allocator endpoints.
#[derive(OpenApi)]
#[openapi(
    paths(find_desk, team_members, team_booking, request_desk, my_requests, withdraw_request, run_day),
    components(schemas(Problem, FindDesk, FoundDesk, TeamMember, TeamBookingRequest, TeamBookingResult, DayRequest, DeskRequestView, DayRun)),
    tags((name = "allocator", description = "Find me a desk; team booking; the day allocation"))
)]
pub struct AllocationApi;

/// The allocator routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/api/v1/bookings/find", post(find_desk))
        .route("/api/v1/team/members", get(team_members))
        .route("/api/v1/team/bookings", post(team_booking))
        .route("/api/v1/desk-requests", post(request_desk))
        .route("/api/v1/desk-requests/mine", get(my_requests))
        .route("/api/v1/desk-requests/{id}", delete(withdraw_request))
        .route("/api/v1/allocations/{day}/run", post(run_day))
}

/// A refusal or failure of the allocator service as a problem; the allocator's own
/// explanation, when it has one, is the detail.
fn problem(err: FindError, lang: wire::i18n::Lang) -> Problem {
    match err {
        FindError::Unplaced(refusal, Some(explanation)) => {
            Problem::refused(refusal, lang).with_detail(explanation)
        }
        other => Problem::from_app_error(other, lang),
    }
}

/// Finds the best free desk for the signed-in person and books it at once: the home zones of
/// their unit first, near their team, with what they need, and an explanation why this desk.
#[utoipa::path(
    post,
    path = "/api/v1/bookings/find",
    tag = "allocator",
    request_body = FindDesk,
    responses(
        (status = 201, description = "Booked; with the desk and why this one", body = FoundDesk),
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to book", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No desk free (`no-desk-free`), or the person has a desk then (`already-booked`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No desk has what is needed (`no-suitable-desk`), a policy refuses, or the slot is over", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn find_desk(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiJson(find): ApiJson<FindDesk>,
) -> Result<(StatusCode, Json<FoundDesk>), Problem> {
    let who = caller.require(Permission::BookDesk)?;
    let facts = state.app.facts.get(&state.app.db).await?;
    let found = allocation::find_and_book(&state.app.db, &facts, &who, &find, lang, Utc::now())
        .await
        .map_err(|err| problem(err, lang))?;
    Ok((StatusCode::CREATED, Json(found)))
}

/// The active people of the unit lead's unit.
#[utoipa::path(
    get,
    path = "/api/v1/team/members",
    tag = "allocator",
    responses(
        (status = 200, description = "The people of the caller's unit, by name", body = [TeamMember]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a unit lead", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn team_members(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
) -> Result<Json<Vec<TeamMember>>, Problem> {
    let lead = caller.require(Permission::BookForUnit)?;
    let Some(unit) = lead.unit_id else {
        return Err(invalid(lang, "you belong to no unit".into()));
    };
    Ok(Json(allocation::unit_members(&state.app.db, unit).await?))
}

/// A unit lead books desks for people of their unit on one day, together: one run of the
/// allocator places everyone, then each desk is booked for its person under the usual rules.
/// Each person's outcome is in the answer, with the reason when nobody could be placed.
#[utoipa::path(
    post,
    path = "/api/v1/team/bookings",
    tag = "allocator",
    request_body = TeamBookingRequest,
    responses(
        (status = 200, description = "Each person's desk, or why none", body = TeamBookingResult),
        (status = 400, description = "Malformed request, or somebody outside the unit", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a unit lead", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The slot is over", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn team_booking(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiJson(team): ApiJson<TeamBookingRequest>,
) -> Result<Json<TeamBookingResult>, Problem> {
    let lead = caller.require(Permission::BookForUnit)?;
    let facts = state.app.facts.get(&state.app.db).await?;
    let result = allocation::book_team(&state.app.db, &facts, &lead, &team, lang, Utc::now())
        .await
        .map_err(|err| problem(err, lang))?;
    Ok(Json(result))
}

/// Asks for a desk on a day in the day allocation: collected until the evening before
/// (`[booking] requests_close`, 18:00 by default), then allocated with everyone else's.
#[utoipa::path(
    post,
    path = "/api/v1/desk-requests",
    tag = "allocator",
    request_body = DayRequest,
    responses(
        (status = 201, description = "Asked; waiting for the allocation", body = DeskRequestView),
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to book", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A desk was already given for that day (`already-booked`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Requests for that day have closed (`policy-limit`)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn request_desk(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiJson(request): ApiJson<DayRequest>,
) -> Result<(StatusCode, Json<DeskRequestView>), Problem> {
    let who = caller.require(Permission::BookDesk)?;
    let view = day_allocation::submit(
        &state.app.db,
        &who,
        &request,
        state.app.requests_close,
        Utc::now(),
    )
    .await
    .map_err(|err| Problem::from_app_error(err, lang))?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// One's requests for the day allocation from today on, with the desk given and why.
#[utoipa::path(
    get,
    path = "/api/v1/desk-requests/mine",
    tag = "allocator",
    responses(
        (status = 200, description = "Soonest first", body = [DeskRequestView]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to book", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn my_requests(
    State(state): State<WebState>,
    caller: Authenticated,
) -> Result<Json<Vec<DeskRequestView>>, Problem> {
    let who = caller.require(Permission::BookDesk)?;
    Ok(Json(
        day_allocation::mine(&state.app.db, &who, state.app.requests_close, Utc::now()).await?,
    ))
}

/// Withdraws a request still waiting, or declines the desk the allocation gave (its booking is
/// cancelled and the desk free again).
#[utoipa::path(
    delete,
    path = "/api/v1/desk-requests/{id}",
    tag = "allocator",
    params(("id" = i64, Path, description = "The request")),
    responses(
        (status = 204, description = "Withdrawn or declined"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such open request of yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The desk's slot has already ended", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn withdraw_request(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, Problem> {
    let who = caller.require(Permission::BookDesk)?;
    day_allocation::withdraw_or_decline(&state.app.db, &who, id, Utc::now())
        .await
        .map_err(|err| Problem::from_app_error(err, lang))?;
    Ok(StatusCode::NO_CONTENT)
}

/// Closes a day's requests early and allocates them now (facility management).
#[utoipa::path(
    post,
    path = "/api/v1/allocations/{day}/run",
    tag = "allocator",
    params(("day" = NaiveDate, Path, description = "The day, YYYY-MM-DD")),
    responses(
        (status = 200, description = "How many requests were placed and how many got no desk", body = DayRun),
        (status = 400, description = "Not a day", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not facility management", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn run_day(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(day): ApiPath<NaiveDate>,
) -> Result<Json<DayRun>, Problem> {
    caller.require(Permission::ManageDesks)?;
    let facts = state.app.facts.get(&state.app.db).await?;
    let run = day_allocation::run_day(
        &state.app.db,
        &facts,
        day,
        Utc::now(),
        state.app.allocation_policy,
    )
    .await
    .map_err(|err| Problem::from_app_error(err, lang))?;
    Ok(Json(run))
}
