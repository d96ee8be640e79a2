//! Facility reports, the live building view, the audit log and the record of processing over
//! HTTP (see [`domain::reports`]).
//!
//! | route | who |
//! | --- | --- |
//! | `GET /api/v1/reports`, `GET /api/v1/reports/{table}.csv` | facility managers, building administrators |
//! | `GET /api/v1/building/now`, `GET /api/v1/building/now/{floors,sensors}.csv` | facility managers, building administrators |
//! | `GET /api/v1/planner/proposal` | facility managers, building administrators |
//! | `GET`, `PUT /api/v1/planner/affinities` | facility managers, building and organisation administrators (their own organisation's units) |
//! | `GET /api/v1/audit` | organisation and building administrators |
//! | `GET /api/v1/privacy/record` | everybody |
//!
//! No route takes a person: report queries accept only days, a floor, an organisation and a
//! unit (anything else is 400), and every figure is aggregated and suppressed below the
//! minimum group size.

use super::input::{ApiJson, ApiPath, ApiQuery};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::Utc;
use domain::auth::Permission;
use domain::reports::{self, export};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use wire::error::AppError;
use wire::model::planner::{
    Affinity, PlannedZone, PlannerQuery, PlannerView, PlannerWeights, SetAffinity, UnitPlan,
};
use wire::model::reports::{
    AuditEntry, AuditPage, BuildingNow, DeskUse, FloorHeat, FloorNow, HeatRow, Heatmap,
    HomeZoneHits, Kpi, KpiScope, QuietZone, Report, ReportQuery, RoomRow, RoomUse, SensorAttention,
    SensorIssue, ZoneHeat,
};
use wire::model::reports::{WalkInCount, WalkInDay, WalkInHour, WalkIns};

use super::RequestLang;
use crate::auth::extract::Authenticated;
use crate::problem::Problem;
use crate::web::WebState;

/// The OpenAPI description of the report endpoints.
#[derive(OpenApi)]
#[openapi(
    paths(
        get_report,
        report_csv,
        building_now,
        building_now_csv,
        planner_proposal,
        planner_affinities,
        set_planner_affinity,
        audit_log,
        processing_record
    ),
    components(schemas(
        Problem,
        Report,
        ReportQuery,
        Heatmap,
        HeatRow,
        DeskUse,
        FloorHeat,
        ZoneHeat,
        Kpi,
        KpiScope,
        HomeZoneHits,
        QuietZone,
        RoomRow,
        RoomUse,
        WalkIns,
        WalkInCount,
        WalkInHour,
        WalkInDay,
        BuildingNow,
        FloorNow,
        SensorAttention,
        SensorIssue,
        AuditPage,
        AuditEntry,
        RecordEntry,
        PlannerView,
        PlannerWeights,
        UnitPlan,
        PlannedZone,
        Affinity,
        SetAffinity
    )),
    tags((name = "reports", description = "Aggregated occupancy reports, the building now, the audit log, the record of processing"))
)]
pub struct ReportsApi;

/// The report routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/api/v1/reports", get(get_report))
        .route("/api/v1/reports/{table}", get(report_csv))
        .route("/api/v1/building/now", get(building_now))
        .route("/api/v1/building/now/{table}", get(building_now_csv))
        .route("/api/v1/planner/proposal", get(planner_proposal))
        .route(
            "/api/v1/planner/affinities",
            get(planner_affinities).put(set_planner_affinity),
        )
        .route("/api/v1/audit", get(audit_log))
        .route("/api/v1/privacy/record", get(processing_record))
}

