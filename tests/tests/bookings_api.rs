//! The desk booking REST API of the real server binary, on SQLite and PostgreSQL: the OpenAPI
//! document it serves, problem documents for callers who are not signed in, and signed-in
//! people booking, being refused (outside the home zones, over a policy), cancelling, booking
//! a weekly pattern, subscribing to their calendar, and 500 concurrent requests for one desk.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::db::Backend;
use tests::server::{
    Options, Server, find_desk, in_days, problem_type, start, start_with, stop, today,
};

/// The id of the first desk on any floor on `day` that `wanted` picks.
async fn a_desk(
    server: &Server,
    client: &reqwest::Client,
    day: chrono::NaiveDate,
    wanted: impl Fn(&Value) -> bool,
) -> i64 {
    let (_, desk) = find_desk(server, client, day, wanted)
        .await
        .unwrap_or_else(|| panic!("no such desk on {day}"));
    desk["id"].as_i64().unwrap()
}

async fn book(
    server: &Server,
    client: &reqwest::Client,
    desk: i64,
    days: Value,
) -> reqwest::Response {
    client
        .post(server.at("/api/v1/bookings"))
        .json(&json!({ "desk_id": desk, "slot": "full_day", "days": days }))
        .send()
        .await
        .unwrap()
}

async fn the_api_describes_itself_and_refuses_strangers(backend: Backend) {
    let Some((server, database)) = start(backend).await else {
        return;
    };
    let client = reqwest::Client::new();

    let response = client
        .get(server.at("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let document: Value = response.json().await.unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    assert!(document["paths"]["/api/v1/bookings"]["post"].is_object());
    assert!(document["components"]["schemas"]["Problem"].is_object());

    let requests = [
        client.get(server.at("/api/v1/availability?floor=2&day=2026-12-01")),
        client.get(server.at("/api/v1/bookings/mine")),
        client
            .post(server.at("/api/v1/bookings"))
            .json(&serde_json::json!({
                "desk_id": 1, "slot": "full_day", "days": {"kind": "days", "days": ["2026-12-01"]}
            })),
        client.delete(server.at("/api/v1/bookings/1")),
        client
            .post(server.at("/api/v1/bookings/cancel-range"))
            .json(&serde_json::json!({"from": "2026-12-01", "to": "2026-12-02"})),
    ];
    for request in requests {
        let response = request.send().await.unwrap();
        let url = response.url().to_string();
        assert_eq!(response.status().as_u16(), 401, "{url}");
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json",
            "{url}"
        );
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["type"], "/problems/unauthorized", "{url}");
        assert_eq!(problem["status"], 401);
    }
    stop(server, database).await;
}

#[tokio::test]
async fn the_api_describes_itself_and_refuses_strangers_on_sqlite() {
    the_api_describes_itself_and_refuses_strangers(Backend::Sqlite).await;
}

#[tokio::test]
async fn the_api_describes_itself_and_refuses_strangers_on_postgres() {
    the_api_describes_itself_and_refuses_strangers(Backend::Postgres).await;
}

