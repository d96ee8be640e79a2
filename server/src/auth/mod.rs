//! Authentication: who is calling, proven by a passkey, a session cookie or a token.
//!
//! # Layout
//! - [`layer`]: the middleware every request passes: cross-site request check, session cookie
//!   or bearer token → [`Caller`](domain::auth::Caller) in the request's extensions,
//!   sign-in redirect for pages.
//! - [`session`]: browser sessions (create, resolve with idle and absolute time-outs, revoke)
//!   and their cookie.
//! - [`oidc`]: single sign-on at an organisation's OpenID Connect provider.
//! - [`passkey`]: the WebAuthn ceremonies (register by invitation or from a session, sign in
//!   with a discoverable passkey), the invitation check, demo sign-in.
//! - [`token`]: personal access tokens and device tokens (resolving them; creating them is
//!   `domain::account`'s).
//! - [`routes`]: the `/api/v1/auth`, `/api/v1/me`, `/api/v1/people` and `/api/v1/devices` routes.
//! - [`extract`]: axum extractors for handlers.

pub mod extract;
pub mod layer;
pub mod oidc;
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
    failures: std::sync::Mutex<Failures>,
}

/// Failed sign-ins per account (person id) within the last [`FAILURE_WINDOW`].
#[derive(Debug, Default)]
struct Failures {
    limit: usize,
    by_account: std::collections::HashMap<i32, std::collections::VecDeque<std::time::Instant>>,
}

/// How long a failed sign-in counts against its account.
const FAILURE_WINDOW: Duration = Duration::from_secs(60);

impl Failures {
    /// Drops what is older than the window, for `account` and, now and then, for everyone.
    fn forget_old(&mut self, account: i32, now: std::time::Instant) {
        if let Some(times) = self.by_account.get_mut(&account) {
            while times
                .front()
                .is_some_and(|at| now.duration_since(*at) >= FAILURE_WINDOW)
            {
                times.pop_front();
            }
            if times.is_empty() {
                self.by_account.remove(&account);
            }
        }
        if self.by_account.len() > 1024 {
            self.by_account.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|at| now.duration_since(*at) < FAILURE_WINDOW)
            });
        }
    }
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
                failures: std::sync::Mutex::new(Failures {
                    limit: usize::try_from(settings.failed_sign_ins_per_account)
                        .unwrap_or(usize::MAX)
                        .max(1),
                    by_account: Default::default(),
                }),
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

    /// Whether `account` (a person id) may try to sign in: `false` while it has had
    /// `failed_sign_ins_per_account` failed sign-ins within the last minute, from any address.
    pub fn account_may_try(&self, account: i32) -> bool {
        let now = std::time::Instant::now();
        let Ok(mut failures) = self.inner.failures.lock() else {
            return false;
        };
        failures.forget_old(account, now);
        let limit = failures.limit;
        failures
            .by_account
            .get(&account)
            .is_none_or(|times| times.len() < limit)
    }

    /// Counts a failed sign-in of `account`: its passkey was known, the answer did not verify.
    pub fn account_failed(&self, account: i32) {
        let now = std::time::Instant::now();
        if let Ok(mut failures) = self.inner.failures.lock() {
            failures.forget_old(account, now);
            failures
                .by_account
                .entry(account)
                .or_default()
                .push_back(now);
        }
    }

    /// How many accounts have failures on record (for the pruning test).
    #[cfg(test)]
    fn accounts_with_failures(&self) -> usize {
        self.inner
            .failures
            .lock()
            .map_or(0, |failures| failures.by_account.len())
    }

    /// How many client addresses the attempt limiter keeps (for the pruning test).
    #[cfg(test)]
    fn clients_tracked(&self) -> usize {
        self.inner.limiter.len()
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

    /// The state of a server on localhost with these limits.
    fn limited_state(settings: &AuthSettings) -> AuthState {
        AuthState::new(
            settings,
            url::Url::parse("http://localhost:3000").unwrap(),
            3000,
        )
        .unwrap()
    }

    #[test]
    fn attempts_over_the_limit_are_refused_per_client() {
        let settings = AuthSettings {
            sign_in_attempts_per_minute: 2,
            ..AuthSettings::default()
        };
        let auth = limited_state(&settings);
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        assert!(auth.allow_attempt(a));
        assert!(auth.allow_attempt(a));
        assert!(!auth.allow_attempt(a));
        assert!(auth.allow_attempt(b));
    }

    #[test]
    fn an_account_with_too_many_failed_sign_ins_is_refused_from_every_address_for_a_minute() {
        let settings = AuthSettings {
            failed_sign_ins_per_account: 3,
            ..AuthSettings::default()
        };
        let auth = limited_state(&settings);
        for _ in 0..3 {
            assert!(auth.account_may_try(7));
            auth.account_failed(7);
        }
        assert!(!auth.account_may_try(7), "the fourth try waits");
        assert!(auth.account_may_try(8), "other accounts are not touched");
        // A minute later the failures no longer count.
        {
            let mut failures = auth.inner.failures.lock().unwrap();
            for at in failures.by_account.get_mut(&7).unwrap() {
                *at -= FAILURE_WINDOW;
            }
        }
        assert!(auth.account_may_try(7));
        assert_eq!(auth.accounts_with_failures(), 0, "old failures are dropped");
    }

    #[test]
    fn the_tables_of_the_limits_are_pruned_and_do_not_grow_with_every_address() {
        let settings = AuthSettings {
            sign_in_attempts_per_minute: 1000,
            ..AuthSettings::default()
        };
        let auth = limited_state(&settings);
        // 3,000 addresses try once each: their single attempt is no reason to keep them
        // once the quota has refilled. A quota of 1,000 a minute refills one cell in 60 ms.
        for n in 0..2000u32 {
            auth.allow_attempt(IpAddr::from(std::net::Ipv4Addr::from(0x0a00_0000 + n)));
        }
        assert!(
            auth.clients_tracked() >= 1000,
            "the limiter keeps recent clients"
        );
        // New clients keep coming; within a few seconds the quiet ones are dropped (the table
        // is pruned every 1,024 attempts, of clients whose quota has refilled).
        let start = std::time::Instant::now();
        let mut n = 2000u32;
        while auth.clients_tracked() >= 2000 {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the quiet clients are never dropped: {} left",
                auth.clients_tracked()
            );
            for _ in 0..1024 {
                auth.allow_attempt(IpAddr::from(std::net::Ipv4Addr::from(0x0a00_0000 + n)));
                n += 1;
            }
            // Long enough for a quota to refill, so the next pruning has work.
            std::thread::sleep(Duration::from_millis(250));
        }
        // Failures of many accounts long ago are dropped too.
        for account in 0..1100 {
            auth.account_failed(account);
        }
        {
            let mut failures = auth.inner.failures.lock().unwrap();
            for times in failures.by_account.values_mut() {
                for at in times.iter_mut() {
                    *at -= FAILURE_WINDOW;
                }
            }
        }
        auth.account_failed(5000);
        assert_eq!(auth.accounts_with_failures(), 1);
    }
}
