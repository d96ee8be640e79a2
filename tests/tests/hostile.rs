//! Hostile input through the real server: oversized bodies, deeply nested JSON, invalid UTF-8,
//! huge date ranges, negative and overflowing numbers, and SQL and HTML in every text field,
//! through the REST API (on SQLite and PostgreSQL, whose text and integer types differ) and
//! the pages' server functions.
//!
//! What a client must get: a clear 4xx RFC 9457 problem document (`application/problem+json`),
//! never a 5xx, never a dropped connection (a panic). Text that is accepted is stored as
//! written, not interpreted (read back afterwards), and what was refused is not stored. A
//! Chromium test stores HTML and script where text is accepted (a room reservation's subject
//! and notes, a token's name) and looks at the pages that show it: the text is there, as text;
//! no injected element exists and no script ran.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;

use reqwest::Method;
use serde_json::{Value, json};
use tests::browser::Browser;
use tests::db::Backend;
use tests::server::{Options, Server, in_days, start, stop};

/// SQL and HTML in one text: stored and shown as written, or it is a finding.
const HOSTILE_TEXT: &str = "Robert'); DROP TABLE person; -- \" OR '1'='1 <script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\" id=\"pwned\"><b id=\"pwned-b\">fett</b> &amp; %s %n {{x}} ${x}";

/// Cases where an answer that is no error is right, with the reason; a 5xx or no answer is
/// still a failure.
const LENIENT: &[(&str, &str)] = &[(
    "rooms with a query nested 10,000 deep",
    "the form decoder ignores keys nested deeper than it reads: the query without them",
)];

/// A year no calendar of the building reaches, at the edge of what dates can hold.
const FAR_FUTURE: &str = "+262142-12-31";

/// A body the server must refuse for its size (about 3 MiB).
fn oversized_json() -> Vec<u8> {
    let padding = "A".repeat(3 * 1024 * 1024);
    format!(r#"{{"name": "{padding}", "scopes": ["read"]}}"#).into_bytes()
}

/// JSON nested `depth` arrays deep.
fn nested_json(depth: usize) -> Vec<u8> {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth)).into_bytes()
}

/// A request body.
enum Body {
    None,
    Json(Value),
    /// Bytes sent as they are, with a content type.
    Raw(Vec<u8>, &'static str),
}

/// One hostile request, as `role` (`None`: signed out).
struct Case {
    what: String,
    role: Option<&'static str>,
    method: Method,
    path: String,
    body: Body,
}

fn case(what: &str, role: &'static str, method: Method, path: &str, body: Body) -> Case {
    Case {
        what: what.to_string(),
        role: Some(role),
        method,
        path: path.to_string(),
        body,
    }
}

/// Sends a case; a problem with the answer is described in the returned text.
async fn send(server: &Server, clients: &Clients, case: &Case) -> Result<(u16, Value), String> {
    let client = match case.role {
        Some(role) => clients.of(role),
        None => &clients.anonymous,
    };
    let mut request = client.request(case.method.clone(), server.at(&case.path));
    match &case.body {
        Body::None => {}
        Body::Json(value) => request = request.json(value),
        Body::Raw(bytes, content_type) => {
            request = request
                .header("content-type", *content_type)
                .body(bytes.clone());
        }
    }
    let response = request.send().await.map_err(|e| {
        format!(
            "{} {} ({}): no answer, the server dropped the connection: {e}",
            case.method, case.path, case.what
        )
    })?;
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let text = response.text().await.unwrap_or_default();
    let shown = &text[..text.len().min(300)];
    let context = format!(
        "{} {} ({}) as {}: {status} {content_type} {shown}",
        case.method,
        &case.path[..case.path.len().min(120)],
        case.what,
        case.role.unwrap_or("nobody")
    );
    if status < 500 && LENIENT.iter().any(|(what, _)| *what == case.what) {
        return Ok((status, json!({"type": format!("(answered {status})")})));
    }
    if !(400..500).contains(&status) {
        return Err(format!("not a 4xx: {context}"));
    }
    if content_type != "application/problem+json" {
        return Err(format!("not a problem document: {context}"));
    }
    let problem: Value = serde_json::from_str(&text).map_err(|_| format!("no JSON: {context}"))?;
    if problem["status"] != status || !problem["type"].is_string() || !problem["title"].is_string()
    {
        return Err(format!("an incomplete problem document: {context}"));
    }
    Ok((status, problem))
}

/// A signed-in client per demo role, and one signed out.
struct Clients {
    roles: Vec<(&'static str, reqwest::Client)>,
    anonymous: reqwest::Client,
}

impl Clients {
    async fn new(server: &Server) -> Clients {
        let mut roles = Vec::new();
        for role in [
            "employee",
            "counsellor",
            "org_admin",
            "facility_manager",
            "building_admin",
        ] {
            roles.push((role, server.demo_client(role).await));
        }
        let anonymous = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Clients { roles, anonymous }
    }

