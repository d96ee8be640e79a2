//! A real OpenID Connect provider for the single sign-on tests: `tests/oidc/provider.mjs`, the
//! npm package `oidc-provider` (installed by `scripts/bootstrap test` into the tools
//! directory, pinned), run with Node.js on a free port, and a browser-like client that signs
//! in through it over HTTP.
//!
//! [`Provider::start`] returns `None` (after a skip notice) when Node.js or the package is
//! missing outside CI; with `CI=true` that fails the test.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::axe::tools_dir;
use crate::server::workspace_root;
use crate::services::missing;

/// A running provider; killed when dropped.
pub struct Provider {
    child: Child,
    /// Its issuer, such as `http://127.0.0.1:40123`.
    pub issuer: String,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client registered at the provider.
#[derive(Debug, Clone)]
pub struct RegisteredClient {
    /// `client_id`.
    pub id: String,
    /// `client_secret`.
    pub secret: String,
    /// The Platzwahl server's base URL as its public URL names it (`http://localhost:PORT`).
    pub server: String,
    /// The organisation whose callback it answers.
    pub organisation: String,
}

impl Provider {
    /// Starts the provider; `None` outside CI when Node.js or oidc-provider is missing.
    pub fn start() -> Option<Provider> {
        let package = tools_dir().join("node_modules/oidc-provider/package.json");
        if !package.exists() {
            missing(
                "oidc-provider",
                &format!(
                    "{} is missing; run scripts/bootstrap test",
                    package.display()
                ),
            );
            return None;
        }
        let script = workspace_root().join("tests/oidc/provider.mjs");
        let mut child = match Command::new("node")
            .arg(&script)
            .env("PLATZWAHL_TOOLS_DIR", tools_dir())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
        {
            Ok(child) => child,
            Err(err) => {
                missing("Node.js", &format!("node cannot be started: {err}"));
                return None;
            }
        };
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(issuer) = line.strip_prefix("listening ") {
                    let _ = tx.send(issuer.trim().to_string());
                }
            }
        });
        let issuer = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(issuer) => issuer,
            Err(_) => {
                let _ = child.kill();
                panic!("the OpenID provider did not start within 30 s");
            }
        };
        Some(Provider { child, issuer })
    }

    /// Registers the clients and the accounts (by id: their claims); once.
    pub async fn set_up(&self, clients: &[RegisteredClient], accounts: &serde_json::Value) {
        let clients: Vec<_> = clients
            .iter()
            .map(|client| {
                serde_json::json!({
                    "client_id": client.id,
                    "client_secret": client.secret,
                    "redirect_uris": [format!("{}/auth/oidc/{}/callback", client.server, client.organisation)],
                    "post_logout_redirect_uris": [format!("{}/sign-in", client.server)],
                })
            })
            .collect();
        let response = reqwest::Client::new()
            .post(format!("{}/test/setup", self.issuer))
            .json(&serde_json::json!({ "clients": clients, "accounts": accounts }))
            .send()
            .await
            .expect("set up the provider");
        assert_eq!(response.status().as_u16(), 204, "provider set up");
    }

    /// Replaces the accounts.
    pub async fn set_accounts(&self, accounts: &serde_json::Value) {
        let response = reqwest::Client::new()
            .put(format!("{}/test/accounts", self.issuer))
            .json(accounts)
            .send()
            .await
            .expect("accounts");
        assert_eq!(response.status().as_u16(), 204, "accounts set");
    }

    /// Replaces the provider's signing key by a new one (a new key id), as a provider rotating
    /// its keys does.
    pub async fn rotate_keys(&self) {
        let response = reqwest::Client::new()
            .put(format!("{}/test/rotate", self.issuer))
            .send()
            .await
            .expect("rotate");
        assert_eq!(response.status().as_u16(), 204, "keys rotated");
    }

    /// Makes ID tokens name `audience` instead of the client, and/or be issued as of
    /// `clock_skew_seconds` from now; `(None, 0)` is the provider as it should be.
    pub async fn set_misbehaviour(&self, audience: Option<&str>, clock_skew_seconds: i64) {
        let response = reqwest::Client::new()
            .put(format!("{}/test/options", self.issuer))
            .json(&serde_json::json!({
                "audience": audience,
                "clock_skew_seconds": clock_skew_seconds,
            }))
            .send()
            .await
            .expect("options");
        assert_eq!(response.status().as_u16(), 204, "options set");
    }
}

/// A browser without JavaScript: follows nothing by itself, keeps cookies per host.
#[derive(Debug, Default)]
pub struct Browser {
    jars: BTreeMap<String, BTreeMap<String, String>>,
    client: Option<reqwest::Client>,
}

