//! The versioned JSON API under `/api/v1/`, described by an OpenAPI 3.1 document generated from
//! the handlers and types ([`openapi`], served at `/api/v1/openapi.json`).
//!
//! # Layout
//! - [`bookings`]: desk availability, booking, cancelling, one's own bookings.
//!
//! Errors are RFC 9457 problem documents ([`crate::problem::Problem`]) with a stable `type`
//! per kind; their `detail` is in the language of the request ([`RequestLang`]).

pub mod bookings;

use std::convert::Infallible;

use app::i18n::Lang;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use axum::routing::get;
use utoipa::OpenApi;

use crate::web::WebState;

/// The API's routes, the OpenAPI document included.
pub fn routes() -> axum::Router<WebState> {
    axum::Router::new()
        .route("/api/v1/openapi.json", get(openapi_json))
        .merge(bookings::routes())
}

/// The OpenAPI 3.1 document of the whole API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    bookings::BookingsApi::openapi()
}

/// `GET /api/v1/openapi.json`.
async fn openapi_json() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(openapi())
}

/// The language of a request: its `pw_lang` cookie, then `Accept-Language`, then German.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for RequestLang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let header_text = |name| {
            parts
                .headers
                .get(name)
                .and_then(|value: &axum::http::HeaderValue| value.to_str().ok())
        };
        Ok(RequestLang(Lang::negotiate(
            header_text(header::COOKIE),
            header_text(header::ACCEPT_LANGUAGE),
        )))
    }
}
