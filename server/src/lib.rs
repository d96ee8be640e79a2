//! The `platzwahl` server: configuration, start-up, the web router, the embedded MQTT broker
//! and the demo building.
//!
//! # Layout
//! - [`settings`]: the one typed settings struct (file + `PLATZWAHL_` environment).
//! - [`database`]: connecting and migrating.
//! - [`broker`]: the embedded MQTT broker.
//! - [`web`]: the axum router (Leptos pages, server functions, health checks).
//! - [`api`]: the versioned JSON API and its OpenAPI document; [`api::input`] holds the
//!   extractors that answer bad JSON, path and query input with a problem document.
//! - [`demo`]: the demo building, seeded idempotently.
//! - [`live`]: the sensor pipeline (registry, presence, `sensor_state`, live changes).
//! - [`simulate`]: Zigbee2MQTT traffic for the demo building's sensors.
//! - [`auth`]: passkeys, sessions, tokens and the layer that resolves every request's caller.
//! - [`checkin`]: badge readers over MQTT.
//! - [`people`]: the command line's people and invitation links (over [`domain::people`]).
//! - [`headers`]: the security headers of every response.
//! - [`problem`]: RFC 9457 problem documents of the API.
//! - [`release`]: releasing bookings nobody checked in to.
//! - [`run`]: starts everything, owns the background tasks and serves until shutdown.

pub mod api;
pub mod auth;
pub mod broker;
pub mod checkin;
pub mod database;
pub mod day_allocation;
pub mod demo;
pub mod headers;
pub mod live;
pub mod people;
pub mod problem;
pub mod release;
pub mod reporting;
pub mod settings;
pub mod simulate;
pub mod web;

use std::future::Future;
use std::time::Duration;

use leptos::config::LeptosOptions;
use tokio::net::TcpListener;
use tokio::sync::{broadcast, mpsc, watch};

use crate::settings::{Broker, Settings};

