//! Three instances of the real server, started together on one fresh PostgreSQL database and
//! the machine's Mosquitto, as an operator runs them behind a load balancer: all three start
//! (the migrations and the demo seed take turns), a session made on one works on the others,
//! a booking through one is seen by all, one instance ingests the sensors and each message is
//! stored once, a change reaches the live streams of all three within a second, a day is
//! allocated once when all three are told to at once, and killing the ingesting instance
//! loses no sensor message: another takes over and processes what was sent meanwhile.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use tests::db::{Backend, TestDatabase};
use tests::mqtt::{
    MOSQUITTO, desks_with_sensors, events_of, presence, publish, publish_until_state, reachable,
    unique, wait_for_state,
};
use tests::server::{Options, Server, book_a_home_desk, has_booking, in_days};
use tests::services::missing;

/// Lines of a server's log containing `text`.
fn log_lines(server: &Server, text: &str) -> usize {
    server
        .log
        .lock()
        .unwrap()
        .iter()
        .filter(|line| line.contains(text))
        .count()
}

/// The raw events stored for the sensor of `desk` once they have been written, after a moment
/// more for any written twice.
async fn stored_events_of(database: &TestDatabase, desk: &str) -> i64 {
    let deadline = Instant::now() + Duration::from_secs(10);
    while events_of(database, desk).await == 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    events_of(database, desk).await
}