/// A response as the browser saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The URL asked for.
    pub url: String,
    /// Its status.
    pub status: u16,
    /// `Location`, if any.
    pub location: Option<String>,
    /// The `Set-Cookie` headers.
    pub set_cookies: Vec<String>,
    /// The body.
    pub body: String,
}

/// The host and port of an URL (the cookie jar's key).
fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .map(|u| {
            format!(
                "{}:{}",
                u.host_str().unwrap_or_default(),
                u.port_or_known_default().unwrap_or(0)
            )
        })
        .unwrap_or_default()
}

impl Browser {
    /// A new browser with empty cookie jars.
    pub fn new() -> Browser {
        Browser {
            jars: BTreeMap::new(),
            client: Some(
                reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .expect("client"),
            ),
        }
    }

    /// The `Cookie` header value for `url`'s host.
    pub fn cookies_for(&self, url: &str) -> String {
        self.jars
            .get(&host_of(url))
            .map(|jar| {
                jar.iter()
                    .map(|(name, value)| format!("{name}={value}"))
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .unwrap_or_default()
    }

    async fn send(&mut self, request: reqwest::RequestBuilder, url: &str) -> Seen {
        let cookies = self.cookies_for(url);
        let request = if cookies.is_empty() {
            request
        } else {
            request.header(reqwest::header::COOKIE, cookies)
        };
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        let base = url::Url::parse(url).expect("url");
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(|l| {
                base.join(l)
                    .map(|u| u.to_string())
                    .unwrap_or_else(|_| l.to_string())
            });
        let set_cookies: Vec<String> = response
            .headers()
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_string)
            .collect();
        let jar = self.jars.entry(host_of(url)).or_default();
        for cookie in &set_cookies {
            let pair = cookie.split(';').next().unwrap_or_default();
            if let Some((name, value)) = pair.split_once('=') {
                let expired = cookie.to_ascii_lowercase().contains("max-age=0")
                    || cookie
                        .to_ascii_lowercase()
                        .contains("expires=thu, 01 jan 1970");
                if value.is_empty() || expired {
                    jar.remove(name.trim());
                } else {
                    jar.insert(name.trim().to_string(), value.to_string());
                }
            }
        }
        let body = response.text().await.unwrap_or_default();
        Seen {
            url: url.to_string(),
            status,
            location,
            set_cookies,
            body,
        }
    }

    /// GET `url`.
    pub async fn get(&mut self, url: &str) -> Seen {
        let client = self.client.clone().expect("client");
        self.send(client.get(url), url).await
    }

    /// POST a form to `url`.
    pub async fn post_form(&mut self, url: &str, form: &[(&str, &str)]) -> Seen {
        let client = self.client.clone().expect("client");
        let origin = url::Url::parse(url)
            .map(|u| u.origin().ascii_serialization())
            .unwrap_or_default();
        self.send(client.post(url).header("origin", origin).form(form), url)
            .await
    }

    /// Signs in at `server` (its base URL) through organisation `organisation`'s provider as
    /// the account `account`, up to (not including) the provider's redirect back to the
    /// server: the callback URL the provider sends the browser to.
    pub async fn to_callback(&mut self, server: &str, organisation: &str, account: &str) -> String {
        let start = self
            .get(&format!(
                "{server}/auth/oidc/{organisation}/start?next=/account"
            ))
            .await;
        assert_eq!(
            start.status, 303,
            "start redirects to the provider: {start:?}"
        );
        let authorize = start.location.expect("a Location to the provider");
        let to_login = self.get(&authorize).await;
        assert_eq!(
            to_login.status, 303,
            "the provider asks for a login: {to_login:?}"
        );
        let login_page = to_login.location.expect("the login page");
        let form = self.get(&login_page).await;
        assert_eq!(form.status, 200, "the login form: {form:?}");
        let done = self
            .post_form(&format!("{login_page}/login"), &[("login", account)])
            .await;
        assert_eq!(done.status, 303, "the login is accepted: {done:?}");
        let resume = self.get(&done.location.expect("resume")).await;
        assert_eq!(resume.status, 303, "the provider answers: {resume:?}");
        resume.location.expect("the callback")
    }
}

/// `text` percent-encoded for a query string.
pub fn percent(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// A query parameter of `url`.
pub fn query_param(url: &str, name: &str) -> Option<String> {
    url::Url::parse(url)
        .ok()?
        .query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// `url` with query parameter `name` set to `value`.
pub fn with_query_param(url: &str, name: &str, value: &str) -> String {
    let mut parsed = url::Url::parse(url).expect("url");
    let pairs: Vec<(String, String)> = parsed
        .query_pairs()
        .map(|(k, v)| {
            if k == name {
                (k.into_owned(), value.to_string())
            } else {
                (k.into_owned(), v.into_owned())
            }
        })
        .collect();
    parsed.query_pairs_mut().clear().extend_pairs(pairs);
    parsed.to_string()
}
