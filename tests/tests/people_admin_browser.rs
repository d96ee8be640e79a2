//! The people administration pages (`/admin/people`, issue 18), through the real server
//! binary:
//!
//! 1. a leaver, in Chromium: the city's organisation administrator finds an employee who has a
//!    desk booking by searching the list, opens them, reads what deactivating them will end
//!    and confirms; at once the employee's session is refused (the API answers 401, a page
//!    sends them to sign-in), their booking is cancelled and its desk shows free;
//! 2. organisation scoping, over HTTP on SQLite and PostgreSQL: the Jobcenter's administrator
//!    gets 404 from every server function of the pages and from the person page for a person
//!    of the city, changes nothing, and the list holds only the Jobcenter's people.
//! 3. creating, over HTTP: a person created on the list page's form gets an invitation link
//!    that works; a taken or malformed address or no role creates nobody; erasing needs the
//!    person's name typed and a fresh passkey confirmation, as changing roles does.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use fantoccini::Locator;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use tests::api::main_role;
use tests::browser::Browser;
use tests::db::{Backend, TestDatabase};
use tests::server::{Options, Server, find_desk, in_days, start_with, stop};

/// Demo sign-ins are not rate-limited here: the tests sign in often.
fn options() -> Options {
    Options {
        env: vec![(
            "PLATZWAHL_AUTH__SIGN_IN_ATTEMPTS_PER_MINUTE".into(),
            "1000".into(),
        )],
        ..Options::default()
    }
}

/// The demo person of `organisation` (index into the organisations in the order the demo
/// lists them: the city, the Jobcenter, the university) whose main role is `role`.
async fn demo_person(server: &Server, organisation: usize, role: &str) -> Value {
    let people = server.demo_people().await;
    let mut organisations: Vec<String> = Vec::new();
    for person in &people {
        let name = person["organisation"].as_str().unwrap().to_string();
        if !organisations.contains(&name) {
            organisations.push(name);
        }
    }
    assert!(
        organisations.len() >= 3,
        "city, Jobcenter, university: {organisations:?}"
    );
    people
        .into_iter()
        .find(|p| p["organisation"] == organisations[organisation] && main_role(p) == role)
        .unwrap_or_else(|| panic!("no {role} in organisation {organisation}"))
}

fn id_of(person: &Value) -> i64 {
    person["id"].as_i64().unwrap()
}

fn name_of(person: &Value) -> String {
    person["name"].as_str().unwrap().to_string()
}