/// Starts Platzwahl: migrates the database, seeds the demo building in demo mode, starts the
/// embedded broker if no external one is set, and serves on `listener` until `shutdown`; then
/// waits for its background tasks (sensor ingestion, badge check-ins, no-show release, day
/// allocation, reports and retention) to end. A background task that ends on its own while
/// serving stops the server.
pub async fn run(
    settings: Settings,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let db = database::connect(&settings).await?;
    database::migrate_up(&db).await?;
    if settings.demo {
        let report = demo::seed(&db, settings.sensors.demo_zigbee2mqtt_base()).await?;
        tracing::info!(
            created = report.created,
            desks = report.desks,
            rooms = report.rooms,
            "demo building ready"
        );
    }
    let broker = settings.broker()?;
    if let Broker::Embedded(listen) = broker {
        broker::start(listen)?;
    }

    // Shutdown reaches the web server, the open live streams, the jobs and the sensor
    // ingestion. Every background task is in `tasks`: start-up owns them, and `run` returns
    // only when they have ended.
    let (stopping_tx, stopping) = watch::channel(false);
    let mut tasks = tokio::task::JoinSet::new();
    let (live, _) = broadcast::channel(live::LIVE_BUFFER);
    let registry = live::Registry::load(&db).await?;
    tracing::info!(sensors = registry.len(), "sensor registry loaded");
    let ingestor = sensors::Ingestor::new(&settings.mqtt(), settings.sensors.decoder.clone())?
        .pass_through(vec![settings.sensors.badge_pattern()?]);
    let (badges_tx, badges_rx) = mpsc::channel(checkin::BADGE_BUFFER);
    tasks.spawn(checkin::run(db.clone(), badges_rx));
    let (ingested_tx, ingested_rx) = mpsc::channel(4096);
    let mut ingest_stop = stopping.clone();
    tasks.spawn(ingestor.run(ingested_tx, async move {
        let _stopped = ingest_stop.wait_for(|stop| *stop).await;
    }));
    // What bookings are checked against: read once now, then kept for a moment at a time;
    // shared by the API, the pages and the release of no-shows.
    let facts = domain::booking::FactsCache::default();
    facts.get(&db).await?;
    // No-shows: looked for periodically, and at once when a desk's sensor turns empty.
    let vacated = std::sync::Arc::new(tokio::sync::Notify::new());
    tasks.spawn(release::run(
        db.clone(),
        facts.clone(),
        settings.booking.workday_start()?,
        i64::from(settings.booking.room_checkin_grace_min),
        Duration::from_secs(settings.booking.release_sweep_secs.max(1)),
        std::sync::Arc::clone(&vacated),
        stopping.clone(),
    ));
    // The day allocation: every day whose requests have closed is allocated.
    let requests_close = settings.booking.requests_close()?;
    tasks.spawn(day_allocation::run(
        db.clone(),
        facts.clone(),
        requests_close,
        settings.booking.allocation_policy(),
        Duration::from_secs(settings.booking.allocation_sweep_secs.max(1)),
        stopping.clone(),
    ));
    // Hourly occupancy per zone for the reports, from the raw events before they expire; and
    // past bookings anonymised after their retention.
    tasks.spawn(reporting::run(
        db.clone(),
        Duration::from_secs(300),
        reporting::Retention {
            anonymise_after_days: settings.privacy.anonymise_after_days,
            audit_keep_days: settings.privacy.audit_keep_days,
        },
        stopping.clone(),
    ));
    let registry_changed = std::sync::Arc::new(tokio::sync::Notify::new());
    let pipeline = live::Pipeline {
        db: db.clone(),
        registry,
        policy: settings.sensors.presence,
        retention: Duration::from_secs(u64::from(settings.sensors.retention_hours) * 3600),
        live: live.clone(),
        badges: badges_tx,
        vacated,
        registry_changed: std::sync::Arc::clone(&registry_changed),
    };
    tasks.spawn(pipeline.run(ingested_rx));

    let addr = listener.local_addr()?;
    let auth = auth::AuthState::new(&settings.auth, settings.public_url(addr)?, addr.port())?;
    tracing::info!(public_url = %auth.public_url(), "passkeys are bound to the public URL");
    let leptos = LeptosOptions::builder()
        .output_name("platzwahl")
        .site_root(settings.site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build();
    let router = web::router(web::WebState {
        leptos,
        db,
        demo: settings.demo,
        broker,
        live,
        stopping: stopping.clone(),
        auth,
        facts,
        requests_close,
        allocation_policy: settings.booking.allocation_policy(),
        registry_changed,
        reports: settings.reports.to_service(),
        processing: settings.processing_record(),
        trusted_proxies: std::sync::Arc::new(settings.web.proxies()?),
        checkin_networks: std::sync::Arc::new(settings.checkin_networks()?),
        checkin_sensor_window: chrono::Duration::minutes(i64::from(
            settings.checkin.sensor_window_min,
        )),
    });
    tracing::info!("Platzwahl is listening on http://{addr}/");
    let serve = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        let mut stopping = stopping;
        let _stopped = stopping.wait_for(|stop| *stop).await;
    })
    .into_future();
    tokio::pin!(serve);
    tokio::pin!(shutdown);
    let mut stopped = false;
    let served = loop {
        tokio::select! {
            served = &mut serve => break served,
            () = &mut shutdown, if !stopped => {
                stopped = true;
                let _closed = stopping_tx.send(true);
            }
            // A background task that ends while serving leaves the instance half-working:
            // stop it, so that its supervisor (systemd, the orchestrator) starts it afresh.
            Some(ended) = tasks.join_next(), if !stopped => {
                match ended {
                    Ok(()) => tracing::error!("a background task ended while serving; stopping"),
                    Err(err) => tracing::error!(error = %err, "a background task failed; stopping"),
                }
                stopped = true;
                let _closed = stopping_tx.send(true);
            }
        }
    };
    let _closed = stopping_tx.send(true);
    await_tasks(tasks).await;
    served?;
    tracing::info!("Platzwahl stopped");
    Ok(())
}

/// How long shutdown waits for the background tasks to finish their current step.
const TASKS_GRACE: Duration = Duration::from_secs(15);

/// Waits for every background task to end (they all follow the stop signal), at most
/// [`TASKS_GRACE`]; then aborts the rest.
async fn await_tasks(mut tasks: tokio::task::JoinSet<()>) {
    let all_ended = tokio::time::timeout(TASKS_GRACE, async {
        while let Some(ended) = tasks.join_next().await {
            if let Err(err) = ended {
                tracing::error!(error = %err, "a background task failed");
            }
        }
    })
    .await;
    if all_ended.is_err() {
        tracing::warn!(
            left = tasks.len(),
            "background tasks still running after the grace period; aborting them"
        );
        tasks.abort_all();
    }
}
