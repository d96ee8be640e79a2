//! A building file imported by a building administrator from the web (the admin page
//! `/admin/import` and `POST /api/v1/buildings/{slug}/import`): the same check and the same
//! all-or-nothing transaction as `platzwahl import`, in two steps, as the organisation
//! administrators' import ([`crate::organisation_file::admin`]) does.
//!
//! - **One building.** The file must describe the building it is imported into (its `slug`);
//!   another building's file is a problem at its `slug`. A building not there yet is created.
//! - **Previewed, then confirmed.** [`import`] with [`Step::Preview`] checks the file (JSON or
//!   CSV) and says what would change, with the plan's fingerprint
//!   ([`Changes::fingerprint`]). [`Step::Apply`] with that fingerprint writes exactly that
//!   plan: when the file or the building changed in between, so that the plan differs,
//!   nothing is written ([`BuildingImportError::Changed`]); the check runs in the writing
//!   transaction. The audit log names who imported it.
//! - **Nothing is deleted**: what the building holds and the file leaves out is kept and
//!   reported as such (see [`super::import`](mod@super::import)).

use sea_orm::DatabaseConnection;
use wire::model::building_import::BuildingImportPlan;
use wire::model::org_import::ImportChanges;

use super::StructureError;
use super::check::{self, Problem};
use super::csv_file;
use super::import::{Changes, Expected, KindChanges, import_expecting};
use crate::auth::{Permission, Principal};
use crate::organisation_file::admin::looks_like_json;
use crate::progress::Quiet;

/// The largest file accepted, in bytes (about 100,000 rows of CSV).
pub const MAX_BYTES: usize = 16 * 1024 * 1024;

/// The form of a building file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The JSON file (`platzwahl export building`).
    Json,
    /// The CSV form, a row per thing (`platzwahl export building --csv`).
    Csv,
}

impl Format {
    /// The form's code: `json` or `csv`.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }

    /// The form of a code ([`Format::code`]).
    #[must_use]
    pub fn of_code(code: &str) -> Option<Self> {
        [Format::Json, Format::Csv]
            .into_iter()
            .find(|format| format.code() == code)
    }
}

/// Which step of an administrator's import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Check the file and say what would change; write nothing.
    Preview,
    /// Write the changes; with `Some(plan)` only when they are those of the preview whose
    /// fingerprint is `plan`.
    Apply(Option<String>),
}

