//! The task behind the reports and the retention of personal data, every `every`:
//!
//! - records each complete hour of occupancy per zone not recorded yet
//!   ([`domain::occupancy_hours`]), and each finished day of units and rooms
//!   ([`domain::reports::record_days`]), before the bookings behind them are anonymised;
//! - anonymises past bookings older than their retention ([`domain::retention`]);
//! - deletes audit entries older than theirs.
//!
//! What it does is logged as counts, never who. One instance at a time runs it
//! ([`crate::cluster::Lock::Reporting`]); each step does only what is not done yet.

use std::time::Duration;

use chrono::Utc;
use sea_orm::DatabaseConnection;
use tokio::sync::watch;

use crate::cluster::{Cluster, Lock};

/// How long personal data is kept (`[privacy]`).
#[derive(Debug, Clone, Copy)]
pub struct Retention {
    /// Days until past bookings are anonymised.
    pub anonymise_after_days: u32,
    /// Days the audit log keeps an entry.
    pub audit_keep_days: u32,
    /// Days a sent or given-up e-mail or push message is kept
    /// (`[privacy] notification_keep_days`).
    pub notification_keep_days: u32,
}

/// Runs until `stopping` turns `true`.
pub async fn run(
    db: DatabaseConnection,
    cluster: Cluster,
    every: Duration,
    retention: Retention,
    mut stopping: watch::Receiver<bool>,
) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stopping.wait_for(|stop| *stop) => break,
        }
        cluster
            .once(Lock::Reporting, run_once(&db, retention))
            .await;
    }
}

/// One round of every job; whether each step succeeded.
pub async fn run_once(db: &DatabaseConnection, retention: Retention) -> bool {
    use domain::{occupancy_hours, reports, retention as anonymise};
    let now = Utc::now();
    let mut ok = true;
    match occupancy_hours::record_hours(db, now).await {
        Ok(0) => {}
        Ok(hours) => tracing::info!(hours, "hourly occupancy recorded"),
        Err(err) => {
            tracing::error!(error = %err, "cannot record the hourly occupancy");
            ok = false;
        }
    }
    let back_days = reports::LOOK_BACK_DAYS.min(retention.anonymise_after_days);
    match reports::record_days(db, now, back_days).await {
        Ok(0) => {}
        Ok(days) => tracing::info!(days, "daily use of units and rooms recorded"),
        Err(err) => {
            tracing::error!(error = %err, "cannot record the daily use");
            ok = false;
        }
    }
    // Logs what it did itself.
    if let Err(err) = anonymise::anonymise_past(db, retention.anonymise_after_days, now).await {
        tracing::error!(error = %err, "cannot anonymise past bookings");
        ok = false;
    }
    match reports::delete_old_audit(db, retention.audit_keep_days, now).await {
        Ok(0) => {}
        Ok(entries) => tracing::info!(entries, "old audit entries deleted"),
        Err(err) => {
            tracing::error!(error = %err, "cannot delete old audit entries");
            ok = false;
        }
    }
    // Logs what it did itself.
    if let Err(err) =
        anonymise::delete_finished_notifications(db, retention.notification_keep_days, now).await
    {
        tracing::error!(error = %err, "cannot delete finished notifications");
        ok = false;
    }
    ok
}
