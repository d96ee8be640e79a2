//! The real server binary on a free port with a fresh database: health, readiness, the pages
//! a person sees first, the language switch and a graceful stop.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use tests::server::{Options, Server};

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn get(server: &Server, path: &str, cookie: Option<&str>) -> (u16, String) {
    let mut request = client().get(server.at(path));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// The number of desks drawn on a floor plan page.
fn desks_drawn(html: &str) -> usize {
    html.matches("class=\"desk desk-").count()
}

#[tokio::test]
async fn a_fresh_server_is_healthy_ready_and_shows_the_demo_building() {
    let server = Server::start(Options::default());

    let (status, body) = get(&server, "/healthz", None).await;
    assert_eq!((status, body.as_str()), (200, "ok"));

    let (status, body) = get(&server, "/readyz", None).await;
    assert_eq!(status, 200, "{body}");
    let ready: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(ready["database"], "ok");
    assert_eq!(ready["mqtt"], "ok");

    let (status, page) = get(&server, "/", None).await;
    assert_eq!(status, 303, "pages need a sign-in: {page}");
    let cookie = server.demo_session("employee").await;
    let (status, home) = get(&server, "/", Some(&cookie)).await;
    assert_eq!(status, 200);
    assert!(home.contains("Bundesbahndirektion Wuppertal"));
    for floor in [
        "Erdgeschoss",
        "1. Obergeschoss",
        "2. Obergeschoss",
        "3. Obergeschoss",
    ] {
        assert!(home.contains(floor), "the building page lists {floor}");
    }
    assert!(home.contains("Demo-Modus"), "demo mode is marked");
}

#[tokio::test]
async fn the_floor_page_shows_every_desk_and_room_of_the_floor_server_side() {
    let server = Server::start(Options::default());
    let cookie = server.demo_session("employee").await;
    let (status, page) = get(&server, "/floors/2", Some(&cookie)).await;
    assert_eq!(status, 200);
    // Floor 2 of the demo building: 3 work zones of 32 desks and a quiet zone of 24.
    assert_eq!(desks_drawn(&page), 120);
    assert!(page.contains("data-desk=\"2.14\""));
    assert!(page.contains("<svg"), "the plan is an SVG");
    assert!(page.contains("Sitzungssaal") || page.contains("2.S01"));
    // The same desks as a list for screen readers.
    assert!(page.contains("Arbeitsplätze als Liste (120)"));

    let (_, ground) = get(&server, "/floors/0", Some(&cookie)).await;
    assert_eq!(desks_drawn(&ground), 64);
    assert!(
        ground.contains("room room-protected"),
        "protected rooms are drawn"
    );
}

#[tokio::test]
async fn a_desk_chosen_by_link_is_shown_without_javascript() {
    let server = Server::start(Options::default());
    let cookie = server.demo_session("employee").await;
    let (_, page) = get(&server, "/floors/2?desk=1", Some(&cookie)).await;
    // Any desk id of floor 2 works; take the first one the page links to.
    let first: String = page
        .split("href=\"/buildings/bundesbahndirektion/floors/2?")
        .filter_map(|rest| rest.split('"').next())
        .find_map(|query| query.split("desk=").nth(1))
        .unwrap()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let (_, page) = get(&server, &format!("/floors/2?desk={first}"), Some(&cookie)).await;
    assert!(
        page.contains("class=\"desk-details\""),
        "details are rendered on the server"
    );
}

#[tokio::test]
async fn german_is_the_default_and_the_english_switch_sticks() {
    let server = Server::start(Options::default());
    let session = server.demo_session("employee").await;
    let (_, page) = get(&server, "/floors/1", Some(&session)).await;
    assert!(page.contains("<html lang=\"de\""));
    assert!(page.contains("Grundriss"));

    let response = client()
        .get(server.at("/lang/en?back=%2Ffloors%2F1"))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection());
    assert_eq!(response.headers()["location"], "/floors/1");
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("pw_lang=en"));

    let (_, page) = get(
        &server,
        "/floors/1",
        Some(&format!("pw_lang=en; {session}")),
    )
    .await;
    assert!(page.contains("<html lang=\"en\""));
    assert!(page.contains("Floor plan"));

    // The browser's own language counts when nothing was chosen.
    let page = client()
        .get(server.at("/"))
        .header("accept-language", "en-GB,en;q=0.9")
        .header("cookie", &session)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Demo mode"));
}

