//! `platzwahl directory sync ORG [--dry-run] [--force]`: one run by hand, with a progress bar
//! and the report of what changed (people by name: this is the administrator's terminal, not a
//! log).

use std::process::ExitCode;

use domain::directory::SyncError;
use domain::organisation_file::Progress;

use super::RunError;
use crate::database;
use crate::settings::Settings;

/// Runs the sync of organisation `organisation` (slug) as configured, showing `progress`;
/// `finish` clears it before the report is printed. Exit code 0 when it ran (or, with
/// `dry_run`, would run), 1 when it failed or was refused (then nothing changed), 2 when no
/// directory is configured for the organisation.
pub async fn sync(
    settings: &Settings,
    organisation: &str,
    dry_run: bool,
    force: bool,
    progress: &dyn Progress,
    finish: impl FnOnce(),
) -> anyhow::Result<ExitCode> {
    let Some(directory) = settings
        .directories
        .iter()
        .find(|d| d.organisation == organisation)
    else {
        finish();
        eprintln!(
            "platzwahl: no directory is configured for the organisation {organisation:?}: add \
             a [[directories]] table with organisation = {organisation:?} to the settings"
        );
        return Ok(ExitCode::from(2));
    };
    let db = database::connect(settings).await?;
    database::migrate_up(&db).await?;
    let topology = domain::topology::TopologyCache::default().get(&db).await?;
    let result = super::run(&db, &topology, directory, dry_run, force, progress).await;
    finish();
    match result {
        Ok(report) => {
            print!("{report}");
            if report.applied {
                println!("synchronised in one transaction");
            } else if dry_run {
                println!("dry run: nothing was changed");
            } else {
                println!("nothing to change");
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(RunError::Sync(SyncError::Refused { refusal, report })) => {
            print!("{report}");
            eprintln!("platzwahl: nothing was changed: {refusal}");
            Ok(ExitCode::from(1))
        }
        Err(err) => {
            eprintln!("platzwahl: directory sync of {organisation} failed: {err}");
            Ok(ExitCode::from(1))
        }
    }
}