/// Why a building administrator's import did not happen.
#[derive(Debug, thiserror::Error)]
pub enum BuildingImportError {
    /// The caller is no building administrator.
    #[error("only building administrators import building files")]
    Forbidden,
    /// The changes are no longer those of the preview; nothing was written.
    #[error("the changes are no longer those of the preview")]
    Changed,
    /// The file has problems (every one of them), or the database failed; nothing was written.
    #[error(transparent)]
    Structure(#[from] StructureError),
}

/// What an administrator's import would change or changed.
#[derive(Debug, Clone)]
pub struct Preview {
    /// The building's slug.
    pub building: String,
    /// The form of the file read.
    pub format: Format,
    /// What changes, kind by kind.
    pub changes: Changes,
    /// The plan's fingerprint, for [`Step::Apply`].
    pub plan: String,
    /// Whether the changes were written.
    pub applied: bool,
}

/// Imports the building file `bytes` into the building `slug` (`None`: the building the file
/// names), as a building administrator may (see the module's description). `format` is what
/// the administrator says the file is (`None`: JSON or CSV by its first character). Every
/// problem of the file comes at once, with its line and field, as
/// [`StructureError::Invalid`]; then, and on every other error, nothing is written.
#[tracing::instrument(skip_all, fields(actor = principal.person_id, bytes = bytes.len()))]
pub async fn import(
    db: &DatabaseConnection,
    principal: &Principal,
    slug: Option<&str>,
    bytes: &[u8],
    format: Option<Format>,
    step: Step,
) -> Result<Preview, BuildingImportError> {
    principal
        .require(Permission::ManageBuilding)
        .map_err(|_| BuildingImportError::Forbidden)?;
    if bytes.len() > MAX_BYTES {
        return Err(StructureError::Invalid(vec![Problem::at(
            "",
            format!(
                "the file has {} bytes; at most {MAX_BYTES} are imported at once, split it",
                bytes.len()
            ),
        )])
        .into());
    }
    let format = format.unwrap_or(if looks_like_json(bytes) {
        Format::Json
    } else {
        Format::Csv
    });
    let dry_run = step == Step::Preview;
    let expected = Expected {
        slug: slug.map(str::to_owned),
        plan: match step {
            Step::Preview => None,
            Step::Apply(plan) => plan,
        },
        actor: Some(principal.clone()),
    };
    let ran = match format {
        Format::Json => {
            let reading = check::read(bytes).map_err(StructureError::Invalid)?;
            import_expecting(db, reading, dry_run, &Quiet, &expected).await?
        }
        Format::Csv => {
            let reading = csv_file::read(bytes).map_err(StructureError::Invalid)?;
            import_expecting(db, reading, dry_run, &Quiet, &expected).await?
        }
    };
    if ran.stale {
        return Err(BuildingImportError::Changed);
    }
    Ok(Preview {
        building: ran.building,
        format,
        changes: ran.outcome.changes,
        plan: ran.plan,
        applied: ran.outcome.applied,
    })
}

/// The totals of `changes` (created, changed, removed, kept, unchanged) and the changes kind
/// by kind, as the pages and the API show them (building and organisation imports).
#[must_use]
pub fn changes_view(changes: &Changes) -> ([u64; 5], Vec<ImportChanges>) {
    let count = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
    let sum = |of: fn(&KindChanges) -> usize| count(changes.kinds.iter().map(of).sum());
    let totals = [
        sum(|k| k.created.len()),
        sum(|k| k.changed.len()),
        sum(|k| k.removed.len()),
        sum(|k| k.kept.len()),
        sum(|k| k.unchanged),
    ];
    let kinds = changes
        .kinds
        .iter()
        .map(|k| ImportChanges {
            kind: k.kind.to_owned(),
            created: k.created.clone(),
            changed: k.changed.clone(),
            removed: k.removed.clone(),
            kept: k.kept.clone(),
            unchanged: count(k.unchanged),
        })
        .collect();
    (totals, kinds)
}

impl Preview {
    /// The preview as the page and the API show it.
    #[must_use]
    pub fn view(&self) -> BuildingImportPlan {
        let ([created, changed, removed, kept, unchanged], changes) = changes_view(&self.changes);
        BuildingImportPlan {
            building: self.building.clone(),
            format: self.format.code().to_owned(),
            applied: self.applied,
            plan: self.plan.clone(),
            created,
            changed,
            removed,
            kept,
            unchanged,
            changes,
        }
    }
}

#[cfg(test)]
mod tests {
    use entities::enums::Role;
    use entities::{audit_log, building, desk, person};
    use sea_orm::{
        ColumnTrait, ConnectOptions, Database, EntityTrait, PaginatorTrait, QueryFilter,
    };
    use sea_orm_migration::MigratorTrait;

    use super::*;
    use crate::auth::Via;

    const EXAMPLE_JSON: &[u8] = include_bytes!("../../../docs/examples/building.json");
    const EXAMPLE_CSV: &[u8] = include_bytes!("../../../docs/examples/building.csv");

    /// A fresh database with one organisation and its building administrator.
    async fn fresh() -> DatabaseConnection {
        let mut options = ConnectOptions::new("sqlite::memory:");
        options.max_connections(1).sqlx_logging(false);
        let db = Database::connect(options).await.unwrap();
        migration::Migrator::up(&db, None).await.unwrap();
        let organisation = br#"{
            "organisation": {"slug": "stadt", "name": "Stadt"},
            "people": [{"email": "bau@stadt.example", "name": "Bau", "roles": ["building_admin"]}]
        }"#;
        crate::organisation_file::import(&db, organisation, false, &Quiet)
            .await
            .unwrap();
        db
    }

