//! E-mail notifications against a real SMTP server: `aiosmtpd` (PyPI, installed into the tools
//! venv by `scripts/bootstrap test`), started by the test through `tests/smtp_sink.py`, which
//! writes every message it accepts to a directory as JSON (subject, text, calendar parts).
//!
//! One story per database: a booking moved off a blocked desk (an iTIP REQUEST) and then
//! released for want of a check-in (an iTIP CANCEL with the same UID), in the person's stored
//! language; the person switches released-booking mails off, which stops them but not an
//! invitation; with the SMTP server down a mail is retried and arrives once it is back; after
//! a restart of Platzwahl no mail comes twice.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::str::FromStr;
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use serde_json::{Value, json};
use tests::api::server_fn;
use tests::db::{Backend, TestDatabase};
use tests::server::{Options, Server, free_port, today, workspace_root};
use tests::services::missing;

/// The Python of the tools venv, if it has aiosmtpd.
fn sink_python() -> Option<PathBuf> {
    let tools = std::env::var("PLATZWAHL_TOOLS_DIR").map_or_else(
        |_| PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cache/platzwahl/tools"),
        PathBuf::from,
    );
    let python = tools.join("venv/bin/python");
    let works = Command::new(&python)
        .args(["-c", "import aiosmtpd"])
        .output()
        .is_ok_and(|out| out.status.success());
    works.then_some(python)
}

/// A running `tests/smtp_sink.py`.
struct Sink(Child);

impl Sink {
    /// Starts the sink on `port`, writing to `dir`; waits until it listens.
    fn start(python: &Path, port: u16, dir: &Path) -> Sink {
        let mut child = Command::new(python)
            .arg(workspace_root().join("tests/smtp_sink.py"))
            .arg(port.to_string())
            .arg(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut first = String::new();
        BufReader::new(stdout).read_line(&mut first).unwrap();
        assert_eq!(first.trim(), "ready", "the SMTP sink did not start");
        Sink(child)
    }

    /// Stops the sink and waits for it to end.
    fn stop(mut self) {
        self.end();
    }

    fn end(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let _ = self.0.wait();
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            self.end();
        }
    }
}

/// Every message the sink wrote so far, in the order they came.
fn mails(dir: &Path) -> Vec<Value> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort_by_key(|path| std::fs::metadata(path).and_then(|m| m.modified()).ok());
    files
        .iter()
        .map(|path| serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap())
        .collect()
}

/// The mails to `to` whose subject contains `subject`.
fn mails_to(dir: &Path, to: &str, subject: &str) -> Vec<Value> {
    mails(dir)
        .into_iter()
        .filter(|m| m["to"][0] == to && m["subject"].as_str().unwrap().contains(subject))
        .collect()
}

