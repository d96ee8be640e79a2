//! The versioned JSON API under `/api/v1/`, described by an OpenAPI 3.1 document generated from
//! the handlers and types ([`openapi`], served at `/api/v1/openapi.json`).
//!
//! # Layout
//! - [`bookings`]: desk availability, booking, cancelling, one's own bookings.
//! - [`checkins`]: check-in by badge or by the QR page's passkey, check-out, badge readers
//!   and badges.
//! - [`rooms`]: finding and reserving rooms, series, the timeline, buffers.
//! - [`reports`]: aggregated reports and CSV, the building now, the audit log, the record of
//!   processing.
//! - [`account`]: one's own account, people, devices; passkey ceremonies, signing in and out,
//!   invitations and demo sign-in are in [`crate::auth::routes`], whose description
//!   ([`crate::auth::routes::IdentityApi`]) is part of the document too.
//!
//! Errors are RFC 9457 problem documents ([`crate::problem::Problem`]) with a stable `type`
//! per kind; their `detail` is in the language of the request ([`RequestLang`]).

pub mod account;
pub mod allocation;
pub mod blocks;
pub mod bookings;
pub mod checkins;
pub mod input;
pub mod occupancy;
pub mod reports;
pub mod rooms;
pub mod sensor_registry;

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use axum::routing::get;
use utoipa::OpenApi;
use wire::i18n::Lang;

use crate::web::WebState;

/// The API's routes, the OpenAPI document included.
pub fn routes() -> axum::Router<WebState> {
    axum::Router::new()
        .route("/api/v1/openapi.json", get(openapi_json))
        .merge(account::routes())
        .merge(bookings::routes())
        .merge(checkins::routes())
        .merge(allocation::routes())
        .merge(blocks::routes())
        .merge(sensor_registry::routes())
        .merge(rooms::routes())
        .merge(reports::routes())
        .merge(occupancy::routes())
}

/// The OpenAPI 3.1 document of the whole API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut document = bookings::BookingsApi::openapi();
    document.merge(account::AccountApi::openapi());
    document.merge(checkins::CheckInsApi::openapi());
    document.merge(allocation::AllocationApi::openapi());
    document.merge(blocks::BlocksApi::openapi());
    document.merge(sensor_registry::SensorsApi::openapi());
    document.merge(rooms::RoomsApi::openapi());
    document.merge(reports::ReportsApi::openapi());
    document.merge(occupancy::OccupancyApi::openapi());
    document.merge(crate::auth::routes::IdentityApi::openapi());
    document
}

/// A malformed request body or query, as a problem in the request's language.
pub(crate) fn invalid(lang: Lang, why: String) -> crate::problem::Problem {
    crate::problem::Problem::from_app_error(wire::error::AppError::InvalidInput(why), lang)
}

/// `GET /api/v1/openapi.json`.
async fn openapi_json() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(openapi())
}

/// The language of a request: its `pw_lang` cookie, then `Accept-Language`, then German.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestLang(pub Lang);

