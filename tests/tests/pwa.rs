//! The installable app in a real Chromium: the browser finds it installable (manifest, icons),
//! the service worker takes over, "my bookings" and a check-in page stay readable when the
//! server is gone and say since when, signing out leaves no page of the person on the phone,
//! and a new version offers to reload and deletes the old caches.
//!
//! The server listens on one fixed port throughout (a service worker belongs to its origin):
//! it is stopped to go offline, and started again with changed files as a new version.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::{Value, json};
use tests::browser::Browser;
use tests::db::{Backend, TestDatabase};
use tests::server::{Options, Server, book_a_home_desk, free_port, site_root};

/// What the caches of the site hold: `[cache name, path]` pairs.
const CACHED: &str = r#"
    const [done] = arguments;
    (async () => {
        const out = [];
        for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            for (const request of await cache.keys()) out.push([name, new URL(request.url).pathname]);
        }
        return out;
    })().then(done, (error) => done(String(error)));
"#;

async fn cached(browser: &Browser) -> Vec<(String, String)> {
    let value = browser.client.execute_async(CACHED, vec![]).await.unwrap();
    value
        .as_array()
        .unwrap_or_else(|| panic!("the caches: {value}"))
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().unwrap().to_string(),
                pair[1].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Waits (at most 60 s: a new version fetches the whole debug WebAssembly) until what the
/// caches hold satisfies `wanted`; returns it.
async fn wait_for_caches(
    browser: &Browser,
    what: &str,
    wanted: impl Fn(&[(String, String)]) -> bool,
) -> Vec<(String, String)> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let now = cached(browser).await;
        if wanted(&now) {
            return now;
        }
        assert!(Instant::now() < deadline, "{what}; the caches hold {now:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn holds_page(caches: &[(String, String)], path: &str) -> bool {
    caches
        .iter()
        .any(|(name, p)| name.starts_with("platzwahl-pages-") && p == path)
}

fn start_on(port: u16, site: Option<&Path>, database: Option<&TestDatabase>) -> Server {
    let mut env = vec![("PLATZWAHL_LISTEN".to_string(), format!("127.0.0.1:{port}"))];
    if let Some(site) = site {
        env.push((
            "PLATZWAHL_SITE_ROOT".to_string(),
            site.display().to_string(),
        ));
    }
    Server::start(Options {
        database_url: database.map(|d| d.url().to_string()),
        env,
        ..Options::default()
    })
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The text of the booking's row, once the page shows it.
async fn booking_row(browser: &Browser, booking: i64) -> String {
    browser
        .text_of(&format!("tr[data-booking='{booking}']"))
        .await
}

#[tokio::test]
async fn the_app_lives_on_a_phone_sqlite() {
    the_app_installs_keeps_my_bookings_offline_forgets_them_on_sign_out_and_updates_cleanly(
        Backend::Sqlite,
    )
    .await;
}

#[tokio::test]
async fn the_app_lives_on_a_phone_postgres() {
    the_app_installs_keeps_my_bookings_offline_forgets_them_on_sign_out_and_updates_cleanly(
        Backend::Postgres,
    )
    .await;
}

/// The whole life of the app on a phone, on a database of `backend` (the server started again
/// as the new version uses the same database).
async fn the_app_installs_keeps_my_bookings_offline_forgets_them_on_sign_out_and_updates_cleanly(
    backend: Backend,
) {
    let Some(database) = TestDatabase::create(backend).await else {
        return;
    };
    let port = free_port();
    let server = start_on(port, None, Some(&database));
    let Some(browser) = Browser::start().await else {
        return;
    };
    let client = &browser.client;
    let cookie = server.demo_session("employee").await;
    let booking = book_a_home_desk(&server, &cookie).await;
    let mine: Value = server
        .client_with(&cookie)
        .get(server.at("/api/v1/bookings/mine"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let desk_id = mine["upcoming"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"].as_i64() == Some(booking))
        .and_then(|b| b["desk_id"].as_i64())
        .unwrap_or_else(|| panic!("the booked desk in {mine}"));

    browser.use_session(&server, &cookie).await;
    client.goto(&server.at("/bookings")).await.unwrap();
    browser.wait_for_hydration().await;

    // Installable, as Chromium judges it (Lighthouse asks the same).
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let answer = browser.cdp("Page.getInstallabilityErrors", json!({})).await;
        let errors = answer["installabilityErrors"].as_array().cloned();
        if errors.as_ref().is_some_and(Vec::is_empty) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "Chromium finds the app not installable: {answer}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let manifest = browser.cdp("Page.getAppManifest", json!({})).await;
    assert!(
        manifest["url"]
            .as_str()
            .is_some_and(|url| url.ends_with("/manifest.webmanifest")),
        "{manifest}"
    );
    assert_eq!(manifest["errors"], json!([]), "{manifest}");
    let data: Value = serde_json::from_str(manifest["data"].as_str().unwrap()).unwrap();
    assert_eq!(
        data["lang"], "de",
        "a German browser gets the German manifest"
    );
    assert_eq!(data["display"], "standalone");
    assert_eq!(data["start_url"], "/bookings");
    let icons = data["icons"].as_array().unwrap();
    for (size, purpose) in [
        ("192x192", "any"),
        ("512x512", "any"),
        ("512x512", "maskable"),
    ] {
        let icon = icons
            .iter()
            .find(|i| i["sizes"] == size && i["purpose"] == purpose)
            .unwrap_or_else(|| panic!("an icon {size} {purpose} in {data}"));
        let png = reqwest::get(server.at(icon["src"].as_str().unwrap()))
            .await
            .unwrap();
        assert_eq!(png.status(), 200);
        assert_eq!(png.headers()["content-type"], "image/png");
    }

    // The worker is active and controls the page; it kept the app shell and, although the
    // page was opened before it took over, this page.
    let state = client
        .execute_async(
            "const [done] = arguments; navigator.serviceWorker.ready.then((r) => done(r.active.state));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(state, json!("activated"));
    let first = wait_for_caches(&browser, "the first visit is kept", |c| {
        holds_page(c, "/bookings")
            && c.iter().any(|(name, path)| {
                name.starts_with("platzwahl-shell-") && path == "/pkg/platzwahl.wasm"
            })
    })
    .await;
    let old_caches: Vec<String> = first.iter().map(|(name, _)| name.clone()).collect();

    // Pages that are not the person's offline pages, and API answers, are never kept.
    client.goto(&server.at("/rooms")).await.unwrap();
    browser.wait_for_hydration().await;
    client
        .execute_async(
            "const [done] = arguments; fetch('/api/v1/bookings/mine').then((r) => r.text()).then(() => done(true));",
            vec![],
        )
        .await
        .unwrap();
    let now = cached(&browser).await;
    assert!(
        now.iter()
            .all(|(name, path)| !name.starts_with("platzwahl-pages-")
                || path == "/bookings"
                || path.starts_with("/check-in/")),
        "{now:?}"
    );

    // Signing out deletes the person's pages.
    client.goto(&server.at("/bookings")).await.unwrap();
    browser.wait_for_hydration().await;
    client
        .find(Locator::Css("form[action='/sign-out'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_url(&url::Url::parse(&server.at("/sign-in")).unwrap())
        .await
        .expect("signing out leads to the sign-in page");
    wait_for_caches(&browser, "no page of the person after signing out", |c| {
        !c.iter()
            .any(|(name, _)| name.starts_with("platzwahl-pages-"))
    })
    .await;

    // Signed in again: my bookings and the check-in page of the booked desk, visited once.
    let cookie = server.demo_session("employee").await;
    browser.use_session(&server, &cookie).await;
    let check_in = format!("/check-in/desk/{desk_id}");
    client.goto(&server.at(&check_in)).await.unwrap();
    browser.wait_for_hydration().await;
    let check_in_online = browser.text_of("main h1").await;
    client.goto(&server.at("/bookings")).await.unwrap();
    browser.wait_for_hydration().await;
    let row_online = booking_row(&browser, booking).await;
    wait_for_caches(&browser, "both pages are kept", |c| {
        holds_page(c, "/bookings") && holds_page(c, &check_in)
    })
    .await;
    assert_eq!(browser.text_of("#app-status").await, "", "online: no note");

    // The server is gone: the kept copies, with a note since when.
    let url = server.at("/bookings");
    server.terminate();
    client.goto(&url).await.unwrap();
    let note = browser
        .wait_for_text("#app-status", "Offline — Stand vom")
        .await;
    assert!(
        note.split_whitespace().any(|word| {
            word.len() == 5
                && word.as_bytes()[2] == b':'
                && word.replace(':', "").chars().all(|c| c.is_ascii_digit())
        }),
        "the note tells the time as HH:MM: {note}"
    );
    let role = client
        .find(Locator::Css("#app-status"))
        .await
        .unwrap()
        .attr("role")
        .await
        .unwrap();
    assert_eq!(
        role.as_deref(),
        Some("status"),
        "screen readers announce it"
    );
    assert_eq!(booking_row(&browser, booking).await, row_online);
    client
        .goto(&format!("http://127.0.0.1:{port}{check_in}"))
        .await
        .unwrap();
    browser
        .wait_for_text("#app-status", "Offline — Stand vom")
        .await;
    assert_eq!(browser.text_of("main h1").await, check_in_online);

    // A new version (other files) on the same address: the page offers it, and once taken,
    // the old caches are gone.
    let site = tempfile::tempdir().unwrap();
    copy_dir(&site_root(), site.path());
    let css = site.path().join("pkg/platzwahl.css");
    let mut style = std::fs::read_to_string(&css).unwrap();
    style.push_str("\n/* the next version */\n");
    std::fs::write(&css, style).unwrap();
    let server = start_on(port, Some(site.path()), Some(&database));
    client.goto(&server.at("/sign-in")).await.unwrap();
    browser.wait_for_hydration().await;
    browser.wait_for_text("#app-status", "Neue Version").await;
    client
        .execute("window.__beforeReload = true; return true;", vec![])
        .await
        .unwrap();
    client
        .find(Locator::Css("#app-status button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let after = wait_for_caches(&browser, "the old caches are deleted", |c| {
        !c.is_empty() && c.iter().all(|(name, _)| !old_caches.contains(name))
    })
    .await;
    assert!(
        after.iter().any(
            |(name, path)| name.starts_with("platzwahl-shell-") && path == "/pkg/platzwahl.css"
        ),
        "{after:?}"
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let marker = client
            .execute("return window.__beforeReload === true;", vec![])
            .await
            .unwrap_or(json!(true));
        if marker == json!(false) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the page reloads with the new version"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    browser.close().await;
    server.terminate();
    database.remove().await;
}

#[tokio::test]
async fn the_manifest_and_the_worker_are_served_as_browsers_need_them() {
    let server = Server::start(Options::default());
    let worker = reqwest::get(server.at("/sw.js")).await.unwrap();
    assert_eq!(worker.status(), 200);
    let headers = worker.headers().clone();
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript"),
        "{headers:?}"
    );
    assert_eq!(headers["cache-control"], "no-cache");
    let policy = headers["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("connect-src 'self'"), "{policy}");
    let script = worker.text().await.unwrap();
    assert!(!script.contains("__VERSION__") && !script.contains("__SHELL_FILES__"));

    let english = reqwest::Client::new()
        .get(server.at("/manifest.webmanifest"))
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await
        .unwrap();
    assert_eq!(english.status(), 200);
    assert_eq!(
        english.headers()["content-type"],
        "application/manifest+json"
    );
    let manifest: Value = english.json().await.unwrap();
    assert_eq!(manifest["lang"], "en");
    assert_eq!(manifest["shortcuts"][0]["name"], "My bookings");
    assert_eq!(manifest["scope"], "/");
    server.terminate();
}
