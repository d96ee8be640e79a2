//! Single sign-on against real OpenID Connect providers (`oidc-provider` from npm, run with
//! Node.js by `tests::oidc`), through the real server binary on SQLite and PostgreSQL: the city
//! (`stadt`) signs in at its provider with just-in-time creation and a mapping of groups to
//! roles; the Jobcenter at a second provider without it.
//!
//! What is tried: a sign-in that works (the session reads `/api/v1/me`); a wrong `state`; a
//! replayed answer and a replayed code; an expired ID token (the provider issues it as of two
//! hours ago); an ID token for another audience; a rotated signing key; an unknown person with and without
//! just-in-time creation; groups mapped to roles, a role the organisation may not grant never
//! given; the Jobcenter's provider presenting a city person's address and subject; a
//! deactivated person; a sign-in cancelled at the provider; sign-out continuing at the
//! provider (RP-initiated logout). The schema's
//! own guards are tried on both databases directly.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use sea_orm::{ConnectionTrait, DatabaseConnection};
use tests::db::Backend;
use tests::oidc::{Browser, Provider, RegisteredClient, query_param, with_query_param};
use tests::server::{Options, Server, start_with, stop_with_log};

const STADT_SECRET: &str = "stadt-client-secret-7f3a";
const JOBCENTER_SECRET: &str = "jobcenter-client-secret-91c2";

/// The city's organisation administrator (a demo person).
async fn stadt_admin(server: &Server) -> reqwest::Client {
    let people = server.demo_people().await;
    let admin = people
        .iter()
        .find(|p| {
            p["organisation"] == "Stadt Wuppertal"
                && p["roles"]
                    .as_array()
                    .is_some_and(|roles| roles.iter().any(|r| r == "org_admin"))
        })
        .expect("a city administrator in the demo");
    let cookie = server.session_of(admin["id"].as_i64().expect("id")).await;
    server.client_with(&cookie)
}

/// Where a finished callback led, and whether it set a session cookie.
fn outcome(seen: &tests::oidc::Seen) -> (String, bool) {
    let location = seen.location.clone().unwrap_or_default();
    let path = url::Url::parse(&location)
        .map(|u| match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_string(),
        })
        .unwrap_or(location);
    let session = seen
        .set_cookies
        .iter()
        .any(|c| c.starts_with("pw_session=") && !c.starts_with("pw_session=;"));
    (path, session)
}

