//! Web push over HTTP: the server's public key, and one's own browsers subscribed to push
//! notifications ([`domain::push`]).
//!
//! | route | who |
//! | --- | --- |
//! | `GET /api/v1/push/key` | anybody (404 while `[push]` is off) |
//! | `POST`/`GET /api/v1/me/push-subscriptions` | signed in with a session |
//! | `DELETE /api/v1/me/push-subscriptions/{id}`, `DELETE /api/v1/me/push-subscriptions?endpoint=…` | signed in with a session |
//!
//! A subscription's body is the browser's `PushSubscription.toJSON()`. Its endpoint must be a
//! push service of `push.endpoint_hosts` over `https://`, its keys a P-256 point and a 16-byte
//! secret; otherwise 422. Lists show the push service's host, never the endpoint or keys.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use domain::auth::Permission;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::input::{ApiJson, ApiPath, ApiQuery};
use crate::auth::extract::Authenticated;
use crate::problem::Problem;
use crate::web::WebState;

/// The OpenAPI description of the web push endpoints.
#[derive(OpenApi)]
#[openapi(
    paths(
        push_key,
        subscribe,
        my_subscriptions,
        unsubscribe,
        unsubscribe_endpoint
    ),
    components(schemas(PushKey, PushSubscriptionJson, PushKeys, Created, SubscriptionView)),
    tags((name = "push", description = "Web push notifications to one's browsers"))
)]
pub struct PushApi;

/// The web push routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/api/v1/push/key", get(push_key))
        .route(
            "/api/v1/me/push-subscriptions",
            get(my_subscriptions)
                .post(subscribe)
                .delete(unsubscribe_endpoint),
        )
        .route("/api/v1/me/push-subscriptions/{id}", delete(unsubscribe))
}

/// The server's VAPID public key.
#[derive(Debug, Serialize, ToSchema)]
struct PushKey {
    /// The `applicationServerKey` to subscribe with: base64url without padding of the
    /// uncompressed 65-byte P-256 point.
    public_key: String,
}

/// A browser's `PushSubscription.toJSON()` (its `expirationTime` is ignored).
#[derive(Debug, Deserialize, ToSchema)]
struct PushSubscriptionJson {
    /// The push service's URL for this browser.
    endpoint: String,
    /// The keys messages are encrypted for.
    keys: PushKeys,
}

/// A subscription's keys.
#[derive(Debug, Deserialize, ToSchema)]
struct PushKeys {
    /// The browser's P-256 public key, base64url.
    p256dh: String,
    /// The browser's 16-byte authentication secret, base64url.
    auth: String,
}

/// A subscription kept.
#[derive(Debug, Serialize, ToSchema)]
struct Created {
    /// `push_subscription.id`.
    id: i64,
}

/// One of one's subscriptions.
#[derive(Debug, Serialize, ToSchema)]
struct SubscriptionView {
    /// `push_subscription.id`.
    id: i64,
    /// The push service's host, such as `fcm.googleapis.com`.
    host: String,
    /// When the browser subscribed (RFC 3339).
    created_at: String,
}

/// The subscription to end, by its endpoint.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct EndpointQuery {
    /// The endpoint of the browser's subscription (URL-encoded).
    endpoint: String,
}

fn push_off() -> Problem {
    Problem::not_found("Push notifications are not switched on for this server.")
}

fn invalid_subscription(detail: &str) -> Problem {
    Problem::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid-subscription",
        "Invalid push subscription",
    )
    .with_detail(detail)
}

/// Base64url with or without padding (browsers send it without).
fn base64url(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD
        .decode(text.trim().trim_end_matches('='))
        .ok()
}

