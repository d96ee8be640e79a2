//! Door and floor displays against the real server and a real Chromium: a room's door display
//! shows "frei", a reservation made through the API shows up on it without a reload, and when
//! the reservation's time has come it shows "belegt bis …"; it says since when it is offline
//! while the server is down and recovers by itself after the restart; a protected room's
//! display names nobody and no subject. Only a device token of scope `display` opens a
//! display (401 without, 403 with another scope or a person's session). The floor display
//! marks a desk booked through the API without a reload and names nobody. Two instances on
//! one PostgreSQL database: a display connected to one shows a reservation made through the
//! other.
//!
//! The tests that reserve "now" or "from the next quarter" run on an [`Afternoon`] building:
//! its time zone is one where it is early afternoon whenever the test runs, so no reservation
//! crosses midnight and no test has to skip near it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Timelike};
use chrono_tz::Tz;
use reqwest::StatusCode;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use tests::browser::Browser;
use tests::db::{Backend, TestDatabase};
use tests::server::{Options, Server, free_port, run_command};

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

/// The time zone in which it is between 13:00 and 15:00 now (a fixed offset, `Etc/GMT…`).
fn afternoon_tz() -> Tz {
    let east = 13 - i32::try_from(chrono::Utc::now().hour()).unwrap();
    // `Etc/GMT-3` is three hours east of Greenwich (the sign is POSIX's).
    let name = match east {
        0 => "Etc/GMT".to_string(),
        east if east > 0 => format!("Etc/GMT-{east}"),
        west => format!("Etc/GMT+{}", -west),
    };
    name.parse().unwrap()
}

/// The demo seeded into a fresh database, both its buildings moved to the time zone where it
/// is early afternoon now ([`afternoon_tz`]): a server started on it has "now", "from the next
/// quarter" and "for the next hour" on one day, whenever the test runs. (The server reads the
/// time zone when it starts; it seeds nothing, the demo being there.)
struct Afternoon {
    database: TestDatabase,
    tz: Tz,
}

impl Afternoon {
    /// `None` when `backend` is not available here.
    async fn seed(backend: Backend) -> Option<Afternoon> {
        let database = TestDatabase::create(backend).await?;
        let (ok, log) = run_command(&["seed-demo"], database.url());
        assert!(ok, "seeding the demo failed:\n{log}");
        let tz = afternoon_tz();
        database
            .connection()
            .execute_unprepared(&format!("UPDATE building SET timezone = '{}'", tz.name()))
            .await
            .unwrap();
        Some(Afternoon { database, tz })
    }

    /// The options of a server on this database.
    fn options(&self) -> Options {
        Options {
            database_url: Some(self.database.url().to_owned()),
            ..Options::default()
        }
    }

    /// Now, in the buildings' time zone.
    fn now(&self) -> DateTime<Tz> {
        chrono::Utc::now().with_timezone(&self.tz)
    }

    /// Today, in the buildings' time zone.
    fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }

    /// The time now as `HH:MM`, in the buildings' time zone.
    fn clock(&self) -> String {
        self.now().format("%H:%M").to_string()
    }

    /// The next quarter of an hour at least a minute from now and half an hour after it, as
    /// `HH:MM`: the same day, it being early afternoon.
    fn next_half_hour(&self) -> (String, String) {
        let now = self.now();
        let minutes = now.hour() * 60 + now.minute() + 1;
        let start = (minutes / 15 + 1) * 15;
        let end = start + 30;
        assert!(end < 24 * 60, "{now} is early afternoon");
        let hhmm = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
        (hhmm(start), hhmm(end))
    }

    /// Removes the database.
    async fn remove(self) {
        self.database.remove().await;
    }
}

/// A server on an [`Afternoon`] building and a door display's device token.
struct Door {
    afternoon: Afternoon,
    server: Server,
    token: String,
}

impl Door {
    /// `None` when `backend` is not available here.
    async fn start(backend: Backend) -> Option<Door> {
        let afternoon = Afternoon::seed(backend).await?;
        let server = Server::start(afternoon.options());
        let token = device_token(&server, &["display"]).await;
        Some(Door {
            afternoon,
            server,
            token,
        })
    }

