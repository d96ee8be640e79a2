//! Security headers on every response.
//!
//! Pages carry their own `Content-Security-Policy` with the nonce of their inline scripts (set
//! by the shell, see `app::shell::page_policy`); every other response (JSON, files, problems)
//! gets a policy that allows nothing. Every response forbids framing, MIME sniffing and
//! referrers, turns off browser features Platzwahl never uses, and over https tells browsers
//! to come back only over https (HSTS).

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The policy of everything that is not a page: nothing may load, nothing may frame it.
const NOTHING: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// Browser features no page of Platzwahl uses (passkeys need none of them).
const PERMISSIONS: &str = "accelerometer=(), autoplay=(), camera=(), display-capture=(), \
     geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), \
     usb=(), serial=(), bluetooth=(), hid=(), browsing-topics=()";

/// One year, sub-domains included.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Whether the public URL is https (then HSTS is sent).
#[derive(Clone, Copy, Debug)]
pub struct Https(pub bool);

/// The middleware: adds the headers a handler has not set itself.
pub async fn security_headers(
    State(Https(https)): State<Https>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(NOTHING));
    for (name, value) in [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (HeaderName::from_static("permissions-policy"), PERMISSIONS),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            "same-origin",
        ),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    response
}