    fn of(&self, role: &str) -> &reqwest::Client {
        &self.roles.iter().find(|(r, _)| *r == role).unwrap().1
    }
}

/// A room of `privacy` that is free on `day` from 10 to 11, as `client` finds it.
async fn free_room(server: &Server, client: &reqwest::Client, privacy: &str) -> i64 {
    let day = in_days(4);
    let rooms: Value = client
        .get(server.at(&format!(
            "/api/v1/rooms?privacy={privacy}&day={day}&from=10:00&to=11:00"
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    rooms
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["free"] == true && r["may_reserve"] == true)
        .unwrap_or_else(|| panic!("no free {privacy} room: {rooms}"))["room"]["id"]
        .as_i64()
        .unwrap()
}

/// The REST API's hostile cases.
fn rest_cases(room: i64) -> Vec<Case> {
    let day = in_days(4).to_string();
    let reserve = |what: &str, body: Value| {
        case(
            what,
            "counsellor",
            Method::POST,
            "/api/v1/room-reservations",
            Body::Json(body),
        )
    };
    let reservation = |marker: &str| json!({"room_id": room, "day": day, "from": "10:00", "to": "11:00", "subject": marker});
    let with = |marker: &str, key: &str, value: Value| {
        let mut body = reservation(marker);
        body[key] = value;
        body
    };
    let raw = |what: &str, role: &'static str, method: Method, path: &str, bytes: Vec<u8>| {
        case(
            what,
            role,
            method,
            path,
            Body::Raw(bytes, "application/json"),
        )
    };
    let get = |what: &str, role: &'static str, path: String| {
        case(what, role, Method::GET, &path, Body::None)
    };
    vec![
        // Size and structure.
        raw(
            "a body of 3 MiB",
            "employee",
            Method::POST,
            "/api/v1/me/tokens",
            oversized_json(),
        ),
        raw(
            "JSON nested 100,000 arrays deep",
            "counsellor",
            Method::POST,
            "/api/v1/room-reservations",
            nested_json(100_000),
        ),
        raw(
            "JSON nested 100,000 objects deep",
            "employee",
            Method::POST,
            "/api/v1/bookings",
            format!("{}1{}", r#"{"a":"#.repeat(100_000), "}".repeat(100_000)).into_bytes(),
        ),
        raw(
            "invalid UTF-8 in a JSON string",
            "counsellor",
            Method::POST,
            "/api/v1/room-reservations",
            [
                br#"{"room_id": 1, "day": "2030-01-07", "from": "10:00", "to": "11:00", "subject": "REFUSED-UTF8 "#.as_slice(),
                [0xff_u8, 0xfe, 0xc3].as_slice(),
                br#""}"#.as_slice(),
            ]
            .concat(),
        ),
        raw(
            "truncated JSON",
            "employee",
            Method::POST,
            "/api/v1/bookings",
            br#"{"desk_id": 1, "slot": "full_d"#.to_vec(),
        ),
        case(
            "a form where JSON is expected",
            "employee",
            Method::POST,
            "/api/v1/me/tokens",
            Body::Raw(b"name=x&scopes=read".to_vec(), "application/x-www-form-urlencoded"),
        ),
        get(
            "invalid UTF-8 in a path segment",
            "org_admin",
            "/api/v1/people/%FF%FE".into(),
        ),
        get(
            "invalid UTF-8 in a query",
            "employee",
            "/api/v1/rooms?day=%FF%FE".into(),
        ),
        // Numbers.
        reserve("a negative room", with("REFUSED-1", "room_id", json!(-1))),
        reserve(
            "a room beyond 32 bits",
            with("REFUSED-2", "room_id", json!(2_147_483_648_i64)),
        ),
        raw(
            "a room beyond 64 bits",
            "counsellor",
            Method::POST,
            "/api/v1/room-reservations",
            format!(
                r#"{{"room_id": 99999999999999999999999, "day": "{day}", "from": "10:00", "to": "11:00", "subject": "REFUSED-3"}}"#
            )
            .into_bytes(),
        ),
        raw(
            "a room of 1e400",
            "counsellor",
            Method::POST,
            "/api/v1/room-reservations",
            format!(
                r#"{{"room_id": 1e400, "day": "{day}", "from": "10:00", "to": "11:00", "subject": "REFUSED-4"}}"#
            )
            .into_bytes(),
        ),
        reserve(
            "negative attendees",
            with("REFUSED-5", "attendees", json!(-3)),
        ),
        reserve(
            "attendees beyond 32 bits",
            with("REFUSED-6", "attendees", json!(4_294_967_296_i64)),
        ),
        reserve(
            "a series every 0 weeks",
            with("REFUSED-7", "repeat", json!({"every_weeks": 0, "until": in_days(60)})),
        ),
        reserve(
            "a series every 2^32 weeks",
            with(
                "REFUSED-8",
                "repeat",
                json!({"every_weeks": 4_294_967_296_i64, "until": in_days(60)}),
            ),
        ),
        case(
            "a booking of a negative desk",
            "employee",
            Method::POST,
            "/api/v1/bookings",
            Body::Json(json!({"desk_id": -1, "slot": "full_day", "days": {"kind": "days", "days": [day]}})),
        ),
        case(
            "a weekly booking for 2^32 weeks",
            "employee",
            Method::POST,
            "/api/v1/bookings",
            Body::Json(json!({"desk_id": 1, "slot": "full_day",
                "days": {"kind": "pattern", "from": day, "weekdays": ["mon"], "weeks": 4_294_967_296_i64}})),
        ),
        case(
            "a weekly booking for 4 billion weeks",
            "employee",
            Method::POST,
            "/api/v1/bookings",
            Body::Json(json!({"desk_id": 1, "slot": "full_day",
                "days": {"kind": "pattern", "from": day, "weekdays": ["mon"], "weeks": 4_000_000_000_u32}})),
        ),
        case(
            "a token valid for -1 days",
            "employee",
            Method::POST,
            "/api/v1/me/tokens",
            Body::Json(json!({"name": "REFUSED-T1", "scopes": ["read"], "expires_in_days": -1})),
        ),
        case(
            "a token valid for 2^32 days",
            "employee",
            Method::POST,
            "/api/v1/me/tokens",
            Body::Json(json!({"name": "REFUSED-T2", "scopes": ["read"], "expires_in_days": 4_294_967_296_i64})),
        ),
        case(
            "a token valid for 0 days",
            "employee",
            Method::POST,
            "/api/v1/me/tokens",
            Body::Json(json!({"name": "REFUSED-T3", "scopes": ["read"], "expires_in_days": 0})),
        ),
        get(
            "a floor beyond 32 bits",
            "employee",
            format!("/api/v1/availability?floor=2147483648&day={day}"),
        ),
        get(
            "a floor far below ground",
            "employee",
            format!("/api/v1/availability?floor=-2147483648&day={day}"),
        ),
        get(
            "a person beyond 32 bits",
            "org_admin",
            "/api/v1/people/99999999999".into(),
        ),
        get("a negative person", "org_admin", "/api/v1/people/-1".into()),
        get(
            "people from an offset beyond 64 bits",
            "org_admin",
            "/api/v1/people?offset=18446744073709551616".into(),
        ),
        get("people 0 at a time", "org_admin", "/api/v1/people?limit=0".into()),
        get(
            "the audit log before entry -1, 2^64-1 at a time",
            "org_admin",
            "/api/v1/audit?before=-1&limit=18446744073709551615".into(),
        ),
        get(
            "rooms for -1 people",
            "employee",
            format!("/api/v1/rooms?day={day}&from=10:00&to=11:00&capacity=-1"),
        ),
        get(
            "rooms from 25:00",
            "employee",
            format!("/api/v1/rooms?day={day}&from=25:00&to=26:00"),
        ),
        get(
            "a timeline of 2^32 days",
            "employee",
            format!("/api/v1/rooms/timeline?day={day}&days=4294967296"),
        ),
        get(
            "a timeline of 0 days",
            "employee",
            format!("/api/v1/rooms/timeline?day={day}&days=0"),
        ),
        case(
            "cancelling booking 2^63",
            "employee",
            Method::DELETE,
            "/api/v1/bookings/9223372036854775808",
            Body::None,
        ),
        // Dates.
        get(
            "a timeline at the end of time",
            "employee",
            format!("/api/v1/rooms/timeline?day={FAR_FUTURE}&days=7"),
        ),
        get(
            "availability at the end of time",
            "employee",
            format!("/api/v1/availability?floor=2&day={FAR_FUTURE}"),
        ),
        get(
            "rooms at the end of time",
            "employee",
            format!("/api/v1/rooms?day={FAR_FUTURE}&from=10:00&to=11:00"),
        ),
        get(
            "a report over 260,000 years",
            "facility_manager",
            format!("/api/v1/reports?from=-262143-01-01&to={FAR_FUTURE}"),
        ),
        get(
            "a report over 8,000 years",
            "facility_manager",
            "/api/v1/reports?from=0001-01-01&to=9999-12-31".into(),
        ),
        get(
            "a report ending before it starts",
            "facility_manager",
            "/api/v1/reports?from=2026-12-01&to=2026-01-01".into(),
        ),
        get(
            "a report table over 8,000 years",
            "facility_manager",
            "/api/v1/reports/by-hour.csv?from=0001-01-01&to=9999-12-31".into(),
        ),
        get(
            "a planner proposal over 8,000 years",
            "facility_manager",
            "/api/v1/planner/proposal?from=0001-01-01&to=9999-12-31".into(),
        ),
        reserve(
            "a reservation at the end of time",
            with("REFUSED-9", "day", json!(FAR_FUTURE)),
        ),
        reserve(
            "a series until the end of time",
            with(
                "REFUSED-10",
                "repeat",
                json!({"every_weeks": 1, "until": FAR_FUTURE}),
            ),
        ),
        case(
            "a booking at the end of time",
            "employee",
            Method::POST,
            "/api/v1/bookings",
            Body::Json(json!({"desk_id": 1, "slot": "full_day", "days": {"kind": "days", "days": [FAR_FUTURE]}})),
        ),
        case(
            "a weekly booking from the end of time",
            "employee",
            Method::POST,
            "/api/v1/bookings",
            Body::Json(json!({"desk_id": 1, "slot": "full_day",
                "days": {"kind": "pattern", "from": FAR_FUTURE, "weekdays": ["mon"], "weeks": 4}})),
        ),
        case(
            "cancelling over 260,000 years",
            "employee",
            Method::POST,
            "/api/v1/bookings/cancel-range",
            Body::Json(json!({"from": "-262143-01-01", "to": FAR_FUTURE})),
        ),
        // Text.
        reserve(
            "a NUL character in a subject",
            with("REFUSED-11 \u{0} nul", "notes", json!("x")),
        ),
        reserve(
            "control characters in notes",
            with("REFUSED-12", "notes", json!("bell \u{7} escape \u{1b}[31m")),
        ),
        reserve(
            "a subject of 100,000 characters",
            with(&format!("REFUSED-13 {}", "x".repeat(100_000)), "notes", json!("x")),
        ),
        case(
            "a token name with a NUL character",
            "employee",
            Method::POST,
            "/api/v1/me/tokens",
            Body::Json(json!({"name": "REFUSED-T4 \u{0}", "scopes": ["read"]})),
        ),
        case(
            "a device name of 10,000 characters",
            "building_admin",
            Method::POST,
            "/api/v1/devices",
            Body::Json(json!({"name": format!("REFUSED-D1 {}", "y".repeat(10_000)), "scopes": ["checkin"]})),
        ),
        case(
            "a person with a NUL character in the name",
            "org_admin",
            Method::POST,
            "/api/v1/people",
            Body::Json(json!({"display_name": "REFUSED-P1 \u{0}", "email": "refused-p1@example.org", "roles": ["employee"]})),
        ),
    ]
}

/// SQL and HTML in every text field the API accepts: stored as written.
async fn hostile_text_is_stored_as_written(
    server: &Server,
    clients: &Clients,
    room: i64,
    failures: &mut Vec<String>,
) {
    let day = in_days(4);
    let counsellor = clients.of("counsellor");
    let reserved = counsellor
        .post(server.at("/api/v1/room-reservations"))
        .json(
            &json!({"room_id": room, "day": day, "from": "10:00", "to": "11:00",
            "subject": HOSTILE_TEXT, "notes": HOSTILE_TEXT}),
        )
        .send()
        .await
        .unwrap();
    if reserved.status() != 201 {
        failures.push(format!(
            "a subject with SQL and HTML is refused: {} {}",
            reserved.status(),
            reserved.text().await.unwrap_or_default()
        ));
    }
    let mine: Value = counsellor
        .get(server.at("/api/v1/room-reservations/mine"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let stored = mine
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["subject"] == HOSTILE_TEXT && r["notes"] == HOSTILE_TEXT);
    if !stored {
        failures.push(format!("the subject is not stored as written: {mine}"));
    }
    for refused in mine.as_array().unwrap() {
        let subject = refused["subject"].as_str().unwrap_or("");
        if subject.contains("REFUSED") {
            failures.push(format!("a refused reservation was stored: {subject:.80}"));
        }
    }

    let employee = clients.of("employee");
    let token = employee
        .post(server.at("/api/v1/me/tokens"))
        .json(&json!({"name": &HOSTILE_TEXT[..80], "scopes": ["read"]}))
        .send()
        .await
        .unwrap();
    if token.status() != 201 {
        failures.push(format!(
            "a token name with SQL and HTML is refused: {}",
            token.status()
        ));
    }
    let tokens: Value = employee
        .get(server.at("/api/v1/me/tokens"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let named = |list: &Value| {
        list.as_array()
            .into_iter()
            .flatten()
            .any(|t| t["name"] == HOSTILE_TEXT[..80])
    };
    if !named(&tokens) {
        failures.push(format!("the token name is not stored as written: {tokens}"));
    }
    if tokens.to_string().contains("REFUSED") {
        failures.push(format!("a refused token was stored: {tokens}"));
    }

    let admin = clients.of("building_admin");
    let device = admin
        .post(server.at("/api/v1/devices"))
        .json(&json!({"name": &HOSTILE_TEXT[..80], "scopes": ["checkin"]}))
        .send()
        .await
        .unwrap();
    if device.status() != 201 {
        failures.push(format!(
            "a device name with SQL and HTML is refused: {}",
            device.status()
        ));
    }
    let devices: Value = admin
        .get(server.at("/api/v1/devices"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    if !named(&devices) {
        failures.push(format!(
            "the device name is not stored as written: {devices:.300}"
        ));
    }
    if devices.to_string().contains("REFUSED") {
        failures.push(format!("a refused device was stored: {devices:.300}"));
    }

    // A person's name, and the search over names: SQL and LIKE patterns are text.
    let org_admin = clients.of("org_admin");
    let person = org_admin
        .post(server.at("/api/v1/people"))
        .json(&json!({"display_name": &HOSTILE_TEXT[..80], "email": "hostile@example.org", "roles": ["employee"]}))
        .send()
        .await
        .unwrap();
    if person.status() != 201 {
        failures.push(format!(
            "a person's name with SQL and HTML is refused: {} {}",
            person.status(),
            person.text().await.unwrap_or_default()
        ));
    }
    let all: Value = org_admin
        .get(server.at("/api/v1/people?limit=200"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    if all.to_string().contains("REFUSED") {
        failures.push("a refused person was stored".to_string());
    }
    for q in ["' OR '1'='1", "%", "_", "%' --"] {
        let url = format!(
            "/api/v1/people?q={}",
            url::form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()
        );
        let found = org_admin.get(server.at(&url)).send().await.unwrap();
        let status = found.status();
        let found: Value = found.json().await.unwrap_or(Value::Null);
        let people = found["people"]
            .as_array()
            .or_else(|| found.as_array())
            .map(Vec::len);
        // Only the hostile name holds these characters, and only it may be found.
        let hostile = found.to_string().contains("DROP TABLE");
        let others = people.unwrap_or(0).saturating_sub(usize::from(hostile));
        if status != 200 || others > 0 {
            failures.push(format!(
                "searching people for {q:?} finds {} others ({status}): the search is no plain text",
                others
            ));
        }
    }
    // The tables are still there.
    let me = employee.get(server.at("/api/v1/me")).send().await.unwrap();
    if me.status() != 200 {
        failures.push(format!("GET /api/v1/me after the SQL: {}", me.status()));
    }
}

async fn the_rest_api_answers_hostile_input_with_problems(backend: Backend) {
    let Some((server, database)) = start(backend).await else {
        return;
    };
    let started = std::time::Instant::now();
    let clients = Clients::new(&server).await;
    let room = free_room(&server, clients.of("counsellor"), "protected").await;
    let mut failures = Vec::new();
    let mut report = String::new();
    for case in rest_cases(room) {
        match send(&server, &clients, &case).await {
            Ok((status, problem)) => {
                writeln!(report, "  {status} {} ({})", problem["type"], case.what).unwrap();
            }
            Err(failure) => failures.push(failure),
        }
    }
    hostile_text_is_stored_as_written(&server, &clients, room, &mut failures).await;
    println!(
        "{backend:?}: hostile REST requests in {:.1} s:\n{report}",
        started.elapsed().as_secs_f64()
    );
    // Still serving.
    let health = reqwest::get(server.at("/healthz")).await.unwrap();
    assert_eq!(health.status(), 200, "the server still answers");
    assert!(
        failures.is_empty(),
        "{} findings:\n{}",
        failures.len(),
        failures.join("\n")
    );
    stop(server, database).await;
}

#[tokio::test]
async fn the_rest_api_answers_hostile_input_with_problems_on_sqlite() {
    the_rest_api_answers_hostile_input_with_problems(Backend::Sqlite).await;
}

#[tokio::test]
async fn the_rest_api_answers_hostile_input_with_problems_on_postgres() {
    the_rest_api_answers_hostile_input_with_problems(Backend::Postgres).await;
}

/// A form-encoded server function call.
fn form(what: &str, role: &'static str, function: &str, body: &str) -> Case {
    case(
        what,
        role,
        Method::POST,
        &format!("/api/{function}"),
        Body::Raw(
            body.as_bytes().to_vec(),
            "application/x-www-form-urlencoded",
        ),
    )
}

#[tokio::test]
async fn the_server_functions_answer_hostile_input_with_problems() {
    let server = Server::start(Options::default());
    let clients = Clients::new(&server).await;
    let room = free_room(&server, clients.of("counsellor"), "protected").await;
    let day = in_days(4);
    let reserve = |extra: &str| {
        format!("room_id={room}&day={day}&from=10:00&to=11:00&subject=REFUSED-F{extra}")
    };
    let mut cases = vec![
        form("no arguments", "counsellor", "reserve_room", ""),
        form(
            "a room beyond 32 bits",
            "counsellor",
            "reserve_room",
            &format!("room_id=2147483648&day={day}&from=10:00&to=11:00"),
        ),
        form(
            "a negative room",
            "counsellor",
            "reserve_room",
            &format!("room_id=-1&day={day}&from=10:00&to=11:00&subject=REFUSED-F1"),
        ),
        form(
            "a reservation at the end of time",
            "counsellor",
            "reserve_room",
            &format!("room_id={room}&day={FAR_FUTURE}&from=10:00&to=11:00&subject=REFUSED-F2"),
        ),
        form(
            "a series until the end of time",
            "counsellor",
            "reserve_room",
            &format!("{}&every_weeks=1&until={FAR_FUTURE}", reserve("3")),
        ),
        form(
            "a series every 2^32 weeks",
            "counsellor",
            "reserve_room",
            &format!(
                "{}&every_weeks=4294967296&until={}",
                reserve("4"),
                in_days(60)
            ),
        ),
        form(
            "invalid UTF-8 in a subject",
            "counsellor",
            "reserve_room",
            &format!("{}%FF%FE", reserve("5")),
        ),
        form(
            "a NUL character in a subject",
            "counsellor",
            "reserve_room",
            &format!("{}%00", reserve("6")),
        ),
        form(
            "a subject of 100,000 characters",
            "counsellor",
            "reserve_room",
            &format!("{}{}", reserve("7"), "x".repeat(100_000)),
        ),
        form(
            "a body of 3 MiB",
            "counsellor",
            "reserve_room",
            &format!("{}{}", reserve("8"), "x".repeat(3 * 1024 * 1024)),
        ),
        form(
            "a floor plan beyond 32 bits",
            "employee",
            "get_floor_plan",
            "level=2147483648",
        ),
        form(
            "availability at the end of time",
            "employee",
            "floor_availability",
            &format!("level=2&day={FAR_FUTURE}&slot=full_day"),
        ),
        form(
            "a booking of a negative desk",
            "employee",
            "book_desk",
            &format!("desk_id=-1&day={day}&slot=full_day"),
        ),
        form(
            "a weekly booking for 2^32 weeks",
            "employee",
            "book_desk",
            &format!("desk_id=1&day={day}&slot=full_day&weeks=4294967296&mon=on"),
        ),
        form(
            "cancelling over 260,000 years",
            "employee",
            "cancel_bookings",
            &format!("from=-262143-01-01&to={FAR_FUTURE}"),
        ),
        form(
            "a timeline at the end of time",
            "employee",
            "room_timeline",
            &format!("day={FAR_FUTURE}&days=7"),
        ),
        form(
            "a timeline of 2^32 days",
            "employee",
            "room_timeline",
            &format!("day={day}&days=4294967296"),
        ),
        form(
            "rooms with a query nested 10,000 deep",
            "employee",
            "find_rooms",
            &format!("query{}=1", "[x]".repeat(10_000)),
        ),
        form(
            "a token name with a NUL character",
            "employee",
            "create_personal_token",
            "name=REFUSED-FT%00&scopes=read",
        ),
        form(
            "a token with an unknown scope",
            "employee",
            "create_personal_token",
            "name=REFUSED-FT2&scopes=root",
        ),
        form(
            "a report over 8,000 years",
            "facility_manager",
            "get_report",
            "from=0001-01-01&to=9999-12-31",
        ),
        form(
            "no such server function",
            "employee",
            "no_such_function",
            "",
        ),
    ];
    cases.push(Case {
        what: "signed out".into(),
        role: None,
        method: Method::POST,
        path: "/api/my_bookings_page".into(),
        body: Body::Raw(Vec::new(), "application/x-www-form-urlencoded"),
    });
    let mut failures = Vec::new();
    let mut report = String::new();
    for case in &cases {
        match send(&server, &clients, case).await {
            Ok((status, problem)) => {
                writeln!(report, "  {status} {} ({})", problem["type"], case.what).unwrap();
            }
            Err(failure) => failures.push(failure),
        }
    }
    // Pages take parameters from the address: any answer but a 5xx or none.
    let day_far = FAR_FUTURE;
    for (role, path) in [
        ("employee", format!("/rooms?day={day_far}&view=week")),
        (
            "employee",
            format!("/rooms?day={day_far}&from=10:00&to=11:00"),
        ),
        ("employee", "/rooms?day=%FF%FE&from=25:00".to_string()),
        ("employee", format!("/floors/2?day={day_far}")),
        ("employee", "/floors/2147483648".to_string()),
        ("employee", "/floors/-2147483649".to_string()),
        ("employee", "/floors/%FF/qr".to_string()),
        ("employee", format!("/bookings?day={day_far}")),
        ("employee", "/check-in/desk/99999999999".to_string()),
        ("employee", "/check-in/%3Cscript%3E/-1".to_string()),
        (
            "facility_manager",
            "/reports?from=0001-01-01&to=9999-12-31".to_string(),
        ),
        (
            "facility_manager",
            format!("/reports?from=-262143-01-01&to={day_far}"),
        ),
        ("employee", "/lang/%FF?back=%FF".to_string()),
    ] {
        match clients.of(role).get(server.at(&path)).send().await {
            Ok(response) if response.status().as_u16() < 500 => {
                writeln!(report, "  {} page {path}", response.status().as_u16()).unwrap();
            }
            Ok(response) => failures.push(format!("GET {path}: {}", response.status())),
            Err(e) => failures.push(format!("GET {path}: no answer ({e})")),
        }
    }
    println!("hostile server function calls and page addresses:\n{report}");
    // Nothing refused was stored.
    let mine = clients
        .of("counsellor")
        .get(server.at("/api/v1/room-reservations/mine"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    if mine.contains("REFUSED") {
        failures.push(format!("a refused reservation was stored: {mine:.300}"));
    }
    let tokens = clients
        .of("employee")
        .get(server.at("/api/v1/me/tokens"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    if tokens.contains("REFUSED") {
        failures.push(format!("a refused token was stored: {tokens}"));
    }
    assert!(
        failures.is_empty(),
        "{} findings:\n{}",
        failures.len(),
        failures.join("\n")
    );
    server.terminate();
}

/// What the page shows of the hostile text, and whether anything of it ran or was built.
const INSPECT: &str = "return {
  pwned: window.__pwned === undefined ? null : window.__pwned,
  injected: document.querySelectorAll('#pwned, #pwned-b, img[src=x]').length,
  text: document.body.innerText,
};";

#[tokio::test]
async fn html_and_script_in_stored_text_are_shown_as_text() {
    let server = Server::start(Options::default());
    let Some(browser) = Browser::start().await else {
        return;
    };
    let cookie = server.demo_session("counsellor").await;
    let counsellor = server.client_with(&cookie);
    let room = free_room(&server, &counsellor, "protected").await;
    let day = in_days(4);
    let reserved = counsellor
        .post(server.at("/api/v1/room-reservations"))
        .json(
            &json!({"room_id": room, "day": day, "from": "10:00", "to": "11:00",
            "subject": HOSTILE_TEXT, "notes": HOSTILE_TEXT}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(reserved.status(), 201, "the reservation is stored");
    let token_name = &HOSTILE_TEXT[..80];
    let token = counsellor
        .post(server.at("/api/v1/me/tokens"))
        .json(&json!({"name": token_name, "scopes": ["read"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(token.status(), 201, "the token is stored");

    browser.use_session(&server, &cookie).await;
    let mut failures = Vec::new();
    let mut visited = Vec::new();
    // The subject and notes, after the script and the image: visible only as text.
    let subject_shown = "<b id=\"pwned-b\">fett</b>";
    let mut subject_pages = 0;
    for path in [
        format!("/rooms?day={day}&view=week"),
        format!("/rooms?day={day}&from=10:00&to=11:00"),
        "/bookings".to_string(),
        "/account".to_string(),
    ] {
        browser.client.goto(&server.at(&path)).await.unwrap();
        browser.wait_for_hydration().await;
        let seen = browser.client.execute(INSPECT, vec![]).await.unwrap();
        let text = seen["text"].as_str().unwrap_or("");
        let shows_subject = text.contains(subject_shown);
        let shows_token = text.contains(token_name);
        subject_pages += usize::from(shows_subject);
        visited.push(format!(
            "{path}: the subject as text: {shows_subject}, the token name as text: {shows_token}"
        ));
        if path == "/account" && !shows_token {
            failures.push(format!("{path} does not show the token's name as text"));
        }
        if seen["injected"] != 0 {
            failures.push(format!("{path} has {} injected elements", seen["injected"]));
        }
        if !seen["pwned"].is_null() {
            failures.push(format!(
                "a script from the stored text ran on {path}: {}",
                seen["pwned"]
            ));
        }
    }
    println!("visited:\n  {}", visited.join("\n  "));
    if subject_pages == 0 {
        failures.push("no page shows the reservation's subject as text".to_string());
    }
    browser.close().await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    server.terminate();
}
