//! The people lifecycle over the REST API, through the real server binary on SQLite and
//! PostgreSQL (issue 18, "Organisation administrators", people):
//!
//! 1. a leaver: deactivated by their organisation's administrator, their session and token
//!    stop working at once, their future booking is gone and its desk shows free to a
//!    colleague, they cannot sign in; reactivated, they can again (the booking stays gone);
//! 2. edit and move: name, e-mail address and unit change; a unit of another organisation and
//!    a taken address are refused with a problem document and change nothing, and the
//!    database itself refuses a person in another organisation's unit;
//! 3. organisation scoping: the administrator of another organisation gets 404 on every route
//!    for the person and changes nothing; an employee gets 403;
//! 4. export and erase: the export holds the person's profile and bookings (their own protected
//!    reservation's subject included) and nothing of other people; erasure needs a fresh
//!    passkey confirmation, keeps the bookings without the person, and leaves their name,
//!    address and subject in no text column of any table; the audit log no longer names them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use tests::api::main_role;
use tests::db::{Backend, TestDatabase};
use tests::server::{Options, Server, find_desk, in_days, problem_type, stop};

/// A server on a fresh database this test can read too; `None` when PostgreSQL is
/// unreachable outside CI. Demo sign-ins are not rate-limited here: the tests sign in often.
async fn launch(backend: Backend) -> Option<(Server, TestDatabase)> {
    let database = TestDatabase::create(backend).await?;
    let server = Server::start(Options {
        database_url: Some(database.url().to_string()),
        env: vec![(
            "PLATZWAHL_AUTH__SIGN_IN_ATTEMPTS_PER_MINUTE".into(),
            "1000".into(),
        )],
        ..Options::default()
    });
    Some((server, database))
}

/// The demo person of `organisation` (index into the organisations in the order the demo
/// lists them) whose main role is `role`.
async fn demo_person(server: &Server, organisation: usize, role: &str) -> Value {
    let people = server.demo_people().await;
    let mut organisations: Vec<String> = Vec::new();
    for person in &people {
        let name = person["organisation"].as_str().unwrap().to_string();
        if !organisations.contains(&name) {
            organisations.push(name);
        }
    }
    assert!(
        organisations.len() >= 3,
        "city, Jobcenter, university: {organisations:?}"
    );
    people
        .into_iter()
        .find(|p| p["organisation"] == organisations[organisation] && main_role(p) == role)
        .unwrap_or_else(|| panic!("no {role} in organisation {organisation}"))
}

fn id_of(person: &Value) -> i64 {
    person["id"].as_i64().unwrap()
}

/// A demo sign-in of `id`: its status and, when signed in, the session cookie.
async fn sign_in(server: &Server, id: i64) -> (StatusCode, Option<String>) {
    let response = reqwest::Client::new()
        .post(server.at("/api/v1/auth/demo-sign-in"))
        .json(&json!({ "person": id }))
        .send()
        .await
        .unwrap();
    let status = response.status();
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .map(|c| c.split(';').next().unwrap().to_string());
    (status, cookie)
}

async fn get(client: &reqwest::Client, server: &Server, path: &str) -> reqwest::Response {
    client.get(server.at(path)).send().await.unwrap()
}

async fn get_json(client: &reqwest::Client, server: &Server, path: &str) -> Value {
    let response = get(client, server, path).await;
    assert_eq!(response.status(), StatusCode::OK, "GET {path}");
    response.json().await.unwrap()
}

async fn post(client: &reqwest::Client, server: &Server, path: &str) -> reqwest::Response {
    client.post(server.at(path)).send().await.unwrap()
}

async fn patch(
    client: &reqwest::Client,
    server: &Server,
    path: &str,
    body: &Value,
) -> reqwest::Response {
    client
        .patch(server.at(path))
        .json(body)
        .send()
        .await
        .unwrap()
}

