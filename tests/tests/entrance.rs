//! The entrance zone through the real server binary, on SQLite and PostgreSQL: the front desk
//! of an organisation the building administrator admits gets a room now, of one it does not
//! admit a 403 (and its counsellors cannot reserve the first-consultation rooms either); a
//! reservation longer than a room's longest slot is refused with 422 naming the limit (which the
//! rooms page shows too) and writes nothing, and
//! "a room now" keeps to the slots too; the walk-ins appear in the report, by hour and day, and
//! in its CSV. The role check of the database accepts `front_desk` and still refuses a role
//! nobody made up.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use entities::enums::{PrivacyClass, ZoneKind};
use entities::{organisation, person_role, room, room_reservation, zone};
use reqwest::StatusCode;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, Statement,
};
use serde_json::{Value, json};
use tests::db::{Backend, TestDatabase, with_migrated_database};
use tests::server::{Options, Server, problem_type, stop};

const BUILDING: &str = "bundesbahndirektion";

async fn ask(client: &reqwest::Client, server: &Server, minutes: u32) -> reqwest::Response {
    client
        .post(server.at("/api/v1/rooms/now"))
        .json(&json!({ "minutes": minutes, "building": BUILDING }))
        .send()
        .await
        .unwrap()
}

/// A demo person of `organisation` (its name) whose only role is `employee`, made the front
/// desk.
async fn front_desk_of(
    server: &Server,
    db: &DatabaseConnection,
    organisation: &str,
) -> reqwest::Client {
    let person = server
        .demo_people()
        .await
        .into_iter()
        .find(|p| p["organisation"] == organisation && p["roles"] == json!(["employee"]))
        .unwrap_or_else(|| panic!("an employee of {organisation}"));
    let id = i32::try_from(person["id"].as_i64().unwrap()).unwrap();
    person_role::Entity::insert(person_role::ActiveModel {
        person_id: Set(id),
        role: Set(entities::enums::Role::FrontDesk),
    })
    .exec_without_returning(db)
    .await
    .unwrap();
    server.client_with(&server.session_of(i64::from(id)).await)
}

async fn counsellor_of(server: &Server, organisation: &str) -> reqwest::Client {
    let person = tests::api::demo_person(server, organisation, "counsellor").await;
    server.client_with(&server.session_of(person["id"].as_i64().unwrap()).await)
}

/// The first-consultation rooms: protected rooms in zones of kind `entrance`.
async fn first_consultation(db: &DatabaseConnection) -> Vec<room::Model> {
    let entrance: Vec<i32> = zone::Entity::find()
        .filter(zone::Column::Kind.eq(ZoneKind::Entrance))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|z| z.id)
        .collect();
    room::Entity::find()
        .filter(room::Column::ZoneId.is_in(entrance))
        .filter(room::Column::PrivacyClass.eq(PrivacyClass::Protected))
        .all(db)
        .await
        .unwrap()
}

async fn reservations_of(db: &DatabaseConnection, room_id: i32) -> u64 {
    room_reservation::Entity::find()
        .filter(room_reservation::Column::RoomId.eq(room_id))
        .count(db)
        .await
        .unwrap()
}

/// The next weekday after today, in the building's time zone.
fn next_weekday() -> NaiveDate {
    let mut day = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Berlin)
        .date_naive()
        + Duration::days(1);
    while matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
        day += Duration::days(1);
    }
    day
}

async fn reserve(
    client: &reqwest::Client,
    server: &Server,
    room_id: i32,
    from: &str,
    to: &str,
) -> reqwest::Response {
    client
        .post(server.at("/api/v1/room-reservations"))
        .json(&json!({
            "room_id": room_id,
            "day": next_weekday(),
            "from": from,
            "to": to,
        }))
        .send()
        .await
        .unwrap()
}