    async fn admin(db: &DatabaseConnection, roles: Vec<Role>) -> Principal {
        let found = person::Entity::find()
            .filter(person::Column::Email.eq("bau@stadt.example"))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        Principal {
            person_id: found.id,
            organisation_id: found.organisation_id,
            unit_id: None,
            roles,
            via: Via::Session(0),
        }
    }

    async fn desks(db: &DatabaseConnection) -> u64 {
        desk::Entity::find().count(db).await.unwrap_or(0)
    }

    fn problems(result: Result<Preview, BuildingImportError>) -> Vec<Problem> {
        match result {
            Err(BuildingImportError::Structure(StructureError::Invalid(problems))) => problems,
            other => panic!("not refused for its problems: {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_preview_changes_nothing_and_its_plan_is_applied_once() {
        let db = fresh().await;
        let who = admin(&db, vec![Role::BuildingAdmin]).await;
        let preview = import(&db, &who, Some("annex"), EXAMPLE_CSV, None, Step::Preview).await;
        let Ok(preview) = preview else {
            panic!("{preview:?}");
        };
        assert_eq!(preview.format, Format::Csv);
        assert!(!preview.applied);
        assert_eq!(preview.building, "annex");
        assert_eq!(
            preview.view().created,
            1 + 2 + 4 + 2 + 8 + 2 + 3,
            "{}",
            preview.changes
        );
        assert_eq!(desks(&db).await, 0, "a preview writes nothing");

        let step = Step::Apply(Some(preview.plan.clone()));
        let applied = import(&db, &who, Some("annex"), EXAMPLE_CSV, None, step.clone()).await;
        assert!(applied.is_ok_and(|a| a.applied));
        assert_eq!(desks(&db).await, 8);
        let audited = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq(super::super::import::AUDIT_ACTION))
            .count(&db)
            .await
            .unwrap_or(0);
        assert_eq!(audited, 1);
        // The same confirmation again: the plan is no longer the previewed one.
        let again = import(&db, &who, Some("annex"), EXAMPLE_CSV, None, step).await;
        assert!(
            matches!(again, Err(BuildingImportError::Changed)),
            "{again:?}"
        );
        // The JSON form of the same building changes nothing now.
        let json = import(&db, &who, None, EXAMPLE_JSON, None, Step::Preview).await;
        assert!(
            json.is_ok_and(|p| p.format == Format::Json && p.changes.is_empty()),
            "the CSV and the JSON example are the same building"
        );
    }

    #[tokio::test]
    async fn another_buildings_file_is_refused_at_its_slug() {
        let db = fresh().await;
        let who = admin(&db, vec![Role::BuildingAdmin]).await;
        let found = problems(
            import(
                &db,
                &who,
                Some("haupthaus"),
                EXAMPLE_JSON,
                Some(Format::Json),
                Step::Apply(None),
            )
            .await,
        );
        assert!(
            found.iter().any(|p| p.field == "slug" && p.line == Some(2)),
            "{found:?}"
        );
        let found = problems(
            import(
                &db,
                &who,
                Some("haupthaus"),
                EXAMPLE_CSV,
                Some(Format::Csv),
                Step::Apply(None),
            )
            .await,
        );
        assert!(
            found.iter().any(|p| p.field == "slug" && p.line == Some(2)),
            "{found:?}"
        );
        let buildings = building::Entity::find().count(&db).await.unwrap_or(0);
        assert_eq!(buildings, 0);
    }

    #[tokio::test]
    async fn only_building_administrators_import() {
        let db = fresh().await;
        let who = admin(
            &db,
            vec![Role::Employee, Role::OrgAdmin, Role::FacilityManager],
        )
        .await;
        let refused = import(&db, &who, Some("annex"), EXAMPLE_JSON, None, Step::Preview).await;
        assert!(
            matches!(refused, Err(BuildingImportError::Forbidden)),
            "{refused:?}"
        );
    }

    #[test]
    fn formats_are_named_by_their_code() {
        assert_eq!(Format::of_code("csv"), Some(Format::Csv));
        assert_eq!(Format::of_code("json"), Some(Format::Json));
        assert_eq!(Format::of_code("xml"), None);
    }
}