/// Waits until the rooms list of every instance shows `expected` as `field` of room `room`;
/// fails after a second (the topology an instance keeps would be read again only after a
/// minute: a change must reach every instance at once).
async fn until_every_instance_shows(
    servers: &[Server],
    cookie: &str,
    room: i64,
    (field, expected): (&str, Value),
) {
    for server in servers {
        let start = Instant::now();
        loop {
            let rooms: Value = server
                .client_with(cookie)
                .get(server.at("/api/v1/rooms"))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let shown = rooms
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["room"]["id"] == room)
                .map(|r| r["room"][field].clone());
            if shown.as_ref() == Some(&expected) {
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(1),
                "{} still shows {field} {shown:?}",
                server.url
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// Reads a live stream until `expected` arrives; the time it took, or `None` after `within`.
async fn until_sent(
    stream: &mut reqwest::Response,
    expected: &str,
    within: Duration,
) -> Option<Duration> {
    let start = Instant::now();
    let mut received = String::new();
    while !received.contains(expected) {
        let left = within.checked_sub(start.elapsed())?;
        match tokio::time::timeout(left, stream.chunk()).await {
            Ok(Ok(Some(chunk))) => received.push_str(&String::from_utf8_lossy(&chunk)),
            _ => return None,
        }
    }
    Some(start.elapsed())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_instances_on_one_database_and_broker_act_as_one_and_survive_losing_the_leader() {
    if !reachable(MOSQUITTO.0, MOSQUITTO.1) {
        missing("Mosquitto", "nothing listens on 127.0.0.1:1883");
        return;
    }
    let Some(database) = TestDatabase::create(Backend::Postgres).await else {
        return;
    };
    let base = unique("pw-cluster");
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("platzwahl.toml");
    std::fs::write(
        &config,
        format!(
            "[sensors]\nclient_id = \"{base}\"\n[sensors.decoder]\nzigbee2mqtt_base_topics = [\"{base}\"]\n"
        ),
    )
    .unwrap();
    let options = Options {
        database_url: Some(database.url().to_owned()),
        env: vec![
            ("PLATZWAHL_MQTT_URL".into(), "mqtt://127.0.0.1:1883".into()),
            ("PLATZWAHL_CONFIG".into(), config.display().to_string()),
        ],
        ..Options::default()
    };

    // Started together on an empty database: each of them comes up.
    let mut servers: Vec<Server> = std::thread::scope(|scope| {
        let starting: Vec<_> = (0..3)
            .map(|_| scope.spawn(|| Server::start(options.clone())))
            .collect();
        starting.into_iter().map(|s| s.join().unwrap()).collect()
    });

    // A session made on one instance works on the others.
    let cookie = servers[0].demo_session("employee").await;
    for server in &servers {
        let response = server
            .client_with(&cookie)
            .get(server.at("/api/v1/bookings/mine"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            200,
            "the session works on {}",
            server.url
        );
    }

    // A booking through one is seen by all.
    let booking_id = book_a_home_desk(&servers[0], &cookie).await;
    for server in &servers[1..] {
        assert!(
            has_booking(server, &cookie, booking_id).await,
            "{} shows the booking",
            server.url
        );
    }

    // A change of the building on one instance (a room's buffers) reaches the topology every
    // instance keeps within a second, not after it expires.
    let manager = servers[0].demo_client("facility_manager").await;
    let rooms: Value = manager
        .get(servers[0].at("/api/v1/rooms"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let room = rooms[0]["room"]["id"].as_i64().expect("a room");
    let set = manager
        .put(servers[0].at(&format!("/api/v1/rooms/{room}/buffers")))
        .json(&json!({"before_min": 45, "after_min": 15}))
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), 200);
    until_every_instance_shows(&servers, &cookie, room, ("buffer_before_min", json!(45))).await;

    // A change made on a page of one instance (the building editor's form renames the
    // building) reaches the topology of every instance within a second too: the rooms list
    // names each room's building from it.
    let admin = servers[0].demo_client("building_admin").await;
    let renamed = admin
        .post(servers[0].at("/api/save_building"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(
            "slug=bundesbahndirektion&name=Direktion+Nord&address=D%C3%B6ppersberg+37\
             &timezone=Europe%2FBerlin&site=&site_name=",
        )
        .send()
        .await
        .unwrap();
    assert!(renamed.status().is_success(), "{}", renamed.status());
    let name = ("building", json!("Direktion Nord"));
    until_every_instance_shows(&servers, &cookie, room, name).await;

    // One instance leads the ingestion; only it connects to the broker.
    let desks = desks_with_sensors(&servers[0], 2).await;
    assert!(
        desks.len() >= 3,
        "floor 2 has desks with sensors: {desks:?}"
    );
    let warm_up = &desks[0];
    publish_until_state(
        &servers[1],
        MOSQUITTO,
        &format!("{base}/desks/{warm_up}"),
        &presence(true),
        (2, warm_up),
        "occupied",
        Duration::from_secs(30),
    )
    .await;
    let leaders: Vec<usize> = (0..3)
        .filter(|i| log_lines(&servers[*i], "this instance leads the sensor ingestion") > 0)
        .collect();
    assert_eq!(leaders.len(), 1, "one instance leads the ingestion");
    let connected: usize = servers
        .iter()
        .map(|s| log_lines(s, "connected to MQTT broker"))
        .sum();
    assert_eq!(
        connected, 1,
        "one connection to the broker, never kicked off"
    );

    // One message: stored once, and on the live stream of every instance within a second.
    let desk = &desks[1];
    let mut streams = Vec::new();
    for server in &servers {
        streams.push(server.get_signed_in("/api/v1/live?floor=2").await);
    }
    publish(
        MOSQUITTO.0,
        MOSQUITTO.1,
        &format!("{base}/desks/{desk}"),
        &presence(true),
    )
    .await
    .unwrap();
    let expected = format!(
        r#"data: {{"desk":"{desk}","building":"bundesbahndirektion","floor":2,"state":"occupied"}}"#
    );
    for (server, stream) in servers.iter().zip(streams.iter_mut()) {
        let took = until_sent(stream, &expected, Duration::from_secs(1)).await;
        assert!(
            took.is_some(),
            "the live stream of {} sent the change within a second",
            server.url
        );
    }
    for server in &servers {
        wait_for_state(server, (2, desk), "occupied", Duration::from_secs(5)).await;
    }
    assert_eq!(
        stored_events_of(&database, desk).await,
        1,
        "the message is stored once"
    );

    // A day allocation started on all three at once runs once.
    let people = servers[0].demo_people().await;
    let employees: Vec<i64> = people
        .iter()
        .filter(|p| p["roles"].as_array().and_then(|r| r.last()) == Some(&json!("employee")))
        .filter_map(|p| p["id"].as_i64())
        .skip(1)
        .take(4)
        .collect();
    let asked = in_days(9);
    for id in &employees {
        let cookie = servers[0].session_of(*id).await;
        let response = servers[0]
            .client_with(&cookie)
            .post(servers[0].at("/api/v1/desk-requests"))
            .json(&json!({"day": asked, "slot": "full_day", "needs": [], "wishes": []}))
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_success(),
            "{}",
            response.text().await.unwrap()
        );
    }
    let facility = servers[0].demo_session("facility_manager").await;
    let runs = futures_util::future::join_all(servers.iter().map(|server| {
        let client = server.client_with(&facility);
        let url = server.at(&format!("/api/v1/allocations/{asked}/run"));
        async move {
            let response = client.post(url).send().await.unwrap();
            assert_eq!(response.status(), 200);
            response.json::<serde_json::Value>().await.unwrap()
        }
    }))
    .await;
    let placed: i64 = runs.iter().map(|r| r["placed"].as_i64().unwrap()).sum();
    let unplaced: i64 = runs.iter().map(|r| r["unplaced"].as_i64().unwrap()).sum();
    assert_eq!(
        placed + unplaced,
        employees.len() as i64,
        "each request decided once: {runs:?}"
    );
    let audit = database
        .connection()
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT count(*) AS n FROM audit_log WHERE action = 'day_allocation.run'",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(audit, 1, "the day ran once");

    // The leader is killed (no goodbye to the broker or the database). A message sent right
    // then is not lost: another instance takes the lead, and the broker hands it over.
    let leader = servers.remove(leaders[0]);
    drop(leader);
    let third = &desks[2];
    publish(
        MOSQUITTO.0,
        MOSQUITTO.1,
        &format!("{base}/desks/{third}"),
        &presence(true),
    )
    .await
    .unwrap();
    for server in &servers {
        wait_for_state(server, (2, third), "occupied", Duration::from_secs(20)).await;
    }
    let new_leaders = servers
        .iter()
        .filter(|s| log_lines(s, "this instance leads the sensor ingestion") > 0)
        .count();
    assert_eq!(new_leaders, 1, "one of the others took over");
    assert_eq!(stored_events_of(&database, third).await, 1);

    for server in servers {
        assert!(server.terminate(), "the instance stops cleanly");
    }
    database.remove().await;
}
