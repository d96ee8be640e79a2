//! The entrance zone as the building administrator runs it (see [`domain::entrance`]): which
//! organisations are admitted to its first-consultation rooms, and a room's longest slot.
//!
//! | route | who |
//! | --- | --- |
//! | `GET /api/v1/buildings/{slug}/entrance` | building administrators |
//! | `PUT /api/v1/buildings/{slug}/entrance/admissions` | building administrators |
//! | `PUT /api/v1/rooms/{id}/max-slot` | building administrators |

use axum::extract::State;
use axum::routing::{get, put};
use axum::{Json, Router};
use chrono::Utc;
use domain::auth::Permission;
use domain::entrance;
use utoipa::OpenApi;
use wire::model::entrance::{
    EntranceOrganisation, EntranceRoom, EntranceSettings, MaxSlot, SetAdmissions,
};

use super::RequestLang;
use super::input::{ApiJson, ApiPath};
use crate::auth::extract::Authenticated;
use crate::problem::Problem;
use crate::web::WebState;

/// The OpenAPI description of the entrance zone's settings.
#[derive(OpenApi)]
#[openapi(
    paths(entrance_settings, set_admissions, set_max_slot),
    components(schemas(
        Problem,
        EntranceSettings,
        EntranceOrganisation,
        EntranceRoom,
        SetAdmissions,
        MaxSlot
    )),
    tags((name = "buildings", description = "The building editor: floors, plan images, zones, desks and rooms"))
)]
pub struct EntranceApi;

/// The routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/api/v1/buildings/{slug}/entrance", get(entrance_settings))
        .route(
            "/api/v1/buildings/{slug}/entrance/admissions",
            put(set_admissions),
        )
        .route("/api/v1/rooms/{id}/max-slot", put(set_max_slot))
}

/// The building's entrance zone: every organisation and whether it is admitted to the
/// first-consultation rooms, and those rooms with their longest slot. A fresh install admits
/// nobody.
#[utoipa::path(
    get,
    path = "/api/v1/buildings/{slug}/entrance",
    tag = "buildings",
    params(("slug" = String, Path, description = "The building")),
    responses(
        (status = 200, description = "Admissions and rooms", body = EntranceSettings),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such building", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn entrance_settings(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<EntranceSettings>, Problem> {
    let who = caller.require(Permission::ManageBuilding)?;
    Ok(Json(
        entrance::settings(&state.app.db, &who, &slug)
            .await
            .map_err(|err| Problem::from_app_error(err, lang))?,
    ))
}

/// Admits exactly the organisations named (by slug) to the building's entrance zone: only
/// their counsellors and front desk reserve its first-consultation rooms and ask for a room
/// now. An empty list admits nobody.
#[utoipa::path(
    put,
    path = "/api/v1/buildings/{slug}/entrance/admissions",
    tag = "buildings",
    params(("slug" = String, Path, description = "The building")),
    request_body = SetAdmissions,
    responses(
        (status = 200, description = "Admissions and rooms as they are now", body = EntranceSettings),
        (status = 400, description = "Malformed request, or no such organisation", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such building", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn set_admissions(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(slug): ApiPath<String>,
    ApiJson(set): ApiJson<SetAdmissions>,
) -> Result<Json<EntranceSettings>, Problem> {
    let who = caller.require(Permission::ManageBuilding)?;
    Ok(Json(
        entrance::set_admissions(&state.app.db, &who, &slug, &set, Utc::now())
            .await
            .map_err(|err| Problem::from_app_error(err, lang))?,
    ))
}

/// Sets a room's longest reservation, in minutes (`null`: no limit of its own; a
/// first-consultation room then takes the entrance's short slots). Reservations made or
/// changed from then on that are longer are refused with 422 `policy-limit`.
#[utoipa::path(
    put,
    path = "/api/v1/rooms/{id}/max-slot",
    tag = "rooms",
    params(("id" = i32, Path, description = "The room")),
    request_body = MaxSlot,
    responses(
        (status = 200, description = "Set", body = MaxSlot),
        (status = 400, description = "Malformed request (1 to 1440 minutes, or null)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such room", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn set_max_slot(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
    ApiJson(slot): ApiJson<MaxSlot>,
) -> Result<Json<MaxSlot>, Problem> {
    let who = caller.require(Permission::ManageBuilding)?;
    let slot = entrance::set_max_slot(&state.app.db, &who, id, slot, Utc::now())
        .await
        .map_err(|err| Problem::from_app_error(err, lang))?;
    // The rooms are part of the kept topology ("a room now" reads their slots from it).
    state.app.topology.invalidate();
    state.bus.topology_changed().await;
    Ok(Json(slot))
}
