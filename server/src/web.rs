//! The axum router: Leptos pages and server functions, health checks, the language switch,
//! the occupancy API and live stream, static files, compression, security headers and request
//! tracing.

use std::convert::Infallible;

use app::{App, shell};
use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use domain::AppContext;
use domain::auth::Permission;
use futures_util::Stream;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use tokio::sync::{broadcast, watch};
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;
use wire::i18n::{LANG_COOKIE, Lang};
use wire::model::LiveUpdate;

use crate::api::input::{ApiPath, ApiQuery};
use crate::auth::{self, AuthState, Authenticated};
use crate::broker;
use crate::problem::Problem;
use crate::settings::Broker;

/// What every handler may use.
#[derive(Clone, Debug)]
pub struct WebState {
    /// Leptos' options (site root, output name).
    pub leptos: LeptosOptions,
    /// The database.
    pub db: DatabaseConnection,
    /// Whether demo mode is on.
    pub demo: bool,
    /// Where the MQTT broker is, for the readiness check.
    pub broker: Broker,
    /// Live changes of desk and room states, from the sensor pipeline.
    pub live: broadcast::Sender<LiveUpdate>,
    /// Becomes `true` when the server shuts down (ends the open live streams).
    pub stopping: watch::Receiver<bool>,
    /// Passkeys, sessions, sign-in limits.
    pub auth: AuthState,
    /// What bookings are checked against, kept for a moment.
    pub facts: domain::booking::FactsCache,
    /// When requests for a day's allocation close, on the evening before.
    pub requests_close: chrono::NaiveTime,
    /// Tells the sensor pipeline that the registry changed.
    pub registry_changed: std::sync::Arc<tokio::sync::Notify>,
    /// The minimum group size of reports, and when sensors need looking after.
    pub reports: domain::reports::ReportSettings,
    /// What is stored and for how long.
    pub processing: wire::model::reports::ProcessingRecord,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: std::sync::Arc<Vec<ipnet::IpNet>>,
    /// The building's networks: a QR or passkey check-in from there counts.
    pub checkin_networks: std::sync::Arc<Vec<ipnet::IpNet>>,
    /// A QR or passkey check-in counts when the place's sensor saw someone this recently.
    pub checkin_sensor_window: chrono::Duration,
}

impl FromRef<WebState> for LeptosOptions {
    fn from_ref(state: &WebState) -> Self {
        state.leptos.clone()
    }
}

/// Builds the whole router.
pub fn router(state: WebState) -> Router {
    let routes = generate_route_list(App);
    let context = AppContext {
        db: state.db.clone(),
        demo: state.demo,
        public_url: state
            .auth
            .public_url()
            .as_str()
            .trim_end_matches('/')
            .to_owned(),
        facts: state.facts.clone(),
        requests_close: state.requests_close,
        reports: state.reports,
        processing: state.processing.clone(),
    };
    let leptos = state.leptos.clone();
    let https = crate::headers::Https(state.auth.secure_cookies());
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/lang/{code}", get(switch_language))
        .route("/api/v1/occupancy", get(occupancy))
        .route("/api/v1/live", get(live_stream))
        .merge(auth::routes::routes())
        .merge(crate::api::routes())
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context.clone()),
            move || shell(leptos.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<WebState, _>(shell))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::layer::authenticate,
        ))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            https,
            crate::headers::security_headers,
        ))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
                // The path only: query strings may carry tokens.
                tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
            }),
        )
        .with_state(state)
}

/// Liveness: the process answers.
async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: the database and the MQTT broker are reachable.
async fn readyz(State(state): State<WebState>) -> Response {
    let database = state.db.ping().await.is_ok();
    let mqtt = match &state.broker {
        Broker::Embedded(addr) => broker::reachable(&addr.ip().to_string(), addr.port()).await,
        Broker::External { host, port, .. } => broker::reachable(host, *port).await,
    };
    let status = if database && mqtt {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = serde_json::json!({
        "database": if database { "ok" } else { "unreachable" },
        "mqtt": if mqtt { "ok" } else { "unreachable" },
    });
    (status, axum::Json(body)).into_response()
}

#[derive(Deserialize)]
struct FloorQuery {
    floor: Option<i32>,
}

/// The current sensor state of every desk and room with a sensor on a floor:
/// `{"floor": 2, "occupancy": [{"desk": "2.14", "floor": 2, "state": "occupied"}, …]}`.
async fn occupancy(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiQuery(query): ApiQuery<FloorQuery>,
) -> Response {
    let viewer = match caller.require(Permission::ViewBuilding) {
        Ok(viewer) => viewer,
        Err(problem) => return problem.into_response(),
    };
    let Some(floor) = query.floor else {
        return Problem::invalid_input("floor: the query parameter floor is required")
            .into_response();
    };
    match domain::occupancy::floor_occupancy(
        &state.db,
        floor,
        Some(viewer.person_id),
        chrono::Utc::now(),
    )
    .await
    {
        Ok(Some(places)) => {
            axum::Json(serde_json::json!({ "floor": floor, "occupancy": places })).into_response()
        }
        Ok(None) => Problem::not_found(format!("floor: there is no floor {floor}")).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "cannot read the occupancy");
            Problem::internal().into_response()
        }
    }
}

