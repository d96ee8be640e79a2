//! The task that records hourly occupancy per zone for the reports (see
//! [`app::services::occupancy_hours`]): every `every`, each complete hour not recorded yet;
//! and anonymises past bookings older than their retention ([`app::services::retention`]).

use std::time::Duration;

use chrono::Utc;
use sea_orm::DatabaseConnection;
use tokio::sync::watch;

/// Runs until `stopping` turns `true`.
pub async fn run(
    db: DatabaseConnection,
    every: Duration,
    anonymise_after_days: u32,
    mut stopping: watch::Receiver<bool>,
) {
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
        if let Err(err) =
            app::services::retention::anonymise_past(&db, anonymise_after_days, Utc::now()).await
        {
            tracing::error!(error = %err, "cannot anonymise past bookings");
        }
    }
}