async fn only_admitted_organisations_use_the_entrance_zone_in_short_slots(backend: Backend) {
    let Some(database) = TestDatabase::create(backend).await else {
        return;
    };
    let server = Server::start(Options {
        database_url: Some(database.url().to_owned()),
        ..Options::default()
    });
    let db = database.connection();
    let organisations = organisation::Entity::find().all(db).await.unwrap();
    assert_eq!(organisations.len(), 3);
    let (admitted, refused) = (&organisations[0], &organisations[1]);
    let building_admin = server.demo_client("building_admin").await;
    let facility = server.demo_client("facility_manager").await;
    // The demo staffs the entrance: a front desk of every organisation to sign in as.
    let people = server.demo_people().await;
    for o in &organisations {
        assert!(
            people.iter().any(|p| p["organisation"] == o.name.as_str()
                && p["roles"] == json!(["employee", "front_desk"])),
            "a demo front desk of {}",
            o.name
        );
    }

    // The demo admits its three organisations; the building administrator admits two.
    let entrance_path = format!("/api/v1/buildings/{BUILDING}/entrance");
    let settings: Value = building_admin
        .get(server.at(&entrance_path))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let listed = settings["organisations"].as_array().unwrap();
    assert_eq!(listed.len(), 3, "{settings}");
    assert!(listed.iter().all(|o| o["admitted"] == true), "{settings}");
    let rooms = first_consultation(db).await;
    assert!(rooms.len() >= 3, "{rooms:?}");
    let listed_rooms: Vec<i64> = settings["rooms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert!(
        rooms
            .iter()
            .all(|r| listed_rooms.contains(&i64::from(r.id))),
        "every first-consultation room is listed: {settings}"
    );
    let keep: Vec<&str> = organisations
        .iter()
        .filter(|o| o.id != refused.id)
        .map(|o| o.slug.as_str())
        .collect();
    let response = building_admin
        .put(server.at(&format!("{entrance_path}/admissions")))
        .json(&json!({ "organisations": keep }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let after: Value = response.json().await.unwrap();
    for o in after["organisations"].as_array().unwrap() {
        assert_eq!(o["admitted"], o["slug"] != refused.slug.as_str(), "{after}");
    }
    // An unknown organisation is refused and changes nothing; others may not change it.
    let unknown = building_admin
        .put(server.at(&format!("{entrance_path}/admissions")))
        .json(&json!({ "organisations": ["atlantis"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    let not_admin = facility
        .put(server.at(&format!("{entrance_path}/admissions")))
        .json(&json!({ "organisations": [] }))
        .send()
        .await
        .unwrap();
    assert_eq!(not_admin.status(), StatusCode::FORBIDDEN);

    // The front desk of the admitted organisation gets a room now; of the other, a 403.
    let front_desk = front_desk_of(&server, db, &admitted.name).await;
    let outsider = front_desk_of(&server, db, &refused.name).await;
    let given = ask(&front_desk, &server, 15).await;
    assert_eq!(given.status(), StatusCode::CREATED);
    let given: Value = given.json().await.unwrap();
    assert!(
        rooms
            .iter()
            .any(|r| i64::from(r.id) == given["room_id"].as_i64().unwrap()),
        "{given}"
    );
    let walk_ins = 1;
    let no = ask(&outsider, &server, 15).await;
    assert_eq!(no.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem_type(no).await, "/problems/not-admitted");

    // Its counsellors cannot reserve the first-consultation rooms either.
    let room = &rooms[1];
    let before = reservations_of(db, room.id).await;
    let counsellor_out = counsellor_of(&server, &refused.name).await;
    let no = reserve(&counsellor_out, &server, room.id, "10:00", "10:15").await;
    assert_eq!(no.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem_type(no).await, "/problems/not-admitted");
    assert_eq!(reservations_of(db, room.id).await, before);

    // Short slots: the entrance's default (30 minutes), then the room's own (15).
    let counsellor = counsellor_of(&server, &admitted.name).await;
    let too_long = reserve(&counsellor, &server, room.id, "10:00", "10:45").await;
    assert_eq!(too_long.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = too_long.json().await.unwrap();
    assert_eq!(problem["type"], "/problems/policy-limit", "{problem}");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("höchstens 30 Minuten"),
        "the limit is named: {problem}"
    );
    assert_eq!(
        reservations_of(db, room.id).await,
        before,
        "nothing written"
    );
    for r in &rooms {
        let set = building_admin
            .put(server.at(&format!("/api/v1/rooms/{}/max-slot", r.id)))
            .json(&json!({ "max_slot_minutes": 15 }))
            .send()
            .await
            .unwrap();
        assert_eq!(set.status(), StatusCode::OK);
    }
    let stored = room::Entity::find_by_id(room.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.max_slot_minutes, Some(15));
    let zero = building_admin
        .put(server.at(&format!("/api/v1/rooms/{}/max-slot", room.id)))
        .json(&json!({ "max_slot_minutes": 0 }))
        .send()
        .await
        .unwrap();
    assert_eq!(zero.status(), StatusCode::BAD_REQUEST);
    let too_long = counsellor
        .post(server.at("/api/v1/room-reservations"))
        .header("accept-language", "en")
        .json(&json!({
            "room_id": room.id,
            "day": next_weekday(),
            "from": "10:00",
            "to": "10:30",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(too_long.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = too_long.json().await.unwrap();
    assert_eq!(problem["type"], "/problems/policy-limit", "{problem}");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("at most 15 minutes"),
        "the room's own limit is named, in English: {problem}"
    );
    // The rooms page tells the limit before anybody tries.
    let page = counsellor
        .get(server.at(&format!(
            "/rooms?day={}&from=10:00&to=10:15&privacy=protected",
            next_weekday()
        )))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("höchstens 15 Minuten am Stück"),
        "the rooms page names the limit"
    );
    assert_eq!(
        reservations_of(db, room.id).await,
        before,
        "nothing written"
    );
    let fits = reserve(&counsellor, &server, room.id, "10:00", "10:15").await;
    assert_eq!(fits.status(), StatusCode::CREATED);
    assert_eq!(reservations_of(db, room.id).await, before + 1);

    // A room now keeps to the slots: 30 minutes fit no room now, 15 do.
    let total_before: u64 = room_reservation::Entity::find().count(db).await.unwrap();
    let no = ask(&front_desk, &server, 30).await;
    assert_eq!(no.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = no.json().await.unwrap();
    assert_eq!(problem["type"], "/problems/policy-limit");
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|detail| detail.contains("15 Minuten")),
        "the refusal names the longest slot a room takes: {problem}"
    );
    assert_eq!(
        room_reservation::Entity::find().count(db).await.unwrap(),
        total_before,
        "nothing written"
    );
    let given = ask(&front_desk, &server, 15).await;
    assert_eq!(given.status(), StatusCode::CREATED);
    let walk_ins = walk_ins + 1;

    // The walk-ins in the report (counts by hour and day) and its CSV.
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Berlin)
        .date_naive();
    let query = format!("from={today}&to={today}&building={BUILDING}");
    let report: Value = facility
        .get(server.at(&format!("/api/v1/reports?{query}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let counted = &report["walk_ins"];
    assert_eq!(counted["total"], walk_ins, "{counted}");
    assert_eq!(
        counted["by_day"],
        json!([{ "day": today, "count": walk_ins }])
    );
    let by_hour: i64 = counted["by_hour"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["count"].as_i64().unwrap())
        .sum();
    assert_eq!(by_hour, walk_ins);
    let csv = facility
        .get(server.at(&format!("/api/v1/reports/walk-ins.csv?{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    let csv = csv.text().await.unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("day,hour,walk_ins"));
    let summed: i64 = lines
        .map(|line| line.rsplit(',').next().unwrap().parse::<i64>().unwrap())
        .sum();
    assert_eq!(summed, walk_ins, "{csv}");

    stop(server, None).await;
    database.remove().await;
}

#[tokio::test]
async fn only_admitted_organisations_use_the_entrance_zone_in_short_slots_on_sqlite() {
    only_admitted_organisations_use_the_entrance_zone_in_short_slots(Backend::Sqlite).await;
}

#[tokio::test]
async fn only_admitted_organisations_use_the_entrance_zone_in_short_slots_on_postgres() {
    only_admitted_organisations_use_the_entrance_zone_in_short_slots(Backend::Postgres).await;
}

async fn id_of(db: &DatabaseConnection, sql: &str) -> i32 {
    db.query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "id")
        .unwrap()
}

/// Gives a new person of organisation `o` the role `role`; the database's answer.
async fn grant(db: &DatabaseConnection, role: &str) -> Result<(), sea_orm::DbErr> {
    let organisation = id_of(db, "SELECT id FROM organisation WHERE slug = 'o'").await;
    db.execute_unprepared(&format!(
        "INSERT INTO person (organisation_id, display_name, email) \
         VALUES ({organisation}, '{role}', '{role}@example.org')"
    ))
    .await?;
    let person = id_of(
        db,
        &format!("SELECT id FROM person WHERE email = '{role}@example.org'"),
    )
    .await;
    db.execute_unprepared(&format!(
        "INSERT INTO person_role (person_id, role) VALUES ({person}, '{role}')"
    ))
    .await
    .map(|_| ())
}

async fn the_role_check_knows_the_front_desk(db: DatabaseConnection) {
    db.execute_unprepared("INSERT INTO organisation (slug, name) VALUES ('o', 'O')")
        .await
        .unwrap();
    grant(&db, "front_desk").await.unwrap();
    let refused = grant(&db, "wizard").await.unwrap_err();
    assert!(
        refused.to_string().contains("person_role_role_check")
            || refused.to_string().contains("CHECK constraint failed"),
        "{refused}"
    );
    // Single sign-on may grant it too, but never a building-wide role.
    let organisation = id_of(&db, "SELECT id FROM organisation WHERE slug = 'o'").await;
    for (role, fine) in [("front_desk", true), ("facility_manager", false)] {
        let written = db
            .execute_unprepared(&format!(
                "INSERT INTO identity_mapping (organisation_id, kind, claim_value, role) \
                 VALUES ({organisation}, 'role', 'group-{role}', '{role}')"
            ))
            .await;
        assert_eq!(written.is_ok(), fine, "{role}: {written:?}");
    }
}

#[tokio::test]
async fn the_role_check_knows_the_front_desk_on_sqlite() {
    with_migrated_database(Backend::Sqlite, the_role_check_knows_the_front_desk).await;
}

#[tokio::test]
async fn the_role_check_knows_the_front_desk_on_postgres() {
    with_migrated_database(Backend::Postgres, the_role_check_knows_the_front_desk).await;
}
