//! Faults an operator meets, tried on the real server binary: PostgreSQL going away while the
//! server runs (a proxy between them is cut), the server killed in the middle of many
//! bookings, and SQLite under mixed load.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::json;
use tests::db::{Backend, TestDatabase};
use tests::mqtt::{desks_with_sensors, presence, publish};
use tests::proxy::Proxy;
use tests::server::{Options, Server, in_days};

/// A client of `server` signed in with `cookie` whose requests give up after 20 s: a hang is
/// an error, not a wait.
fn impatient(server: &Server, cookie: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::COOKIE, cookie.parse().unwrap());
    headers.insert(reqwest::header::ORIGIN, server.url.parse().unwrap());
    reqwest::Client::builder()
        .default_headers(headers)
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_its_database_the_server_answers_503_with_retry_after_and_recovers_by_itself() {
    let Some(database) = TestDatabase::create(Backend::Postgres).await else {
        return;
    };
    let mut url = url::Url::parse(database.url()).unwrap();
    let target = format!("{}:{}", url.host_str().unwrap(), url.port().unwrap_or(5432));
    let proxy = Proxy::start(&target).await;
    url.set_host(Some("127.0.0.1")).unwrap();
    url.set_port(Some(proxy.port)).unwrap();
    let server = Server::start(Options {
        database_url: Some(url.to_string()),
        ..Options::default()
    });
    let cookie = server.demo_session("employee").await;
    let client = impatient(&server, &cookie);
    let mine = server.at("/api/v1/bookings/mine");
    assert_eq!(client.get(&mine).send().await.unwrap().status(), 200);
    assert_eq!(
        reqwest::get(server.at("/readyz")).await.unwrap().status(),
        200
    );

    proxy.cut();
    let asked = Instant::now();
    let response = client.get(&mine).send().await.unwrap();
    if response.status() != 503 {
        let status = response.status();
        let body = response.text().await.unwrap();
        let log = server.log.lock().unwrap().join("\n");
        panic!("the database is gone, yet {status}: {body}\n{log}");
    }
    assert_eq!(response.headers()["retry-after"], "5");
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let problem: serde_json::Value = response.json().await.unwrap();
    assert_eq!(problem["type"], "/problems/unavailable");
    assert!(
        asked.elapsed() < Duration::from_secs(15),
        "answered in {:?}, not after a long hang",
        asked.elapsed()
    );
    // As a load balancer asks: without a session.
    let ready = reqwest::get(server.at("/readyz")).await.unwrap();
    assert_eq!(ready.status(), 503);
    let ready: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(ready["database"], "unreachable", "{ready}");

    // Back: the server recovers by itself, and books again.
    proxy.restore();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let status = client.get(&mine).send().await.map(|r| r.status().as_u16());
        if matches!(status, Ok(200)) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the server has not recovered 30 s after the database came back ({status:?})"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let found = client
        .post(server.at("/api/v1/bookings/find"))
        .json(&json!({ "day": in_days(3), "slot": "full_day" }))
        .send()
        .await
        .unwrap();
    assert_eq!(found.status(), 201, "{}", found.text().await.unwrap());
    let log = server.log.lock().unwrap().join("\n");
    assert!(!log.contains("panicked"), "{log}");
    assert!(server.terminate(), "the server stops cleanly");
    database.remove().await;
}

/// Many people booking at once, others reading, sensors reporting: SQLite waits its turn
/// (WAL, a busy timeout) and never answers 500.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_under_mixed_load_never_answers_500() {
    let server = Server::start(many_sign_ins(None));
    // The demo's people: ids from 1 on.
    let employees: Vec<i64> = (1..=40).collect();
    let mut clients = Vec::new();
    for id in &employees {
        clients.push(impatient(&server, &server.session_of(*id).await));
    }
    let day = in_days(4);
    let bookings = clients.iter().map(|client| {
        let client = client.clone();
        let url = server.at("/api/v1/bookings/find");
        async move {
            client
                .post(url)
                .json(&json!({ "day": day, "slot": "full_day" }))
                .send()
                .await
                .map(|r| r.status().as_u16())
        }
    });
    let reads = clients.iter().map(|client| {
        let client = client.clone();
        let url = server.at(&format!("/api/v1/availability?floor=2&day={day}"));
        async move { client.get(url).send().await.map(|r| r.status().as_u16()) }
    });
    let desks = desks_with_sensors(&server, 2).await;
    assert!(!desks.is_empty());
    let sensors = (0..40).map(|i| {
        let port = server.mqtt_port;
        let topic = format!("zigbee2mqtt/desks/{}", desks[i % desks.len()]);
        async move {
            publish("127.0.0.1", port, &topic, &presence(i % 2 == 0))
                .await
                .map(|()| 200)
                .map_err(|e| e.to_string())
        }
    });
    let (bookings, reads, sensors) = tokio::join!(
        futures_util::future::join_all(bookings),
        futures_util::future::join_all(reads),
        futures_util::future::join_all(sensors),
    );
    let bookings: Vec<u16> = bookings.into_iter().map(Result::unwrap).collect();
    let reads: Vec<u16> = reads.into_iter().map(Result::unwrap).collect();
    assert!(
        bookings.iter().chain(&reads).all(|status| *status < 500),
        "bookings {bookings:?}, reads {reads:?}"
    );
    assert!(
        bookings.iter().filter(|s| **s == 201).count() >= employees.len() / 2,
        "most found a desk: {bookings:?}"
    );
    assert_eq!(
        bookings.len() + reads.len(),
        2 * employees.len(),
        "every request was answered"
    );
    assert!(sensors.iter().all(Result::is_ok), "{sensors:?}");
    let log = server.log.lock().unwrap().join("\n");
    assert!(!log.contains("database is locked"), "{log}");
    assert!(server.terminate(), "the server stops cleanly");
}

