//! Stopping the real server with sensor messages and requests under way, on PostgreSQL and the
//! machine's Mosquitto: a QoS 1 sensor message is acknowledged to the broker only once it is
//! stored, so whatever the server had received but not written (its database gone) when it
//! was killed is delivered again and stored after the restart; and SIGTERM under load lets the requests in
//! flight finish, ends the live streams, and stops in time without losing a sensor message.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::json;
use tests::db::{Backend, TestDatabase};
use tests::mqtt::{
    Connect, MOSQUITTO, desks_with_sensors, events_of, presence, publish_all, publish_until_state,
    reachable, unique,
};
use tests::proxy::Proxy;
use tests::server::{Options, Server, in_days};
use tests::services::missing;

/// How many sensor messages a burst has.
const BURST: usize = 300;

/// Waits until at least `expected` raw events of `desk` are stored; how many there are.
async fn wait_for_events(database: &TestDatabase, desk: &str, expected: i64) -> i64 {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let stored = events_of(database, desk).await;
        if stored >= expected || Instant::now() > deadline {
            return stored;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A server on `database` that ingests from the machine's Mosquitto with a client id and
/// topics of its own, and lets many people sign in at once.
fn options(database: &TestDatabase, base: &str, dir: &std::path::Path) -> Options {
    let config = dir.join("platzwahl.toml");
    std::fs::write(
        &config,
        format!(
            "[sensors]\nclient_id = \"{base}\"\n[sensors.decoder]\nzigbee2mqtt_base_topics = [\"{base}\"]\n"
        ),
    )
    .unwrap();
    Options {
        database_url: Some(database.url().to_owned()),
        env: vec![
            ("PLATZWAHL_MQTT_URL".into(), "mqtt://127.0.0.1:1883".into()),
            ("PLATZWAHL_CONFIG".into(), config.display().to_string()),
            (
                "PLATZWAHL_AUTH__SIGN_IN_ATTEMPTS_PER_MINUTE".into(),
                "10000".into(),
            ),
        ],
        ..Options::default()
    }
}

/// Waits until the server ingests (a desk's sensor shows a message); the desk's label.
async fn ingesting(server: &Server, base: &str) -> String {
    let desk = desks_with_sensors(server, 2).await.remove(0);
    publish_until_state(
        server,
        MOSQUITTO,
        &format!("{base}/desks/{desk}"),
        &presence(true),
        (2, &desk),
        "occupied",
        Duration::from_secs(30),
    )
    .await;
    desk
}

/// `count` presence messages for `desk`, alternating.
fn burst(base: &str, desk: &str, count: usize) -> Vec<(String, String)> {
    (0..count)
        .map(|i| (format!("{base}/desks/{desk}"), presence(i % 2 == 0)))
        .collect()
}

/// The server's database goes away (a proxy between them is cut) while a sensor sends a burst
/// of QoS 1 messages: the server receives them but cannot write them, and is then killed
/// (SIGKILL). After the database is back and the server restarted, every message is stored:
/// those it had received were not acknowledged, so the broker delivers them again.
/// (Acknowledged on receipt, as before, they were lost with the process.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sensor_messages_received_but_not_written_before_a_sigkill_are_stored_after_the_restart() {
    if !reachable(MOSQUITTO.0, MOSQUITTO.1) {
        missing("Mosquitto", "nothing listens on 127.0.0.1:1883");
        return;
    }
    let Some(database) = TestDatabase::create(Backend::Postgres).await else {
        return;
    };
    let mut url = url::Url::parse(database.url()).unwrap();
    let target = format!("{}:{}", url.host_str().unwrap(), url.port().unwrap_or(5432));
    let proxy = Proxy::start(&target).await;
    url.set_host(Some("127.0.0.1")).unwrap();
    url.set_port(Some(proxy.port)).unwrap();
    let base = unique("pw-kill");
    let dir = tempfile::tempdir().unwrap();
    let mut options = options(&database, &base, dir.path());
    options.database_url = Some(url.to_string());
    let server = Server::start(options.clone());
    let desk = ingesting(&server, &base).await;
    let before = events_of(&database, &desk).await;

    proxy.cut();
    publish_all(
        &Connect::plain(MOSQUITTO.0, MOSQUITTO.1),
        &burst(&base, &desk, BURST),
    )
    .await
    .unwrap();
    // The server has received messages it cannot write (it says so), its database still gone.
    let deadline = Instant::now() + Duration::from_secs(20);
    while !server
        .log
        .lock()
        .unwrap()
        .iter()
        .any(|line| line.contains("cannot write sensor events yet"))
    {
        assert!(Instant::now() < deadline, "the server received the burst");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    drop(server);
    let at_the_kill = events_of(&database, &desk).await - before;
    assert_eq!(
        at_the_kill, 0,
        "nothing could be written without the database"
    );

    proxy.restore();
    let restarted = Server::start(options);
    let stored = wait_for_events(&database, &desk, before + BURST as i64).await - before;
    assert!(
        stored >= BURST as i64,
        "{stored} of {BURST} messages stored after the restart"
    );
    assert!(restarted.terminate(), "the restarted server stops cleanly");
    database.remove().await;
}

/// SIGTERM while 100 people book and a sensor sends a burst: the requests under way are
/// answered (none with a server error), every booking answered with success is stored, the
/// live stream ends, the process exits cleanly within the deadline, and every sensor message
/// is stored — before the exit, or after the restart from the broker, which holds whatever the
/// server did not acknowledge.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_under_load_answers_what_is_under_way_ends_the_streams_and_loses_no_sensor_message()
{
    if !reachable(MOSQUITTO.0, MOSQUITTO.1) {
        missing("Mosquitto", "nothing listens on 127.0.0.1:1883");
        return;
    }
    let Some(database) = TestDatabase::create(Backend::Postgres).await else {
        return;
    };
    let base = unique("pw-term");
    let dir = tempfile::tempdir().unwrap();
    let options = options(&database, &base, dir.path());
    let server = Server::start(options.clone());
    let desk = ingesting(&server, &base).await;
    let before = events_of(&database, &desk).await;

    let people: Vec<i64> = database
        .connection()
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT id::bigint AS n FROM person WHERE unit_id IS NOT NULL ORDER BY id LIMIT 100",
        ))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get::<i64>("", "n").unwrap())
        .collect();
    let mut clients = Vec::new();
    for id in &people {
        let cookie = server.session_of(*id).await;
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::COOKIE, cookie.parse().unwrap());
        headers.insert(reqwest::header::ORIGIN, server.url.parse().unwrap());
        clients.push(
            reqwest::Client::builder()
                .default_headers(headers)
                .timeout(Duration::from_secs(20))
                .build()
                .unwrap(),
        );
    }
    let mut stream = server.get_signed_in("/api/v1/live?floor=2").await;
    assert_eq!(stream.status(), 200);

    let day = in_days(6);
    let url = server.at("/api/v1/bookings/find");
    let started = Instant::now();
    let asking: Vec<_> = clients
        .into_iter()
        .map(|client| {
            let url = url.clone();
            tokio::spawn(async move {
                let sent = started.elapsed();
                let answer = client
                    .post(url)
                    .json(&json!({ "day": day, "slot": "full_day" }))
                    .send()
                    .await;
                let answered = started.elapsed();
                let answer = match answer {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let body: serde_json::Value = response.json().await.unwrap_or_default();
                        Ok((status, body["booking_id"].as_i64()))
                    }
                    Err(err) => Err(err.to_string()),
                };
                (sent, answered, answer)
            })
        })
        .collect();
    publish_all(
        &Connect::plain(MOSQUITTO.0, MOSQUITTO.1),
        &burst(&base, &desk, BURST),
    )
    .await
    .unwrap();

    let term_sent = started.elapsed();
    let stopping = std::thread::spawn(move || {
        let begun = Instant::now();
        (server.terminate(), begun.elapsed())
    });
    // The live stream ends, rather than being cut when the process goes.
    let ended = tokio::time::timeout(Duration::from_secs(15), async {
        loop {
            match stream.chunk().await {
                Ok(Some(_)) => {}
                Ok(None) => return true,
                Err(_) => return false,
            }
        }
    })
    .await;
    assert_eq!(ended, Ok(true), "the live stream ends cleanly");
    let (clean, took) = stopping.join().unwrap();
    assert!(clean, "the server exits with success after SIGTERM");
    assert!(took < Duration::from_secs(20), "it stopped within {took:?}");

    let mut booked = Vec::new();
    let mut finished_after_term = 0;
    for asked in asking {
        let (sent, answered, answer) = asked.await.unwrap();
        if let Ok((status, booking)) = answer {
            assert!(status < 500, "no server error while stopping: {status}");
            if sent < term_sent && answered > term_sent {
                finished_after_term += 1;
            }
            if let Some(id) = booking {
                booked.push(id);
            }
        }
    }
    assert!(
        finished_after_term > 0,
        "requests under way at the SIGTERM were answered after it"
    );
    if !booked.is_empty() {
        let ids = booked
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let kept = database
            .connection()
            .query_one_raw(Statement::from_string(
                DbBackend::Postgres,
                format!(
                    "SELECT count(*) AS n FROM desk_booking WHERE status = 'active' AND id IN ({ids})"
                ),
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get::<i64>("", "n")
            .unwrap();
        assert_eq!(
            kept,
            booked.len() as i64,
            "every answered booking is stored"
        );
    }

    let at_exit = events_of(&database, &desk).await - before;
    let restarted = Server::start(options);
    let stored = wait_for_events(&database, &desk, before + BURST as i64).await - before;
    assert!(
        stored >= BURST as i64,
        "{stored} of {BURST} messages stored after the restart ({at_exit} at the exit)"
    );
    assert!(restarted.terminate(), "the restarted server stops cleanly");
    database.remove().await;
}
