//! Live occupancy over HTTP, for everybody signed in: the sensor state of a floor's desks and
//! rooms now (`GET /api/v1/occupancy?floor=N`) and its changes as server-sent events
//! (`GET /api/v1/live[?floor=N]`). Protected rooms say only taken or free; a desk booked for
//! the current half-day is heard of only by its booker
//! ([`domain::occupancy::BookedNow`]).

use std::convert::Infallible;

use axum::Router;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use domain::auth::Permission;
use futures_util::Stream;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;
use utoipa::OpenApi;
use wire::model::{Live, LiveUpdate};

use super::input::ApiQuery;
use crate::auth::Authenticated;
use crate::problem::Problem;
use crate::web::WebState;

/// The OpenAPI description of the occupancy endpoints.
#[derive(OpenApi)]
#[openapi(
    paths(occupancy, live_stream),
    components(schemas(Problem, FloorOccupancy, LiveUpdate, Live)),
    tags((name = "occupancy", description = "What the sensors say now"))
)]
pub struct OccupancyApi;

/// The occupancy routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/api/v1/occupancy", get(occupancy))
        .route("/api/v1/live", get(live_stream))
}

/// A floor's sensor states now.
#[derive(Serialize, utoipa::ToSchema)]
struct FloorOccupancy {
    /// Short name of the floor's building.
    building: String,
    /// The floor's level.
    floor: i32,
    /// Desks first, then rooms, each by label.
    occupancy: Vec<LiveUpdate>,
}

/// Which floor.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct FloorQuery {
    /// Short name of the floor's building; the caller's home building (that of their unit's
    /// first home zone) if absent.
    building: Option<String>,
    /// The floor's level (0 = ground floor); for `/api/v1/live`, every floor of every building
    /// if absent.
    floor: Option<i32>,
}

/// The current sensor state of every desk and room with a sensor on a floor:
/// `{"floor": 2, "occupancy": [{"desk": "2.14", "floor": 2, "state": "occupied"}, …]}`. A desk
/// someone else booked for the current half-day is left out: its live state is its booker's
/// business only.
#[utoipa::path(
    get,
    path = "/api/v1/occupancy",
    tag = "occupancy",
    params(
        ("building" = Option<String>, Query, description = "Short name of the floor's building; the caller's home building if absent."),
        ("floor" = i32, Query, description = "The floor's level (0 = ground floor)."),
    ),
    responses(
        (status = 200, description = "The floor's desks and rooms with a sensor", body = FloorOccupancy),
        (status = 400, description = "No floor given", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such floor", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn occupancy(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiQuery(query): ApiQuery<FloorQuery>,
) -> Response {
    let viewer = match caller.require(Permission::ViewBuilding) {
        Ok(viewer) => viewer,
        Err(problem) => return problem.into_response(),
    };
    let Some(level) = query.floor else {
        return Problem::invalid_input("floor: the query parameter floor is required")
            .into_response();
    };
    let topology = match state.app.topology.get(&state.app.db).await {
        Ok(topology) => topology,
        Err(err) => return Problem::from(err).into_response(),
    };
    let Some((building, floor)) =
        topology.named_floor(query.building.as_deref(), level, viewer.unit_id)
    else {
        return Problem::not_found(format!("floor: there is no floor {level} in that building"))
            .into_response();
    };
    match domain::occupancy::floor_occupancy(
        &state.app.db,
        floor.id,
        Some(viewer.person_id),
        chrono::Utc::now(),
    )
    .await
    {
        Ok(Some(places)) => axum::Json(FloorOccupancy {
            building: building.slug.clone(),
            floor: level,
            occupancy: places,
        })
        .into_response(),
        Ok(None) => Problem::not_found(format!("floor: there is no floor {level}")).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "cannot read the occupancy");
            Problem::internal().into_response()
        }
    }
}

/// Server-sent events, one per change of a desk's or room's sensor state
/// (`{"desk": "2.14", "floor": 2, "state": "occupied"}`), optionally of one floor only
/// (`?floor=2`). A desk someone else booked for the current half-day is left out: only its
/// booker hears of it (the bookings are read again at most every two seconds).
#[utoipa::path(
    get,
    path = "/api/v1/live",
    tag = "occupancy",
    params(FloorQuery),
    responses(
        (status = 200, description = "One event per change", body = LiveUpdate, content_type = "text/event-stream"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn live_stream(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiQuery(query): ApiQuery<FloorQuery>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, Problem> {
    let viewer = caller.require(Permission::ViewBuilding)?;
    let floor = match query.floor {
        None => None,
        Some(level) => {
            let topology = state.app.topology.get(&state.app.db).await?;
            let (building, _) = topology
                .named_floor(query.building.as_deref(), level, viewer.unit_id)
                .ok_or_else(|| {
                    Problem::not_found(format!("floor: there is no floor {level} in that building"))
                })?;
            Some((building.slug.clone(), level))
        }
    };
    let viewer = viewer.person_id;
    let updates = state.live.subscribe(floor);
    let stream = futures_util::stream::unfold(
        (updates, state.stopping.clone()),
        move |(mut updates, mut stopping)| async move {
            loop {
                let update = tokio::select! {
                    _ = stopping.wait_for(|stop| *stop) => return None,
                    update = updates.recv() => update,
                };
                match update {
                    Ok(update) if update.audience.includes(viewer) => {
                        let event = Event::default().data(&update.json);
                        return Some((Ok(event), (updates, stopping)));
                    }
                    Ok(_) => {}
                    Err(broadcast::error::RecvError::Lagged(skipped)) => {
                        tracing::warn!(skipped, "a live stream fell behind");
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                }
            }
        },
    );
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}
