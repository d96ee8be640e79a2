//! Secure by default, tried against the real server binary as an attacker would: demo mode is
//! off on a fresh install and never a back door, an organisation administrator cannot take over
//! an account by invitation, every response carries the security headers, and the language
//! switch and sign-in never redirect to another site.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Stdio};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::db::{Backend, TestDatabase};
use tests::server::{Options, Server, binary, free_port, run_command};

fn plain() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_fresh_install_is_no_demo_and_says_how_to_create_the_first_administrator() {
    let Some(db) = TestDatabase::create(Backend::Sqlite).await else {
        return;
    };
    let server = Server::start(Options {
        database_url: Some(db.url().to_string()),
        default_demo: true,
        ..Options::default()
    });
    // No demo people, no demo sign-in, no demo building.
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
    // The first visitor is sent to the sign-in page, which says how to begin.
    let response = plain().get(server.at("/")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = plain()
        .get(server.at("/sign-in"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Willkommen bei Platzwahl"), "{html}");
    assert!(html.contains("platzwahl people add"), "{html}");
    assert!(!html.contains("Demo: anmelden als"));

    // Once the first administrator exists, the page is an ordinary sign-in page.
    let (ok, output) = run_command(
        &[
            "people",
            "add",
            "--name",
            "Erste Admin",
            "--email",
            "admin@example.org",
            "--organisation",
            "stadt",
            "--organisation-name",
            "Stadt Wuppertal",
            "--role",
            "building_admin",
        ],
        db.url(),
    );
    assert!(ok, "{output}");
    assert!(output.contains("/invite/"), "{output}");
    let html = plain()
        .get(server.at("/sign-in"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("platzwahl people add"));
    drop(server);
    db.remove().await;
}

#[tokio::test]
async fn demo_sign_in_accepts_only_the_people_the_demo_seeded() {
    let Some(db) = TestDatabase::create(Backend::Sqlite).await else {
        return;
    };
    let server = Server::start(Options {
        database_url: Some(db.url().to_string()),
        ..Options::default()
    });
    // A person created by an administrator, and one created on the command line.
    let admin = server.demo_client("org_admin").await;
    let response = admin
        .post(server.at("/api/v1/people"))
        .json(&json!({ "display_name": "Echte Person", "email": "echt@example.org", "roles": ["employee"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let by_api = response.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let (ok, output) = run_command(
        &[
            "people",
            "add",
            "--name",
            "Bau Admin",
            "--email",
            "bau@example.org",
            "--organisation",
            &org_slug(&db, &server.demo_people().await[0]["organisation"]).await,
            "--role",
            "building_admin",
        ],
        db.url(),
    );
    assert!(ok, "{output}");
    let by_cli = person_id(&db, "bau@example.org").await;

    for id in [by_api, by_cli] {
        let response = plain()
            .post(server.at("/api/v1/auth/demo-sign-in"))
            .json(&json!({ "person": id }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "person {id}");
        assert!(response.headers().get("set-cookie").is_none());
        // Nor through the demo list's form.
        let response = plain()
            .post(server.at("/sign-in/demo"))
            .form(&[("person", id.to_string())])
            .send()
            .await
            .unwrap();
        assert!(
            response.headers().get("set-cookie").is_none(),
            "person {id}"
        );
    }
    let listed = server.demo_people().await;
    assert!(
        listed
            .iter()
            .all(|p| p["id"] != json!(by_api) && p["id"] != json!(by_cli))
    );
    drop(server);
    db.remove().await;
}

/// The id of the person with this e-mail address, read with sea-orm.
async fn person_id(db: &TestDatabase, email: &str) -> i64 {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let person = entities::person::Entity::find()
        .filter(entities::person::Column::Email.eq(email))
        .one(db.connection())
        .await
        .unwrap()
        .expect("the person exists");
    assert!(
        !person.demo,
        "created outside the demo seed: no demo person"
    );
    i64::from(person.id)
}

/// Starts `platzwahl serve --demo` with `env` and returns its exit code and standard error, or
/// `None` if it was still running after 30 s (it was not refused).
fn serve_demo(env: &[(&str, &str)]) -> Option<(i32, String)> {
    let data = tempfile::tempdir().unwrap();
    let mut child = Command::new(binary())
        .args(["serve", "--demo"])
        .env_remove("PLATZWAHL_DEMO")
        .env("PLATZWAHL_DATA_DIR", data.path())
        .env(
            "PLATZWAHL_MQTT_EMBEDDED_LISTEN",
            format!("127.0.0.1:{}", free_port()),
        )
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Standard error ends when the process does; wait for that, at most 30 s.
    let mut stderr = child.stderr.take().unwrap();
    let (done, ended) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::Read;
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        let _ = done.send(text);
    });
    match ended.recv_timeout(Duration::from_secs(30)) {
        Ok(text) => Some((child.wait().unwrap().code().unwrap_or(-1), text)),
        Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            None
        }
    }
}

#[test]
fn demo_mode_refuses_to_start_where_others_can_reach_it_and_names_the_setting() {
    let port = free_port().to_string();
    let wide = format!("0.0.0.0:{port}");
    let (code, stderr) = serve_demo(&[("PLATZWAHL_LISTEN", &wide)]).expect("refused");
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("demo_exposed") && stderr.contains("listen"),
        "{stderr}"
    );

    let (code, stderr) = serve_demo(&[
        ("PLATZWAHL_LISTEN", "127.0.0.1:0"),
        (
            "PLATZWAHL_AUTH__PUBLIC_URL",
            "https://platzwahl.example.org",
        ),
    ])
    .expect("refused");
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("demo_exposed") && stderr.contains("public_url"),
        "{stderr}"
    );
    // Also through the environment alone, without --demo.
    let data = tempfile::tempdir().unwrap();
    let output = Command::new(binary())
        .arg("serve")
        .env("PLATZWAHL_DEMO", "true")
        .env("PLATZWAHL_LISTEN", &wide)
        .env("PLATZWAHL_DATA_DIR", data.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("PLATZWAHL_DEMO_EXPOSED"));
}

#[tokio::test]
async fn an_organisation_administrator_cannot_take_over_an_account_by_invitation() {
    let Some(db) = TestDatabase::create(Backend::Sqlite).await else {
        return;
    };
    let server = Server::start(Options {
        database_url: Some(db.url().to_string()),
        ..Options::default()
    });
    let admin = server.demo_client("org_admin").await;
    let people = server.demo_people().await;
    let org_of = |role: &str| {
        people
            .iter()
            .find(|p| p["roles"].as_array().unwrap().last() == Some(&json!(role)))
            .unwrap()["organisation"]
            .clone()
    };
    let admin_org = org_of("org_admin");
    let invite = |id: i64| {
        let admin = admin.clone();
        let url = server.at(&format!("/api/v1/people/{id}/invitations"));
        async move { admin.post(url).send().await.unwrap() }
    };

    // Someone of the organisation with a role the administrator may not grant (building-wide).
    let (ok, output) = run_command(
        &[
            "people",
            "add",
            "--name",
            "Bau Admin",
            "--email",
            "bau@example.org",
            "--organisation",
            &org_slug(&db, &admin_org).await,
            "--role",
            "building_admin",
        ],
        db.url(),
    );
    assert!(ok, "{output}");
    let building_admin = person_id(&db, "bau@example.org").await;
    let response = invite(building_admin).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("platzwahl people invite")
    );

    // An employee the administrator created: invitations work, and a new link voids the older.
    let id = server
        .create_employee(&admin, "Neu", "neu@example.org")
        .await;
    let first = invite(id).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    let second: Value = invite(id).await.json().await.unwrap();
    let token = |v: &Value| {
        v["link"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_string()
    };
    let status = |token: String| {
        let url = server.at(&format!("/api/v1/auth/invitations/{token}"));
        async move { plain().get(url).send().await.unwrap().status() }
    };
    assert_ne!(
        status(token(&first)).await,
        StatusCode::OK,
        "the older link is void"
    );
    assert_eq!(status(token(&second)).await, StatusCode::OK);

    // Once the person has a passkey, a new link would take the account over: refused.
    add_passkey_row(&db, id).await;
    let response = invite(id).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    drop(server);
    db.remove().await;
}

/// The slug of the organisation with this name.
async fn org_slug(db: &TestDatabase, name: &Value) -> String {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    entities::organisation::Entity::find()
        .filter(entities::organisation::Column::Name.eq(name.as_str().unwrap()))
        .one(db.connection())
        .await
        .unwrap()
        .expect("the organisation")
        .slug
}

/// Stores a (made-up) passkey for the person, as if they had registered one.
async fn add_passkey_row(db: &TestDatabase, person_id: i64) {
    use sea_orm::{ActiveModelTrait, Set};
    entities::passkey::ActiveModel {
        person_id: Set(i32::try_from(person_id).unwrap()),
        name: Set("Laptop".into()),
        credential_id: Set(format!("made-up-{person_id}")),
        credential: Set("{}".into()),
        created_at: Set(chrono::Utc::now()),
        last_used_at: Set(None),
        ..Default::default()
    }
    .insert(db.connection())
    .await
    .unwrap();
}

/// The paths of the known redirect bypasses, as they appear in a query (percent-encoded once).
const BYPASSES: &[&str] = &[
    "//evil.example/",
    "/%09/evil.example",
    "/%0a/x",
    "/%0d%0a/x",
    "%2F%2Fevil.example",
    "/%5Cevil.example",
    "/%5C/evil.example",
    "/%2F%5Cevil.example",
    "%5C%5Cevil.example",
    "https://evil.example/",
    "/%252F%252Fevil.example",
    "/%2509/evil.example",
    "/a%2F%2Fb",
];

#[tokio::test]
async fn the_language_switch_and_sign_in_never_redirect_to_another_site() {
    let server = Server::start(Options::default());
    for back in BYPASSES {
        let response = plain()
            .get(format!("{}/lang/en?back={back}", server.url))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "back={back}");
        assert_eq!(response.headers()["location"], "/", "back={back}");
    }
    // A local path is followed.
    let response = plain()
        .get(format!(
            "{}/lang/en?back=/rooms%3Fday%3D2026-12-04",
            server.url
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["location"], "/rooms?day=2026-12-04");

    // After the demo sign-in form, too.
    let person = server.demo_people().await[0]["id"].as_i64().unwrap();
    for next in BYPASSES {
        let response = plain()
            .post(server.at("/sign-in/demo"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("person={person}&next={next}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "next={next}");
        assert_eq!(response.headers()["location"], "/", "next={next}");
    }
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_pages_a_nonce_policy() {
    let server = Server::start(Options::default());
    let cookie = server.viewer_cookie().await;
    let client = server.client_with(&cookie);
    for path in ["/", "/sign-in", "/privacy", "/rooms", "/no-such-page"] {
        let response = client.get(server.at(path)).send().await.unwrap();
        let headers = response.headers().clone();
        let policy = headers["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        let html = response.text().await.unwrap();
        assert!(
            policy.contains("frame-ancestors 'none'"),
            "{path}: {policy}"
        );
        assert!(
            !policy.contains("'unsafe-inline'") || !script_src(&policy).contains("unsafe-inline")
        );
        let nonce = script_src(&policy)
            .split_whitespace()
            .find_map(|part| part.strip_prefix("'nonce-"))
            .map(|n| n.trim_end_matches('\'').to_string())
            .unwrap_or_else(|| panic!("{path}: no nonce in {policy}"));
        // Every inline script of the page carries the nonce.
        for script in html.split("<script").skip(1) {
            let tag = script.split('>').next().unwrap();
            if !tag.contains("src=") {
                assert!(
                    tag.contains(&format!("nonce=\"{nonce}\"")),
                    "{path}: <script{tag}>"
                );
            }
        }
        assert_common(&headers, path);
    }
    // A fresh nonce each time.
    let policy = |r: reqwest::Response| {
        r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string()
    };
    let a = policy(plain().get(server.at("/sign-in")).send().await.unwrap());
    let b = policy(plain().get(server.at("/sign-in")).send().await.unwrap());
    assert_ne!(a, b);

    // Not pages: nothing may load.
    for path in [
        "/api/v1/me",
        "/healthz",
        "/pkg/platzwahl.css",
        "/api/v1/auth/demo-people",
    ] {
        let response = plain().get(server.at(path)).send().await.unwrap();
        let headers = response.headers();
        assert!(
            headers["content-security-policy"]
                .to_str()
                .unwrap()
                .starts_with("default-src 'none'"),
            "{path}"
        );
        assert_common(headers, path);
        assert!(headers.get("strict-transport-security").is_none());
    }
}

fn script_src(policy: &str) -> String {
    policy
        .split(';')
        .find(|d| d.trim().starts_with("script-src"))
        .unwrap_or_default()
        .to_string()
}

fn assert_common(headers: &reqwest::header::HeaderMap, path: &str) {
    assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
    assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
    assert_eq!(headers["x-frame-options"], "DENY", "{path}");
    assert!(
        headers["permissions-policy"]
            .to_str()
            .unwrap()
            .contains("camera=()"),
        "{path}"
    );
}

#[tokio::test]
async fn over_https_sessions_use_a_host_only_browser_session_cookie_and_hsts() {
    let server = Server::start(Options {
        env: vec![
            (
                "PLATZWAHL_AUTH__PUBLIC_URL".into(),
                "https://platzwahl.example.org".into(),
            ),
            ("PLATZWAHL_DEMO_EXPOSED".into(), "true".into()),
        ],
        ..Options::default()
    });
    let person = server.demo_people().await[0]["id"].clone();
    let response = plain()
        .post(server.at("/api/v1/auth/demo-sign-in"))
        .header("origin", "https://platzwahl.example.org")
        .json(&json!({ "person": person }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("__Host-pw_session=pws_"), "{cookie}");
    assert!(
        cookie.contains("; Secure") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Max-Age") && !cookie.contains("Domain"),
        "{cookie}"
    );
    // The session works under that name only.
    let value = cookie.split(';').next().unwrap().to_string();
    let me = plain()
        .get(server.at("/api/v1/me"))
        .header("cookie", &value)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    let plain_name = value.replacen("__Host-", "", 1);
    let me = plain()
        .get(server.at("/api/v1/me"))
        .header("cookie", plain_name)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn personal_tokens_expire_and_sign_out_everywhere_ends_them_with_the_sessions() {
    let server = Server::start(Options::default());
    let people = server.demo_people().await;
    let id = people[0]["id"].as_i64().unwrap();
    let laptop = server.client_with(&server.session_of(id).await);
    let phone = server.client_with(&server.session_of(id).await);

    // At most a year; 90 days unless said otherwise.
    for days in [0, 366, 10_000] {
        let response = laptop
            .post(server.at("/api/v1/me/tokens"))
            .json(&json!({ "name": "Skript", "scopes": ["read"], "expires_in_days": days }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{days} days");
    }
    let created: Value = laptop
        .post(server.at("/api/v1/me/tokens"))
        .json(&json!({ "name": "Skript", "scopes": ["read"] }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = created["token"].as_str().unwrap().to_string();
    let listed: Value = laptop
        .get(server.at("/api/v1/me/tokens"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let expires = chrono::DateTime::parse_from_rfc3339(listed[0]["expires_at"].as_str().unwrap())
        .unwrap()
        .with_timezone(&chrono::Utc);
    let days = (expires - chrono::Utc::now()).num_hours() as f64 / 24.0;
    assert!((89.9..=90.1).contains(&days), "{days} days");
    let with_token = |path: &str| plain().get(server.at(path)).bearer_auth(&token).send();
    assert_eq!(
        with_token("/api/v1/occupancy?floor=2")
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );

    // The account lists both sessions, marks the asking one, and ends the other.
    let sessions: Value = laptop
        .get(server.at("/api/v1/me/sessions"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let sessions = sessions.as_array().unwrap();
    assert!(sessions.len() >= 2);
    let current: Vec<_> = sessions
        .iter()
        .filter(|s| s["current"] == json!(true))
        .collect();
    assert_eq!(current.len(), 1);
    let other = sessions
        .iter()
        .find(|s| s["current"] == json!(false))
        .unwrap();
    let response = laptop
        .delete(server.at(&format!("/api/v1/me/sessions/{}", other["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let me = phone.get(server.at("/api/v1/me")).send().await.unwrap();
    assert_eq!(
        me.status(),
        StatusCode::UNAUTHORIZED,
        "the phone's session ended"
    );
    // Someone else's session id is nobody's business.
    let stranger = server.client_with(&server.session_of(people[1]["id"].as_i64().unwrap()).await);
    let response = stranger
        .delete(server.at(&format!("/api/v1/me/sessions/{}", current[0]["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // Sign out everywhere: the token ends with the sessions.
    let body: Value = laptop
        .post(server.at("/api/v1/auth/sign-out-everywhere"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["tokens_ended"], 1);
    assert_eq!(
        with_token("/api/v1/occupancy?floor=2")
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn bad_json_paths_and_queries_get_a_problem_document() {
    let server = Server::start(Options::default());
    let client = server.demo_client("org_admin").await;
    let cases = [
        client.delete(server.at("/api/v1/me/sessions/not-a-number")),
        client.post(server.at("/api/v1/people/null/invitations")),
        client
            .post(server.at("/api/v1/people"))
            .header("content-type", "application/json")
            .body("{\"display_name\": 5"),
        client
            .post(server.at("/api/v1/me/tokens"))
            .json(&json!({ "name": "x", "scopes": ["read"], "expires_in_days": -1 })),
        client.get(server.at("/api/v1/occupancy?floor=zwei")),
        client.get(server.at("/api/v1/reports/kpis.csv?from=gestern")),
    ];
    for request in cases {
        let response = request
            .header("accept-language", "en")
            .send()
            .await
            .unwrap();
        let status = response.status();
        let url = response.url().to_string();
        assert_eq!(status, StatusCode::BAD_REQUEST, "{url}");
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json",
            "{url}"
        );
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["type"], "/problems/invalid-input", "{url}");
        assert!(
            problem["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{url}"
        );
    }
}

/// Starts a passkey sign-in as a browser behind the proxy at `forwarded_for` would.
async fn sign_in_start(server: &Server, forwarded_for: Option<String>) -> StatusCode {
    let mut request = plain().post(server.at("/api/v1/auth/passkeys/sign-in/start"));
    if let Some(client) = forwarded_for {
        request = request.header("x-forwarded-for", client);
    }
    request.json(&json!({})).send().await.unwrap().status()
}

#[tokio::test]
async fn behind_a_trusted_proxy_300_people_sign_in_and_one_client_is_still_limited() {
    let behind_proxy = Server::start(Options {
        env: vec![(
            "PLATZWAHL_WEB__TRUSTED_PROXIES".into(),
            "[\"127.0.0.1/32\"]".into(),
        )],
        ..Options::default()
    });
    // 300 people through one proxy, a few seconds apart in real life, all at once here.
    for n in 0..300u32 {
        let client = format!("198.51.{}.{}", n / 200, n % 200 + 1);
        let status = sign_in_start(&behind_proxy, Some(format!("203.0.113.9, {client}"))).await;
        assert_eq!(status, StatusCode::OK, "person {n} from {client}");
    }
    // One client trying again and again is slowed down (20 a minute by default).
    let statuses: Vec<StatusCode> = {
        let mut statuses = Vec::new();
        for _ in 0..25 {
            statuses.push(sign_in_start(&behind_proxy, Some("192.0.2.77".into())).await);
        }
        statuses
    };
    assert!(statuses[..20].iter().all(|s| *s == StatusCode::OK));
    assert!(
        statuses[20..]
            .iter()
            .all(|s| *s == StatusCode::TOO_MANY_REQUESTS)
    );

    // Without a trusted proxy the header is not believed: everyone is the one peer.
    let direct = Server::start(Options::default());
    let mut limited = 0;
    for n in 0..25u32 {
        if sign_in_start(&direct, Some(format!("198.51.100.{n}"))).await
            == StatusCode::TOO_MANY_REQUESTS
        {
            limited += 1;
        }
    }
    assert_eq!(limited, 5, "forged X-Forwarded-For headers are ignored");
}

#[test]
fn a_trusted_proxy_that_is_no_network_is_refused_by_name() {
    let data = tempfile::tempdir().unwrap();
    let output = Command::new(binary())
        .arg("serve")
        .env("PLATZWAHL_DATA_DIR", data.path())
        .env("PLATZWAHL_WEB__TRUSTED_PROXIES", "[\"proxy.example\"]")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("web.trusted_proxies"));
}

#[tokio::test]
async fn a_null_origin_counts_only_when_the_browser_says_the_post_is_same_origin() {
    let server = Server::start(Options::default());
    let cookie = server.demo_session("employee").await;
    // A sandboxed frame of another site posts with `Origin: null` and `Sec-Fetch-Site:
    // cross-site`: refused, with or without the cookie.
    for with_cookie in [true, false] {
        let mut request = plain()
            .post(server.at("/api/v1/auth/sign-out-everywhere"))
            .header("origin", "null")
            .header("sec-fetch-site", "cross-site");
        if with_cookie {
            request = request.header("cookie", &cookie);
        }
        assert_eq!(
            request.send().await.unwrap().status(),
            StatusCode::FORBIDDEN
        );
    }
    // The site's own form post under `Referrer-Policy: no-referrer`.
    let response = plain()
        .post(server.at("/sign-out"))
        .header("cookie", &cookie)
        .header("origin", "null")
        .header("sec-fetch-site", "same-origin")
        .form(&[("everywhere", "true")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], "/sign-in");
}

/// Makes every session's last passkey confirmation `minutes` old.
async fn age_confirmations(db: &TestDatabase, minutes: i64) {
    use sea_orm::EntityTrait;
    use sea_orm::sea_query::Expr;
    entities::web_session::Entity::update_many()
        .col_expr(
            entities::web_session::Column::VerifiedAt,
            Expr::value(chrono::Utc::now() - chrono::Duration::minutes(minutes)),
        )
        .exec(db.connection())
        .await
        .unwrap();
}

/// How many audit rows have `action`.
async fn audit_rows(db: &TestDatabase, action: &str) -> usize {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    entities::audit_log::Entity::find()
        .filter(entities::audit_log::Column::Action.eq(action))
        .all(db.connection())
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn adding_a_passkey_an_admin_token_or_roles_needs_a_passkey_confirmation_of_the_last_five_minutes()
 {
    let Some(db) = TestDatabase::create(Backend::Sqlite).await else {
        return;
    };
    let server = Server::start(Options {
        database_url: Some(db.url().to_string()),
        ..Options::default()
    });
    let admin = server.demo_client("org_admin").await;
    let employee = server
        .create_employee(&admin, "Rolf Rolle", "rolf@example.org")
        .await;
    let roles = |roles: Value| {
        let (admin, url) = (
            admin.clone(),
            server.at(&format!("/api/v1/people/{employee}/roles")),
        );
        async move {
            admin
                .put(url)
                .json(&json!({ "roles": roles }))
                .send()
                .await
                .unwrap()
        }
    };
    let admin_token = || {
        let (admin, url) = (admin.clone(), server.at("/api/v1/me/tokens"));
        async move {
            admin
                .post(url)
                .json(&json!({ "name": "Skript", "scopes": ["read", "admin"] }))
                .send()
                .await
                .unwrap()
        }
    };
    let add_passkey = || {
        let (admin, url) = (
            admin.clone(),
            server.at("/api/v1/auth/passkeys/register/start"),
        );
        async move { admin.post(url).json(&json!({})).send().await.unwrap() }
    };

    // Just signed in: the sign-in was the confirmation.
    let response = roles(json!(["employee", "counsellor"])).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["roles"], json!(["employee", "counsellor"]));
    assert_eq!(audit_rows(&db, "people.roles_changed").await, 1);
    assert_eq!(admin_token().await.status(), StatusCode::CREATED);
    assert_eq!(add_passkey().await.status(), StatusCode::OK);

    // Six minutes later, whoever holds the session cannot make the account theirs.
    age_confirmations(&db, 6).await;
    for response in [
        roles(json!(["employee"])).await,
        admin_token().await,
        add_passkey().await,
    ] {
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(
            response.json::<Value>().await.unwrap()["type"],
            "/problems/step-up-required"
        );
    }
    assert_eq!(
        audit_rows(&db, "people.roles_changed").await,
        1,
        "nothing changed"
    );
    // A token without the admin scope needs no confirmation.
    let response = admin
        .post(server.at("/api/v1/me/tokens"))
        .json(&json!({ "name": "Lesen", "scopes": ["read"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    // A confirmation cannot be faked: the step-up route wants a real passkey answer.
    let response = admin
        .post(server.at("/api/v1/auth/step-up"))
        .json(&json!({ "ceremony": "made-up", "credential": {} }))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error(), "{}", response.status());
    assert_eq!(
        roles(json!(["employee"])).await.status(),
        StatusCode::FORBIDDEN
    );

    // Roles an organisation administrator may not grant, or a stranger's: refused anyway.
    age_confirmations(&db, 0).await;
    let response = roles(json!(["building_admin"])).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let response = roles(json!([])).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let response = admin
        .put(server.at("/api/v1/people/999999/roles"))
        .json(&json!({ "roles": ["employee"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    drop(server);
    db.remove().await;
}
