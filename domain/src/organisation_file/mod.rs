//! An organisation as a file: its units with their home zones and booking rules, its people
//! with their roles and badges, and counsellors' deputies. `platzwahl export organisation`
//! writes one, `platzwahl import FILE` reads one into this or another installation.
//!
//! The file is JSON ([`format::OrganisationFile`]), or, for the two long lists, CSV: people
//! (`email,name,unit,roles,badges[,locale,active]`) and units (`unit,name,home_zones`). Each
//! names everything by its natural key (organisation and unit slugs, zone slugs, e-mail
//! addresses), never by a database id. The checking and applying follow the building file
//! ([`crate::structure`]) and reuse its problems, JSON field checks and change summary.
//!
//! # Layout
//! - [`format`](mod@format): the file's types, defaults and canonical order.
//! - [`check`]: reading a JSON or CSV file and finding every problem at once, with line and
//!   field, then what clashes with the database.
//! - [`export`](mod@export): one organisation from the database as a file (and as CSV).
//! - [`import`](mod@import): comparing a checked file with the database and writing the
//!   difference in one transaction. Nothing the file leaves out is deleted.
//! - [`admin`]: the same import by an organisation administrator (admin pages, JSON API):
//!   their own organisation only, roles they may grant only, previewed, then confirmed.

pub mod admin;
pub mod check;
pub mod export;
pub mod format;
pub mod import;

pub use check::FileKind;
pub use export::{export, people_csv, units_csv};
pub use format::OrganisationFile;
pub use import::{import, import_csv};

use sea_orm::DbErr;

use crate::structure::Problem;

/// What can go wrong exporting or importing an organisation.
#[derive(Debug, thiserror::Error)]
pub enum OrganisationFileError {
    /// No organisation has this slug.
    #[error("there is no organisation \"{0}\" (name it by its slug)")]
    NoSuchOrganisation(String),
    /// The file has problems; every one of them. Nothing was written.
    #[error("the file has {} problem(s); nothing was changed", .0.len())]
    Invalid(Vec<Problem>),
    /// A checked file could not be written as planned (a defect, not a problem of the file).
    #[error("the import is inconsistent: {0}")]
    Inconsistent(String),
    /// Writing CSV failed.
    #[error("csv: {0}")]
    Csv(String),
    /// The caller may not import an organisation file (not an organisation administrator).
    #[error("not allowed")]
    Forbidden,
    /// The plan differs from the one previewed (another file, or the organisation changed in
    /// between); nothing was written.
    #[error("the changes differ from the preview; nothing was changed")]
    Changed,
    /// The import changes the roles of people already there, which needs a passkey
    /// confirmation within the last five minutes; nothing was written.
    #[error("step-up required")]
    StepUpRequired,
    /// The database failed; nothing was written.
    #[error("database: {0}")]
    Database(#[from] DbErr),
}

pub use crate::progress::{Progress, Quiet};

#[cfg(test)]
mod tests;
