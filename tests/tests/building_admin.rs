//! The building editor's JSON API through the real server binary (demo building), on SQLite
//! and PostgreSQL: building administrators change the building, add a floor, upload its plan
//! image, draw a zone, place and change a desk; what the building file import would refuse is
//! refused with every problem and nothing changes; removing a desk with bookings asks what to
//! do with them, then cancels or moves them, tells the people, and leaves nothing pointing
//! nowhere; a room's reservations are cancelled and their people told. Only building
//! administrators may change anything.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::db::{Backend, TestDatabase};
use tests::server::{Server, book_a_home_desk, has_booking, problem_type, start, stop};

const BUILDING: &str = "/api/v1/buildings/bundesbahndirektion";

/// A PNG signature and the start of a header: enough for the editor's check.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

async fn editor(client: &reqwest::Client, server: &Server) -> Value {
    let response = client
        .get(server.at(&format!("{BUILDING}/editor")))
        .send()
        .await
        .expect("the editor answers");
    assert_eq!(response.status(), StatusCode::OK, "GET the editor");
    response.json().await.expect("the editor's JSON")
}

async fn send(
    client: &reqwest::Client,
    server: &Server,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = client.request(method, server.at(&format!("{BUILDING}{path}")));
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.expect("the server answers")
}

async fn put_plan(
    client: &reqwest::Client,
    server: &Server,
    floor: i64,
    content_type: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    client
        .put(server.at(&format!("{BUILDING}/floors/{floor}/plan")))
        .header("content-type", content_type)
        .body(bytes)
        .send()
        .await
        .expect("the server answers")
}

fn floor_of(editor: &Value, id: i64) -> Value {
    editor["floors"]
        .as_array()
        .expect("floors")
        .iter()
        .find(|f| f["id"].as_i64() == Some(id))
        .cloned()
        .unwrap_or(Value::Null)
}

/// How many desks the editor shows, on every floor.
fn desk_count(editor: &Value) -> usize {
    editor["floors"]
        .as_array()
        .expect("floors")
        .iter()
        .map(|f| f["desks"].as_array().map_or(0, Vec::len))
        .sum()
}

