//! The building-wide booking policies over HTTP (see [`domain::building_policy`]): each
//! building's own and the default for every building. Building administrators only.
//!
//! | route | what |
//! | --- | --- |
//! | `GET /api/v1/policies` | the default and every building's policy |
//! | `GET`, `PUT`, `DELETE /api/v1/policy` | the default for every building |
//! | `GET`, `PUT`, `DELETE /api/v1/buildings/{slug}/policy` | a building's own policy |
//!
//! An organisation's, unit's or zone's policy wins over these. A change applies to bookings
//! within seconds.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use domain::auth::Permission;
use domain::building_policy;
use utoipa::OpenApi;
use wire::model::policies::{BuildingPolicy, BuildingPolicyView, PoliciesOverview, PolicyOrigin};
use wire::model::units::UnitOverflow;

use super::RequestLang;
use super::input::{ApiJson, ApiPath};
use crate::auth::extract::Authenticated;
use crate::problem::Problem;
use crate::web::WebState;

/// The OpenAPI description of the building-wide policies.
#[derive(OpenApi)]
#[openapi(
    paths(
        list_policies,
        get_default,
        set_default,
        remove_default,
        get_building_policy,
        set_building_policy,
        remove_building_policy
    ),
    components(schemas(
        Problem,
        BuildingPolicy,
        BuildingPolicyView,
        PoliciesOverview,
        PolicyOrigin,
        UnitOverflow
    )),
    tags((name = "policies", description = "Building-wide booking policies: each building's own, and the default for every building"))
)]
pub struct PoliciesApi;

/// The building-wide policy routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/api/v1/policies", get(list_policies))
        .route(
            "/api/v1/policy",
            get(get_default).put(set_default).delete(remove_default),
        )
        .route(
            "/api/v1/buildings/{slug}/policy",
            get(get_building_policy)
                .put(set_building_policy)
                .delete(remove_building_policy),
        )
}

/// The default for every building and each building's policy, with what applies.
#[utoipa::path(
    get,
    path = "/api/v1/policies",
    tag = "policies",
    responses(
        (status = 200, description = "The default and every building", body = PoliciesOverview),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_policies(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
) -> Result<Json<PoliciesOverview>, Problem> {
    let who = caller.require(Permission::ManageBuilding)?;
    Ok(Json(
        building_policy::overview(&state.app.db, &who)
            .await
            .map_err(|err| Problem::from_app_error(err, lang))?,
    ))
}

/// The default policy for every building (`own` is `null` when none is stored: the built-in
/// one applies).
#[utoipa::path(
    get,
    path = "/api/v1/policy",
    tag = "policies",
    responses(
        (status = 200, description = "The default", body = BuildingPolicyView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_default(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
) -> Result<Json<BuildingPolicyView>, Problem> {
    let who = caller.require(Permission::ManageBuilding)?;
    Ok(Json(
        building_policy::one(&state.app.db, &who, None)
            .await
            .map_err(|err| Problem::from_app_error(err, lang))?,
    ))
}

/// Sets the default policy for every building: it applies in a building without a policy of
/// its own, where no organisation, unit or zone has one.
#[utoipa::path(
    put,
    path = "/api/v1/policy",
    tag = "policies",
    request_body = BuildingPolicy,
    responses(
        (status = 200, description = "Set", body = BuildingPolicyView),
        (status = 400, description = "Malformed (the detail names the field)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Set by somebody else at the same moment", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A limit out of range (`out-of-range`; the detail names the field)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn set_default(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiJson(change): ApiJson<BuildingPolicy>,
) -> Result<Json<BuildingPolicyView>, Problem> {
    let who = caller.require(Permission::ManageBuilding)?;
    Ok(Json(
        building_policy::set(&state.app.db, &who, None, Some(&change))
            .await
            .map_err(|err| Problem::from_app_error(err, lang))?,
    ))
}

/// Removes the default policy for every building: the built-in one applies where a building
/// has none.
#[utoipa::path(
    delete,
    path = "/api/v1/policy",
    tag = "policies",
    responses(
        (status = 200, description = "Removed (or there was none)", body = BuildingPolicyView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn remove_default(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
) -> Result<Json<BuildingPolicyView>, Problem> {
    let who = caller.require(Permission::ManageBuilding)?;
    Ok(Json(
        building_policy::set(&state.app.db, &who, None, None)
            .await
            .map_err(|err| Problem::from_app_error(err, lang))?,
    ))
}

/// A building's own policy and what applies there.
#[utoipa::path(
    get,
    path = "/api/v1/buildings/{slug}/policy",
    tag = "policies",
    params(("slug" = String, Path, description = "The building")),
    responses(
        (status = 200, description = "The building's policy", body = BuildingPolicyView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such building", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_building_policy(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<BuildingPolicyView>, Problem> {
    let who = caller.require(Permission::ManageBuilding)?;
    Ok(Json(
        building_policy::one(&state.app.db, &who, Some(&slug))
            .await
            .map_err(|err| Problem::from_app_error(err, lang))?,
    ))
}

/// Sets a building's own policy: days ahead, bookings per week, half days, when desks outside
/// the home zones open, the check-in grace and the automatic release of no-shows.
#[utoipa::path(
    put,
    path = "/api/v1/buildings/{slug}/policy",
    tag = "policies",
    params(("slug" = String, Path, description = "The building")),
    request_body = BuildingPolicy,
    responses(
        (status = 200, description = "Set", body = BuildingPolicyView),
        (status = 400, description = "Malformed (the detail names the field)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such building", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Set by somebody else at the same moment", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A limit out of range (`out-of-range`; the detail names the field)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn set_building_policy(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(slug): ApiPath<String>,
    ApiJson(change): ApiJson<BuildingPolicy>,
) -> Result<Json<BuildingPolicyView>, Problem> {
    let who = caller.require(Permission::ManageBuilding)?;
    Ok(Json(
        building_policy::set(&state.app.db, &who, Some(&slug), Some(&change))
            .await
            .map_err(|err| Problem::from_app_error(err, lang))?,
    ))
}

/// Removes a building's own policy: the default for every building applies there again.
#[utoipa::path(
    delete,
    path = "/api/v1/buildings/{slug}/policy",
    tag = "policies",
    params(("slug" = String, Path, description = "The building")),
    responses(
        (status = 200, description = "Removed (or there was none)", body = BuildingPolicyView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such building", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn remove_building_policy(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<BuildingPolicyView>, Problem> {
    let who = caller.require(Permission::ManageBuilding)?;
    Ok(Json(
        building_policy::set(&state.app.db, &who, Some(&slug), None)
            .await
            .map_err(|err| Problem::from_app_error(err, lang))?,
    ))
}
