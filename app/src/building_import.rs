//! The `#[server]` functions of the import page (`/admin/import`) for a building
//! administrator's file: a building as JSON or CSV, previewed, then applied exactly as
//! previewed. Both call [`crate::services::structure::admin::import`], which holds the file
//! to the building chosen (or, for a new building, the one the file names).
//!
//! A file with problems is an answer, not an error ([`ImportAnswer::Problems`]): the page lists
//! every problem with its line and field.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::building_import::BuildingImportPlan;
use crate::model::org_import::ImportAnswer;

/// Runs one step of the import of `content` into the building `building` (empty: the one the
/// file names) as the caller.
#[cfg(feature = "ssr")]
async fn run(
    building: &str,
    content: &str,
    step: crate::services::structure::admin::Step,
) -> Result<ImportAnswer<BuildingImportPlan>, AppError> {
    use crate::services::auth::{Permission, require};
    use crate::services::error::Error;
    use crate::services::organisation_file::admin::line_errors;
    use crate::services::structure::StructureError;
    use crate::services::structure::admin::{BuildingImportError, import};
    let who = require(Permission::ManageBuilding)?;
    let ctx = crate::api::context()?;
    let building = Some(building.trim()).filter(|slug| !slug.is_empty());
    match import(&ctx.db, &who, building, content.as_bytes(), None, step).await {
        Ok(preview) => {
            if preview.applied {
                ctx.topology.changed();
            }
            Ok(ImportAnswer::Plan(preview.view()))
        }
        Err(BuildingImportError::Structure(StructureError::Invalid(problems))) => {
            Ok(ImportAnswer::Problems(line_errors(&problems)))
        }
        Err(BuildingImportError::Changed) => Err(AppError::Conflict(
            "the file or the building changed since the preview; check the file again".into(),
        )),
        Err(BuildingImportError::Forbidden) => Err(AppError::Forbidden),
        Err(BuildingImportError::Structure(StructureError::Database(err))) => {
            Err(Error::Database(err).into())
        }
        Err(BuildingImportError::Structure(other)) => {
            tracing::error!(error = %other, "building import failed");
            Err(AppError::Internal)
        }
    }
}

/// Checks the building file `content` (JSON or CSV, by its content) for the building
/// `building` (empty: the one the file names) and says what it would change; changes nothing.
#[server(endpoint = "preview_building_import")]
pub async fn preview_building_import(
    building: String,
    content: String,
) -> Result<ImportAnswer<BuildingImportPlan>, AppError> {
    use crate::services::structure::admin::Step;
    run(&building, &content, Step::Preview).await
}

/// Applies the building file `content` when its changes are still those of the preview whose
/// fingerprint is `plan` ([`AppError::Conflict`] otherwise; nothing is changed then).
#[server(endpoint = "apply_building_import")]
pub async fn apply_building_import(
    building: String,
    content: String,
    plan: String,
) -> Result<ImportAnswer<BuildingImportPlan>, AppError> {
    use crate::services::structure::admin::Step;
    run(&building, &content, Step::Apply(Some(plan))).await
}
