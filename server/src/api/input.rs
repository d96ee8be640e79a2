//! The REST API's input extractors: JSON bodies, path segments and query strings that do not
//! parse are answered with a 400 problem document whose detail is in the language of the
//! request, never with axum's plain-text rejection. Every handler of the API takes its input
//! through these.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::{RequestLang, invalid};
use crate::problem::Problem;

/// A JSON body of `T` (`Content-Type: application/json`).
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

/// Path parameters of `T`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiPath<T>(pub T);

/// A query string of `T`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Problem;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = request.into_parts();
        let lang = RequestLang::of(&parts).0;
        let request = Request::from_parts(parts, body);
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(invalid(lang, rejection.body_text())),
        }
    }
}

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let lang = RequestLang::of(parts).0;
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(ApiPath(value)),
            Err(rejection) => Err(invalid(lang, rejection.body_text())),
        }
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let lang = RequestLang::of(parts).0;
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => Err(invalid(lang, rejection.body_text())),
        }
    }
}

/// The calendar feed's inputs (its query string and the request's language) under arbitrary
/// text: never a panic; what does not parse is a 400 problem.
#[cfg(test)]
mod fuzz {
    use axum::http::{HeaderValue, header};
    use proptest::prelude::*;

    use super::*;
    use crate::api::bookings::FeedQuery;

    /// `PROPTEST_CASES`, else `default`.
    fn config(default: u32) -> ProptestConfig {
        ProptestConfig {
            cases: std::env::var("PROPTEST_CASES")
                .ok()
                .and_then(|cases| cases.parse().ok())
                .unwrap_or(default),
            ..ProptestConfig::default()
        }
    }

    /// A query string as a client, or an attacker, might send it.
    fn query() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                Just("token=".to_owned()),
                Just("&".to_owned()),
                Just("=".to_owned()),
                Just("token=pwc_abc".to_owned()),
                Just("token[]=x".to_owned()),
                "%[0-9A-Fa-f]{2}",
                "%[g-z]?",
                "[A-Za-z0-9._~+;,-]{0,12}",
            ],
            0..8,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(config(256))]

        #[test]
        fn the_calendar_feeds_query_and_language_never_panic(
            query in query(),
            accept in "[ -~]{0,40}",
            cookie in "[ -~]{0,40}",
        ) {
            let Ok(request) = axum::http::Request::builder()
                .uri(format!("/api/v1/calendar.ics?{query}"))
                .body(axum::body::Body::empty())
            else {
                // Not a URI at all: the HTTP layer refuses it before any handler.
                return Ok(());
            };
            let (mut parts, _) = request.into_parts();
            let headers = [(header::ACCEPT_LANGUAGE, &accept), (header::COOKIE, &cookie)];
            for (name, value) in headers {
                if let Ok(value) = HeaderValue::from_str(value) {
                    parts.headers.insert(name, value);
                }
            }
            let _ = RequestLang::of(&parts);
            let runtime = tokio::runtime::Builder::new_current_thread()
                .build()
                .map_err(|error| TestCaseError::fail(error.to_string()))?;
            let parsed =
                runtime.block_on(ApiQuery::<FeedQuery>::from_request_parts(&mut parts, &()));
            match parsed {
                Ok(ApiQuery(FeedQuery { token })) => prop_assert!(token.len() <= query.len()),
                Err(problem) => {
                    prop_assert_eq!(problem.status, 400);
                    prop_assert!(problem.detail.is_some_and(|detail| !detail.is_empty()));
                }
            }
        }
    }
}
