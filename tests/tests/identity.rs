//! Sign-in, sessions, tokens and who may do what, against the real server binary: cross-site
//! requests are refused, invitations work once, tokens are scoped and revocable, demo sign-in
//! exists only in demo mode, and every role meets the authorization matrix.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tests::db::{Backend, TestDatabase};
use tests::server::{Options, Server, problem_type};

fn plain() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A personal access token of the signed-in person with `scopes`.
async fn token(server: &Server, client: &reqwest::Client, scopes: &[&str]) -> String {
    let response = client
        .post(server.at("/api/v1/me/tokens"))
        .json(&json!({ "name": "Skript", "scopes": scopes }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = response.json().await.unwrap();
    body["token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn pages_and_the_api_need_a_sign_in_and_demo_sign_in_opens_them() {
    let server = Server::start(Options::default());
    let response = plain()
        .get(server.at("/floors/2?desk=3"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        response.headers()["location"],
        "/sign-in?next=/floors/2%3Fdesk%3D3"
    );
    let sign_in = plain().get(server.at("/sign-in")).send().await.unwrap();
    assert_eq!(sign_in.status(), StatusCode::OK);
    let html = sign_in.text().await.unwrap();
    assert!(html.contains("Mit Passkey anmelden"));
    assert!(
        html.contains("Demo: anmelden als"),
        "demo mode lists demo people"
    );

    let response = plain()
        .get(server.at("/api/v1/occupancy?floor=2"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(problem_type(response).await, "/problems/unauthorized");

    let client = server.demo_client("employee").await;
    let me: Value = client
        .get(server.at("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["roles"], json!(["employee"]));
    let page = client.get(server.at("/")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(
        html.contains(me["name"].as_str().unwrap()),
        "the header names the person"
    );
}

#[tokio::test]
async fn demo_sign_in_does_not_exist_when_demo_mode_is_off() {
    let server = Server::start(Options {
        demo_off: true,
        ..Options::default()
    });
    let response = plain()
        .get(server.at("/api/v1/auth/demo-people"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = plain()
        .post(server.at("/api/v1/auth/demo-sign-in"))
        .json(&json!({ "person": 1 }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let html = plain()
        .get(server.at("/sign-in"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("Demo: anmelden als"));
}

#[tokio::test]
async fn cross_site_and_unproven_requests_with_the_session_cookie_are_refused() {
    let server = Server::start(Options::default());
    let cookie = server.demo_session("employee").await;

    // Another site's page posting with the person's cookie.
    let response = plain()
        .post(server.at("/api/v1/auth/sign-out-everywhere"))
        .header("cookie", &cookie)
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem_type(response).await, "/problems/cross-site-request");

    // No Origin and no Sec-Fetch-Site: no proof the request comes from a Platzwahl page; server
    // functions are covered just the same.
    for path in ["/api/v1/auth/sign-out-everywhere", "/api/revoke_passkey"] {
        let response = plain()
            .post(server.at(path))
            .header("cookie", &cookie)
            .form(&[("id", "1")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
    }
    // A cross-site sign-in attempt (login CSRF) is refused as well.
    let response = plain()
        .post(server.at("/api/v1/auth/demo-sign-in"))
        .header("origin", "https://evil.example")
        .json(&json!({ "person": 1 }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // The session survived all of that.
    let response = server
        .client_with(&cookie)
        .get(server.at("/api/v1/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    // The same request from the site itself works.
    let response = plain()
        .post(server.at("/api/v1/auth/sign-out-everywhere"))
        .header("cookie", &cookie)
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let response = server
        .client_with(&cookie)
        .get(server.at("/api/v1/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::UNAUTHORIZED,
        "signed out everywhere"
    );
}

#[tokio::test]
async fn sign_out_ends_the_session_and_sign_out_everywhere_ends_them_all() {
    let server = Server::start(Options::default());
    let people: Value = reqwest::get(server.at("/api/v1/auth/demo-people"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = people[0]["id"].as_i64().unwrap();
    let laptop = server.client_with(&server.session_of(id).await);
    let phone = server.client_with(&server.session_of(id).await);

    let response = laptop
        .post(server.at("/sign-out"))
        .form(&[("x", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(
        response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    let me = laptop.get(server.at("/api/v1/me")).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
    let me = phone.get(server.at("/api/v1/me")).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::OK, "the other session lives on");

    let tablet = server.client_with(&server.session_of(id).await);
    let response = phone
        .post(server.at("/api/v1/auth/sign-out-everywhere"))
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["sessions_ended"], 2);
    for client in [&phone, &tablet] {
        let me = client.get(server.at("/api/v1/me")).send().await.unwrap();
        assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site_and_secure_behind_https() {
    let server = Server::start(Options::default());
    let people: Value = reqwest::get(server.at("/api/v1/auth/demo-people"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let response = plain()
        .post(server.at("/api/v1/auth/demo-sign-in"))
        .json(&json!({ "person": people[0]["id"] }))
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("pw_session=pws_"));
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    assert!(!cookie.contains("Secure"), "plain-HTTP development");

    let secure = Server::start(Options {
        env: vec![
            (
                "PLATZWAHL_AUTH__PUBLIC_URL".into(),
                "https://platzwahl.example.org".into(),
            ),
            // Demo mode behind https only when forced by name.
            ("PLATZWAHL_DEMO_EXPOSED".into(), "true".into()),
        ],
        ..Options::default()
    });
    let response = plain()
        .post(secure.at("/api/v1/auth/demo-sign-in"))
        .json(&json!({ "person": people[0]["id"] }))
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.contains("; Secure"), "{cookie}");
}

#[tokio::test]
async fn personal_tokens_act_within_their_scopes_until_revoked_and_are_stored_hashed() {
    let Some(db) = TestDatabase::create(Backend::Sqlite).await else {
        return;
    };
    let server = Server::start(Options {
        database_url: Some(db.url().to_string()),
        ..Options::default()
    });
    let client = server.demo_client("employee").await;
    let read = token(&server, &client, &["read"]).await;
    assert!(read.starts_with("pwt_"));

    let bearer = |token: &str| {
        let token = token.to_string();
        move |request: reqwest::RequestBuilder| request.bearer_auth(token.clone())
    };
    let response = bearer(&read)(plain().get(server.at("/api/v1/occupancy?floor=2")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    // A token never manages the account, whatever its scopes.
    let response = bearer(&read)(plain().get(server.at("/api/v1/me/tokens")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // Only hashes are stored.
    let stored: Vec<String> = {
        use sea_orm::{ConnectionTrait, Statement};
        let conn = db.connection();
        conn.query_all_raw(Statement::from_string(
            conn.get_database_backend(),
            "SELECT token_hash FROM api_token",
        ))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get::<String>("", "token_hash").unwrap())
        .collect()
    };
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].contains(&read[4..]));

    let listed: Value = client
        .get(server.at("/api/v1/me/tokens"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = listed[0]["id"].as_i64().unwrap();
    assert!(
        listed[0].get("token").is_none(),
        "a listing never shows the token"
    );
    let response = client
        .delete(server.at(&format!("/api/v1/me/tokens/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = bearer(&read)(plain().get(server.at("/api/v1/occupancy?floor=2")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);

    let response = client
        .post(server.at("/api/v1/me/tokens"))
        .json(&json!({ "name": "x", "scopes": ["root"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert!(body["detail"].as_str().unwrap().contains("scopes"));

    drop(server);
    db.remove().await;
}

#[tokio::test]
async fn sign_in_attempts_are_rate_limited_per_client() {
    let server = Server::start(Options {
        env: vec![(
            "PLATZWAHL_AUTH__SIGN_IN_ATTEMPTS_PER_MINUTE".into(),
            "3".into(),
        )],
        ..Options::default()
    });
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let response = plain()
            .post(server.at("/api/v1/auth/passkeys/sign-in/start"))
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses, [200, 200, 200, 429, 429]);
}

#[tokio::test]
async fn security_events_are_in_the_audit_log_without_secrets() {
    let Some(db) = TestDatabase::create(Backend::Postgres).await else {
        return;
    };
    let server = Server::start(Options {
        database_url: Some(db.url().to_string()),
        ..Options::default()
    });
    let client = server.demo_client("employee").await;
    let secret = token(&server, &client, &["read"]).await;
    // A sign-in that fails: an unknown ceremony.
    let response = plain()
        .post(server.at("/api/v1/auth/passkeys/sign-in/finish"))
        .json(&json!({
            "ceremony": "nope",
            "credential": {
                "id": "AAAA", "rawId": "AAAA", "type": "public-key",
                "response": {"authenticatorData": "AAAA", "clientDataJSON": "AAAA", "signature": "AAAA", "userHandle": null},
                "extensions": {}
            }
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);

    use sea_orm::{ConnectionTrait, Statement};
    let conn = db.connection();
    let rows = conn
        .query_all_raw(Statement::from_string(
            conn.get_database_backend(),
            "SELECT action, COALESCE(CAST(detail AS TEXT), '') AS detail FROM audit_log ORDER BY id",
        ))
        .await
        .unwrap();
    let actions: Vec<String> = rows
        .iter()
        .map(|r| r.try_get::<String>("", "action").unwrap())
        .collect();
    assert!(actions.contains(&"auth.sign_in".to_string()), "{actions:?}");
    assert!(actions.contains(&"auth.token_created".to_string()));
    assert!(actions.contains(&"auth.sign_in_failed".to_string()));
    for row in &rows {
        let detail: String = row.try_get("", "detail").unwrap();
        assert!(!detail.contains(&secret[4..]) && !detail.contains("pws_"));
    }
    drop(server);
    db.remove().await;
}

#[tokio::test]
async fn invitations_work_once_and_expire() {
    let Some(db) = TestDatabase::create(Backend::Sqlite).await else {
        return;
    };
    let server = Server::start(Options {
        database_url: Some(db.url().to_string()),
        ..Options::default()
    });
    let admin = server.demo_client("org_admin").await;
    let response = admin
        .post(server.at("/api/v1/people"))
        .json(&json!({ "display_name": "Neue Person", "email": "neu@example.org", "roles": ["employee"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let id = response.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let response = admin
        .post(server.at(&format!("/api/v1/people/{id}/invitations")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let link = response.json::<Value>().await.unwrap()["link"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(link.starts_with("http://localhost:"), "{link}");
    let token = link.rsplit('/').next().unwrap().to_string();

    let info = plain()
        .get(server.at(&format!("/api/v1/auth/invitations/{token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(info.status(), StatusCode::OK);
    assert_eq!(info.json::<Value>().await.unwrap()["name"], "Neue Person");
    let page = plain()
        .get(server.at(&format!("/invite/{token}")))
        .send()
        .await
        .unwrap();
    assert!(page.text().await.unwrap().contains("Neue Person"));

    // Expired: the link no longer starts a registration.
    {
        use sea_orm::ConnectionTrait;
        let conn = db.connection();
        conn.execute_unprepared("UPDATE invitation SET expires_at = '2020-01-01T00:00:00+00:00'")
            .await
            .unwrap();
    }
    for response in [
        plain()
            .get(server.at(&format!("/api/v1/auth/invitations/{token}")))
            .send()
            .await
            .unwrap(),
        plain()
            .post(server.at("/api/v1/auth/passkeys/register/start"))
            .json(&json!({ "invitation": token }))
            .send()
            .await
            .unwrap(),
    ] {
        assert_eq!(response.status(), StatusCode::GONE);
        assert_eq!(problem_type(response).await, "/problems/invitation-gone");
    }
    let page = plain()
        .get(server.at(&format!("/invite/{token}")))
        .send()
        .await
        .unwrap();
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("abgelaufen oder wurde schon benutzt")
    );

    let unknown = plain()
        .post(server.at("/api/v1/auth/passkeys/register/start"))
        .json(&json!({ "invitation": "pwi_nothing" }))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

    // Somebody of another organisation cannot be invited by this administrator.
    let people: Value = reqwest::get(server.at("/api/v1/auth/demo-people"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let me: Value = admin
        .get(server.at("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let stranger = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["organisation"] != me["organisation"])
        .unwrap();
    let response = admin
        .post(server.at(&format!("/api/v1/people/{}/invitations", stranger["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    drop(server);
    db.remove().await;
}

/// How many rows `sql` (a `SELECT COUNT(*) AS n …`) counts.
async fn count(db: &TestDatabase, sql: &str) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let conn = db.connection();
    let row = conn
        .query_one_raw(Statement::from_string(conn.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

#[tokio::test]
async fn an_invitation_is_issued_with_its_mail_or_not_at_all() {
    let Some(db) = TestDatabase::create(Backend::Sqlite).await else {
        return;
    };
    // Mail on, towards a port nobody listens on: mails are queued, never sent.
    let server = Server::start(Options {
        database_url: Some(db.url().to_string()),
        env: vec![
            ("PLATZWAHL_MAIL__SMTP_HOST".into(), "127.0.0.1".into()),
            (
                "PLATZWAHL_MAIL__SMTP_PORT".into(),
                tests::server::free_port().to_string(),
            ),
            ("PLATZWAHL_MAIL__TLS".into(), "none".into()),
            (
                "PLATZWAHL_MAIL__FROM".into(),
                "platzwahl@example.org".into(),
            ),
        ],
        ..Options::default()
    });
    let admin = server.demo_client("org_admin").await;
    let id = server
        .create_employee(&admin, "Neu", "neu@example.org")
        .await;
    let link = server.invitation_link(&admin, id).await;
    let invitations = format!("SELECT COUNT(*) AS n FROM invitation WHERE person_id = {id}");
    let mails = format!(
        "SELECT COUNT(*) AS n FROM mail_outbox WHERE person_id = {id} AND kind = 'invitation' \
         AND idempotency_key = 'invitation:' || (SELECT MAX(id) FROM invitation WHERE person_id = {id})"
    );
    let audited = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'auth.invitation_created'";
    assert_eq!(count(&db, &invitations).await, 1);
    assert_eq!(
        count(&db, &mails).await,
        1,
        "the invitation's mail is queued"
    );
    let audit_rows = count(&db, audited).await;

    // The mail cannot be queued: no invitation either, and the earlier link still works.
    {
        use sea_orm::ConnectionTrait;
        db.connection()
            .execute_unprepared(
                "CREATE TRIGGER no_mail BEFORE INSERT ON mail_outbox \
                 BEGIN SELECT RAISE(ABORT, 'no mail'); END",
            )
            .await
            .unwrap();
    }
    let response = admin
        .post(server.at(&format!("/api/v1/people/{id}/invitations")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        count(&db, &invitations).await,
        1,
        "no invitation without its mail"
    );
    assert_eq!(count(&db, audited).await, audit_rows);
    let token = link.rsplit('/').next().unwrap();
    let info = plain()
        .get(server.at(&format!("/api/v1/auth/invitations/{token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        info.status(),
        StatusCode::OK,
        "the earlier link is not voided"
    );
    drop(server);
    db.remove().await;
}

#[tokio::test]
async fn the_command_line_creates_the_first_administrator_with_an_invitation_link() {
    let Some(db) = TestDatabase::create(Backend::Sqlite).await else {
        return;
    };
    let (ok, output) = tests::server::run_command(
        &[
            "people",
            "add",
            "--name",
            "Erste Administratorin",
            "--email",
            "admin@stadt.example",
            "--organisation",
            "stadt",
            "--organisation-name",
            "Stadt Wuppertal",
            "--role",
            "org_admin",
            "--role",
            "building_admin",
        ],
        db.url(),
    );
    assert!(ok, "{output}");
    assert!(output.contains("/invite/pwi_"), "{output}");
    let (ok, output) = tests::server::run_command(
        &[
            "people",
            "add",
            "--name",
            "X",
            "--email",
            "x@example.org",
            "--organisation",
            "nirgendwo",
        ],
        db.url(),
    );
    assert!(!ok);
    assert!(output.contains("--organisation"), "{output}");
    let (ok, output) = tests::server::run_command(
        &[
            "people",
            "add",
            "--name",
            "X",
            "--email",
            "y@example.org",
            "--organisation",
            "stadt",
            "--role",
            "king",
        ],
        db.url(),
    );
    assert!(!ok);
    assert!(
        output.contains("--role") && output.contains("king"),
        "{output}"
    );
    let (ok, output) =
        tests::server::run_command(&["people", "invite", "admin@stadt.example"], db.url());
    assert!(ok && output.contains("/invite/pwi_"), "{output}");
    db.remove().await;
}

/// Who may call what: every identity route and server function, for every role, a token with
/// too few scopes, and nobody. `true`: allowed (2xx or a 4xx about the input, never 401/403).
#[tokio::test]
async fn the_authorization_matrix_holds_for_every_role_route_and_server_function() {
    let server = Server::start(Options {
        env: vec![(
            "PLATZWAHL_AUTH__SIGN_IN_ATTEMPTS_PER_MINUTE".into(),
            "100".into(),
        )],
        ..Options::default()
    });
    const ROLES: [&str; 6] = [
        "employee",
        "counsellor",
        "unit_lead",
        "facility_manager",
        "org_admin",
        "building_admin",
    ];
    // (method, path, body, allowed for employee, counsellor, unit lead, facility manager,
    // organisation administrator, building administrator)
    type Row = (Method, &'static str, Value, [bool; 6]);
    let all = [true; 6];
    let lead = [false, false, true, true, false, false];
    let desks = [false, false, false, true, false, true];
    let admin = [false, false, false, false, false, true];
    let audit = [false, false, false, false, true, true];
    let policies = [false, false, false, true, true, true];
    let people = [false, false, false, false, true, false];
    let units = [false, false, false, false, true, false];
    let rows: Vec<Row> = vec![
        (Method::GET, "/api/v1/me", Value::Null, all),
        (Method::GET, "/api/v1/me/passkeys", Value::Null, all),
        (Method::GET, "/api/v1/me/tokens", Value::Null, all),
        (
            Method::POST,
            "/api/v1/me/tokens",
            json!({"name": "t", "scopes": ["read"]}),
            all,
        ),
        (
            Method::PATCH,
            "/api/v1/me/passkeys/999999",
            json!({"name": "n"}),
            all,
        ),
        (
            Method::DELETE,
            "/api/v1/me/passkeys/999999",
            Value::Null,
            all,
        ),
        (Method::DELETE, "/api/v1/me/tokens/999999", Value::Null, all),
        (Method::GET, "/api/v1/me/sessions", Value::Null, all),
        (
            Method::DELETE,
            "/api/v1/me/sessions/999999",
            Value::Null,
            all,
        ),
        (Method::GET, "/api/v1/occupancy?floor=2", Value::Null, all),
        (Method::GET, "/api/v1/live?floor=2", Value::Null, all),
        // The way to a desk or room: everybody who may see the building.
        (Method::GET, "/api/v1/desks/999999/way", Value::Null, all),
        (
            Method::GET,
            "/api/v1/rooms/999999/way?step_free=true",
            Value::Null,
            all,
        ),
        // Desk booking: every demo person holds the employee role, so all may book.
        (
            Method::GET,
            "/api/v1/availability?floor=2&day=2030-01-07&slot=full_day",
            Value::Null,
            all,
        ),
        (Method::GET, "/api/v1/bookings/mine", Value::Null, all),
        (Method::DELETE, "/api/v1/bookings/999999", Value::Null, all),
        (Method::POST, "/api/v1/me/calendar", Value::Null, all),
        (Method::DELETE, "/api/v1/me/calendar", Value::Null, all),
        (
            Method::PUT,
            "/api/v1/me/share-location",
            json!({"share": false}),
            all,
        ),
        (Method::GET, "/api/v1/colleagues/today", Value::Null, all),
        (Method::GET, "/api/v1/me/notices", Value::Null, all),
        // Check-in: every demo person holds the employee role, so all may check out; the badge
        // route is for badge readers' device tokens only, never a person.
        (
            Method::POST,
            "/api/v1/bookings/999999/check-out",
            Value::Null,
            all,
        ),
        (
            Method::POST,
            "/api/v1/check-ins/badge",
            json!({"badge": "04A1B2C3"}),
            [false; 6],
        ),
        (
            Method::GET,
            "/api/v1/badge-readers",
            Value::Null,
            [false, false, false, false, false, true],
        ),
        (
            Method::POST,
            "/api/v1/badge-readers",
            json!({"code": "matrix", "desk_id": 999999}),
            [false, false, false, false, false, true],
        ),
        (
            Method::DELETE,
            "/api/v1/badge-readers/999999",
            Value::Null,
            [false, false, false, false, false, true],
        ),
        (
            Method::POST,
            "/api/v1/people/999999/badges",
            json!({"badge": "04A1B2C3"}),
            [false, false, false, false, true, false],
        ),
        (
            Method::DELETE,
            "/api/v1/people/999999/badges",
            Value::Null,
            [false, false, false, false, true, false],
        ),
        (
            Method::POST,
            "/api/v1/people",
            json!({"display_name": "P", "roles": ["employee"]}),
            [false, false, false, false, true, false],
        ),
        (
            Method::POST,
            "/api/v1/people/999999/invitations",
            Value::Null,
            [false, false, false, false, true, false],
        ),
        (
            Method::PUT,
            "/api/v1/people/999999/roles",
            json!({"roles": ["employee"]}),
            [false, false, false, false, true, false],
        ),
        // People of one's organisation: administrators see them, organisation administrators
        // manage them (the made-up person is then not found, never forbidden).
        (
            Method::GET,
            "/api/v1/people",
            Value::Null,
            [false, false, false, false, true, true],
        ),
        (
            Method::GET,
            "/api/v1/people/999999",
            Value::Null,
            [false, false, false, false, true, true],
        ),
        (
            Method::PATCH,
            "/api/v1/people/999999",
            json!({"display_name": "P"}),
            [false, false, false, false, true, false],
        ),
        (
            Method::POST,
            "/api/v1/people/999999/deactivate",
            Value::Null,
            [false, false, false, false, true, false],
        ),
        (
            Method::POST,
            "/api/v1/people/999999/reactivate",
            Value::Null,
            [false, false, false, false, true, false],
        ),
        (
            Method::GET,
            "/api/v1/people/999999/export",
            Value::Null,
            [false, false, false, false, true, false],
        ),
        (
            Method::POST,
            "/api/v1/people/999999/erase",
            Value::Null,
            [false, false, false, false, true, false],
        ),
        // Confirming with one's passkey: every signed-in person (the made-up answer is then
        // refused as input, never as forbidden).
        (Method::POST, "/api/v1/auth/step-up", json!({}), all),
        (
            Method::GET,
            "/api/v1/devices",
            Value::Null,
            [false, false, false, false, false, true],
        ),
        (
            Method::POST,
            "/api/v1/devices",
            json!({"name": "Leser", "scopes": ["checkin"]}),
            [false, false, false, false, false, true],
        ),
        (
            Method::DELETE,
            "/api/v1/devices/999999",
            Value::Null,
            [false, false, false, false, false, true],
        ),
        // Door and floor displays: a device token of scope `display` only, never a person.
        (Method::GET, "/displays/rooms/1", Value::Null, [false; 6]),
        (
            Method::GET,
            "/displays/rooms/1/events",
            Value::Null,
            [false; 6],
        ),
        (Method::GET, "/displays/floors/2", Value::Null, [false; 6]),
        (
            Method::GET,
            "/displays/floors/2/events",
            Value::Null,
            [false; 6],
        ),
        (
            Method::GET,
            "/api/v1/displays/rooms/1",
            Value::Null,
            [false; 6],
        ),
        // At the door: a display's badge or passkey, never a person's session.
        (
            Method::POST,
            "/displays/rooms/1/badge",
            json!({"badge": "04A1B2C3", "minutes": 15}),
            [false; 6],
        ),
        (
            Method::POST,
            "/api/v1/displays/rooms/1/badge",
            json!({"badge": "04A1B2C3", "minutes": 15}),
            [false; 6],
        ),
        (
            Method::POST,
            "/displays/rooms/1/passkey",
            json!({"ceremony": "x", "credential": {}, "minutes": 15}),
            [false; 6],
        ),
        (
            Method::POST,
            "/api/v1/displays/rooms/1/passkey",
            json!({"ceremony": "x", "credential": {}, "minutes": 15}),
            [false; 6],
        ),
        // Server functions (form-encoded POSTs).
        (Method::POST, "/api/get_building", json!("form:"), all),
        (
            Method::POST,
            "/api/get_floor_plan",
            json!("form:level=2"),
            all,
        ),
        (Method::POST, "/api/my_account", json!("form:"), all),
        (Method::POST, "/api/mail_choices", json!("form:"), all),
        (
            Method::POST,
            "/api/set_mail_choice",
            json!("form:kind=request_placed&on=true"),
            all,
        ),
        (
            Method::POST,
            "/api/rename_passkey",
            json!("form:id=999999&name=n"),
            all,
        ),
        (
            Method::POST,
            "/api/revoke_passkey",
            json!("form:id=999999"),
            all,
        ),
        (
            Method::POST,
            "/api/create_personal_token",
            json!("form:name=t&scopes=read"),
            all,
        ),
        (
            Method::POST,
            "/api/revoke_personal_token",
            json!("form:id=999999"),
            all,
        ),
        (
            Method::POST,
            "/api/check_out_here",
            json!("form:booking_id=999999"),
            all,
        ),
        (
            Method::POST,
            "/api/floor_availability",
            json!("form:level=2&slot=full_day"),
            all,
        ),
        (
            Method::POST,
            "/api/book_desk",
            json!("form:desk_id=999999&day=2030-01-07&slot=full_day"),
            all,
        ),
        (
            Method::POST,
            "/api/cancel_booking",
            json!("form:booking_id=999999"),
            all,
        ),
        (
            Method::POST,
            "/api/cancel_bookings",
            json!("form:from=2030-01-07&to=2030-01-08"),
            all,
        ),
        (Method::POST, "/api/my_bookings_page", json!("form:"), all),
        (
            Method::POST,
            "/api/create_calendar_feed",
            json!("form:"),
            all,
        ),
        (
            Method::POST,
            "/api/revoke_calendar_feed",
            json!("form:"),
            all,
        ),
        (Method::POST, "/api/set_share_location", json!("form:"), all),
        (Method::POST, "/api/colleagues_today", json!("form:"), all),
        (
            Method::POST,
            "/api/qr_sheet",
            json!("form:level=2"),
            [false, false, false, false, false, true],
        ),
        // The allocator: everyone may find a desk and ask for one in the day allocation; unit
        // leads book for their team (the demo facility manager also leads a unit); facility
        // management blocks desks and runs a day early.
        (
            Method::POST,
            "/api/v1/bookings/find",
            json!({"day": "2030-01-07", "slot": "full_day"}),
            all,
        ),
        (
            Method::POST,
            "/api/v1/desk-requests",
            json!({"day": "2030-01-07", "slot": "full_day"}),
            all,
        ),
        (Method::GET, "/api/v1/desk-requests/mine", Value::Null, all),
        (
            Method::DELETE,
            "/api/v1/desk-requests/999999",
            Value::Null,
            all,
        ),
        (Method::GET, "/api/v1/team/members", Value::Null, lead),
        (
            Method::POST,
            "/api/v1/team/bookings",
            json!({"day": "2030-01-07", "slot": "full_day", "people": []}),
            lead,
        ),
        (Method::GET, "/api/v1/blocks", Value::Null, desks),
        (
            Method::POST,
            "/api/v1/blocks",
            json!({"desk_id": 999999, "from_day": "2030-01-07", "to_day": "2030-01-07", "reason": "x"}),
            desks,
        ),
        (Method::DELETE, "/api/v1/blocks/999999", Value::Null, desks),
        (
            Method::POST,
            "/api/v1/allocations/2030-01-07/run",
            Value::Null,
            desks,
        ),
        (Method::POST, "/api/building_today", json!("form:"), all),
        (
            Method::POST,
            "/api/find_me_a_desk",
            json!("form:day=2030-01-07&slot=full_day"),
            all,
        ),
        (
            Method::POST,
            "/api/request_desk",
            json!("form:day=2030-01-07&slot=full_day"),
            all,
        ),
        (Method::POST, "/api/my_desk_requests", json!("form:"), all),
        (
            Method::POST,
            "/api/withdraw_desk_request",
            json!("form:request_id=999999"),
            all,
        ),
        (Method::POST, "/api/team_members", json!("form:"), lead),
        // Rooms: everyone finds rooms and reads the timeline; staff reserve (protected rooms:
        // counsellors, checked per room); facility management sets buffers.
        (Method::GET, "/api/v1/rooms", Value::Null, all),
        (
            Method::GET,
            "/api/v1/rooms/timeline?day=2030-01-07",
            Value::Null,
            all,
        ),
        (
            Method::PUT,
            "/api/v1/rooms/999999/buffers",
            json!({"before_min": 0, "after_min": 0}),
            desks,
        ),
        // Whether a room may be booked at its door display: facility management.
        (
            Method::PUT,
            "/api/v1/rooms/999999/door",
            json!({"book_now": true}),
            desks,
        ),
        // A room now for a walk-in: the front desk and counsellors (no demo person's main role
        // is the front desk); 0 minutes is refused as input.
        (
            Method::POST,
            "/api/v1/rooms/now",
            json!({"minutes": 0}),
            [false, true, false, false, false, false],
        ),
        (
            Method::POST,
            "/api/v1/room-reservations",
            json!({"room_id": 999999, "day": "2030-01-07", "from": "10:00", "to": "11:00"}),
            all,
        ),
        (
            Method::GET,
            "/api/v1/room-reservations/mine",
            Value::Null,
            all,
        ),
        (
            Method::PATCH,
            "/api/v1/room-reservations/999999",
            json!({"day": "2030-01-07", "from": "10:00", "to": "11:00"}),
            all,
        ),
        (
            Method::DELETE,
            "/api/v1/room-reservations/999999",
            Value::Null,
            all,
        ),
        (
            Method::DELETE,
            "/api/v1/room-series/999999",
            Value::Null,
            all,
        ),
        (
            Method::POST,
            "/api/find_rooms",
            json!("form:query[day]=2030-01-07&query[from]=10:00&query[to]=11:00"),
            all,
        ),
        (
            Method::POST,
            "/api/room_timeline",
            json!("form:day=2030-01-07&days=1"),
            all,
        ),
        (
            Method::POST,
            "/api/reserve_room",
            json!("form:room_id=999999&day=2030-01-07&from=10:00&to=11:00"),
            all,
        ),
        (
            Method::POST,
            "/api/my_room_reservations",
            json!("form:"),
            all,
        ),
        (
            Method::POST,
            "/api/change_room_reservation",
            json!("form:id=999999&day=2030-01-07&from=10:00&to=11:00"),
            all,
        ),
        (
            Method::POST,
            "/api/cancel_room_reservation",
            json!("form:id=999999"),
            all,
        ),
        (
            Method::POST,
            "/api/cancel_room_series",
            json!("form:series_id=999999"),
            all,
        ),
        // The sensor registry: building administrators only.
        (Method::GET, "/api/v1/sensors", Value::Null, admin),
        (
            Method::POST,
            "/api/v1/sensors",
            json!({"device_key": "z2m:x/y", "model": "m", "protocol": "generic"}),
            admin,
        ),
        (
            Method::POST,
            "/api/v1/sensors/import",
            json!("device_key,model,protocol,desk,room"),
            admin,
        ),
        (Method::DELETE, "/api/v1/sensors/999999", Value::Null, admin),
        (
            Method::POST,
            "/api/book_for_team",
            json!("form:day=2030-01-07&slot=full_day"),
            lead,
        ),
        // Reports and the building now: facility management; the audit log: administrators
        // (the record of processing is open to everybody, below).
        (
            Method::GET,
            "/api/v1/reports?from=2030-01-01&to=2030-01-07",
            Value::Null,
            desks,
        ),
        (
            Method::GET,
            "/api/v1/reports/kpis.csv?from=2030-01-01&to=2030-01-07",
            Value::Null,
            desks,
        ),
        (Method::GET, "/api/v1/building/now", Value::Null, desks),
        // Open data and the rooms' calendar feeds: facility management reads the settings
        // (`ViewReports`) and changes them (`ManageDesks`): the same two roles.
        (
            Method::GET,
            "/api/v1/open-data/settings",
            Value::Null,
            desks,
        ),
        (
            Method::PUT,
            "/api/v1/open-data/settings",
            json!({"published": [], "licence": "dl-de/by-2-0", "publisher": ""}),
            desks,
        ),
        (Method::GET, "/api/v1/room-feeds", Value::Null, desks),
        (
            Method::POST,
            "/api/v1/rooms/999999/calendar",
            Value::Null,
            desks,
        ),
        (
            Method::DELETE,
            "/api/v1/rooms/999999/calendar",
            Value::Null,
            desks,
        ),
        (
            Method::POST,
            "/api/get_open_data_admin",
            json!("form:"),
            desks,
        ),
        (
            Method::POST,
            "/api/save_open_data",
            json!("form:licence=dl-de/by-2-0&publisher="),
            desks,
        ),
        (
            Method::POST,
            "/api/create_room_feed",
            json!("form:room_id=999999"),
            desks,
        ),
        (
            Method::POST,
            "/api/revoke_room_feed",
            json!("form:room_id=999999"),
            desks,
        ),
        (
            Method::GET,
            "/api/v1/planner/proposal?from=2030-01-01&to=2030-01-07",
            Value::Null,
            desks,
        ),
        (
            Method::GET,
            "/api/v1/planner/affinities",
            Value::Null,
            policies,
        ),
        (
            Method::PUT,
            "/api/v1/planner/affinities",
            json!({"unit_a": 999998, "unit_b": 999999, "weight": 1}),
            policies,
        ),
        (Method::GET, "/api/v1/planner/grants", Value::Null, policies),
        (
            Method::PUT,
            "/api/v1/planner/grants",
            json!({"zone": 999999, "organisation": 999999, "granted": true}),
            admin,
        ),
        (Method::GET, "/api/v1/planner/plans", Value::Null, policies),
        (
            Method::POST,
            "/api/v1/planner/plans",
            json!({"effective_from": "2099-01-01", "from": "2030-01-01", "to": "2030-01-07"}),
            desks,
        ),
        (
            Method::POST,
            "/api/v1/planner/plans/999999/consent",
            Value::Null,
            [false, false, false, false, true, false],
        ),
        (
            Method::POST,
            "/api/v1/planner/plans/999999/withdraw",
            Value::Null,
            desks,
        ),
        (
            Method::GET,
            "/api/v1/building/now/sensors.csv",
            Value::Null,
            desks,
        ),
        (Method::GET, "/api/v1/audit", Value::Null, audit),
        (Method::POST, "/api/get_report", json!("form:"), desks),
        (Method::POST, "/api/get_building_now", json!("form:"), desks),
        (Method::POST, "/api/get_planner", json!("form:"), desks),
        (
            Method::POST,
            "/api/get_planner_setup",
            json!("form:"),
            policies,
        ),
        (
            Method::POST,
            "/api/keep_zone_plan",
            json!("form:effective_from=2099-01-01"),
            desks,
        ),
        (
            Method::POST,
            "/api/consent_zone_plan",
            json!("form:id=999999"),
            [false, false, false, false, true, false],
        ),
        (
            Method::POST,
            "/api/withdraw_zone_plan",
            json!("form:id=999999"),
            desks,
        ),
        (
            Method::POST,
            "/api/set_unit_affinity",
            json!("form:unit_a=999998&unit_b=999999&weight=1"),
            policies,
        ),
        (Method::POST, "/api/get_audit", json!("form:"), audit),
        // The people administration pages: organisation administrators only.
        (Method::POST, "/api/people_list", json!("form:"), people),
        (
            Method::POST,
            "/api/people_get",
            json!("form:id=999999"),
            people,
        ),
        (
            Method::POST,
            "/api/people_create",
            json!("form:name=&roles%5Bemployee%5D=true"),
            people,
        ),
        (
            Method::POST,
            "/api/people_change",
            json!("form:id=999999&name=x&locale=de"),
            people,
        ),
        (
            Method::POST,
            "/api/people_set_roles",
            json!("form:id=999999&roles%5Bemployee%5D=true"),
            people,
        ),
        (
            Method::POST,
            "/api/people_deactivate",
            json!("form:id=999999"),
            people,
        ),
        (
            Method::POST,
            "/api/people_reactivate",
            json!("form:id=999999"),
            people,
        ),
        (
            Method::POST,
            "/api/people_invite",
            json!("form:id=999999"),
            people,
        ),
        (
            Method::POST,
            "/api/people_erase",
            json!("form:id=999999&confirmation=x"),
            people,
        ),
        // The single sign-on mapping: organisation administrators only (another
        // organisation's is their 404, an unknown unit their 400).
        (
            Method::GET,
            "/api/v1/organisations/stadt/identity-mapping",
            Value::Null,
            people,
        ),
        (
            Method::PUT,
            "/api/v1/organisations/stadt/identity-mapping",
            json!({"units": [{"value": "x", "unit": "no-such-unit"}], "roles": []}),
            people,
        ),
        // Its page (`/admin/sign-in`): the caller's own organisation only (an unknown unit is
        // their 400, a rule that is not there their 404).
        (Method::POST, "/api/sign_in_admin", json!("form:"), people),
        (
            Method::POST,
            "/api/sign_in_save_unit_rule",
            json!("form:original=&value=x&unit=no-such-unit"),
            people,
        ),
        (
            Method::POST,
            "/api/sign_in_remove_unit_rule",
            json!("form:value=no-such-value"),
            people,
        ),
        (
            Method::POST,
            "/api/sign_in_save_role_rule",
            json!("form:original_group=&original_role=&group=x&role=building_admin"),
            people,
        ),
        (
            Method::POST,
            "/api/sign_in_remove_role_rule",
            json!("form:group=no-such-group&role=employee"),
            people,
        ),
        // The units page and API: organisation administrators only (an unknown unit or
        // person is their 404, a malformed short name their 400).
        (Method::GET, "/api/v1/units", Value::Null, units),
        (
            Method::POST,
            "/api/v1/units",
            json!({"slug": "Not A Slug", "name": "x"}),
            units,
        ),
        (
            Method::PATCH,
            "/api/v1/units/999999",
            json!({"name": "x"}),
            units,
        ),
        (
            Method::POST,
            "/api/v1/units/999999/merge",
            json!({"into": 999998}),
            units,
        ),
        (
            Method::POST,
            "/api/v1/units/999999/close",
            Value::Null,
            units,
        ),
        (
            Method::PUT,
            "/api/v1/units/999999/home-zones",
            json!({"zones": []}),
            units,
        ),
        (
            Method::PUT,
            "/api/v1/units/999999/policy",
            json!({"max_days_ahead": 3, "half_days_allowed": true, "overflow": "none"}),
            units,
        ),
        (
            Method::DELETE,
            "/api/v1/units/999999/policy",
            Value::Null,
            units,
        ),
        (
            Method::GET,
            "/api/v1/people/999999/deputies",
            Value::Null,
            units,
        ),
        (
            Method::PUT,
            "/api/v1/people/999999/deputies",
            json!({"deputies": []}),
            units,
        ),
        (Method::POST, "/api/get_units_admin", json!("form:"), units),
        (
            Method::POST,
            "/api/create_unit",
            json!("form:slug=Not+A+Slug&name=x"),
            units,
        ),
        (
            Method::POST,
            "/api/rename_unit",
            json!("form:id=999999&name=x"),
            units,
        ),
        (
            Method::POST,
            "/api/merge_unit",
            json!("form:id=999999&into=999998"),
            units,
        ),
        (
            Method::POST,
            "/api/close_unit",
            json!("form:id=999999"),
            units,
        ),
        (
            Method::POST,
            "/api/set_unit_home_zones",
            json!("form:id=999999"),
            units,
        ),
        (
            Method::POST,
            "/api/set_unit_policy",
            json!("form:id=999999&max_days_ahead=3&max_bookings_per_week=&overflow=none"),
            units,
        ),
        (
            Method::POST,
            "/api/remove_unit_policy",
            json!("form:id=999999"),
            units,
        ),
        (
            Method::POST,
            "/api/add_deputy",
            json!("form:counsellor=999999&deputy=999998"),
            units,
        ),
        (
            Method::POST,
            "/api/remove_deputy",
            json!("form:counsellor=999999&deputy=999998"),
            units,
        ),
        // The organisation import (API and page): the administrators of that organisation
        // (the demo's organisation administrator is the city's; an empty file is their 422).
        (
            Method::POST,
            "/api/v1/organisations/stadt/import?dry_run=true",
            json!({}),
            units,
        ),
        (
            Method::POST,
            "/api/preview_org_import",
            json!("form:kind=&content="),
            units,
        ),
        (
            Method::POST,
            "/api/apply_org_import",
            json!("form:kind=&content=&plan=x"),
            units,
        ),
        // The building import (API and page): building administrators (an empty file is
        // their 422, or the page's list of problems).
        (
            Method::POST,
            "/api/v1/buildings/no-such-building/import?dry_run=true",
            json!({}),
            admin,
        ),
        (
            Method::POST,
            "/api/preview_building_import",
            json!("form:building=&content="),
            admin,
        ),
        (
            Method::POST,
            "/api/apply_building_import",
            json!("form:building=&content=&plan=x"),
            admin,
        ),
        // The building editor: building administrators (an unknown building is 404 to them).
        (
            Method::GET,
            "/api/v1/buildings/no-such-building/editor",
            Value::Null,
            admin,
        ),
        // The entrance zone: who is admitted, a room's longest slot; building administrators.
        (
            Method::GET,
            "/api/v1/buildings/no-such-building/entrance",
            Value::Null,
            admin,
        ),
        (
            Method::PUT,
            "/api/v1/buildings/no-such-building/entrance/admissions",
            json!({"organisations": []}),
            admin,
        ),
        (
            Method::PUT,
            "/api/v1/rooms/999999/max-slot",
            json!({"max_slot_minutes": 15}),
            admin,
        ),
        (
            Method::POST,
            "/api/get_entrance",
            json!("form:slug=no-such-building"),
            admin,
        ),
        (
            Method::POST,
            "/api/set_entrance_admissions",
            json!("form:slug=no-such-building&organisations="),
            admin,
        ),
        (
            Method::POST,
            "/api/set_room_max_slot",
            json!("form:room=999999&minutes=15"),
            admin,
        ),
        (
            Method::PATCH,
            "/api/v1/buildings/no-such-building",
            json!({"name": "x"}),
            admin,
        ),
        (
            Method::POST,
            "/api/v1/buildings/no-such-building/floors",
            json!({"level": 1, "name": "x", "plan_width": 10, "plan_height": 10}),
            admin,
        ),
        (
            Method::DELETE,
            "/api/v1/buildings/no-such-building/floors/999999",
            Value::Null,
            admin,
        ),
        (
            Method::GET,
            "/api/v1/buildings/no-such-building/floors/999999/plan",
            Value::Null,
            all,
        ),
        (
            Method::PUT,
            "/api/v1/buildings/no-such-building/floors/999999/plan",
            Value::Null,
            admin,
        ),
        (
            Method::DELETE,
            "/api/v1/buildings/no-such-building/floors/999999/plan",
            Value::Null,
            admin,
        ),
        (
            Method::POST,
            "/api/v1/buildings/no-such-building/zones",
            json!({"floor_id": 999999}),
            admin,
        ),
        (
            Method::PATCH,
            "/api/v1/buildings/no-such-building/zones/999999",
            json!({"x": 1}),
            admin,
        ),
        (
            Method::DELETE,
            "/api/v1/buildings/no-such-building/zones/999999",
            Value::Null,
            admin,
        ),
        (
            Method::POST,
            "/api/v1/buildings/no-such-building/desks",
            json!({"zone_id": 999999}),
            admin,
        ),
        (
            Method::PATCH,
            "/api/v1/buildings/no-such-building/desks/999999",
            json!({"x": 1}),
            admin,
        ),
        (
            Method::DELETE,
            "/api/v1/buildings/no-such-building/desks/999999?bookings=cancel",
            Value::Null,
            admin,
        ),
        (
            Method::POST,
            "/api/v1/buildings/no-such-building/rooms",
            json!({"floor_id": 999999}),
            admin,
        ),
        (
            Method::PATCH,
            "/api/v1/buildings/no-such-building/rooms/999999",
            json!({"x": 1}),
            admin,
        ),
        (
            Method::DELETE,
            "/api/v1/buildings/no-such-building/rooms/999999",
            Value::Null,
            admin,
        ),
        (
            Method::POST,
            "/api/get_building_list",
            json!("form:"),
            admin,
        ),
        (
            Method::POST,
            "/api/get_building_editor",
            json!("form:slug=no-such-building"),
            admin,
        ),
        (
            Method::POST,
            "/api/save_building",
            json!(
                "form:slug=no-such-building&name=x&address=&timezone=Europe%2FBerlin&site=&site_name="
            ),
            admin,
        ),
        (
            Method::POST,
            "/api/add_building_floor",
            json!("form:slug=no-such-building&level=1&name=x&plan_width=10&plan_height=10"),
            admin,
        ),
        (
            Method::POST,
            "/api/save_building_place",
            json!("form:slug=no-such-building&form[kind]=zone"),
            admin,
        ),
        (
            Method::POST,
            "/api/remove_building_place",
            json!("form:slug=no-such-building&kind=desk&id=999999"),
            admin,
        ),
        (
            Method::POST,
            "/api/remove_floor_plan_image",
            json!("form:slug=no-such-building&id=999999"),
            admin,
        ),
        // Building-wide policies: building administrators (an unknown building is 404 to
        // them, a limit out of range 400); maintenance blocks on their page: facility
        // management.
        (Method::GET, "/api/v1/policies", Value::Null, admin),
        (Method::GET, "/api/v1/policy", Value::Null, admin),
        (
            Method::PUT,
            "/api/v1/policy",
            json!({"max_days_ahead": -1, "half_days_allowed": true, "overflow": "none",
                   "checkin_grace_min": 30, "auto_release": false, "release_without_sensor": false}),
            admin,
        ),
        (
            Method::GET,
            "/api/v1/buildings/no-such-building/policy",
            Value::Null,
            admin,
        ),
        (
            Method::PUT,
            "/api/v1/buildings/no-such-building/policy",
            json!({"max_days_ahead": 3, "half_days_allowed": true, "overflow": "none",
                   "checkin_grace_min": 30, "auto_release": false, "release_without_sensor": false}),
            admin,
        ),
        (
            Method::DELETE,
            "/api/v1/buildings/no-such-building/policy",
            Value::Null,
            admin,
        ),
        (
            Method::POST,
            "/api/get_policies_admin",
            json!("form:"),
            admin,
        ),
        (
            Method::POST,
            "/api/save_building_policy",
            json!(
                "form:building=no-such-building&max_days_ahead=3&max_bookings_per_week=&overflow=none&checkin_grace_min=30&release=off"
            ),
            admin,
        ),
        (
            Method::POST,
            "/api/remove_building_policy",
            json!("form:building=no-such-building"),
            admin,
        ),
        (Method::POST, "/api/get_blocks_admin", json!("form:"), desks),
        (
            Method::POST,
            "/api/create_maintenance_block",
            json!("form:place=desk:999999&from_day=2030-01-07&to_day=2030-01-07&reason=x"),
            desks,
        ),
        (
            Method::POST,
            "/api/end_maintenance_block",
            json!("form:id=999999"),
            desks,
        ),
    ];

    async fn call(
        server: &Server,
        client: &reqwest::Client,
        method: &Method,
        path: &str,
        body: &Value,
    ) -> u16 {
        let mut request = client.request(method.clone(), server.at(path));
        match body {
            Value::Null => {}
            Value::String(form) if form.starts_with("form:") => {
                request = request
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(form["form:".len()..].to_string());
            }
            json => request = request.json(json),
        }
        let response = request.send().await.unwrap();
        // A server function answers its errors as problem documents with their status, marked
        // by the `serverfnerror` header; a 404 without it means the function does not exist.
        let status = response.status().as_u16();
        let server_function = path.starts_with("/api/") && !path.starts_with("/api/v1/");
        assert!(
            !(server_function
                && status == 404
                && !response.headers().contains_key("serverfnerror")),
            "{method} {path} exists"
        );
        status
    }

    let mut failures = Vec::new();
    for (index, role) in ROLES.iter().enumerate() {
        let client = server.demo_client(role).await;
        for (method, path, body, allowed) in &rows {
            let status = call(&server, &client, method, path, body).await;
            let permitted = !matches!(status, 401 | 403);
            if permitted != allowed[index] {
                failures.push(format!("{role} {method} {path}: {status}"));
            }
        }
    }
    // Open to everyone, signed in or not: the sign-in and invitation pages need them.
    for (method, path, body) in [
        (Method::POST, "/api/current_person", json!("form:")),
        (Method::POST, "/api/demo_people", json!("form:")),
        (Method::POST, "/api/sso_providers", json!("form:")),
        (
            Method::POST,
            "/api/invitation",
            json!("form:token=pwi_unknown"),
        ),
        (
            Method::POST,
            "/api/v1/auth/passkeys/sign-in/start",
            Value::Null,
        ),
        (Method::GET, "/api/v1/auth/demo-people", Value::Null),
        // The check-in page a QR code opens, and its passkey confirmation.
        (
            Method::POST,
            "/api/check_in_place",
            json!("form:kind=desk&id=1"),
        ),
        (Method::POST, "/api/v1/check-ins/passkey", json!({})),
        // What is stored and for how long: for everybody.
        (Method::GET, "/api/v1/privacy/record", Value::Null),
        (Method::POST, "/api/get_processing_record", json!("form:")),
        // Open data: for everybody (what is published, the catalogue, the page's data).
        (Method::GET, "/api/v1/open-data", Value::Null),
        (Method::GET, "/api/v1/open-data/catalog.jsonld", Value::Null),
        (Method::POST, "/api/get_open_data", json!("form:")),
    ] {
        let status = call(&server, &plain(), &method, path, &body).await;
        // A server function's own 404 (an unknown invitation) is an answer; `call` has
        // checked that it exists.
        if matches!(status, 401 | 403 | 405) || (status == 404 && path.starts_with("/api/v1/")) {
            failures.push(format!("anonymous {method} {path} (open): {status}"));
        }
    }
    // Nobody signed in: everything else is refused.
    let anonymous = plain();
    for (method, path, body, _) in &rows {
        let status = call(&server, &anonymous, method, path, body).await;
        if status != 401 {
            failures.push(format!("anonymous {method} {path}: {status}"));
        }
    }
    // A read-only personal token of a building administrator: reads, but never administers
    // or manages the account.
    let admin = server.demo_client("building_admin").await;
    let read_only = token(&server, &admin, &["read"]).await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::AUTHORIZATION,
        format!("Bearer {read_only}").parse().unwrap(),
    );
    let scripted = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    for (method, path, expected) in [
        (Method::GET, "/api/v1/occupancy?floor=2", 200),
        (Method::GET, "/api/v1/devices", 403),
        (Method::GET, "/api/v1/me/tokens", 403),
        (Method::GET, "/api/v1/me/sessions", 403),
    ] {
        let status = call(&server, &scripted, &method, path, &Value::Null).await;
        if status != expected {
            failures.push(format!(
                "read-only token {method} {path}: {status}, expected {expected}"
            ));
        }
    }
    // A device token is no person: it may not read a person's account.
    let response = admin
        .post(server.at("/api/v1/devices"))
        .json(&json!({"name": "Leser 2.OG", "scopes": ["checkin"]}))
        .send()
        .await
        .unwrap();
    let device = response.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(device.starts_with("pwd_"));
    let status = plain()
        .get(server.at("/api/v1/me"))
        .bearer_auth(&device)
        .send()
        .await
        .unwrap()
        .status();
    if status != StatusCode::FORBIDDEN {
        failures.push(format!("device token GET /api/v1/me: {status}"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
