//! The way to a desk or room over HTTP: from the building's entrance, step-free when asked,
//! as the plans draw it (a polyline per floor) and in words in the request's language.
//!
//! | route | who |
//! | --- | --- |
//! | `GET /api/v1/desks/{id}/way[?step_free=true]` | everybody signed in (who may see the building) |
//! | `GET /api/v1/rooms/{id}/way[?step_free=true]` | everybody signed in (who may see the building) |
//!
//! A way names only places (floors, lifts, the desk or room); never who booked them.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use domain::auth::Permission;
use domain::way::{self, Place};
use serde::Deserialize;
use utoipa::OpenApi;
use wire::model::way::{Way, WayLeg, WayPoint, WayStep};

use super::RequestLang;
use super::input::{ApiPath, ApiQuery};
use crate::auth::extract::Authenticated;
use crate::problem::Problem;
use crate::web::WebState;

/// The OpenAPI description of the way endpoints.
#[derive(OpenApi)]
#[openapi(
    paths(desk_way, room_way),
    components(schemas(Problem, Way, WayLeg, WayPoint, WayStep)),
    tags((name = "ways", description = "The way to one's desk or room"))
)]
pub struct WaysApi;

/// The way routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/api/v1/desks/{id}/way", get(desk_way))
        .route("/api/v1/rooms/{id}/way", get(room_way))
}

/// Whether the way must be step-free.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct WayQuery {
    /// `true`: lifts and ramps only, no stairs. Default `false`: the shortest way.
    step_free: Option<bool>,
}

async fn answer(
    state: &WebState,
    caller: Authenticated,
    place: Place,
    step_free: bool,
    lang: wire::i18n::Lang,
) -> Result<Json<Way>, Problem> {
    caller.require(Permission::ViewBuilding)?;
    let topology = state.app.topology.get(&state.app.db).await?;
    let found = way::way(&state.app.db, &topology, place, step_free, lang)
        .await
        .map_err(|err| Problem::from_app_error(err, lang))?;
    Ok(Json(found))
}

/// The way from the building's entrance to a desk: the polyline on each floor passed, the
/// steps in words (German or English, by `Accept-Language` or the `pw_lang` cookie), the
/// length in metres. Where the building has no walkways drawn, the way is derived from its
/// zones (`derived`).
#[utoipa::path(
    get,
    path = "/api/v1/desks/{id}/way",
    tag = "ways",
    params(("id" = i32, Path, description = "`desk.id`"), WayQuery),
    responses(
        (status = 200, description = "The way", body = Way),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such desk, or no (step-free) way to it", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn desk_way(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
    ApiQuery(query): ApiQuery<WayQuery>,
) -> Result<Json<Way>, Problem> {
    answer(
        &state,
        caller,
        Place::Desk(id),
        query.step_free.unwrap_or(false),
        lang,
    )
    .await
}

/// The way from the building's entrance to a room's door (see the desk's way). A protected
/// room's way says nothing of its reservations.
#[utoipa::path(
    get,
    path = "/api/v1/rooms/{id}/way",
    tag = "ways",
    params(("id" = i32, Path, description = "`room.id`"), WayQuery),
    responses(
        (status = 200, description = "The way", body = Way),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such room, or no (step-free) way to it", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn room_way(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
    ApiQuery(query): ApiQuery<WayQuery>,
) -> Result<Json<Way>, Problem> {
    answer(
        &state,
        caller,
        Place::Room(id),
        query.step_free.unwrap_or(false),
        lang,
    )
    .await
}
