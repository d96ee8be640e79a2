//! "A room now" for the front desk through the real server binary, on SQLite and PostgreSQL:
//! three calls in a row give three different first-consultation rooms of the entrance zone;
//! once all are taken the answer is 409 with the earliest free time and its room; a plain
//! employee is refused; bad input is a problem document; the walk-ins are counted by hour,
//! and nothing stored names a citizen.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;

use entities::{audit_log, room, room_reservation, walk_in_hour, zone};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use tests::db::{Backend, TestDatabase};
use tests::server::{Options, Server, problem_type, stop};

async fn ask(client: &reqwest::Client, server: &Server, body: &Value) -> reqwest::Response {
    client
        .post(server.at("/api/v1/rooms/now"))
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn walk_ins(db: &sea_orm::DatabaseConnection) -> i32 {
    walk_in_hour::Entity::find()
        .all(db)
        .await
        .unwrap()
        .iter()
        .map(|row| row.count)
        .sum()
}

async fn the_front_desk_gets_a_room_now_until_all_are_taken(backend: Backend) {
    let Some(database) = TestDatabase::create(backend).await else {
        return;
    };
    let server = Server::start(Options {
        database_url: Some(database.url().to_owned()),
        ..Options::default()
    });
    let db = database.connection();
    let front_desk = server.demo_client("counsellor").await;
    let employee = server.demo_client("employee").await;

    // The first-consultation rooms: protected rooms of the entrance zone.
    let entrance: HashSet<i32> = zone::Entity::find()
        .filter(zone::Column::Kind.eq(entities::enums::ZoneKind::Entrance))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|z| z.id)
        .collect();
    let first_consultation: HashSet<i32> = room::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.zone_id.is_some_and(|z| entrance.contains(&z)))
        .filter(|r| r.privacy_class == entities::enums::PrivacyClass::Protected)
        .map(|r| r.id)
        .collect();
    assert!(
        first_consultation.len() >= 3,
        "the demo building has first-consultation rooms: {first_consultation:?}"
    );

    // A plain employee is not the front desk; bad input is refused before anything is written.
    let refused = ask(&employee, &server, &json!({"minutes": 15})).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    for bad in [
        json!({"minutes": 5}),
        json!({"minutes": 45}),
        json!({"minutes": "soon"}),
        json!({}),
    ] {
        let response = ask(&front_desk, &server, &bad).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(problem_type(response).await, "/problems/invalid-input");
    }
    let nowhere = ask(
        &front_desk,
        &server,
        &json!({"minutes": 15, "building": "atlantis"}),
    )
    .await;
    assert_eq!(nowhere.status(), StatusCode::NOT_FOUND);
    assert_eq!(walk_ins(db).await, 0);

    // Three in a row: three different rooms, each of the entrance zone, each with its floor.
    let mut given = Vec::new();
    for _ in 0..3 {
        let response = ask(&front_desk, &server, &json!({"minutes": 20})).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let room: Value = response.json().await.unwrap();
        let id = i32::try_from(room["room_id"].as_i64().unwrap()).unwrap();
        assert!(first_consultation.contains(&id), "{room}");
        assert!(room["label"].is_string() && room["name"].is_string() && room["level"].is_i64());
        assert!(room["from"].is_string() && room["to"].is_string(), "{room}");
        given.push((id, room["reservation_id"].as_i64().unwrap()));
    }
    let distinct: HashSet<i32> = given.iter().map(|(id, _)| *id).collect();
    assert_eq!(distinct.len(), 3, "three different rooms: {given:?}");
    assert_eq!(walk_ins(db).await, 3, "three walk-ins counted");

    // The rest are taken too; then all are busy: 409 with the earliest free time and room.
    for _ in 3..first_consultation.len() {
        let response = ask(&front_desk, &server, &json!({"minutes": 20})).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let room: Value = response.json().await.unwrap();
        given.push((
            i32::try_from(room["room_id"].as_i64().unwrap()).unwrap(),
            room["reservation_id"].as_i64().unwrap(),
        ));
    }
    let distinct: HashSet<i32> = given.iter().map(|(id, _)| *id).collect();
    assert_eq!(distinct, first_consultation, "every room given once");
    let asked_at = chrono::Utc::now();
    let busy = ask(&front_desk, &server, &json!({"minutes": 20})).await;
    assert_eq!(busy.status(), StatusCode::CONFLICT);
    assert_eq!(busy.headers()["content-type"], "application/problem+json");
    let problem: Value = busy.json().await.unwrap();
    assert_eq!(problem["type"], "/problems/room-taken", "{problem}");
    let earliest = &problem["earliest_free"];
    let at: chrono::DateTime<chrono::Utc> = earliest["at"].as_str().unwrap().parse().unwrap();
    assert!(at > asked_at, "free later, not now: {problem}");
    assert!(
        at < asked_at + chrono::Duration::hours(2),
        "free again once a walk-in and its buffers end: {problem}"
    );
    let free_room = i32::try_from(earliest["room_id"].as_i64().unwrap()).unwrap();
    assert!(first_consultation.contains(&free_room), "{problem}");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains(earliest["label"].as_str().unwrap()),
        "{problem}"
    );
    assert_eq!(
        walk_ins(db).await,
        i32::try_from(given.len()).unwrap(),
        "a refusal is no walk-in"
    );

    // Counts only, and the reservations are the front desk's own without any citizen's data;
    // their audit rows name nobody.
    // (`walk_in_hour` has a building, an hour and a count: no column could hold a name.)
    for row in walk_in_hour::Entity::find().all(db).await.unwrap() {
        assert!(row.count > 0, "{row:?}");
    }
    let ids: Vec<i64> = given.iter().map(|(_, id)| *id).collect();
    let reservations = room_reservation::Entity::find()
        .filter(room_reservation::Column::Id.is_in(ids.clone()))
        .all(db)
        .await
        .unwrap();
    assert_eq!(reservations.len(), given.len());
    for reservation in &reservations {
        assert!(reservation.subject.is_none(), "{reservation:?}");
        assert!(reservation.notes.is_none(), "{reservation:?}");
        assert!(reservation.attendees.is_none(), "{reservation:?}");
    }
    let audit = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("room_reservation"))
        .filter(audit_log::Column::EntityId.is_in(ids.iter().map(ToString::to_string)))
        .all(db)
        .await
        .unwrap();
    assert_eq!(audit.len(), given.len());
    assert!(
        audit
            .iter()
            .all(|row| row.actor_person_id.is_none() && row.detail.is_none()),
        "{audit:?}"
    );

    // The front desk sees them as its own reservations (and may cancel them there).
    let mine: Value = front_desk
        .get(server.at("/api/v1/room-reservations/mine"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let own: HashSet<i64> = mine
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["id"].as_i64())
        .collect();
    assert!(ids.iter().all(|id| own.contains(id)), "{mine}");

    stop(server, None).await;
    database.remove().await;
}

#[tokio::test]
async fn the_front_desk_gets_a_room_now_until_all_are_taken_on_sqlite() {
    the_front_desk_gets_a_room_now_until_all_are_taken(Backend::Sqlite).await;
}

#[tokio::test]
async fn the_front_desk_gets_a_room_now_until_all_are_taken_on_postgres() {
    the_front_desk_gets_a_room_now_until_all_are_taken(Backend::Postgres).await;
}
