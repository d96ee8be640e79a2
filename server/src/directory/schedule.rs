//! The scheduled directory syncs of `platzwahl serve`: every minute, one instance at a time
//! ([`Lock::Directory`]) looks for organisations whose `interval_min` has passed since their
//! last run started (`directory_sync`, shared by every instance) and runs them, never with
//! `--force`. What a run did is logged as counts, never who.

use std::time::Duration;

use chrono::Utc;
use domain::organisation_file::Quiet;
use domain::topology::TopologyCache;
use sea_orm::DatabaseConnection;
use tokio::sync::watch;

use crate::cluster::{Cluster, Lock};
use crate::settings::DirectorySettings;

/// How often due syncs are looked for.
pub const EVERY: Duration = Duration::from_secs(60);

/// Runs until `stopping` turns `true`.
pub async fn run(
    db: DatabaseConnection,
    cluster: Cluster,
    topology: TopologyCache,
    directories: Vec<DirectorySettings>,
    mut stopping: watch::Receiver<bool>,
) {
    let mut tick = tokio::time::interval(EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stopping.wait_for(|stop| *stop) => break,
        }
        cluster
            .once(Lock::Directory, sweep(&db, &topology, &directories))
            .await;
    }
}

/// Runs every sync that is due; whether all of them succeeded.
async fn sweep(
    db: &DatabaseConnection,
    topology: &TopologyCache,
    directories: &[DirectorySettings],
) -> bool {
    let mut ok = true;
    for directory in directories {
        let Some(minutes) = directory.interval_min else {
            continue;
        };
        let slug = directory.organisation.as_str();
        let due = match domain::directory::apply::organisation_id(db, slug).await {
            Ok(Some(id)) => match domain::directory::apply::last_started(db, id).await {
                Ok(last) => last.is_none_or(|at| {
                    Utc::now() - at >= chrono::Duration::minutes(i64::from(minutes))
                }),
                Err(err) => {
                    tracing::error!(organisation = slug, error = %err, "cannot read when the directory was last synchronised");
                    false
                }
            },
            Ok(None) => {
                tracing::error!(
                    organisation = slug,
                    "directory sync: there is no such organisation"
                );
                false
            }
            Err(err) => {
                tracing::error!(organisation = slug, error = %err, "cannot look up the organisation of a directory");
                false
            }
        };
        if !due {
            continue;
        }
        let topology = match topology.get(db).await {
            Ok(topology) => topology,
            Err(err) => {
                tracing::error!(error = %err, "cannot read the topology for the directory sync");
                ok = false;
                continue;
            }
        };
        match super::run(db, &topology, directory, false, false, &Quiet).await {
            Ok(report) => tracing::info!(
                organisation = slug,
                entries = report.entries,
                created = report.created,
                updated = report.updated,
                moved = report.moved,
                roles_changed = report.roles_changed,
                reactivated = report.reactivated,
                deactivated = report.deactivated,
                problems = report.problems.len(),
                "scheduled directory sync done"
            ),
            Err(err) => {
                tracing::error!(organisation = slug, error = %err, "scheduled directory sync failed; nothing was changed");
                ok = false;
            }
        }
    }
    ok
}