/// The state of desk `desk_id` on floor `level` on `day`, as `client` sees it.
async fn desk_state(
    client: &reqwest::Client,
    server: &Server,
    level: i64,
    day: chrono::NaiveDate,
    desk_id: &Value,
) -> String {
    let floor: Value = client
        .get(server.at(&format!(
            "/api/v1/availability?floor={level}&day={day}&slot=full_day"
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    floor["desks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| &d["id"] == desk_id)
        .map(|d| d["state"].as_str().unwrap().to_string())
        .unwrap()
}

/// Books a free desk of the home zones of `client`'s person on `day`: floor level, desk id,
/// booking id.
async fn book_home_desk(
    client: &reqwest::Client,
    server: &Server,
    day: chrono::NaiveDate,
) -> (i64, Value, i64) {
    let (level, desk) = find_desk(server, client, day, |d| {
        d["home_zone"] == true && d["state"] == "free"
    })
    .await
    .expect("a free desk in a home zone");
    let booked: Value = client
        .post(server.at("/api/v1/bookings"))
        .json(&json!({
            "desk_id": desk["id"], "slot": "full_day",
            "days": {"kind": "days", "days": [day]}
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let booking = booked[0]["result"]["booking_id"]
        .as_i64()
        .unwrap_or_else(|| panic!("booked: {booked}"));
    (level, desk["id"].clone(), booking)
}

/// The number in the count `key` of the list of what deactivating ends.
async fn count_of(browser: &Browser, key: &str) -> u64 {
    browser
        .text_of(&format!("li[data-ends='{key}'] strong"))
        .await
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("a number for {key}"))
}

// 1. A leaver ------------------------------------------------------------------------------

#[tokio::test]
async fn a_leaver_deactivated_on_the_page_loses_their_session_booking_and_desk_at_once() {
    let server = Server::start(options());
    let leaver = demo_person(&server, 0, "employee").await;
    let id = id_of(&leaver);
    let name = name_of(&leaver);
    let admin_cookie = server
        .session_of(id_of(&demo_person(&server, 0, "org_admin").await))
        .await;
    let admin = server.client_with(&admin_cookie);
    let colleague = server.client_with(
        &server
            .session_of(id_of(&demo_person(&server, 0, "unit_lead").await))
            .await,
    );
    let session = server.client_with(&server.session_of(id).await);
    let day = in_days(4);
    let (level, desk, booking) = book_home_desk(&session, &server, day).await;
    assert_ne!(
        desk_state(&colleague, &server, level, day, &desk).await,
        "free",
        "booked, the desk is not free"
    );

    let Some(browser) = Browser::start().await else {
        stop(server, None).await;
        return;
    };
    let client = &browser.client;
    browser.use_session(&server, &admin_cookie).await;
    client.goto(&server.at("/admin/people")).await.unwrap();
    browser.wait_for_hydration().await;
    assert!(
        browser.text_of("h1").await.contains("Personen"),
        "German by default"
    );

    // Created on the page with a second role ticked: the invitation is shown, both roles held.
    client
        .find(Locator::Css("#new-name"))
        .await
        .unwrap()
        .send_keys("Formular Person")
        .await
        .unwrap();
    client
        .find(Locator::Css("#new-role-counsellor"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .find(Locator::Css("#create-person button[type='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .wait_for_text(".invitation-created", "/invite/")
        .await;
    let listed: Value = admin
        .get(server.at("/api/v1/people?q=Formular"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        listed["people"][0]["roles"],
        json!(["employee", "counsellor"]),
        "{listed}"
    );

    // Found by searching the list, the status in words.
    let search = client
        .find(Locator::Css("#people-q"))
        .await
        .expect("the search field");
    search.send_keys(&name).await.unwrap();
    client
        .find(Locator::Css("form.people-filter button[type='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let row = browser.wait_for_text("#people-table tbody", &name).await;
    assert!(row.contains("aktiv"), "{row}");
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::LinkText(&name))
        .await
        .expect("a link to the person")
        .click()
        .await
        .unwrap();

    // The person page says what deactivating will end, before it is confirmed.
    browser.wait_for_text("h1", &name).await;
    let summary = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#deactivate summary"))
        .await
        .expect("the deactivation step");
    summary.click().await.unwrap();
    assert!(
        count_of(&browser, "sessions").await >= 1,
        "the open session"
    );
    assert!(
        count_of(&browser, "desk-bookings").await >= 1,
        "the future booking"
    );
    client
        .find(Locator::Css("#deactivate-person button[type='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let done = browser.wait_for_text("#deactivated", "Deaktiviert").await;
    assert!(done.contains("Platzbuchungen"), "{done}");
    let status = browser.wait_for_text("#person-status", "deaktiviert").await;
    assert!(!status.contains(" aktiv "), "{status}");
    let export = client
        .find(Locator::Css("#export-person"))
        .await
        .expect("the export link");
    assert!(export.attr("download").await.unwrap().is_some());
    assert_eq!(
        export.attr("href").await.unwrap().as_deref(),
        Some(format!("/api/v1/people/{id}/export").as_str())
    );

    // At once: the session is refused, a page sends them to sign in.
    let response = session
        .get(server.at("/api/v1/bookings/mine"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let response = session.get(server.at("/bookings")).send().await.unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response.headers()["location"].to_str().unwrap();
    assert!(location.starts_with("/sign-in"), "{location}");
    // The booking is cancelled and the desk shows free.
    assert_eq!(
        desk_state(&colleague, &server, level, day, &desk).await,
        "free"
    );
    let exported: Value = admin
        .get(server.at(&format!("/api/v1/people/{id}/export")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let cancelled = exported["desk_bookings"]
        .as_array()
        .expect("the bookings in the export")
        .iter()
        .find(|b| b["id"] == booking)
        .map(|b| b["status"].clone());
    assert_eq!(cancelled, Some(json!("cancelled")), "{exported}");

    browser.close().await;
    stop(server, None).await;
}

// 2. Organisation scoping ------------------------------------------------------------------

/// A server function of the pages called by `client` with the form `body`.
async fn call(
    client: &reqwest::Client,
    server: &Server,
    endpoint: &str,
    body: &str,
) -> reqwest::Response {
    client
        .post(server.at(&format!("/api/{endpoint}")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

async fn another_organisation_sees_and_changes_nothing_on_the_pages(backend: Backend) {
    let Some((server, database)) = start_with(backend, options()).await else {
        return;
    };
    let target = demo_person(&server, 0, "employee").await;
    let id = id_of(&target);
    let name = name_of(&target);
    let own = server.client_with(
        &server
            .session_of(id_of(&demo_person(&server, 0, "org_admin").await))
            .await,
    );
    let before: Value = own
        .get(server.at(&format!("/api/v1/people/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let jobcenter_admin = demo_person(&server, 1, "org_admin").await;
    let stranger = server.client_with(&server.session_of(id_of(&jobcenter_admin)).await);

    for (endpoint, body) in [
        ("people_get", format!("id={id}")),
        (
            "people_change",
            format!("id={id}&name=%C3%9Cbernommen&email=&locale=de&unit="),
        ),
        (
            "people_set_roles",
            format!("id={id}&roles%5Bemployee%5D=true&roles%5Borg_admin%5D=true"),
        ),
        ("people_deactivate", format!("id={id}")),
        ("people_reactivate", format!("id={id}")),
        ("people_invite", format!("id={id}")),
        ("people_erase", format!("id={id}&confirmation=x")),
    ] {
        let response = call(&stranger, &server, endpoint, &body).await;
        assert_eq!(
            response.status(),
            StatusCode::NOT_FOUND,
            "{endpoint} for a person of the city as the Jobcenter's administrator"
        );
    }
    let page = stranger
        .get(server.at(&format!("/admin/people/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::NOT_FOUND, "the person page");
    let html = page.text().await.unwrap();
    assert!(!html.contains(&name), "the page names nobody of the city");

    // The list: only the Jobcenter's people, the same as the API lists; a search for the
    // city's person finds nobody.
    let listed: Value = call(&stranger, &server, "people_list", "")
        .await
        .json()
        .await
        .unwrap();
    let mut on_page: Vec<i64> = listed["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(id_of)
        .collect();
    assert!(on_page.contains(&id_of(&jobcenter_admin)));
    assert!(!on_page.contains(&id));
    let api: Value = stranger
        .get(server.at("/api/v1/people?limit=200"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut from_api: Vec<i64> = api["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(id_of)
        .collect();
    assert!(
        api["people"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["organisation_id"] != before["organisation_id"])
    );
    on_page.sort_unstable();
    from_api.sort_unstable();
    assert_eq!(on_page, from_api, "the page lists what the API lists");
    let searched: Value = call(
        &stranger,
        &server,
        "people_list",
        &format!("q={}", name.replace(' ', "%20")),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(searched["people"], json!([]), "{searched}");
    let html = stranger
        .get(server.at("/admin/people"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !html.contains(&name),
        "the list page names nobody of the city"
    );

    // An employee may not call them at all.
    let employee = server.client_with(&server.session_of(id).await);
    let response = call(&employee, &server, "people_list", "").await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // Nothing changed.
    let after: Value = own
        .get(server.at(&format!("/api/v1/people/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(after, before);
    stop(server, database).await;
}

#[tokio::test]
async fn another_organisation_sees_and_changes_nothing_on_the_pages_on_sqlite() {
    another_organisation_sees_and_changes_nothing_on_the_pages(Backend::Sqlite).await;
}

#[tokio::test]
async fn another_organisation_sees_and_changes_nothing_on_the_pages_on_postgres() {
    another_organisation_sees_and_changes_nothing_on_the_pages(Backend::Postgres).await;
}

// 3. Creating, and the steps that need more -------------------------------------------------

/// The city's administrator creates a person on the list page's form and gets their
/// invitation link once; a taken or malformed address is refused as an error of the field;
/// erasing needs the person's name typed and a fresh passkey confirmation.
#[tokio::test]
async fn a_person_created_on_the_page_gets_an_invitation_and_erasure_asks_for_more() {
    let database = TestDatabase::create(Backend::Sqlite)
        .await
        .expect("a SQLite database");
    let server = Server::start(Options {
        database_url: Some(database.url().to_string()),
        ..options()
    });
    // When the administrator last confirmed with a passkey (a demo sign-in counts as one).
    let confirmed = |minutes_ago: i64| {
        let at = (chrono::Utc::now() - chrono::Duration::minutes(minutes_ago)).to_rfc3339();
        database.connection().execute_raw(Statement::from_string(
            database.connection().get_database_backend(),
            format!("UPDATE web_session SET verified_at = '{at}'"),
        ))
    };
    let admin = server.client_with(
        &server
            .session_of(id_of(&demo_person(&server, 0, "org_admin").await))
            .await,
    );
    let response = call(
        &admin,
        &server,
        "people_create",
        "name=Neue%20Kollegin&email=Neue.Kollegin%40Example.org&unit=&roles%5Bemployee%5D=true",
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let created: Value = response.json().await.unwrap();
    let link = created["link"].as_str().unwrap();
    // The public address, as the JSON API's links and the QR codes have it.
    assert!(
        link.starts_with(&server.localhost("/invite/pwi_")),
        "{link}"
    );
    let token = link.rsplit('/').next().unwrap();
    let invitation: Value = call(&admin, &server, "invitation", &format!("token={token}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(invitation["name"], "Neue Kollegin", "the link works");
    let id = created["person_id"].as_i64().unwrap();
    let shown: Value = call(&admin, &server, "people_get", &format!("id={id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(shown["person"]["email"], "neue.kollegin@example.org");
    assert_eq!(shown["person"]["roles"], json!(["employee"]));
    assert_eq!(shown["person"]["has_passkey"], false);

    // A taken address is a conflict, a malformed one bad input, no role neither: nobody is
    // created.
    for (body, status) in [
        (
            "name=Zweite&email=neue.kollegin%40example.org&roles%5Bemployee%5D=true",
            StatusCode::CONFLICT,
        ),
        (
            "name=Zweite&email=keine-adresse&roles%5Bemployee%5D=true",
            StatusCode::BAD_REQUEST,
        ),
        ("name=Zweite&email=", StatusCode::BAD_REQUEST),
        ("name=&roles%5Bemployee%5D=true", StatusCode::BAD_REQUEST),
    ] {
        let response = call(&admin, &server, "people_create", body).await;
        assert_eq!(response.status(), status, "{body}");
    }
    let listed: Value = call(&admin, &server, "people_list", "q=Zweite")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["people"], json!([]));

    // Erasure: the name typed must match, and a fresh passkey confirmation is needed; so
    // do roles.
    confirmed(6).await.unwrap();
    let response = call(
        &admin,
        &server,
        "people_erase",
        &format!("id={id}&confirmation=Jemand%20anderes"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let response = call(
        &admin,
        &server,
        "people_erase",
        &format!("id={id}&confirmation=Neue%20Kollegin"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["type"], "/problems/step-up-required", "{problem}");
    let roles = format!("id={id}&roles%5Bemployee%5D=true&roles%5Bcounsellor%5D=true");
    let response = call(&admin, &server, "people_set_roles", &roles).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let shown: Value = call(&admin, &server, "people_get", &format!("id={id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(shown["person"]["name"], "Neue Kollegin", "not erased");
    assert_eq!(shown["person"]["roles"], json!(["employee"]));

    // Confirmed a moment ago: roles change, and the person is erased and gone.
    confirmed(0).await.unwrap();
    let response = call(&admin, &server, "people_set_roles", &roles).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!(["employee", "counsellor"])
    );
    let response = call(
        &admin,
        &server,
        "people_erase",
        &format!("id={id}&confirmation=Neue%20Kollegin"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let response = call(&admin, &server, "people_get", &format!("id={id}")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND, "erased");
    stop(server, Some(database)).await;
}
