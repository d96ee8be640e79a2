//! The task that records hourly occupancy per zone for the reports (see
//! [`app::services::occupancy_hours`]): every `every`, each complete hour not recorded yet.

use std::time::Duration;

use chrono::Utc;
use sea_orm::DatabaseConnection;
use tokio::sync::watch;

/// Runs until `stopping` turns `true`.
pub async fn run(db: DatabaseConnection, every: Duration, mut stopping: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stopping.wait_for(|stop| *stop) => break,
        }
        match app::services::occupancy_hours::record_hours(&db, Utc::now()).await {
            Ok(0) => {}
            Ok(hours) => tracing::info!(hours, "hourly occupancy recorded"),
            Err(err) => tracing::error!(error = %err, "cannot record the hourly occupancy"),
        }
    }
}