#[tokio::test]
async fn the_language_switch_never_redirects_to_another_site() {
    let server = Server::start(Options::default());
    for back in ["https%3A%2F%2Fevil.example%2F", "%2F%2Fevil.example%2F"] {
        let response = client()
            .get(server.at(&format!("/lang/en?back={back}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["location"], "/");
    }
}

#[tokio::test]
async fn an_unknown_floor_says_not_found() {
    let server = Server::start(Options::default());
    let cookie = server.demo_session("employee").await;
    let (_, page) = get(&server, "/floors/99", Some(&cookie)).await;
    assert!(page.contains("Nicht gefunden."));
}

#[tokio::test]
async fn sigterm_stops_the_server_cleanly() {
    let server = Server::start(Options::default());
    assert!(
        server.terminate(),
        "platzwahl exits with success on SIGTERM"
    );
}

/// JSON logs for a log collector: every line is a JSON object, and the lines of a request
/// carry the id its response names in `x-request-id` (a proxy's id is kept); no line names
/// the person or carries the query string.
#[tokio::test]
async fn json_logs_name_each_request_by_the_id_its_response_carries() {
    let server = Server::start(Options {
        env: vec![("PLATZWAHL_LOG_FORMAT".into(), "json".into())],
        ..Options::default()
    });
    let cookie = server.demo_session("employee").await;
    let response = client()
        .get(server.at("/api/v1/bookings/mine?secret=token-in-query"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    let proxied = client()
        .get(server.at("/healthz"))
        .header("x-request-id", "lb-4711")
        .send()
        .await
        .unwrap();
    assert_eq!(proxied.headers()["x-request-id"], "lb-4711");

    assert!(
        server.wait_for_log("lb-4711").await,
        "the proxy's request id is logged"
    );
    let (clean, all) = server.finish();
    assert!(clean, "the server stops cleanly");
    for line in all.lines() {
        assert!(
            serde_json::from_str::<serde_json::Value>(line).is_ok(),
            "not JSON: {line}"
        );
    }
    let of_request: Vec<&str> = all.lines().filter(|l| l.contains(&id)).collect();
    assert!(
        of_request.iter().any(|l| l.contains("\"status\":200")),
        "the response is logged with its status under the request id: {of_request:?}"
    );
    assert!(
        !all.contains("token-in-query"),
        "no query string in the log"
    );
    assert!(!all.contains("pw_session="), "no session cookie in the log");
}

#[tokio::test]
async fn a_server_on_postgres_is_ready_and_shows_the_floor() {
    let Some(db) = tests::db::TestDatabase::create(tests::db::Backend::Postgres).await else {
        return;
    };
    let server = Server::start(Options {
        database_url: Some(db.url().to_string()),
        ..Options::default()
    });
    let (status, body) = get(&server, "/readyz", None).await;
    assert_eq!(status, 200, "{body}");
    let cookie = server.demo_session("employee").await;
    let (_, page) = get(&server, "/floors/3", Some(&cookie)).await;
    assert_eq!(desks_drawn(&page), 88);
    drop(server);
    db.remove().await;
}

#[tokio::test]
async fn the_web_assets_are_sent_compressed() {
    let server = Server::start(Options::default());
    for (encoding, path) in [
        ("br", "/pkg/platzwahl.wasm"),
        ("gzip", "/pkg/platzwahl.css"),
    ] {
        let response = client()
            .get(server.at(path))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["content-encoding"], encoding, "{path}");
    }
}

#[tokio::test]
async fn the_building_page_marks_the_home_zones_of_the_persons_unit_in_words() {
    let server = Server::start(Options::default());
    let employee = server.demo_session("employee").await;
    let (_, page) = get(&server, "/", Some(&employee)).await;
    assert!(page.contains("Heimatzone Ihrer Einheit"), "{page}");
    // Only the zones of the unit are marked, not every zone.
    let zones = page.matches("class=\"zone-chip ").count();
    let home = page.matches("Heimatzone Ihrer Einheit").count();
    assert!(home > 0 && home < zones, "{home} of {zones} zones");
}
