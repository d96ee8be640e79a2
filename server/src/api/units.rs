//! An organisation's units, their home zones and policies, and the deputies of its
//! counsellors over HTTP (see [`domain::units_admin`]). Organisation administrators only, and
//! only of their own organisation: another organisation's unit or person is answered as if
//! there were none (404).
//!
//! | route | what |
//! | --- | --- |
//! | `GET /api/v1/units` | the units, the zones given to the organisation, the counsellors and their deputies |
//! | `POST /api/v1/units` | create a unit |
//! | `PATCH /api/v1/units/{id}` | rename it |
//! | `POST /api/v1/units/{id}/merge` | merge it into another unit (it is closed then) |
//! | `POST /api/v1/units/{id}/close` | close it (refused while people are in it) |
//! | `PUT /api/v1/units/{id}/home-zones` | its home zones, first choice first |
//! | `PUT`, `DELETE /api/v1/units/{id}/policy` | its own booking policy, or none |
//! | `GET`, `PUT /api/v1/people/{id}/deputies` | a counsellor's deputies |
//!
//! Merging, closing and setting home zones change the home zones: every instance is told that
//! the topology changed.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, patch, post, put};
use axum::{Json, Router};
use domain::auth::Permission;
use domain::units_admin::{self, deputies};
use utoipa::OpenApi;
use wire::model::units::{
    AdminUnit, CounsellorDeputies, GivenZone, MergeUnit, Merged, NewUnit, PersonRef, RenameUnit,
    SetDeputies, SetHomeZones, UnitHomeZone, UnitOverflow, UnitPolicy, UnitsOverview,
};

use super::RequestLang;
use super::input::{ApiJson, ApiPath};
use crate::auth::extract::Authenticated;
use crate::problem::Problem;
use crate::web::WebState;

/// The OpenAPI description of the units administration.
#[derive(OpenApi)]
#[openapi(
    paths(
        list_units,
        create_unit,
        rename_unit,
        merge_unit,
        close_unit,
        set_home_zones,
        set_policy,
        remove_policy,
        get_deputies,
        set_deputies
    ),
    components(schemas(
        Problem,
        UnitsOverview,
        AdminUnit,
        UnitHomeZone,
        GivenZone,
        UnitPolicy,
        UnitOverflow,
        CounsellorDeputies,
        PersonRef,
        NewUnit,
        RenameUnit,
        MergeUnit,
        Merged,
        SetHomeZones,
        SetDeputies
    )),
    tags((name = "units", description = "An organisation's units, their home zones and policies, and its counsellors' deputies"))
)]
pub struct UnitsApi;

/// The units administration routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/api/v1/units", get(list_units).post(create_unit))
        .route("/api/v1/units/{id}", patch(rename_unit))
        .route("/api/v1/units/{id}/merge", post(merge_unit))
        .route("/api/v1/units/{id}/close", post(close_unit))
        .route("/api/v1/units/{id}/home-zones", put(set_home_zones))
        .route(
            "/api/v1/units/{id}/policy",
            put(set_policy).delete(remove_policy),
        )
        .route(
            "/api/v1/people/{id}/deputies",
            get(get_deputies).put(set_deputies),
        )
}

/// Tells this and every other instance that the home zones changed.
async fn home_zones_changed(state: &WebState) {
    state.app.topology.invalidate();
    state.bus.topology_changed().await;
}

/// The organisation's units (open ones first), the zones given to it and its counsellors with
/// their deputies.
#[utoipa::path(
    get,
    path = "/api/v1/units",
    tag = "units",
    responses(
        (status = 200, description = "The organisation's units", body = UnitsOverview),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organisation administrator", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_units(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
) -> Result<Json<UnitsOverview>, Problem> {
    let who = caller.require(Permission::ManageUnits)?;
    Ok(Json(
        units_admin::overview(&state.app.db, &who)
            .await
            .map_err(|err| Problem::from_app_error(err, lang))?,
    ))
}

