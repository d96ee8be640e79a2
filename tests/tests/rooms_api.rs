//! Rooms through the real server binary, on SQLite and PostgreSQL: a counsellor finds a free
//! protected room and reserves it, changes and cancels it; a lost race is 409 `room-taken`;
//! bad input is a problem document; and the privacy promise: a counsellor's reservation read
//! back as another employee, a facility manager and an administrator of another organisation,
//! through every page, server function and API route that can show the room, carries no name,
//! subject or note — and neither does the server's log.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::api::main_role;
use tests::db::Backend;
use tests::server::{Server, in_days, problem_type, start, stop, stop_with_log};

const SUBJECT: &str = "Beratung Familie Yilmaz";
const NOTES: &str = "Akte 4711 vertraulich";

async fn get_json(client: &reqwest::Client, server: &Server, path: &str) -> Value {
    let response = client.get(server.at(path)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "GET {path}");
    response.json().await.unwrap()
}

/// The first room of the demo building of kind `privacy` that is free then.
async fn a_free_room(
    client: &reqwest::Client,
    server: &Server,
    privacy: &str,
    day: chrono::NaiveDate,
) -> Value {
    let found = get_json(
        client,
        server,
        &format!("/api/v1/rooms?privacy={privacy}&day={day}&from=10:00&to=11:00"),
    )
    .await;
    found
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["free"] == true)
        .unwrap_or_else(|| panic!("no free {privacy} room: {found}"))["room"]
        .clone()
}