async fn a_building_administrator_edits_the_building(backend: Backend) {
    let Some((server, database)) = start(backend).await else {
        return;
    };
    let admin = server.demo_client("building_admin").await;
    let employee = server.demo_client("employee").await;
    let manager = server.demo_client("facility_manager").await;

    // Only building administrators see and change the editor.
    for other in [&employee, &manager] {
        let refused = other
            .get(server.at(&format!("{BUILDING}/editor")))
            .send()
            .await
            .unwrap();
        assert_eq!(problem_type(refused).await, "/problems/forbidden");
    }
    let before = editor(&admin, &server).await;
    let first_desk = before["floors"][0]["desks"][0]["label"]
        .as_str()
        .expect("the demo has desks")
        .to_owned();

    // The building: a new name; a time zone that is none is refused and nothing changes.
    let renamed = send(
        &admin,
        &server,
        reqwest::Method::PATCH,
        "",
        Some(json!({ "name": "Bundesbahndirektion (Bauteil A)" })),
    )
    .await;
    assert_eq!(renamed.status(), StatusCode::NO_CONTENT);
    let refused = send(
        &admin,
        &server,
        reqwest::Method::PATCH,
        "",
        Some(json!({ "name": "Anders", "timezone": "Mars/Olympus" })),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = refused.json().await.unwrap();
    assert_eq!(problem["type"], "/problems/invalid-building", "{problem}");
    assert_eq!(problem["errors"][0]["field"], "timezone", "{problem}");
    let now = editor(&admin, &server).await;
    assert_eq!(now["name"], "Bundesbahndirektion (Bauteil A)");
    assert_eq!(now["timezone"], before["timezone"]);
    assert_eq!(
        now["site"],
        Value::Null,
        "the demo's buildings are on no site"
    );

    // Both demo buildings put on one site: named by its short name, made when first named.
    let on_site = send(
        &admin,
        &server,
        reqwest::Method::PATCH,
        "",
        Some(json!({ "site": "wuppertal", "site_name": "Standort Wuppertal" })),
    )
    .await;
    assert_eq!(on_site.status(), StatusCode::NO_CONTENT);
    let second = admin
        .patch(server.at(&format!(
            "/api/v1/buildings/{}",
            tests::pages::SECOND_DEMO_BUILDING
        )))
        .json(&json!({ "site": "wuppertal" }))
        .send()
        .await
        .unwrap();
    assert_eq!(second.status(), StatusCode::NO_CONTENT);
    let now = editor(&admin, &server).await;
    assert_eq!(
        now["site"],
        json!({ "slug": "wuppertal", "name": "Standort Wuppertal" })
    );
    let unnamed = send(
        &admin,
        &server,
        reqwest::Method::PATCH,
        "",
        Some(json!({ "site": "x".repeat(201) })),
    )
    .await;
    assert_eq!(unnamed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = unnamed.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "slug", "{problem}");
    assert_eq!(editor(&admin, &server).await["site"], now["site"]);

    // A floor; its level only once.
    let floor = json!({ "level": 9, "name": "9. OG", "plan_width": 1000, "plan_height": 600 });
    let added = send(
        &admin,
        &server,
        reqwest::Method::POST,
        "/floors",
        Some(floor.clone()),
    )
    .await;
    assert_eq!(added.status(), StatusCode::CREATED);
    let floor_id = added.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let again = send(
        &admin,
        &server,
        reqwest::Method::POST,
        "/floors",
        Some(floor),
    )
    .await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Its plan image: checked against its content type, at most 5 MiB, served sandboxed.
    let jpeg_as_png = put_plan(
        &admin,
        &server,
        floor_id,
        "image/png",
        vec![0xFF, 0xD8, 0xFF, 0xE0],
    )
    .await;
    assert_eq!(problem_type(jpeg_as_png).await, "/problems/invalid-input");
    let mut big = PNG.to_vec();
    big.resize(5 * 1024 * 1024 + 1, 0);
    let too_large = put_plan(&admin, &server, floor_id, "image/png", big).await;
    assert_eq!(too_large.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(problem_type(too_large).await, "/problems/too-large");
    let scripted = put_plan(
        &admin,
        &server,
        floor_id,
        "image/svg+xml",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"></svg>".to_vec(),
    )
    .await;
    assert_eq!(problem_type(scripted).await, "/problems/invalid-input");
    let refused = put_plan(&employee, &server, floor_id, "image/png", PNG.to_vec()).await;
    assert_eq!(problem_type(refused).await, "/problems/forbidden");
    let missing = employee
        .get(server.at(&format!("{BUILDING}/floors/{floor_id}/plan")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        missing.status(),
        StatusCode::NOT_FOUND,
        "nothing was stored"
    );
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\"/></svg>";
    let stored = put_plan(&admin, &server, floor_id, "image/svg+xml", svg.to_vec()).await;
    assert_eq!(stored.status(), StatusCode::NO_CONTENT);
    let served = employee
        .get(server.at(&format!("{BUILDING}/floors/{floor_id}/plan")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        served.status(),
        StatusCode::OK,
        "everybody signed in sees the plan"
    );
    assert_eq!(served.headers()["content-type"], "image/svg+xml");
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");
    let policy = served.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        policy.contains("sandbox") && policy.contains("default-src 'none'"),
        "{policy}"
    );
    assert_eq!(served.bytes().await.unwrap().as_ref(), svg.as_slice());
    assert_eq!(
        floor_of(&editor(&admin, &server).await, floor_id)["plan_image"],
        "image/svg+xml"
    );

    // A zone drawn on it, a desk placed in the zone.
    let zone = send(
        &admin,
        &server,
        reqwest::Method::POST,
        "/zones",
        Some(json!({
            "floor_id": floor_id, "slug": "9a", "name": "Zone 9A", "kind": "work",
            "x": 0, "y": 0, "width": 500, "height": 400
        })),
    )
    .await;
    assert_eq!(zone.status(), StatusCode::CREATED);
    let zone_id = zone.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let desk = json!({ "zone_id": zone_id, "label": "9.01", "x": 100, "y": 100, "monitors": 2 });
    let placed = send(&admin, &server, reqwest::Method::POST, "/desks", Some(desk)).await;
    assert_eq!(placed.status(), StatusCode::CREATED);
    let desk_id = placed.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();

    // What the import refuses, the editor refuses: a desk outside its floor, a label taken
    // (here, by a desk of another floor); nothing is written.
    let desks = desk_count(&editor(&admin, &server).await);
    for (bad, field) in [
        (
            json!({ "zone_id": zone_id, "label": "9.02", "x": 5000, "y": 100 }),
            "x",
        ),
        (
            json!({ "zone_id": zone_id, "label": first_desk, "x": 200, "y": 100 }),
            "label",
        ),
        (
            json!({ "zone_id": zone_id, "label": "9.03", "x": 200, "y": 100, "monitors": 7 }),
            "monitors",
        ),
    ] {
        let refused = send(
            &admin,
            &server,
            reqwest::Method::POST,
            "/desks",
            Some(bad.clone()),
        )
        .await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let problem: Value = refused.json().await.unwrap();
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
    }
    let beyond = send(
        &admin,
        &server,
        reqwest::Method::POST,
        "/zones",
        Some(json!({
            "floor_id": floor_id, "slug": "9b", "name": "Zone 9B", "kind": "quiet",
            "x": 900, "y": 0, "width": 500, "height": 400
        })),
    )
    .await;
    assert_eq!(beyond.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = beyond.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "width", "{problem}");
    let missing_zone = send(
        &admin,
        &server,
        reqwest::Method::POST,
        "/desks",
        Some(json!({ "label": "9.04", "x": 1, "y": 1 })),
    )
    .await;
    assert_eq!(problem_type(missing_zone).await, "/problems/invalid-input");
    assert_eq!(desk_count(&editor(&admin, &server).await), desks);

    // The desk renamed and moved: the same desk.
    let changed = send(
        &admin,
        &server,
        reqwest::Method::PATCH,
        &format!("/desks/{desk_id}"),
        Some(json!({ "label": "9.10", "x": 300 })),
    )
    .await;
    assert_eq!(changed.status(), StatusCode::NO_CONTENT);
    let shown = floor_of(&editor(&admin, &server).await, floor_id);
    assert_eq!(shown["desks"][0]["id"].as_i64(), Some(desk_id));
    assert_eq!(shown["desks"][0]["label"], "9.10");
    assert_eq!(
        (
            shown["desks"][0]["x"].as_i64(),
            shown["desks"][0]["monitors"].as_i64()
        ),
        (Some(300), Some(2))
    );
    let refused = send(
        &employee,
        &server,
        reqwest::Method::PATCH,
        &format!("/desks/{desk_id}"),
        Some(json!({ "x": 301 })),
    )
    .await;
    assert_eq!(problem_type(refused).await, "/problems/forbidden");

    // Removal: a zone or floor only when empty.
    let busy = send(
        &admin,
        &server,
        reqwest::Method::DELETE,
        &format!("/zones/{zone_id}"),
        None,
    )
    .await;
    assert_eq!(problem_type(busy).await, "/problems/conflict");
    let busy = send(
        &admin,
        &server,
        reqwest::Method::DELETE,
        &format!("/floors/{floor_id}"),
        None,
    )
    .await;
    assert_eq!(problem_type(busy).await, "/problems/conflict");
    for path in [
        format!("/desks/{desk_id}"),
        format!("/zones/{zone_id}"),
        format!("/floors/{floor_id}"),
    ] {
        let removed = send(&admin, &server, reqwest::Method::DELETE, &path, None).await;
        assert_eq!(removed.status(), StatusCode::OK, "DELETE {path}");
    }
    let after = editor(&admin, &server).await;
    assert!(floor_of(&after, floor_id).is_null(), "the floor is gone");
    let gone = admin
        .get(server.at(&format!("{BUILDING}/floors/{floor_id}/plan")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        gone.status(),
        StatusCode::NOT_FOUND,
        "and its plan image with it"
    );
    stop(server, database).await;
}

/// The notices of the person of `client`.
async fn notices(client: &reqwest::Client, server: &Server) -> Value {
    client
        .get(server.at("/api/v1/me/notices"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// The desk of the booking `id` of the person of `cookie`, and its label.
async fn booked_desk(server: &Server, cookie: &str, id: i64) -> (i64, String) {
    let mine: Value = server
        .client_with(cookie)
        .get(server.at("/api/v1/bookings/mine"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let booking = mine["upcoming"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"].as_i64() == Some(id))
        .unwrap_or_else(|| panic!("booking {id} in {mine}"))
        .clone();
    (
        booking["desk_id"].as_i64().unwrap(),
        booking["desk"].as_str().unwrap_or_default().to_owned(),
    )
}

async fn removing_a_desk_with_bookings_cancels_or_moves_them(backend: Backend) {
    let Some((server, database)) = start(backend).await else {
        return;
    };
    let admin = server.demo_client("building_admin").await;
    let employee = server.demo_session("employee").await;
    let counsellor = server.demo_session("counsellor").await;

    // A booking in the way: no removal without a choice, and nothing changes.
    let booking = book_a_home_desk(&server, &employee).await;
    let (desk, label) = booked_desk(&server, &employee, booking).await;
    let asked = send(
        &admin,
        &server,
        reqwest::Method::DELETE,
        &format!("/desks/{desk}"),
        None,
    )
    .await;
    assert_eq!(asked.status(), StatusCode::CONFLICT);
    let problem: Value = asked.json().await.unwrap();
    assert_eq!(
        problem["type"], "/problems/bookings-need-choice",
        "{problem}"
    );
    assert!(
        problem["detail"].as_str().unwrap().starts_with('1'),
        "the detail counts the bookings: {problem}"
    );
    assert!(has_booking(&server, &employee, booking).await);
    let shown = editor(&admin, &server).await;
    let counted = shown["floors"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["desks"].as_array().unwrap().iter())
        .find(|d| d["id"].as_i64() == Some(desk))
        .expect("the desk is still there")["future_bookings"]
        .as_i64();
    assert_eq!(
        counted,
        Some(1),
        "the editor counts the bookings in the way"
    );

    // Moved by the repair: the person has a booking on another desk and is told.
    let moved = send(
        &admin,
        &server,
        reqwest::Method::DELETE,
        &format!("/desks/{desk}?bookings=move"),
        None,
    )
    .await;
    assert_eq!(moved.status(), StatusCode::OK);
    let removal: Value = moved.json().await.unwrap();
    assert_eq!(
        (removal["moved"].as_i64(), removal["cancelled"].as_i64()),
        (Some(1), Some(0)),
        "{removal}"
    );
    let mine: Value = server
        .client_with(&employee)
        .get(server.at("/api/v1/bookings/mine"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let upcoming = mine["upcoming"].as_array().unwrap();
    assert_eq!(upcoming.len(), 1, "{mine}");
    assert_ne!(upcoming[0]["desk_id"].as_i64(), Some(desk), "{mine}");
    let told = notices(&server.client_with(&employee), &server).await;
    assert_eq!(told[0]["kind"], "moved", "{told}");
    assert_eq!(told[0]["from"], label.as_str(), "{told}");
    assert_eq!(told[0]["desk"], upcoming[0]["desk"], "{told}");

    // Cancelled: the booking is gone and the person is told.
    let booking = book_a_home_desk(&server, &counsellor).await;
    let (desk, label) = booked_desk(&server, &counsellor, booking).await;
    let cancelled = send(
        &admin,
        &server,
        reqwest::Method::DELETE,
        &format!("/desks/{desk}?bookings=cancel"),
        None,
    )
    .await;
    assert_eq!(cancelled.status(), StatusCode::OK);
    let removal: Value = cancelled.json().await.unwrap();
    assert_eq!(removal["cancelled"].as_i64(), Some(1), "{removal}");
    assert!(!has_booking(&server, &counsellor, booking).await);
    let told = notices(&server.client_with(&counsellor), &server).await;
    assert_eq!(told[0]["kind"], "removed", "{told}");
    assert_eq!(told[0]["from"], label.as_str(), "{told}");

    // Nothing points nowhere: the desks are gone from the editor and from the floors, and no
    // sensor watches them any more.
    let after = editor(&admin, &server).await;
    let labels: Vec<&str> = after["floors"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["desks"].as_array().unwrap().iter())
        .filter_map(|d| d["label"].as_str())
        .collect();
    assert!(!labels.contains(&label.as_str()), "{labels:?}");
    let sensors: Value = admin
        .get(server.at("/api/v1/sensors"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        sensors
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["desk"] != label.as_str()),
        "{sensors}"
    );
    if let Some(database) = &database {
        assert_nothing_points_nowhere(database).await;
    }
    stop(server, database).await;
}

/// The room search of `client` for `day` from `from` to `to`: every standard room found.
async fn standard_rooms(
    client: &reqwest::Client,
    server: &Server,
    day: &str,
    (from, to): (&str, &str),
) -> Vec<Value> {
    let found: Value = client
        .get(server.at(&format!(
            "/api/v1/rooms?privacy=standard&day={day}&from={from}&to={to}"
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    found.as_array().unwrap().clone()
}

/// `client` reserves room `id` on `day` from `from` to `to`; the answer.
async fn reserve_room(
    client: &reqwest::Client,
    server: &Server,
    id: &Value,
    day: &str,
    (from, to): (&str, &str),
) -> Value {
    client
        .post(server.at("/api/v1/room-reservations"))
        .json(&json!({ "room_id": id, "day": day, "from": from, "to": to }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn removing_a_room_with_reservations_moves_or_cancels_them_and_tells_the_people(
    backend: Backend,
) {
    let Some((server, database)) = start(backend).await else {
        return;
    };
    let admin = server.demo_client("building_admin").await;
    let employee = server.demo_client("employee").await;
    let day = tests::server::in_days(3).to_string();
    let morning = ("10:00", "11:00");
    let noon = ("12:00", "13:00");
    // The smallest free meeting room: another of its building has room enough for it.
    let rooms = standard_rooms(&employee, &server, &day, morning).await;
    let room = rooms
        .iter()
        .filter(|f| f["free"] == true)
        .min_by_key(|f| f["room"]["capacity"].as_i64())
        .unwrap_or_else(|| panic!("a free room: {rooms:?}"))["room"]
        .clone();
    let label = room["label"].as_str().unwrap().to_owned();
    for span in [morning, noon] {
        let reserved = reserve_room(&employee, &server, &room["id"], &day, span).await;
        assert!(reserved.to_string().contains("\"reserved\""), "{reserved}");
    }
    // At noon every other meeting room is taken: that reservation cannot move.
    for other in standard_rooms(&employee, &server, &day, noon).await {
        if other["free"] == true && other["room"]["id"] != room["id"] {
            reserve_room(&employee, &server, &other["room"]["id"], &day, noon).await;
        }
    }
    let path = format!("/rooms/{}", room["id"]);

    // Without a choice nothing happens.
    let asked = send(&admin, &server, reqwest::Method::DELETE, &path, None).await;
    assert_eq!(problem_type(asked).await, "/problems/bookings-need-choice");
    let mine = |client: reqwest::Client| {
        let server = &server;
        async move {
            let mine: Value = client
                .get(server.at("/api/v1/room-reservations/mine"))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            mine
        }
    };
    assert!(mine(employee.clone()).await.to_string().contains(&label));

    let removed = send(
        &admin,
        &server,
        reqwest::Method::DELETE,
        &format!("{path}?bookings=move"),
        None,
    )
    .await;
    assert_eq!(removed.status(), StatusCode::OK);
    let removal: Value = removed.json().await.unwrap();
    assert_eq!(removal["moved"].as_i64(), Some(1), "{removal}");
    assert_eq!(removal["cancelled"].as_i64(), Some(1), "{removal}");
    let now_mine = mine(employee.clone()).await;
    assert!(!now_mine.to_string().contains(&label), "{now_mine}");
    let told = notices(&employee, &server).await;
    let told = told.as_array().unwrap();
    let moved = told
        .iter()
        .find(|n| n["kind"] == "room_moved")
        .unwrap_or_else(|| panic!("a move notice: {told:?}"));
    assert_eq!(moved["from"], label.as_str());
    assert_eq!(moved["slot"], "morning");
    let to = moved["to"].as_str().unwrap().to_owned();
    assert_ne!(to, label);
    assert!(now_mine.to_string().contains(&to), "{now_mine}");
    let cancelled = told
        .iter()
        .find(|n| n["kind"] == "removed")
        .unwrap_or_else(|| panic!("a cancel notice: {told:?}"));
    assert_eq!(cancelled["slot"], "afternoon");
    // The moved reservation holds its new room: nobody else gets it at that time.
    let new_room = standard_rooms(&employee, &server, &day, morning)
        .await
        .into_iter()
        .find(|f| f["room"]["label"] == to.as_str())
        .unwrap();
    assert_eq!(new_room["free"], false, "{new_room}");
    let colleague = server.demo_client("facility_manager").await;
    let refused = reserve_room(&colleague, &server, &new_room["room"]["id"], &day, morning).await;
    assert!(!refused.to_string().contains("\"reserved\""), "{refused}");
    // The notices are the person's: the audit page does not show them to administrators.
    let audit: Value = admin
        .get(server.at("/api/v1/audit"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!audit.to_string().contains("place.removed"), "{audit}");
    assert!(
        audit.to_string().contains("room_reservation.moved"),
        "{audit}"
    );
    if let Some(database) = &database {
        assert_nothing_points_nowhere(database).await;
    }
    stop(server, database).await;
}

/// No booking, reservation, sensor, badge reader or block refers to a desk, room or zone that
/// is not there (PostgreSQL: the test reaches the server's database).
async fn assert_nothing_points_nowhere(database: &TestDatabase) {
    use sea_orm::{ConnectionTrait, Statement};
    let db = database.connection();
    for sql in [
        "SELECT COUNT(*) AS n FROM desk_booking b LEFT JOIN desk d ON d.id = b.desk_id WHERE d.id IS NULL",
        "SELECT COUNT(*) AS n FROM room_reservation r LEFT JOIN room m ON m.id = r.room_id WHERE m.id IS NULL",
        "SELECT COUNT(*) AS n FROM sensor s LEFT JOIN desk d ON d.id = s.desk_id WHERE s.desk_id IS NOT NULL AND d.id IS NULL",
        "SELECT COUNT(*) AS n FROM badge_reader r LEFT JOIN desk d ON d.id = r.desk_id WHERE r.desk_id IS NOT NULL AND d.id IS NULL",
        "SELECT COUNT(*) AS n FROM block b LEFT JOIN desk d ON d.id = b.desk_id WHERE b.desk_id IS NOT NULL AND d.id IS NULL",
    ] {
        let row = db
            .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
            .await
            .expect(sql)
            .expect("a count");
        let n: i64 = row.try_get("", "n").expect("the count");
        assert_eq!(n, 0, "{sql}");
    }
}

mod sqlite {
    use super::*;

    #[tokio::test]
    async fn a_building_administrator_edits_the_building() {
        super::a_building_administrator_edits_the_building(Backend::Sqlite).await;
    }

    #[tokio::test]
    async fn removing_a_desk_with_bookings_cancels_or_moves_them() {
        super::removing_a_desk_with_bookings_cancels_or_moves_them(Backend::Sqlite).await;
    }

    #[tokio::test]
    async fn removing_a_room_with_reservations_moves_or_cancels_them_and_tells_the_people() {
        super::removing_a_room_with_reservations_moves_or_cancels_them_and_tells_the_people(
            Backend::Sqlite,
        )
        .await;
    }
}

mod postgres {
    use super::*;

    #[tokio::test]
    async fn a_building_administrator_edits_the_building() {
        super::a_building_administrator_edits_the_building(Backend::Postgres).await;
    }

    #[tokio::test]
    async fn removing_a_desk_with_bookings_cancels_or_moves_them() {
        super::removing_a_desk_with_bookings_cancels_or_moves_them(Backend::Postgres).await;
    }

    #[tokio::test]
    async fn removing_a_room_with_reservations_moves_or_cancels_them_and_tells_the_people() {
        super::removing_a_room_with_reservations_moves_or_cancels_them_and_tells_the_people(
            Backend::Postgres,
        )
        .await;
    }
}
