//! Authentication: who is calling, proven by a passkey, a session cookie or a token.
//!
//! # Layout
//! - [`layer`]: the middleware every request passes: cross-site request check, session cookie
//!   or bearer token → [`Caller`](domain::auth::Caller) in the request's extensions,
//!   sign-in redirect for pages.
//! - [`session`]: browser sessions (create, resolve with idle and absolute time-outs, revoke)
//!   and their cookie.
//! - [`passkey`]: the WebAuthn ceremonies (register by invitation or from a session, sign in
//!   with a discoverable passkey), the invitation check, demo sign-in.
//! - [`token`]: personal access tokens and device tokens (resolving them; creating them is
//!   `domain::account`'s).
//! - [`routes`]: the `/api/v1/auth`, `/api/v1/me`, `/api/v1/people` and `/api/v1/devices` routes.
//! - [`extract`]: axum extractors for handlers.

pub mod extract;
pub mod layer;
pub mod passkey;
pub mod routes;
pub mod session;
pub mod token;

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use webauthn_rs::prelude::{Webauthn, WebauthnBuilder};

pub use extract::{Authenticated, AuthenticatedDevice};

use crate::settings::AuthSettings;

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "pw_session";

/// The session cookie's name over https: the `__Host-` prefix makes browsers refuse it unless
/// it is `Secure`, for the whole site (`Path=/`) and set by this host alone (no `Domain`).
pub const SECURE_SESSION_COOKIE: &str = "__Host-pw_session";

/// Everything authentication needs at run time; built once at start-up.
#[derive(Clone)]
pub struct AuthState {
    inner: Arc<Inner>,
}

struct Inner {
    webauthn: Webauthn,
    public_url: url::Url,
    origins: Vec<String>,
    secure_cookies: bool,
    idle: Duration,
    absolute: Duration,
    invitation: Duration,
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    attempts: std::sync::atomic::AtomicU64,
}

impl std::fmt::Debug for AuthState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthState")
            .field("public_url", &self.inner.public_url.as_str())
            .field("origins", &self.inner.origins)
            .finish_non_exhaustive()
    }
}

/// Why authentication could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// The public URL cannot serve as a WebAuthn relying party.
    #[error("auth.public_url {url} cannot be used for passkeys: {reason}")]
    RelyingParty {
        /// The URL.
        url: String,
        /// What webauthn-rs said.
        reason: String,
    },
}

impl AuthState {
    /// Builds the authentication state for a server reached at `public_url` and listening on
    /// `listen_port`.
    pub fn new(
        settings: &AuthSettings,
        public_url: url::Url,
        listen_port: u16,
    ) -> Result<AuthState, SetupError> {
        let fail = |reason: String| SetupError::RelyingParty {
            url: public_url.to_string(),
            reason,
        };
        let rp_id = public_url
            .host_str()
            .ok_or_else(|| fail("no host".to_string()))?
            .to_string();
        let webauthn = WebauthnBuilder::new(&rp_id, &public_url)
            .map_err(|err| fail(err.to_string()))?
            .rp_name("Platzwahl")
            .build()
            .map_err(|err| fail(err.to_string()))?;
        let origin = public_url.origin().ascii_serialization();
        let mut origins = vec![origin];
        // On this machine, the same server is also reached by its loopback address.
        if matches!(rp_id.as_str(), "localhost" | "127.0.0.1") {
            for host in ["localhost", "127.0.0.1"] {
                let candidate = format!("http://{host}:{listen_port}");
                if !origins.contains(&candidate) {
                    origins.push(candidate);
                }
            }
        }
        let per_minute =
            NonZeroU32::new(settings.sign_in_attempts_per_minute).unwrap_or(NonZeroU32::MIN);
        Ok(AuthState {
            inner: Arc::new(Inner {
                webauthn,
                secure_cookies: public_url.scheme() == "https",
                public_url,
                origins,
                idle: Duration::from_secs(u64::from(settings.session_idle_minutes) * 60),
                absolute: Duration::from_secs(u64::from(settings.session_absolute_hours) * 3600),
                invitation: Duration::from_secs(u64::from(settings.invitation_days) * 86_400),
                limiter: RateLimiter::keyed(Quota::per_minute(per_minute)),
                attempts: std::sync::atomic::AtomicU64::new(0),
            }),
        })
    }