/// Server-sent events, one per change of a desk's or room's sensor state
/// (`{"desk": "2.14", "floor": 2, "state": "occupied"}`), optionally of one floor only
/// (`?floor=2`). A desk someone else booked for the current half-day is left out: only its
/// booker hears of it (the bookings are read again at most every [`BOOKED_REFRESH`]).
async fn live_stream(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiQuery(query): ApiQuery<FloorQuery>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, Problem> {
    let viewer = caller.require(Permission::ViewBuilding)?.person_id;
    let updates = state.live.subscribe();
    let floor = query.floor;
    let db = state.db.clone();
    let stream = futures_util::stream::unfold(
        (updates, state.stopping.clone(), None),
        move |(mut updates, mut stopping, mut booked)| {
            let db = db.clone();
            async move {
                loop {
                    let update = tokio::select! {
                        _ = stopping.wait_for(|stop| *stop) => return None,
                        update = updates.recv() => update,
                    };
                    match update {
                        Ok(update) => {
                            if floor.is_some_and(|floor| floor != update.floor) {
                                continue;
                            }
                            if let Some(label) = &update.desk
                                && !may_see_desk(&db, &mut booked, label, viewer).await
                            {
                                continue;
                            }
                            match Event::default().json_data(&update) {
                                Ok(event) => {
                                    return Some((Ok(event), (updates, stopping, booked)));
                                }
                                Err(err) => {
                                    tracing::error!(error = %err, "cannot encode a live update")
                                }
                            }
                        }
                        Err(broadcast::error::RecvError::Lagged(skipped)) => {
                            tracing::warn!(skipped, "a live stream fell behind");
                        }
                        Err(broadcast::error::RecvError::Closed) => return None,
                    }
                }
            }
        },
    );
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

/// How long a live stream trusts the bookings it read.
const BOOKED_REFRESH: std::time::Duration = std::time::Duration::from_secs(10);

/// Whether `viewer` may hear of the desk `label` now; the bookings are cached in `booked` for
/// [`BOOKED_REFRESH`]. When they cannot be read, nothing is shown.
async fn may_see_desk(
    db: &DatabaseConnection,
    booked: &mut Option<(std::time::Instant, domain::occupancy::BookedNow)>,
    label: &str,
    viewer: i32,
) -> bool {
    let fresh = booked
        .as_ref()
        .is_some_and(|(read, _)| read.elapsed() < BOOKED_REFRESH);
    if !fresh {
        match domain::occupancy::BookedNow::read(db, chrono::Utc::now()).await {
            Ok(now) => *booked = Some((std::time::Instant::now(), now)),
            Err(err) => {
                tracing::error!(error = %err, "cannot read today's bookings for a live stream");
                return false;
            }
        }
    }
    booked
        .as_ref()
        .is_some_and(|(_, now)| !now.hides_label(label, Some(viewer)))
}

#[derive(Deserialize)]
struct Back {
    back: Option<String>,
}

/// Stores the language choice in a cookie and goes back to the page the person was on.
async fn switch_language(
    ApiPath(code): ApiPath<String>,
    ApiQuery(query): ApiQuery<Back>,
) -> Response {
    let Some(lang) = Lang::from_code(&code) else {
        return (StatusCode::NOT_FOUND, "unknown language").into_response();
    };
    // Only local paths: never redirect to another site.
    let back = query
        .back
        .filter(|b| wire::identity::is_local_path(b))
        .unwrap_or_else(|| "/".to_string());
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    );
    let mut response = Redirect::to(&back).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}
