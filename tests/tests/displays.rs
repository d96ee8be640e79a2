//! Door and floor displays against the real server and a real Chromium: a room's door display
//! shows "frei", a reservation made through the API shows up on it without a reload, and when
//! the reservation's time has come it shows "belegt bis …"; it says since when it is offline
//! while the server is down and recovers by itself after the restart; a protected room's
//! display names nobody and no subject. Only a device token of scope `display` opens a
//! display (401 without, 403 with another scope or a person's session). The floor display
//! marks a desk booked through the API without a reload and names nobody. Two instances on
//! one PostgreSQL database: a display connected to one shows a reservation made through the
//! other.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use chrono::{NaiveTime, Timelike};
use reqwest::StatusCode;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use tests::browser::Browser;
use tests::db::{Backend, TestDatabase};
use tests::server::{Options, Server, free_port, today};

const SUBJECT: &str = "Erstberatung Familie Okonkwo";
const NOTES: &str = "Aktenzeichen 0815 vertraulich";

/// A device token with `scopes`, created by a building administrator.
async fn device_token(server: &Server, scopes: &[&str]) -> String {
    let admin = server.demo_client("building_admin").await;
    let response = admin
        .post(server.at("/api/v1/devices"))
        .json(&json!({ "name": format!("Anzeige {}", scopes.join(" ")), "scopes": scopes }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::CREATED,
        "device token {scopes:?}"
    );
    let created: Value = response.json().await.unwrap();
    let token = created["token"].as_str().unwrap().to_string();
    assert!(token.starts_with("pwd_"));
    token
}

/// The next quarter of an hour at least a minute from now, local time; `None` when half an
/// hour from it is no longer today.
fn next_quarter() -> Option<(NaiveTime, NaiveTime)> {
    let now = chrono::Utc::now()
        .with_timezone(&domain::topology::DEFAULT_TZ)
        .time();
    let minutes = now.hour() * 60 + now.minute() + 1;
    let start = (minutes / 15 + 1) * 15;
    let end = start + 30;
    if end >= 24 * 60 {
        return None;
    }
    Some((
        NaiveTime::from_hms_opt(start / 60, start % 60, 0)?,
        NaiveTime::from_hms_opt(end / 60, end % 60, 0)?,
    ))
}

/// The ids of the protected rooms free from `from` to `to` today, as a counsellor finds them.
async fn free_protected_rooms(
    server: &Server,
    counsellor: &reqwest::Client,
    from: &str,
    to: &str,
) -> Vec<i64> {
    let found: Value = counsellor
        .get(server.at(&format!(
            "/api/v1/rooms?privacy=protected&day={}&from={from}&to={to}",
            today()
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    found
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["free"] == true)
        .filter_map(|f| f["room"]["id"].as_i64())
        .collect()
}

/// A display's page as a device with `token` in the header gets it.
async fn display_html(server: &Server, token: &str, path: &str) -> (StatusCode, String) {
    let response = reqwest::Client::new()
        .get(server.at(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

/// Polls `script` (returning a string) in the page until `wanted` holds, at most 20 s; the
/// last value.
async fn wait_for_value(browser: &Browser, script: &str, wanted: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let value = browser
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
            Instant::now() < deadline,
            "{script} never became what was wanted; it is {value:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The text of the first element matching `selector` now, read in one go (the displays
/// replace their content whenever it changes, so a found element may be gone a moment later).
async fn text_now(browser: &Browser, selector: &str) -> String {
    let script = format!(
        "return document.querySelector({})?.innerText ?? '';",
        serde_json::to_string(selector).unwrap()
    );
    wait_for_value(browser, &script, |text| !text.is_empty()).await
}

/// Whether the page is still the one loaded first (the marker set then is there).
async fn not_reloaded(browser: &Browser) -> bool {
    browser
        .client
        .execute("return window.__displayMarker === 7;", vec![])
        .await
        .unwrap()
        == json!(true)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_door_display_follows_reservations_live_names_nobody_and_recovers_after_a_restart() {
    let Some((start, end)) = next_quarter() else {
        eprintln!("SKIPPED: too close to midnight for a reservation of half an hour today");
        return;
    };
    let (from, to) = (
        start.format("%H:%M").to_string(),
        end.format("%H:%M").to_string(),
    );
    let database = TestDatabase::create(Backend::Sqlite).await.unwrap();
    let port = free_port();
    let options = Options {
        database_url: Some(database.url().to_owned()),
        env: vec![("PLATZWAHL_LISTEN".into(), format!("127.0.0.1:{port}"))],
        ..Options::default()
    };
    let server = Server::start(options.clone());
    let token = device_token(&server, &["display"]).await;
    let counsellor_cookie = server.demo_session("counsellor").await;
    let counsellor = server.client_with(&counsellor_cookie);
    let me: Value = counsellor
        .get(server.at("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let counsellor_name = me["name"].as_str().unwrap_or_default().to_string();
    assert!(!counsellor_name.is_empty(), "{me}");

    // A protected room free now and for the next half hour after the next quarter.
    let mut room = None;
    for id in free_protected_rooms(&server, &counsellor, &from, &to).await {
        let (status, html) = display_html(&server, &token, &format!("/displays/rooms/{id}")).await;
        assert_eq!(status, StatusCode::OK, "{html}");
        if html.contains(r#"<p class="display-state">frei</p>"#) {
            room = Some(id);
            break;
        }
    }
    let room = room.expect("a protected room free now and later");

    let Some(browser) = Browser::start().await else {
        return;
    };
    // The kiosk opens the address with its token once; the token goes into a cookie.
    browser
        .client
        .goto(&server.at(&format!("/displays/rooms/{room}?token={token}")))
        .await
        .unwrap();
    let address = browser.client.current_url().await.unwrap();
    assert_eq!(address.path(), format!("/displays/rooms/{room}"));
    assert!(
        address.query().is_none(),
        "the token left the address: {address}"
    );
    assert_eq!(
        browser
            .wait_for_text("#display .display-state", "frei")
            .await,
        "frei"
    );
    browser
        .client
        .execute("window.__displayMarker = 7; return true;", vec![])
        .await
        .unwrap();

    // Reserved elsewhere, through the API: the display shows the time without a reload.
    let response = counsellor
        .post(server.at("/api/v1/room-reservations"))
        .json(&json!({
            "room_id": room, "day": today(), "from": from, "to": to,
            "subject": SUBJECT, "notes": NOTES, "attendees": 2,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let result: Value = response.json().await.unwrap();
    let reservation = result["dates"][0]["result"]["id"].as_i64().expect("an id");
    let detail = browser
        .wait_for_text("#display .display-detail", &format!("bis {from}"))
        .await;
    assert_eq!(detail, format!("bis {from}"));
    let taken = browser
        .wait_for_text("#display .slot-taken", &format!("{from}–{to}"))
        .await;
    assert!(taken.contains("belegt"), "{taken}");

    // Its time comes (reservations cannot begin in the past, so the test moves its start to
    // a moment ago, as the clock would): "belegt bis" its end, again without a reload.
    entities::room_reservation::Entity::update_many()
        .col_expr(
            entities::room_reservation::Column::StartsAt,
            Expr::value(chrono::Utc::now() - chrono::Duration::minutes(5)),
        )
        .filter(entities::room_reservation::Column::Id.eq(reservation))
        .exec(database.connection())
        .await
        .unwrap();
    let state = browser
        .wait_for_text("#display .display-state", &format!("belegt bis {to}"))
        .await;
    assert_eq!(state, format!("belegt bis {to}"));
    let next = text_now(&browser, "#display .display-next").await;
    assert!(next.contains(&to), "{next}");
    assert!(not_reloaded(&browser).await, "the display was not reloaded");

    // Nobody's name, no subject, no note: not shown, not in the page, not in the stream's
    // content, not in what a device gets from the server.
    let shown = text_now(&browser, "body").await;
    let source = browser.client.source().await.unwrap();
    let (_, served) = display_html(&server, &token, &format!("/displays/rooms/{room}")).await;
    for secret in [SUBJECT, NOTES, counsellor_name.as_str()] {
        assert!(!shown.contains(secret), "{secret:?} is shown: {shown}");
        assert!(!source.contains(secret), "{secret:?} is in the page");
        assert!(!served.contains(secret), "{secret:?} is served");
    }
    assert!(served.contains(&format!("belegt bis {to}")), "{served}");
    // The same for a display that draws itself: the room's day as JSON.
    let (status, json_text) =
        display_html(&server, &token, &format!("/api/v1/displays/rooms/{room}")).await;
    assert_eq!(status, StatusCode::OK, "{json_text}");
    let day: Value = serde_json::from_str(&json_text).unwrap();
    assert_eq!(day["now"]["state"], "taken", "{day}");
    assert_eq!(day["now"]["until"], to.as_str(), "{day}");
    assert_eq!(day["next_free"], to.as_str(), "{day}");
    for secret in [SUBJECT, NOTES, counsellor_name.as_str()] {
        assert!(!json_text.contains(secret), "{secret:?} is in the JSON");
    }

    // The server goes away: the display says since when it is offline.
    let (clean, _) = server.finish();
    assert!(clean, "the server stops cleanly with a display open");
    let offline = browser.wait_for_text("#offline", "Offline seit").await;
    assert!(offline.contains(':'), "{offline}");

    // It comes back on the same address: the display reconnects by itself, shows the change
    // made after the restart, and is no longer offline.
    let restarted = Server::start(options);
    let counsellor = restarted.client_with(&counsellor_cookie);
    let cancelled = counsellor
        .delete(restarted.at(&format!("/api/v1/room-reservations/{reservation}")))
        .send()
        .await
        .unwrap();
    assert!(cancelled.status().is_success(), "{}", cancelled.status());
    assert_eq!(
        browser
            .wait_for_text("#display .display-state", "frei")
            .await,
        "frei"
    );
    wait_for_value(
        &browser,
        "return String(document.getElementById('offline').hidden);",
        |hidden| hidden == "true",
    )
    .await;
    assert!(
        not_reloaded(&browser).await,
        "the display recovered without a reload"
    );
    browser.close().await;
    assert!(restarted.terminate(), "the restarted server stops cleanly");
    database.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_a_display_token_opens_a_display() {
    let server = Server::start(Options::default());
    let display = device_token(&server, &["display"]).await;
    let reader = device_token(&server, &["checkin", "read"]).await;
    let anonymous = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let employee = server.demo_session("employee").await;
    let counsellor = server.demo_client("counsellor").await;
    let rooms: Value = counsellor
        .get(server.at(&format!(
            "/api/v1/rooms?privacy=protected&day={}&from=10:00&to=11:00",
            tests::server::in_days(1)
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let room = rooms[0]["room"]["id"].as_i64().expect("a protected room");
    for path in [
        format!("/displays/rooms/{room}"),
        format!("/displays/rooms/{room}/events"),
        "/displays/floors/2?building=bundesbahndirektion".to_string(),
        "/displays/floors/2/events?building=bundesbahndirektion".to_string(),
    ] {
        // Nobody: 401, a page for a browser (no redirect to a sign-in a kiosk cannot do).
        let nobody = anonymous
            .get(server.at(&path))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(nobody.status(), StatusCode::UNAUTHORIZED, "{path}");
        // A person's session, a device without the scope, a token that does not exist.
        let person = anonymous
            .get(server.at(&path))
            .header("cookie", &employee)
            .send()
            .await
            .unwrap();
        assert_eq!(person.status(), StatusCode::FORBIDDEN, "{path} as a person");
        let other_scope = anonymous
            .get(server.at(&path))
            .bearer_auth(&reader)
            .send()
            .await
            .unwrap();
        assert_eq!(
            other_scope.status(),
            StatusCode::FORBIDDEN,
            "{path} as a reader"
        );
        let cookie_of_other_scope = anonymous
            .get(server.at(&path))
            .header("cookie", format!("pw_display={reader}"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            cookie_of_other_scope.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
        let unknown = anonymous
            .get(server.at(&path))
            .header("cookie", "pw_display=pwd_unknown")
            .send()
            .await
            .unwrap();
        assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED, "{path}");
        let allowed = anonymous
            .get(server.at(&path))
            .bearer_auth(&display)
            .send()
            .await
            .unwrap();
        assert_eq!(allowed.status(), StatusCode::OK, "{path} as a display");
        let cookie = anonymous
            .get(server.at(&path))
            .header("cookie", format!("pw_display={display}"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            cookie.status(),
            StatusCode::OK,
            "{path} with the display cookie"
        );
    }

    // The token in the address: a cookie for /displays/ only, and the address without it.
    let taken = anonymous
        .get(server.at(&format!("/displays/rooms/{room}?token={display}")))
        .send()
        .await
        .unwrap();
    assert!(taken.status().is_redirection(), "{}", taken.status());
    assert_eq!(
        taken.headers()["location"],
        format!("/displays/rooms/{room}")
    );
    let cookie = taken.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cookie.starts_with(&format!("pw_display={display};"))
            && cookie.contains("HttpOnly")
            && cookie.contains("Path=/displays/"),
        "{cookie}"
    );
    for token in [reader.as_str(), "pwd_unknown"] {
        let refused = anonymous
            .get(server.at(&format!("/displays/rooms/{room}?token={token}")))
            .send()
            .await
            .unwrap();
        assert!(
            refused.status() == StatusCode::FORBIDDEN
                || refused.status() == StatusCode::UNAUTHORIZED,
            "{token}: {}",
            refused.status()
        );
        assert!(refused.headers().get("set-cookie").is_none());
    }

    // The JSON of a room's day: a display token only.
    let json_path = format!("/api/v1/displays/rooms/{room}");
    let (status, _) = display_html(&server, &display, &json_path).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = display_html(&server, &reader, &json_path).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let nobody = anonymous.get(server.at(&json_path)).send().await.unwrap();
    assert_eq!(nobody.status(), StatusCode::UNAUTHORIZED);
    let person = anonymous
        .get(server.at(&json_path))
        .header("cookie", &employee)
        .send()
        .await
        .unwrap();
    assert_eq!(person.status(), StatusCode::FORBIDDEN);

    // A display token opens displays and nothing else.
    let api = anonymous
        .get(server.at("/api/v1/occupancy?floor=2"))
        .bearer_auth(&display)
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), StatusCode::FORBIDDEN);
    // No such room; no number.
    let (missing, _) = display_html(&server, &display, "/displays/rooms/999999").await;
    assert_eq!(missing, StatusCode::NOT_FOUND);
    let (garbage, _) = display_html(&server, &display, "/displays/rooms/abc").await;
    assert_eq!(garbage, StatusCode::BAD_REQUEST);
    assert!(server.terminate(), "the server stops cleanly");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_floor_display_marks_a_booked_desk_live_and_names_nobody() {
    let server = Server::start(Options::default());
    let token = device_token(&server, &["display"]).await;
    let employee = server.demo_client("employee").await;
    let me: Value = employee
        .get(server.at("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let name = me["name"].as_str().unwrap_or_default().to_string();
    assert!(!name.is_empty(), "{me}");
    let afternoon = chrono::Utc::now()
        .with_timezone(&domain::topology::DEFAULT_TZ)
        .hour()
        >= 12;
    let slot = if afternoon { "afternoon" } else { "full_day" };
    let day = today();
    // A free desk in the employee's home zones today.
    let mut found = None;
    for level in 0..=4 {
        let response = employee
            .get(server.at(&format!(
                "/api/v1/availability?building=bundesbahndirektion&floor={level}&day={day}&slot={slot}"
            )))
            .send()
            .await
            .unwrap();
        if !response.status().is_success() {
            continue;
        }
        let floor: Value = response.json().await.unwrap();
        if let Some(desk) = floor["desks"].as_array().and_then(|desks| {
            desks
                .iter()
                .find(|d| d["home_zone"] == true && d["state"] == "free")
        }) {
            found = Some((level, desk.clone()));
            break;
        }
    }
    let (level, desk) = found.expect("a free home desk today");
    let label = desk["label"].as_str().unwrap().to_string();
    let path = format!("/displays/floors/{level}?building=bundesbahndirektion");

    let Some(browser) = Browser::start().await else {
        return;
    };
    browser
        .client
        .goto(&server.at(&format!("{path}&token={token}")))
        .await
        .unwrap();
    let state_of = format!(
        "return document.querySelector('[data-desk=\"{label}\"]')?.getAttribute('data-state') || '';"
    );
    let before = wait_for_value(&browser, &state_of, |s| !s.is_empty()).await;
    assert!(before == "free" || before == "occupied", "{before}");
    let free_before = text_now(&browser, ".display-desks-free").await;
    browser
        .client
        .execute("window.__displayMarker = 7; return true;", vec![])
        .await
        .unwrap();

    let booked: Value = employee
        .post(server.at("/api/v1/bookings"))
        .json(&json!({
            "desk_id": desk["id"], "slot": slot,
            "days": {"kind": "days", "days": [day]}
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(booked[0]["result"]["booking_id"].is_i64(), "{booked}");
    wait_for_value(&browser, &state_of, |s| s == "booked").await;
    assert!(
        not_reloaded(&browser).await,
        "the floor display was not reloaded"
    );
    if before == "free" {
        let free_after = text_now(&browser, ".display-desks-free").await;
        assert_eq!(
            free_after.parse::<i64>().unwrap() + 1,
            free_before.parse::<i64>().unwrap(),
            "one desk fewer is free"
        );
    }
    // The desk says it is booked in words, and by whom nowhere.
    let title = browser
        .client
        .execute(
            &format!("return document.querySelector('[data-desk=\"{label}\"] title').textContent;"),
            vec![],
        )
        .await
        .unwrap();
    assert!(
        title.as_str().unwrap_or_default().ends_with("gebucht"),
        "{title}"
    );
    let source = browser.client.source().await.unwrap();
    assert!(
        !source.contains(&name),
        "the booker's name is in the floor display"
    );
    browser.close().await;
    assert!(server.terminate(), "the server stops cleanly");
}

/// Reads an event stream until `expected` arrives; whether it did within `within`.
async fn until_sent(stream: &mut reqwest::Response, expected: &str, within: Duration) -> bool {
    let start = Instant::now();
    let mut received = String::new();
    while !received.contains(expected) {
        let Some(left) = within.checked_sub(start.elapsed()) else {
            return false;
        };
        match tokio::time::timeout(left, stream.chunk()).await {
            Ok(Ok(Some(chunk))) => received.push_str(&String::from_utf8_lossy(&chunk)),
            _ => return false,
        }
    }
    true
}

/// Two instances on one PostgreSQL database, as behind a load balancer: a door display
/// connected to one of them shows a reservation made through the other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reservation_through_one_instance_reaches_the_displays_of_another() {
    let Some((start, end)) = next_quarter() else {
        eprintln!("SKIPPED: too close to midnight for a reservation of half an hour today");
        return;
    };
    let (from, to) = (
        start.format("%H:%M").to_string(),
        end.format("%H:%M").to_string(),
    );
    let Some(database) = TestDatabase::create(Backend::Postgres).await else {
        return;
    };
    let options = Options {
        database_url: Some(database.url().to_owned()),
        ..Options::default()
    };
    let first = Server::start(options.clone());
    let second = Server::start(options);
    let token = device_token(&first, &["display"]).await;
    let counsellor = first.demo_client("counsellor").await;
    let room = free_protected_rooms(&first, &counsellor, &from, &to)
        .await
        .first()
        .copied()
        .expect("a free protected room");

    let mut stream = reqwest::Client::new()
        .get(second.at(&format!("/displays/rooms/{room}/events")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    assert!(
        until_sent(&mut stream, "event: state", Duration::from_secs(10)).await,
        "the stream sends the display's state when it opens"
    );
    let response = counsellor
        .post(first.at("/api/v1/room-reservations"))
        .json(&json!({
            "room_id": room, "day": today(), "from": from, "to": to, "subject": SUBJECT,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    assert!(
        until_sent(
            &mut stream,
            &format!("{from}–{to}"),
            Duration::from_secs(10)
        )
        .await,
        "the other instance's display shows the reservation"
    );
    drop(stream);
    assert!(first.terminate() && second.terminate(), "both stop cleanly");
    database.remove().await;
}