    /// The WebAuthn relying party.
    pub fn webauthn(&self) -> &Webauthn {
        &self.inner.webauthn
    }

    /// The address people open, such as `https://platzwahl.example.org/`.
    pub fn public_url(&self) -> &url::Url {
        &self.inner.public_url
    }

    /// Whether `origin` (an `Origin` header value) is this site.
    pub fn is_own_origin(&self, origin: &str) -> bool {
        self.inner.origins.iter().any(|own| own == origin)
    }

    /// Whether cookies get the `Secure` attribute (the public URL is `https`).
    pub fn secure_cookies(&self) -> bool {
        self.inner.secure_cookies
    }

    /// The session cookie's name: [`SECURE_SESSION_COOKIE`] over https, else [`SESSION_COOKIE`].
    pub fn session_cookie(&self) -> &'static str {
        if self.inner.secure_cookies {
            SECURE_SESSION_COOKIE
        } else {
            SESSION_COOKIE
        }
    }

    /// How long a session lasts without requests.
    pub fn idle_timeout(&self) -> Duration {
        self.inner.idle
    }

    /// How long a session lasts at most.
    pub fn absolute_timeout(&self) -> Duration {
        self.inner.absolute
    }

    /// How long an invitation link is valid.
    pub fn invitation_validity(&self) -> Duration {
        self.inner.invitation
    }

    /// Counts one sign-in or ceremony attempt from `client`; `false` when over the limit.
    /// Every 1024 attempts the counters of clients that have been quiet are dropped, so the
    /// table does not grow with every address ever seen.
    pub fn allow_attempt(&self, client: IpAddr) -> bool {
        let seen = self
            .inner
            .attempts
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if seen % 1024 == 1023 {
            self.inner.limiter.retain_recent();
        }
        self.inner.limiter.check_key(&client).is_ok()
    }

    /// The invitation link for an invitation token.
    pub fn invitation_link(&self, token: &str) -> String {
        let mut url = self.inner.public_url.clone();
        url.set_path(&format!("/invite/{token}"));
        url.set_query(None);
        url.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(url: &str) -> AuthState {
        let url = url::Url::parse(url).unwrap();
        AuthState::new(&AuthSettings::default(), url, 3000).unwrap()
    }

    #[test]
    fn localhost_also_accepts_its_loopback_address_as_origin() {
        let auth = state("http://localhost:3000");
        assert!(auth.is_own_origin("http://localhost:3000"));
        assert!(auth.is_own_origin("http://127.0.0.1:3000"));
        assert!(!auth.is_own_origin("http://localhost:3001"));
        assert!(!auth.is_own_origin("https://evil.example"));
        assert!(!auth.secure_cookies());
    }

    #[test]
    fn a_public_https_url_is_the_only_origin_and_makes_cookies_secure() {
        let auth = state("https://platzwahl.example.org");
        assert!(auth.is_own_origin("https://platzwahl.example.org"));
        assert!(!auth.is_own_origin("http://platzwahl.example.org"));
        assert!(!auth.is_own_origin("http://127.0.0.1:3000"));
        assert!(auth.secure_cookies());
        assert_eq!(
            auth.invitation_link("pwi_abc"),
            "https://platzwahl.example.org/invite/pwi_abc"
        );
    }

    #[test]
    fn attempts_over_the_limit_are_refused_per_client() {
        let settings = AuthSettings {
            sign_in_attempts_per_minute: 2,
            ..AuthSettings::default()
        };
        let auth = AuthState::new(
            &settings,
            url::Url::parse("http://localhost:3000").unwrap(),
            3000,
        )
        .unwrap();
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        assert!(auth.allow_attempt(a));
        assert!(auth.allow_attempt(a));
        assert!(!auth.allow_attempt(a));
        assert!(auth.allow_attempt(b));
    }
}