impl RequestLang {
    /// The language of the request with these parts.
    pub fn of(parts: &Parts) -> RequestLang {
        let header_text = |name| {
            parts
                .headers
                .get(name)
                .and_then(|value: &axum::http::HeaderValue| value.to_str().ok())
        };
        RequestLang(Lang::negotiate(
            header_text(header::COOKIE),
            header_text(header::ACCEPT_LANGUAGE),
        ))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestLang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(RequestLang::of(parts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_openapi_document_is_3_1_and_describes_every_json_endpoint() {
        let document = serde_json::to_value(openapi()).unwrap_or_default();
        assert_eq!(document["openapi"], "3.1.0");
        for (path, method) in [
            ("/api/v1/availability", "get"),
            ("/api/v1/bookings", "post"),
            ("/api/v1/bookings/{id}", "delete"),
            ("/api/v1/bookings/cancel-range", "post"),
            ("/api/v1/bookings/mine", "get"),
            ("/api/v1/calendar.ics", "get"),
            ("/api/v1/me/calendar", "post"),
            ("/api/v1/me/calendar", "delete"),
            ("/api/v1/me/share-location", "put"),
            ("/api/v1/colleagues/today", "get"),
            ("/api/v1/check-ins/badge", "post"),
            ("/api/v1/check-ins/passkey", "post"),
            ("/api/v1/bookings/{id}/check-out", "post"),
            ("/api/v1/badge-readers", "get"),
            ("/api/v1/badge-readers", "post"),
            ("/api/v1/badge-readers/{id}", "delete"),
            ("/api/v1/people/{id}/badges", "post"),
            ("/api/v1/people/{id}/badges", "delete"),
            ("/api/v1/rooms", "get"),
            ("/api/v1/rooms/timeline", "get"),
            ("/api/v1/rooms/{id}/buffers", "put"),
            ("/api/v1/room-reservations", "post"),
            ("/api/v1/room-reservations/mine", "get"),
            ("/api/v1/room-reservations/{id}", "patch"),
            ("/api/v1/room-reservations/{id}", "delete"),
            ("/api/v1/room-series/{id}", "delete"),
            ("/api/v1/reports", "get"),
            ("/api/v1/reports/{table}", "get"),
            ("/api/v1/building/now", "get"),
            ("/api/v1/planner/proposal", "get"),
            ("/api/v1/planner/affinities", "get"),
            ("/api/v1/planner/affinities", "put"),
            ("/api/v1/audit", "get"),
            ("/api/v1/privacy/record", "get"),
            ("/api/v1/occupancy", "get"),
            ("/api/v1/live", "get"),
            ("/api/v1/me", "get"),
            ("/api/v1/me/passkeys", "get"),
            ("/api/v1/me/passkeys/{id}", "patch"),
            ("/api/v1/me/passkeys/{id}", "delete"),
            ("/api/v1/me/tokens", "get"),
            ("/api/v1/me/tokens", "post"),
            ("/api/v1/me/tokens/{id}", "delete"),
            ("/api/v1/me/sessions", "get"),
            ("/api/v1/me/sessions/{id}", "delete"),
            ("/api/v1/people", "post"),
            ("/api/v1/people/{id}/invitations", "post"),
            ("/api/v1/people/{id}/roles", "put"),
            ("/api/v1/devices", "get"),
            ("/api/v1/devices", "post"),
            ("/api/v1/devices/{id}", "delete"),
            ("/api/v1/auth/passkeys/register/start", "post"),
            ("/api/v1/auth/passkeys/register/finish", "post"),
            ("/api/v1/auth/passkeys/sign-in/start", "post"),
            ("/api/v1/auth/passkeys/sign-in/finish", "post"),
            ("/api/v1/auth/step-up", "post"),
            ("/api/v1/auth/invitations/{token}", "get"),
            ("/api/v1/auth/demo-people", "get"),
            ("/api/v1/auth/demo-sign-in", "post"),
            ("/api/v1/auth/sign-out", "post"),
            ("/api/v1/auth/sign-out-everywhere", "post"),
        ] {
            assert!(
                document["paths"][path][method].is_object(),
                "{method} {path} is missing"
            );
        }
        let schemas = &document["components"]["schemas"];
        for schema in [
            "Problem",
            "BookingRequest",
            "BookingDays",
            "DayOutcome",
            "Refusal",
            "FloorAvailability",
            "MyBookings",
            "RegisterStart",
            "RegisterFinish",
            "PasskeyAnswer",
            "DemoSignIn",
            "SignedIn",
            "Verified",
            "SignedOutEverywhere",
            "InvitationView",
            "DemoPerson",
        ] {
            assert!(schemas[schema].is_object(), "schema {schema} is missing");
        }
        assert!(
            document["paths"]["/sign-out"].is_null()
                && document["paths"]["/sign-in/demo"].is_null(),
            "the pages' forms are no part of the API"
        );
        let credential = &schemas["PasskeyAnswer"]["properties"]["credential"];
        assert_eq!(credential["type"], "object", "{credential}");
        assert!(
            credential["description"]
                .as_str()
                .is_some_and(|text| text.contains("navigator.credentials.get()")),
            "{credential}"
        );
        let refusals = schemas["Refusal"].to_string();
        assert!(refusals.contains("outside-home-zone") && refusals.contains("desk-taken"));
        assert!(
            document["paths"]["/api/v1/bookings"]["post"]["responses"]["409"].is_object(),
            "a lost race is documented as 409"
        );
    }

    #[test]
    fn the_request_language_comes_from_cookie_then_accept_language() {
        let parts = |headers: &[(&str, &str)]| {
            let mut request = axum::http::Request::builder();
            for (name, value) in headers {
                request = request.header(*name, *value);
            }
            request.body(()).map(|r| r.into_parts().0)
        };
        let runtime = tokio::runtime::Builder::new_current_thread().build();
        let (Ok(runtime), Ok(mut english), Ok(mut cookie)) = (
            runtime,
            parts(&[("accept-language", "en-GB,en;q=0.9")]),
            parts(&[("accept-language", "en"), ("cookie", "pw_lang=de")]),
        ) else {
            panic!("cannot build the requests");
        };
        let lang =
            |parts: &mut Parts| runtime.block_on(RequestLang::from_request_parts(parts, &()));
        assert_eq!(lang(&mut english), Ok(RequestLang(Lang::En)));
        assert_eq!(lang(&mut cookie), Ok(RequestLang(Lang::De)));
    }
}