fn csv(name: &str, body: String) -> Response {
    (
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/csv; charset=utf-8".to_owned(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"platzwahl-{name}.csv\""),
            ),
            (axum::http::header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

async fn load_report(
    state: &WebState,
    lang: wire::i18n::Lang,
    caller: Authenticated,
    query: ReportQuery,
) -> Result<Report, Problem> {
    caller.require(Permission::ViewReports)?;
    let topology = state.app.topology.get(&state.app.db).await?;
    reports::report(
        &state.app.db,
        &topology,
        &query,
        state.app.reports.min_group,
    )
    .await
    .map_err(|err| Problem::from_app_error(err, lang))
}

/// Heatmaps by zone and hour of day and by zone and weekday, the floor overlay, key figures of
/// the building, each organisation and unit, quiet zones and room use, for a range of days.
/// Cells resting on fewer people or desks than the minimum group size are `suppressed`, and
/// left out of every total.
#[utoipa::path(
    get,
    path = "/api/v1/reports",
    tag = "reports",
    params(ReportQuery),
    responses(
        (status = 200, description = "The report", body = Report),
        (status = 400, description = "Bad days, an unknown floor, organisation or unit, or a parameter that does not exist", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a facility manager", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_report(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiQuery(query): ApiQuery<ReportQuery>,
) -> Result<Json<Report>, Problem> {
    Ok(Json(load_report(&state, lang, caller, query).await?))
}

/// One table of the report as CSV: `by-hour.csv`, `by-weekday.csv`, `kpis.csv`,
/// `quiet-zones.csv`, `rooms.csv` or `walk-ins.csv` (walk-ins at the entrance by day and hour).
#[utoipa::path(
    get,
    path = "/api/v1/reports/{table}",
    tag = "reports",
    params(("table" = String, Path, description = "`by-hour.csv`, `by-weekday.csv`, `kpis.csv`, `quiet-zones.csv`, `rooms.csv` or `walk-ins.csv`"), ReportQuery),
    responses(
        (status = 200, description = "The table", body = String, content_type = "text/csv"),
        (status = 400, description = "Bad query", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a facility manager", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such table", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn report_csv(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(table): ApiPath<String>,
    ApiQuery(query): ApiQuery<ReportQuery>,
) -> Result<Response, Problem> {
    let caller = Authenticated(caller.require(Permission::ViewReports)?);
    let table = table
        .strip_suffix(".csv")
        .and_then(export::Table::from_slug)
        .ok_or_else(|| Problem::not_found("No such report table."))?;
    let report = load_report(&state, lang, caller, query).await?;
    Ok(csv(table.slug(), export::table(&report, table)))
}

/// Each floor now: desks booked, occupied and free, rooms reserved and occupied; and the
/// sensors that are offline, never seen or low on battery.
#[utoipa::path(
    get,
    path = "/api/v1/building/now",
    tag = "reports",
    responses(
        (status = 200, description = "The building now", body = BuildingNow),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a facility manager", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn building_now(
    State(state): State<WebState>,
    caller: Authenticated,
) -> Result<Json<BuildingNow>, Problem> {
    caller.require(Permission::ViewReports)?;
    Ok(Json(
        reports::building_now(
            &state.app.db,
            &*state.app.topology.get(&state.app.db).await?,
            &state.app.reports,
            Utc::now(),
        )
        .await
        .map_err(AppError::from)?,
    ))
}

/// The building now as CSV: `floors.csv` or `sensors.csv`.
#[utoipa::path(
    get,
    path = "/api/v1/building/now/{table}",
    tag = "reports",
    params(("table" = String, Path, description = "`floors.csv` or `sensors.csv`")),
    responses(
        (status = 200, description = "The table", body = String, content_type = "text/csv"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a facility manager", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such table", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn building_now_csv(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiPath(table): ApiPath<String>,
) -> Result<Response, Problem> {
    caller.require(Permission::ViewReports)?;
    let now = || async {
        reports::building_now(
            &state.app.db,
            &*state.app.topology.get(&state.app.db).await?,
            &state.app.reports,
            Utc::now(),
        )
        .await
        .map_err(|err| Problem::from(AppError::from(err)))
    };
    match table.as_str() {
        "floors.csv" => Ok(csv("floors-now", export::floors_now(&now().await?))),
        "sensors.csv" => Ok(csv("sensors", export::sensors(&now().await?))),
        _ => Err(Problem::not_found("No such table.")),
    }
}

/// The home-zone planner's proposal: which unit should get which zones, from the units'
/// measured use between `from` and `to`, beside today's home zones, with the figures per unit
/// (expected overflow days at the chosen percentile, desks). A zone stays within the
/// organisations whose units have it today; entrance and consultation zones never move.
/// Read only; units with fewer people than the minimum group size show no figures.
#[utoipa::path(
    get,
    path = "/api/v1/planner/proposal",
    tag = "reports",
    params(PlannerQuery),
    responses(
        (status = 200, description = "The proposal", body = PlannerView),
        (status = 400, description = "Bad days or percentile, or a parameter that does not exist", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a facility manager", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn planner_proposal(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiQuery(query): ApiQuery<PlannerQuery>,
) -> Result<Json<PlannerView>, Problem> {
    caller.require(Permission::ViewReports)?;
    let topology = state.app.topology.get(&state.app.db).await?;
    domain::planner::proposal(
        &state.app.db,
        &topology,
        &query,
        state.app.reports.min_group,
    )
    .await
    .map(Json)
    .map_err(|err| Problem::from_app_error(err, lang))
}

/// The pairs of units that work together, which the home-zone planner keeps close.
#[utoipa::path(
    get,
    path = "/api/v1/planner/affinities",
    tag = "reports",
    responses(
        (status = 200, description = "Every pair", body = [Affinity]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator or facility manager", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn planner_affinities(
    State(state): State<WebState>,
    caller: Authenticated,
) -> Result<Json<Vec<Affinity>>, Problem> {
    caller.require(Permission::ManagePolicies)?;
    Ok(Json(domain::planner::affinities(&state.app.db).await?))
}

/// Sets how much two units should sit close (1–10), or removes the pair (0). Organisation
/// administrators set pairs of their own organisation's units only.
#[utoipa::path(
    put,
    path = "/api/v1/planner/affinities",
    tag = "reports",
    request_body = SetAffinity,
    responses(
        (status = 204, description = "Set"),
        (status = 400, description = "The same unit twice, or a weight above 10", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed for these units", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such unit", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn set_planner_affinity(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiJson(change): ApiJson<SetAffinity>,
) -> Result<axum::http::StatusCode, Problem> {
    let who = caller.require(Permission::ManagePolicies)?;
    domain::planner::set_affinity(&state.app.db, &who, &change)
        .await
        .map_err(|err| Problem::from_app_error(err, lang))?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// Which page of the audit log.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Entries before this id (the `next_before` of the page before).
    #[param(minimum = 1)]
    pub before: Option<i64>,
    /// Entries on the page, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

/// The audit log of the caller's organisation (building administrators: also the building's
/// configuration), newest first.
#[utoipa::path(
    get,
    path = "/api/v1/audit",
    tag = "reports",
    params(AuditQuery),
    responses(
        (status = 200, description = "A page of entries", body = AuditPage),
        (status = 400, description = "Bad query", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn audit_log(
    State(state): State<WebState>,
    RequestLang(_lang): RequestLang,
    caller: Authenticated,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Json<AuditPage>, Problem> {
    let who = caller.require(Permission::ViewAudit)?;
    if query.before.is_some_and(|b| b < 1) {
        return Err(Problem::invalid_input("`before` is an entry id, 1 or more"));
    }
    if query.limit.is_some_and(|l| l == 0 || l > 200) {
        return Err(Problem::invalid_input("`limit` is between 1 and 200"));
    }
    Ok(Json(
        reports::audit_page(&state.app.db, &who, query.before, query.limit.unwrap_or(50))
            .await
            .map_err(AppError::from)?,
    ))
}

/// One line of the record of processing.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordEntry {
    /// The kind of data (`desk_bookings`, `sensor_events`, …).
    pub data: String,
    /// How long it is kept, in words.
    pub kept: String,
}

/// What Platzwahl stores and how long, from the configuration in force (the basis of a record
/// of processing); the page `/privacy` explains each in full.
#[utoipa::path(
    get,
    path = "/api/v1/privacy/record",
    tag = "reports",
    responses((status = 200, description = "What is kept, how long", body = [RecordEntry]))
)]
async fn processing_record(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
) -> Json<Vec<RecordEntry>> {
    Json(
        state
            .app
            .processing
            .entries
            .iter()
            .map(|(data, keep)| RecordEntry {
                data: serde_json::to_value(data)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                kept: keep.text(lang),
            })
            .collect(),
    )
}
