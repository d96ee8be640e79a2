//! A headless Chromium (Debian's package) driven through ChromeDriver over WebDriver.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder};
use serde_json::json;

use crate::server::free_port;
use crate::services;

/// A running browser session and its driver process.
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

impl Browser {
    /// Starts ChromeDriver and a headless Chromium; `None` (after a skip notice) when they are
    /// not installed outside CI. In CI a missing browser fails the test.
    pub async fn start() -> Option<Browser> {
        let Some(chromium) = find_program(&["chromium", "chromium-browser", "google-chrome"])
        else {
            services::missing("Chromium", "no chromium on PATH (apt-get install chromium)");
            return None;
        };
        let Some(chromedriver) = find_program(&["chromedriver"]) else {
            services::missing(
                "ChromeDriver",
                "no chromedriver on PATH (apt-get install chromium-driver)",
            );
            return None;
        };
        // Both rustls crypto back-ends are compiled into the workspace: choose one.
        let _already_chosen = rustls::crypto::aws_lc_rs::default_provider().install_default();
        let port = free_port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile = tempfile::tempdir().expect("profile dir");
        let capabilities = json!({
            // Keep the console, so tests can read what the page logged (CSP violations).
            "goog:loggingPrefs": { "browser": "ALL" },
            "goog:chromeOptions": {
                "binary": chromium,
                // A German browser, as most people in the building have.
                "prefs": { "intl.accept_languages": "de-DE,de" },
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=de-DE",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }
        });
        let capabilities = capabilities
            .as_object()
            .cloned()
            .expect("capabilities object");
        let url = format!("http://127.0.0.1:{port}");
        let mut last_error = String::new();
        for _ in 0..100 {
            let mut builder = ClientBuilder::rustls().expect("rustls client");
            builder.capabilities(capabilities.clone());
            match builder.connect(&url).await {
                Ok(client) => {
                    return Some(Browser {
                        client,
                        driver,
                        _profile: profile,
                    });
                }
                Err(err) => last_error = err.to_string(),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("could not start a Chromium session through ChromeDriver: {last_error}");
    }

    /// Waits (at most 60 s: two Chromiums on two busy cores) until the page is hydrated: the
    /// WebAssembly runs. A page that does not names itself.
    pub async fn wait_for_hydration(&self) {
        let waited = self
            .client
            .wait()
            .at_most(Duration::from_secs(60))
            .for_element(fantoccini::Locator::Css("body[data-hydrated='true']"))
            .await;
        if let Err(err) = waited {
            let page = self.client.current_url().await.map(|url| url.to_string());
            panic!("the page {page:?} hydrates within 60 s: {err}");
        }
    }

    /// The text of the first element matching `selector`, once there is one (at most 10 s).
    pub async fn text_of(&self, selector: &str) -> String {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(fantoccini::Locator::Css(selector))
            .await
            .unwrap_or_else(|_| panic!("{selector} appears"))
            .text()
            .await
            .expect("the element's text")
    }

    /// Waits until the text of the first element matching `selector` contains `needle`, and
    /// returns it. The page itself watches (a `MutationObserver`), so nothing polls; after the
    /// session's script time-out (30 s) the test fails with the text shown then.
    pub async fn wait_for_text(&self, selector: &str, needle: &str) -> String {
        const WATCH: &str = r#"
            const [selector, needle, done] = arguments;
            const text = () => document.querySelector(selector)?.innerText ?? "";
            if (text().includes(needle)) { done(text()); return; }
            const observer = new MutationObserver(() => {
                if (text().includes(needle)) { observer.disconnect(); done(text()); }
            });
            observer.observe(document.documentElement,
                { subtree: true, childList: true, characterData: true, attributes: true });
        "#;
        match self
            .client
            .execute_async(
                WATCH,
                vec![serde_json::json!(selector), serde_json::json!(needle)],
            )
            .await
        {
            Ok(serde_json::Value::String(text)) => text,
            other => {
                let shown = self
                    .client
                    .find(fantoccini::Locator::Css(selector))
                    .await
                    .ok();
                let shown = match shown {
                    Some(element) => element.text().await.unwrap_or_default(),
                    None => String::new(),
                };
                panic!("{selector} shows {needle:?}; it shows {shown:?} ({other:?})")
            }
        }
    }

    /// Runs `script` (which returns a string) in the page until `wanted` holds of what it
    /// returns, every 100 ms for at most 20 s, and returns that; for what no element's text
    /// shows (an attribute, a property), where [`Browser::wait_for_text`] cannot watch.
    pub async fn wait_for_value(&self, script: &str, wanted: impl Fn(&str) -> bool) -> String {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        loop {
            let value = self
                .client
                .execute(script, vec![])
                .await
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            if wanted(&value) {
                return value;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{script} never became what was wanted; it is {value:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The text of the first element matching `selector`, read in one go once it is not
    /// empty (pages that replace their content, such as the displays, may drop an element
    /// between two WebDriver calls).
    pub async fn text_now(&self, selector: &str) -> String {
        let script = format!(
            "return document.querySelector({})?.innerText ?? '';",
            serde_json::to_string(selector).unwrap_or_default()
        );
        self.wait_for_value(&script, |text| !text.is_empty()).await
    }

    /// Ends the session and the driver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}

/// A `POST` to a WebDriver endpoint of the session that fantoccini has no method for:
/// `path` below `session/{id}/`, with a JSON `body`.
#[derive(Debug)]
struct SessionPost {
    path: &'static str,
    body: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for SessionPost {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// WebDriver's `Add Virtual Authenticator` (W3C WebAuthn §11.3): a CTAP2 platform
/// authenticator with resident keys and user verification that always succeeds, so passkey
/// ceremonies run without a person touching a key.
fn add_virtual_authenticator() -> SessionPost {
    SessionPost {
        path: "webauthn/authenticator",
        body: serde_json::json!({
            "protocol": "ctap2",
            "transport": "internal",
            "hasResidentKey": true,
            "hasUserVerification": true,
            "isUserConsenting": true,
            "isUserVerified": true,
        }),
    }
}

/// ChromeDriver's log command: what the pages wrote to the console since it was last read.
fn browser_log() -> SessionPost {
    SessionPost {
        path: "se/log",
        body: serde_json::json!({ "type": "browser" }),
    }
}

impl Browser {
    /// The console messages (level and text) written since the last call.
    pub async fn console(&self) -> Vec<(String, String)> {
        let entries = self
            .client
            .issue_cmd(browser_log())
            .await
            .expect("read the browser's console");
        entries
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .map(|entry| {
                        (
                            entry["level"].as_str().unwrap_or_default().to_string(),
                            entry["message"].as_str().unwrap_or_default().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Adds a virtual passkey authenticator to the browser; returns its id.
    pub async fn add_virtual_authenticator(&self) -> String {
        let id = self
            .client
            .issue_cmd(add_virtual_authenticator())
            .await
            .expect("add a virtual authenticator");
        id.as_str().unwrap_or_default().to_string()
    }

    /// Signs the browser in with a session cookie (`pw_session=…`) for `server`.
    pub async fn use_session(&self, server: &crate::server::Server, cookie: &str) {
        self.client
            .goto(&server.at("/sign-in"))
            .await
            .expect("open the site");
        self.client
            .execute(
                "document.cookie = arguments[0] + '; path=/'; return true;",
                vec![serde_json::Value::String(cookie.to_string())],
            )
            .await
            .expect("set the cookie");
    }
}

/// WebDriver's `Perform Actions` (W3C WebDriver §15.7) with one keyboard: `held` keys pressed
/// first and let go last (a modifier such as Shift, `\u{E008}`), each of `keys` pressed and
/// let go in turn, into whatever has the focus. Keys are written as for `send_keys`: `\u{E004}`
/// Tab, `\u{E007}` Enter, `\u{E00D}` Space, `\u{E014}` arrow right and so on.
fn key_actions(held: &[char], keys: &str) -> SessionPost {
    let mut actions = Vec::new();
    for key in held {
        actions.push(json!({ "type": "keyDown", "value": key.to_string() }));
    }
    for key in keys.chars() {
        actions.push(json!({ "type": "keyDown", "value": key.to_string() }));
        actions.push(json!({ "type": "keyUp", "value": key.to_string() }));
    }
    for key in held.iter().rev() {
        actions.push(json!({ "type": "keyUp", "value": key.to_string() }));
    }
    SessionPost {
        path: "actions",
        body: json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] }),
    }
}

/// A Chrome DevTools Protocol command through ChromeDriver (`goog/cdp/execute`).
fn cdp(cmd: &str, params: serde_json::Value) -> SessionPost {
    SessionPost {
        path: "goog/cdp/execute",
        body: json!({ "cmd": cmd, "params": params }),
    }
}

impl Browser {
    /// Presses `keys` one after the other on the keyboard (no element is clicked or targeted:
    /// the keys go where the focus is), with `held` keys held down meanwhile.
    pub async fn press(&self, held: &[char], keys: &str) {
        self.client
            .issue_cmd(key_actions(held, keys))
            .await
            .expect("press keys");
    }

    /// Lays pages out in a viewport of `width` × `height` CSS pixels at a device scale of 1, as
    /// a phone or a desktop browser zoomed in (1280 px at 400 % is 320 CSS px), until the
    /// session ends; it holds across navigations.
    pub async fn set_viewport(&self, width: u32, height: u32) {
        self.client
            .issue_cmd(cdp(
                "Emulation.setDeviceMetricsOverride",
                json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
            ))
            .await
            .expect("set the viewport");
    }
    /// Sends the Chrome DevTools Protocol command `cmd` with `params` to the page's target and
    /// returns its result (`Page.getInstallabilityErrors`, `Network.emulateNetworkConditions`, …).
    pub async fn cdp(&self, cmd: &str, params: serde_json::Value) -> serde_json::Value {
        self.client
            .issue_cmd(cdp(cmd, params))
            .await
            .unwrap_or_else(|err| panic!("the DevTools command {cmd}: {err}"))
    }

    /// Puts the keyboard focus on the element of `selector`, as Tab would.
    pub async fn focus(&self, selector: &str) {
        self.client
            .execute(
                "document.querySelector(arguments[0]).focus(); return true;",
                vec![json!(selector)],
            )
            .await
            .expect("focus the element");
    }

    /// Chooses the file at `path` in the file input of `selector`.
    pub async fn choose_file(&self, selector: &str, path: &std::path::Path) {
        let input = self
            .client
            .find(fantoccini::Locator::Css(selector))
            .await
            .expect("the file input");
        input
            .send_keys(&path.to_string_lossy())
            .await
            .expect("choose the file");
    }
}
