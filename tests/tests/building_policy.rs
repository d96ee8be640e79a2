//! Building-wide policies and maintenance blocks (issue 18, "Building administrators"),
//! through the real server binary (demo building) on SQLite and PostgreSQL, and in Chromium:
//!
//! 1. a building's own policy changes what bookings may do: a day further ahead than it allows
//!    is refused; a unit's policy still wins over it; removed, the default for every building
//!    applies (and it, too, changes what bookings may do); limits out of range are refused
//!    with a problem naming the field, and nothing changes; the change is in the audit log;
//! 2. only building administrators read or set them: an organisation administrator, a
//!    facility manager and an employee get 403, nobody signed in 401, and nothing changes;
//! 3. the pages, in Chromium: a facility manager blocks a booked desk on `/admin/blocks` and
//!    the page reports the booking moved (it is on another desk then), the block is listed and
//!    ended; a building administrator saves a building's policy on `/admin/policies` and sees
//!    the saved value; both pages without a WCAG 2.1 AA violation axe finds.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use fantoccini::Locator;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tests::api::{demo_person, expect, send};
use tests::axe::Axe;
use tests::browser::Browser;
use tests::db::Backend;
use tests::pages::{DEMO_BUILDING, SECOND_DEMO_BUILDING};
use tests::server::{Options, Server, find_desk, in_days, problem_type, start_with, stop};

const CITY: &str = "Stadt Wuppertal";

/// A server with demo sign-ins not rate-limited (the tests sign in often).
fn options() -> Options {
    Options {
        env: vec![(
            "PLATZWAHL_AUTH__SIGN_IN_ATTEMPTS_PER_MINUTE".into(),
            "1000".into(),
        )],
        ..Options::default()
    }
}

/// A building-wide policy allowing `days` ahead, otherwise open.
fn policy(days: i64) -> Value {
    json!({
        "max_days_ahead": days,
        "max_bookings_per_week": null,
        "half_days_allowed": true,
        "overflow": "none",
        "checkin_grace_min": 30,
        "auto_release": false,
        "release_without_sensor": false
    })
}

/// Books `desk` for `day` as `client`: the response.
async fn book(
    client: &reqwest::Client,
    server: &Server,
    desk: &Value,
    day: chrono::NaiveDate,
) -> reqwest::Response {
    send(
        client,
        server,
        Method::POST,
        "/api/v1/bookings",
        &json!({
            "desk_id": desk["id"], "slot": "full_day",
            "days": {"kind": "days", "days": [day]}
        }),
    )
    .await
}

/// Books `desk` on `day` until the answer is `refused` (a policy refuses) or not: bookings
/// read the policies again within seconds, so until then the old answer may come (a booking
/// made meanwhile is cancelled again).
async fn until_booking(
    person: &reqwest::Client,
    server: &Server,
    desk: &Value,
    day: chrono::NaiveDate,
    refused: bool,
    what: &str,
) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let response = book(person, server, desk, day).await;
        let status = response.status();
        if status == StatusCode::UNPROCESSABLE_ENTITY {
            assert_eq!(problem_type(response).await, "/problems/policy-limit");
            if refused {
                return;
            }
        } else {
            assert!(status.is_success(), "booking: {status}");
            let body: Value = response.json().await.unwrap();
            let id = body[0]["result"]["booking_id"]
                .as_i64()
                .unwrap_or_else(|| panic!("booked: {body}"));
            expect(
                person,
                server,
                Method::DELETE,
                &format!("/api/v1/bookings/{id}"),
                Value::Null,
                StatusCode::NO_CONTENT,
            )
            .await;
            if !refused {
                return;
            }
        }
        assert!(Instant::now() < deadline, "{what}");
    }
}