/// The server's VAPID public key, for `pushManager.subscribe({applicationServerKey})`.
#[utoipa::path(
    get,
    path = "/api/v1/push/key",
    tag = "push",
    responses(
        (status = 200, description = "The key", body = PushKey),
        (status = 404, description = "Push is off on this server", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn push_key(State(state): State<WebState>) -> Result<Json<PushKey>, Problem> {
    let pusher = state.push.as_ref().ok_or_else(push_off)?;
    Ok(Json(PushKey {
        public_key: pusher.public_key().to_owned(),
    }))
}

/// Subscribes this browser to one's notifications (200 if it was subscribed already; a
/// browser that was somebody else's becomes one's own). Beyond ten browsers the oldest is
/// dropped.
#[utoipa::path(
    post,
    path = "/api/v1/me/push-subscriptions",
    tag = "push",
    request_body = PushSubscriptionJson,
    responses(
        (status = 201, description = "Subscribed", body = Created),
        (status = 200, description = "Was subscribed already; keys updated", body = Created),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Push is off on this server", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A push service that is not allowed, or keys that are not valid", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn subscribe(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiJson(body): ApiJson<PushSubscriptionJson>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let principal = caller.require(Permission::ManageOwnAccount)?;
    let pusher = state.push.as_ref().ok_or_else(push_off)?;
    let endpoint = pusher
        .settings()
        .check_endpoint(body.endpoint.trim())
        .map_err(|err| invalid_subscription(&err.to_string()))?;
    let point = base64url(&body.keys.p256dh)
        .filter(|bytes| bytes.len() == 65 && bytes.first() == Some(&4))
        .filter(|bytes| p256::PublicKey::from_sec1_bytes(bytes).is_ok())
        .ok_or_else(|| {
            invalid_subscription("keys.p256dh: not an uncompressed P-256 point in base64url")
        })?;
    let secret = base64url(&body.keys.auth)
        .filter(|bytes| bytes.len() == 16)
        .ok_or_else(|| invalid_subscription("keys.auth: not 16 bytes in base64url"))?;
    let (id, created) = domain::push::subscribe(
        &state.app.db,
        principal.person_id,
        domain::push::NewSubscription {
            endpoint: endpoint.to_string(),
            p256dh: URL_SAFE_NO_PAD.encode(point),
            auth: URL_SAFE_NO_PAD.encode(secret),
        },
        chrono::Utc::now(),
    )
    .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(Created { id })))
}

/// One's subscribed browsers, oldest first: the push service's host and since when.
#[utoipa::path(
    get,
    path = "/api/v1/me/push-subscriptions",
    tag = "push",
    responses(
        (status = 200, description = "Oldest first", body = [SubscriptionView]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn my_subscriptions(
    State(state): State<WebState>,
    caller: Authenticated,
) -> Result<Json<Vec<SubscriptionView>>, Problem> {
    let principal = caller.require(Permission::ManageOwnAccount)?;
    Ok(Json(
        domain::push::subscriptions(&state.app.db, principal.person_id)
            .await?
            .into_iter()
            .map(|view| SubscriptionView {
                id: view.id,
                host: view.host,
                created_at: view.created_at.to_rfc3339(),
            })
            .collect(),
    ))
}

/// Ends one of one's subscriptions: that browser gets no more notifications.
#[utoipa::path(
    delete,
    path = "/api/v1/me/push-subscriptions/{id}",
    tag = "push",
    params(("id" = i64, Path, description = "`push_subscription.id`")),
    responses(
        (status = 204, description = "Ended"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such subscription of yours", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn unsubscribe(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, Problem> {
    let principal = caller.require(Permission::ManageOwnAccount)?;
    if domain::push::unsubscribe(&state.app.db, principal.person_id, id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Problem::not_found("No such push subscription of yours."))
    }
}

/// Ends the subscription of this browser, by its endpoint (the page unsubscribing its own
/// device).
#[utoipa::path(
    delete,
    path = "/api/v1/me/push-subscriptions",
    tag = "push",
    params(EndpointQuery),
    responses(
        (status = 204, description = "Ended"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such subscription of yours", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn unsubscribe_endpoint(
    State(state): State<WebState>,
    caller: Authenticated,
    ApiQuery(query): ApiQuery<EndpointQuery>,
) -> Result<StatusCode, Problem> {
    let principal = caller.require(Permission::ManageOwnAccount)?;
    // Stored as the URL parser writes it.
    let endpoint = url::Url::parse(query.endpoint.trim())
        .map(|url| url.to_string())
        .unwrap_or_else(|_| query.endpoint.clone());
    if domain::push::unsubscribe_endpoint(&state.app.db, principal.person_id, &endpoint).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Problem::not_found("No such push subscription of yours."))
    }
}
