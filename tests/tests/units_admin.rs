//! An organisation's units over the REST API and the page's server functions, through the real
//! server binary (demo building) on SQLite and PostgreSQL (issue 18, "Organisation
//! administrators", units):
//!
//! 1. units are created (a taken or malformed short name refused), renamed, merged (people and
//!    the home zones the other unit lacks move; the merged unit is closed) and closed (refused
//!    while people are in it);
//! 2. home zones come only from the zones given to the organisation: an ungranted zone is
//!    refused with a problem naming it, and nothing changes;
//! 3. deputies are active counsellors of the same organisation;
//! 4. organisation scoping: the Jobcenter's administrator gets 404 for every units route and
//!    server function aimed at the city's units and people, sees none of them, and changes
//!    nothing; an employee gets 403;
//! 5. a unit's policy takes effect on bookings: a day further ahead than it allows is refused.
//! 6. the page, in Chromium and by keyboard: no WCAG 2.1 AA violation axe finds, a unit renamed
//!    with the keyboard alone, and a refused close shown as an alert inside its form that the
//!    button names.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use fantoccini::Locator;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tests::api::{client_of, demo_person, expect, launch, send, server_fn};
use tests::axe::Axe;
use tests::browser::Browser;
use tests::db::Backend;
use tests::server::{Options, Server, find_desk, in_days, problem_type, stop};

const CITY: &str = "Stadt Wuppertal";
const JOBCENTER: &str = "Jobcenter Wuppertal";

async fn overview(client: &reqwest::Client, server: &Server) -> Value {
    expect(
        client,
        server,
        Method::GET,
        "/api/v1/units",
        Value::Null,
        StatusCode::OK,
    )
    .await
}

/// The unit of `overview` with the short name `slug`.
fn unit<'a>(overview: &'a Value, slug: &str) -> &'a Value {
    overview["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["slug"] == slug)
        .unwrap_or_else(|| panic!("no unit {slug} in {overview}"))
}

fn zone_ids(unit: &Value) -> Vec<i64> {
    unit["home_zones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|z| z["id"].as_i64().unwrap())
        .collect()
}

fn ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_i64().unwrap())
        .collect()
}

