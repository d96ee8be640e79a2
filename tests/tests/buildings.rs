//! Several buildings, on SQLite and PostgreSQL: the demo seeds a second, small building (the
//! university's Campus Haspel) through the building import. Pages and addresses name the
//! building (`/buildings/{slug}/floors/{level}`); an address without one means the viewer's
//! home building (that of their unit's first home zone), never "the first building"; floors of
//! the same level in two buildings stay apart in the plan, the availability, the occupancy,
//! the live stream and the links of "my bookings".

#![allow(clippy::expect_used)]

use serde_json::{Value, json};
use tests::db::Backend;
use tests::pages::{DEMO_BUILDING, SECOND_DEMO_BUILDING};
use tests::server::{Server, in_days, start, stop};

/// A session of a member of the university's unit "Forschungstransfer", whose home zones are
/// in the second building: found through the university's organisation administrator.
async fn campus_member(server: &Server) -> String {
    let admin = server
        .demo_people()
        .await
        .into_iter()
        .find(|p| {
            p["organisation"] == "Bergische Universität Wuppertal"
                && p["roles"]
                    .as_array()
                    .is_some_and(|roles| roles.iter().any(|r| r == "org_admin"))
        })
        .expect("the university's organisation administrator");
    let admin = server.session_of(admin["id"].as_i64().expect("id")).await;
    let people: Value = server
        .client_with(&admin)
        .get(server.at("/api/v1/people?unit=forschungstransfer"))
        .send()
        .await
        .expect("people")
        .json()
        .await
        .expect("people JSON");
    let member = people["people"]
        .as_array()
        .expect("a list")
        .iter()
        .find(|p| p["roles"] == json!(["employee"]))
        .unwrap_or_else(|| panic!("an employee of Forschungstransfer in {people}"));
    server.session_of(member["id"].as_i64().expect("id")).await
}

