//! A building file imported by a building administrator over HTTP (see
//! [`domain::structure::admin`]): the building as JSON or as CSV, previewed and then applied
//! in one transaction, as the organisation import ([`super::org_import`]) does.
//!
//! | route | who |
//! | --- | --- |
//! | `POST /api/v1/buildings/{slug}/import` | building administrators |
//!
//! A file describing another building than `{slug}` is a 422 problem at its `slug`; a
//! building not there yet is created.

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::post;
use axum::{Json, Router};
use domain::auth::Permission;
use domain::organisation_file::admin::line_errors;
use domain::structure::StructureError;
use domain::structure::admin::{self, BuildingImportError, Format, MAX_BYTES, Step};
use serde::Deserialize;
use utoipa::OpenApi;
use wire::i18n::Lang;
use wire::model::LineError;
use wire::model::building_import::BuildingImportPlan;
use wire::model::org_import::ImportChanges;

use super::RequestLang;
use super::input::{ApiPath, ApiQuery};
use crate::auth::extract::Authenticated;
use crate::problem::Problem;
use crate::web::WebState;

/// The OpenAPI description of the building import.
#[derive(OpenApi)]
#[openapi(
    paths(import_building),
    components(schemas(Problem, BuildingImportPlan, ImportChanges, LineError)),
    tags((name = "buildings", description = "The building editor: floors, plan images, zones, desks and rooms"))
)]
pub struct BuildingImportApi;

/// The building import's route.
pub fn routes() -> Router<WebState> {
    Router::new().route(
        "/api/v1/buildings/{slug}/import",
        post(import_building).layer(axum::extract::DefaultBodyLimit::max(MAX_BYTES)),
    )
}

/// The query of a building import.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BuildingImportQuery {
    /// `true`: only say what would change (the preview); `false` (the default): apply.
    #[serde(default)]
    dry_run: bool,
    /// The form of the file: `json` or `csv`. Without it: JSON for `application/json`, CSV
    /// for `text/csv`, otherwise by the first character.
    format: Option<String>,
    /// The `plan` of the preview: apply only when the changes are exactly those (409
    /// otherwise).
    plan: Option<String>,
}

/// The problem document of a file with problems: every one with its line and field.
pub(crate) fn invalid_file(problems: &[domain::structure::Problem]) -> Problem {
    let errors = line_errors(problems);
    let mut answer = Problem::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid-file",
        "The file has problems; nothing was changed",
    )
    .with_detail(
        errors
            .iter()
            .map(|e| format!("line {}, {}: {}", e.line, e.field, e.message))
            .collect::<Vec<_>>()
            .join("; "),
    );
    answer.errors = Some(errors);
    answer
}

/// A building import's error as a problem document.
fn problem(err: BuildingImportError, lang: Lang) -> Problem {
    match err {
        BuildingImportError::Structure(StructureError::Invalid(problems)) => {
            invalid_file(&problems)
        }
        BuildingImportError::Changed => Problem::conflict(
            "The changes are no longer those of the preview (another file, or the building changed since); nothing was changed. Preview the file again.",
        ),
        BuildingImportError::Forbidden => {
            Problem::from_app_error(wire::error::AppError::Forbidden, lang)
        }
        BuildingImportError::Structure(StructureError::Database(err)) => Problem::from(err),
        BuildingImportError::Structure(other) => {
            tracing::error!(error = %other, "building import failed");
            Problem::internal()
        }
    }
}

/// Imports the building's file: JSON (as `platzwahl export building` writes it) or CSV (a row per thing, as `platzwahl export building --csv` writes it). The file must describe the building `slug` (a building not there yet is created). The file is checked whole; every problem comes at once with its line and field (422) and nothing changes. With `dry_run=true` the answer says what would change (the preview) and carries the plan's fingerprint; sending the same file with `plan` set to it applies exactly those changes, all or nothing (409 when they differ by then). Nothing is ever deleted: floors, zones, desks, rooms and sensors the file leaves out are kept.
#[utoipa::path(
    post,
    path = "/api/v1/buildings/{slug}/import",
    tag = "buildings",
    params(("slug" = String, Path, description = "The building's slug"), BuildingImportQuery),
    request_body(content = String, description = "The file: JSON or CSV (UTF-8), at most 16 MiB", content_type = "text/csv"),
    responses(
        (status = 200, description = "What changes (a preview) or changed", body = BuildingImportPlan),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The changes differ from the preview's `plan`; nothing was changed", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The file is larger than 16 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The file has problems, every one in `errors` with its line and field; nothing was changed", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn import_building(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(query): ApiQuery<BuildingImportQuery>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<BuildingImportPlan>, Problem> {
    let principal = caller.require(Permission::ManageBuilding)?;
    let format = match query.format.as_deref() {
        Some(code) => Some(
            Format::of_code(code)
                .ok_or_else(|| super::invalid(lang, "format: json or csv".to_owned()))?,
        ),
        None => headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                if v.starts_with("application/json") {
                    Some(Format::Json)
                } else if v.starts_with("text/csv") {
                    Some(Format::Csv)
                } else {
                    None
                }
            }),
    };
    let bytes = body.map_err(|rejection| {
        let status = rejection.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            Problem::new(status, "too-large", "The file is too large")
                .with_detail(format!("A file has at most {MAX_BYTES} bytes; split it."))
        } else {
            super::invalid(lang, rejection.body_text())
        }
    })?;
    let step = if query.dry_run {
        Step::Preview
    } else {
        Step::Apply(query.plan)
    };
    let preview = admin::import(&state.app.db, &principal, Some(&slug), &bytes, format, step)
        .await
        .map_err(|err| problem(err, lang))?;
    if preview.applied {
        state.app.topology.invalidate();
        state.bus.topology_changed().await;
    }
    Ok(Json(preview.view()))
}
