//! The way to one's desk over HTTP, on SQLite and PostgreSQL, in the demo building (whose
//! walkways are seeded with it): the way to a booked desk, drawn and told on the same floors;
//! the step-free way upstairs takes the lift and no stairs, where the shortest takes the steps
//! at the door; rooms too; unknown desks and rooms are not found; the words follow the
//! request's language; "my bookings" links to the way; the floor's QR sheet prints the way
//! under each code when asked to.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use tests::db::Backend;
use tests::server::{Server, find_desk, in_days, problem_type, start, stop};

async fn way(server: &Server, client: &reqwest::Client, path: &str) -> Value {
    let response = client.get(server.at(path)).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200, "{path}");
    response.json().await.unwrap()
}

/// The words name the floors the drawing draws, in the same order, and start and end where
/// the drawing does.
fn assert_told_as_drawn(way: &Value) {
    let legs = way["legs"].as_array().unwrap();
    let steps = way["steps"].as_array().unwrap();
    assert!(!legs.is_empty() && steps.len() >= 2, "{way}");
    let mut drawn: Vec<i64> = legs.iter().map(|l| l["level"].as_i64().unwrap()).collect();
    drawn.dedup();
    let mut told: Vec<i64> = steps.iter().map(|s| s["level"].as_i64().unwrap()).collect();
    told.dedup();
    assert_eq!(drawn, told, "{way}");
    assert_eq!(steps[0]["kind"], "start");
    assert_eq!(
        legs.last().unwrap()["level"],
        way["level"],
        "the drawing ends on the place's floor"
    );
    for leg in legs {
        assert!(!leg["points"].as_array().unwrap().is_empty());
    }
    let label = way["target"].as_str().unwrap();
    assert!(
        steps.last().unwrap()["text"]
            .as_str()
            .unwrap()
            .contains(label),
        "the last step names the place: {way}"
    );
}

