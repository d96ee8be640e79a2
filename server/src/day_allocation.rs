//! The task that runs the day allocation (see [`domain::day_allocation`]): every
//! `every`, each day whose requests have closed is allocated.

use std::time::Duration;

use chrono::{NaiveTime, Utc};
use domain::booking::FactsCache;
use sea_orm::DatabaseConnection;
use tokio::sync::watch;

/// Runs until `stopping` turns `true`.
pub async fn run(
    db: DatabaseConnection,
    facts: FactsCache,
    requests_close: NaiveTime,
    policy: allocator::Policy,
    every: Duration,
    mut stopping: watch::Receiver<bool>,
) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stopping.wait_for(|stop| *stop) => break,
        }
        let facts = match facts.get(&db).await {
            Ok(facts) => facts,
            Err(err) => {
                tracing::error!(error = %err, "cannot read the booking facts for the day allocation");
                crate::cluster::count_job("day_allocation", "failed");
                continue;
            }
        };
        let outcome =
            match domain::day_allocation::run_due(&db, &facts, requests_close, Utc::now(), policy)
                .await
            {
                Ok(_) => "ok",
                Err(err) => {
                    tracing::error!(error = %err, "cannot run the day allocation");
                    "failed"
                }
            };
        crate::cluster::count_job("day_allocation", outcome);
    }
}