async fn a_building_policy_changes_what_bookings_may_do(backend: Backend) {
    let Some((server, database)) = start_with(backend, options()).await else {
        return;
    };
    let admin = server.demo_client("building_admin").await;
    let city = server.client_with(
        &server
            .session_of(
                demo_person(&server, CITY, "org_admin").await["id"]
                    .as_i64()
                    .unwrap(),
            )
            .await,
    );
    let employee = demo_person(&server, CITY, "employee").await;
    let person = server.client_with(&server.session_of(employee["id"].as_i64().unwrap()).await);
    let building_path = format!("/api/v1/buildings/{DEMO_BUILDING}/policy");

    // The demo building has a policy of its own (14 days); the second building has none.
    let all = expect(
        &admin,
        &server,
        Method::GET,
        "/api/v1/policies",
        Value::Null,
        StatusCode::OK,
    )
    .await;
    let buildings = all["buildings"].as_array().unwrap();
    let of = |slug: &str| {
        buildings
            .iter()
            .find(|b| b["building"] == slug)
            .unwrap_or_else(|| panic!("{slug} in {all}"))
            .clone()
    };
    assert_eq!(of(DEMO_BUILDING)["origin"], "building", "{all}");
    assert_eq!(of(DEMO_BUILDING)["own"]["max_days_ahead"], 14);
    assert!(of(SECOND_DEMO_BUILDING)["own"].is_null(), "{all}");

    let day = in_days(10);
    let (_, desk) = find_desk(&server, &person, day, |d| {
        d["home_zone"] == true && d["state"] == "free"
    })
    .await
    .expect("a free desk in a home zone");
    until_booking(
        &person,
        &server,
        &desk,
        day,
        false,
        "ten days ahead is allowed",
    )
    .await;

    // Limits out of range are refused, naming the field; nothing changes.
    for (field, value) in [
        ("max_days_ahead", json!(9999)),
        ("max_days_ahead", json!(-1)),
        ("max_bookings_per_week", json!(15)),
        ("checkin_grace_min", json!(241)),
    ] {
        let mut bad = policy(3);
        bad[field] = value;
        let problem = expect(
            &admin,
            &server,
            Method::PUT,
            &building_path,
            bad,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(problem["type"], "/problems/out-of-range", "{problem}");
        assert!(
            problem["detail"]
                .as_str()
                .unwrap_or_default()
                .contains(field),
            "the problem names {field}: {problem}"
        );
    }
    let mut unknown = policy(3);
    unknown["max_days"] = json!(3);
    expect(
        &admin,
        &server,
        Method::PUT,
        &building_path,
        unknown,
        StatusCode::BAD_REQUEST,
    )
    .await;
    let unchanged = expect(
        &admin,
        &server,
        Method::GET,
        &building_path,
        Value::Null,
        StatusCode::OK,
    )
    .await;
    assert_eq!(unchanged["own"]["max_days_ahead"], 14, "{unchanged}");
    expect(
        &admin,
        &server,
        Method::PUT,
        "/api/v1/buildings/no-such-building/policy",
        policy(3),
        StatusCode::NOT_FOUND,
    )
    .await;

    // The building's own policy: three days ahead; ten days ahead is refused then.
    let set = expect(
        &admin,
        &server,
        Method::PUT,
        &building_path,
        policy(3),
        StatusCode::OK,
    )
    .await;
    assert_eq!(set["own"]["max_days_ahead"], 3, "{set}");
    assert_eq!(set["applies"]["max_days_ahead"], 3, "{set}");
    assert_eq!(set["origin"], "building");
    until_booking(
        &person,
        &server,
        &desk,
        day,
        true,
        "the building's policy applies to bookings",
    )
    .await;

    // A unit's own policy still wins over the building's.
    let units = expect(
        &city,
        &server,
        Method::GET,
        "/api/v1/units",
        Value::Null,
        StatusCode::OK,
    )
    .await;
    let unit_id = units["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == employee["unit"])
        .expect("the employee's unit")["id"]
        .as_i64()
        .unwrap();
    let unit_path = format!("/api/v1/units/{unit_id}/policy");
    expect(
        &city,
        &server,
        Method::PUT,
        &unit_path,
        json!({"max_days_ahead": 20, "max_bookings_per_week": null, "half_days_allowed": true, "overflow": "none"}),
        StatusCode::OK,
    )
    .await;
    until_booking(
        &person,
        &server,
        &desk,
        day,
        false,
        "the unit's policy wins over the building's",
    )
    .await;
    expect(
        &city,
        &server,
        Method::DELETE,
        &unit_path,
        Value::Null,
        StatusCode::OK,
    )
    .await;
    until_booking(
        &person,
        &server,
        &desk,
        day,
        true,
        "without the unit's policy the building's applies again",
    )
    .await;

    // Removed, the default for every building applies: twelve days ahead allow ten again.
    let default = expect(
        &admin,
        &server,
        Method::PUT,
        "/api/v1/policy",
        policy(12),
        StatusCode::OK,
    )
    .await;
    assert!(default["building"].is_null(), "{default}");
    assert_eq!(default["origin"], "default", "{default}");
    let removed = expect(
        &admin,
        &server,
        Method::DELETE,
        &building_path,
        Value::Null,
        StatusCode::OK,
    )
    .await;
    assert!(removed["own"].is_null(), "{removed}");
    assert_eq!(removed["origin"], "default", "{removed}");
    assert_eq!(removed["applies"]["max_days_ahead"], 12, "{removed}");
    until_booking(
        &person,
        &server,
        &desk,
        day,
        false,
        "the default applies where the building has no policy",
    )
    .await;
    // The default changed to five days: ten days ahead is refused.
    expect(
        &admin,
        &server,
        Method::PUT,
        "/api/v1/policy",
        policy(5),
        StatusCode::OK,
    )
    .await;
    until_booking(
        &person,
        &server,
        &desk,
        day,
        true,
        "a changed default applies to bookings",
    )
    .await;

    // Without the default either, the built-in policy (14 days) applies.
    let built_in = expect(
        &admin,
        &server,
        Method::DELETE,
        "/api/v1/policy",
        Value::Null,
        StatusCode::OK,
    )
    .await;
    assert_eq!(built_in["origin"], "built_in", "{built_in}");
    until_booking(
        &person,
        &server,
        &desk,
        day,
        false,
        "the built-in policy allows ten days ahead",
    )
    .await;

    // Every change is in the audit log, with ids only (read page by page: the bookings tried
    // above are there too).
    let mut changes: Vec<Value> = Vec::new();
    let mut before: Option<i64> = None;
    loop {
        let page = expect(
            &admin,
            &server,
            Method::GET,
            &match before {
                Some(id) => format!("/api/v1/audit?limit=200&before={id}"),
                None => "/api/v1/audit?limit=200".to_owned(),
            },
            Value::Null,
            StatusCode::OK,
        )
        .await;
        changes.extend(
            page["entries"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["action"] == "policies.building_set")
                .cloned(),
        );
        match page["next_before"].as_i64() {
            Some(next) => before = Some(next),
            None => break,
        }
    }
    assert_eq!(
        changes.len(),
        5,
        "building set, default set, building removed, default changed and removed: {changes:?}"
    );
    assert!(
        changes
            .iter()
            .all(|e| e["actor"].is_string() && e["detail"].is_string()),
        "{changes:?}"
    );
    assert!(
        changes.iter().any(|e| e["entity_id"] == "default"),
        "{changes:?}"
    );

    stop(server, database).await;
}

async fn only_building_administrators_set_building_policies(backend: Backend) {
    let Some((server, database)) = start_with(backend, options()).await else {
        return;
    };
    let admin = server.demo_client("building_admin").await;
    let before = expect(
        &admin,
        &server,
        Method::GET,
        "/api/v1/policies",
        Value::Null,
        StatusCode::OK,
    )
    .await;
    let building_path = format!("/api/v1/buildings/{DEMO_BUILDING}/policy");
    let routes = [
        (Method::GET, "/api/v1/policies".to_owned(), Value::Null),
        (Method::GET, "/api/v1/policy".to_owned(), Value::Null),
        (Method::PUT, "/api/v1/policy".to_owned(), policy(1)),
        (Method::DELETE, "/api/v1/policy".to_owned(), Value::Null),
        (Method::GET, building_path.clone(), Value::Null),
        (Method::PUT, building_path.clone(), policy(1)),
        (Method::DELETE, building_path.clone(), Value::Null),
    ];
    let forms = [
        ("get_policies_admin", String::new()),
        (
            "save_building_policy",
            format!(
                "building={DEMO_BUILDING}&max_days_ahead=1&max_bookings_per_week=&overflow=none&checkin_grace_min=30&release=off"
            ),
        ),
        (
            "remove_building_policy",
            format!("building={DEMO_BUILDING}"),
        ),
    ];
    for role in ["org_admin", "facility_manager", "employee"] {
        let client = server.demo_client(role).await;
        for (method, path, body) in &routes {
            let response = send(&client, &server, method.clone(), path, body).await;
            assert_eq!(
                response.status(),
                StatusCode::FORBIDDEN,
                "{role} {method} {path}"
            );
            assert_eq!(problem_type(response).await, "/problems/forbidden");
        }
        for (name, form) in &forms {
            let response = client
                .post(server.at(&format!("/api/{name}")))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form.clone())
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{role} {name}");
        }
    }
    let nobody = reqwest::Client::new();
    for (method, path, body) in &routes {
        let response = send(&nobody, &server, method.clone(), path, body).await;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "anonymous {method} {path}"
        );
    }
    let after = expect(
        &admin,
        &server,
        Method::GET,
        "/api/v1/policies",
        Value::Null,
        StatusCode::OK,
    )
    .await;
    assert_eq!(before, after, "nothing changed");

    stop(server, database).await;
}