async fn an_employee_books_is_refused_cancels_and_books_a_pattern(backend: Backend) {
    let Some((server, database)) = start(backend).await else {
        return;
    };
    let employee = server.demo_client("employee").await;
    let day = in_days(2);

    // Book a free desk in a home zone.
    let desk = a_desk(&server, &employee, day, |d| {
        d["home_zone"] == true && d["state"] == "free"
    })
    .await;
    let response = book(
        &server,
        &employee,
        desk,
        json!({"kind": "days", "days": [day]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let outcomes: Value = response.json().await.unwrap();
    let booking = outcomes[0]["result"]["booking_id"].as_i64().unwrap();
    let mine: Value = employee
        .get(server.at("/api/v1/bookings/mine"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        mine["upcoming"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["id"] == booking)
    );

    // The same desk again, and a second desk for the same person: both conflicts.
    let response = book(
        &server,
        &employee,
        desk,
        json!({"kind": "days", "days": [day]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(problem_type(response).await, "/problems/already-booked");

    // Outside the home zones, days ahead (the overflow opens at 14:00 the day before): refused,
    // in German by default and in English when asked.
    let far = in_days(4);
    let outside = a_desk(&server, &employee, far, |d| {
        d["home_zone"] == false && d["state"] == "free"
    })
    .await;
    let response = book(
        &server,
        &employee,
        outside,
        json!({"kind": "days", "days": [far]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["type"], "/problems/outside-home-zone");
    assert!(problem["detail"].as_str().unwrap().contains("Heimatzonen"));
    let response = employee
        .post(server.at("/api/v1/bookings"))
        .header("accept-language", "en")
        .json(&json!({ "desk_id": outside, "slot": "full_day", "days": {"kind": "days", "days": [far]} }))
        .send()
        .await
        .unwrap();
    let problem: Value = response.json().await.unwrap();
    assert!(problem["detail"].as_str().unwrap().contains("home zones"));

    // Further ahead than the policy allows (14 days).
    let response = book(
        &server,
        &employee,
        desk,
        json!({"kind": "days", "days": [in_days(30)]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_type(response).await, "/problems/policy-limit");

    // Yesterday.
    let response = book(
        &server,
        &employee,
        desk,
        json!({"kind": "days", "days": [in_days(-1)]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_type(response).await, "/problems/in-the-past");

    // Malformed: a problem document, nothing booked.
    let response = employee
        .post(server.at("/api/v1/bookings"))
        .json(&json!({ "desk_id": desk, "slot": "all_week" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(problem_type(response).await, "/problems/invalid-input");
    let response = book(
        &server,
        &employee,
        999_999,
        json!({"kind": "days", "days": [day]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // Cancel; a second cancel finds nothing.
    let response = employee
        .delete(server.at(&format!("/api/v1/bookings/{booking}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = employee
        .delete(server.at(&format!("/api/v1/bookings/{booking}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // Every weekday for three weeks from tomorrow: each day booked or refused with a reason
    // (beyond 14 days the policy refuses).
    let response = book(
        &server,
        &employee,
        desk,
        json!({"kind": "pattern", "from": in_days(1), "weekdays": ["mon", "tue", "wed", "thu", "fri"], "weeks": 3}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let outcomes: Value = response.json().await.unwrap();
    let outcomes = outcomes.as_array().unwrap();
    let expected = (1..=21)
        .map(in_days)
        .filter(|d| chrono::Datelike::weekday(d).number_from_monday() <= 5)
        .count();
    assert_eq!(outcomes.len(), expected);
    let booked = outcomes
        .iter()
        .filter(|o| o["result"]["status"] == "booked")
        .count();
    assert!(booked >= 5, "{outcomes:?}");
    for outcome in outcomes {
        let day = outcome["day"]
            .as_str()
            .unwrap()
            .parse::<chrono::NaiveDate>()
            .unwrap();
        if day > in_days(14) {
            assert_eq!(outcome["result"]["reason"], "too-far-ahead", "{outcome}");
        }
    }

    // The person's calendar: a secret address that lists the bookings and ends when revoked.
    let ics = calendar_of(&server, &employee).await;
    assert!(ics.starts_with("BEGIN:VCALENDAR"), "{ics}");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), booked);
    // All-day events whose end is the next day (exclusive), as calendar programs expect.
    let starts = ics
        .lines()
        .find_map(|l| l.strip_prefix("DTSTART;VALUE=DATE:"))
        .unwrap();
    let ends = ics
        .lines()
        .find_map(|l| l.strip_prefix("DTEND;VALUE=DATE:"))
        .unwrap();
    let day = |text: &str| chrono::NaiveDate::parse_from_str(text.trim(), "%Y%m%d").unwrap();
    assert_eq!(day(ends), day(starts) + Duration::days(1), "{ics}");
    // The JSON API makes addresses too; a new one ends the one before.
    let first: Value = employee
        .post(server.at("/api/v1/me/calendar"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let second = employee
        .post(server.at("/api/v1/me/calendar"))
        .send()
        .await
        .unwrap();
    assert_eq!(second.status(), StatusCode::CREATED);
    let first = first["url"].as_str().unwrap();
    let gone = reqwest::get(server.at(&first[first.find("/api/").unwrap()..]))
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);

    // A holiday: cancel the first week in one go.
    let response = employee
        .post(server.at("/api/v1/bookings/cancel-range"))
        .json(&json!({"from": in_days(1), "to": in_days(7)}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let cancelled: Value = response.json().await.unwrap();
    let first_week = outcomes
        .iter()
        .filter(|o| {
            o["result"]["status"] == "booked"
                && o["day"]
                    .as_str()
                    .unwrap()
                    .parse::<chrono::NaiveDate>()
                    .unwrap()
                    <= in_days(7)
        })
        .count();
    assert_eq!(cancelled["cancelled"].as_array().unwrap().len(), first_week);
    stop(server, database).await;
}

/// Creates the signed-in person's calendar address on the page's server function and fetches
/// the feed from it without any cookie, as a calendar program would; checks that revoking
/// ends it. The feed's text.
async fn calendar_of(server: &Server, client: &reqwest::Client) -> String {
    let response = client
        .post(server.at("/api/create_calendar_feed"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body("")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let url: String = response.json().await.unwrap();
    assert!(url.contains("/api/v1/calendar.ics?token=pwc_"), "{url}");
    let path = &url[url.find("/api/").unwrap()..];
    let feed = reqwest::get(server.at(path)).await.unwrap();
    assert_eq!(feed.status(), StatusCode::OK);
    assert!(
        feed.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let text = feed.text().await.unwrap();
    let response = client
        .post(server.at("/api/revoke_calendar_feed"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let gone = reqwest::get(server.at(path)).await.unwrap();
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    text
}

#[tokio::test]
async fn an_employee_books_is_refused_cancels_and_books_a_pattern_on_sqlite() {
    an_employee_books_is_refused_cancels_and_books_a_pattern(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_employee_books_is_refused_cancels_and_books_a_pattern_on_postgres() {
    an_employee_books_is_refused_cancels_and_books_a_pattern(Backend::Postgres).await;
}

/// 500 requests at once for one desk and slot, from 50 people: exactly one booking, 499
/// conflicts, never a server error.
async fn five_hundred_requests_for_one_desk_give_one_booking(backend: Backend) {
    let options = Options {
        env: vec![(
            "PLATZWAHL_AUTH__SIGN_IN_ATTEMPTS_PER_MINUTE".into(),
            "1000".into(),
        )],
        ..Options::default()
    };
    let Some((server, database)) = start_with(backend, options).await else {
        return;
    };
    let people: Value = reqwest::get(server.at("/api/v1/auth/demo-people"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut clients = Vec::new();
    for person in people.as_array().unwrap().iter().take(50) {
        let cookie = server.session_of(person["id"].as_i64().unwrap()).await;
        clients.push(server.client_with(&cookie));
    }
    // Today every zone is open to everyone (the overflow opened yesterday at 14:00).
    let day = in_days(0);
    let desk = a_desk(&server, &clients[0], day, |d| d["state"] == "free").await;
    let requests = (0..500).map(|i| {
        let client = clients[i % clients.len()].clone();
        let url = server.at("/api/v1/bookings");
        async move {
            client
                .post(url)
                .json(&json!({ "desk_id": desk, "slot": "full_day", "days": {"kind": "days", "days": [day]} }))
                .send()
                .await
                .unwrap()
                .status()
        }
    });
    let statuses = futures_util::future::join_all(requests).await;
    let created = statuses
        .iter()
        .filter(|s| **s == StatusCode::CREATED)
        .count();
    let conflicts = statuses
        .iter()
        .filter(|s| **s == StatusCode::CONFLICT)
        .count();
    assert_eq!((created, conflicts), (1, 499), "{statuses:?}");
    stop(server, database).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn five_hundred_requests_for_one_desk_give_one_booking_on_sqlite() {
    five_hundred_requests_for_one_desk_give_one_booking(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn five_hundred_requests_for_one_desk_give_one_booking_on_postgres() {
    five_hundred_requests_for_one_desk_give_one_booking(Backend::Postgres).await;
}

/// A server function called as the page calls it (form-encoded); its JSON answer.
async fn server_function(
    server: &Server,
    client: &reqwest::Client,
    name: &str,
    form: &str,
) -> Value {
    let response = client
        .post(server.at(&format!("/api/{name}")))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(form.to_owned())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{name}");
    response.json().await.unwrap()
}

#[tokio::test]
async fn colleagues_of_the_unit_see_where_one_sits_only_after_opting_in() {
    let Some((server, database)) = start(Backend::Sqlite).await else {
        return;
    };
    let people: Value = reqwest::get(server.at("/api/v1/auth/demo-people"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let people = people.as_array().unwrap();
    let plain = |p: &&Value| p["roles"] == json!(["employee"]);
    let sitter = people.iter().find(plain).unwrap();
    // The demo list has one person per organisation and role; the first unit holds several.
    let same_unit = people
        .iter()
        .find(|p| p["unit"] == sitter["unit"] && p["id"] != sitter["id"])
        .unwrap();
    let other_unit = people.iter().find(|p| p["unit"] != sitter["unit"]).unwrap();
    let client_of = |p: &Value| {
        let id = p["id"].as_i64().unwrap();
        let server = &server;
        async move { server.client_with(&server.session_of(id).await) }
    };
    let sitter_client = client_of(sitter).await;
    let colleague = client_of(same_unit).await;
    let stranger = client_of(other_unit).await;
    let name = sitter["name"].as_str().unwrap();

    let desk = a_desk(&server, &sitter_client, today(), |d| d["state"] == "free").await;
    let response = book(
        &server,
        &sitter_client,
        desk,
        json!({"kind": "days", "days": [today()]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let sees = |list: Value| list.as_array().unwrap().iter().any(|c| c["name"] == name);

    // Not shared yet: nobody sees it.
    assert!(!sees(
        server_function(&server, &colleague, "colleagues_today", "").await
    ));
    server_function(&server, &sitter_client, "set_share_location", "share=on").await;
    let list = server_function(&server, &colleague, "colleagues_today", "").await;
    assert!(sees(list.clone()), "{list}");
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|c| c["desk_id"] == desk)
    );
    // Only the own unit.
    assert!(!sees(
        server_function(&server, &stranger, "colleagues_today", "").await
    ));
    // The same in the JSON API; withdrawn there, gone again.
    let listed: Value = colleague
        .get(server.at("/api/v1/colleagues/today"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(sees(listed));
    let response = sitter_client
        .put(server.at("/api/v1/me/share-location"))
        .json(&json!({ "share": false }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(!sees(
        server_function(&server, &colleague, "colleagues_today", "").await
    ));
    stop(server, database).await;
}

#[tokio::test]
async fn the_buildings_time_zone_decides_which_day_is_today() {
    use chrono::Timelike;
    use chrono_tz::Tz;
    let Some(db) = tests::db::TestDatabase::create(tests::db::Backend::Sqlite).await else {
        return;
    };
    let options = Options {
        database_url: Some(db.url().to_string()),
        ..Options::default()
    };
    // The demo building is in Berlin; move it to a zone whose date differs from Berlin's now:
    // far ahead in the Berlin afternoon, far behind in the Berlin morning.
    let now = chrono::Utc::now();
    let berlin_day = domain::booking::rules::today(chrono_tz::Europe::Berlin, now);
    let (zone, ahead): (Tz, bool) = if now.with_timezone(&chrono_tz::Europe::Berlin).hour() >= 12 {
        (chrono_tz::Pacific::Kiritimati, true)
    } else {
        (chrono_tz::Pacific::Pago_Pago, false)
    };
    let zone_day = domain::booking::rules::today(zone, now);
    assert_ne!(zone_day, berlin_day, "the zones are chosen to differ now");
    stop(Server::start(options.clone()), None).await;
    {
        use sea_orm::ConnectionTrait;
        db.connection()
            .execute_unprepared(&format!("UPDATE building SET timezone = '{}'", zone.name()))
            .await
            .unwrap();
    }
    let server = Server::start(options);
    let client = server.demo_client("employee").await;
    // A free desk of the person's home zones on the building's today.
    let (_, desk) = find_desk(&server, &client, zone_day, |d| {
        d["home_zone"] == true && d["state"] == "free"
    })
    .await
    .expect("a free home-zone desk on the building's today");
    // Ahead of Berlin, Berlin's today is over in the building; behind it, the building's
    // today is still bookable although Berlin's is a day further.
    let day = if ahead { berlin_day } else { zone_day };
    let response = client
        .post(server.at("/api/v1/bookings"))
        .json(&json!({
            "desk_id": desk["id"], "slot": "full_day",
            "days": {"kind": "days", "days": [day]}
        }))
        .send()
        .await
        .unwrap();
    let status = response.status();
    let outcome: Value = response.json().await.unwrap();
    if ahead {
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{zone}: {outcome}"
        );
        assert_eq!(
            outcome["type"], "/problems/in-the-past",
            "{zone}: {outcome}"
        );
    } else {
        assert_eq!(
            outcome[0]["result"]["status"], "booked",
            "{zone}: {outcome}"
        );
    }
    stop(server, None).await;
    db.remove().await;
}
