//! E-mail notifications against a real SMTP server: `aiosmtpd` (PyPI, installed into the tools
//! venv by `scripts/bootstrap test`), started by the test through `tests/smtp_sink.py`, which
//! writes every message it accepts to a directory as JSON (subject, text, calendar parts).
//!
//! One story per database: a booking moved off a blocked desk (an iTIP REQUEST) and then
//! released for want of a check-in (an iTIP CANCEL with the same UID), in the person's stored
//! language; the person switches released-booking mails off, which stops them but not an
//! invitation; with the SMTP server down a mail is retried and arrives once it is back; after
//! a restart of Platzwahl no mail comes twice.
//!
//! A second story per database, about rooms and removed places: a reservation made (a REQUEST),
//! changed (a REQUEST of the same UID with a higher SEQUENCE) and withdrawn (a CANCEL of the
//! same UID); a reservation moved out of a removed room (a REQUEST of the same UID with a higher
//! SEQUENCE and the new room as LOCATION); a counsellor's protected reservation mailed in German
//! without its subject or notes and released for want of a check-in (a CANCEL); a desk booking
//! cancelled by the removal of its desk. Each new kind can be switched off, and then nothing is
//! queued.
//!
//! A third: a booking left on a blocked desk (no other desk free) is told once; switched off,
//! nothing is queued.

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
use tests::server::{Options, Server, free_port, in_days, today, workspace_root};
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

/// A booking left on a blocked desk because no other desk was free: its person is told once
/// (`booking_blocked`), in German; a person who switched the kind off is not. A second block
/// on a day with a booking left on a blocked desk is repaired too (no 500).
async fn blocked_story(backend: Backend) {
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
            "[mail]\nsmtp_host = \"127.0.0.1\"\nsmtp_port = {port}\ntls = \"none\"\n\
             from = \"Platzwahl <platzwahl@example.org>\"\npoll_secs = 1\n"
        ),
    )
    .unwrap();
    let server = Server::start(Options {
        database_url: Some(database.url().to_owned()),
        env: vec![
            ("PLATZWAHL_CONFIG".into(), config.display().to_string()),
            (
                "PLATZWAHL_AUTH__SIGN_IN_ATTEMPTS_PER_MINUTE".into(),
                "1000".into(),
            ),
        ],
        ..Options::default()
    });
    let db = database.connection();
    let people = server.demo_people().await;
    let employees: Vec<i64> = people
        .iter()
        .filter(|p| tests::api::main_role(p) == "employee")
        .map(|p| p["id"].as_i64().unwrap())
        .take(2)
        .collect();
    let (anna, bert) = (employees[0], employees[1]);
    db.execute_unprepared(&format!(
        "UPDATE person SET locale = 'de' WHERE id IN ({anna}, {bert})"
    ))
    .await
    .unwrap();
    let address = |id: i64| async move {
        text_of(
            db,
            &format!("SELECT email FROM person WHERE id = {id}"),
            "email",
        )
        .await
        .unwrap()
    };
    let (anna_address, bert_address) = (address(anna).await, address(bert).await);
    let manager = server.demo_client("facility_manager").await;
    // Bert switched these mails off.
    domain::mail::set_choice(
        db,
        i32::try_from(bert).unwrap(),
        domain::mail::MailKind::BookingBlocked,
        false,
    )
    .await
    .unwrap();

    // Both book a desk tomorrow; every other desk is blocked then.
    let day = in_days(1);
    let mut booked = Vec::new();
    for id in [anna, bert] {
        let client = server.client_with(&server.session_of(id).await);
        let found = post(
            &client,
            &server,
            "/api/v1/bookings/find",
            json!({ "day": day, "slot": "full_day" }),
        )
        .await;
        booked.push((
            found["desk_id"].as_i64().unwrap(),
            found["desk"].as_str().unwrap().to_owned(),
        ));
    }
    let ((anna_desk, anna_label), (bert_desk, _)) = (booked[0].clone(), booked[1].clone());
    db.execute_unprepared(&format!(
        "INSERT INTO block (desk_id, from_day, to_day, reason) \
         SELECT id, '{day}', '{day}', 'Umzug' FROM desk WHERE id NOT IN ({anna_desk}, {bert_desk})"
    ))
    .await
    .unwrap();

    // Anna's desk is blocked: no other desk is free, the booking stays, and Anna is told.
    let block = |desk: i64| {
        post(
            &manager,
            &server,
            "/api/v1/blocks",
            json!({ "desk_id": desk, "from_day": day, "to_day": day, "reason": "Maler" }),
        )
    };
    let answer = block(anna_desk).await;
    assert_eq!(
        (answer["moved"].as_i64(), answer["without_desk"].as_i64()),
        (Some(0), Some(1)),
        "{answer}"
    );
    let told = mail_to(
        inbox.path(),
        &anna_address,
        "kein anderer Platz war frei",
        Duration::from_secs(20),
    )
    .await;
    assert!(
        told["subject"].as_str().unwrap().starts_with(&format!(
            "Ihr Platz ist gesperrt – kein anderer Platz war frei: Platz {anna_label}, "
        )),
        "{told:#}"
    );
    let text = told["text"].as_str().unwrap();
    assert!(text.contains(&format!("Platz {anna_label}")), "{text}");
    assert!(text.contains("bleibt bestehen"), "{text}");
    assert!(
        told["calendars"].as_array().unwrap().is_empty(),
        "no calendar part: {told:#}"
    );

    // Bert's desk is blocked too: he stays as well, but switched the mails off.
    let answer = block(bert_desk).await;
    assert_eq!(answer["without_desk"].as_i64(), Some(1), "{answer}");
    let queued = |id: i64| async move {
        number_of(
            db,
            &format!(
                "SELECT COUNT(*) AS n FROM mail_outbox WHERE kind = 'booking_blocked' AND person_id = {id}"
            ),
        )
        .await
    };
    assert_eq!(queued(bert).await, 0, "switched off: nothing queued");
    assert_eq!(queued(anna).await, 1);
    // Settled: Anna got it once, Bert never.
    let start = Instant::now();
    while number_of(
        db,
        "SELECT COUNT(*) AS n FROM mail_outbox WHERE state <> 'sent'",
    )
    .await
        > 0
    {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the queue does not empty"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(mails_to(inbox.path(), &anna_address, "gesperrt").len(), 1);
    assert!(mails_to(inbox.path(), &bert_address, "gesperrt").is_empty());
    sink.stop();
    assert!(server.terminate(), "the server stops cleanly");
    database.remove().await;
}

