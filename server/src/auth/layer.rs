//! The middleware every request passes before its handler.
//!
//! 1. **Cross-site requests.** A state-changing request (anything but `GET`, `HEAD`, `OPTIONS`)
//!    with an `Origin` header from another site is refused. One that carries the session cookie
//!    must prove it comes from this site: by its `Origin`, or else by `Sec-Fetch-Site:
//!    same-origin`; with neither it is refused. `Origin: null` (what browsers send with form
//!    posts under `Referrer-Policy: no-referrer`) counts only with `Sec-Fetch-Site:
//!    same-origin`. Bearer-token requests carry no ambient
//!    credentials and need no such proof. Server functions are `POST`s, so they are covered.
//! 2. **Who is calling.** `Authorization: Bearer …` (personal or device token) or the session
//!    cookie becomes a [`Caller`] in the request's extensions, where handlers and server
//!    functions find it.
//! 0. **Who is asking from where.** The client's address ([`super::extract::ClientIp`]) is the
//!    peer's, or behind a trusted reverse proxy (`[web] trusted_proxies`) the one its
//!    `X-Forwarded-For` names; the sign-in rate limits count per client address.
//! 3. **Pages need a sign-in.** A page request without a valid session is redirected to
//!    `/sign-in?next=…`; the sign-in, invitation and check-in pages, static files, health checks
//!    and the API (which answers 401 itself) are open.

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use domain::auth::Caller;

use super::{session, token};
use crate::problem::Problem;
use crate::web::WebState;

/// Paths anyone may open without signing in (prefixes).
const OPEN_PREFIXES: &[&str] = &[
    "/sign-in",
    "/auth/oidc/",
    "/invite/",
    "/check-in/",
    // Door and floor displays sign in with a device token, and refuse anybody else themselves.
    "/displays/",
    "/privacy",
    // Open data for the public (what facility management publishes; aggregates only).
    "/open-data",
    "/pkg/",
    "/api/",
    "/lang/",
    "/healthz",
    "/readyz",
    "/favicon",
    "/passkey.js",
    "/robots.txt",
];

/// Resolves the caller, refuses cross-site requests and sends anonymous page requests to the
/// sign-in page.
pub async fn authenticate(
    State(state): State<WebState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    mut request: Request,
    next: Next,
) -> Response {
    let client = super::extract::client_address(
        peer.ip(),
        request
            .headers()
            .get("x-forwarded-for")
            .and_then(|value| value.to_str().ok()),
        &state.trusted_proxies,
    );
    request
        .extensions_mut()
        .insert(super::extract::ClientIp(client));
    let headers = request.headers();
    let session_token = headers
        .get(header::COOKIE)
        .and_then(|value| value.to_str().ok())
        .and_then(|cookies| session::token_from_cookies(cookies, state.auth.session_cookie()))
        .map(str::to_string);
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(token::bearer)
        .map(str::to_string);

    if let Err(problem) = check_same_site(
        &state,
        request.method(),
        headers,
        session_token.is_some() && bearer.is_none(),
    ) {
        return problem.into_response();
    }

    let caller = match (&bearer, &session_token) {
        (Some(bearer), _) => match token::resolve(&state.app.db, bearer).await {
            Ok(Some(caller)) => Some(caller),
            Ok(None) => {
                return Problem::unauthorized()
                    .with_detail("The access token is unknown or revoked.")
                    .into_response();
            }
            Err(err) => return Problem::from(err).into_response(),
        },
        (None, Some(cookie)) => match session::resolve(&state.app.db, &state.auth, cookie).await {
            Ok(principal) => principal.map(Caller::Person),
            Err(err) => return Problem::from(err).into_response(),
        },
        (None, None) => None,
    };

    let path = request.uri().path();
    if caller.is_none() && is_page_request(request.method(), path) {
        let next_path = request
            .uri()
            .path_and_query()
            .map_or("/", |pq| pq.as_str())
            .to_string();
        let mut response =
            Redirect::to(&format!("/sign-in?next={}", encode(&next_path))).into_response();
        if session_token.is_some() {
            // The cookie is stale: remove it.
            response
                .headers_mut()
                .insert(header::SET_COOKIE, session::clear_cookie(&state.auth));
        }
        return response;
    }
    if let Some(caller) = caller {
        request.extensions_mut().insert(caller);
    }
    next.run(request).await
}

/// Refuses a state-changing request that does not come from this site.
fn check_same_site(
    state: &WebState,
    method: &Method,
    headers: &HeaderMap,
    with_session_cookie: bool,
) -> Result<(), Problem> {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    let refused = || {
        Problem::new(
            StatusCode::FORBIDDEN,
            "cross-site-request",
            "Cross-site request refused",
        )
        .with_detail("This request did not come from a Platzwahl page.")
    };
    let same_origin = || {
        headers
            .get("sec-fetch-site")
            .and_then(|value| value.to_str().ok())
            .is_some_and(|site| site == "same-origin")
    };
    match headers.get(header::ORIGIN).map(|value| value.to_str()) {
        Some(Ok(origin)) if state.auth.is_own_origin(origin) => Ok(()),
        // `Referrer-Policy: no-referrer` makes browsers send `Origin: null` with the pages' own
        // form posts; then the browser's `Sec-Fetch-Site` must say it is this site.
        Some(Ok("null")) if same_origin() => Ok(()),
        Some(_) => Err(refused()),
        None if !with_session_cookie => Ok(()),
        None => {
            if same_origin() {
                Ok(())
            } else {
                Err(refused())
            }
        }
    }
}

/// Whether a request asks for a page (not a file, the API or an open page).
fn is_page_request(method: &Method, path: &str) -> bool {
    *method == Method::GET
        && !OPEN_PREFIXES.iter().any(|open| path.starts_with(open))
        && !path
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('.'))
}

/// Percent-encodes a local path for the `next` parameter.
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'/' | b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_need_a_sign_in_but_files_api_and_open_pages_do_not() {
        assert!(is_page_request(&Method::GET, "/"));
        assert!(is_page_request(&Method::GET, "/floors/2"));
        assert!(is_page_request(&Method::GET, "/account"));
        assert!(!is_page_request(&Method::GET, "/sign-in"));
        assert!(!is_page_request(&Method::GET, "/invite/pwi_x"));
        assert!(!is_page_request(&Method::GET, "/privacy"));
        assert!(!is_page_request(&Method::GET, "/pkg/platzwahl.wasm"));
        assert!(!is_page_request(&Method::GET, "/api/v1/me"));
        assert!(!is_page_request(&Method::GET, "/favicon.svg"));
        assert!(!is_page_request(&Method::POST, "/api/get_building"));
    }

    #[test]
    fn the_next_path_is_encoded_for_the_query() {
        assert_eq!(encode("/floors/2?desk=5"), "/floors/2%3Fdesk%3D5");
    }
}
