//! The task that releases bookings nobody checked in to (see
//! [`app::services::release`]): every `every`, and at once when a desk's sensor turns empty.

use std::sync::Arc;
use std::time::Duration;

use app::services::booking::FactsCache;
use chrono::{NaiveTime, Utc};
use sea_orm::DatabaseConnection;
use tokio::sync::{Notify, watch};

/// Runs until `stopping` turns `true`.
pub async fn run(
    db: DatabaseConnection,
    facts: FactsCache,
    workday_starts: NaiveTime,
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
        if let Err(err) =
            app::services::release::release_no_shows(&db, &facts, workday_starts, Utc::now()).await
        {
            tracing::error!(error = %err, "cannot release no-shows");
        }
    }
}
