//! The sensor registry over HTTP (building administrators): which sensor watches which desk
//! or room, one at a time or imported from a CSV file (see
//! [`domain::sensor_registry`]). The live pipeline follows a change at once.
//!
//! | route | who |
//! | --- | --- |
//! | `GET, POST /api/v1/sensors`, `DELETE /api/v1/sensors/{id}`, `POST /api/v1/sensors/import` | building administrators |

use super::input::{ApiJson, ApiPath};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use domain::auth::Permission;
use domain::sensor_registry::{self, RegistryError};
use utoipa::OpenApi;
use wire::i18n::Lang;
use wire::model::{LineError, NewSensor, SensorImport, SensorView};

use super::{RequestLang, invalid};
use crate::auth::extract::Authenticated;
use crate::problem::Problem;
use crate::web::WebState;

/// The OpenAPI description of the sensor registry endpoints.
#[derive(OpenApi)]
#[openapi(
    paths(list_sensors, register_sensor, import_sensors, remove_sensor),
    components(schemas(Problem, NewSensor, SensorView, SensorImport, LineError)),
    tags((name = "sensors", description = "The sensor registry"))
)]
pub struct SensorsApi;

/// The sensor registry routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/api/v1/sensors", get(list_sensors).post(register_sensor))
        .route("/api/v1/sensors/import", post(import_sensors))
        .route("/api/v1/sensors/{id}", delete(remove_sensor))
}

/// A registry error as a problem: bad fields as `invalid-input` with every error listed.
fn problem(err: RegistryError, lang: Lang) -> Problem {
    match err {
        RegistryError::Invalid(errors) => {
            let detail = errors
                .iter()
                .map(|e| format!("line {}, {}: {}", e.line, e.field, e.message))
                .collect::<Vec<_>>()
                .join("; ");
            let mut problem = invalid(lang, detail);
            problem.errors = Some(errors);
            problem
        }
        RegistryError::NotFound => Problem::from_app_error(wire::error::AppError::NotFound, lang),
        RegistryError::Database(err) => Problem::from(err),
    }
}

/// Every registered sensor, by device key, with its battery and when it was last heard.
#[utoipa::path(
    get,
    path = "/api/v1/sensors",
    tag = "sensors",
    responses(
        (status = 200, description = "The registry", body = [SensorView]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_sensors(
    State(state): State<WebState>,
    caller: Authenticated,
) -> Result<Json<Vec<SensorView>>, Problem> {
    caller.require(Permission::ManageBuilding)?;
    Ok(Json(sensor_registry::list(&state.app.db).await?))
}

/// Registers a sensor for a desk or room (or changes the one with its device key).
#[utoipa::path(
    post,
    path = "/api/v1/sensors",
    tag = "sensors",
    request_body = NewSensor,
    responses(
        (status = 201, description = "Registered", body = SensorView),
        (status = 400, description = "A bad field, named in `errors`", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn register_sensor(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiJson(new): ApiJson<NewSensor>,
) -> Result<(StatusCode, Json<SensorView>), Problem> {
    caller.require(Permission::ManageBuilding)?;
    let view = sensor_registry::register(&state.app.db, &new)
        .await
        .map_err(|err| problem(err, lang))?;
    state.bus.registry_changed().await;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Imports sensors from a CSV file (`text/csv`, header `device_key,model,protocol,desk,room`):
/// all or nothing; every bad field is reported with its line and column.
#[utoipa::path(
    post,
    path = "/api/v1/sensors/import",
    tag = "sensors",
    request_body(content = String, content_type = "text/csv"),
    responses(
        (status = 200, description = "Imported", body = SensorImport),
        (status = 400, description = "Nothing imported; every bad field in `errors`", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn import_sensors(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    body: Result<String, axum::extract::rejection::StringRejection>,
) -> Result<Json<SensorImport>, Problem> {
    caller.require(Permission::ManageBuilding)?;
    let text = body.map_err(|rejection| invalid(lang, rejection.body_text()))?;
    let report = sensor_registry::import(&state.app.db, &text)
        .await
        .map_err(|err| problem(err, lang))?;
    state.bus.registry_changed().await;
    Ok(Json(report))
}

/// Removes a sensor from the registry.
#[utoipa::path(
    delete,
    path = "/api/v1/sensors/{id}",
    tag = "sensors",
    params(("id" = i32, Path, description = "The sensor")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such sensor", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn remove_sensor(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
) -> Result<StatusCode, Problem> {
    caller.require(Permission::ManageBuilding)?;
    sensor_registry::remove(&state.app.db, id)
        .await
        .map_err(|err| problem(err, lang))?;
    state.bus.registry_changed().await;
    Ok(StatusCode::NO_CONTENT)
}