async fn get_json(server: &Server, cookie: &str, path: &str) -> (u16, Value) {
    let response = server
        .client_with(cookie)
        .get(server.at(path))
        .send()
        .await
        .expect("a response");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn get_page(server: &Server, cookie: &str, path: &str) -> (u16, String) {
    let response = server
        .client_with(cookie)
        .get(server.at(path))
        .send()
        .await
        .expect("a page");
    let status = response.status().as_u16();
    (status, response.text().await.expect("the page's text"))
}

/// The labels of the desks of an availability answer.
fn desk_labels(floor: &Value) -> Vec<String> {
    floor["desks"]
        .as_array()
        .expect("desks")
        .iter()
        .map(|d| d["label"].as_str().expect("a label").to_owned())
        .collect()
}

async fn each_building_has_its_own_addresses_and_home(backend: Backend) {
    let Some((server, database)) = start(backend).await else {
        return;
    };
    let employee = server.demo_session("employee").await;
    let campus = campus_member(&server).await;
    let day = in_days(3);

    // The start page is one's home building, and lists the others.
    let (status, start_page) = get_page(&server, &employee, "/").await;
    assert_eq!(status, 200);
    assert!(
        start_page.contains("<h1>Bundesbahndirektion Wuppertal<"),
        "{start_page}"
    );
    assert!(start_page.contains(&format!("href=\"/buildings/{SECOND_DEMO_BUILDING}\"")));
    assert!(start_page.contains(&format!("href=\"/buildings/{DEMO_BUILDING}/floors/2\"")));
    let (_, campus_start) = get_page(&server, &campus, "/").await;
    assert!(
        campus_start.contains("<h1>Campus Haspel<"),
        "{campus_start}"
    );
    let (status, other) = get_page(&server, &employee, "/buildings/campus-haspel").await;
    assert_eq!(status, 200);
    assert!(other.contains("<h1>Campus Haspel<"));
    assert!(other.contains("href=\"/buildings/campus-haspel/floors/1\""));

    // Level 0 exists in both buildings: the address decides, and without one it is the
    // viewer's home building.
    let main_ground = desk_labels(
        &get_json(
            &server,
            &employee,
            &format!("/api/v1/availability?floor=0&day={day}"),
        )
        .await
        .1,
    );
    let campus_ground = desk_labels(
        &get_json(
            &server,
            &employee,
            &format!("/api/v1/availability?building=campus-haspel&floor=0&day={day}"),
        )
        .await
        .1,
    );
    let campus_own = desk_labels(
        &get_json(
            &server,
            &campus,
            &format!("/api/v1/availability?floor=0&day={day}"),
        )
        .await
        .1,
    );
    assert!(!main_ground.is_empty() && campus_ground.len() == 12);
    assert_eq!(
        campus_own, campus_ground,
        "the campus member's home floor 0"
    );
    assert!(campus_ground.iter().all(|l| l.starts_with("H0.")));
    assert!(main_ground.iter().all(|l| !l.starts_with('H')));
    let (status, page) = get_page(&server, &employee, "/buildings/campus-haspel/floors/0").await;
    assert_eq!(status, 200);
    assert!(page.contains("H0.01") && !page.contains(&format!(">{}<", main_ground[0])));

    // An unknown building or a level it does not have is not found.
    for path in [
        format!("/api/v1/availability?building=nowhere&floor=0&day={day}"),
        format!("/api/v1/availability?building=campus-haspel&floor=3&day={day}"),
        "/api/v1/occupancy?building=nowhere&floor=0".to_owned(),
        "/api/v1/live?building=campus-haspel&floor=5".to_owned(),
    ] {
        let (status, problem) = get_json(&server, &employee, &path).await;
        assert_eq!(status, 404, "{path}: {problem}");
    }
    // A page streams: its status is sent before its data is read; it says so instead.
    let (_, page) = get_page(&server, &employee, "/buildings/nowhere").await;
    assert!(page.contains("class=\"error\">Nicht gefunden."), "{page}");

    // The occupancy of a floor names its building.
    let (status, occupancy) = get_json(
        &server,
        &employee,
        "/api/v1/occupancy?building=campus-haspel&floor=0",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(occupancy["building"], SECOND_DEMO_BUILDING);

    // A desk booked in the second building links there from "my bookings".
    let desk = get_json(
        &server,
        &campus,
        &format!("/api/v1/availability?floor=0&day={day}"),
    )
    .await
    .1["desks"]
        .as_array()
        .expect("desks")
        .iter()
        .find(|d| d["home_zone"] == true && d["state"] == "free")
        .cloned()
        .expect("a free home desk on the campus");
    let booked = server
        .client_with(&campus)
        .post(server.at("/api/v1/bookings"))
        .json(&json!({
            "desk_id": desk["id"], "slot": "full_day",
            "days": {"kind": "days", "days": [day]}
        }))
        .send()
        .await
        .expect("booking");
    assert_eq!(booked.status().as_u16(), 201);
    let (_, mine) = get_json(&server, &campus, "/api/v1/bookings/mine").await;
    let booking = mine["upcoming"]
        .as_array()
        .and_then(|all| all.iter().find(|b| b["desk_id"] == desk["id"]))
        .unwrap_or_else(|| panic!("the booking in {mine}"));
    assert_eq!(booking["building"], SECOND_DEMO_BUILDING);
    let (_, bookings_page) = get_page(&server, &campus, "/bookings").await;
    assert!(
        bookings_page.contains(&format!(
            "href=\"/buildings/campus-haspel/floors/0?day={day}"
        )),
        "{bookings_page}"
    );
    stop(server, database).await;
}

#[tokio::test]
async fn each_building_has_its_own_addresses_and_home_on_sqlite() {
    each_building_has_its_own_addresses_and_home(Backend::Sqlite).await;
}

#[tokio::test]
async fn each_building_has_its_own_addresses_and_home_on_postgres() {
    each_building_has_its_own_addresses_and_home(Backend::Postgres).await;
}