    /// Stops the server (cleanly) and removes the database.
    async fn finish(self) {
        assert!(self.server.terminate(), "the server stops cleanly");
        self.afternoon.remove().await;
    }
}

/// Reserves `room` today from `from` to `to` for `client`, with the fields of `extra` (such as
/// a subject); the reservation's id.
async fn reserve_today(
    afternoon: &Afternoon,
    server: &Server,
    client: &reqwest::Client,
    room: i64,
    (from, to): (&str, &str),
    extra: Value,
) -> i64 {
    let mut body = json!({
        "room_id": room, "day": afternoon.today(), "from": from, "to": to,
    });
    if let Value::Object(extra) = extra {
        body.as_object_mut().unwrap().extend(extra);
    }
    let response = client
        .post(server.at("/api/v1/room-reservations"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let result: Value = response.json().await.unwrap();
    result["dates"][0]["result"]["id"].as_i64().expect("an id")
}

/// Moves the start of the reservations `filter` picks to five minutes ago, as the clock
/// would (reservations cannot begin in the past).
async fn begun(database: &TestDatabase, filter: sea_orm::sea_query::SimpleExpr) {
    entities::room_reservation::Entity::update_many()
        .col_expr(
            entities::room_reservation::Column::StartsAt,
            Expr::value(chrono::Utc::now() - chrono::Duration::minutes(5)),
        )
        .filter(filter)
        .exec(database.connection())
        .await
        .unwrap();
}

/// The ids of the protected rooms free from `from` to `to` today, as a counsellor finds them.
async fn free_protected_rooms(
    afternoon: &Afternoon,
    server: &Server,
    counsellor: &reqwest::Client,
    (from, to): (&str, &str),
) -> Vec<i64> {
    let found: Value = counsellor
        .get(server.at(&format!(
            "/api/v1/rooms?privacy=protected&day={}&from={from}&to={to}",
            afternoon.today()
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
    let afternoon = Afternoon::seed(Backend::Sqlite).await.unwrap();
    let (from, to) = afternoon.next_half_hour();
    let port = free_port();
    let options = Options {
        env: vec![("PLATZWAHL_LISTEN".into(), format!("127.0.0.1:{port}"))],
        ..afternoon.options()
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
    for id in free_protected_rooms(&afternoon, &server, &counsellor, (&from, &to)).await {
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
    let reservation = reserve_today(
        &afternoon,
        &server,
        &counsellor,
        room,
        (&from, &to),
        json!({ "subject": SUBJECT, "notes": NOTES, "attendees": 2 }),
    )
    .await;
    let detail = browser
        .wait_for_text("#display .display-detail", &format!("bis {from}"))
        .await;
    assert_eq!(detail, format!("bis {from}"));
    let taken = browser
        .wait_for_text("#display .slot-taken", &format!("{from}–{to}"))
        .await;
    assert!(taken.contains("belegt"), "{taken}");

    // Its time comes: "belegt bis" its end, again without a reload.
    begun(
        &afternoon.database,
        entities::room_reservation::Column::Id.eq(reservation),
    )
    .await;
    let state = browser
        .wait_for_text("#display .display-state", &format!("belegt bis {to}"))
        .await;
    assert_eq!(state, format!("belegt bis {to}"));
    let next = browser.text_now("#display .display-next").await;
    assert!(next.contains(&to), "{next}");
    assert!(not_reloaded(&browser).await, "the display was not reloaded");

    // Nobody's name, no subject, no note: not shown, not in the page, not in the stream's
    // content, not in what a device gets from the server.
    let shown = browser.text_now("body").await;
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
    browser
        .wait_for_value(
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
    afternoon.remove().await;
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
    let afternoon = Afternoon::seed(Backend::Sqlite).await.unwrap();
    let server = Server::start(afternoon.options());
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
    // Early afternoon there: the afternoon of today is bookable.
    let slot = "afternoon";
    let day = afternoon.today();
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
    let before = browser.wait_for_value(&state_of, |s| !s.is_empty()).await;
    assert!(before == "free" || before == "occupied", "{before}");
    let free_before = browser.text_now(".display-desks-free").await;
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
    browser.wait_for_value(&state_of, |s| s == "booked").await;
    assert!(
        not_reloaded(&browser).await,
        "the floor display was not reloaded"
    );
    if before == "free" {
        let free_after = browser.text_now(".display-desks-free").await;
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
    afternoon.remove().await;
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
    let Some(afternoon) = Afternoon::seed(Backend::Postgres).await else {
        return;
    };
    let (from, to) = afternoon.next_half_hour();
    let first = Server::start(afternoon.options());
    let second = Server::start(afternoon.options());
    let token = device_token(&first, &["display"]).await;
    let counsellor = first.demo_client("counsellor").await;
    let room = free_protected_rooms(&afternoon, &first, &counsellor, (&from, &to))
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
    reserve_today(
        &afternoon,
        &first,
        &counsellor,
        room,
        (&from, &to),
        json!({ "subject": SUBJECT }),
    )
    .await;
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
    afternoon.remove().await;
}

/// The first demo person whose most special role is `role`: their id and organisation.
async fn demo_person(server: &Server, role: &str) -> (i64, String) {
    let people = server.demo_people().await;
    let person = people
        .iter()
        .find(|p| p["roles"].as_array().and_then(|r| r.last()) == Some(&json!(role)))
        .unwrap_or_else(|| panic!("a demo {role}"));
    (
        person["id"].as_i64().unwrap(),
        person["organisation"].as_str().unwrap().to_string(),
    )
}

/// A client signed in as the demo administrator of `organisation` (its name).
async fn admin_of(server: &Server, organisation: &str) -> reqwest::Client {
    let people = server.demo_people().await;
    let admin = people
        .iter()
        .find(|p| {
            p["organisation"] == organisation
                && p["roles"]
                    .as_array()
                    .is_some_and(|r| r.contains(&json!("org_admin")))
        })
        .unwrap_or_else(|| panic!("an administrator of {organisation}"));
    server.client_with(&server.session_of(admin["id"].as_i64().unwrap()).await)
}

/// Registers `badge` for person `id` of `organisation` (by its administrator).
async fn give_badge(server: &Server, organisation: &str, id: i64, badge: &str) {
    let response = admin_of(server, organisation)
        .await
        .post(server.at(&format!("/api/v1/people/{id}/badges")))
        .json(&json!({ "badge": badge }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT, "badge {badge}");
}

/// Registers `badge` for the first demo person with `role` (by their organisation's
/// administrator); their id.
async fn badge_of(server: &Server, role: &str, badge: &str) -> i64 {
    let (id, organisation) = demo_person(server, role).await;
    give_badge(server, &organisation, id, badge).await;
    id
}

/// Allows booking `room` at its door (facility management).
async fn allow_book_now(server: &Server, room: i64) {
    let manager = server.demo_client("facility_manager").await;
    let response = manager
        .put(server.at(&format!("/api/v1/rooms/{room}/door")))
        .json(&json!({ "book_now": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "book now allowed");
}

/// A room of `privacy` (`protected` or `standard`) that its display shows free now and for
/// at least the next 45 minutes (the same day: it is early afternoon there).
async fn room_free_now(door: &Door, privacy: &str) -> i64 {
    let (server, token) = (&door.server, door.token.as_str());
    let soon = (door.afternoon.now() + chrono::Duration::minutes(45))
        .format("%H:%M")
        .to_string();
    let rooms: Value = server
        .demo_client("counsellor")
        .await
        .get(server.at(&format!("/api/v1/rooms?privacy={privacy}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for room in rooms.as_array().unwrap() {
        let id = room["room"]["id"].as_i64().unwrap();
        let (status, text) =
            display_html(server, token, &format!("/api/v1/displays/rooms/{id}")).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        let day: Value = serde_json::from_str(&text).unwrap();
        let until = day["now"]["until"].as_str().unwrap_or("99:99");
        if day["now"]["state"] == "free" && until > soon.as_str() {
            return id;
        }
    }
    panic!("no {privacy} room is free for the next 45 minutes")
}

/// The active reservations of `room`: (owner, subject, checked in).
async fn reservations_of(
    database: &TestDatabase,
    room: i64,
) -> Vec<(Option<i32>, Option<String>, bool)> {
    entities::room_reservation::Entity::find()
        .filter(entities::room_reservation::Column::RoomId.eq(room))
        .filter(
            entities::room_reservation::Column::Status
                .eq(entities::enums::ReservationStatus::Active),
        )
        .all(database.connection())
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.owner_id, r.subject, r.checked_in_at.is_some()))
        .collect()
}

/// Watches the page from now on: once the display says `state` after the door's answer (a
/// `.display-message-done`), `window.__answered` holds, as JSON, how many milliseconds after
/// the answer that was, the answer and the state.
const ANSWER_TO_STATE: &str = r#"
const [needle] = arguments;
let answered = null;
window.__answered = '';
const look = () => {
  const message = document.querySelector('#door-message.display-message-done');
  if (message && answered === null) answered = performance.now();
  const state = document.querySelector('#display .display-state')?.innerText ?? '';
  if (answered !== null && state.includes(needle)) {
    observer.disconnect();
    window.__answered = JSON.stringify(
      { after: performance.now() - answered, message: message.innerText, state });
  }
};
const observer = new MutationObserver(look);
observer.observe(document.documentElement,
  { subtree: true, childList: true, characterData: true, attributes: true });
return true;
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_badge_at_the_door_books_a_free_room_now_and_refuses_who_may_not() {
    let door = Door::start(Backend::Sqlite).await.unwrap();
    let room = room_free_now(&door, "protected").await;
    let (server, token, database) = (&door.server, &door.token, &door.afternoon.database);
    allow_book_now(server, room).await;
    let counsellor = badge_of(server, "counsellor", "C0UNSEL-1").await;
    badge_of(server, "employee", "EMPL0YEE-1").await;
    let counsellor_client = server.client_with(&server.session_of(counsellor).await);
    let me: Value = counsellor_client
        .get(server.at("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let name = me["name"].as_str().unwrap().to_string();

    let Some(browser) = Browser::start().await else {
        return;
    };
    browser
        .client
        .goto(&server.at(&format!("/displays/rooms/{room}?token={token}")))
        .await
        .unwrap();
    browser
        .wait_for_text("#display .display-state", "frei")
        .await;

    // An employee may not book a protected consultation room: a clear refusal, nothing
    // written, the room still free. The badge reader types into the page; nothing has focus.
    browser
        .client
        .find(fantoccini::Locator::Css("#display [data-minutes='15']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .wait_for_text("#door-message", "15 Minuten gewählt")
        .await;
    browser
        .client
        .execute("document.activeElement.blur(); return true;", vec![])
        .await
        .unwrap();
    browser.press(&[], "EMPL0YEE-1\u{E007}").await;
    let refused = browser
        .wait_for_text("#door-message.display-message-failed", "nicht buchen")
        .await;
    assert_eq!(refused, "Diesen Raum dürfen Sie nicht buchen.");
    assert!(reservations_of(database, room).await.is_empty());
    assert_eq!(
        browser.text_now("#display .display-state").await,
        "frei",
        "the room is still free"
    );

    // The counsellor books it for 15 minutes with their badge: the display says until when,
    // and within a second that the room is taken until then, naming nobody.
    browser
        .client
        .find(fantoccini::Locator::Css("#display [data-minutes='15']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .client
        .execute(ANSWER_TO_STATE, vec![json!("belegt bis")])
        .await
        .unwrap();
    browser.press(&[], "C0UNSEL-1\u{E007}").await;
    let watched = browser
        .wait_for_value("return window.__answered;", |found| !found.is_empty())
        .await;
    let watched: Value = serde_json::from_str(&watched).unwrap();
    let message = watched["message"].as_str().unwrap();
    let state = watched["state"].as_str().unwrap();
    let until = message
        .strip_prefix("Gebucht und eingecheckt bis ")
        .and_then(|rest| rest.strip_suffix('.'))
        .unwrap_or_else(|| panic!("the answer says until when: {message}"));
    assert_eq!(state, format!("belegt bis {until}"));
    assert!(until > door.afternoon.clock().as_str(), "{until}");
    let after = watched["after"].as_f64().unwrap();
    println!("the display said 'belegt bis {until}' {after:.0} ms after the answer");
    assert!(
        after <= 1000.0,
        "the display turned 'belegt' within a second of the answer, not {after:.0} ms"
    );
    let written = reservations_of(database, room).await;
    assert_eq!(
        written,
        vec![(Some(counsellor as i32), None, true)],
        "the counsellor's reservation, without a subject, checked in"
    );
    let source = browser.client.source().await.unwrap();
    assert!(!source.contains(&name), "the counsellor is not named");
    let (_, served) = display_html(server, token, &format!("/displays/rooms/{room}")).await;
    assert!(!served.contains(&name) && served.contains(&format!("belegt bis {until}")));
    browser.close().await;
    door.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_badge_at_the_door_checks_in_the_reservation_now() {
    let door = Door::start(Backend::Sqlite).await.unwrap();
    let (server, token, database) = (&door.server, &door.token, &door.afternoon.database);
    let (from, to) = door.afternoon.next_half_hour();
    let counsellor = badge_of(server, "counsellor", "C0UNSEL-2").await;
    let client = server.client_with(&server.session_of(counsellor).await);
    let room = *free_protected_rooms(&door.afternoon, server, &client, (&from, &to))
        .await
        .first()
        .expect("a free protected room");
    reserve_today(
        &door.afternoon,
        server,
        &client,
        room,
        (&from, &to),
        json!({ "subject": SUBJECT }),
    )
    .await;
    // Its time has come (as the clock would have it).
    begun(
        database,
        entities::room_reservation::Column::RoomId.eq(room),
    )
    .await;
    assert_eq!(
        reservations_of(database, room).await,
        vec![(Some(counsellor as i32), Some(SUBJECT.to_string()), false)]
    );

    let Some(browser) = Browser::start().await else {
        return;
    };
    browser
        .client
        .goto(&server.at(&format!("/displays/rooms/{room}?token={token}")))
        .await
        .unwrap();
    browser
        .wait_for_text("#display .display-state", &format!("belegt bis {to}"))
        .await;
    // The room is taken: no booking offered, a check-in is.
    let lengths = browser
        .client
        .execute(
            "return document.querySelectorAll('#display [data-minutes]').length;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(lengths, json!(0));
    browser.press(&[], "C0UNSEL-2\u{E007}").await;
    let said = browser
        .wait_for_text("#door-message.display-message-done", "Eingecheckt")
        .await;
    assert_eq!(said, format!("Eingecheckt. Der Raum ist Ihrer bis {to}."));
    assert_eq!(
        reservations_of(database, room).await,
        vec![(Some(counsellor as i32), Some(SUBJECT.to_string()), true)],
        "the reservation is checked in"
    );
    let check_ins = entities::check_in::Entity::find()
        .filter(entities::check_in::Column::Method.eq(entities::enums::CheckInMethod::Badge))
        .all(database.connection())
        .await
        .unwrap();
    assert_eq!(check_ins.len(), 1, "one check-in by badge");
    let source = browser.client.source().await.unwrap();
    assert!(!source.contains(SUBJECT), "no subject on the display");
    browser.close().await;
    door.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_passkey_at_the_door_books_a_meeting_room_now() {
    let door = Door::start(Backend::Sqlite).await.unwrap();
    let room = room_free_now(&door, "standard").await;
    let (server, token, database) = (&door.server, &door.token, &door.afternoon.database);
    allow_book_now(server, room).await;
    let Some(browser) = Browser::start().await else {
        return;
    };
    // A person registers a passkey (a discoverable credential) in this browser.
    let (_, organisation) = demo_person(server, "employee").await;
    let admin = admin_of(server, &organisation).await;
    let person = server
        .create_employee(&admin, "Petra Passkey", "petra@example.org")
        .await;
    let link = server.invitation_link(&admin, person).await;
    browser.add_virtual_authenticator().await;
    browser.client.goto(&link).await.unwrap();
    browser.wait_for_hydration().await;
    browser
        .client
        .find(fantoccini::Locator::Css("button[data-passkey='register']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .wait_for_value("return location.pathname;", |path| path == "/")
        .await;
    // The kiosk is nobody's browser: no session (a person's session is refused there).
    browser.client.delete_all_cookies().await.unwrap();

    // At the display (the passkey's relying party is `localhost`): 30 minutes, the passkey.
    browser
        .client
        .goto(&server.localhost(&format!("/displays/rooms/{room}?token={token}")))
        .await
        .unwrap();
    browser
        .wait_for_text("#display .display-state", "frei")
        .await;
    for selector in ["#display [data-minutes='30']", "#display [data-passkey]"] {
        browser
            .client
            .find(fantoccini::Locator::Css(selector))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }
    let said = browser
        .wait_for_text("#door-message.display-message-done", "Gebucht")
        .await;
    let until = said
        .strip_prefix("Gebucht und eingecheckt bis ")
        .and_then(|rest| rest.strip_suffix('.'))
        .unwrap_or_else(|| panic!("{said}"));
    browser
        .wait_for_text("#display .display-state", &format!("belegt bis {until}"))
        .await;
    assert_eq!(
        reservations_of(database, room).await,
        vec![(Some(person as i32), None, true)],
        "the person's reservation, checked in"
    );
    let by_passkey = entities::check_in::Entity::find()
        .filter(entities::check_in::Column::Method.eq(entities::enums::CheckInMethod::Passkey))
        .all(database.connection())
        .await
        .unwrap();
    assert_eq!(by_passkey.len(), 1, "checked in by passkey");
    // No session was started on the display.
    let sessions = entities::web_session::Entity::find()
        .filter(entities::web_session::Column::PersonId.eq(person as i32))
        .all(database.connection())
        .await
        .unwrap();
    assert_eq!(sessions.len(), 1, "only the session of the registration");
    browser.close().await;
    door.finish().await;
}

/// The door's rules over HTTP, on SQLite and PostgreSQL: unknown badges, a check-in without a
/// reservation, a room that may not be booked at its door, a person without permission, a
/// booking and a second badge that then checks it in, a taken room, a bad length; only a
/// display may ask, and with its cookie only from its own page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_door_follows_the_reservation_rules_on_both_backends() {
    for backend in [Backend::Postgres, Backend::Sqlite] {
        let Some(scene) = Door::start(backend).await else {
            continue;
        };
        let room = room_free_now(&scene, "protected").await;
        let (server, token, database) = (&scene.server, &scene.token, &scene.afternoon.database);
        let counsellor = badge_of(server, "counsellor", "C0UNSEL-3").await;
        badge_of(server, "employee", "EMPL0YEE-3").await;
        let door = |badge: &str, minutes: Option<u32>| {
            let mut body = json!({ "badge": badge });
            if let Some(minutes) = minutes {
                body["minutes"] = json!(minutes);
            }
            reqwest::Client::new()
                .post(server.at(&format!("/api/v1/displays/rooms/{room}/badge")))
                .bearer_auth(token)
                .header("accept-language", "de")
                .json(&body)
                .send()
        };
        let problem = |response: reqwest::Response| async move {
            let status = response.status();
            let body: Value = response.json().await.unwrap();
            (
                status,
                body["type"].as_str().unwrap_or_default().to_string(),
            )
        };

        let (status, kind) = problem(door("NOBODY-3", Some(15)).await.unwrap()).await;
        assert_eq!(
            (status, kind.ends_with("unknown-badge")),
            (StatusCode::NOT_FOUND, true)
        );
        let (status, kind) = problem(door("C0UNSEL-3", None).await.unwrap()).await;
        assert_eq!(
            (status, kind.ends_with("no-booking")),
            (StatusCode::CONFLICT, true)
        );
        let (status, kind) = problem(door("C0UNSEL-3", Some(15)).await.unwrap()).await;
        assert_eq!(
            (status, kind.ends_with("not-bookable-here")),
            (StatusCode::CONFLICT, true),
            "{kind}"
        );
        allow_book_now(server, room).await;
        let (status, _) = problem(door("EMPL0YEE-3", Some(15)).await.unwrap()).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "an employee at a protected room"
        );
        let (status, _) = problem(door("C0UNSEL-3", Some(20)).await.unwrap()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "15 or 30 minutes");
        assert!(reservations_of(database, room).await.is_empty());

        let booked = door("C0UNSEL-3", Some(30)).await.unwrap();
        assert_eq!(booked.status(), StatusCode::OK);
        let booked: Value = booked.json().await.unwrap();
        assert_eq!(booked["done"], "booked", "{booked}");
        let until = booked["until"].as_str().unwrap().to_string();
        assert_eq!(
            booked["message"],
            format!("Gebucht und eingecheckt bis {until}.")
        );
        assert_eq!(
            reservations_of(database, room).await,
            vec![(Some(counsellor as i32), None, true)]
        );
        // The same badge again: the reservation is there, checked in already.
        let again: Value = door("C0UNSEL-3", Some(15))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(again["done"], "checked_in", "{again}");
        assert_eq!(again["until"], until.as_str());
        // The display shows it, naming nobody.
        let (_, day) = display_html(server, token, &format!("/api/v1/displays/rooms/{room}")).await;
        let day: Value = serde_json::from_str(&day).unwrap();
        assert_eq!(day["now"]["state"], "taken");
        assert_eq!(day["now"]["until"], until.as_str());
        assert_eq!(day["book_now"], true);
        // Another counsellor finds it taken.
        let people = server.demo_people().await;
        if let Some(other) = people.iter().find(|p| {
            p["id"].as_i64() != Some(counsellor)
                && p["roles"]
                    .as_array()
                    .is_some_and(|r| r.contains(&json!("counsellor")))
        }) {
            let other_id = other["id"].as_i64().unwrap();
            let organisation = other["organisation"].as_str().unwrap();
            give_badge(server, organisation, other_id, "C0UNSEL-4").await;
            let (status, kind) = problem(door("C0UNSEL-4", Some(15)).await.unwrap()).await;
            assert_eq!(
                (status, kind.ends_with("room-taken")),
                (StatusCode::CONFLICT, true)
            );
        }
        assert_eq!(reservations_of(database, room).await.len(), 1);

        // Who may ask: a person's session is refused; the display's cookie only from its page.
        let person = server.demo_client("counsellor").await;
        let response = person
            .post(server.at(&format!("/displays/rooms/{room}/badge")))
            .json(&json!({ "badge": "C0UNSEL-3" }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let by_cookie = |same_origin: bool| {
            let mut request = reqwest::Client::new()
                .post(server.at(&format!("/displays/rooms/{room}/badge")))
                .header("cookie", format!("pw_display={token}"))
                .json(&json!({ "badge": "C0UNSEL-3" }));
            if same_origin {
                request = request.header("sec-fetch-site", "same-origin");
            }
            request.send()
        };
        assert_eq!(
            by_cookie(false).await.unwrap().status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(by_cookie(true).await.unwrap().status(), StatusCode::OK);
        let foreign = reqwest::Client::new()
            .post(server.at(&format!("/displays/rooms/{room}/badge")))
            .header("cookie", format!("pw_display={token}"))
            .header("origin", "https://elsewhere.example")
            .json(&json!({ "badge": "C0UNSEL-3" }))
            .send()
            .await
            .unwrap();
        assert_eq!(foreign.status(), StatusCode::FORBIDDEN);
        scene.finish().await;
    }
}