/// Waits up to `within` for a mail to `to` whose subject contains `subject`.
async fn mail_to(dir: &Path, to: &str, subject: &str, within: Duration) -> Value {
    let start = Instant::now();
    loop {
        if let Some(mail) = mails_to(dir, to, subject).into_iter().next() {
            return mail;
        }
        assert!(
            start.elapsed() < within,
            "no mail to {to} about {subject:?} within {within:?}; the sink has: {:#?}",
            mails(dir)
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn text_of(db: &DatabaseConnection, sql: &str, column: &str) -> Option<String> {
    db.query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .and_then(|row| row.try_get::<Option<String>>("", column).unwrap())
}

async fn number_of(db: &DatabaseConnection, sql: &str) -> i64 {
    db.query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .map(|row| row.try_get::<i64>("", "n").unwrap())
        .unwrap()
}

/// The calendar part of a mail, parsed: its `METHOD` and the event's UID.
fn invitation(mail: &Value, method: &str) -> (String, icalendar::Calendar) {
    let part = &mail["calendars"][0];
    assert_eq!(part["method"], method, "{mail:#}");
    let text = part["content"].as_str().unwrap();
    let calendar = icalendar::Calendar::from_str(text).unwrap();
    let methods: Vec<&str> = calendar
        .properties
        .iter()
        .filter(|p| p.key() == "METHOD")
        .map(|p| p.value())
        .collect();
    assert_eq!(methods, [method], "{text}");
    let uid = text
        .lines()
        .find_map(|line| line.strip_prefix("UID:"))
        .unwrap()
        .to_owned();
    (uid, calendar)
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

async fn status_of(client: &reqwest::Client, server: &Server, id: i64) -> Option<String> {
    let mine: Value = client
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
        .map(|b| b["status"].as_str().unwrap().to_owned())
}

async fn mail_story(backend: Backend) {
    let Some(python) = sink_python() else {
        missing(
            "aiosmtpd",
            "the tools venv has no aiosmtpd: run scripts/bootstrap test",
        );
        return;
    };
    let Some(database) = TestDatabase::create(backend).await else {
        return;
    };
    let inbox = tempfile::tempdir().unwrap();
    let port = free_port();
    let sink = Sink::start(&python, port, inbox.path());
    let config = inbox.path().join("platzwahl.toml");
    std::fs::write(
        &config,
        format!(
            "[booking]\nworkday_starts = \"00:00\"\nrelease_sweep_secs = 1\n\
             [mail]\nsmtp_host = \"127.0.0.1\"\nsmtp_port = {port}\ntls = \"none\"\n\
             from = \"Platzwahl <platzwahl@example.org>\"\npoll_secs = 1\n\
             retry_first_secs = 1\nretry_max_secs = 2\ntimeout_secs = 5\n"
        ),
    )
    .unwrap();
    let options = Options {
        database_url: Some(database.url().to_owned()),
        env: vec![
            ("PLATZWAHL_CONFIG".into(), config.display().to_string()),
            (
                "PLATZWAHL_AUTH__SIGN_IN_ATTEMPTS_PER_MINUTE".into(),
                "1000".into(),
            ),
        ],
        ..Options::default()
    };
    let server = Server::start(options.clone());
    let db = database.connection();
    // Nothing is released until the booking has been moved; desks are released by time alone.
    db.execute_unprepared(
        "UPDATE policy SET checkin_grace_min = 0, auto_release = FALSE, release_without_sensor = TRUE",
    )
    .await
    .unwrap();
    db.execute_unprepared("UPDATE sensor SET desk_id = NULL")
        .await
        .unwrap();

    // The employee reads Platzwahl in English (stored), so their mails come in English.
    let people = server.demo_people().await;
    let employee = people
        .iter()
        .find(|p| tests::api::main_role(p) == "employee")
        .unwrap();
    let (employee_id, organisation) = (
        employee["id"].as_i64().unwrap(),
        employee["organisation"].as_str().unwrap().to_owned(),
    );
    db.execute_unprepared(&format!(
        "UPDATE person SET locale = 'en' WHERE id = {employee_id}"
    ))
    .await
    .unwrap();
    let address = text_of(
        db,
        &format!("SELECT email FROM person WHERE id = {employee_id}"),
        "email",
    )
    .await
    .unwrap();
    let client = server.client_with(&server.session_of(employee_id).await);
    let manager = server.demo_client("facility_manager").await;
    let admin_id = people
        .iter()
        .find(|p| {
            p["organisation"] == organisation.as_str() && tests::api::main_role(p) == "org_admin"
        })
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let admin = server.client_with(&server.session_of(admin_id).await);

    // Booked, then moved off a blocked desk: a REQUEST.
    let found = post(
        &client,
        &server,
        "/api/v1/bookings/find",
        json!({ "day": today(), "slot": "full_day" }),
    )
    .await;
    let first_desk = found["desk"].as_str().unwrap().to_owned();
    let block = post(
        &manager,
        &server,
        "/api/v1/blocks",
        json!({ "desk_id": found["desk_id"], "from_day": today(), "to_day": today(), "reason": "Maler" }),
    )
    .await;
    assert_eq!(block["moved"], 1, "{block}");
    let moved = mail_to(inbox.path(), &address, "was moved", Duration::from_secs(20)).await;
    let text = moved["text"].as_str().unwrap();
    assert!(
        text.contains(&format!("Desk {first_desk} is blocked")),
        "{text}"
    );
    let (request_uid, _) = invitation(&moved, "REQUEST");
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
        .unwrap()
        .clone();
    let second_desk = booking["desk"].as_str().unwrap().to_owned();
    assert!(
        text.contains(&format!("moved to desk {second_desk}")),
        "{text}"
    );

    // Nobody checks in: released, told in English, with the CANCEL of the same event.
    db.execute_unprepared("UPDATE policy SET auto_release = TRUE")
        .await
        .unwrap();
    let released = mail_to(
        inbox.path(),
        &address,
        "was released",
        Duration::from_secs(30),
    )
    .await;
    assert_eq!(
        released["subject"].as_str().unwrap(),
        format!(
            "Your booking was released: desk {second_desk}, {}",
            today().format("%A, %-d %B %Y")
        )
    );
    let text = released["text"].as_str().unwrap();
    assert!(text.starts_with("Hello,"), "{text}");
    assert!(text.contains("because nobody checked in"), "{text}");
    assert!(
        text.contains("/account"),
        "the way to switch it off: {text}"
    );
    let (cancel_uid, calendar) = invitation(&released, "CANCEL");
    assert_eq!(
        cancel_uid, request_uid,
        "the CANCEL names the event of the REQUEST"
    );
    let (hash, host) = cancel_uid.split_once('@').unwrap();
    assert!(
        host == "platzwahl" && hash.len() == 32 && hash.chars().all(|c| c.is_ascii_hexdigit()),
        "a hash, no internal id, in the UID: {cancel_uid}"
    );
    assert_eq!(calendar.components.len(), 1);

    // Switched off: the next release queues nothing. Invitations cannot be switched off.
    let (status, body) = server_fn(
        &client,
        &server,
        "set_mail_choice",
        "kind=booking_released&on=false",
    )
    .await;
    assert!(status.is_success(), "{status} {body}");
    let (status, _) = server_fn(
        &client,
        &server,
        "set_mail_choice",
        "kind=invitation&on=false",
    )
    .await;
    assert_eq!(
        status.as_u16(),
        400,
        "a security mail cannot be switched off"
    );
    let again = post(
        &client,
        &server,
        "/api/v1/bookings/find",
        json!({ "day": today(), "slot": "full_day" }),
    )
    .await;
    let again = again["booking_id"].as_i64().unwrap();
    let start = Instant::now();
    while status_of(&client, &server, again).await.as_deref() != Some("released") {
        assert!(start.elapsed() < Duration::from_secs(30), "not released");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The mail would have been queued in the release's own transaction.
    assert_eq!(
        number_of(
            db,
            &format!(
                "SELECT COUNT(*) AS n FROM mail_outbox WHERE idempotency_key = 'booking_released:{again}'"
            )
        )
        .await,
        0
    );
    let link = server.invitation_link(&admin, employee_id).await;
    let invited = mail_to(
        inbox.path(),
        &address,
        "invitation",
        Duration::from_secs(20),
    )
    .await;
    assert!(
        invited["text"].as_str().unwrap().contains(&link),
        "{invited:#}"
    );
    assert!(invited["calendars"].as_array().unwrap().is_empty());

    // The SMTP server is down: the mail waits and is retried; it arrives once the server is up.
    sink.stop();
    let mia = server
        .create_employee(&admin, "Mia Post", "mia.post@example.org")
        .await;
    let mia_link = server.invitation_link(&admin, mia).await;
    let row =
        format!("SELECT attempts, state, last_error FROM mail_outbox WHERE person_id = {mia}");
    let start = Instant::now();
    loop {
        let error = text_of(db, &row, "last_error").await;
        if let Some(error) = error {
            assert!(!error.contains("mia"), "no address in the error: {error}");
            assert_eq!(text_of(db, &row, "state").await.as_deref(), Some("queued"));
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no failed attempt recorded"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let sink = Sink::start(&python, port, inbox.path());
    let arrived = mail_to(
        inbox.path(),
        "mia.post@example.org",
        "Einladung",
        Duration::from_secs(30),
    )
    .await;
    assert!(
        arrived["text"].as_str().unwrap().contains(&mia_link),
        "German by default"
    );
    let start = Instant::now();
    while text_of(db, &row, "state").await.as_deref() != Some("sent") {
        assert!(start.elapsed() < Duration::from_secs(10), "not marked sent");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        number_of(
            db,
            &format!(
                "SELECT CAST(attempts AS BIGINT) AS n FROM mail_outbox WHERE person_id = {mia}"
            )
        )
        .await
            >= 2
    );

    // Restarted: nothing is sent twice. A new mail after the restart arrives, and with it
    // everything that would have gone before it.
    assert!(server.terminate(), "the server stops cleanly");
    let server = Server::start(options);
    let admin = server.client_with(&server.session_of(admin_id).await);
    let noah = server
        .create_employee(&admin, "Noah Brief", "noah.brief@example.org")
        .await;
    server.invitation_link(&admin, noah).await;
    mail_to(
        inbox.path(),
        "noah.brief@example.org",
        "Einladung",
        Duration::from_secs(30),
    )
    .await;
    for (to, subject) in [
        (address.as_str(), "was moved"),
        (address.as_str(), "was released"),
        (address.as_str(), "invitation"),
        ("mia.post@example.org", "Einladung"),
    ] {
        assert_eq!(
            mails_to(inbox.path(), to, subject).len(),
            1,
            "{subject} to {to}"
        );
    }
    assert_eq!(
        number_of(
            db,
            "SELECT COUNT(*) AS n FROM mail_outbox WHERE state <> 'sent'"
        )
        .await,
        0
    );
    sink.stop();
    assert!(server.terminate(), "the server stops cleanly");
    database.remove().await;
}

#[tokio::test]
async fn notifications_are_mailed_once_in_the_persons_language_on_sqlite() {
    mail_story(Backend::Sqlite).await;
}

#[tokio::test]
async fn notifications_are_mailed_once_in_the_persons_language_on_postgres() {
    mail_story(Backend::Postgres).await;
}
