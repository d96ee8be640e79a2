//! Metrics in the Prometheus text format, served at `/metrics` on a listener of its own
//! (`metrics_listen`; not served unless set), so that the public port never shows them.
//!
//! What is counted (no names, no person or desk ids: counts by kind only):
//!
//! | metric | labels |
//! | --- | --- |
//! | `platzwahl_http_requests_total` | `method`, `route` (the route's pattern), `status` |
//! | `platzwahl_http_request_duration_seconds` (histogram, until the response's head) | `method`, `route` |
//! | `platzwahl_bookings_total` | `outcome` (`booked`, `refused`), `reason` (the refusal's code) |
//! | `platzwahl_sensor_messages_total` | `outcome` (`stored`, `unregistered`, `stale_retained`, `rejected`, `badge`, `ignored`, `dropped`) |
//! | `platzwahl_sensor_queue_depth`, `platzwahl_sensor_journal_backlog` | |
//! | `platzwahl_mqtt_connections_total` | `event` (`connected`, `lost`) |
//! | `platzwahl_live_streams` | |
//! | `platzwahl_job_runs_total` | `job`, `outcome` (`ok`, `failed`, `elsewhere`: another instance ran it) |
//! | `platzwahl_task_restarts_total` | `task` |
//! | `platzwahl_db_pool_connections` | `state` (`in_use`, `idle`) |
//! | `platzwahl_db_pool_max_connections` | |
//!
//! The counters live in the process (one recorder per process, installed on first use); each
//! instance is scraped on its own.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sea_orm::{DatabaseConnection, DbBackend};
use tokio::net::TcpListener;
use tokio::sync::watch;

/// The request latency histogram's buckets, in seconds.
const LATENCY_BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// How often histograms are compacted.
const UPKEEP: Duration = Duration::from_secs(5);

static RECORDER: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// The process's recorder, installed on the first call; `None` if another recorder was
/// installed first (then nothing is counted here).
pub fn recorder() -> Option<PrometheusHandle> {
    RECORDER
        .get_or_init(|| {
            let installed = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full("platzwahl_http_request_duration_seconds".into()),
                    &LATENCY_BUCKETS,
                )
                .and_then(PrometheusBuilder::install_recorder);
            match installed {
                Ok(handle) => Some(handle),
                Err(err) => {
                    tracing::warn!(error = %err, "metrics are not recorded");
                    None
                }
            }
        })
        .clone()
}

/// What the `/metrics` listener reads at each scrape.
#[derive(Clone)]
struct Scrape {
    handle: PrometheusHandle,
    db: DatabaseConnection,
    live: crate::fanout::Fanout,
}

/// Serves `/metrics` on `listener` until `stopping`.
pub async fn serve(
    listener: TcpListener,
    handle: PrometheusHandle,
    db: DatabaseConnection,
    live: crate::fanout::Fanout,
    mut stopping: watch::Receiver<bool>,
) {
    let upkeep = {
        let handle = handle.clone();
        let mut stopping = stopping.clone();
        async move {
            let mut tick = tokio::time::interval(UPKEEP);
            loop {
                tokio::select! {
                    _ = tick.tick() => handle.run_upkeep(),
                    _ = stopping.wait_for(|stop| *stop) => return,
                }
            }
        }
    };
    let router = Router::new()
        .route("/metrics", get(metrics))
        .with_state(Scrape { handle, db, live });
    let serving = axum::serve(listener, router).with_graceful_shutdown(async move {
        let _stopped = stopping.wait_for(|stop| *stop).await;
    });
    let (served, ()) = tokio::join!(serving.into_future(), upkeep);
    if let Err(err) = served {
        tracing::error!(error = %err, "the metrics listener failed");
    }
}

async fn metrics(State(scrape): State<Scrape>) -> Response {
    pool_gauges(&scrape.db);
    ::metrics::gauge!("platzwahl_live_streams").set(scrape.live.streams() as f64);
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        scrape.handle.render(),
    )
        .into_response()
}

fn pool_gauges(db: &DatabaseConnection) {
    let (size, idle, max) = match db.get_database_backend() {
        DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (
                pool.size(),
                pool.num_idle(),
                pool.options().get_max_connections(),
            )
        }
        DbBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (
                pool.size(),
                pool.num_idle(),
                pool.options().get_max_connections(),
            )
        }
        _ => return,
    };
    let idle = u32::try_from(idle).unwrap_or(u32::MAX);
    ::metrics::gauge!("platzwahl_db_pool_connections", "state" => "in_use")
        .set(f64::from(size.saturating_sub(idle)));
    ::metrics::gauge!("platzwahl_db_pool_connections", "state" => "idle").set(f64::from(idle));
    ::metrics::gauge!("platzwahl_db_pool_max_connections").set(f64::from(max));
}

/// The route pattern a request matched, passed from inside the router to [`track`].
#[derive(Clone)]
struct Route(String);

/// Inside the router (a route layer): notes the matched route's pattern on the response.
pub async fn note_route(matched: Option<MatchedPath>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if let Some(matched) = matched {
        response
            .extensions_mut()
            .insert(Route(matched.as_str().to_owned()));
    }
    response
}

/// Around the router: counts each request by method, route pattern and status, and times it
/// until its response's head. Requests no route matched (files, unknown paths) count as
/// `route="other"`.
pub async fn track(request: Request, next: Next) -> Response {
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let route = response
        .extensions()
        .get::<Route>()
        .map_or_else(|| "other".to_owned(), |r| r.0.clone());
    let status = response.status().as_u16().to_string();
    ::metrics::counter!(
        "platzwahl_http_requests_total",
        "method" => method.clone(),
        "route" => route.clone(),
        "status" => status
    )
    .increment(1);
    ::metrics::histogram!(
        "platzwahl_http_request_duration_seconds",
        "method" => method,
        "route" => route
    )
    .record(started.elapsed().as_secs_f64());
    response
}
