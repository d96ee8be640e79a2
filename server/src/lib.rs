//! The `platzwahl` server: configuration, start-up, the web router, the embedded MQTT broker
//! and the demo building.
//!
//! # Layout
//! - [`settings`]: the one typed settings struct (file + `PLATZWAHL_` environment).
//! - [`database`]: connecting and migrating.
//! - [`broker`]: the embedded MQTT broker.
//! - [`web`]: the axum router (Leptos pages, server functions, health checks).
//! - [`demo`]: the demo building, seeded idempotently.
//! - [`run`]: starts everything and serves until shutdown.

pub mod broker;
pub mod database;
pub mod demo;
pub mod settings;
pub mod web;

use std::future::Future;

use leptos::config::LeptosOptions;
use tokio::net::TcpListener;

use crate::settings::{Broker, Settings};

/// Starts Platzwahl: migrates the database, seeds the demo building in demo mode, starts the
/// embedded broker if no external one is set, and serves on `listener` until `shutdown`.
pub async fn run(
    settings: Settings,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let db = database::connect(&settings).await?;
    database::migrate_up(&db).await?;
    if settings.demo {
        let report = demo::seed(&db).await?;
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

    let addr = listener.local_addr()?;
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
    });
    tracing::info!("Platzwahl is listening on http://{addr}/");
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await?;
    tracing::info!("Platzwahl stopped");
    Ok(())
}