fn kinds(way: &Value) -> Vec<String> {
    way["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap().to_owned())
        .collect()
}

async fn the_way_to_ones_desk(backend: Backend) {
    let Some((server, database)) = start(backend).await else {
        return;
    };
    let employee = server.demo_client("employee").await;
    let day = in_days(3);

    // Nobody signed in gets no way.
    let response = reqwest::Client::new()
        .get(server.at("/api/v1/desks/1/way"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);

    // The way to a desk one has booked.
    let (_, desk) = find_desk(&server, &employee, day, |d| {
        d["home_zone"] == true && d["state"] == "free"
    })
    .await
    .expect("a free desk in a home zone");
    let booked = employee
        .post(server.at("/api/v1/bookings"))
        .json(&json!({"desk_id": desk["id"], "slot": "full_day", "days": {"kind": "days", "days": [day]}}))
        .send()
        .await
        .unwrap();
    assert_eq!(booked.status().as_u16(), 201);
    let mine: Value = employee
        .get(server.at("/api/v1/bookings/mine"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let desk_id = mine["upcoming"][0]["desk_id"].as_i64().unwrap();
    let to_mine = way(&server, &employee, &format!("/api/v1/desks/{desk_id}/way")).await;
    assert_eq!(to_mine["target_kind"], "desk");
    assert_eq!(to_mine["target_id"], desk_id);
    assert_eq!(to_mine["target"], mine["upcoming"][0]["desk"]);
    assert_eq!(
        to_mine["derived"], false,
        "the demo building's walkways are drawn"
    );
    assert!(to_mine["metres"].as_u64().unwrap() > 0);
    assert_told_as_drawn(&to_mine);
    // "My bookings" links to it.
    let bookings = employee
        .get(server.at("/bookings"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        bookings.contains(&format!("way_desk={desk_id}")) && bookings.contains("Weg zeigen"),
        "my bookings show the way"
    );
    // One's room reservations link to the way to the room.
    let rooms: Value = employee
        .get(server.at(&format!(
            "/api/v1/rooms?privacy=standard&day={day}&from=10:00&to=11:00"
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let room = rooms
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["free"] == true)
        .expect("a free meeting room")["room"]
        .clone();
    let reserved = employee
        .post(server.at("/api/v1/room-reservations"))
        .json(&json!({"room_id": room["id"], "day": day, "from": "10:00", "to": "11:00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(reserved.status().as_u16(), 201);
    let rooms_page = employee
        .get(server.at("/rooms"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let room_way = format!("/floors/{}?way_room={}", room["level"], room["id"]);
    assert!(
        rooms_page.contains(&room_way),
        "the rooms page links one's reservation to its way ({room_way})"
    );
    let to_room = way(
        &server,
        &employee,
        &format!("/api/v1/rooms/{}/way", room["id"]),
    )
    .await;
    assert_eq!(to_room["target_kind"], "room");

    // Upstairs: the step-free way takes the lift and no stairs; the shortest takes the steps
    // at the door.
    let (level, upstairs) = find_desk(&server, &employee, day, |d| {
        d["label"].as_str().is_some_and(|l| l.starts_with("2."))
    })
    .await
    .expect("a desk on the second floor");
    assert_eq!(level, 2);
    let id = upstairs["id"].as_i64().unwrap();
    let step_free = way(
        &server,
        &employee,
        &format!("/api/v1/desks/{id}/way?step_free=true"),
    )
    .await;
    assert_eq!(step_free["step_free"], true);
    assert_eq!(step_free["has_steps"], false, "{step_free}");
    let step_kinds = kinds(&step_free);
    assert!(step_kinds.contains(&"lift".to_owned()), "{step_free}");
    assert!(!step_kinds.contains(&"stairs".to_owned()), "{step_free}");
    assert_eq!(step_free["level"], 2);
    assert_told_as_drawn(&step_free);
    let texts = step_free["steps"].to_string();
    assert!(
        texts.contains("Aufzug") && texts.contains("Rampe"),
        "{texts}"
    );
    let shortest = way(&server, &employee, &format!("/api/v1/desks/{id}/way")).await;
    assert_eq!(shortest["has_steps"], true, "{shortest}");
    assert!(
        shortest["metres"].as_u64().unwrap() <= step_free["metres"].as_u64().unwrap(),
        "the shortest way is no longer than the step-free one"
    );
    assert!(shortest["summary"].as_str().unwrap().contains("Stufen"));

    // The floor plan draws it and tells it (server-rendered, before any script runs).
    let page = employee
        .get(server.at(&format!(
            "/buildings/{}/floors/2?desk={id}&way_desk={id}&step_free=on",
            step_free["building"].as_str().unwrap()
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("<polyline points=\"800,290 800,330") && html.contains("class=\"way-line\""),
        "the route is drawn"
    );
    assert!(
        html.contains("Mit dem Aufzug hinauf in Ebene 2"),
        "the way is told"
    );

    // The last step says which desk of its row it is, as the drawing has it.
    let last = step_free["steps"].as_array().unwrap().last().unwrap()["text"]
        .as_str()
        .unwrap()
        .to_owned();

    // The QR sheet of the floor prints the way under each code when asked to: the same words
    // as the way itself, and a small drawing of the route on the floor.
    let admin = server.demo_client("building_admin").await;
    let sheet = |query: &'static str, lang: &'static str| {
        let admin = admin.clone();
        let url = server.at(&format!("/floors/2/qr{query}"));
        async move {
            let response = admin
                .get(url)
                .header("accept-language", lang)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status().as_u16(), 200);
            response.text().await.unwrap()
        }
    };
    let plain = sheet("", "de").await;
    assert!(
        plain.contains("Mit dem Weg vom Eingang drucken"),
        "the choice is offered"
    );
    assert!(
        !plain.contains("qr-way-steps"),
        "without the way by default"
    );
    let with_way = sheet("?way=on&step_free=on", "de").await;
    assert!(
        with_way.contains(&last),
        "the sheet tells the way to desk {}: {last}",
        upstairs["label"]
    );
    assert!(with_way.contains("Mit dem Aufzug hinauf in Ebene 2"));
    assert!(
        with_way.contains("class=\"qr-way-plan\""),
        "a drawing under the code"
    );
    assert!(
        with_way.contains("Tisch links am Fenster") || with_way.contains("Tisch rechts am Fenster"),
        "desks at the window are told so"
    );
    assert_eq!(
        with_way.matches("class=\"qr-way-steps\"").count(),
        plain.matches("class=\"qr-card\"").count(),
        "every desk and room of the demo floor has a way"
    );
    let english_sheet = sheet("?way=on", "en").await;
    assert!(english_sheet.contains("Take the lift up to level 2"));
    assert!(english_sheet.contains("the first desk on the"));

    // In English.
    let english: Value = employee
        .get(server.at(&format!("/api/v1/desks/{id}/way?step_free=true")))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        english["steps"]
            .to_string()
            .contains("Take the lift up to level 2"),
        "{english}"
    );

    // A room's way.
    let rooms: Value = employee
        .get(server.at(&format!(
            "/api/v1/rooms?day={day}&from=10:00&to=11:00&level=3"
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let room = rooms[0]["room"]["id"]
        .as_i64()
        .expect("a room on the third floor");
    let to_room = way(
        &server,
        &employee,
        &format!("/api/v1/rooms/{room}/way?step_free=true"),
    )
    .await;
    assert_eq!(to_room["target_kind"], "room");
    assert_eq!(to_room["level"], 3);
    assert_eq!(to_room["has_steps"], false);
    assert_told_as_drawn(&to_room);

    // Unknown desks and rooms are not found.
    for path in [
        "/api/v1/desks/999999/way",
        "/api/v1/rooms/999999/way?step_free=true",
    ] {
        let response = employee.get(server.at(path)).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 404, "{path}");
        assert_eq!(
            problem_type(response).await,
            "/problems/not-found",
            "{path}"
        );
    }
    let response = employee
        .get(server.at("/api/v1/desks/1/way?step_free=perhaps"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    stop(server, database).await;
}

#[tokio::test]
async fn the_way_to_ones_desk_on_sqlite() {
    the_way_to_ones_desk(Backend::Sqlite).await;
}

#[tokio::test]
async fn the_way_to_ones_desk_on_postgres() {
    the_way_to_ones_desk(Backend::Postgres).await;
}
