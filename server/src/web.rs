//! The axum router: Leptos pages and server functions, health checks, the language switch,
//! the JSON API (`crate::api`), static files, compression, security headers and request
//! tracing.

use app::{App, shell};
use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use domain::AppContext;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use serde::Deserialize;
use tokio::sync::watch;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};

/// The header naming a request in the logs and its response: a reverse proxy's id is kept,
/// otherwise a new UUID.
const REQUEST_ID: axum::http::HeaderName = axum::http::HeaderName::from_static("x-request-id");
use wire::i18n::{LANG_COOKIE, Lang};

use crate::api::input::{ApiPath, ApiQuery};
use crate::auth::{self, AuthState};
use crate::broker;
use crate::settings::Broker;

/// What every handler may use.
#[derive(Clone, Debug)]
pub struct WebState {
    /// Leptos' options (site root, output name).
    pub leptos: LeptosOptions,
    /// The application context: database, topology, settings the services use; the same one
    /// the pages' server functions get.
    pub app: AppContext,
    /// Where the MQTT broker is, for the readiness check.
    pub broker: Broker,
    /// What the open door and floor displays of this instance show.
    pub displays: crate::displays::Displays,
    /// Live changes of desk and room states, from the sensor pipeline of whichever
    /// instance leads it.
    pub live: crate::fanout::Fanout,
    /// Tells every instance what this one learnt (a changed sensor registry).
    pub bus: crate::cluster::Bus,
    /// Which background tasks run (`/readyz`).
    pub tasks: crate::supervise::Health,
    /// Becomes `true` when the server shuts down (ends the open live streams).
    pub stopping: watch::Receiver<bool>,
    /// Passkeys, sessions, sign-in limits.
    pub auth: AuthState,
    /// Single sign-on: each organisation's OpenID Connect provider.
    pub sso: crate::auth::oidc::Sso,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: std::sync::Arc<Vec<ipnet::IpNet>>,
    /// The building's networks: a QR or passkey check-in from there counts.
    pub checkin_networks: std::sync::Arc<Vec<ipnet::IpNet>>,
    /// A QR or passkey check-in counts when the place's sensor saw someone this recently.
    pub checkin_sensor_window: chrono::Duration,
    /// Web push: the key browsers subscribe with and the allowed push services; `None` when
    /// `[push]` is off.
    pub push: Option<crate::push::Pusher>,
}

impl FromRef<WebState> for LeptosOptions {
    fn from_ref(state: &WebState) -> Self {
        state.leptos.clone()
    }
}

/// Builds the whole router.
pub fn router(state: WebState) -> Router {
    let routes = generate_route_list(App);
    let context = state.app.clone();
    let leptos = state.leptos.clone();
    let https = crate::headers::Https(state.auth.secure_cookies());
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/lang/{code}", get(switch_language))
        .merge(auth::routes::routes())
        .merge(crate::api::routes())
        .merge(crate::displays::routes())
        .merge(crate::pwa::routes(&state.leptos))
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context.clone()),
            move || shell(leptos.clone()),
        )
        .route_layer(axum::middleware::from_fn(crate::metrics::note_route))
        .fallback(leptos_axum::file_and_error_handler::<WebState, _>(shell))
        .layer(axum::middleware::from_fn(crate::problem::server_fn_problems))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::layer::authenticate,
        ))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            https,
            crate::headers::security_headers,
        ))
        .layer(axum::middleware::from_fn(crate::metrics::track))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &axum::http::Request<_>| {
                    // The path only: query strings may carry tokens. The request id is in the
                    // response's `x-request-id` too, so a person's report finds the lines.
                    let id = request
                        .headers()
                        .get(REQUEST_ID)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("");
                    tracing::info_span!("request", id = %id, method = %request.method(), path = %request.uri().path())
                })
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .with_state(state)
}

/// Liveness: the process answers.
async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: the database and the MQTT broker are reachable, and no background task is
/// down (waiting to be started again after a failure).
async fn readyz(State(state): State<WebState>) -> Response {
    let database = state.app.db.ping().await.is_ok();
    let mqtt = match &state.broker {
        Broker::Embedded(addr) => broker::reachable(&addr.ip().to_string(), addr.port()).await,
        Broker::External { host, port, .. } => broker::reachable(host, *port).await,
    };
    let down = state.tasks.down();
    let status = if database && mqtt && down.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = serde_json::json!({
        "database": if database { "ok" } else { "unreachable" },
        "mqtt": if mqtt { "ok" } else { "unreachable" },
        "tasks_down": down,
    });
    (status, axum::Json(body)).into_response()
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