#[tokio::test]
async fn a_booking_left_on_a_blocked_desk_is_told_once_on_sqlite() {
    blocked_story(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_booking_left_on_a_blocked_desk_is_told_once_on_postgres() {
    blocked_story(Backend::Postgres).await;
}

/// The value of property `key` of the calendar part of `mail` (lines unfolded).
fn property(mail: &Value, key: &str) -> Option<String> {
    let text = mail["calendars"][0]["content"]
        .as_str()
        .unwrap()
        .replace("\r\n ", "")
        .replace("\n ", "");
    text.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        (name == key || name.starts_with(&format!("{key};"))).then(|| {
            value
                .trim()
                .replace("\\,", ",")
                .replace("\\;", ";")
                .replace("\\\\", "\\")
        })
    })
}

/// The SEQUENCE of the calendar part of `mail`.
fn sequence_of(mail: &Value) -> u64 {
    property(mail, "SEQUENCE").unwrap().parse().unwrap()
}

/// A mail to `to` whose subject contains `subject` and whose text contains `text`.
async fn mail_with(dir: &Path, to: &str, subject: &str, text: &str) -> Value {
    let start = Instant::now();
    loop {
        if let Some(mail) = mails_to(dir, to, subject)
            .into_iter()
            .find(|m| m["text"].as_str().unwrap().contains(text))
        {
            return mail;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no mail to {to} about {subject:?} with {text:?}; the sink has: {:#?}",
            mails(dir)
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The rooms of `privacy` free on `day` from `from` to `to`, as `client` finds them.
async fn free_rooms(
    client: &reqwest::Client,
    server: &Server,
    privacy: &str,
    day: chrono::NaiveDate,
    (from, to): (&str, &str),
) -> Vec<Value> {
    let found: Value = client
        .get(server.at(&format!(
            "/api/v1/rooms?privacy={privacy}&day={day}&from={from}&to={to}"
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    found
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["free"] == true)
        .map(|f| f["room"].clone())
        .collect()
}

/// `client` reserves `room` as `body` says (with `room_id` added); the reservation's id.
async fn reserve(client: &reqwest::Client, server: &Server, room: &Value, body: Value) -> i64 {
    let mut body = body;
    body["room_id"] = room["id"].clone();
    let result = post(client, server, "/api/v1/room-reservations", body).await;
    result["dates"][0]["result"]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("reserved: {result}"))
}

/// A room as mails name it: its label and name.
fn room_name(room: &Value) -> String {
    format!(
        "{} {}",
        room["label"].as_str().unwrap(),
        room["name"].as_str().unwrap()
    )
}

const SECRET_SUBJECT: &str = "Schuldnerberatung Familie Yilmaz";
const SECRET_NOTES: &str = "Akte 4711 vertraulich";

/// Asserts that nothing of a protected reservation's subject or notes is in `mail`.
fn tells_no_purpose(mail: &Value) {
    let all = mail.to_string();
    for secret in [SECRET_SUBJECT, "Yilmaz", SECRET_NOTES, "4711"] {
        assert!(!all.contains(secret), "{secret:?} in {mail:#}");
    }
}

async fn room_mail_story(backend: Backend) {
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
            "[booking]\nrelease_sweep_secs = 1\nroom_checkin_grace_min = 5\n\
             [mail]\nsmtp_host = \"127.0.0.1\"\nsmtp_port = {port}\ntls = \"none\"\n\
             from = \"Platzwahl <platzwahl@example.org>\"\npoll_secs = 1\n\
             retry_first_secs = 1\nretry_max_secs = 2\ntimeout_secs = 5\n"
        ),
    )
    .unwrap();
    let server = Server::start(Options {
        database_url: Some(database.url().to_owned()),
        env: vec![
            ("PLATZWAHL_CONFIG".into(), config.display().to_string()),
            (
                "PLATZWAHL_AUTH__SIGN_IN_ATTEMPTS_PER_MINUTE".into(),
                "1000".into(),
            ),
        ],
        ..Options::default()
    });
    let db = database.connection();
    let people = server.demo_people().await;
    let of_role = |role: &str| {
        people
            .iter()
            .find(|p| tests::api::main_role(p) == role)
            .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    let (employee_id, counsellor_id) = (of_role("employee"), of_role("counsellor"));
    // The employee reads Platzwahl in English, the counsellor in German.
    db.execute_unprepared(&format!(
        "UPDATE person SET locale = 'en' WHERE id = {employee_id}; \
         UPDATE person SET locale = 'de' WHERE id = {counsellor_id}"
    ))
    .await
    .unwrap();
    let email_of = |id: i64| {
        let sql = format!("SELECT email FROM person WHERE id = {id}");
        async move { text_of(db, &sql, "email").await.unwrap() }
    };
    let (address, counsellor_address) =
        (email_of(employee_id).await, email_of(counsellor_id).await);
    let employee_cookie = server.session_of(employee_id).await;
    let employee = server.client_with(&employee_cookie);
    let counsellor = server.client_with(&server.session_of(counsellor_id).await);
    let admin = server.demo_client("building_admin").await;
    const BUILDING: &str = "/api/v1/buildings/bundesbahndirektion";

    // Reserved: a REQUEST in English; the subject of the reservation stays out of the mail.
    let day = tests::server::in_days(3);
    let rooms = free_rooms(&employee, &server, "standard", day, ("10:00", "11:00")).await;
    let room = rooms[0].clone();
    let id = reserve(
        &employee,
        &server,
        &room,
        json!({ "day": day, "from": "10:00", "to": "11:00", "subject": "Quartalsplanung intern" }),
    )
    .await;
    let on = |day: chrono::NaiveDate| day.format("%A, %-d %B %Y").to_string();
    let booked = mail_with(inbox.path(), &address, "Room reserved", &on(day)).await;
    let text = booked["text"].as_str().unwrap();
    assert!(
        text.contains(&format!("You reserved room {}", room_name(&room))),
        "{text}"
    );
    assert!(text.starts_with("Hello,"), "{text}");
    assert!(text.contains("10:00–11:00"), "{text}");
    assert!(
        !booked.to_string().contains("Quartalsplanung"),
        "{booked:#}"
    );
    let (booked_uid, calendar) = invitation(&booked, "REQUEST");
    assert_eq!(calendar.components.len(), 1);
    assert_eq!(property(&booked, "LOCATION"), Some(room_name(&room)));
    assert_eq!(property(&booked, "SUMMARY"), Some(room_name(&room)));

    // Changed by its owner: a REQUEST of the same event with the new time, a higher SEQUENCE.
    let response = employee
        .patch(server.at(&format!("/api/v1/room-reservations/{id}")))
        .json(&json!({ "day": day, "from": "10:00", "to": "11:30" }))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    let changed = mail_with(inbox.path(), &address, "Room reserved", "10:00–11:30").await;
    let (changed_uid, _) = invitation(&changed, "REQUEST");
    assert_eq!(changed_uid, booked_uid, "the same event");
    assert!(sequence_of(&changed) > sequence_of(&booked));

    // Withdrawn by its owner: a CANCEL of the same event.
    let response = employee
        .delete(server.at(&format!("/api/v1/room-reservations/{id}")))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    let withdrawn = mail_to(
        inbox.path(),
        &address,
        "Reservation withdrawn",
        Duration::from_secs(20),
    )
    .await;
    let (withdrawn_uid, _) = invitation(&withdrawn, "CANCEL");
    assert_eq!(withdrawn_uid, booked_uid);
    assert!(sequence_of(&withdrawn) >= sequence_of(&changed));

    // The smallest free meeting room is removed with its reservation moved: a REQUEST of the
    // same event, a higher SEQUENCE, the new room as its location.
    let day = tests::server::in_days(4);
    let small = free_rooms(&employee, &server, "standard", day, ("10:00", "11:00"))
        .await
        .into_iter()
        .min_by_key(|r| r["capacity"].as_i64())
        .unwrap();
    let id = reserve(
        &employee,
        &server,
        &small,
        json!({ "day": day, "from": "10:00", "to": "11:00" }),
    )
    .await;
    let booked = mail_with(inbox.path(), &address, "Room reserved", &on(day)).await;
    let (booked_uid, _) = invitation(&booked, "REQUEST");
    let removed = admin
        .delete(server.at(&format!("{BUILDING}/rooms/{}?bookings=move", small["id"])))
        .send()
        .await
        .unwrap();
    assert!(removed.status().is_success(), "{}", removed.status());
    let removal: Value = removed.json().await.unwrap();
    assert_eq!(removal["moved"], 1, "{removal}");
    let moved = mail_to(inbox.path(), &address, "was moved", Duration::from_secs(20)).await;
    let text = moved["text"].as_str().unwrap();
    assert!(
        text.contains(&format!("Room {} is being removed", room_name(&small))),
        "{text}"
    );
    let (moved_uid, _) = invitation(&moved, "REQUEST");
    assert_eq!(moved_uid, booked_uid, "the same event");
    assert!(sequence_of(&moved) > sequence_of(&booked));
    let location = property(&moved, "LOCATION").unwrap();
    assert_ne!(location, room_name(&small));
    let mine: Value = employee
        .get(server.at("/api/v1/room-reservations/mine"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let now_in = mine
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap()["room"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(location, now_in, "the new room is the event's location");
    assert!(text.contains(&now_in), "{text}");

    // A counsellor's protected reservation: in German, the calendar entry named neutrally, no
    // subject or notes anywhere in the mail.
    let day = tests::server::in_days(2);
    let protected = free_rooms(&counsellor, &server, "protected", day, ("10:00", "11:00"))
        .await
        .into_iter()
        .next()
        .unwrap();
    let id = reserve(
        &counsellor,
        &server,
        &protected,
        json!({ "day": day, "from": "10:00", "to": "11:00",
                "subject": SECRET_SUBJECT, "notes": SECRET_NOTES }),
    )
    .await;
    let booked = mail_with(
        inbox.path(),
        &counsellor_address,
        "Raum reserviert",
        &room_name(&protected),
    )
    .await;
    assert!(
        booked["text"].as_str().unwrap().starts_with("Guten Tag,"),
        "{booked:#}"
    );
    tells_no_purpose(&booked);
    let (booked_uid, _) = invitation(&booked, "REQUEST");
    assert_eq!(
        property(&booked, "SUMMARY").as_deref(),
        Some("Raumreservierung")
    );
    assert_eq!(property(&booked, "LOCATION"), Some(room_name(&protected)));
    assert_eq!(property(&booked, "DESCRIPTION"), None);

    // Nobody checks in and the room's sensor shows it empty: released, with a CANCEL.
    let at = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%dT%H:%M:%S+00:00").to_string();
    let now = chrono::Utc::now();
    let room_id = protected["id"].as_i64().unwrap();
    db.execute_unprepared(&format!(
        "UPDATE room_reservation SET starts_at = '{}', ends_at = '{}' WHERE id = {id}; \
         UPDATE sensor SET room_id = NULL WHERE room_id = {room_id}",
        at(now - chrono::Duration::minutes(30)),
        at(now + chrono::Duration::minutes(30)),
    ))
    .await
    .unwrap();
    let sensor = number_of(db, "SELECT CAST(MIN(id) AS BIGINT) AS n FROM sensor").await;
    db.execute_unprepared(&format!(
        "UPDATE sensor SET desk_id = NULL, room_id = {room_id} WHERE id = {sensor}; \
         DELETE FROM sensor_state WHERE sensor_id = {sensor}; \
         INSERT INTO sensor_state (sensor_id, state, changed_at) VALUES ({sensor}, 'vacant', '{}')",
        at(now - chrono::Duration::minutes(20)),
    ))
    .await
    .unwrap();
    let released = mail_to(
        inbox.path(),
        &counsellor_address,
        "wurde freigegeben",
        Duration::from_secs(30),
    )
    .await;
    tells_no_purpose(&released);
    assert!(
        released["text"]
            .as_str()
            .unwrap()
            .contains("weil niemand eingecheckt hat"),
        "{released:#}"
    );
    let (released_uid, _) = invitation(&released, "CANCEL");
    assert_eq!(released_uid, booked_uid);
    assert_eq!(
        property(&released, "SUMMARY").as_deref(),
        Some("Raumreservierung")
    );

    // A desk removed with its bookings cancelled: the CANCEL of the booking's event.
    let booking = tests::server::book_a_home_desk(&server, &employee_cookie).await;
    let desk = number_of(
        db,
        &format!("SELECT CAST(desk_id AS BIGINT) AS n FROM desk_booking WHERE id = {booking}"),
    )
    .await;
    let removed = admin
        .delete(server.at(&format!("{BUILDING}/desks/{desk}?bookings=cancel")))
        .send()
        .await
        .unwrap();
    assert!(removed.status().is_success(), "{}", removed.status());
    let cancelled = mail_to(
        inbox.path(),
        &address,
        "Your booking was cancelled",
        Duration::from_secs(20),
    )
    .await;
    assert!(
        cancelled["text"]
            .as_str()
            .unwrap()
            .contains("Facility management removed desk"),
        "{cancelled:#}"
    );
    let (uid, _) = invitation(&cancelled, "CANCEL");
    assert_eq!(
        uid,
        domain::mail::desk_uid(
            i32::try_from(employee_id).unwrap(),
            tests::server::in_days(5),
            wire::model::Slot::FullDay
        )
    );

    // Every new kind can be switched off; switched off, nothing is queued.
    for kind in [
        "booking_cancelled",
        "reservation_moved",
        "reservation_released",
        "reservation_booked",
        "reservation_withdrawn",
    ] {
        let (status, body) = server_fn(
            &employee,
            &server,
            "set_mail_choice",
            &format!("kind={kind}&on=false"),
        )
        .await;
        assert!(status.is_success(), "{kind}: {status} {body}");
    }
    let day = tests::server::in_days(6);
    let room = free_rooms(&employee, &server, "standard", day, ("10:00", "11:00")).await[0].clone();
    let id = reserve(
        &employee,
        &server,
        &room,
        json!({ "day": day, "from": "10:00", "to": "11:00" }),
    )
    .await;
    let response = employee
        .delete(server.at(&format!("/api/v1/room-reservations/{id}")))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    assert_eq!(
        number_of(
            db,
            &format!(
                "SELECT COUNT(*) AS n FROM mail_outbox WHERE idempotency_key IN \
                 ('reservation_booked:{id}', 'reservation_withdrawn:{id}')"
            )
        )
        .await,
        0
    );
    // Each event was mailed once.
    for (to, subject) in [
        (address.as_str(), "Reservation withdrawn"),
        (address.as_str(), "was moved"),
        (address.as_str(), "Your booking was cancelled"),
        (counsellor_address.as_str(), "Raum reserviert"),
        (counsellor_address.as_str(), "wurde freigegeben"),
    ] {
        assert_eq!(
            mails_to(inbox.path(), to, subject).len(),
            1,
            "{subject} to {to}"
        );
    }
    sink.stop();
    assert!(server.terminate(), "the server stops cleanly");
    database.remove().await;
}

#[tokio::test]
async fn room_reservations_and_removed_places_are_mailed_with_their_calendar_parts_on_sqlite() {
    room_mail_story(Backend::Sqlite).await;
}

#[tokio::test]
async fn room_reservations_and_removed_places_are_mailed_with_their_calendar_parts_on_postgres() {
    room_mail_story(Backend::Postgres).await;
}