/// `GET /api/v1/me` with the browser's cookies at `server`.
async fn me(browser: &Browser, server: &str) -> (u16, serde_json::Value) {
    let url = format!("{server}/api/v1/me");
    let response = reqwest::Client::new()
        .get(&url)
        .header("cookie", browser.cookies_for(&url))
        .send()
        .await
        .expect("me");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

/// Signs in through `organisation`'s provider as `account`, in a new browser: the callback's
/// outcome and the browser.
async fn sign_in(server: &str, organisation: &str, account: &str) -> ((String, bool), Browser) {
    let mut browser = Browser::new();
    let callback = browser.to_callback(server, organisation, account).await;
    let answer = browser.get(&callback).await;
    assert_eq!(answer.status, 303, "the callback redirects: {answer:?}");
    (outcome(&answer), browser)
}

async fn single_sign_on(backend: Backend) {
    let Some(stadt_idp) = Provider::start() else {
        return;
    };
    let Some(jobcenter_idp) = Provider::start() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let secret_file = dir.path().join("jobcenter-secret");
    std::fs::write(&secret_file, format!("{JOBCENTER_SECRET}\n")).expect("secret file");
    let config = dir.path().join("platzwahl.toml");
    std::fs::write(
        &config,
        format!(
            r#"
[[oidc.providers]]
organisation = "stadt"
issuer = "{stadt}"
client_id = "platzwahl-stadt"
client_secret_env = "PW_TEST_OIDC_STADT_SECRET"
scopes = ["email", "profile", "platzwahl"]
unit_claim = "unit"
just_in_time = true
allow_http_issuer = true

[[oidc.providers]]
organisation = "jobcenter"
issuer = "{jobcenter}"
client_id = "platzwahl-jobcenter"
client_secret_file = "{file}"
scopes = ["email", "profile", "platzwahl"]
button_label = "Jobcenter-Konto"
allow_http_issuer = true
"#,
            stadt = stadt_idp.issuer,
            jobcenter = jobcenter_idp.issuer,
            file = secret_file.display(),
        ),
    )
    .expect("config");
    let options = Options {
        env: vec![
            ("PLATZWAHL_CONFIG".into(), config.display().to_string()),
            ("PW_TEST_OIDC_STADT_SECRET".into(), STADT_SECRET.into()),
            // Every start and answer counts as a sign-in attempt of 127.0.0.1.
            (
                "PLATZWAHL_AUTH__SIGN_IN_ATTEMPTS_PER_MINUTE".into(),
                "1000".into(),
            ),
        ],
        ..Options::default()
    };
    let Some((server, database)) = start_with(backend, options).await else {
        return;
    };
    let base = server.localhost("");
    stadt_idp
        .set_up(
            &[RegisteredClient {
                id: "platzwahl-stadt".into(),
                secret: STADT_SECRET.into(),
                server: base.clone(),
                organisation: "stadt".into(),
            }],
            &serde_json::json!({}),
        )
        .await;
    jobcenter_idp
        .set_up(
            &[RegisteredClient {
                id: "platzwahl-jobcenter".into(),
                secret: JOBCENTER_SECRET.into(),
                server: base.clone(),
                organisation: "jobcenter".into(),
            }],
            &serde_json::json!({}),
        )
        .await;

    // The sign-in page offers both organisations beside the passkey.
    let page = reqwest::get(server.at("/sign-in"))
        .await
        .expect("sign-in page")
        .text()
        .await
        .expect("text");
    assert!(
        page.contains("Mit Stadt Wuppertal anmelden"),
        "default label"
    );
    assert!(page.contains("/auth/oidc/stadt/start"), "the city's button");
    assert!(page.contains("Jobcenter-Konto"), "the configured label");
    assert!(page.contains("Mit Passkey anmelden"), "the passkey stays");

    // The city's administrator maps a unit claim and groups; building-wide roles are refused.
    let admin = stadt_admin(&server).await;
    let units: serde_json::Value = admin
        .get(server.at("/api/v1/units"))
        .send()
        .await
        .expect("units")
        .json()
        .await
        .expect("units JSON");
    let unit = units["units"][0].clone();
    let unit_slug = unit["slug"].as_str().expect("a unit").to_string();
    let unit_name = unit["name"].as_str().expect("a name").to_string();
    let mapping_url = server.at("/api/v1/organisations/stadt/identity-mapping");
    let empty: serde_json::Value = admin
        .get(&mapping_url)
        .send()
        .await
        .expect("mapping")
        .json()
        .await
        .expect("JSON");
    assert_eq!(empty, serde_json::json!({ "units": [], "roles": [] }));
    for refused in [
        serde_json::json!({ "units": [], "roles": [{ "group": "pw-haus", "role": "building_admin" }] }),
        serde_json::json!({ "units": [], "roles": [{ "group": "pw-fm", "role": "facility_manager" }] }),
        serde_json::json!({ "units": [{ "value": "Amt 40", "unit": "no-such-unit" }], "roles": [] }),
        serde_json::json!({ "units": [{ "value": "Amt 40", "unit": unit_slug }, { "value": "Amt 40", "unit": unit_slug }], "roles": [] }),
        serde_json::json!({ "units": [], "roles": [{ "group": "", "role": "employee" }] }),
    ] {
        let response = admin
            .put(&mapping_url)
            .json(&refused)
            .send()
            .await
            .expect("put");
        assert_eq!(response.status().as_u16(), 400, "refused: {refused}");
    }
    let mapping = serde_json::json!({
        "units": [{ "value": "Amt 40", "unit": unit_slug }],
        "roles": [
            { "group": "pw-beratung", "role": "counsellor" },
            { "group": "pw-beratung", "role": "employee" },
        ],
    });
    let response = admin
        .put(&mapping_url)
        .json(&mapping)
        .send()
        .await
        .expect("put");
    assert_eq!(response.status().as_u16(), 200);
    let stored: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(stored["units"], mapping["units"]);
    assert_eq!(stored["roles"].as_array().map(Vec::len), Some(2));
    let other = admin
        .get(server.at("/api/v1/organisations/jobcenter/identity-mapping"))
        .send()
        .await
        .expect("other");
    assert_eq!(
        other.status().as_u16(),
        404,
        "another organisation's mapping"
    );

    // A city person created by hand, known to the city's provider by address.
    let erika = server
        .create_employee(&admin, "Erika Beispiel", "erika.beispiel@stadt.example")
        .await;
    let erika_claims = serde_json::json!({
        "email": "Erika.Beispiel@stadt.example",
        "email_verified": true,
        "name": "Erika Beispiel",
        "groups": [],
    });
    stadt_idp
        .set_accounts(&serde_json::json!({
            "erika-sub": erika_claims,
            "nina-sub": {
                "email": "nina.neu@stadt.example",
                "email_verified": true,
                "name": "Nina Neu",
                "groups": ["pw-beratung", "pw-haus", "pw-fm"],
                "unit": "Amt 40",
            },
            "otto-sub": {
                "email": "otto.ohne@stadt.example",
                "email_verified": true,
                "name": "Otto Ohne",
                "groups": ["pw-haus"],
            },
        }))
        .await;
    // The Jobcenter's provider knows somebody with Erika's address and subject.
    jobcenter_idp
        .set_accounts(&serde_json::json!({
            "erika-sub": erika_claims,
            "jo-sub": { "email": "jo@jobcenter.example", "email_verified": true, "name": "Jo" },
        }))
        .await;

    // A wrong state is refused; the right one signs Erika in; replaying it is refused.
    let mut browser = Browser::new();
    let callback = browser.to_callback(&base, "stadt", "erika-sub").await;
    let forged = with_query_param(&callback, "state", "not-the-state-we-sent");
    let seen = browser.get(&forged).await;
    assert_eq!(
        outcome(&seen),
        ("/sign-in?sso=expired".to_string(), false),
        "wrong state"
    );
    let seen = browser.get(&callback).await;
    assert_eq!(outcome(&seen), ("/account".to_string(), true), "signed in");
    assert!(
        seen.set_cookies
            .iter()
            .any(|c| c.contains("HttpOnly") && c.contains("SameSite=Lax")),
        "a normal session cookie: {:?}",
        seen.set_cookies
    );
    let (status, who) = me(&browser, &base).await;
    assert_eq!(status, 200, "the session works");
    assert_eq!(who["id"].as_i64(), Some(erika));
    let mut replayer = Browser::new();
    let seen = replayer.get(&callback).await;
    assert_eq!(
        outcome(&seen),
        ("/sign-in?sso=expired".to_string(), false),
        "a replayed answer"
    );
    // The page says what happened.
    let page = reqwest::get(server.at("/sign-in?sso=expired"))
        .await
        .expect("page")
        .text()
        .await
        .expect("text");
    assert!(page.contains("Die Anmeldung ist abgelaufen oder wurde schon verwendet"));

    // A replayed code with a fresh state (another sign-in's) is refused by the provider.
    let code = query_param(&callback, "code").expect("a code");
    let mut again = Browser::new();
    let start = again
        .get(&format!("{base}/auth/oidc/stadt/start"))
        .await
        .location
        .expect("to the provider");
    let fresh_state = query_param(&start, "state").expect("a state");
    let replayed = format!(
        "{base}/auth/oidc/stadt/callback?code={code}&state={}",
        tests::oidc::percent(&fresh_state)
    );
    let seen = again.get(&replayed).await;
    assert_eq!(
        outcome(&seen),
        ("/sign-in?sso=failed".to_string(), false),
        "replayed code"
    );
    assert!(server.wait_for_log("reason=sso_code_refused").await);

    // Erika is found by her subject from now on, also with another address.
    stadt_idp
        .set_accounts(&serde_json::json!({
            "erika-sub": { "email": "erika.neu@stadt.example", "name": "Erika Beispiel" },
            "nina-sub": {
                "email": "nina.neu@stadt.example",
                "email_verified": true,
                "name": "Nina Neu",
                "groups": ["pw-beratung", "pw-haus", "pw-fm"],
                "unit": "Amt 40",
            },
            "otto-sub": {
                "email": "otto.ohne@stadt.example",
                "email_verified": true,
                "name": "Otto Ohne",
                "groups": ["pw-haus"],
            },
        }))
        .await;
    let ((path, session), browser) = sign_in(&base, "stadt", "erika-sub").await;
    assert_eq!((path.as_str(), session), ("/account", true));
    assert_eq!(me(&browser, &base).await.1["id"].as_i64(), Some(erika));

    // The provider rotates its signing key: the server reads the keys again and signs in.
    stadt_idp.rotate_keys().await;
    let ((path, session), _) = sign_in(&base, "stadt", "erika-sub").await;
    assert_eq!(
        (path.as_str(), session),
        ("/account", true),
        "after a key rotation"
    );
    assert!(
        server
            .wait_for_log("reading the provider's keys again")
            .await
    );

    // An expired ID token, and one for another audience, sign nobody in.
    stadt_idp.set_misbehaviour(None, -7200).await;
    let ((path, session), _) = sign_in(&base, "stadt", "erika-sub").await;
    assert_eq!(
        (path.as_str(), session),
        ("/sign-in?sso=failed", false),
        "expired"
    );
    assert!(server.wait_for_log("reason=sso_token_expired").await);
    stadt_idp.set_misbehaviour(Some("somebody-else"), 0).await;
    let ((path, session), _) = sign_in(&base, "stadt", "erika-sub").await;
    assert_eq!(
        (path.as_str(), session),
        ("/sign-in?sso=failed", false),
        "audience"
    );
    assert!(server.wait_for_log("reason=sso_wrong_audience").await);
    stadt_idp.set_misbehaviour(None, 0).await;

    // The Jobcenter's provider cannot sign in a city person, by address or by subject; an
    // unknown person is not created there (no just-in-time creation).
    let ((path, session), _) = sign_in(&base, "jobcenter", "erika-sub").await;
    assert_eq!(
        (path.as_str(), session),
        ("/sign-in?sso=unknown-person", false),
        "another organisation's provider"
    );
    let ((path, session), _) = sign_in(&base, "jobcenter", "jo-sub").await;
    assert_eq!(
        (path.as_str(), session),
        ("/sign-in?sso=unknown-person", false),
        "unknown, without just-in-time creation"
    );
    let page = reqwest::get(server.at("/sign-in?sso=unknown-person"))
        .await
        .expect("page")
        .text()
        .await
        .expect("text");
    assert!(page.contains("Ihr Konto ist in Platzwahl nicht bekannt"));

    // Just in time: Nina is created in the mapped unit with the mapped roles, never with a
    // building-wide one; Otto, whose groups map to nothing, as an employee.
    let ((path, session), nina) = sign_in(&base, "stadt", "nina-sub").await;
    assert_eq!((path.as_str(), session), ("/account", true), "created");
    let (_, who) = me(&nina, &base).await;
    assert_eq!(who["name"], "Nina Neu");
    assert_eq!(who["organisation"], "Stadt Wuppertal");
    assert_eq!(who["unit"].as_str(), Some(unit_name.as_str()));
    let mut roles: Vec<&str> = who["roles"]
        .as_array()
        .expect("roles")
        .iter()
        .filter_map(|r| r.as_str())
        .collect();
    roles.sort_unstable();
    assert_eq!(roles, vec!["counsellor", "employee"]);
    // What is kept of the provider is issuer and subject, in the person's export too.
    let export: serde_json::Value = admin
        .get(server.at(&format!(
            "/api/v1/people/{}/export",
            who["id"].as_i64().expect("id")
        )))
        .send()
        .await
        .expect("export")
        .json()
        .await
        .expect("JSON");
    assert_eq!(export["identities"][0]["issuer"], stadt_idp.issuer.as_str());
    assert_eq!(export["identities"][0]["subject"], "nina-sub");
    let ((_, session), otto) = sign_in(&base, "stadt", "otto-sub").await;
    assert!(session);
    let (_, who) = me(&otto, &base).await;
    assert_eq!(who["roles"], serde_json::json!(["employee"]));
    assert!(who["unit"].is_null(), "no unit claim, no unit");

    // Signing out ends the session here and goes on to the provider's end-session endpoint.
    let mut nina = nina;
    let session_cookie = nina.cookies_for(&format!("{base}/api/v1/me"));
    let out = nina.post_form(&format!("{base}/sign-out"), &[]).await;
    assert_eq!(out.status, 303, "sign-out: {out:?}");
    let to = out.location.clone().unwrap_or_default();
    assert!(
        to.starts_with(&format!("{}/session/end?", stadt_idp.issuer)),
        "RP-initiated logout: {to}"
    );
    assert_eq!(
        query_param(&to, "client_id").as_deref(),
        Some("platzwahl-stadt")
    );
    assert_eq!(
        query_param(&to, "post_logout_redirect_uri"),
        Some(format!("{base}/sign-in"))
    );
    let after = reqwest::Client::new()
        .get(format!("{base}/api/v1/me"))
        .header("cookie", session_cookie)
        .send()
        .await
        .expect("me");
    assert_eq!(after.status().as_u16(), 401, "the session has ended");
    let provider_logout = nina.get(&to).await;
    assert_eq!(
        provider_logout.status, 200,
        "the provider accepts the logout request"
    );

    // Cancelled at the provider: nobody is signed in, and the page says so.
    let mut cancelling = Browser::new();
    let start = cancelling
        .get(&format!("{base}/auth/oidc/stadt/start"))
        .await
        .location
        .expect("to the provider");
    let login_page = cancelling
        .get(&start)
        .await
        .location
        .expect("the login page");
    let aborted = cancelling
        .post_form(&format!("{login_page}/abort"), &[])
        .await;
    let answer = cancelling
        .get(&aborted.location.expect("resume"))
        .await
        .location
        .expect("the callback");
    assert_eq!(
        query_param(&answer, "error").as_deref(),
        Some("access_denied")
    );
    let seen = cancelling.get(&answer).await;
    assert_eq!(
        outcome(&seen),
        ("/sign-in?sso=denied".to_string(), false),
        "cancelled"
    );

    // A deactivated person is refused.
    let response = admin
        .post(server.at(&format!("/api/v1/people/{erika}/deactivate")))
        .send()
        .await
        .expect("deactivate");
    assert_eq!(response.status().as_u16(), 200);
    let ((path, session), _) = sign_in(&base, "stadt", "erika-sub").await;
    assert_eq!(
        (path.as_str(), session),
        ("/sign-in?sso=deactivated", false),
        "deactivated"
    );

    // No provider for an organisation: 404; the client secret is never logged.
    let none = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .get(server.at("/auth/oidc/universitaet/start"))
        .send()
        .await
        .expect("start");
    assert_eq!(none.status().as_u16(), 404);
    let log = stop_with_log(server, database).await;
    assert!(!log.contains(STADT_SECRET) && !log.contains(JOBCENTER_SECRET));
    assert!(
        !log.contains("erika.beispiel@stadt.example"),
        "no address in the log"
    );
}

#[tokio::test]
async fn single_sign_on_on_sqlite() {
    single_sign_on(Backend::Sqlite).await;
}

#[tokio::test]
async fn single_sign_on_on_postgres() {
    single_sign_on(Backend::Postgres).await;
}

/// What must never be stored, the database refuses, whoever writes.
async fn the_schema_guards_identities_and_mappings(db: DatabaseConnection) {
    let exec = |sql: String| {
        let db = db.clone();
        async move { db.execute_unprepared(&sql).await }
    };
    exec("INSERT INTO organisation (slug, name) VALUES ('a', 'A'), ('b', 'B')".into())
        .await
        .expect("organisations");
    exec(
        "INSERT INTO unit (organisation_id, slug, name) VALUES (1, 'ua', 'UA'), (2, 'ub', 'UB')"
            .into(),
    )
    .await
    .expect("units");
    let now = "'2026-12-07T08:00:00+00:00'";
    exec(format!(
        "INSERT INTO person (organisation_id, display_name, locale, share_location, active, \
         anonymised, demo, created_at, needs_accessible_desk) \
         VALUES (1, 'P', 'de', false, true, false, false, {now}, false)"
    ))
    .await
    .expect("person");
    let identity = |org: i32, issuer: &str, subject: &str| {
        format!(
            "INSERT INTO person_identity (person_id, organisation_id, issuer, subject) \
             VALUES (1, {org}, '{issuer}', '{subject}')"
        )
    };
    exec(identity(1, "https://idp.a", "s1"))
        .await
        .expect("an identity");
    assert!(
        exec(identity(2, "https://idp.b", "s2")).await.is_err(),
        "an identity of another organisation's provider"
    );
    assert!(
        exec(identity(1, "https://idp.a", "s1")).await.is_err(),
        "one subject, one person"
    );
    assert!(
        exec(identity(1, "https://idp.a", "s3")).await.is_err(),
        "one subject per person and issuer"
    );
    assert!(
        exec(identity(1, "https://idp.c", "")).await.is_err(),
        "an empty subject"
    );
    let mapping = |org: i32, kind: &str, value: &str, unit: &str, role: &str| {
        format!(
            "INSERT INTO identity_mapping (organisation_id, kind, claim_value, unit_id, role) \
             VALUES ({org}, '{kind}', '{value}', {unit}, {role})"
        )
    };
    exec(mapping(1, "role", "g", "NULL", "'counsellor'"))
        .await
        .expect("a role mapping");
    exec(mapping(1, "unit", "Amt 40", "1", "NULL"))
        .await
        .expect("a unit mapping");
    for (why, sql) in [
        (
            "building_admin",
            mapping(1, "role", "g2", "NULL", "'building_admin'"),
        ),
        (
            "facility_manager",
            mapping(1, "role", "g2", "NULL", "'facility_manager'"),
        ),
        (
            "another organisation's unit",
            mapping(1, "unit", "Amt 41", "2", "NULL"),
        ),
        (
            "a value, two units",
            mapping(1, "unit", "Amt 40", "1", "NULL"),
        ),
        (
            "a role mapping naming a unit",
            mapping(1, "role", "g3", "1", "'employee'"),
        ),
        (
            "a unit mapping without a unit",
            mapping(1, "unit", "Amt 42", "NULL", "NULL"),
        ),
        (
            "a role twice",
            mapping(1, "role", "g", "NULL", "'counsellor'"),
        ),
        (
            "an empty value",
            mapping(1, "role", "", "NULL", "'employee'"),
        ),
    ] {
        assert!(exec(sql).await.is_err(), "refused: {why}");
    }
    assert!(
        exec("UPDATE person SET organisation_id = 2 WHERE id = 1".into())
            .await
            .is_err(),
        "a person does not leave with an identity of their organisation's provider"
    );
}

tests::on_both_backends!(the_schema_guards_identities_and_mappings);