/// The state of desk `desk_id` on floor `level` on `day`, as `client` sees it.
async fn desk_state(
    client: &reqwest::Client,
    server: &Server,
    level: i64,
    day: chrono::NaiveDate,
    desk_id: &Value,
) -> String {
    let floor = get_json(
        client,
        server,
        &format!("/api/v1/availability?floor={level}&day={day}&slot=full_day"),
    )
    .await;
    floor["desks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| &d["id"] == desk_id)
        .map(|d| d["state"].as_str().unwrap().to_string())
        .unwrap()
}

/// Books a free desk of the home zones of `client`'s person on `day`: floor level, desk id,
/// booking id.
async fn book_home_desk(
    client: &reqwest::Client,
    server: &Server,
    day: chrono::NaiveDate,
) -> (i64, Value, i64) {
    let (level, desk) = find_desk(server, client, day, |d| {
        d["home_zone"] == true && d["state"] == "free"
    })
    .await
    .expect("a free desk in a home zone");
    let booked: Value = client
        .post(server.at("/api/v1/bookings"))
        .json(&json!({
            "desk_id": desk["id"], "slot": "full_day",
            "days": {"kind": "days", "days": [day]}
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let booking = booked[0]["result"]["booking_id"]
        .as_i64()
        .unwrap_or_else(|| panic!("booked: {booked}"));
    (level, desk["id"].clone(), booking)
}

async fn upcoming_ids(client: &reqwest::Client, server: &Server) -> Vec<i64> {
    let mine = get_json(client, server, "/api/v1/bookings/mine").await;
    mine["upcoming"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|b| b["id"].as_i64())
        .collect()
}

// 1. A leaver ------------------------------------------------------------------------------

async fn a_leaver_is_locked_out_at_once_and_their_desk_is_free(backend: Backend) {
    let Some((server, database)) = launch(backend).await else {
        return;
    };
    let leaver = demo_person(&server, 0, "employee").await;
    let id = id_of(&leaver);
    let admin = server.demo_client("org_admin").await;
    let colleague = server.client_with(
        &server
            .session_of(id_of(&demo_person(&server, 0, "unit_lead").await))
            .await,
    );

    let (_, cookie) = sign_in(&server, id).await;
    let session = server.client_with(&cookie.unwrap());
    let day = in_days(4);
    let (level, desk, booking) = book_home_desk(&session, &server, day).await;
    let response = session
        .post(server.at("/api/v1/me/tokens"))
        .json(&json!({ "name": "Skript", "scopes": ["read", "book"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let token = response.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let with_token = || {
        reqwest::Client::new()
            .get(server.at("/api/v1/bookings/mine"))
            .bearer_auth(&token)
    };
    assert_eq!(with_token().send().await.unwrap().status(), StatusCode::OK);
    assert!(upcoming_ids(&session, &server).await.contains(&booking));
    assert_ne!(
        desk_state(&colleague, &server, level, day, &desk).await,
        "free",
        "booked, the desk is not free"
    );

    let response = post(&admin, &server, &format!("/api/v1/people/{id}/deactivate")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let ended: Value = response.json().await.unwrap();
    assert_eq!(ended["person"]["active"], false, "{ended}");
    assert!(ended["sessions"].as_u64().unwrap() >= 1, "{ended}");
    assert!(ended["tokens"].as_u64().unwrap() >= 1, "{ended}");
    assert!(ended["desk_bookings"].as_u64().unwrap() >= 1, "{ended}");

    // At once: the session and the token are refused.
    let response = get(&session, &server, "/api/v1/bookings/mine").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(problem_type(response).await, "/problems/unauthorized");
    assert_eq!(
        with_token().send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    // The desk is free for a colleague; the booking is cancelled in the database.
    assert_eq!(
        desk_state(&colleague, &server, level, day, &desk).await,
        "free"
    );
    let status = database
        .connection()
        .query_one_raw(Statement::from_string(
            backend_of(&database),
            format!("SELECT status FROM desk_booking WHERE id = {booking}"),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<String>("", "status")
        .unwrap();
    assert_eq!(status, "cancelled");
    // They cannot sign in, and the demo no longer offers them.
    assert_eq!(sign_in(&server, id).await.0, StatusCode::NOT_FOUND);
    assert!(
        !server.demo_people().await.iter().any(|p| id_of(p) == id),
        "an inactive person is not offered for demo sign-in"
    );
    let shown = get_json(&admin, &server, &format!("/api/v1/people/{id}")).await;
    assert_eq!(shown["active"], false);
    let inactive = get_json(&admin, &server, "/api/v1/people?active=false").await;
    assert!(
        inactive["people"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| id_of(p) == id)
    );
    // The audit log says what ended, not where or when they were.
    let detail = database
        .connection()
        .query_one_raw(Statement::from_string(
            backend_of(&database),
            format!(
                "SELECT CAST(detail AS TEXT) AS detail FROM audit_log \
                 WHERE action = 'people.deactivated' AND entity_id = '{id}'"
            ),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<String>("", "detail")
        .unwrap();
    let detail: Value = serde_json::from_str(&detail).unwrap();
    let mut keys: Vec<&str> = detail
        .as_object()
        .unwrap()
        .iter()
        .map(|(key, value)| {
            assert!(value.is_u64(), "counts only: {detail}");
            key.as_str()
        })
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "badges",
            "desk_bookings",
            "desk_requests",
            "passkeys",
            "room_reservations",
            "sessions",
            "tokens"
        ],
        "no desk, room or day"
    );
    assert_eq!(detail["desk_bookings"], 1);

    // Reactivated: they can sign in again; the booking stays cancelled.
    let response = post(&admin, &server, &format!("/api/v1/people/{id}/reactivate")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.json::<Value>().await.unwrap()["active"], true);
    let (status, cookie) = sign_in(&server, id).await;
    assert_eq!(status, StatusCode::OK);
    let back = server.client_with(&cookie.unwrap());
    assert!(!upcoming_ids(&back, &server).await.contains(&booking));
    assert_eq!(
        with_token().send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED,
        "the old token stays revoked"
    );
    stop(server, Some(database)).await;
}

fn backend_of(database: &TestDatabase) -> DbBackend {
    database.connection().get_database_backend()
}

#[tokio::test]
async fn a_leaver_is_locked_out_at_once_and_their_desk_is_free_on_sqlite() {
    a_leaver_is_locked_out_at_once_and_their_desk_is_free(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_leaver_is_locked_out_at_once_and_their_desk_is_free_on_postgres() {
    a_leaver_is_locked_out_at_once_and_their_desk_is_free(Backend::Postgres).await;
}

// 2. Edit and move -------------------------------------------------------------------------

/// The unit slugs of the people `admin` lists.
async fn unit_slugs(admin: &reqwest::Client, server: &Server) -> Vec<String> {
    let page = get_json(admin, server, "/api/v1/people?limit=200").await;
    let mut slugs: Vec<String> = page["people"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["unit"]["slug"].as_str().map(str::to_string))
        .collect();
    slugs.sort();
    slugs.dedup();
    slugs
}

async fn an_administrator_edits_and_moves_a_person_within_their_organisation(backend: Backend) {
    let Some((server, database)) = launch(backend).await else {
        return;
    };
    let admin = server.demo_client("org_admin").await;
    let other_admin = server.client_with(
        &server
            .session_of(id_of(&demo_person(&server, 1, "org_admin").await))
            .await,
    );
    let own_units = unit_slugs(&admin, &server).await;
    let foreign_units = unit_slugs(&other_admin, &server).await;
    assert!(own_units.len() >= 2, "{own_units:?}");
    assert!(
        foreign_units.iter().all(|slug| !own_units.contains(slug)),
        "each administrator sees only their own organisation's units"
    );
    let taken = get_json(&admin, &server, "/api/v1/people?limit=1").await["people"][0]["email"]
        .as_str()
        .unwrap()
        .to_string();

    let id = server
        .create_employee(&admin, "Paula Probe", "Paula.Probe@Example.org")
        .await;
    let person = get_json(&admin, &server, &format!("/api/v1/people/{id}")).await;
    assert_eq!(
        person["email"], "paula.probe@example.org",
        "stored lower-case"
    );

    // Name, address, language and unit change.
    let path = format!("/api/v1/people/{id}");
    let response = patch(
        &admin,
        &server,
        &path,
        &json!({
            "display_name": "Paula Neu", "email": "P.Neu@Example.org",
            "locale": "en", "unit": own_units[1],
        }),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let changed: Value = response.json().await.unwrap();
    assert_eq!(changed["display_name"], "Paula Neu");
    assert_eq!(changed["email"], "p.neu@example.org");
    assert_eq!(changed["locale"], "en");
    assert_eq!(changed["unit"]["slug"], own_units[1].as_str());
    assert_eq!(get_json(&admin, &server, &path).await, changed);
    // Moved again; found by unit and by a piece of the name.
    let response = patch(&admin, &server, &path, &json!({ "unit": own_units[0] })).await;
    assert_eq!(response.status(), StatusCode::OK);
    let found = get_json(
        &admin,
        &server,
        &format!("/api/v1/people?unit={}&q=PAULA%20n", own_units[0]),
    )
    .await;
    assert_eq!(found["total"], 1, "{found}");
    assert_eq!(id_of(&found["people"][0]), id);
    let before = get_json(&admin, &server, &path).await;

    // A unit of another organisation: refused, nothing changed (not even the name).
    let response = patch(
        &admin,
        &server,
        &path,
        &json!({ "display_name": "Paula Fremd", "unit": foreign_units[0] }),
    )
    .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(problem_type(response).await, "/problems/invalid-input");
    // A taken address: refused, nothing changed.
    let response = patch(
        &admin,
        &server,
        &path,
        &json!({ "display_name": "Paula Doppelt", "email": taken.to_uppercase() }),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(problem_type(response).await, "/problems/already-exists");
    // Bad input.
    for body in [
        json!({ "display_name": "" }),
        json!({ "email": "no address" }),
        json!({ "locale": "fr" }),
        json!({ "colour": "blue" }),
    ] {
        let response = patch(&admin, &server, &path, &body).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(problem_type(response).await, "/problems/invalid-input");
    }
    assert_eq!(get_json(&admin, &server, &path).await, before);

    // The database itself refuses a person in another organisation's unit.
    let backend = backend_of(&database);
    let refused = database
        .connection()
        .execute_raw(Statement::from_string(
            backend,
            format!(
                "UPDATE person SET unit_id = (SELECT id FROM unit WHERE slug = '{}') WHERE id = {id}",
                foreign_units[0]
            ),
        ))
        .await;
    assert!(
        refused
            .as_ref()
            .is_err_and(|e| e.to_string().contains("person_unit_organisation")),
        "{refused:?}"
    );
    assert_eq!(get_json(&admin, &server, &path).await, before);
    // Removing the address and the unit is allowed.
    let response = patch(
        &admin,
        &server,
        &path,
        &json!({ "email": null, "unit": null }),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let cleared: Value = response.json().await.unwrap();
    assert!(
        cleared["email"].is_null() && cleared["unit"].is_null(),
        "{cleared}"
    );
    stop(server, Some(database)).await;
}

#[tokio::test]
async fn an_administrator_edits_and_moves_a_person_within_their_organisation_on_sqlite() {
    an_administrator_edits_and_moves_a_person_within_their_organisation(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_administrator_edits_and_moves_a_person_within_their_organisation_on_postgres() {
    an_administrator_edits_and_moves_a_person_within_their_organisation(Backend::Postgres).await;
}

// 3. Organisation scoping ------------------------------------------------------------------

/// Every people route for person `id`, with a body where it takes one.
fn every_route(id: i64) -> Vec<(reqwest::Method, String, Option<Value>)> {
    use reqwest::Method;
    vec![
        (Method::GET, format!("/api/v1/people/{id}"), None),
        (
            Method::PATCH,
            format!("/api/v1/people/{id}"),
            Some(json!({ "display_name": "Übernommen" })),
        ),
        (
            Method::POST,
            format!("/api/v1/people/{id}/deactivate"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/people/{id}/reactivate"),
            None,
        ),
        (Method::GET, format!("/api/v1/people/{id}/export"), None),
        (Method::POST, format!("/api/v1/people/{id}/erase"), None),
        (
            Method::POST,
            format!("/api/v1/people/{id}/invitations"),
            None,
        ),
        (
            Method::PUT,
            format!("/api/v1/people/{id}/roles"),
            Some(json!({ "roles": ["employee", "org_admin"] })),
        ),
    ]
}

async fn call(
    client: &reqwest::Client,
    server: &Server,
    (method, path, body): &(reqwest::Method, String, Option<Value>),
) -> reqwest::Response {
    let mut request = client.request(method.clone(), server.at(path));
    if let Some(body) = body {
        request = request.json(body);
    }
    request.send().await.unwrap()
}

async fn another_organisation_sees_and_changes_nothing(backend: Backend) {
    let Some((server, database)) = launch(backend).await else {
        return;
    };
    let target = demo_person(&server, 0, "employee").await;
    let id = id_of(&target);
    let admin = server.demo_client("org_admin").await;
    let before = get_json(&admin, &server, &format!("/api/v1/people/{id}")).await;
    let audit_rows = || async {
        database
            .connection()
            .query_one_raw(Statement::from_string(
                backend_of(&database),
                "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'people.%'".to_string(),
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get::<i64>("", "n")
            .unwrap()
    };
    let audited = audit_rows().await;

    for organisation in [1, 2] {
        let stranger = server.client_with(
            &server
                .session_of(id_of(
                    &demo_person(&server, organisation, "org_admin").await,
                ))
                .await,
        );
        for route in every_route(id) {
            let response = call(&stranger, &server, &route).await;
            assert_eq!(
                response.status(),
                StatusCode::NOT_FOUND,
                "{} {} as the administrator of organisation {organisation}",
                route.0,
                route.1
            );
            assert_eq!(problem_type(response).await, "/problems/not-found");
        }
        let listed = get_json(&stranger, &server, "/api/v1/people?limit=200").await;
        assert!(
            listed["people"]
                .as_array()
                .unwrap()
                .iter()
                .all(|p| id_of(p) != id && p["organisation_id"] != before["organisation_id"]),
            "nobody of another organisation is listed"
        );
        let total = listed["total"].as_u64().unwrap();
        let searched = get_json(
            &stranger,
            &server,
            &format!(
                "/api/v1/people?q={}",
                target["name"].as_str().unwrap().replace(' ', "%20")
            ),
        )
        .await;
        assert!(
            searched["people"]
                .as_array()
                .unwrap()
                .iter()
                .all(|p| id_of(p) != id)
        );
        assert!(total > 0);
    }

    // An employee may not administer anybody, not even a colleague of their unit.
    let employee = server.client_with(
        &server
            .session_of(id_of(&demo_person(&server, 0, "unit_lead").await))
            .await,
    );
    let employee_plain = server.demo_client("employee").await;
    for client in [&employee, &employee_plain] {
        let response = get(client, &server, "/api/v1/people").await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(problem_type(response).await, "/problems/forbidden");
        for route in every_route(id).into_iter().take(6) {
            let response = call(client, &server, &route).await;
            assert_eq!(
                response.status(),
                StatusCode::FORBIDDEN,
                "{} {} as an employee",
                route.0,
                route.1
            );
        }
    }

    // Nothing changed: the person is as before, can still sign in, nothing was recorded.
    assert_eq!(
        get_json(&admin, &server, &format!("/api/v1/people/{id}")).await,
        before
    );
    assert_eq!(sign_in(&server, id).await.0, StatusCode::OK);
    assert_eq!(audit_rows().await, audited);
    // A building administrator sees everybody, but changes nobody.
    let building = server.demo_client("building_admin").await;
    assert_eq!(
        get_json(&building, &server, &format!("/api/v1/people/{id}")).await["id"],
        id
    );
    let response = call(&building, &server, &every_route(id)[2]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    stop(server, Some(database)).await;
}

#[tokio::test]
async fn another_organisation_sees_and_changes_nothing_on_sqlite() {
    another_organisation_sees_and_changes_nothing(Backend::Sqlite).await;
}

#[tokio::test]
async fn another_organisation_sees_and_changes_nothing_on_postgres() {
    another_organisation_sees_and_changes_nothing(Backend::Postgres).await;
}

// 4. Export and erase ----------------------------------------------------------------------

const NAME: &str = "Quirin Zwetschgenbaum";
const EMAIL: &str = "quirin.zwetschgen@example.org";
const SUBJECT: &str = "Beratung Familie Pflaumenblau";

/// Every text-like column of every table of the database holding `needle`, as `table.column`.
async fn columns_holding(database: &TestDatabase, needle: &str) -> Vec<String> {
    let db = database.connection();
    let backend = backend_of(database);
    let columns_sql = match backend {
        DbBackend::Postgres => {
            "SELECT table_name AS t, column_name AS c FROM information_schema.columns \
             WHERE table_schema = 'public'"
        }
        _ => {
            "SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table'"
        }
    };
    let columns = db
        .query_all_raw(Statement::from_string(backend, columns_sql.to_string()))
        .await
        .unwrap();
    assert!(columns.len() > 50, "the columns of every table");
    let mut found = Vec::new();
    for column in columns {
        let table: String = column.try_get("", "t").unwrap();
        let name: String = column.try_get("", "c").unwrap();
        let count = db
            .query_one_raw(Statement::from_string(
                backend,
                format!(
                    "SELECT COUNT(*) AS n FROM \"{table}\" \
                     WHERE LOWER(CAST(\"{name}\" AS TEXT)) LIKE '%{}%'",
                    needle.to_lowercase()
                ),
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get::<i64>("", "n")
            .unwrap();
        if count > 0 {
            found.push(format!("{table}.{name}"));
        }
    }
    found
}

async fn an_export_holds_the_person_and_an_erasure_forgets_them(backend: Backend) {
    let Some((server, database)) = launch(backend).await else {
        return;
    };
    let target = demo_person(&server, 0, "counsellor").await;
    let id = id_of(&target);
    let admin = server.demo_client("org_admin").await;
    let path = format!("/api/v1/people/{id}");
    // A unique name and address, so that finding them anywhere means they were kept.
    let response = patch(
        &admin,
        &server,
        &path,
        &json!({ "display_name": NAME, "email": EMAIL }),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);

    let (_, cookie) = sign_in(&server, id).await;
    let counsellor = server.client_with(&cookie.unwrap());
    let day = in_days(3);
    let (_, _, booking) = book_home_desk(&counsellor, &server, day).await;
    let rooms = get_json(
        &counsellor,
        &server,
        &format!("/api/v1/rooms?privacy=protected&day={day}&from=10:00&to=11:00"),
    )
    .await;
    let room = rooms
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["free"] == true)
        .expect("a free protected room")["room"]
        .clone();
    let response = counsellor
        .post(server.at("/api/v1/room-reservations"))
        .json(&json!({
            "room_id": room["id"], "day": day, "from": "10:00", "to": "11:00",
            "subject": SUBJECT, "attendees": 2,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let reservation = response.json::<Value>().await.unwrap()["dates"][0]["result"]["id"]
        .as_i64()
        .unwrap();

    // A browser subscribed to push, a mail and a push notification switched off.
    let endpoint = "https://fcm.googleapis.com/fcm/send/export-secret-endpoint";
    database
        .connection()
        .execute_unprepared(&format!(
            "INSERT INTO push_subscription (person_id, endpoint, p256dh, auth) \
             VALUES ({id}, '{endpoint}', 'p256dh-key-secret', 'auth-key-secret')"
        ))
        .await
        .unwrap();
    let (db, person) = (database.connection(), i32::try_from(id).unwrap());
    domain::mail::set_choice(db, person, domain::mail::MailKind::BookingMoved, false)
        .await
        .unwrap();
    domain::push::set_choice(db, person, domain::mail::MailKind::BookingReleased, false)
        .await
        .unwrap();

    // The export: their profile, bookings and reservation, nothing of other people.
    let response = get(&admin, &server, &format!("{path}/export")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let export: Value = response.json().await.unwrap();
    assert_eq!(export["person"]["id"], id);
    assert_eq!(export["person"]["display_name"], NAME);
    assert_eq!(export["person"]["email"], EMAIL);
    assert!(
        export["person"]["roles"]
            .as_array()
            .unwrap()
            .contains(&json!("counsellor"))
    );
    let exported_bookings: Vec<i64> = export["desk_bookings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_i64().unwrap())
        .collect();
    assert!(exported_bookings.contains(&booking), "{export}");
    let stored = database
        .connection()
        .query_all_raw(Statement::from_string(
            backend_of(&database),
            format!("SELECT id FROM desk_booking WHERE person_id = {id} ORDER BY day, id"),
        ))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get::<i64>("", "id").unwrap())
        .collect::<Vec<_>>();
    assert_eq!(
        exported_bookings
            .iter()
            .collect::<std::collections::BTreeSet<_>>(),
        stored.iter().collect::<std::collections::BTreeSet<_>>(),
        "every booking of theirs, and only theirs"
    );
    let exported_reservation = export["room_reservations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == reservation)
        .expect("the reservation");
    assert_eq!(exported_reservation["subject"], SUBJECT);
    assert!(!export["sessions"].as_array().unwrap().is_empty());
    let notifications = &export["notifications"];
    let subscriptions = notifications["push_subscriptions"].as_array().unwrap();
    assert_eq!(subscriptions.len(), 1, "{notifications}");
    assert_eq!(subscriptions[0]["host"], "fcm.googleapis.com");
    assert!(
        subscriptions[0]["created_at"].is_string(),
        "{notifications}"
    );
    let on = |channel: &str, kind: &str| {
        notifications[channel]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["kind"] == kind)
            .unwrap_or_else(|| panic!("no {channel} choice {kind}: {notifications}"))["on"]
            .clone()
    };
    assert_eq!(on("mail", "booking_moved"), false);
    assert_eq!(on("mail", "booking_released"), true);
    assert_eq!(on("push", "booking_released"), false);
    assert_eq!(on("push", "booking_moved"), true);
    let text = export.to_string();
    assert!(
        !text.contains("pwc_") && !text.contains("pwt_"),
        "no secrets"
    );
    assert!(
        !text.contains("export-secret-endpoint") && !text.contains("key-secret"),
        "no push endpoint or keys: {notifications}"
    );
    let others = get_json(&admin, &server, "/api/v1/people?limit=200").await;
    for other in others["people"].as_array().unwrap() {
        if id_of(other) == id {
            continue;
        }
        for field in ["display_name", "email"] {
            if let Some(value) = other[field].as_str() {
                assert!(!text.contains(value), "the export names {value}");
            }
        }
    }

    // Where they are stored before (so the search below can find them).
    assert_eq!(
        columns_holding(&database, NAME).await,
        ["person.display_name"]
    );
    assert_eq!(
        columns_holding(&database, SUBJECT).await,
        ["room_reservation.subject"]
    );

    // Erasing needs a fresh passkey confirmation.
    let age = |minutes: i64| {
        let at = (chrono::Utc::now() - chrono::Duration::minutes(minutes)).to_rfc3339();
        database.connection().execute_raw(Statement::from_string(
            backend_of(&database),
            format!("UPDATE web_session SET verified_at = '{at}'"),
        ))
    };
    age(6).await.unwrap();
    let response = post(&admin, &server, &format!("{path}/erase")).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem_type(response).await, "/problems/step-up-required");
    assert_eq!(get_json(&admin, &server, &path).await["display_name"], NAME);
    age(0).await.unwrap();
    let response = post(&admin, &server, &format!("{path}/erase")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);

    // Gone for every route; the session ended; no sign-in.
    for route in every_route(id).into_iter().take(6) {
        let response = call(&admin, &server, &route).await;
        assert_eq!(
            response.status(),
            StatusCode::NOT_FOUND,
            "{} {}",
            route.0,
            route.1
        );
    }
    assert_eq!(
        get(&counsellor, &server, "/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(sign_in(&server, id).await.0, StatusCode::NOT_FOUND);
    // The bookings stay, without the person.
    let row = database
        .connection()
        .query_one_raw(Statement::from_string(
            backend_of(&database),
            format!("SELECT person_id FROM desk_booking WHERE id = {booking}"),
        ))
        .await
        .unwrap()
        .expect("the booking is kept");
    assert_eq!(row.try_get::<Option<i32>>("", "person_id").unwrap(), None);
    let kept = database
        .connection()
        .query_one_raw(Statement::from_string(
            backend_of(&database),
            format!(
                "SELECT COUNT(*) AS n FROM desk_booking WHERE id IN ({}) AND person_id IS NULL",
                stored
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(
        kept,
        i64::try_from(stored.len()).unwrap(),
        "every booking kept"
    );
    let row = database
        .connection()
        .query_one_raw(Statement::from_string(
            backend_of(&database),
            format!("SELECT owner_id, subject FROM room_reservation WHERE id = {reservation}"),
        ))
        .await
        .unwrap()
        .expect("the reservation is kept");
    assert_eq!(row.try_get::<Option<i32>>("", "owner_id").unwrap(), None);
    assert_eq!(row.try_get::<Option<String>>("", "subject").unwrap(), None);
    // Their name, address and subject are in no column of any table.
    for needle in [NAME, EMAIL, SUBJECT] {
        assert_eq!(
            columns_holding(&database, needle).await,
            Vec::<String>::new(),
            "{needle} is still stored"
        );
    }
    // The audit log names them as nobody's actor; the erasure itself is recorded.
    let count = |sql: String| {
        let db = database.connection().clone();
        let backend = backend_of(&database);
        async move {
            db.query_one_raw(Statement::from_string(backend, sql))
                .await
                .unwrap()
                .unwrap()
                .try_get::<i64>("", "n")
                .unwrap()
        }
    };
    assert_eq!(
        count(format!(
            "SELECT COUNT(*) AS n FROM audit_log WHERE actor_person_id = {id}"
        ))
        .await,
        0
    );
    assert_eq!(
        count(format!(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'people.erased' AND entity_id = '{id}'"
        ))
        .await,
        1
    );
    assert_eq!(
        count(format!(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'people.exported' AND entity_id = '{id}'"
        ))
        .await,
        1
    );
    stop(server, Some(database)).await;
}

#[tokio::test]
async fn an_export_holds_the_person_and_an_erasure_forgets_them_on_sqlite() {
    an_export_holds_the_person_and_an_erasure_forgets_them(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_export_holds_the_person_and_an_erasure_forgets_them_on_postgres() {
    an_export_holds_the_person_and_an_erasure_forgets_them(Backend::Postgres).await;
}
