//! The `#[server]` functions of the import page (`/admin/import`): an organisation
//! administrator's file (the whole organisation as JSON, or its people or units as CSV) is
//! previewed, then applied exactly as previewed. Both call
//! [`crate::services::organisation_file::admin::import`], which holds the file to the
//! administrator's own organisation and the roles they may grant.
//!
//! A file with problems is an answer, not an error ([`ImportAnswer::Problems`]): the page lists
//! every problem with its line and field.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::org_import::ImportAnswer;

/// What the file of the import page is: `json`, `people`, `units`, or empty (by its content).
#[cfg(feature = "ssr")]
fn kind(code: &str) -> Result<Option<crate::services::organisation_file::FileKind>, AppError> {
    use crate::services::organisation_file::admin::kind_of_code;
    match code.trim() {
        "" => Ok(None),
        code => kind_of_code(code)
            .map(Some)
            .ok_or_else(|| AppError::InvalidInput("kind: json, people, units or empty".into())),
    }
}

/// Runs one step of the import of `content` as the caller.
#[cfg(feature = "ssr")]
async fn run(
    kind_code: &str,
    content: &str,
    step: crate::services::organisation_file::admin::Step,
) -> Result<ImportAnswer, AppError> {
    use crate::services::auth::{Permission, require};
    use crate::services::error::Error;
    use crate::services::organisation_file::OrganisationFileError;
    use crate::services::organisation_file::admin::{import, line_errors};
    let who = require(Permission::ManagePeople)?;
    let kind = kind(kind_code)?;
    let ctx = crate::api::context()?;
    match import(&ctx.db, &who, content.as_bytes(), kind, step).await {
        Ok(preview) => {
            if preview.applied {
                ctx.topology.changed();
            }
            Ok(ImportAnswer::Plan(preview.view()))
        }
        Err(OrganisationFileError::Invalid(problems)) => {
            Ok(ImportAnswer::Problems(line_errors(&problems)))
        }
        Err(OrganisationFileError::Changed) => Err(AppError::Conflict(
            "the file or the organisation changed since the preview; check the file again".into(),
        )),
        Err(OrganisationFileError::StepUpRequired) => Err(AppError::StepUpRequired),
        Err(OrganisationFileError::Forbidden | OrganisationFileError::NoSuchOrganisation(_)) => {
            Err(AppError::Forbidden)
        }
        Err(OrganisationFileError::Database(err)) => Err(Error::Database(err).into()),
        Err(other @ (OrganisationFileError::Inconsistent(_) | OrganisationFileError::Csv(_))) => {
            tracing::error!(error = %other, "organisation import failed");
            Err(AppError::Internal)
        }
    }
}

/// Checks the file `content` of kind `kind` (`json`, `people`, `units`, or empty: by its
/// content) and says what it would change; changes nothing.
#[server(endpoint = "preview_org_import")]
pub async fn preview_org_import(kind: String, content: String) -> Result<ImportAnswer, AppError> {
    use crate::services::organisation_file::admin::Step;
    run(&kind, &content, Step::Preview).await
}

/// Applies the file `content` of kind `kind` when its changes are still those of the preview
/// whose fingerprint is `plan` ([`AppError::Conflict`] otherwise; nothing is changed then).
#[server(endpoint = "apply_org_import")]
pub async fn apply_org_import(
    kind: String,
    content: String,
    plan: String,
) -> Result<ImportAnswer, AppError> {
    use crate::services::organisation_file::admin::Step;
    run(&kind, &content, Step::Apply(Some(plan))).await
}
