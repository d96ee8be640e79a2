//! A building file imported by a building administrator: what it would change (the preview)
//! and what it changed, for the admin page `/admin/import` and
//! `POST /api/v1/buildings/{slug}/import`. The changes kind by kind are those of an
//! organisation's import ([`ImportChanges`]).

use serde::{Deserialize, Serialize};

use super::org_import::ImportChanges;

/// What a building import would change (a preview) or changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct BuildingImportPlan {
    /// The building's slug.
    pub building: String,
    /// The form of the file read: `json` or `csv`.
    pub format: String,
    /// Whether the changes were written (`false` for a preview, or when nothing changes).
    pub applied: bool,
    /// The plan's fingerprint: send it as `plan` to apply exactly these changes.
    pub plan: String,
    /// Created, in all kinds.
    pub created: u64,
    /// Changed, in all kinds.
    pub changed: u64,
    /// Removed, in all kinds (only pairs of neighbouring zones are ever removed).
    pub removed: u64,
    /// In the building but not in the file: kept as they are.
    pub kept: u64,
    /// In the file and the same in the building.
    pub unchanged: u64,
    /// The changes kind by kind: building, floors, zones, neighbouring zones, desks, rooms,
    /// sensors.
    pub changes: Vec<ImportChanges>,
}
