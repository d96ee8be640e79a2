//! Live occupancy against real brokers: a sensor message published to Mosquitto or to the
//! embedded broker changes a desk's state in the occupancy API and the live stream, and a
//! broker that goes away and comes back leaves sensors unknown meanwhile and ingestion
//! resumed afterwards.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use tests::mqtt::{
    MOSQUITTO, PrivateBroker, a_desk_with_a_sensor, presence, publish, publish_until_state,
    reachable, unique, wait_for_state,
};
use tests::server::{Options, Server, find_desk, today};
use tests::services::missing;

/// A server ingesting from the broker at `url` with its own Zigbee2MQTT base topic and
/// client id, so parallel tests on one broker do not see each other's messages.
fn server_on(url: &str) -> (Server, String, tempfile::TempDir) {
    let base = unique("pw-test");
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("platzwahl.toml");
    std::fs::write(
        &config,
        format!(
            "[sensors]\nclient_id = \"{base}\"\n[sensors.decoder]\nzigbee2mqtt_base_topics = [\"{base}\"]\n"
        ),
    )
    .unwrap();
    let server = Server::start(Options {
        env: vec![
            ("PLATZWAHL_MQTT_URL".into(), url.into()),
            ("PLATZWAHL_CONFIG".into(), config.display().to_string()),
        ],
        ..Options::default()
    });
    (server, base, dir)
}

