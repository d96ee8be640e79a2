//! A building's structure as a file: export it, and import it into this or another
//! installation (`platzwahl export building`, `platzwahl import FILE`).
//!
//! The file is JSON ([`format::BuildingFile`]): the building, its floors with their zones,
//! desks and rooms, and the sensors watching them, each named by its natural key (floor
//! level, zone slug, desk or room label, sensor device key), never by a database id, so that
//! an export imports into another database.
//!
//! # Layout
//! - [`format`](mod@format): the file's types, defaults and canonical order.
//! - [`check`]: reading a file and finding every problem in it at once, with line and path;
//!   [`lines`] finds the line of a JSON path.
//! - [`csv_file`]: the same file as one CSV for spreadsheets (a row per thing), read into the
//!   JSON file's value and checks, its problems put on CSV lines and columns.
//! - [`export`](mod@export): one building from the database as a file.
//! - [`import`](mod@import): comparing a checked file with the database and writing the difference in
//!   one transaction. Nothing the file leaves out is deleted: it is reported as kept.
//! - [`site`]: the site a building is on, as the file names it.
//! - [`walkway`]: the building's walkway graph (the way to one's desk), optional in the file.
//! - [`admin`](mod@admin): the import by a building administrator from the web: previewed, then
//!   confirmed by the plan's fingerprint.

pub mod admin;
pub mod check;
pub mod csv_file;
pub mod export;
pub mod format;
pub mod import;
pub mod lines;
pub mod site;
pub mod walkway;

pub use check::Problem;
pub use export::export;
pub use format::BuildingFile;
pub use import::{Changes, Outcome, import};

use sea_orm::DbErr;

/// What can go wrong exporting or importing a building.
#[derive(Debug, thiserror::Error)]
pub enum StructureError {
    /// No building has this slug or id.
    #[error("there is no building \"{0}\" (name it by its slug or id)")]
    NoSuchBuilding(String),
    /// The database holds no building.
    #[error("there is no building yet")]
    NoBuilding,
    /// Several buildings, and none was named; their slugs.
    #[error("there are several buildings ({0}); name one with --building")]
    WhichBuilding(String),
    /// The file has problems; every one of them. Nothing was written.
    #[error("the file has {} problem(s); nothing was changed", .0.len())]
    Invalid(Vec<Problem>),
    /// A checked file could not be written as planned (a defect, not a problem of the file).
    #[error("the import is inconsistent: {0}")]
    Inconsistent(String),
    /// The database failed; nothing was written.
    #[error("database: {0}")]
    Database(#[from] DbErr),
}

#[cfg(test)]
mod fuzz;
#[cfg(test)]
mod tests;