async fn reserve(client: &reqwest::Client, server: &Server, body: &Value) -> reqwest::Response {
    client
        .post(server.at("/api/v1/room-reservations"))
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn a_counsellor_reserves_changes_and_cancels_a_protected_room(backend: Backend) {
    let Some((server, database)) = start(backend).await else {
        return;
    };
    let counsellor = server.demo_client("counsellor").await;
    let employee = server.demo_client("employee").await;
    let day = in_days(3);
    let room = a_free_room(&counsellor, &server, "protected", day).await;
    assert_eq!(room["privacy"], "protected");
    let body = json!({
        "room_id": room["id"], "day": day, "from": "10:00", "to": "11:00",
        "subject": SUBJECT, "notes": NOTES, "attendees": 2,
    });
    let response = reserve(&counsellor, &server, &body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let result: Value = response.json().await.unwrap();
    let id = result["dates"][0]["result"]["id"].as_i64().expect("an id");
    assert_eq!(result["dates"][0]["result"]["status"], "reserved");

    // Taken now, for the same time and for a time inside its buffer; German and English.
    let again = reserve(&counsellor, &server, &body).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(problem_type(again).await, "/problems/room-taken");
    let in_buffer = reserve(
        &counsellor,
        &server,
        &json!({"room_id": room["id"], "day": day, "from": "11:00", "to": "11:30"}),
    )
    .await;
    assert_eq!(in_buffer.status(), StatusCode::CONFLICT);
    let english: Value = counsellor
        .post(server.at("/api/v1/room-reservations"))
        .header("accept-language", "en")
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        english["detail"].as_str().unwrap().contains("taken"),
        "{english}"
    );
    // The search says taken too.
    let found = get_json(
        &employee,
        &server,
        &format!("/api/v1/rooms?day={day}&from=10:30&to=11:00"),
    )
    .await;
    let this = found
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["room"]["id"] == room["id"])
        .unwrap();
    assert_eq!(this["free"], false);
    assert_eq!(
        this["may_reserve"], false,
        "employees may not reserve protected rooms"
    );

    // An employee may not reserve it, even when free.
    let refused = reserve(
        &employee,
        &server,
        &json!({"room_id": room["id"], "day": in_days(4), "from": "10:00", "to": "11:00"}),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    // Bad input: a clear problem, nothing written.
    for bad in [
        json!({"room_id": room["id"], "day": day, "from": "10:05", "to": "11:00"}),
        json!({"room_id": room["id"], "day": day, "from": "12:00", "to": "11:00"}),
        json!({"room_id": room["id"], "day": "morgen", "from": "12:00", "to": "13:00"}),
        json!({"room_id": room["id"], "day": day, "from": "12:00", "to": "13:00", "attendees": 99}),
        json!({"room_id": room["id"], "day": day, "from": "12:00", "to": "13:00",
               "repeat": {"every_weeks": 9, "until": in_days(30)}}),
    ] {
        let response = reserve(&counsellor, &server, &bad).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(problem_type(response).await, "/problems/invalid-input");
    }
    let unknown = reserve(
        &counsellor,
        &server,
        &json!({"room_id": 999_999, "day": day, "from": "12:00", "to": "13:00"}),
    )
    .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let anonymous = reqwest::Client::new()
        .post(server.at("/api/v1/room-reservations"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    // Extend to 11:30: its own buffer moves along. Others cannot touch it.
    let extended = counsellor
        .patch(server.at(&format!("/api/v1/room-reservations/{id}")))
        .json(&json!({"day": day, "from": "10:00", "to": "11:30"}))
        .send()
        .await
        .unwrap();
    assert_eq!(extended.status(), StatusCode::OK);
    let view: Value = extended.json().await.unwrap();
    assert_eq!(view["to"], "11:30:00");
    assert_eq!(view["subject"], SUBJECT);
    let theirs = employee
        .delete(server.at(&format!("/api/v1/room-reservations/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status(), StatusCode::NOT_FOUND);
    let mine = get_json(&counsellor, &server, "/api/v1/room-reservations/mine").await;
    assert!(
        mine.as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == id && r["notes"] == NOTES)
    );

    // Cancel: the time is free again.
    let cancelled = counsellor
        .delete(server.at(&format!("/api/v1/room-reservations/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(cancelled.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        reserve(&counsellor, &server, &body).await.status(),
        StatusCode::CREATED
    );

    // A weekly series of four with one clash: three reserved, the clash named; cancel it.
    let series = reserve(
        &counsellor,
        &server,
        &json!({"room_id": room["id"], "day": day - Duration::days(0), "from": "10:00", "to": "11:00",
                "repeat": {"every_weeks": 1, "until": day + Duration::days(21)}}),
    )
    .await;
    assert_eq!(series.status(), StatusCode::CREATED);
    let series: Value = series.json().await.unwrap();
    let statuses: Vec<&str> = series["dates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["result"]["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["refused", "reserved", "reserved", "reserved"]);
    assert_eq!(series["dates"][0]["result"]["reason"], "room-taken");
    let series_id = series["series_id"].as_i64().unwrap();
    let gone: Value = counsellor
        .delete(server.at(&format!("/api/v1/room-series/{series_id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(gone["cancelled"], 3);

    // Facility management sets buffers; employees may not.
    let manager = server.demo_client("facility_manager").await;
    let path = format!("/api/v1/rooms/{}/buffers", room["id"]);
    let set = manager
        .put(server.at(&path))
        .json(&json!({"before_min": 30, "after_min": 5}))
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), StatusCode::OK);
    let info: Value = set.json().await.unwrap();
    assert_eq!(
        (
            info["buffer_before_min"].as_i64(),
            info["buffer_after_min"].as_i64()
        ),
        (Some(30), Some(5))
    );
    let bad = manager
        .put(server.at(&path))
        .json(&json!({"before_min": 7, "after_min": 5}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let not_theirs = employee
        .put(server.at(&path))
        .json(&json!({"before_min": 0, "after_min": 0}))
        .send()
        .await
        .unwrap();
    assert_eq!(not_theirs.status(), StatusCode::FORBIDDEN);
    // The OpenAPI document describes the room routes.
    let document = get_json(&employee, &server, "/api/v1/openapi.json").await;
    assert!(document["paths"]["/api/v1/room-reservations"]["post"]["responses"]["409"].is_object());
    stop(server, database).await;
}

#[tokio::test]
async fn a_counsellor_reserves_changes_and_cancels_a_protected_room_on_sqlite() {
    a_counsellor_reserves_changes_and_cancels_a_protected_room(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_counsellor_reserves_changes_and_cancels_a_protected_room_on_postgres() {
    a_counsellor_reserves_changes_and_cancels_a_protected_room(Backend::Postgres).await;
}

async fn many_parallel_attempts_give_one_reservation(backend: Backend) {
    let Some((server, database)) = start(backend).await else {
        return;
    };
    let employee = server.demo_client("employee").await;
    let day = in_days(2);
    let room = a_free_room(&employee, &server, "standard", day).await;
    let body = json!({"room_id": room["id"], "day": day, "from": "10:00", "to": "11:00"});
    let attempts = (0..16).map(|i| {
        let client = employee.clone();
        let url = server.at("/api/v1/room-reservations");
        // Overlapping, not identical: 10:00–11:00, 10:15–11:15, … (all clash with each other).
        let from = format!("10:{:02}", (i % 4) * 15);
        let body = json!({"room_id": room["id"], "day": day, "from": from, "to": "11:00"});
        async move { client.post(url).json(&body).send().await.unwrap().status() }
    });
    let statuses = futures_util::future::join_all(attempts).await;
    let created = statuses
        .iter()
        .filter(|s| **s == StatusCode::CREATED)
        .count();
    let conflicts = statuses
        .iter()
        .filter(|s| **s == StatusCode::CONFLICT)
        .count();
    assert_eq!((created, conflicts), (1, 15), "{statuses:?}");
    assert_eq!(
        reserve(&employee, &server, &body).await.status(),
        StatusCode::CONFLICT
    );
    stop(server, database).await;
}

#[tokio::test]
async fn many_parallel_attempts_give_one_reservation_on_sqlite() {
    many_parallel_attempts_give_one_reservation(Backend::Sqlite).await;
}

#[tokio::test]
async fn many_parallel_attempts_give_one_reservation_on_postgres() {
    many_parallel_attempts_give_one_reservation(Backend::Postgres).await;
}

/// Every place that can show the room or the counsellor's reservation, as `client` reads it.
async fn everything_seen(
    client: &reqwest::Client,
    server: &Server,
    day: chrono::NaiveDate,
    level: i64,
) -> String {
    let mut seen = String::new();
    for path in [
        format!("/api/v1/rooms/timeline?day={day}"),
        format!(
            "/api/v1/rooms/timeline?day={}&days=7",
            day - Duration::days(2)
        ),
        format!("/api/v1/rooms/timeline?day={day}&level={level}"),
        format!("/api/v1/rooms?day={day}&from=10:00&to=11:00"),
        "/api/v1/room-reservations/mine".to_owned(),
        format!("/api/v1/availability?floor={level}&day={day}"),
        "/api/v1/bookings/mine".to_owned(),
        "/api/v1/me/notices".to_owned(),
        format!("/api/v1/occupancy?floor={level}"),
        // Pages, rendered on the server.
        format!("/rooms?day={day}&from=10:00&to=11:00"),
        format!("/rooms?day={day}&view=week"),
        format!("/floors/{level}?day={day}"),
        "/bookings".to_owned(),
        "/".to_owned(),
    ] {
        let response = client.get(server.at(&path)).send().await.unwrap();
        seen.push_str(&format!("\n--- GET {path} {}\n", response.status()));
        seen.push_str(&response.text().await.unwrap_or_default());
    }
    // Server functions, as the pages call them.
    for (path, form) in [
        ("/api/room_timeline", format!("day={day}&days=7")),
        (
            "/api/find_rooms",
            format!("query[day]={day}&query[from]=10:00&query[to]=11:00"),
        ),
        ("/api/my_room_reservations", String::new()),
        ("/api/my_bookings_page", String::new()),
    ] {
        let response = client
            .post(server.at(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form)
            .send()
            .await
            .unwrap();
        seen.push_str(&format!("\n--- POST {path} {}\n", response.status()));
        seen.push_str(&response.text().await.unwrap_or_default());
    }
    // Their calendar feed.
    let feed = client
        .post(server.at("/api/v1/me/calendar"))
        .send()
        .await
        .unwrap();
    if feed.status().is_success() {
        let feed: Value = feed.json().await.unwrap();
        if let Some(url) = feed["url"].as_str() {
            let path = url.find("/api/").map_or(url, |i| &url[i..]);
            seen.push_str(
                &reqwest::get(server.at(path))
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap(),
            );
        }
    }
    seen
}

async fn nobody_else_learns_who_reserved_a_protected_room_or_why(backend: Backend) {
    let Some((server, database)) = start(backend).await else {
        return;
    };
    let people = server.demo_people().await;
    let counsellor = people
        .iter()
        .find(|p| main_role(p) == "counsellor")
        .unwrap();
    let name = counsellor["name"].as_str().unwrap().to_owned();
    let client = server.client_with(&server.session_of(counsellor["id"].as_i64().unwrap()).await);
    let day = in_days(2);
    let room = a_free_room(&client, &server, "protected", day).await;
    let response = reserve(
        &client,
        &server,
        &json!({"room_id": room["id"], "day": day, "from": "10:00", "to": "11:00",
                "subject": SUBJECT, "notes": NOTES, "attendees": 3}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let level = room["level"].as_i64().unwrap();

    // The owner sees it all: the test below would pass for an empty page otherwise.
    let own = everything_seen(&client, &server, day, level).await;
    assert!(
        own.contains(SUBJECT) && own.contains(NOTES),
        "the owner sees subject and notes"
    );

    let employee = people
        .iter()
        .find(|p| main_role(p) == "employee" && p["organisation"] == counsellor["organisation"])
        .unwrap();
    let other_admin = people
        .iter()
        .find(|p| main_role(p) == "org_admin" && p["organisation"] != counsellor["organisation"])
        .unwrap();
    let manager = people
        .iter()
        .find(|p| {
            p["roles"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r == "facility_manager")
        })
        .unwrap();
    for other in [employee, manager, other_admin] {
        let cookie = server.session_of(other["id"].as_i64().unwrap()).await;
        let seen = everything_seen(&server.client_with(&cookie), &server, day, level).await;
        let who = other["name"].as_str().unwrap();
        for secret in [name.as_str(), SUBJECT, NOTES, "4711"] {
            assert!(!seen.contains(secret), "{who} sees {secret:?}");
        }
        // They do see that the room is taken then.
        assert!(seen.contains("10:00:00"), "{who} sees the time");
    }
    // The owner's calendar feed names the room but not the subject (feeds leave the building).
    let feed: Value = client
        .post(server.at("/api/v1/me/calendar"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let url = feed["url"].as_str().unwrap();
    let ics = reqwest::get(server.at(&url[url.find("/api/").unwrap()..]))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        ics.contains(room["label"].as_str().unwrap()) && !ics.contains(SUBJECT),
        "{ics}"
    );
    // Nor does the log.
    let log = stop_with_log(server, database).await;
    for secret in [name.as_str(), SUBJECT, NOTES] {
        assert!(!log.contains(secret), "the log holds {secret:?}");
    }
}

#[tokio::test]
async fn nobody_else_learns_who_reserved_a_protected_room_or_why_on_sqlite() {
    nobody_else_learns_who_reserved_a_protected_room_or_why(Backend::Sqlite).await;
}

#[tokio::test]
async fn nobody_else_learns_who_reserved_a_protected_room_or_why_on_postgres() {
    nobody_else_learns_who_reserved_a_protected_room_or_why(Backend::Postgres).await;
}
