//! Web push as a person meets it, in a real Chromium: the service worker turns a delivered push
//! message into a notification (title, text, kind, a page of this site only), a click on it
//! opens only pages of this site, a renewed subscription reaches the server, the account page's
//! switch for this device says clearly what happened (permission blocked, no push in this
//! browser, the push service unreachable, or switched on), the devices can be removed, the
//! per-kind push choices work as forms and leave the e-mail choices alone, axe-core finds
//! nothing in German and English, and with push off the page shows none of it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::{Value, json};
use tests::api::server_fn;
use tests::axe::Axe;
use tests::browser::Browser;
use tests::server::{Options, Server};

/// A browser's keys from RFC 8291's example (a valid P-256 point and a 16-byte secret).
const P256DH: &str =
    "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";

fn push_server() -> Server {
    Server::start(Options {
        env: vec![
            (
                "PLATZWAHL_PUSH__CONTACT".into(),
                "mailto:test@example.org".into(),
            ),
            (
                "PLATZWAHL_PUSH__ENDPOINT_HOSTS".into(),
                r#"["127.0.0.1", "fcm.googleapis.com", "push.services.mozilla.com"]"#.into(),
            ),
        ],
        ..Options::default()
    })
}

/// The person's subscriptions as the API lists them.
async fn subscriptions(client: &reqwest::Client, server: &Server) -> Vec<Value> {
    let response = client
        .get(server.at("/api/v1/me/push-subscriptions"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response
        .json::<Value>()
        .await
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// Runs an async script (its last argument is the callback) and returns what it gave.
async fn run(browser: &Browser, script: &str) -> Value {
    browser
        .client
        .execute_async(script, vec![])
        .await
        .unwrap_or_else(|err| panic!("the script failed: {err}\n{script}"))
}

/// The notifications the service worker shows: `[title, body, tag, data.url, icon]` each.
async fn notifications(browser: &Browser) -> Vec<Value> {
    let value = run(
        browser,
        "const done = arguments[arguments.length - 1];
         navigator.serviceWorker.ready
           .then((r) => r.getNotifications())
           .then((list) => done(list.map((n) => [n.title, n.body, n.tag, (n.data || {}).url, n.icon])),
                 (error) => done(String(error)));",
    )
    .await;
    value
        .as_array()
        .unwrap_or_else(|| panic!("the notifications: {value}"))
        .clone()
}

/// The state shown in the cell of `channel` in the row of `kind`.
fn state_script(kind: &str, channel: &str) -> String {
    format!(
        "return document.querySelector(\"tr[data-mail-kind='{kind}'] td[data-channel='{channel}'] .choice-state\")?.innerText ?? '';"
    )
}

/// The live region of the device switch once it says something other than "one moment".
async fn push_status(browser: &Browser) -> String {
    browser
        .wait_for_value(
            "return document.querySelector('[data-push-status]')?.innerText ?? '';",
            |text| !text.is_empty() && !text.starts_with("Einen Moment"),
        )
        .await
}

/// Delivers a push message with `payload` to the service worker of `origin`: Chromium numbers
/// registrations from 0 in a fresh profile (chrome://serviceworker-internals shows this
/// origin's as 0), and this origin's is the only one; a message to another number reaches
/// nobody.
async fn deliver(browser: &Browser, origin: &str, payload: Value) {
    for id in 0..4 {
        browser
            .cdp(
                "ServiceWorker.deliverPushMessage",
                json!({ "origin": origin, "registrationId": id.to_string(), "data": payload.to_string() }),
            )
            .await;
    }
}

async fn click(browser: &Browser, selector: &str) {
    browser
        .client
        .find(Locator::Css(selector))
        .await
        .unwrap_or_else(|_| panic!("{selector} is there"))
        .click()
        .await
        .unwrap();
}

async fn open_account(browser: &Browser, server: &Server) {
    browser.client.goto(&server.at("/account")).await.unwrap();
    browser.wait_for_hydration().await;
    browser.text_of("[data-push-device] h3").await;
}

#[tokio::test]
async fn push_on_a_device_from_switch_to_notification() {
    let server = push_server();
    let key = reqwest::get(server.at("/api/v1/push/key")).await.unwrap();
    assert_eq!(key.status(), 200, "push is on");
    let Some(browser) = Browser::start().await else {
        return;
    };
    let Some(axe) = Axe::load() else {
        return;
    };
    let cookie = server.demo_session("employee").await;
    let api = server.client_with(&cookie);
    browser.use_session(&server, &cookie).await;
    open_account(&browser, &server).await;
    let origin = server.url.clone();

    // The table has both channels as column headers and every kind as a row header.
    let headers = run(
        &browser,
        "const done = arguments[arguments.length - 1];
         done([...document.querySelectorAll('table.mail-choices thead th')].map((th) => [th.scope, th.innerText]));",
    )
    .await;
    assert_eq!(
        headers,
        json!([["col", "Nachricht"], ["col", "E-Mail"], ["col", "Push"]]),
    );
    let kinds = run(
        &browser,
        "const done = arguments[arguments.length - 1];
         done([...document.querySelectorAll('table.mail-choices tbody tr')].map((tr) => tr.dataset.mailKind));",
    )
    .await;
    let kinds: Vec<String> = kinds
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap().to_string())
        .collect();
    let (status, body) = server_fn(&api, &server, "push_choices", "").await;
    assert!(status.is_success(), "{status} {body}");
    let listed: Value = serde_json::from_str(&body).unwrap();
    let listed: Vec<String> = listed["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| pair[0].as_str().unwrap().to_string())
        .collect();
    assert_eq!(kinds, listed, "one row per kind the server lists");
    let noscript = run(
        &browser,
        "const done = arguments[arguments.length - 1];
         done(document.querySelector('[data-push-device] noscript')?.textContent ?? '');",
    )
    .await;
    assert!(
        noscript
            .as_str()
            .unwrap()
            .contains("braucht Platzwahl JavaScript"),
        "{noscript}"
    );

    // axe-core, German and English, with the push section.
    let found = axe.check(&browser).await;
    assert!(
        found.is_empty(),
        "axe on /account (de): {}",
        found
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
    browser
        .client
        .goto(&server.at("/lang/en?back=/account"))
        .await
        .unwrap();
    browser.wait_for_hydration().await;
    browser
        .wait_for_text("[data-push-device] h3", "Push notifications on this device")
        .await;
    let found = axe.check(&browser).await;
    assert!(
        found.is_empty(),
        "axe on /account (en): {}",
        found
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
    browser
        .client
        .goto(&server.at("/lang/de?back=/account"))
        .await
        .unwrap();
    browser.wait_for_hydration().await;
    browser
        .wait_for_text("[data-push-device] h3", "auf diesem Gerät")
        .await;

    // A kind's push choice, switched by its button: kept after a reload, the e-mail choice
    // untouched.
    let kind = kinds.first().expect("at least one kind").clone();
    let mail_before = browser
        .wait_for_value(&state_script(&kind, "mail"), |s| !s.is_empty())
        .await;
    let push_before = browser
        .wait_for_value(&state_script(&kind, "push"), |s| !s.is_empty())
        .await;
    assert!(
        ["eingeschaltet", "abgeschaltet"].contains(&push_before.as_str()),
        "the state in words: {push_before}"
    );
    let flipped = if push_before == "eingeschaltet" {
        "abgeschaltet"
    } else {
        "eingeschaltet"
    };
    let button = format!("tr[data-mail-kind='{kind}'] td[data-channel='push'] button");
    let label = browser.text_of(&button).await;
    assert!(
        label.contains(": Push, "),
        "the button names channel and kind to a screen reader: {label}"
    );
    click(&browser, &button).await;
    browser
        .wait_for_value(&state_script(&kind, "push"), |s| s == flipped)
        .await;
    browser.client.refresh().await.unwrap();
    browser.wait_for_hydration().await;
    browser
        .wait_for_value(&state_script(&kind, "push"), |s| s == flipped)
        .await;
    assert_eq!(
        browser
            .wait_for_value(&state_script(&kind, "mail"), |s| !s.is_empty())
            .await,
        mail_before,
        "the e-mail choice is untouched"
    );
    // The same as a plain form (no JavaScript): the server takes it and sends the browser
    // back; the page then shows the state.
    let back = if flipped == "eingeschaltet" {
        "false"
    } else {
        "true"
    };
    let response = api
        .post(server.at("/api/set_push_choice"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .header("referer", server.at("/account"))
        .body(format!("kind={kind}&on={back}"))
        .send()
        .await
        .unwrap();
    assert!(
        response.status().is_redirection() || response.status().is_success(),
        "{}",
        response.status()
    );
    browser.client.refresh().await.unwrap();
    browser.wait_for_hydration().await;
    browser
        .wait_for_value(&state_script(&kind, "push"), |s| s == push_before)
        .await;
    assert_eq!(
        browser
            .wait_for_value(&state_script(&kind, "mail"), |s| !s.is_empty())
            .await,
        mail_before
    );

    // Switching this device on with notifications blocked: said so.
    browser
        .cdp(
            "Browser.setPermission",
            json!({ "permission": { "name": "notifications" }, "setting": "denied", "origin": origin }),
        )
        .await;
    click(&browser, "[data-push='on']").await;
    let said = push_status(&browser).await;
    assert!(said.contains("blockiert"), "{said}");
    let role = browser
        .client
        .find(Locator::Css("[data-push-status]"))
        .await
        .unwrap()
        .attr("role")
        .await
        .unwrap();
    assert_eq!(role.as_deref(), Some("status"), "a live region");
    assert!(subscriptions(&api, &server).await.is_empty());

    // A browser without push.
    open_account(&browser, &server).await;
    browser
        .client
        .execute(
            "delete window.PushManager; return 'PushManager' in window;",
            vec![],
        )
        .await
        .unwrap();
    click(&browser, "[data-push='on']").await;
    let said = push_status(&browser).await;
    assert!(
        said.contains("kann keine Push-Benachrichtigungen empfangen"),
        "{said}"
    );

    // Allowed: Chromium subscribes if it reaches its push service, and the server lists the
    // device; without a push service (headless, no network) the page says so and nothing
    // arrives at the server.
    open_account(&browser, &server).await;
    browser
        .cdp(
            "Browser.grantPermissions",
            json!({ "permissions": ["notifications"], "origin": origin }),
        )
        .await;
    run(
        &browser,
        "const done = arguments[arguments.length - 1];
         navigator.serviceWorker.ready.then(() => done(true));",
    )
    .await;
    click(&browser, "[data-push='on']").await;
    let said = push_status(&browser).await;
    if said.contains("nicht erreichbar") {
        eprintln!("this Chromium reaches no push service: {said}");
        assert!(subscriptions(&api, &server).await.is_empty(), "{said}");
    } else {
        assert!(
            said.contains("Push-Benachrichtigungen sind auf diesem Gerät eingeschaltet"),
            "either switched on or the push service unreachable: {said}"
        );
        let listed = subscriptions(&api, &server).await;
        assert_eq!(listed.len(), 1, "{listed:?}");
        let host = listed[0]["host"].as_str().unwrap().to_string();
        browser.wait_for_text("[data-push-devices]", &host).await;
        click(&browser, "[data-push='off']").await;
        browser
            .wait_for_text("[data-push-status]", "ausgeschaltet")
            .await;
        assert!(subscriptions(&api, &server).await.is_empty());
        browser
            .wait_for_text("[data-push-devices]", "Noch kein Gerät")
            .await;
    }

    // A device subscribed elsewhere is listed with its push service and removed with a click.
    let created = api
        .post(server.at("/api/v1/me/push-subscriptions"))
        .json(&json!({
            "endpoint": "http://127.0.0.1:9/push/phone",
            "expirationTime": null,
            "keys": { "p256dh": P256DH, "auth": AUTH },
        }))
        .send()
        .await
        .unwrap();
    assert!(created.status().is_success(), "{}", created.status());
    open_account(&browser, &server).await;
    let row = browser
        .wait_for_text("[data-push-devices]", "127.0.0.1")
        .await;
    assert!(row.contains("Entfernen"), "{row}");
    click(&browser, "[data-push-devices] button").await;
    browser
        .wait_for_text("[data-push-device]", "Noch kein Gerät")
        .await;
    assert!(subscriptions(&api, &server).await.is_empty());

    // A push message delivered to the worker becomes a notification; a foreign address in it
    // is replaced by "my bookings".
    browser.cdp("ServiceWorker.enable", json!({})).await;
    let messages = [
        json!({
            "title": "Buchung freigegeben",
            "body": "Platz 3.12, heute ganztags: niemand hat eingecheckt.",
            "url": "/bookings",
            "tag": "booking_released",
        }),
        json!({
            "title": "Kein Platz",
            "body": "Morgen ist kein Platz frei.",
            "url": "https://evil.example/phish",
            "tag": "request_unplaced",
        }),
    ];
    // Chromium now and then drops a message delivered through DevTools: a message not shown
    // within a few seconds is delivered again (the same tag replaces, never adds).
    let deadline = Instant::now() + Duration::from_secs(30);
    let shown = 'delivered: loop {
        for message in &messages {
            deliver(&browser, &origin, message.clone()).await;
        }
        let again = Instant::now() + Duration::from_secs(4);
        while Instant::now() < again {
            let shown = notifications(&browser).await;
            if shown.len() >= 2 {
                break 'delivered shown;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        assert!(
            Instant::now() < deadline,
            "two notifications are shown; there are {:?}",
            notifications(&browser).await
        );
    };
    let released = shown
        .iter()
        .find(|n| n[2] == "booking_released")
        .unwrap_or_else(|| panic!("{shown:?}"));
    assert_eq!(released[0], "Buchung freigegeben");
    assert_eq!(
        released[1],
        "Platz 3.12, heute ganztags: niemand hat eingecheckt."
    );
    assert_eq!(released[3], "/bookings");
    assert!(
        released[4]
            .as_str()
            .unwrap()
            .ends_with("/icons/icon-192.png"),
        "{released:?}"
    );
    let unplaced = shown
        .iter()
        .find(|n| n[2] == "request_unplaced")
        .unwrap_or_else(|| panic!("{shown:?}"));
    assert_eq!(unplaced[3], "/bookings", "no address of another site");
    assert_eq!(
        shown.len(),
        2,
        "one notification per message and kind: {shown:?}"
    );

    // The worker's click and renewal handlers, run in the page on stand-ins for the browser's
    // objects (Chromium offers no way to click a notification).
    browser
        .cdp("Page.setBypassCSP", json!({ "enabled": true }))
        .await;
    browser.client.refresh().await.unwrap();
    browser.wait_for_hydration().await;
    let outcome = run(&browser, WORKER_HANDLERS).await;
    assert_eq!(
        outcome,
        json!({
            "foreign": { "opened": [format!("{origin}/bookings")], "focused": [], "navigated": [] },
            "script": { "opened": [format!("{origin}/bookings")], "focused": [], "navigated": [] },
            "own": { "opened": [format!("{origin}/check-in/desk/7")], "focused": [], "navigated": [] },
            "open_window": {
                "opened": [],
                "focused": [format!("{origin}/rooms")],
                "navigated": [format!("{origin}/bookings")],
            },
            "renewal": [
                ["/api/v1/me/push-subscriptions", "POST", "http://127.0.0.1:9/push/new"],
                [
                    "/api/v1/me/push-subscriptions?endpoint=http%3A%2F%2F127.0.0.1%3A9%2Fpush%2Fold",
                    "DELETE",
                    null
                ],
            ],
        }),
    );
    browser.close().await;
    server.terminate();
}

/// Loads `/sw.js` into the page with stand-ins for the worker's global objects and runs its
/// `notificationclick` (with a foreign address, a `javascript:` address, a page of this site,
/// and with a window of this site open) and `pushsubscriptionchange` handlers.
const WORKER_HANDLERS: &str = r#"
const done = arguments[arguments.length - 1];
(async () => {
    const source = await (await fetch("/sw.js")).text();
    const origin = location.origin;
    const load = (windows, requests) => {
        const seen = { opened: [], focused: [], navigated: [] };
        const listeners = {};
        const self = {
            location: { origin },
            addEventListener: (type, listener) => { listeners[type] = listener; },
            skipWaiting: () => undefined,
            clients: {
                claim: async () => undefined,
                matchAll: async () => windows.map((url) => ({
                    url,
                    focus: async function () { seen.focused.push(url); return this; },
                    navigate: async (to) => { seen.navigated.push(to); return null; },
                })),
                openWindow: async (url) => { seen.opened.push(url); return null; },
            },
            registration: {
                showNotification: async () => undefined,
                pushManager: {
                    subscribe: async () => ({
                        endpoint: "http://127.0.0.1:9/push/new",
                        toJSON: () => ({ endpoint: "http://127.0.0.1:9/push/new", keys: { p256dh: "k", auth: "a" } }),
                    }),
                },
            },
        };
        const fetch = async (url, init) => {
            const body = init && init.body ? JSON.parse(init.body).endpoint : null;
            requests.push([String(url), (init && init.method) || "GET", body]);
            return new Response("{}", { status: 200 });
        };
        new Function("self", "caches", "fetch", source)(self, {}, fetch);
        return { listeners, seen };
    };
    const click = async (url, windows) => {
        const { listeners, seen } = load(windows, []);
        const waits = [];
        listeners.notificationclick({
            notification: { data: { url }, close: () => undefined },
            waitUntil: (promise) => waits.push(promise),
        });
        await Promise.all(waits);
        return seen;
    };
    const requests = [];
    const { listeners } = load([], requests);
    const waits = [];
    listeners.pushsubscriptionchange({
        oldSubscription: {
            endpoint: "http://127.0.0.1:9/push/old",
            options: { applicationServerKey: new Uint8Array([4, 1, 2]).buffer },
        },
        newSubscription: null,
        waitUntil: (promise) => waits.push(promise),
    });
    await Promise.all(waits);
    return {
        foreign: await click("https://evil.example/phish", []),
        script: await click("javascript:alert(1)", []),
        own: await click("/check-in/desk/7", []),
        open_window: await click("/bookings", [`${origin}/rooms`]),
        renewal: requests,
    };
})().then(done, (error) => done(String(error)));
"#;

#[tokio::test]
async fn without_push_the_account_page_offers_none_of_it() {
    let server = Server::start(Options::default());
    let key = reqwest::get(server.at("/api/v1/push/key")).await.unwrap();
    assert_eq!(key.status(), 404, "push is off by default");
    let Some(browser) = Browser::start().await else {
        return;
    };
    let cookie = server.demo_session("employee").await;
    browser.use_session(&server, &cookie).await;
    browser.client.goto(&server.at("/account")).await.unwrap();
    browser.wait_for_hydration().await;
    browser
        .wait_for_text("#mail-heading", "E-Mail-Benachrichtigungen")
        .await;
    let seen = run(
        &browser,
        "const done = arguments[arguments.length - 1];
         done({
           device: document.querySelectorAll('[data-push-device], [data-push]').length,
           columns: [...document.querySelectorAll('table.mail-choices thead th')].map((th) => th.innerText),
           push_cells: document.querySelectorAll(\"td[data-channel='push']\").length,
           mail_cells: document.querySelectorAll(\"td[data-channel='mail']\").length,
         });",
    )
    .await;
    assert_eq!(seen["device"], 0, "{seen}");
    assert_eq!(seen["push_cells"], 0, "{seen}");
    assert_eq!(seen["columns"], json!(["Nachricht", "E-Mail"]), "{seen}");
    assert!(seen["mail_cells"].as_u64().unwrap() > 0, "{seen}");
    browser.close().await;
    server.terminate();
}
