//! The task that applies home-zone plans on their first day (see
//! [`domain::planner::plans::apply_due`]): every `every`, a waiting plan whose day has come and
//! to which every organisation consented changes the units' home zones, and every instance is
//! told that the topology changed. Every instance may run it; one of them applies a plan.

use std::time::Duration;

use chrono::Utc;
use domain::topology::TopologyCache;
use sea_orm::DatabaseConnection;
use tokio::sync::watch;

use crate::cluster::Bus;

/// Runs until `stopping` turns `true`.
pub async fn run(
    db: DatabaseConnection,
    topology: TopologyCache,
    bus: Bus,
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
        let now = Utc::now();
        let outcome = match topology.tz(&db).await {
            Ok(tz) => {
                let today = domain::booking::rules::today(tz, now);
                match domain::planner::plans::apply_due(&db, today, now).await {
                    Ok(applied) => {
                        if !applied.is_empty() {
                            tracing::info!(plans = ?applied, "home-zone plans applied");
                            topology.invalidate();
                            bus.topology_changed().await;
                        }
                        "ok"
                    }
                    Err(err) => {
                        tracing::error!(error = %err, "cannot apply the home-zone plans");
                        "failed"
                    }
                }
            }
            Err(err) => {
                tracing::error!(error = %err, "cannot read the building's time zone");
                "failed"
            }
        };
        crate::cluster::count_job("zone_plans", outcome);
    }
}