async fn units_are_run_by_their_own_organisation_only(backend: Backend) {
    let Some((server, database)) = launch(backend).await else {
        return;
    };
    let city = client_of(&server, CITY, "org_admin").await;
    let jobcenter = client_of(&server, JOBCENTER, "org_admin").await;
    let employee = demo_person(&server, CITY, "employee").await;
    let employee_id = employee["id"].as_i64().unwrap();

    let before = overview(&city, &server).await;
    assert_eq!(before["units"].as_array().unwrap().len(), 6, "{before}");
    let given: Vec<i64> = ids(&before["zones"]);
    assert!(given.len() >= 2, "zones given to the city: {given:?}");

    // 1. Create, refuse a taken or malformed short name, rename.
    let created = expect(
        &city,
        &server,
        Method::POST,
        "/api/v1/units",
        json!({"slug": "buergerbuero", "name": "Bürgerbüro"}),
        StatusCode::CREATED,
    )
    .await;
    let a = created["id"].as_i64().unwrap();
    assert_eq!(created["closed"], false);
    let taken = send(
        &city,
        &server,
        Method::POST,
        "/api/v1/units",
        &json!({"slug": "buergerbuero", "name": "Noch eins"}),
    )
    .await;
    assert_eq!(taken.status(), StatusCode::CONFLICT);
    let malformed = send(
        &city,
        &server,
        Method::POST,
        "/api/v1/units",
        &json!({"slug": "Kein Kurzname", "name": "x"}),
    )
    .await;
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    assert_eq!(problem_type(malformed).await, "/problems/invalid-input");
    let renamed = expect(
        &city,
        &server,
        Method::PATCH,
        &format!("/api/v1/units/{a}"),
        json!({"name": "Bürgerbüro Mitte"}),
        StatusCode::OK,
    )
    .await;
    assert_eq!(renamed["name"], "Bürgerbüro Mitte");
    let b = expect(
        &city,
        &server,
        Method::POST,
        "/api/v1/units",
        json!({"slug": "archiv", "name": "Archiv"}),
        StatusCode::CREATED,
    )
    .await["id"]
        .as_i64()
        .unwrap();

    // 2. Home zones: only the zones given to the city; an ungranted one changes nothing.
    let grants = expect(
        &city,
        &server,
        Method::GET,
        "/api/v1/planner/grants",
        Value::Null,
        StatusCode::OK,
    )
    .await;
    let ungranted = grants
        .as_array()
        .unwrap()
        .iter()
        .find(|g| {
            !g["organisations"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o["name"] == CITY)
        })
        .expect("a zone not given to the city");
    let ungranted_id = ungranted["zone"]["id"].as_i64().unwrap();
    assert!(!given.contains(&ungranted_id));
    let refused = send(
        &city,
        &server,
        Method::PUT,
        &format!("/api/v1/units/{a}/home-zones"),
        &json!({"zones": [given[0], ungranted_id]}),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let problem: Value = refused.json().await.unwrap();
    let zone_name = ungranted["zone"]["name"].as_str().unwrap();
    assert!(
        problem["detail"].as_str().unwrap().contains(zone_name),
        "the problem names the zone {zone_name}: {problem}"
    );
    assert!(
        zone_ids(unit(&overview(&city, &server).await, "buergerbuero")).is_empty(),
        "nothing changed"
    );
    let set = expect(
        &city,
        &server,
        Method::PUT,
        &format!("/api/v1/units/{a}/home-zones"),
        json!({"zones": [given[1], given[0]]}),
        StatusCode::OK,
    )
    .await;
    assert_eq!(zone_ids(&set), vec![given[1], given[0]]);
    assert_eq!(set["home_zones"][0]["priority"], 1);
    expect(
        &city,
        &server,
        Method::PUT,
        &format!("/api/v1/units/{b}/home-zones"),
        json!({"zones": [given[0]]}),
        StatusCode::OK,
    )
    .await;

    // 3. Close is refused while people are in the unit; merging moves them and the zones
    // the other unit lacks, and closes the unit.
    let home_unit = employee["unit"].as_str().unwrap().to_string();
    let home_slug = before["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == home_unit.as_str())
        .map(|u| u["slug"].as_str().unwrap().to_string())
        .unwrap();
    expect(
        &city,
        &server,
        Method::PATCH,
        &format!("/api/v1/people/{employee_id}"),
        json!({"unit": "buergerbuero"}),
        StatusCode::OK,
    )
    .await;
    let busy = send(
        &city,
        &server,
        Method::POST,
        &format!("/api/v1/units/{a}/close"),
        &Value::Null,
    )
    .await;
    assert_eq!(busy.status(), StatusCode::CONFLICT);
    let merged = expect(
        &city,
        &server,
        Method::POST,
        &format!("/api/v1/units/{a}/merge"),
        json!({"into": b}),
        StatusCode::OK,
    )
    .await;
    assert_eq!(merged["people_moved"], 1);
    assert_eq!(merged["zones_added"], 1);
    assert_eq!(zone_ids(&merged["unit"]), vec![given[0], given[1]]);
    assert_eq!(merged["unit"]["people"], 1);
    let after = overview(&city, &server).await;
    let closed = unit(&after, "buergerbuero");
    assert_eq!(closed["closed"], true);
    assert_eq!(closed["people"], 0);
    assert!(zone_ids(closed).is_empty());
    let person = expect(
        &city,
        &server,
        Method::GET,
        &format!("/api/v1/people/{employee_id}"),
        Value::Null,
        StatusCode::OK,
    )
    .await;
    assert_eq!(person["unit"]["id"], b);
    let into_closed = send(
        &city,
        &server,
        Method::POST,
        &format!("/api/v1/units/{b}/merge"),
        &json!({"into": a}),
    )
    .await;
    assert_eq!(into_closed.status(), StatusCode::CONFLICT);
    let to_closed = send(
        &city,
        &server,
        Method::PATCH,
        &format!("/api/v1/people/{employee_id}"),
        &json!({"unit": "buergerbuero"}),
    )
    .await;
    assert_eq!(
        to_closed.status(),
        StatusCode::BAD_REQUEST,
        "nobody moves into a closed unit"
    );
    expect(
        &city,
        &server,
        Method::PATCH,
        &format!("/api/v1/people/{employee_id}"),
        json!({"unit": home_slug}),
        StatusCode::OK,
    )
    .await;
    let closed = expect(
        &city,
        &server,
        Method::POST,
        &format!("/api/v1/units/{b}/close"),
        Value::Null,
        StatusCode::OK,
    )
    .await;
    assert_eq!(closed["closed"], true);
    assert!(zone_ids(&closed).is_empty());

    // 4. Deputies: active counsellors of the same organisation, not oneself.
    let counsellors = ids(&after["counsellors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["counsellor"].clone())
        .collect::<Value>());
    assert!(counsellors.len() >= 2, "city counsellors: {counsellors:?}");
    let (c1, c2) = (counsellors[0], counsellors[1]);
    let deputies = expect(
        &city,
        &server,
        Method::PUT,
        &format!("/api/v1/people/{c1}/deputies"),
        json!({"deputies": [c2]}),
        StatusCode::OK,
    )
    .await;
    assert_eq!(ids(&deputies["deputies"]), vec![c2]);
    let read = expect(
        &city,
        &server,
        Method::GET,
        &format!("/api/v1/people/{c1}/deputies"),
        Value::Null,
        StatusCode::OK,
    )
    .await;
    assert_eq!(ids(&read["deputies"]), vec![c2]);
    for refused in [employee_id, c1] {
        let response = send(
            &city,
            &server,
            Method::PUT,
            &format!("/api/v1/people/{c1}/deputies"),
            &json!({"deputies": [refused]}),
        )
        .await;
        assert_eq!(
            response.status(),
            StatusCode::BAD_REQUEST,
            "deputy {refused}"
        );
    }
    let jobcenter_view = overview(&jobcenter, &server).await;
    let jobcenter_counsellor = jobcenter_view["counsellors"][0]["counsellor"]["id"]
        .as_i64()
        .expect("a Jobcenter counsellor");
    let foreign = send(
        &city,
        &server,
        Method::PUT,
        &format!("/api/v1/people/{c1}/deputies"),
        &json!({"deputies": [jobcenter_counsellor]}),
    )
    .await;
    assert_eq!(foreign.status(), StatusCode::NOT_FOUND);
    let read = expect(
        &city,
        &server,
        Method::GET,
        &format!("/api/v1/people/{c1}/deputies"),
        Value::Null,
        StatusCode::OK,
    )
    .await;
    assert_eq!(ids(&read["deputies"]), vec![c2], "refusals change nothing");

    // 5. The Jobcenter's administrator: none of the city's units or people, 404 for every
    // route and server function aimed at them, and nothing changes.
    let city_unit = unit(&after, "einwohnermeldeamt")["id"].as_i64().unwrap();
    let jobcenter_unit = jobcenter_view["units"][0]["id"].as_i64().unwrap();
    let city_ids = ids(&after["units"]);
    assert!(
        ids(&jobcenter_view["units"])
            .iter()
            .all(|id| !city_ids.contains(id)),
        "the Jobcenter sees none of the city's units"
    );
    assert!(
        !jobcenter_view.to_string().contains("einwohnermeldeamt"),
        "nor their names"
    );
    let city_before = overview(&city, &server).await;
    for (method, path, body) in [
        (
            Method::PATCH,
            format!("/api/v1/units/{city_unit}"),
            json!({"name": "Übernommen"}),
        ),
        (
            Method::POST,
            format!("/api/v1/units/{city_unit}/merge"),
            json!({"into": jobcenter_unit}),
        ),
        (
            Method::POST,
            format!("/api/v1/units/{jobcenter_unit}/merge"),
            json!({"into": city_unit}),
        ),
        (
            Method::POST,
            format!("/api/v1/units/{city_unit}/close"),
            Value::Null,
        ),
        (
            Method::PUT,
            format!("/api/v1/units/{city_unit}/home-zones"),
            json!({"zones": []}),
        ),
        (
            Method::PUT,
            format!("/api/v1/units/{city_unit}/policy"),
            json!({"max_days_ahead": 0, "half_days_allowed": false, "overflow": "none"}),
        ),
        (
            Method::DELETE,
            format!("/api/v1/units/{city_unit}/policy"),
            Value::Null,
        ),
        (
            Method::GET,
            format!("/api/v1/people/{c1}/deputies"),
            Value::Null,
        ),
        (
            Method::PUT,
            format!("/api/v1/people/{c1}/deputies"),
            json!({"deputies": []}),
        ),
        (
            Method::PUT,
            format!("/api/v1/people/{jobcenter_counsellor}/deputies"),
            json!({"deputies": [c1]}),
        ),
    ] {
        let response = send(&jobcenter, &server, method.clone(), &path, &body).await;
        assert_eq!(
            response.status(),
            StatusCode::NOT_FOUND,
            "the Jobcenter's {method} {path}"
        );
        assert_eq!(problem_type(response).await, "/problems/not-found");
    }
    for (name, form) in [
        ("rename_unit", format!("id={city_unit}&name=x")),
        (
            "merge_unit",
            format!("id={city_unit}&into={jobcenter_unit}"),
        ),
        (
            "merge_unit",
            format!("id={jobcenter_unit}&into={city_unit}"),
        ),
        ("close_unit", format!("id={city_unit}")),
        (
            "set_unit_home_zones",
            format!("id={city_unit}&rank%5B{}%5D=1", given[0]),
        ),
        (
            "set_unit_policy",
            format!("id={city_unit}&max_days_ahead=0&max_bookings_per_week=&overflow=none"),
        ),
        ("remove_unit_policy", format!("id={city_unit}")),
        ("add_deputy", format!("counsellor={c1}&deputy={c2}")),
        ("remove_deputy", format!("counsellor={c1}&deputy={c2}")),
        (
            "add_deputy",
            format!("counsellor={jobcenter_counsellor}&deputy={c1}"),
        ),
    ] {
        let (status, body) = server_fn(&jobcenter, &server, name, &form).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "the Jobcenter's {name}({form}): {body}"
        );
    }
    let (status, body) = server_fn(&jobcenter, &server, "get_units_admin", "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !body.contains("einwohnermeldeamt") && body.contains("jobcenter-leistung"),
        "the Jobcenter's page shows its own units only: {body}"
    );
    assert_eq!(
        overview(&city, &server).await,
        city_before,
        "the Jobcenter changed nothing of the city's"
    );

    // The page's server functions do what the API does, for the unit's own administrator.
    let (status, body) = server_fn(
        &city,
        &server,
        "set_unit_home_zones",
        &format!(
            "id={city_unit}&rank%5B{}%5D=2&rank%5B{}%5D=1",
            given[0], given[1]
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        zone_ids(unit(&overview(&city, &server).await, "einwohnermeldeamt")),
        vec![given[1], given[0]]
    );
    let (status, body) = server_fn(
        &city,
        &server,
        "set_unit_home_zones",
        &format!("id={city_unit}&rank%5B{ungranted_id}%5D=1"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    // An employee may not see the units.
    let plain = server.client_with(&server.session_of(employee_id).await);
    let forbidden = send(&plain, &server, Method::GET, "/api/v1/units", &Value::Null).await;
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);

    // Every change is in the audit log, by ids and counts.
    let audit = expect(
        &city,
        &server,
        Method::GET,
        "/api/v1/audit?limit=200",
        Value::Null,
        StatusCode::OK,
    )
    .await;
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    for action in [
        "units.created",
        "units.renamed",
        "units.merged",
        "units.closed",
        "units.home_zones_set",
        "units.deputies_set",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    assert!(
        !audit.to_string().contains("Bürgerbüro"),
        "no names in the audit log"
    );

    stop(server, database).await;
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

/// The booking id of a successful booking's response.
async fn booked(response: reqwest::Response) -> i64 {
    let body: Value = response.json().await.unwrap();
    body[0]["result"]["booking_id"]
        .as_i64()
        .unwrap_or_else(|| panic!("booked: {body}"))
}

async fn a_unit_policy_takes_effect_on_bookings(backend: Backend) {
    let Some((server, database)) = launch(backend).await else {
        return;
    };
    let city = client_of(&server, CITY, "org_admin").await;
    let employee = demo_person(&server, CITY, "employee").await;
    let person = server.client_with(&server.session_of(employee["id"].as_i64().unwrap()).await);
    let units = overview(&city, &server).await;
    let unit_id = units["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == employee["unit"])
        .expect("the employee's unit")["id"]
        .as_i64()
        .unwrap();
    let day = in_days(10);
    let (_, desk) = find_desk(&server, &person, day, |d| {
        d["home_zone"] == true && d["state"] == "free"
    })
    .await
    .expect("a free desk in a home zone");

    // Ten days ahead is allowed by the building's policy.
    let response = book(&person, &server, &desk, day).await;
    assert!(response.status().is_success(), "{}", response.status());
    let id = booked(response).await;
    expect(
        &person,
        &server,
        Method::DELETE,
        &format!("/api/v1/bookings/{id}"),
        Value::Null,
        StatusCode::NO_CONTENT,
    )
    .await;

    // The unit's own policy allows two days ahead.
    let set = expect(
        &city,
        &server,
        Method::PUT,
        &format!("/api/v1/units/{unit_id}/policy"),
        json!({"max_days_ahead": 2, "max_bookings_per_week": null, "half_days_allowed": true, "overflow": "none"}),
        StatusCode::OK,
    )
    .await;
    assert_eq!(set["policy"]["max_days_ahead"], 2);
    let out_of_range = send(
        &city,
        &server,
        Method::PUT,
        &format!("/api/v1/units/{unit_id}/policy"),
        &json!({"max_days_ahead": 9999, "half_days_allowed": true, "overflow": "none"}),
    )
    .await;
    assert_eq!(out_of_range.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = out_of_range.json().await.unwrap();
    assert_eq!(problem["type"], "/problems/out-of-range", "{problem}");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("max_days_ahead"),
        "the problem names the field: {problem}"
    );

    // Bookings read the policies again within seconds: until then a booking may still pass
    // (it is cancelled again); then ten days ahead is refused.
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let response = book(&person, &server, &desk, day).await;
        if response.status() == StatusCode::UNPROCESSABLE_ENTITY {
            assert_eq!(problem_type(response).await, "/problems/policy-limit");
            break;
        }
        assert!(
            response.status().is_success(),
            "booking: {}",
            response.status()
        );
        let id = booked(response).await;
        expect(
            &person,
            &server,
            Method::DELETE,
            &format!("/api/v1/bookings/{id}"),
            Value::Null,
            StatusCode::NO_CONTENT,
        )
        .await;
        assert!(
            Instant::now() < deadline,
            "the unit's policy applies to bookings"
        );
    }
    // Removing the unit's policy lets the building's apply again.
    let removed = expect(
        &city,
        &server,
        Method::DELETE,
        &format!("/api/v1/units/{unit_id}/policy"),
        Value::Null,
        StatusCode::OK,
    )
    .await;
    assert!(removed["policy"].is_null());

    stop(server, database).await;
}

#[tokio::test]
async fn the_units_page_works_by_keyboard() {
    let server = Server::start(Options::default());
    let Some(browser) = Browser::start().await else {
        return;
    };
    let admin = demo_person(&server, CITY, "org_admin").await;
    let cookie = server.session_of(admin["id"].as_i64().unwrap()).await;
    let units = overview(&server.client_with(&cookie), &server).await;
    let id = unit(&units, "einwohnermeldeamt")["id"].as_i64().unwrap();
    browser.use_session(&server, &cookie).await;
    let client = &browser.client;
    client.goto(&server.at("/admin/units")).await.unwrap();
    browser.wait_for_hydration().await;
    browser
        .wait_for_text("#units tbody", "Einwohnermeldeamt")
        .await;
    if let Some(axe) = Axe::load() {
        let violations = axe.check(&browser).await;
        assert!(
            violations.is_empty(),
            "WCAG 2.1 AA on /admin/units: {}",
            violations
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }

    // Renamed with the keyboard alone: the field has the focus, Enter sends the form.
    client
        .execute(
            "document.getElementById(arguments[0]).focus();",
            vec![json!(format!("rename-{id}"))],
        )
        .await
        .unwrap();
    browser.press(&['\u{E009}'], "a").await;
    browser.press(&[], "Meldeamt Mitte\u{E007}").await;
    browser
        .wait_for_text(&format!("#rename-{id}-outcome"), "Gespeichert")
        .await;
    browser
        .wait_for_text("#units tbody", "Meldeamt Mitte")
        .await;

    // Closing a unit with people in it is refused: an alert inside the form, which the
    // button names as its description.
    client
        .find(Locator::Css(&format!("#close-{id}-hint + button")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let alert = browser
        .wait_for_text(&format!("#close-{id}-outcome"), "people")
        .await;
    assert!(alert.contains("Das geht gerade nicht"), "{alert}");
    // Read at one moment in the page: the units are read again after the form was sent.
    let attributes = client
        .execute(
            "const [outcome, button] = arguments; return [
                document.querySelector(outcome)?.getAttribute('role'),
                document.querySelector(button)?.getAttribute('aria-describedby')];",
            vec![
                serde_json::json!(format!("#close-{id}-outcome")),
                serde_json::json!(format!("#close-{id}-hint + button")),
            ],
        )
        .await
        .expect("the alert's role and the button's description");
    assert_eq!(attributes[0], "alert", "{attributes}");
    let described = attributes[1].as_str().unwrap_or_default();
    assert!(
        described.contains(&format!("close-{id}-outcome")),
        "the button names the alert: {described}"
    );
    let errors: Vec<String> = browser
        .console()
        .await
        .into_iter()
        .filter(|(level, _)| level == "SEVERE")
        .map(|(_, message)| message)
        .filter(|message| !message.contains("409"))
        .collect();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    browser.close().await;
    let (clean, _) = server.finish();
    assert!(clean, "the server stops cleanly");
}

#[tokio::test]
async fn units_are_run_by_their_own_organisation_only_on_sqlite() {
    units_are_run_by_their_own_organisation_only(Backend::Sqlite).await;
}

#[tokio::test]
async fn units_are_run_by_their_own_organisation_only_on_postgres() {
    units_are_run_by_their_own_organisation_only(Backend::Postgres).await;
}

#[tokio::test]
async fn a_unit_policy_takes_effect_on_bookings_on_sqlite() {
    a_unit_policy_takes_effect_on_bookings(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_unit_policy_takes_effect_on_bookings_on_postgres() {
    a_unit_policy_takes_effect_on_bookings(Backend::Postgres).await;
}