/// Two buildings each have a ground floor: a floor's live stream carries the changes of its
/// own building's floor only, and a stream without a building is the viewer's home
/// building's.
#[tokio::test]
async fn a_floor_stream_carries_only_its_own_buildings_floor() {
    if !reachable(MOSQUITTO.0, MOSQUITTO.1) {
        missing("Mosquitto", "nothing listens on 127.0.0.1:1883");
        return;
    }
    let (server, base, _config) = server_on("mqtt://127.0.0.1:1883");
    // A sensor on a desk of the second demo building's ground floor.
    let admin = server.demo_client("building_admin").await;
    let registered = admin
        .post(server.at("/api/v1/sensors"))
        .json(&serde_json::json!({
            "device_key": format!("z2m:{base}/desks/H0.01"),
            "model": "Aqara FP1E",
            "protocol": "zigbee2mqtt",
            "desk": "H0.01",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(registered.status().as_u16(), 201);
    let mut campus = server
        .get_signed_in("/api/v1/live?building=campus-haspel&floor=0")
        .await;
    // The demo employee's home building is the Bundesbahndirektion.
    let mut home = server.get_signed_in("/api/v1/live?floor=0").await;

    // The registry takes the new sensor at once; its message is sent again until a stream
    // has it, in case it arrived first.
    let campus_change =
        r#"data: {"desk":"H0.01","building":"campus-haspel","floor":0,"state":"occupied"}"#;
    let mut received = String::new();
    for attempt in 0.. {
        assert!(
            attempt < 20,
            "the campus stream never sent {campus_change}: {received}"
        );
        publish(
            MOSQUITTO.0,
            MOSQUITTO.1,
            &format!("{base}/desks/H0.01"),
            &presence(true),
        )
        .await
        .unwrap();
        if let Ok(Ok(Some(chunk))) =
            tokio::time::timeout(Duration::from_secs(1), campus.chunk()).await
        {
            received.push_str(&String::from_utf8_lossy(&chunk));
        }
        if received.contains(campus_change) {
            break;
        }
    }

    // A change on the home building's ground floor, sent after the campus one, reaches the
    // home stream; the campus change never did.
    let desk = a_desk_with_a_sensor(&server, 0).await;
    publish(
        MOSQUITTO.0,
        MOSQUITTO.1,
        &format!("{base}/desks/{desk}"),
        &presence(true),
    )
    .await
    .unwrap();
    let home_change = format!(
        r#"data: {{"desk":"{desk}","building":"bundesbahndirektion","floor":0,"state":"occupied"}}"#
    );
    let (heard, received) = read_until(&mut home, &home_change, Duration::from_secs(10)).await;
    assert!(
        heard,
        "the home stream did not send {home_change}: {received}"
    );
    assert!(
        !received.contains("H0.01"),
        "the home building's ground floor heard of the campus: {received}"
    );
    assert!(server.terminate());
}

#[tokio::test]
async fn a_presence_message_on_mosquitto_shows_the_desk_occupied_in_the_api_and_the_live_stream() {
    if !reachable(MOSQUITTO.0, MOSQUITTO.1) {
        missing("Mosquitto", "nothing listens on 127.0.0.1:1883");
        return;
    }
    let (server, base, _config) = server_on("mqtt://127.0.0.1:1883");
    let desk = a_desk_with_a_sensor(&server, 2).await;
    let topic = format!("{base}/desks/{desk}");
    assert_eq!(
        tests::mqtt::desk_state(&server, 2, &desk).await.as_deref(),
        Some("unknown"),
        "before any message the sensor is unknown"
    );

    let mut stream = server.get_signed_in("/api/v1/live?floor=2").await;
    assert_eq!(
        stream
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/event-stream")
    );
    publish_until_state(
        &server,
        MOSQUITTO,
        &topic,
        &presence(true),
        (2, &desk),
        "occupied",
        Duration::from_secs(20),
    )
    .await;

    let expected = format!(
        r#"data: {{"desk":"{desk}","building":"bundesbahndirektion","floor":2,"state":"occupied"}}"#
    );
    let mut received = String::new();
    let deadline = Instant::now() + Duration::from_secs(5);
    while !received.contains(&expected) {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.chunk()).await {
            Ok(Ok(Some(chunk))) => received.push_str(&String::from_utf8_lossy(&chunk)),
            _ => panic!("the live stream did not send {expected}; it sent:\n{received}"),
        }
    }

    // A message of another floor's desk does not reach this floor's stream; this floor's
    // next change does.
    let other_floor_desk = a_desk_with_a_sensor(&server, 1).await;
    publish(
        MOSQUITTO.0,
        MOSQUITTO.1,
        &format!("{base}/desks/{other_floor_desk}"),
        &presence(true),
    )
    .await
    .unwrap();
    wait_for_state(
        &server,
        (1, &other_floor_desk),
        "occupied",
        Duration::from_secs(5),
    )
    .await;
    // Turning vacant takes the quiet time; an offline report turns the desk unknown at once.
    publish(
        MOSQUITTO.0,
        MOSQUITTO.1,
        &format!("{topic}/availability"),
        r#"{"state": "offline"}"#,
    )
    .await
    .unwrap();
    wait_for_state(&server, (2, &desk), "unknown", Duration::from_secs(5)).await;
    let expected = format!(
        r#"data: {{"desk":"{desk}","building":"bundesbahndirektion","floor":2,"state":"unknown"}}"#
    );
    received.clear();
    let deadline = Instant::now() + Duration::from_secs(5);
    while !received.contains(&expected) {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.chunk()).await {
            Ok(Ok(Some(chunk))) => received.push_str(&String::from_utf8_lossy(&chunk)),
            _ => panic!("the live stream did not send {expected}; it sent:\n{received}"),
        }
    }
    assert!(
        !received.contains(r#""floor":1"#),
        "a floor's stream carries only its own floor: {received}"
    );
}

#[tokio::test]
async fn the_embedded_broker_accepts_an_external_sensor_client_whose_message_occupies_a_desk() {
    let server = Server::start(Options::default());
    let desk = a_desk_with_a_sensor(&server, 1).await;
    let took = publish_until_state(
        &server,
        ("127.0.0.1", server.mqtt_port),
        &format!("zigbee2mqtt/desks/{desk}"),
        &presence(true),
        (1, &desk),
        "occupied",
        Duration::from_secs(20),
    )
    .await;
    assert!(took < Duration::from_secs(20));

    // The floor page shows it as soon as it is served, in the plan and in words.
    let html = server
        .get_signed_in("/floors/1")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(&format!(r#"data-desk="{desk}" data-live="occupied""#)),
        "desk {desk} is drawn occupied"
    );
    assert!(html.contains("jetzt besetzt"));
    assert!(
        html.contains("Sensor unbekannt"),
        "the other desks' sensors are unknown"
    );
}

#[tokio::test]
async fn sensors_are_unknown_while_the_broker_is_gone_and_ingestion_resumes_within_five_seconds() {
    let Some(mut broker) = PrivateBroker::start() else {
        missing(
            "Mosquitto",
            "no /usr/sbin/mosquitto to start a private broker",
        );
        return;
    };
    let broker_address = ("127.0.0.1", broker.port);
    let (server, base, _config) = server_on(&format!("mqtt://127.0.0.1:{}", broker.port));
    let desk = a_desk_with_a_sensor(&server, 3).await;
    let topic = format!("{base}/desks/{desk}");
    publish_until_state(
        &server,
        broker_address,
        &topic,
        &presence(true),
        (3, &desk),
        "occupied",
        Duration::from_secs(20),
    )
    .await;

    broker.stop();
    wait_for_state(&server, (3, &desk), "unknown", Duration::from_secs(10)).await;

    broker.restart();
    let took = publish_until_state(
        &server,
        broker_address,
        &topic,
        &presence(true),
        (3, &desk),
        "occupied",
        Duration::from_secs(10),
    )
    .await;
    assert!(
        took <= Duration::from_secs(5),
        "ingestion resumed only after {took:?}"
    );
}

/// A booking nobody checked in to is released as soon as its desk's sensor shows the desk
/// empty after the grace period; while the sensor is unknown the booking stays.
#[tokio::test]
async fn a_no_show_is_released_when_the_desk_sensor_turns_empty() {
    if !reachable(MOSQUITTO.0, MOSQUITTO.1) {
        missing("Mosquitto", "nothing listens on 127.0.0.1:1883");
        return;
    }
    let Some(database) = tests::db::TestDatabase::create(tests::db::Backend::Postgres).await else {
        return;
    };
    let base = unique("pw-release");
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("platzwahl.toml");
    // The working day starts at midnight here, so the test does not depend on the hour.
    std::fs::write(
        &config,
        format!(
            "[sensors]\nclient_id = \"{base}\"\n[sensors.decoder]\nzigbee2mqtt_base_topics = [\"{base}\"]\n\
             [booking]\nworkday_starts = \"00:00\"\nrelease_sweep_secs = 1\n"
        ),
    )
    .unwrap();
    let server = Server::start(Options {
        database_url: Some(database.url().to_owned()),
        env: vec![
            ("PLATZWAHL_MQTT_URL".into(), "mqtt://127.0.0.1:1883".into()),
            ("PLATZWAHL_CONFIG".into(), config.display().to_string()),
        ],
        ..Options::default()
    });
    use sea_orm::ConnectionTrait;
    database
        .connection()
        .execute_unprepared("UPDATE policy SET checkin_grace_min = 0, auto_release = TRUE")
        .await
        .unwrap();

    let label = a_desk_with_a_sensor(&server, 2).await;
    let employee = server.demo_client("employee").await;
    let (_, desk) = find_desk(&server, &employee, today(), |d| {
        d["label"] == label.as_str()
    })
    .await
    .unwrap();
    let response = employee
        .post(server.at("/api/v1/bookings"))
        .json(&serde_json::json!({
            "desk_id": desk["id"], "slot": "full_day",
            "days": {"kind": "days", "days": [today()]},
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
    let booked: serde_json::Value = response.json().await.unwrap();
    let id = booked[0]["result"]["booking_id"].as_i64().unwrap();
    let status = || async {
        let mine: serde_json::Value = employee
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
            .map(|b| b["status"].as_str().unwrap().to_string())
    };
    // Two sweeps (one a second) with the sensor unknown: the booking stays. Nothing is to
    // happen here, so there is no condition to poll for: the wait covers two sweeps.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(status().await.as_deref(), Some("active"));

    publish_until_state(
        &server,
        MOSQUITTO,
        &format!("{base}/desks/{label}"),
        &presence(false),
        (2, &label),
        "vacant",
        Duration::from_secs(20),
    )
    .await;
    let start = Instant::now();
    while status().await.as_deref() != Some("released") {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "not released: {:?}",
            status().await
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The person is told, in their notices (and so on "my bookings").
    let notices: serde_json::Value = employee
        .get(server.at("/api/v1/me/notices"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(notices[0]["kind"], "released", "{notices}");
    drop(server);
    database.remove().await;
}

/// A building administrator registers a sensor for a desk that had none: its messages count
/// at once. A CSV import with a bad field writes nothing and names the field; others may not
/// touch the registry.
#[tokio::test]
async fn a_sensor_registered_through_the_api_is_followed_at_once() {
    if !reachable(MOSQUITTO.0, MOSQUITTO.1) {
        missing("Mosquitto", "nothing listens on 127.0.0.1:1883");
        return;
    }
    let (server, base, _config) = server_on("mqtt://127.0.0.1:1883");
    let admin = server.demo_client("building_admin").await;
    let employee = server.demo_client("employee").await;
    let watched: serde_json::Value = server
        .get_signed_in("/api/v1/occupancy?floor=2")
        .await
        .json()
        .await
        .unwrap();
    let with_sensor: Vec<String> = watched["occupancy"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["desk"].as_str().map(str::to_owned))
        .collect();
    let (level, desk) = find_desk(&server, &employee, today(), |d| {
        !with_sensor.iter().any(|s| d["label"] == s.as_str())
    })
    .await
    .expect("a desk without a sensor");
    let label = desk["label"].as_str().unwrap().to_owned();

    let refused = employee
        .get(server.at("/api/v1/sensors"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status().as_u16(), 403);
    let key = format!("z2m:{base}/extra/{label}");
    let response = admin
        .post(server.at("/api/v1/sensors"))
        .json(&serde_json::json!({
            "device_key": key, "model": "Aqara FP1E", "protocol": "zigbee2mqtt", "desk": label
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
    publish_until_state(
        &server,
        MOSQUITTO,
        &format!("{base}/extra/{label}"),
        &presence(true),
        (i32::try_from(level).unwrap(), &label),
        "occupied",
        Duration::from_secs(20),
    )
    .await;

    let count = |sensors: serde_json::Value| sensors.as_array().map_or(0, Vec::len);
    let before = count(
        admin
            .get(server.at("/api/v1/sensors"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap(),
    );
    let bad = "device_key,model,protocol,desk,room\n\
               z2m:x/one,M,zigbee2mqtt,0.01,\n\
               z2m:x/two,M,zigbee2mqtt,,nowhere\n";
    let response = admin
        .post(server.at("/api/v1/sensors/import"))
        .header("content-type", "text/csv")
        .body(bad)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    let problem: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        problem["errors"],
        serde_json::json!([{"line": 3, "field": "room", "message": "no room is labelled `nowhere`"}]),
        "{problem}"
    );
    let after = count(
        admin
            .get(server.at("/api/v1/sensors"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap(),
    );
    assert_eq!(after, before, "nothing imported");
    assert!(server.terminate());
}

/// Reads `stream` until `needle` arrives (returns what was read) or `within` passes (`None`).
async fn read_until(
    stream: &mut reqwest::Response,
    needle: &str,
    within: Duration,
) -> (bool, String) {
    let mut received = String::new();
    let deadline = Instant::now() + within;
    while !received.contains(needle) {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.chunk()).await {
            Ok(Ok(Some(chunk))) => received.push_str(&String::from_utf8_lossy(&chunk)),
            _ => return (false, received),
        }
    }
    (true, received)
}

#[tokio::test]
async fn the_live_state_of_a_booked_desk_is_shown_only_to_the_person_who_booked_it() {
    if !reachable(MOSQUITTO.0, MOSQUITTO.1) {
        missing("Mosquitto", "nothing listens on 127.0.0.1:1883");
        return;
    }
    let (server, base, _config) = server_on("mqtt://127.0.0.1:1883");
    // The booker is the demo employee the test helpers read the occupancy as; the other is a
    // colleague looking at the same floor.
    let people = server.demo_people().await;
    let last_role = |p: &serde_json::Value| p["roles"].as_array().unwrap().last().cloned();
    let employees: Vec<i64> = people
        .iter()
        .filter(|p| last_role(p) == Some(serde_json::json!("employee")))
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    let booker = server.client_with(&server.viewer_cookie().await);
    let other = server.client_with(&server.session_of(employees[1]).await);

    // A free desk with a sensor in the booker's home zones, booked for today.
    let mut with_sensor = std::collections::HashSet::new();
    for level in -1..=6 {
        let body: serde_json::Value = booker
            .get(server.at(&format!("/api/v1/occupancy?floor={level}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for place in body["occupancy"].as_array().into_iter().flatten() {
            if let Some(desk) = place["desk"].as_str() {
                with_sensor.insert(desk.to_string());
            }
        }
    }
    let (level, desk) = find_desk(&server, &booker, today(), |d| {
        d["home_zone"] == true
            && d["state"] == "free"
            && d["label"].as_str().is_some_and(|l| with_sensor.contains(l))
    })
    .await
    .expect("a free desk with a sensor in the home zones");
    let label = desk["label"].as_str().unwrap().to_string();
    let level = i32::try_from(level).unwrap();
    let response = booker
        .post(server.at("/api/v1/bookings"))
        .json(&serde_json::json!({
            "desk_id": desk["id"],
            "slot": "full_day",
            "days": { "kind": "days", "days": [today()] },
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
    // The live streams learn of a booking within `server::fanout::BOOKED_REFRESH` (2 s): the
    // changes before may still reach everybody, as the desk's did before it was booked.
    tokio::time::sleep(Duration::from_millis(2_100)).await;

    let mut booker_stream = booker
        .get(server.at(&format!("/api/v1/live?floor={level}")))
        .send()
        .await
        .unwrap();
    let mut other_stream = other
        .get(server.at(&format!("/api/v1/live?floor={level}")))
        .send()
        .await
        .unwrap();
    let topic = format!("{base}/desks/{label}");
    publish_until_state(
        &server,
        MOSQUITTO,
        &topic,
        &presence(true),
        (level, &label),
        "occupied",
        Duration::from_secs(20),
    )
    .await;

    // The API: the booker sees it occupied; the colleague does not see the desk at all.
    let occupancy = |client: &reqwest::Client| {
        let request = client.get(server.at(&format!("/api/v1/occupancy?floor={level}")));
        let label = label.clone();
        async move {
            let body: serde_json::Value = request.send().await.unwrap().json().await.unwrap();
            body["occupancy"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["desk"] == label.as_str())
                .map(|p| p["state"].as_str().unwrap().to_string())
        }
    };
    assert_eq!(occupancy(&booker).await.as_deref(), Some("occupied"));
    assert_eq!(occupancy(&other).await, None);

    // The server function of the floor page.
    let plan = |client: &reqwest::Client| {
        let request = client
            .post(server.at("/api/get_floor_plan"))
            .form(&[("level", level.to_string())]);
        let label = label.clone();
        async move {
            let plan: serde_json::Value = request.send().await.unwrap().json().await.unwrap();
            plan["desks"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| d["label"] == label.as_str())
                .unwrap()["live"]
                .clone()
        }
    };
    assert_eq!(plan(&booker).await, serde_json::json!("occupied"));
    assert_eq!(plan(&other).await, serde_json::Value::Null);

    // The page as rendered on the server: the desk's row in the table of desks.
    let row = |client: &reqwest::Client| {
        let request = client.get(server.at(&format!("/floors/{level}")));
        let label = label.clone();
        async move {
            let html = request.send().await.unwrap().text().await.unwrap();
            html.split(&format!("<tr data-desk=\"{label}\""))
                .nth(1)
                .and_then(|rest| rest.split("</tr>").next())
                .map(str::to_string)
                .unwrap_or_default()
        }
    };
    let booker_row = row(&booker).await;
    assert!(booker_row.contains("live live-occupied"), "{booker_row}");
    let other_row = row(&other).await;
    assert!(
        !other_row.is_empty() && !other_row.contains("live-occupied"),
        "{other_row}"
    );

    // The live stream: the booker hears the change, the colleague hears nothing of the desk.
    let expected = format!(r#""desk":"{label}""#);
    let (heard, received) =
        read_until(&mut booker_stream, &expected, Duration::from_secs(10)).await;
    assert!(heard, "the booker's stream sent:\n{received}");
    publish(
        MOSQUITTO.0,
        MOSQUITTO.1,
        &format!("{topic}/availability"),
        r#"{"state": "offline"}"#,
    )
    .await
    .unwrap();
    let (heard, received) =
        read_until(&mut booker_stream, "unknown", Duration::from_secs(10)).await;
    assert!(heard, "the booker's stream sent:\n{received}");
    let (heard, received) = read_until(&mut other_stream, &expected, Duration::from_secs(2)).await;
    assert!(!heard, "the colleague's stream sent:\n{received}");
}
