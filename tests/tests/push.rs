//! Web push notifications against a second implementation of Web Push: `tests/push_sink.py`, a
//! push service that decrypts every message with `http_ece` (the library pywebpush uses) for
//! keys it made itself, and checks its VAPID signature with `cryptography` (both from PyPI,
//! installed into the tools venv by `scripts/bootstrap test`). It writes what it got as JSON
//! lines, which the test reads.
//!
//! One story per database: a person subscribes three browsers; a booking moved off a blocked
//! desk reaches the first decrypted, in the person's language, signed with the published key;
//! switched off for push, the next move is mailed but not pushed; a push service that fails
//! twice gets the message once on the third attempt; one that answers 410 loses its
//! subscription. Bad subscriptions are refused with 422, and nobody can end another's. On
//! PostgreSQL two instances serve at once and each message still arrives once. With push off
//! (no contact) the key is not published and nothing is queued.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64_free::decode_url;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use serde_json::{Value, json};
use tests::db::{Backend, TestDatabase};
use tests::server::{Options, Server, free_port, today, workspace_root};
use tests::services::missing;

const CONTACT: &str = "mailto:it@example.org";

/// Base64url without a crate (the tests crate has none): enough to measure a key.
mod base64_free {
    pub fn decode_url(text: &str) -> Vec<u8> {
        let value = |c: u8| -> u32 {
            match c {
                b'A'..=b'Z' => u32::from(c - b'A'),
                b'a'..=b'z' => u32::from(c - b'a') + 26,
                b'0'..=b'9' => u32::from(c - b'0') + 52,
                b'-' => 62,
                b'_' => 63,
                _ => panic!("not base64url: {c}"),
            }
        };
        let mut out = Vec::new();
        let (mut buffer, mut bits) = (0u32, 0);
        for c in text.trim_end_matches('=').bytes() {
            buffer = (buffer << 6) | value(c);
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push(u8::try_from((buffer >> bits) & 0xff).unwrap());
            }
        }
        out
    }
}

/// The Python of the tools venv, if it has http_ece and cryptography.
fn sink_python() -> Option<PathBuf> {
    let tools = std::env::var("PLATZWAHL_TOOLS_DIR").map_or_else(
        |_| PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cache/platzwahl/tools"),
        PathBuf::from,
    );
    let python = tools.join("venv/bin/python");
    let works = Command::new(&python)
        .args(["-c", "import http_ece, cryptography"])
        .output()
        .is_ok_and(|out| out.status.success());
    works.then_some(python)
}

/// A running `tests/push_sink.py`.
struct Sink {
    child: Child,
    url: String,
    file: PathBuf,
}

impl Sink {
    fn start(python: &Path, dir: &Path) -> Sink {
        let port = free_port();
        let file = dir.join("pushes.jsonl");
        let mut child = Command::new(python)
            .arg(workspace_root().join("tests/push_sink.py"))
            .arg(port.to_string())
            .arg(&file)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut first = String::new();
        BufReader::new(stdout).read_line(&mut first).unwrap();
        assert_eq!(first.trim(), "ready", "the push sink did not start");
        Sink {
            child,
            url: format!("http://127.0.0.1:{port}"),
            file,
        }
    }

