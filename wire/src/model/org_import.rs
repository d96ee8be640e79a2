//! An organisation file imported by its administrator: what it would change (the preview)
//! and what it changed, for the admin page `/admin/import` and
//! `POST /api/v1/organisations/{slug}/import`.

use serde::{Deserialize, Serialize};

use super::LineError;

/// What an import would change (a preview) or changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ImportPlan {
    /// The organisation's slug.
    pub organisation: String,
    /// The kind of file read: `json` (the whole organisation), `people` or `units` (CSV).
    pub kind: String,
    /// Whether the changes were written (`false` for a preview, or when nothing changes).
    pub applied: bool,
    /// The plan's fingerprint: send it as `plan` to apply exactly these changes.
    pub plan: String,
    /// Whether applying needs a passkey confirmation within the last five minutes (the roles
    /// of people already there change).
    pub needs_step_up: bool,
    /// Created, in all kinds.
    pub created: u64,
    /// Changed, in all kinds.
    pub changed: u64,
    /// Removed, in all kinds (an organisation import never removes anything: always 0).
    pub removed: u64,
    /// In the organisation but not in the file: kept as they are.
    pub kept: u64,
    /// In the file and the same in the organisation.
    pub unchanged: u64,
    /// The changes kind by kind: organisation, granted zones, units, people, badges, deputies.
    pub changes: Vec<ImportChanges>,
}

/// What an import changes of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ImportChanges {
    /// The kind, plural: `units`, `people`, `badges`, …
    pub kind: String,
    /// Created, by name (units by slug, people and badges by e-mail address).
    pub created: Vec<String>,
    /// Changed, by name.
    pub changed: Vec<String>,
    /// Removed, by name.
    pub removed: Vec<String>,
    /// Kept, by name: in the organisation, not in the file.
    pub kept: Vec<String>,
    /// How many are the same.
    pub unchanged: u64,
}

/// The answer of the admin page's import: the plan (an organisation's, or a building's:
/// [`super::building_import::BuildingImportPlan`]), or every problem of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportAnswer<P = ImportPlan> {
    /// The file is fine: what it changes (or changed).
    Plan(P),
    /// The file has problems, each with its line (0: the file as a whole) and field; nothing
    /// was changed.
    Problems(Vec<LineError>),
}
