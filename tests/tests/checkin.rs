//! Check-in against the real server binary, on SQLite and PostgreSQL: a badge held to a desk's
//! reader checks its holder's booking in (REST with the reader's device token, and MQTT through
//! the real Mosquitto); unknown badges are counted, not logged; device tokens without the
//! `checkin` scope, or of no reader, and personal tokens are refused; checking out frees the
//! desk for somebody else the same day.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::db::Backend;
use tests::mqtt::{
    Connect, MOSQUITTO, SecuredBroker, collect, presence, publish, publish_as, reachable, unique,
};
use tests::server::{Options, Server, find_desk, problem_type, start, stop, stop_with_log, today};
use tests::services::missing;

/// Two people of one unit (an employee and their organisation's administrator), a building
/// administrator, and a desk in their home zones that is free today.
struct Fixture {
    employee: reqwest::Client,
    employee_id: i64,
    colleague: reqwest::Client,
    org_admin: reqwest::Client,
    building_admin: reqwest::Client,
    desk_id: i64,
    level: i64,
}

async fn fixture(server: &Server) -> Fixture {
    let people: Value = reqwest::get(server.at("/api/v1/auth/demo-people"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let people = people.as_array().unwrap();
    let roles = |p: &Value| -> Vec<String> {
        p["roles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap().to_string())
            .collect()
    };
    let admin = people
        .iter()
        .find(|p| roles(p).last().map(String::as_str) == Some("org_admin"))
        .expect("a demo organisation administrator");
    let employee = people
        .iter()
        .find(|p| {
            roles(p) == ["employee"]
                && p["organisation"] == admin["organisation"]
                && p["unit"] == admin["unit"]
        })
        .expect("a plain employee in the administrator's unit");
    let employee_id = employee["id"].as_i64().unwrap();
    let employee_client = server.client_with(&server.session_of(employee_id).await);
    let colleague_client =
        server.client_with(&server.session_of(admin["id"].as_i64().unwrap()).await);
    // A free desk in the unit's home zones today.
    let (level, desk) = find_desk(server, &employee_client, today(), |d| {
        d["home_zone"] == true && d["state"] == "free"
    })
    .await
    .expect("a free desk in the unit's home zones today");
    let desk_id = desk["id"].as_i64().unwrap();
    Fixture {
        employee: employee_client,
        employee_id,
        colleague: colleague_client,
        org_admin: server.client_with(&server.session_of(admin["id"].as_i64().unwrap()).await),
        building_admin: server.demo_client("building_admin").await,
        desk_id,
        level,
    }
}

/// Books `desk_id` for the whole of today; the booking's id.
async fn book_today(server: &Server, client: &reqwest::Client, desk_id: i64) -> i64 {
    let response = client
        .post(server.at("/api/v1/bookings"))
        .json(&json!({
            "desk_id": desk_id,
            "slot": "full_day",
            "days": { "kind": "days", "days": [today()] },
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED, "booking today");
    let outcomes: Value = response.json().await.unwrap();
    outcomes[0]["result"]["booking_id"].as_i64().unwrap()
}

/// A badge reader bound to `desk_id`; its device token.
async fn reader_at(server: &Server, admin: &reqwest::Client, code: &str, desk_id: i64) -> String {
    let response = admin
        .post(server.at("/api/v1/badge-readers"))
        .json(&json!({ "code": code, "desk_id": desk_id }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = response.json().await.unwrap();
    let token = body["token"].as_str().unwrap().to_string();
    assert!(token.starts_with("pwd_"));
    token
}

async fn register_badge(server: &Server, admin: &reqwest::Client, person: i64, badge: &str) {
    let response = admin
        .post(server.at(&format!("/api/v1/people/{person}/badges")))
        .json(&json!({ "badge": badge }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::NO_CONTENT,
        "badge registered"
    );
}

async fn badge(server: &Server, token: &str, badge: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(server.at("/api/v1/check-ins/badge"))
        .bearer_auth(token)
        .json(&json!({ "badge": badge }))
        .send()
        .await
        .unwrap()
}

/// The person's booking `id` as `GET /api/v1/bookings/mine` lists it.
async fn my_booking(server: &Server, client: &reqwest::Client, id: i64) -> Option<Value> {
    let mine: Value = client
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
        .chain(mine["past"].as_array().unwrap())
        .find(|b| b["id"] == id)
        .cloned()
}

async fn a_badge_at_the_desk_checks_in_and_checking_out_frees_the_desk(backend: Backend) {
    let Some((server, database)) = start(backend).await else {
        return;
    };
    let f = fixture(&server).await;
    let booking = book_today(&server, &f.employee, f.desk_id).await;
    let reader = reader_at(&server, &f.building_admin, "desk-reader", f.desk_id).await;
    register_badge(&server, &f.org_admin, f.employee_id, "04A1B2C3").await;

    // The reader prints the id its own way; it is the same badge.
    let response = badge(&server, &reader, " 04a1b2c3 ").await;
    assert_eq!(response.status(), StatusCode::OK);
    let done: Value = response.json().await.unwrap();
    assert_eq!(done["booking_id"], booking);
    assert_eq!(done["already"], false);
    assert_eq!(
        my_booking(&server, &f.employee, booking).await.unwrap()["checked_in"],
        true
    );
    // Twice is harmless.
    let again: Value = badge(&server, &reader, "04A1B2C3")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["already"], true);

    // An unknown badge is refused, counted by reader, and its id is never logged.
    let response = badge(&server, &reader, "FFEE0011").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(problem_type(response).await, "/problems/unknown-badge");
    let readers: Value = f
        .building_admin
        .get(server.at("/api/v1/badge-readers"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(readers[0]["code"], "desk-reader");
    assert_eq!(readers[0]["unknown_badges"], 1);
    assert_eq!(readers[0]["has_token"], true);

    // The colleague has no booking at this desk: the reader says so.
    register_badge(
        &server,
        &f.org_admin,
        person_id(&server, &f.colleague).await,
        "C0FFEE",
    )
    .await;
    let response = badge(&server, &reader, "C0FFEE").await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(problem_type(response).await, "/problems/no-booking");

    // Tokens that are not a reader's with the `checkin` scope are refused.
    for scopes in [json!(["read"]), json!(["checkin"])] {
        let device = create_device(&server, &f.building_admin, "Kiosk", scopes.clone()).await;
        let response = badge(&server, device["token"].as_str().unwrap(), "04A1B2C3").await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{scopes}");
        assert_eq!(problem_type(response).await, "/problems/forbidden");
    }
    let personal: Value = f
        .employee
        .post(server.at("/api/v1/me/tokens"))
        .json(&json!({ "name": "Skript", "scopes": ["book", "read"] }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let response = badge(&server, personal["token"].as_str().unwrap(), "04A1B2C3").await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = badge(&server, "pwd_not-a-token", "04A1B2C3").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);

    // Checking out releases the rest of the day: the colleague books the desk at once.
    let response = f
        .employee
        .post(server.at(&format!("/api/v1/bookings/{booking}/check-out")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        my_booking(&server, &f.employee, booking).await.unwrap()["status"],
        "checked_out"
    );
    let floor: Value = f
        .colleague
        .get(server.at(&format!(
            "/api/v1/availability?floor={}&day={}&slot=full_day",
            f.level,
            today()
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let desk = floor["desks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == f.desk_id)
        .unwrap();
    assert_eq!(desk["state"], "free");
    book_today(&server, &f.colleague, f.desk_id).await;
    let response = f
        .employee
        .post(server.at(&format!("/api/v1/bookings/{booking}/check-out")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND, "checked out once");

    // A removed reader's token no longer works.
    let id = readers[0]["id"].as_i64().unwrap();
    let response = f
        .building_admin
        .delete(server.at(&format!("/api/v1/badge-readers/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = badge(&server, &reader, "04A1B2C3").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);

    let log = stop_with_log(server, database).await;
    for secret in ["04A1B2C3", "04a1b2c3", "FFEE0011", "C0FFEE"] {
        assert!(!log.contains(secret), "the log shows the badge id {secret}");
    }
}

/// `person.id` of the signed-in person.
async fn person_id(server: &Server, client: &reqwest::Client) -> i64 {
    let me: Value = client
        .get(server.at("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    me["id"].as_i64().unwrap()
}

#[tokio::test]
async fn a_badge_at_the_desk_checks_in_and_checking_out_frees_the_desk_on_sqlite() {
    a_badge_at_the_desk_checks_in_and_checking_out_frees_the_desk(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_badge_at_the_desk_checks_in_and_checking_out_frees_the_desk_on_postgres() {
    a_badge_at_the_desk_checks_in_and_checking_out_frees_the_desk(Backend::Postgres).await;
}

#[tokio::test]
async fn badges_and_readers_refuse_bad_input() {
    let server = Server::start(Options::default());
    let f = fixture(&server).await;
    for body in [
        json!({ "code": "no place" , "desk_id": f.desk_id }),
        json!({ "code": "two-places", "desk_id": f.desk_id, "zone_id": 1 }),
        json!({ "code": "nowhere" }),
        json!({ "code": "ghost", "desk_id": 999_999 }),
        json!({ "code": "" , "desk_id": f.desk_id }),
        json!({ "desk_id": f.desk_id }),
    ] {
        let response = f
            .building_admin
            .post(server.at("/api/v1/badge-readers"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(problem_type(response).await, "/problems/invalid-input");
    }
    reader_at(&server, &f.building_admin, "r-1", f.desk_id).await;
    let response = f
        .building_admin
        .post(server.at("/api/v1/badge-readers"))
        .json(&json!({ "code": "r-1", "desk_id": f.desk_id }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST, "a taken code");

    register_badge(&server, &f.org_admin, f.employee_id, "AB12").await;
    for badge in ["", "   ", &"x".repeat(200), "ab12"] {
        let response = f
            .org_admin
            .post(server.at(&format!("/api/v1/people/{}/badges", f.employee_id)))
            .json(&json!({ "badge": badge }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{badge:?}");
    }
    let response = f
        .org_admin
        .post(server.at("/api/v1/people/999999/badges"))
        .json(&json!({ "badge": "CD34" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = f
        .org_admin
        .delete(server.at(&format!("/api/v1/people/{}/badges", f.employee_id)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    // The badge is free again.
    register_badge(&server, &f.org_admin, f.employee_id, "AB12").await;
    stop(server, None).await;
}

#[tokio::test]
async fn a_badge_read_over_mosquitto_checks_the_booking_in() {
    if !reachable(MOSQUITTO.0, MOSQUITTO.1) {
        missing("Mosquitto", "nothing listens on 127.0.0.1:1883");
        return;
    }
    let base = unique("pw-badge");
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("platzwahl.toml");
    std::fs::write(
        &config,
        format!(
            "[sensors]\nclient_id = \"{base}\"\nbadge_topic = \"{base}/badge/{{device}}\"\n\
             [sensors.decoder]\nzigbee2mqtt_base_topics = [\"{base}-z2m\"]\n"
        ),
    )
    .unwrap();
    let server = Server::start(Options {
        env: vec![
            ("PLATZWAHL_MQTT_URL".into(), "mqtt://127.0.0.1:1883".into()),
            ("PLATZWAHL_CONFIG".into(), config.display().to_string()),
        ],
        ..Options::default()
    });
    let f = fixture(&server).await;
    let booking = book_today(&server, &f.employee, f.desk_id).await;
    reader_at(&server, &f.building_admin, "door-2", f.desk_id).await;
    register_badge(&server, &f.org_admin, f.employee_id, "04A1B2C3").await;

    // Messages sent before the server subscribed are lost: publish until it is checked in.
    let topic = format!("{base}/badge/door-2");
    let start = Instant::now();
    loop {
        publish(
            MOSQUITTO.0,
            MOSQUITTO.1,
            &topic,
            r#"{"badge": "04A1B2C3", "rssi": -41}"#,
        )
        .await
        .unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mine = my_booking(&server, &f.employee, booking).await.unwrap();
        if mine["checked_in"] == true {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "not checked in by MQTT within 20 s: {mine}"
        );
    }
    // A badge from a reader nobody set up is ignored, and said so in the log (without the id).
    publish(
        MOSQUITTO.0,
        MOSQUITTO.1,
        &format!("{base}/badge/unknown-reader"),
        "04A1B2C3",
    )
    .await
    .unwrap();
    let start = Instant::now();
    while !server
        .log
        .lock()
        .unwrap()
        .iter()
        .any(|line| line.contains("unknown reader was ignored"))
    {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the message of an unknown reader is not reported"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let log = stop_with_log(server, None).await;
    assert!(log.contains("checked in by badge"), "{log}");
    assert!(!log.contains("04A1B2C3"), "the log shows the badge id");
}

#[tokio::test]
async fn the_qr_sheet_links_every_desk_to_its_open_check_in_page() {
    let server = Server::start(Options::default());
    let admin = server.demo_client("building_admin").await;
    let html = admin
        .get(server.at("/floors/2/qr"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let floor: Value = admin
        .get(server.at(&format!(
            "/api/v1/availability?floor=2&day={}&slot=full_day",
            today()
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let desks = floor["desks"].as_array().unwrap();
    assert!(!desks.is_empty());
    assert_eq!(
        html.matches(&format!(
            "<small class=\"qr-url\">{}",
            server.localhost("/check-in/desk/")
        ))
        .count(),
        desks.len(),
        "one code per desk, linking to the public address"
    );
    assert!(html.matches("data:image/svg+xml;base64,").count() > desks.len());
    assert!(html.contains(&format!(
        "Zum Einchecken scannen Arbeitsplatz {}",
        desks[0]["label"].as_str().unwrap()
    )));

    // Only building administrators print codes.
    let employee = server.demo_client("employee").await;
    let html = employee
        .get(server.at("/floors/2/qr"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("data:image/svg+xml"));
    assert!(html.contains("role=\"alert\""));

    // The page a code opens needs no sign-in: the passkey is the sign-in.
    let id = desks[0]["id"].as_i64().unwrap();
    let response = reqwest::get(server.at(&format!("/check-in/desk/{id}")))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.unwrap();
    assert!(html.contains("Mit Passkey einchecken"));
    assert!(html.contains(&format!("data-desk=\"{id}\"")));
    let response = reqwest::get(server.at("/check-in/desk/999999"))
        .await
        .unwrap();
    assert!(response.text().await.unwrap().contains("role=\"alert\""));
    stop(server, None).await;
}

#[tokio::test]
async fn a_badge_at_a_room_reader_checks_in_the_current_reservation() {
    let Some((server, Some(database))) = start(Backend::Postgres).await else {
        return;
    };
    let f = fixture(&server).await;
    // Room reservations are made through the room pages (a later issue); here one is written
    // as they will be: running now, owned by the employee.
    use sea_orm::ConnectionTrait;
    let db = database.connection();
    db.execute_unprepared(&format!(
        "INSERT INTO room_reservation (room_id, owner_id, starts_at, ends_at, subject, status) \
         SELECT id, {}, now() - interval '5 minutes', now() + interval '1 hour', 'Beratung', 'active' \
         FROM room WHERE privacy_class = 'protected' ORDER BY id LIMIT 1",
        f.employee_id
    ))
    .await
    .unwrap();
    let room = db
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SELECT room_id, id FROM room_reservation ORDER BY id DESC LIMIT 1",
        ))
        .await
        .unwrap()
        .unwrap();
    let room_id: i32 = room.try_get("", "room_id").unwrap();
    let reservation: i64 = room.try_get("", "id").unwrap();
    let response = f
        .building_admin
        .post(server.at("/api/v1/badge-readers"))
        .json(&json!({ "code": "room-door", "room_id": room_id }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let reader: Value = response.json().await.unwrap();
    let token = reader["token"].as_str().unwrap().to_string();
    register_badge(&server, &f.org_admin, f.employee_id, "0A0B0C").await;

    let response = badge(&server, &token, "0A0B0C").await;
    assert_eq!(response.status(), StatusCode::OK);
    let done: Value = response.json().await.unwrap();
    assert_eq!(done["reservation_id"], reservation);
    assert_eq!(done["booking_id"], Value::Null);
    assert_eq!(done["already"], false);
    let checked: Option<chrono::DateTime<chrono::Utc>> = db
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            format!("SELECT checked_in_at FROM room_reservation WHERE id = {reservation}"),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "checked_in_at")
        .unwrap();
    assert!(checked.is_some(), "the reservation is checked in");
    // A protected room's check-in names nobody in the audit log.
    let actor: Option<i32> = db
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            format!(
                "SELECT actor_person_id FROM audit_log \
                 WHERE action = 'room_reservation.check_in' AND entity_id = '{reservation}'"
            ),
        ))
        .await
        .unwrap()
        .expect("an audit entry")
        .try_get("", "actor_person_id")
        .unwrap();
    assert_eq!(actor, None);
    // Badge ids are kept only as hashes.
    let stored = db
        .query_all_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SELECT badge_hash FROM badge",
        ))
        .await
        .unwrap();
    assert!(!stored.is_empty());
    for row in stored {
        let hash: String = row.try_get("", "badge_hash").unwrap();
        assert_eq!(hash.len(), 64, "a SHA-256 in hex: {hash}");
        assert!(!hash.to_uppercase().contains("0A0B0C"), "{hash}");
    }
    // Somebody without a reservation of the room: nothing to check in.
    register_badge(
        &server,
        &f.org_admin,
        person_id(&server, &f.colleague).await,
        "0D0E0F",
    )
    .await;
    let response = badge(&server, &token, "0D0E0F").await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    stop(server, Some(database)).await;
}

#[tokio::test]
async fn a_reader_reading_many_unknown_badges_is_not_heard_for_the_hour_and_keeps_one_row() {
    let Some((server, database)) = start(Backend::Postgres).await else {
        return;
    };
    let f = fixture(&server).await;
    book_today(&server, &f.employee, f.desk_id).await;
    let reader = reader_at(&server, &f.building_admin, "probed-reader", f.desk_id).await;
    register_badge(&server, &f.org_admin, f.employee_id, "C0FFEE01").await;
    for n in 0..60 {
        let response = badge(&server, &reader, &format!("BAD{n:05}")).await;
        assert_eq!(
            response.status(),
            StatusCode::NOT_FOUND,
            "unknown badge {n}"
        );
    }
    // Now even a known badge is not heard at this reader until the hour has passed.
    let response = badge(&server, &reader, "C0FFEE01").await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let readers: Value = f
        .building_admin
        .get(server.at("/api/v1/badge-readers"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let probed = readers
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "probed-reader")
        .unwrap();
    assert_eq!(probed["unknown_badges"], 60);
    // Counted in one audit row, not sixty.
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let db = database.as_ref().unwrap().connection();
    let rows = entities::audit_log::Entity::find()
        .filter(entities::audit_log::Column::Action.eq("badge.unknown"))
        .count(db)
        .await
        .unwrap();
    assert_eq!(rows, 1);
    stop(server, database).await;
}

/// A device token named `name` with `scopes`, created by a building administrator: its JSON
/// (`id`, `token`).
async fn create_device(
    server: &Server,
    admin: &reqwest::Client,
    name: &str,
    scopes: Value,
) -> Value {
    let response = admin
        .post(server.at("/api/v1/devices"))
        .json(&json!({ "name": name, "scopes": scopes }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED, "device {name}");
    response.json().await.unwrap()
}

/// How many unknown badges `code` has read, per `GET /api/v1/badge-readers`.
async fn unknown_badges(server: &Server, admin: &reqwest::Client, code: &str) -> u64 {
    let readers: Value = admin
        .get(server.at("/api/v1/badge-readers"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    readers
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == code)
        .and_then(|r| r["unknown_badges"].as_u64())
        .unwrap_or(0)
}

/// Publishes an unknown badge as `reader` to its own topic until the server has counted one
/// more than `before` for it: proof that the server hears what `reader` sent up to then.
async fn heard(
    server: &Server,
    admin: &reqwest::Client,
    reader: &Connect,
    code: &str,
    before: u64,
) -> u64 {
    let start = Instant::now();
    loop {
        publish_as(reader, &format!("platzwahl/badge/{code}"), "FFFF0000")
            .await
            .unwrap();
        let wait_until = Instant::now() + Duration::from_millis(500);
        while Instant::now() < wait_until {
            let count = unknown_badges(server, admin, code).await;
            if count > before {
                return count;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the server does not hear {code} within 30 s"
        );
    }
}

#[tokio::test]
async fn a_mosquitto_with_one_login_per_device_an_acl_and_tls_keeps_each_reader_to_its_own_topic() {
    // The README's production broker: TLS only, one login per device, each badge reader
    // allowed to publish only to its own topic, only the server allowed to read.
    let broker = SecuredBroker::start(
        &[
            ("platzwahl", "server-secret"),
            ("door-1", "door-1-secret"),
            ("door-2", "door-2-secret"),
        ],
        "user platzwahl\ntopic read #\n\npattern write platzwahl/badge/%u\n",
    );
    let server = Server::start(Options {
        env: vec![
            (
                "PLATZWAHL_MQTT_URL".into(),
                format!("mqtts://localhost:{}", broker.port),
            ),
            ("PLATZWAHL_MQTT_USERNAME".into(), "platzwahl".into()),
            ("PLATZWAHL_MQTT_PASSWORD".into(), "server-secret".into()),
            (
                "PLATZWAHL_MQTT_CA_FILE".into(),
                broker.ca_file.display().to_string(),
            ),
        ],
        ..Options::default()
    });
    let f = fixture(&server).await;
    let booking = book_today(&server, &f.employee, f.desk_id).await;
    let (_, other) = find_desk(&server, &f.building_admin, today(), |d| {
        d["state"] == "free" && d["id"] != f.desk_id
    })
    .await
    .expect("a second free desk");
    reader_at(&server, &f.building_admin, "door-1", f.desk_id).await;
    reader_at(
        &server,
        &f.building_admin,
        "door-2",
        other["id"].as_i64().unwrap(),
    )
    .await;
    register_badge(&server, &f.org_admin, f.employee_id, "04A1B2C3").await;
    let door_1 = broker.connect().login("door-1", "door-1-secret");
    let door_2 = broker.connect().login("door-2", "door-2-secret");

    // Without a login, with a wrong password, or without TLS, nobody gets in.
    let topic = "platzwahl/badge/door-1";
    assert!(
        publish_as(&broker.connect(), topic, "04A1B2C3")
            .await
            .is_err()
    );
    assert!(
        publish_as(
            &broker.connect().login("door-1", "guess"),
            topic,
            "04A1B2C3"
        )
        .await
        .is_err()
    );
    let plain = Connect {
        ca_file: None,
        ..door_1.clone()
    };
    assert!(publish_as(&plain, topic, "04A1B2C3").await.is_err());

    // The server hears door-2 on its own topic (over TLS, with its login) ...
    let counted = heard(&server, &f.building_admin, &door_2, "door-2", 0).await;
    // ... but door-2 cannot check anybody in at door-1: the broker drops what it publishes
    // on door-1's topic. What door-2 sends after it still arrives, so the first was not
    // merely late.
    publish_as(&door_2, topic, r#"{"badge": "04A1B2C3"}"#)
        .await
        .unwrap();
    heard(&server, &f.building_admin, &door_2, "door-2", counted).await;
    let mine = my_booking(&server, &f.employee, booking).await.unwrap();
    assert_eq!(mine["checked_in"], false, "door-2 checked in at door-1");

    // A reader cannot collect badge ids either: subscribed to everything, door-2 receives
    // nothing while door-1 reads the badge, which checks the booking in.
    let received = collect(&door_2, "#", Duration::from_secs(3), async {
        publish_as(&door_1, topic, r#"{"badge": "04A1B2C3"}"#)
            .await
            .unwrap();
    })
    .await
    .unwrap();
    assert!(received.is_empty(), "door-2 read {received:?}");
    let start = Instant::now();
    while my_booking(&server, &f.employee, booking).await.unwrap()["checked_in"] != true {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "door-1 did not check the booking in"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    stop(server, None).await;
}

#[tokio::test]
async fn the_embedded_broker_lets_in_only_devices_with_an_mqtt_token() {
    // Logins on, as on a real install (demo mode alone would let clients in anonymously).
    let server = Server::start(Options {
        env: vec![("PLATZWAHL_MQTT_EMBEDDED_ANONYMOUS".into(), "false".into())],
        ..Options::default()
    });
    let admin = server.demo_client("building_admin").await;
    let created = create_device(&server, &admin, "gateway-7", json!(["mqtt"])).await;
    let token = created["token"].as_str().unwrap().to_string();
    let embedded = Connect::plain("127.0.0.1", server.mqtt_port);
    let desk = tests::mqtt::a_desk_with_a_sensor(&server, 2).await;
    let topic = format!("zigbee2mqtt/desks/{desk}");

    // No login, a wrong token, or the right token under another name: refused.
    assert!(
        publish_as(&embedded, &topic, &presence(true))
            .await
            .is_err()
    );
    assert!(
        publish_as(
            &embedded.login("gateway-7", "pwd_guess"),
            &topic,
            &presence(true)
        )
        .await
        .is_err()
    );
    assert!(
        publish_as(
            &embedded.login("gateway-8", &token),
            &topic,
            &presence(true)
        )
        .await
        .is_err()
    );
    // The gateway's own login: its messages reach the server (whose ingestion logs in with
    // a login of its own) and the desk turns occupied.
    let gateway = embedded.login("gateway-7", &token);
    let start = Instant::now();
    loop {
        publish_as(&gateway, &topic, &presence(true)).await.unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        if tests::mqtt::desk_state(&server, 2, &desk).await.as_deref() == Some("occupied") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the gateway's message did not reach the server"
        );
    }
    // The token opens nothing over HTTP.
    let response = reqwest::Client::new()
        .get(server.at("/api/v1/occupancy?floor=2"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error(), "{}", response.status());
    // A token without the mqtt scope is no login; a revoked one no longer.
    let reader = create_device(&server, &admin, "reader-9", json!(["checkin"])).await;
    assert!(
        publish_as(
            &embedded.login("reader-9", reader["token"].as_str().unwrap()),
            &topic,
            &presence(true)
        )
        .await
        .is_err()
    );
    let response = admin
        .delete(server.at(&format!("/api/v1/devices/{}", created["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(publish_as(&gateway, &topic, &presence(true)).await.is_err());
    stop(server, None).await;
}