    /// A new browser of the sink: what `PushSubscription.toJSON()` gives.
    async fn browser(&self, name: &str) -> Value {
        reqwest::Client::new()
            .post(format!("{}/subscribe/{name}", self.url))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// Answers the next `times` messages to `name` with `status` (`None`: all).
    async fn behave(&self, name: &str, status: u16, times: Option<u32>) {
        let response = reqwest::Client::new()
            .post(format!("{}/behave/{name}", self.url))
            .json(&json!({ "status": status, "times": times }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 204);
    }

    /// Every message the sink got so far.
    fn received(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.file)
            .unwrap_or_default()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }

    /// The messages to `name`.
    fn to(&self, name: &str) -> Vec<Value> {
        self.received()
            .into_iter()
            .filter(|m| m["name"] == name)
            .collect()
    }

    /// Waits up to `within` until `name` has been answered `count` times with a success.
    async fn wait_delivered(&self, name: &str, count: usize, within: Duration) -> Vec<Value> {
        let start = Instant::now();
        loop {
            let delivered: Vec<Value> = self
                .to(name)
                .into_iter()
                .filter(|m| m["status"] == 201)
                .collect();
            if delivered.len() >= count {
                return delivered;
            }
            assert!(
                start.elapsed() < within,
                "{name} did not get {count} messages within {within:?}; the sink has: {:#?}",
                self.received()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

async fn number_of(db: &DatabaseConnection, sql: &str) -> i64 {
    db.query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .map(|row| row.try_get::<i64>("", "n").unwrap())
        .unwrap()
}

async fn post(client: &reqwest::Client, server: &Server, path: &str, body: Value) -> Value {
    let response = client
        .post(server.at(path))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
    response.json().await.unwrap()
}

/// Subscribes `subscription` for `client`: the status and the answer.
async fn subscribe(
    client: &reqwest::Client,
    server: &Server,
    subscription: &Value,
) -> (u16, Value) {
    let response = client
        .post(server.at("/api/v1/me/push-subscriptions"))
        .json(subscription)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn my_subscriptions(client: &reqwest::Client, server: &Server) -> Vec<Value> {
    client
        .get(server.at("/api/v1/me/push-subscriptions"))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// Today's active booking of the client: its id, desk label and desk id.
async fn todays_booking(client: &reqwest::Client, server: &Server) -> (i64, String, i64) {
    let mine: Value = client
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
        .find(|b| b["day"] == json!(today()) && b["status"] == "active")
        .unwrap_or_else(|| panic!("no active booking today: {mine:#}"))
        .clone();
    (
        booking["id"].as_i64().unwrap(),
        booking["desk"].as_str().unwrap().to_owned(),
        booking["desk_id"].as_i64().unwrap(),
    )
}

/// Blocks the desk of today's booking: the booking moves to another desk. The new desk.
async fn block_todays_desk(
    manager: &reqwest::Client,
    client: &reqwest::Client,
    server: &Server,
    desk_id: i64,
) -> (i64, String, i64) {
    let block = post(
        manager,
        server,
        "/api/v1/blocks",
        json!({ "desk_id": desk_id, "from_day": today(), "to_day": today(), "reason": "Maler" }),
    )
    .await;
    assert_eq!(block["moved"], 1, "{block}");
    todays_booking(client, server).await
}

fn config(dir: &Path, push: bool) -> PathBuf {
    let config = dir.join("platzwahl.toml");
    // Mail is on, to a server that is not there: mails are queued (and wait), as push goes on.
    let mut text = format!(
        "[mail]\nsmtp_host = \"127.0.0.1\"\nsmtp_port = {}\ntls = \"none\"\n\
         from = \"Platzwahl <platzwahl@example.org>\"\npoll_secs = 60\n",
        free_port()
    );
    if push {
        text.push_str(&format!(
            "[push]\ncontact = \"{CONTACT}\"\nendpoint_hosts = [\"127.0.0.1\"]\npoll_secs = 1\n\
             retry_first_secs = 1\nretry_max_secs = 1\ntimeout_secs = 5\n"
        ));
    }
    std::fs::write(&config, text).unwrap();
    config
}

fn options(database: &TestDatabase, config: &Path) -> Options {
    Options {
        database_url: Some(database.url().to_owned()),
        env: vec![
            ("PLATZWAHL_CONFIG".into(), config.display().to_string()),
            (
                "PLATZWAHL_AUTH__SIGN_IN_ATTEMPTS_PER_MINUTE".into(),
                "1000".into(),
            ),
        ],
        ..Options::default()
    }
}

/// The demo employee (reading Platzwahl in English) and their organisation's other employee.
async fn people(server: &Server, db: &DatabaseConnection) -> (i64, i64) {
    let people = server.demo_people().await;
    let employees: Vec<&Value> = people
        .iter()
        .filter(|p| tests::api::main_role(p) == "employee")
        .collect();
    let employee = employees[0];
    let other = employees
        .iter()
        .find(|p| p["id"] != employee["id"])
        .unwrap();
    let id = employee["id"].as_i64().unwrap();
    db.execute_unprepared(&format!("UPDATE person SET locale = 'en' WHERE id = {id}"))
        .await
        .unwrap();
    (id, other["id"].as_i64().unwrap())
}

async fn push_story(backend: Backend) {
    let Some(python) = sink_python() else {
        missing(
            "http_ece",
            "the tools venv has no http_ece or cryptography: run scripts/bootstrap test",
        );
        return;
    };
    let Some(database) = TestDatabase::create(backend).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::start(&python, dir.path());
    let options = options(&database, &config(dir.path(), true));
    let server = Server::start(options.clone());
    // On PostgreSQL a second instance sends from the same queue.
    let second = (backend == Backend::Postgres).then(|| Server::start(options.clone()));
    let db = database.connection();
    db.execute_unprepared("UPDATE policy SET checkin_grace_min = 0, auto_release = FALSE")
        .await
        .unwrap();

    // The key is published, the same on every instance: an uncompressed P-256 point.
    let key: Value = reqwest::get(server.at("/api/v1/push/key"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let public_key = key["public_key"].as_str().unwrap().to_owned();
    let point = decode_url(&public_key);
    assert_eq!((point.len(), point[0]), (65, 4), "{public_key}");
    if let Some(second) = &second {
        let theirs: Value = reqwest::get(second.at("/api/v1/push/key"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            theirs["public_key"], public_key,
            "one key for all instances"
        );
    }

    let (employee_id, other_id) = people(&server, db).await;
    let client = server.client_with(&server.session_of(employee_id).await);
    let other = server.client_with(&server.session_of(other_id).await);
    let manager = server.demo_client("facility_manager").await;

    // Subscribing: 201, again 200 with the same id; listed by host only.
    let anna = sink.browser("anna").await;
    let (status, created) = subscribe(&client, &server, &anna).await;
    assert_eq!(status, 201, "{created}");
    let anna_id = created["id"].as_i64().unwrap();
    let (status, again) = subscribe(&client, &server, &anna).await;
    assert_eq!((status, again["id"].as_i64()), (200, Some(anna_id)));
    let listed = my_subscriptions(&client, &server).await;
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["id"], anna_id);
    assert_eq!(listed[0]["host"], "127.0.0.1");
    assert!(listed[0]["created_at"].is_string());
    assert!(
        listed[0].get("endpoint").is_none() && listed[0].get("keys").is_none(),
        "{listed:?}"
    );

    // Refused with 422: a push service not allowed, plain http elsewhere, keys that are no keys.
    let mut bad = anna.clone();
    bad["endpoint"] = json!("https://push.example.org/x");
    assert_eq!(subscribe(&client, &server, &bad).await.0, 422);
    bad["endpoint"] = json!("http://169.254.169.254/latest/meta-data");
    assert_eq!(subscribe(&client, &server, &bad).await.0, 422);
    let mut bad = sink.browser("dora").await;
    bad["keys"]["p256dh"] = json!(
        "BAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    );
    assert_eq!(
        subscribe(&client, &server, &bad).await.0,
        422,
        "not a point on the curve"
    );
    let mut bad = sink.browser("dora").await;
    bad["keys"]["auth"] = json!("c2hvcnQ");
    assert_eq!(
        subscribe(&client, &server, &bad).await.0,
        422,
        "a secret of 5 bytes"
    );
    assert_eq!(my_subscriptions(&client, &server).await.len(), 1);

    // Nobody ends another's subscription, by id or by endpoint.
    let response = other
        .delete(server.at(&format!("/api/v1/me/push-subscriptions/{anna_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 404);
    let response = other
        .delete(server.at("/api/v1/me/push-subscriptions"))
        .query(&[("endpoint", anna["endpoint"].as_str().unwrap())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 404);
    assert_eq!(my_subscriptions(&client, &server).await.len(), 1);

    // One browser subscribing eight times at once (the page loaded in several tabs): never a
    // 500, one row, created once.
    let emil = sink.browser("emil").await;
    let attempts: Vec<_> = (0..8)
        .map(|_| {
            let (client, server, emil) = (client.clone(), &server, &emil);
            async move { subscribe(&client, server, emil).await }
        })
        .collect();
    let answers = futures_util::future::join_all(attempts).await;
    let mut statuses: Vec<u16> = answers.iter().map(|(status, _)| *status).collect();
    statuses.sort_unstable();
    assert_eq!(
        statuses,
        [200, 200, 200, 200, 200, 200, 200, 201],
        "{answers:?}"
    );
    let emil_id = answers[0].1["id"].as_i64().unwrap();
    assert!(
        answers.iter().all(|(_, body)| body["id"] == emil_id),
        "{answers:?}"
    );
    assert_eq!(
        number_of(
            db,
            &format!(
                "SELECT COUNT(*) AS n FROM push_subscription WHERE endpoint = '{}'",
                emil["endpoint"].as_str().unwrap()
            )
        )
        .await,
        1
    );
    let response = client
        .delete(server.at(&format!("/api/v1/me/push-subscriptions/{emil_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 204);

    // A booking moved off a blocked desk: pushed, decrypted by the sink, in English, signed
    // with the published key for the sink's origin.
    let found = post(
        &client,
        &server,
        "/api/v1/bookings/find",
        json!({ "day": today(), "slot": "full_day" }),
    )
    .await;
    let (moved_id, moved_to, desk) = block_todays_desk(
        &manager,
        &client,
        &server,
        found["desk_id"].as_i64().unwrap(),
    )
    .await;
    let message = sink
        .wait_delivered("anna", 1, Duration::from_secs(30))
        .await
        .remove(0);
    assert!(message.get("error").is_none(), "{message:#}");
    let payload = &message["payload"];
    assert_eq!(
        payload["title"].as_str().unwrap(),
        format!(
            "Your booking was moved: desk {moved_to}, {}",
            today().format("%A, %-d %B %Y")
        ),
        "{message:#}"
    );
    assert!(
        payload["body"]
            .as_str()
            .unwrap()
            .contains(&format!("moved to desk {moved_to}")),
        "{payload:#}"
    );
    assert_eq!(payload["url"], "/bookings");
    assert_eq!(payload["tag"], "booking_moved");
    let vapid = &message["vapid"];
    assert_eq!(vapid["signature_ok"], true, "{vapid:#}");
    assert_eq!(vapid["aud_ok"], true, "{vapid:#}");
    assert_eq!(vapid["exp_ok"], true, "{vapid:#}");
    assert_eq!(
        vapid["k"],
        public_key.as_str(),
        "signed with the published key"
    );
    assert_eq!(vapid["claims"]["sub"], CONTACT);
    assert_eq!(message["content_encoding"], "aes128gcm");
    assert_eq!(message["urgency"], "normal");
    assert_eq!(message["ttl"], "86400");

    // Switched off for push: the next move is mailed (queued) but not pushed.
    domain::push::set_choice(
        db,
        employee_id as i32,
        domain::mail::MailKind::BookingMoved,
        false,
    )
    .await
    .unwrap();
    let (_, _, desk) = block_todays_desk(&manager, &client, &server, desk).await;
    assert_eq!(
        number_of(
            db,
            &format!("SELECT COUNT(*) AS n FROM mail_outbox WHERE idempotency_key = 'booking_moved:{moved_id}'")
        )
        .await,
        1,
        "the mail is queued"
    );
    assert_eq!(
        number_of(
            db,
            &format!("SELECT COUNT(*) AS n FROM push_outbox WHERE idempotency_key = 'booking_moved:{moved_id}'")
        )
        .await,
        0,
        "no push is queued"
    );
    domain::push::set_choice(
        db,
        employee_id as i32,
        domain::mail::MailKind::BookingMoved,
        true,
    )
    .await
    .unwrap();

    // Two more browsers: one whose push service fails twice, one that is gone (410).
    let bert = sink.browser("bert").await;
    let cara = sink.browser("cara").await;
    sink.behave("bert", 503, Some(2)).await;
    sink.behave("cara", 410, None).await;
    let bert_id = subscribe(&client, &server, &bert).await.1["id"]
        .as_i64()
        .unwrap();
    let cara_id = subscribe(&client, &server, &cara).await.1["id"]
        .as_i64()
        .unwrap();
    block_todays_desk(&manager, &client, &server, desk).await;
    sink.wait_delivered("anna", 2, Duration::from_secs(30))
        .await;
    sink.wait_delivered("bert", 1, Duration::from_secs(30))
        .await;
    let start = Instant::now();
    while my_subscriptions(&client, &server)
        .await
        .iter()
        .any(|s| s["id"] == cara_id)
    {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the subscription the push service called gone is still there"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Settled: nothing queued any more; then each message arrived exactly once.
    let start = Instant::now();
    while number_of(
        db,
        "SELECT COUNT(*) AS n FROM push_outbox WHERE state IN ('queued', 'sending')",
    )
    .await
        > 0
    {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the queue does not empty"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let statuses = |name: &str| -> Vec<i64> {
        sink.to(name)
            .iter()
            .map(|m| m["status"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(statuses("anna"), [201, 201], "each move once to anna");
    assert_eq!(statuses("bert"), [503, 503, 201], "retried, then once");
    assert_eq!(statuses("cara"), [410], "gone after the first answer");
    assert_eq!(
        number_of(
            db,
            &format!(
                "SELECT CAST(attempts AS BIGINT) AS n FROM push_outbox WHERE subscription_id = {bert_id} AND state = 'sent'"
            )
        )
        .await,
        3
    );
    assert_eq!(
        number_of(
            db,
            &format!("SELECT COUNT(*) AS n FROM push_outbox WHERE subscription_id = {cara_id}")
        )
        .await,
        0,
        "the gone subscription's queue went with it"
    );
    assert!(
        sink.received().iter().all(|m| m.get("error").is_none()
            && m["vapid"]["signature_ok"] == true
            && m["vapid"]["aud_ok"] == true),
        "every message decrypts and verifies: {:#?}",
        sink.received()
    );
    // The device changes hands: the other person subscribes anna's browser, which is theirs now.
    let (status, moved) = subscribe(&other, &server, &anna).await;
    assert_eq!(status, 201, "{moved}");
    assert!(
        !my_subscriptions(&client, &server)
            .await
            .iter()
            .any(|s| s["id"] == anna_id),
        "the browser is no longer the employee's"
    );
    // The page unsubscribes its own browser by endpoint; the list by id.
    let response = other
        .delete(server.at("/api/v1/me/push-subscriptions"))
        .query(&[("endpoint", anna["endpoint"].as_str().unwrap())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 204);
    assert!(my_subscriptions(&other, &server).await.is_empty());
    let response = client
        .delete(server.at(&format!("/api/v1/me/push-subscriptions/{bert_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 204);
    assert!(my_subscriptions(&client, &server).await.is_empty());

    // Neither endpoints nor payloads are logged.
    let log = server.log.lock().unwrap().join("\n");
    assert!(
        !log.contains("/push/anna") && !log.contains("moved to desk"),
        "{log}"
    );

    if let Some(second) = second {
        assert!(second.terminate(), "the second instance stops cleanly");
    }
    assert!(server.terminate(), "the server stops cleanly");
    drop(sink);
    database.remove().await;
}

/// Push off (no `[push] contact`), the default: no key, no subscribing, nothing queued even
/// for a subscription already in the database.
async fn push_off_story(backend: Backend) {
    let Some(database) = TestDatabase::create(backend).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(options(&database, &config(dir.path(), false)));
    let db = database.connection();
    db.execute_unprepared("UPDATE policy SET checkin_grace_min = 0, auto_release = FALSE")
        .await
        .unwrap();
    let response = reqwest::get(server.at("/api/v1/push/key")).await.unwrap();
    assert_eq!(response.status().as_u16(), 404);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let (employee_id, _) = people(&server, db).await;
    let client = server.client_with(&server.session_of(employee_id).await);
    let manager = server.demo_client("facility_manager").await;
    let browser = json!({
        "endpoint": "https://fcm.googleapis.com/fcm/send/abc",
        "expirationTime": null,
        "keys": {
            "p256dh": "BLn9b-VR0ca83knDNZ32dCHGyjJp-1riX9ZTN40MqV8K_LpQmLqxC_DoHvqvFXO_nGdAB4W9dogZb_sM-uV4JbY",
            "auth": "_ordMnz7uTCmrpBTeUV4Bw"
        }
    });
    assert_eq!(subscribe(&client, &server, &browser).await.0, 404);
    db.execute_unprepared(&format!(
        "INSERT INTO push_subscription (person_id, endpoint, p256dh, auth) \
         VALUES ({employee_id}, 'https://fcm.googleapis.com/fcm/send/abc', 'x', 'y')"
    ))
    .await
    .unwrap();
    let found = post(
        &client,
        &server,
        "/api/v1/bookings/find",
        json!({ "day": today(), "slot": "full_day" }),
    )
    .await;
    block_todays_desk(
        &manager,
        &client,
        &server,
        found["desk_id"].as_i64().unwrap(),
    )
    .await;
    assert!(
        number_of(
            db,
            "SELECT COUNT(*) AS n FROM mail_outbox WHERE kind = 'booking_moved'"
        )
        .await
            >= 1,
        "the move was mailed"
    );
    assert_eq!(
        number_of(db, "SELECT COUNT(*) AS n FROM push_outbox").await,
        0,
        "nothing is queued for push"
    );
    assert_eq!(
        number_of(db, "SELECT COUNT(*) AS n FROM push_vapid_key").await,
        0,
        "no key is made while push is off"
    );
    assert!(server.terminate(), "the server stops cleanly");
    database.remove().await;
}

#[tokio::test]
async fn moves_are_pushed_decrypted_and_signed_once_on_sqlite() {
    push_story(Backend::Sqlite).await;
}

#[tokio::test]
async fn moves_are_pushed_decrypted_and_signed_once_by_two_instances_on_postgres() {
    push_story(Backend::Postgres).await;
}

#[tokio::test]
async fn push_is_off_by_default_on_sqlite() {
    push_off_story(Backend::Sqlite).await;
}
