//! An organisation file imported by the organisation's administrator over HTTP (see
//! [`domain::organisation_file::admin`]): the whole organisation as JSON, or its people or
//! units as CSV, previewed and then applied in one transaction.
//!
//! | route | who |
//! | --- | --- |
//! | `POST /api/v1/organisations/{slug}/import` | administrators of that organisation |
//!
//! Another organisation's slug is 403, whether it exists or not; a file naming another
//! organisation, or one of its units or people, is a 422 problem at that line and field.

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::post;
use axum::{Json, Router};
use domain::auth::Permission;
use domain::organisation_file::OrganisationFileError;
use domain::organisation_file::admin::{self, MAX_BYTES, Step};
use entities::organisation;
use sea_orm::EntityTrait;
use serde::Deserialize;
use utoipa::OpenApi;
use wire::i18n::Lang;
use wire::model::LineError;
use wire::model::org_import::{ImportChanges, ImportPlan};

use super::RequestLang;
use super::input::{ApiPath, ApiQuery};
use crate::auth::extract::Authenticated;
use crate::problem::Problem;
use crate::web::WebState;

/// The OpenAPI description of the organisation import.
#[derive(OpenApi)]
#[openapi(
    paths(import_organisation),
    components(schemas(Problem, ImportPlan, ImportChanges, LineError)),
    tags((name = "organisations", description = "An organisation's file, imported by its administrators"))
)]
pub struct OrganisationImportApi;

/// The organisation import's route.
pub fn routes() -> Router<WebState> {
    Router::new().route(
        "/api/v1/organisations/{slug}/import",
        post(import_organisation).layer(axum::extract::DefaultBodyLimit::max(MAX_BYTES)),
    )
}

/// The query of an import.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// `true`: only say what would change (the preview); `false` (the default): apply.
    #[serde(default)]
    dry_run: bool,
    /// What the file is: `json` (the whole organisation), `people` or `units` (CSV). Without
    /// it: JSON for `application/json`, otherwise JSON or CSV by the first character, a CSV's
    /// header telling people from units.
    kind: Option<String>,
    /// The `plan` of the preview: apply only when the changes are exactly those (409
    /// otherwise).
    plan: Option<String>,
}

/// An import's error as a problem document.
fn problem(err: OrganisationFileError, lang: Lang) -> Problem {
    match err {
        OrganisationFileError::Invalid(problems) => super::building_import::invalid_file(&problems),
        OrganisationFileError::Changed => Problem::conflict(
            "The changes are no longer those of the preview (another file, or the organisation changed since); nothing was changed. Preview the file again.",
        ),
        OrganisationFileError::StepUpRequired => Problem::step_up_required(),
        OrganisationFileError::Forbidden | OrganisationFileError::NoSuchOrganisation(_) => {
            Problem::from_app_error(wire::error::AppError::Forbidden, lang)
        }
        OrganisationFileError::Database(err) => Problem::from(err),
        other @ (OrganisationFileError::Inconsistent(_) | OrganisationFileError::Csv(_)) => {
            tracing::error!(error = %other, "organisation import failed");
            Problem::internal()
        }
    }
}

/// Imports the organisation's file: the whole organisation (JSON, as `platzwahl export organisation` writes it) or its people or units (CSV). The file is checked whole; every problem comes at once with its line and field (422) and nothing changes. With `dry_run=true` the answer says what would change (the preview) and carries the plan's fingerprint; sending the same file with `plan` set to it applies exactly those changes, all or nothing (409 when they differ by then). Only the administrator's own organisation, zones already given to it, and roles an organisation administrator may grant; changing the roles of people already there needs a passkey confirmation within the last five minutes. Nothing is ever removed.
#[utoipa::path(
    post,
    path = "/api/v1/organisations/{slug}/import",
    tag = "organisations",
    params(("slug" = String, Path, description = "The organisation's slug"), ImportQuery),
    request_body(content = String, description = "The file: JSON or CSV (UTF-8), at most 16 MiB", content_type = "text/csv"),
    responses(
        (status = 200, description = "What changes (a preview) or changed", body = ImportPlan),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator of this organisation, or no fresh passkey confirmation for a change of roles (`/problems/step-up-required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The changes differ from the preview's `plan`; nothing was changed", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The file is larger than 16 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The file has problems, every one in `errors` with its line and field; nothing was changed", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn import_organisation(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(query): ApiQuery<ImportQuery>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<ImportPlan>, Problem> {
    let principal = caller.require(Permission::ManagePeople)?;
    let own = organisation::Entity::find_by_id(principal.organisation_id)
        .one(&state.app.db)
        .await?;
    if own.is_none_or(|o| o.slug != slug) {
        return Err(Problem::forbidden()
            .with_detail("You administer another organisation: import only your own."));
    }
    let kind =
        match query.kind.as_deref() {
            Some(code) => Some(admin::kind_of_code(code).ok_or_else(|| {
                super::invalid(lang, "kind: one of json, people, units".to_owned())
            })?),
            None => headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .filter(|v| v.starts_with("application/json"))
                .map(|_| domain::organisation_file::FileKind::Json),
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
    let preview = admin::import(&state.app.db, &principal, &bytes, kind, step)
        .await
        .map_err(|err| problem(err, lang))?;
    if preview.applied {
        state.app.topology.invalidate();
        state.bus.topology_changed().await;
    }
    Ok(Json(preview.view()))
}
