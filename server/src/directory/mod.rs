//! Directory sync (LDAP): each organisation's people follow its directory
//! (`[[directories]]` in the settings). The comparison and the writing are
//! [`domain::directory`]'s; here the directory is read ([`ldap`]), a run is recorded
//! (`directory_sync`), the command line prints its report ([`cli`]), and `platzwahl serve`
//! runs the scheduled syncs on one instance at a time ([`schedule`]).
//!
//! # Layout
//! - [`ldap`]: reading the entries over LDAP with TLS (ldaps or StartTLS).
//! - [`cli`]: `platzwahl directory sync ORG [--dry-run] [--force]`.
//! - [`schedule`]: the background task of `serve`.

pub mod cli;
pub mod ldap;
pub mod schedule;

use chrono::Utc;
use domain::directory::apply::{organisation_id, run_finished, run_started};
use domain::directory::{Mapping, Options, Report, SyncError};
use domain::organisation_file::Progress;
use domain::topology::Topology;
use entities::directory_sync;
use sea_orm::{DatabaseConnection, DbErr};

use crate::settings::{DirectorySettings, SettingsError};

/// Why a run changed nothing.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The settings are not usable.
    #[error(transparent)]
    Settings(#[from] SettingsError),
    /// The directory could not be read.
    #[error("nothing was changed: {0}")]
    Directory(#[from] ldap::DirectoryError),
    /// The sync refused or failed.
    #[error(transparent)]
    Sync(#[from] SyncError),
    /// Recording the run failed.
    #[error("nothing was changed: database: {0}")]
    Database(#[from] DbErr),
}

/// One run of `directory`'s sync: read the directory, then compare and write (unless
/// `dry_run`) in one transaction. A run that writes is recorded in `directory_sync`.
pub async fn run(
    db: &DatabaseConnection,
    topology: &Topology,
    directory: &DirectorySettings,
    dry_run: bool,
    force: bool,
    progress: &dyn Progress,
) -> Result<Report, RunError> {
    let mapping = Mapping {
        units: directory.units.clone(),
        roles: directory.role_mapping()?,
    };
    let Some(organisation) = organisation_id(db, &directory.organisation).await? else {
        return Err(SyncError::NoSuchOrganisation(directory.organisation.clone()).into());
    };
    if !dry_run {
        run_started(db, organisation, Utc::now()).await?;
    }
    let result = async {
        let entries = ldap::read(directory, progress).await?;
        let options = Options {
            dry_run,
            force,
            max_leavers_percent: directory.max_leavers_percent,
        };
        Ok::<_, RunError>(
            domain::directory::sync(
                db,
                topology,
                &directory.organisation,
                &entries,
                &mapping,
                options,
                progress,
                Utc::now(),
            )
            .await?,
        )
    }
    .await;
    if !dry_run {
        let outcome = match &result {
            Ok(_) => directory_sync::OK,
            Err(RunError::Sync(SyncError::Refused { .. })) => directory_sync::REFUSED,
            Err(_) => directory_sync::FAILED,
        };
        if let Err(err) = run_finished(db, organisation, outcome, Utc::now()).await {
            tracing::warn!(error = %err, "cannot record the end of a directory sync");
        }
    }
    result
}
