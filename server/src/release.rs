//! The task that releases desk bookings and room reservations nobody checked in to (see
//! [`domain::release`], [`domain::rooms::release_no_shows`]): every `every`, and
//! at once when a desk's or room's sensor turns empty (on any instance). One instance at a
//! time releases ([`crate::cluster::Lock::Release`]).

use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveTime, Utc};
use domain::booking::FactsCache;
use sea_orm::DatabaseConnection;
use tokio::sync::{Notify, watch};

use crate::cluster::{Cluster, Lock};

/// Runs until `stopping` turns `true`.
#[allow(clippy::too_many_arguments)]
pub async fn run(
    db: DatabaseConnection,
    cluster: Cluster,
    facts: FactsCache,
    workday_starts: NaiveTime,
    room_grace_min: i64,
    every: Duration,
    vacated: Arc<Notify>,
    mut stopping: watch::Receiver<bool>,
) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            () = vacated.notified() => {}
            _ = stopping.wait_for(|stop| *stop) => break,
        }
        cluster
            .once(Lock::Release, async {
                let mut ok = true;
                if let Err(err) =
                    domain::release::release_no_shows(&db, &facts, workday_starts, Utc::now()).await
                {
                    tracing::error!(error = %err, "cannot release no-shows");
                    ok = false;
                }
                if let Err(err) =
                    domain::rooms::release_no_shows(&db, room_grace_min, Utc::now()).await
                {
                    tracing::error!(error = %err, "cannot release room no-shows");
                    ok = false;
                }
                ok
            })
            .await;
    }
}