#[tokio::test]
async fn a_building_policy_changes_what_bookings_may_do_on_sqlite() {
    a_building_policy_changes_what_bookings_may_do(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_building_policy_changes_what_bookings_may_do_on_postgres() {
    a_building_policy_changes_what_bookings_may_do(Backend::Postgres).await;
}

#[tokio::test]
async fn only_building_administrators_set_building_policies_on_sqlite() {
    only_building_administrators_set_building_policies(Backend::Sqlite).await;
}

#[tokio::test]
async fn only_building_administrators_set_building_policies_on_postgres() {
    only_building_administrators_set_building_policies(Backend::Postgres).await;
}

/// Fails on axe's violations of the page shown.
async fn assert_accessible(browser: &Browser, page: &str) {
    if let Some(axe) = Axe::load() {
        let violations = axe.check(browser).await;
        assert!(
            violations.is_empty(),
            "WCAG 2.1 AA on {page}: {}",
            violations
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

/// Fails when the page shown scrolls sideways at 320 CSS pixels (WCAG 1.4.10), naming it.
async fn assert_reflows(browser: &Browser, page: &str) {
    browser.set_viewport(320, 640).await;
    let widths = browser
        .client
        .execute(
            "const e = document.scrollingElement; return [e.scrollWidth, e.clientWidth];",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        widths[0].as_u64() <= widths[1].as_u64(),
        "{page} scrolls sideways at 320 px: {widths}"
    );
}

/// Sets the value of the form field `id` as a person choosing or typing it would.
async fn set_field(browser: &Browser, id: &str, value: &str) {
    browser
        .client
        .execute(
            "const field = document.getElementById(arguments[0]);
             field.value = arguments[1];
             field.dispatchEvent(new Event('input', {bubbles: true}));
             field.dispatchEvent(new Event('change', {bubbles: true}));
             return field.value;",
            vec![json!(id), json!(value)],
        )
        .await
        .unwrap_or_else(|err| panic!("#{id}: {err}"));
}

/// The person's upcoming booking on `day`: (booking id, desk id).
async fn booking_on(server: &Server, cookie: &str, day: chrono::NaiveDate) -> Option<(i64, i64)> {
    let mine: Value = server
        .client_with(cookie)
        .get(server.at("/api/v1/bookings/mine"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    mine["upcoming"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["day"] == day.to_string() && b["status"] == "active")
        .map(|b| (b["id"].as_i64().unwrap(), b["desk_id"].as_i64().unwrap()))
}

#[tokio::test]
async fn a_facility_manager_blocks_a_booked_desk_on_the_page_and_the_booking_moves() {
    let server = Server::start(options());
    let Some(browser) = Browser::start().await else {
        return;
    };
    // An employee's booking five days ahead.
    let employee = server.demo_session("employee").await;
    let day = in_days(5);
    tests::server::book_a_home_desk(&server, &employee).await;
    let (_, booked_desk) = booking_on(&server, &employee, day)
        .await
        .expect("the booking");

    let manager = server.demo_session("facility_manager").await;
    browser.use_session(&server, &manager).await;
    let client = &browser.client;
    client.goto(&server.at("/admin/blocks")).await.unwrap();
    browser.wait_for_hydration().await;
    browser.wait_for_text("h1", "Sperrungen").await;
    assert_accessible(&browser, "/admin/blocks").await;
    assert_reflows(&browser, "/admin/blocks").await;
    // The page is in the facility manager's menu.
    client
        .find(Locator::Css("nav.person-menu a[href='/admin/blocks']"))
        .await
        .expect("a menu link to the blocks");

    // Block the booked desk on that day, for a reason.
    set_field(&browser, "block-place", &format!("desk:{booked_desk}")).await;
    set_field(&browser, "block-from", &day.to_string()).await;
    set_field(&browser, "block-to", &day.to_string()).await;
    set_field(&browser, "block-reason", "Malerarbeiten").await;
    client
        .find(Locator::Css("#create-block button[type='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let outcome = browser
        .wait_for_text("#create-block-outcome", "Gesperrt")
        .await;
    assert!(
        outcome.contains("Buchungen verlegt: 1, ohne freien Platz: 0"),
        "the page tells the booking moved: {outcome}"
    );
    let role = client
        .execute(
            "return document.getElementById('create-block-outcome')?.getAttribute('role');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(role, "status");
    // The block is listed, with what it did.
    let row = browser
        .wait_for_text("#blocks tbody", "Malerarbeiten")
        .await;
    assert!(row.contains(&day.to_string()), "{row}");
    let counts = client
        .execute(
            "const row = document.querySelector('#blocks tbody tr');
             return [row.children[5].textContent, row.children[6].textContent];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        counts,
        json!(["1", "0"]),
        "moved and without a desk, in the list"
    );
    let listed: Value = server
        .client_with(&manager)
        .get(server.at("/api/v1/blocks"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        listed[0]["moved"], 1,
        "the API lists what the repair did: {listed}"
    );
    // The booking is on another desk now.
    let (_, now_on) = booking_on(&server, &employee, day)
        .await
        .expect("the booking is still there");
    assert_ne!(
        now_on, booked_desk,
        "the booking moved off the blocked desk"
    );

    // The block ends with its button; the list is empty then.
    client
        .find(Locator::Css("#blocks tbody button[type='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .wait_for_text("#end-block-outcome", "aufgehoben")
        .await;
    browser
        .wait_for_text("#blocks-none", "Keine Sperrungen")
        .await;
    let blocks: Value = server
        .client_with(&manager)
        .get(server.at("/api/v1/blocks"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(blocks, json!([]), "the block ended");

    browser.close().await;
    let (clean, _) = server.finish();
    assert!(clean, "the server stops cleanly");
}

#[tokio::test]
async fn a_building_administrator_saves_a_policy_on_the_page() {
    let server = Server::start(options());
    let Some(browser) = Browser::start().await else {
        return;
    };
    let cookie = server.demo_session("building_admin").await;
    browser.use_session(&server, &cookie).await;
    let client = &browser.client;
    client.goto(&server.at("/admin/policies")).await.unwrap();
    browser.wait_for_hydration().await;
    let id = SECOND_DEMO_BUILDING;
    browser
        .wait_for_text(
            &format!("#policy-{id}-applies"),
            "Voreinstellung, nichts gespeichert",
        )
        .await;
    assert_accessible(&browser, "/admin/policies").await;
    assert_reflows(&browser, "/admin/policies").await;
    client
        .find(Locator::Css("nav.person-menu a[href='/admin/policies']"))
        .await
        .expect("a menu link to the policies");

    // A value out of range is refused with an alert inside the form.
    set_field(&browser, &format!("policy-{id}-grace"), "500").await;
    client
        .execute(
            "document.getElementById(arguments[0]).closest('form').noValidate = true;",
            vec![json!(format!("policy-{id}-grace"))],
        )
        .await
        .unwrap();
    client
        .find(Locator::Id(&format!("policy-{id}-save")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let alert = browser
        .wait_for_text(&format!("#policy-{id}-outcome"), "checkin_grace_min")
        .await;
    assert!(!alert.is_empty());
    let role = client
        .execute(
            "return document.querySelector(arguments[0])?.getAttribute('role');",
            vec![json!(format!("#policy-{id}-outcome"))],
        )
        .await
        .unwrap();
    assert_eq!(role, "alert");

    // Three days ahead, 15 minutes to check in, released by the sensor: saved and shown.
    set_field(&browser, &format!("policy-{id}-days"), "3").await;
    set_field(&browser, &format!("policy-{id}-grace"), "15").await;
    set_field(&browser, &format!("policy-{id}-release"), "sensor").await;
    client
        .find(Locator::Id(&format!("policy-{id}-save")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .wait_for_text(&format!("#policy-{id}-outcome"), "Gespeichert")
        .await;
    let applies = browser
        .wait_for_text(&format!("#policy-{id}-applies"), "3 Tage im Voraus")
        .await;
    assert!(
        applies.contains("15 Minuten") && applies.contains("eigene Regel des Gebäudes"),
        "{applies}"
    );
    let days = client
        .execute(
            "return document.getElementById(arguments[0]).value;",
            vec![json!(format!("policy-{id}-days"))],
        )
        .await
        .unwrap();
    assert_eq!(days, "3", "the form shows the saved value");
    let stored: Value = server
        .client_with(&cookie)
        .get(server.at(&format!("/api/v1/buildings/{id}/policy")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(stored["own"]["max_days_ahead"], 3, "{stored}");
    assert_eq!(stored["own"]["checkin_grace_min"], 15, "{stored}");
    assert_eq!(stored["own"]["auto_release"], true, "{stored}");
    assert_eq!(stored["own"]["release_without_sensor"], false, "{stored}");

    browser.close().await;
    let (clean, _) = server.finish();
    assert!(clean, "the server stops cleanly");
}