/// Creates a unit of the caller's organisation.
#[utoipa::path(
    post,
    path = "/api/v1/units",
    tag = "units",
    request_body = NewUnit,
    responses(
        (status = 201, description = "Created", body = AdminUnit),
        (status = 400, description = "Malformed short name or name", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organisation administrator", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The short name is taken", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn create_unit(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiJson(new): ApiJson<NewUnit>,
) -> Result<(StatusCode, Json<AdminUnit>), Problem> {
    let who = caller.require(Permission::ManageUnits)?;
    let unit = units_admin::create(&state.app.db, &who, &new)
        .await
        .map_err(|err| Problem::from_app_error(err, lang))?;
    Ok((StatusCode::CREATED, Json(unit)))
}

/// Renames a unit (closed ones too).
#[utoipa::path(
    patch,
    path = "/api/v1/units/{id}",
    tag = "units",
    params(("id" = i32, Path, description = "`unit.id`")),
    request_body = RenameUnit,
    responses(
        (status = 200, description = "Renamed", body = AdminUnit),
        (status = 400, description = "Malformed id or name", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organisation administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such unit of the caller's organisation", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn rename_unit(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
    ApiJson(change): ApiJson<RenameUnit>,
) -> Result<Json<AdminUnit>, Problem> {
    let who = caller.require(Permission::ManageUnits)?;
    Ok(Json(
        units_admin::rename(&state.app.db, &who, id, &change)
            .await
            .map_err(|err| Problem::from_app_error(err, lang))?,
    ))
}

/// Merges a unit into another of the organisation: its people and the home zones the other
/// lacks move, future bookings and deputies stay; the unit is closed. One transaction.
#[utoipa::path(
    post,
    path = "/api/v1/units/{id}/merge",
    tag = "units",
    params(("id" = i32, Path, description = "`unit.id` of the unit merged (and closed)")),
    request_body = MergeUnit,
    responses(
        (status = 200, description = "Merged; the unit merged into as it is now", body = Merged),
        (status = 400, description = "Malformed, or a unit merged into itself", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organisation administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such unit of the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A unit is closed, or a waiting home-zone plan moves the unit", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn merge_unit(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
    ApiJson(merge): ApiJson<MergeUnit>,
) -> Result<Json<Merged>, Problem> {
    let who = caller.require(Permission::ManageUnits)?;
    let merged = units_admin::merge(&state.app.db, &who, id, &merge)
        .await
        .map_err(|err| Problem::from_app_error(err, lang))?;
    home_zones_changed(&state).await;
    Ok(Json(merged))
}

/// Closes a unit: refused while people are in it (move them, or merge the unit instead).
#[utoipa::path(
    post,
    path = "/api/v1/units/{id}/close",
    tag = "units",
    params(("id" = i32, Path, description = "`unit.id`")),
    responses(
        (status = 200, description = "Closed", body = AdminUnit),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organisation administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such unit of the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "People are in the unit, it is closed already, or a waiting home-zone plan moves it", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn close_unit(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<AdminUnit>, Problem> {
    let who = caller.require(Permission::ManageUnits)?;
    let closed = units_admin::close(&state.app.db, &who, id)
        .await
        .map_err(|err| Problem::from_app_error(err, lang))?;
    home_zones_changed(&state).await;
    Ok(Json(closed))
}

/// Sets a unit's home zones, first choice first: only zones the building administrators have
/// given the organisation (400 naming the first that is not; nothing changes then).
#[utoipa::path(
    put,
    path = "/api/v1/units/{id}/home-zones",
    tag = "units",
    params(("id" = i32, Path, description = "`unit.id`")),
    request_body = SetHomeZones,
    responses(
        (status = 200, description = "Set", body = AdminUnit),
        (status = 400, description = "Malformed, a zone named twice, or a zone not given to the organisation", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organisation administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such unit of the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The unit is closed", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn set_home_zones(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
    ApiJson(change): ApiJson<SetHomeZones>,
) -> Result<Json<AdminUnit>, Problem> {
    let who = caller.require(Permission::ManageUnits)?;
    let unit = units_admin::set_home_zones(&state.app.db, &who, id, &change)
        .await
        .map_err(|err| Problem::from_app_error(err, lang))?;
    home_zones_changed(&state).await;
    Ok(Json(unit))
}

/// Sets a unit's own booking policy: days ahead, bookings per week, half days, when desks
/// outside its home zones open. It applies to bookings within seconds.
#[utoipa::path(
    put,
    path = "/api/v1/units/{id}/policy",
    tag = "units",
    params(("id" = i32, Path, description = "`unit.id`")),
    request_body = UnitPolicy,
    responses(
        (status = 200, description = "Set", body = AdminUnit),
        (status = 400, description = "Malformed", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organisation administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such unit of the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The unit is closed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A limit out of range (`out-of-range`; the detail names the field)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn set_policy(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
    ApiJson(change): ApiJson<UnitPolicy>,
) -> Result<Json<AdminUnit>, Problem> {
    let who = caller.require(Permission::ManageUnits)?;
    Ok(Json(
        units_admin::set_policy(&state.app.db, &who, id, Some(&change))
            .await
            .map_err(|err| Problem::from_app_error(err, lang))?,
    ))
}

/// Removes a unit's own booking policy: the organisation's or the building's applies again.
#[utoipa::path(
    delete,
    path = "/api/v1/units/{id}/policy",
    tag = "units",
    params(("id" = i32, Path, description = "`unit.id`")),
    responses(
        (status = 200, description = "Removed (or there was none)", body = AdminUnit),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organisation administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such unit of the caller's organisation", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn remove_policy(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<AdminUnit>, Problem> {
    let who = caller.require(Permission::ManageUnits)?;
    Ok(Json(
        units_admin::set_policy(&state.app.db, &who, id, None)
            .await
            .map_err(|err| Problem::from_app_error(err, lang))?,
    ))
}

/// A counsellor of the caller's organisation and their deputies.
#[utoipa::path(
    get,
    path = "/api/v1/people/{id}/deputies",
    tag = "units",
    params(("id" = i32, Path, description = "`person.id` of the counsellor")),
    responses(
        (status = 200, description = "The counsellor's deputies", body = CounsellorDeputies),
        (status = 400, description = "Malformed id, or the person is no counsellor", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organisation administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person of the caller's organisation", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_deputies(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<CounsellorDeputies>, Problem> {
    let who = caller.require(Permission::ManageUnits)?;
    Ok(Json(
        deputies::deputies(&state.app.db, &who, id)
            .await
            .map_err(|err| Problem::from_app_error(err, lang))?,
    ))
}

/// Replaces a counsellor's deputies: active counsellors of the same organisation.
#[utoipa::path(
    put,
    path = "/api/v1/people/{id}/deputies",
    tag = "units",
    params(("id" = i32, Path, description = "`person.id` of the counsellor")),
    request_body = SetDeputies,
    responses(
        (status = 200, description = "Set", body = CounsellorDeputies),
        (status = 400, description = "Malformed, or a person who is no (active) counsellor, or the counsellor themselves", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organisation administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person of the caller's organisation", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn set_deputies(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
    ApiJson(change): ApiJson<SetDeputies>,
) -> Result<Json<CounsellorDeputies>, Problem> {
    let who = caller.require(Permission::ManageUnits)?;
    Ok(Json(
        deputies::set_deputies(&state.app.db, &who, id, &change)
            .await
            .map_err(|err| Problem::from_app_error(err, lang))?,
    ))
}