/// Options for a server that lets many people sign in at once from this machine.
fn many_sign_ins(database_url: Option<String>) -> Options {
    Options {
        database_url,
        env: vec![(
            "PLATZWAHL_AUTH__SIGN_IN_ATTEMPTS_PER_MINUTE".into(),
            "10000".into(),
        )],
        ..Options::default()
    }
}

async fn ids(database: &TestDatabase, sql: &str) -> Vec<i64> {
    database
        .connection()
        .query_all_raw(Statement::from_string(DbBackend::Postgres, sql))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get::<i64>("", "n").unwrap())
        .collect()
}

async fn count(database: &TestDatabase, sql: &str) -> i64 {
    database
        .connection()
        .query_one_raw(Statement::from_string(DbBackend::Postgres, sql))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap()
}

/// 200 people ask for a desk at once and the server is killed (SIGKILL) in the middle: after
/// a restart every booking that was answered with success is there, and no booking is half
/// written (without its half-day rows or its audit entry).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bookings_answered_before_a_sigkill_are_all_there_after_the_restart() {
    let Some(database) = TestDatabase::create(Backend::Postgres).await else {
        return;
    };
    let options = many_sign_ins(Some(database.url().to_owned()));
    let server = Server::start(options.clone());
    let people = ids(
        &database,
        "SELECT id::bigint AS n FROM person WHERE unit_id IS NOT NULL ORDER BY id LIMIT 200",
    )
    .await;
    assert_eq!(people.len(), 200, "the demo has enough people in units");
    let mut clients = Vec::new();
    for id in &people {
        clients.push(impatient(&server, &server.session_of(*id).await));
    }
    let day = in_days(6);
    let url = server.at("/api/v1/bookings/find");
    let asking: Vec<_> = clients
        .into_iter()
        .map(|client| {
            let url = url.clone();
            tokio::spawn(async move {
                let response = client
                    .post(url)
                    .json(&json!({ "day": day, "slot": "full_day" }))
                    .send()
                    .await
                    .ok()?;
                if !response.status().is_success() {
                    return None;
                }
                let found: serde_json::Value = response.json().await.ok()?;
                found["booking_id"].as_i64()
            })
        })
        .collect();
    // Some are answered, some are on their way, some not sent yet.
    let deadline = Instant::now() + Duration::from_secs(30);
    while count(&database, "SELECT count(*) AS n FROM desk_booking").await < 20 {
        assert!(Instant::now() < deadline, "bookings are being made");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    drop(server);
    let mut answered = Vec::new();
    for asked in asking {
        if let Some(id) = asked.await.unwrap() {
            answered.push(id);
        }
    }
    assert!(
        !answered.is_empty(),
        "some bookings were answered before the kill"
    );
    assert!(answered.len() < people.len(), "the kill came in the middle");

    let restarted = Server::start(options);
    let ids = answered
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let kept = count(
        &database,
        &format!(
            "SELECT count(*) AS n FROM desk_booking WHERE status = 'active' AND id IN ({ids})"
        ),
    )
    .await;
    assert_eq!(
        kept,
        i64::try_from(answered.len()).unwrap(),
        "every answered booking is kept"
    );
    let half_written = count(
        &database,
        "SELECT count(*) AS n FROM desk_booking b WHERE \
         NOT EXISTS (SELECT 1 FROM desk_booking_half h WHERE h.booking_id = b.id) \
         OR NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'desk_booking.create' \
                        AND a.entity_id = b.id::text)",
    )
    .await;
    assert_eq!(half_written, 0, "no booking is half written");
    assert!(restarted.terminate(), "the restarted server stops cleanly");
    database.remove().await;
}
