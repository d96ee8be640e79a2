//! The home-zone planner's stored inputs and plans over HTTP (see [`domain::planner`]); the
//! proposal and the affinities are in [`super::reports`].
//!
//! | route | who |
//! | --- | --- |
//! | `GET /api/v1/planner/grants` | facility managers, organisation and building administrators |
//! | `PUT /api/v1/planner/grants` | building administrators |
//! | `GET /api/v1/planner/plans` | facility managers, organisation and building administrators |
//! | `POST /api/v1/planner/plans` | facility managers, building administrators |
//! | `POST /api/v1/planner/plans/{id}/consent` | organisation administrators (of an organisation whose units the plan moves) |
//! | `POST /api/v1/planner/plans/{id}/withdraw` | facility managers, building administrators |
//!
//! A plan that applies changes the home zones: every instance is told that the topology
//! changed.

use super::input::{ApiJson, ApiPath};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Utc;
use domain::auth::Permission;
use domain::planner::{grants, plans};
use utoipa::OpenApi;
use wire::model::planner::{
    GrantedZone, NewPlan, OrganisationRef, PlanConsent, PlanMove, PlannedZone, SetZoneGrant,
    StoredPlan,
};

use super::RequestLang;
use crate::auth::extract::Authenticated;
use crate::problem::Problem;
use crate::web::WebState;

/// The OpenAPI description of the planner's plans and zone grants.
#[derive(OpenApi)]
#[openapi(
    paths(zone_grants, set_zone_grant, list_plans, keep_plan, consent_plan, withdraw_plan),
    components(schemas(
        Problem,
        GrantedZone,
        OrganisationRef,
        PlannedZone,
        SetZoneGrant,
        NewPlan,
        StoredPlan,
        PlanMove,
        PlanConsent
    )),
    tags((name = "planner", description = "Zones given to organisations, and home-zone plans applied with the organisations' consent"))
)]
pub struct PlannerApi;

/// The planner routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route(
            "/api/v1/planner/grants",
            get(zone_grants).put(set_zone_grant),
        )
        .route("/api/v1/planner/plans", get(list_plans).post(keep_plan))
        .route("/api/v1/planner/plans/{id}/consent", post(consent_plan))
        .route("/api/v1/planner/plans/{id}/withdraw", post(withdraw_plan))
}

/// Every zone with the organisations the building administrators have given it to.
#[utoipa::path(
    get,
    path = "/api/v1/planner/grants",
    tag = "planner",
    responses(
        (status = 200, description = "Every zone", body = [GrantedZone]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator or facility manager", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn zone_grants(
    State(state): State<WebState>,
    caller: Authenticated,
) -> Result<Json<Vec<GrantedZone>>, Problem> {
    let who = caller.require(Permission::ManagePolicies)?;
    Ok(Json(grants::grants(&state.app.db, &who).await?))
}

/// Gives a zone to an organisation, or takes it back (refused with 409 while a unit of the
/// organisation has it as a home zone).
#[utoipa::path(
    put,
    path = "/api/v1/planner/grants",
    tag = "planner",
    request_body = SetZoneGrant,
    responses(
        (status = 204, description = "Set"),
        (status = 400, description = "Malformed", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such zone or organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A unit of the organisation has the zone as a home zone", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn set_zone_grant(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiJson(change): ApiJson<SetZoneGrant>,
) -> Result<StatusCode, Problem> {
    let who = caller.require(Permission::ManageBuilding)?;
    grants::set_grant(&state.app.db, &who, &change)
        .await
        .map_err(|err| Problem::from_app_error(err, lang))?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every home-zone plan, newest first, with the units it moves and the organisations'
/// consent.
#[utoipa::path(
    get,
    path = "/api/v1/planner/plans",
    tag = "planner",
    responses(
        (status = 200, description = "Every plan", body = [StoredPlan]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator or facility manager", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_plans(
    State(state): State<WebState>,
    caller: Authenticated,
) -> Result<Json<Vec<StoredPlan>>, Problem> {
    let who = caller.require(Permission::ManagePolicies)?;
    Ok(Json(plans::list(&state.app.db, &who).await?))
}

/// Keeps the proposal for the measured days and weights given, to be applied from
/// `effective_from` on once every organisation whose units it moves has consented. One plan
/// waits at a time.
#[utoipa::path(
    post,
    path = "/api/v1/planner/plans",
    tag = "planner",
    request_body = NewPlan,
    responses(
        (status = 201, description = "Kept", body = StoredPlan),
        (status = 400, description = "Bad days, percentile or weights, a day in the past, or a proposal that moves no unit", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a facility manager or building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another plan is waiting", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn keep_plan(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiJson(plan): ApiJson<NewPlan>,
) -> Result<(StatusCode, Json<StoredPlan>), Problem> {
    let who = caller.require(Permission::ManageDesks)?;
    let topology = state.app.topology.get(&state.app.db).await?;
    let today = domain::booking::rules::today(topology.tz(), Utc::now());
    let kept = plans::keep(
        &state.app.db,
        &topology,
        &who,
        &plan,
        today,
        state.app.reports.min_group,
    )
    .await
    .map_err(|err| Problem::from_app_error(err, lang))?;
    Ok((StatusCode::CREATED, Json(kept)))
}

/// The consent of the caller's organisation to a waiting plan that moves its units. A plan
/// whose first day has come applies with the last consent.
#[utoipa::path(
    post,
    path = "/api/v1/planner/plans/{id}/consent",
    tag = "planner",
    params(("id" = i32, Path, description = "`zone_plan.id`")),
    responses(
        (status = 200, description = "Consented; the plan as it is now", body = StoredPlan),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organisation administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No waiting plan that moves units of the caller's organisation", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn consent_plan(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<StoredPlan>, Problem> {
    let who = caller.require(Permission::ManageUnits)?;
    let tz = state.app.topology.tz(&state.app.db).await?;
    let now = Utc::now();
    let (plan, applied) = plans::consent(
        &state.app.db,
        &who,
        id,
        domain::booking::rules::today(tz, now),
        now,
    )
    .await
    .map_err(|err| Problem::from_app_error(err, lang))?;
    if !applied.is_empty() {
        state.app.topology.invalidate();
        state.bus.topology_changed().await;
    }
    Ok(Json(plan))
}

/// Withdraws a waiting plan.
#[utoipa::path(
    post,
    path = "/api/v1/planner/plans/{id}/withdraw",
    tag = "planner",
    params(("id" = i32, Path, description = "`zone_plan.id`")),
    responses(
        (status = 200, description = "Withdrawn", body = StoredPlan),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a facility manager or building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such waiting plan", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn withdraw_plan(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<StoredPlan>, Problem> {
    let who = caller.require(Permission::ManageDesks)?;
    Ok(Json(
        plans::withdraw(&state.app.db, &who, id, Utc::now())
            .await
            .map_err(|err| Problem::from_app_error(err, lang))?,
    ))
}
