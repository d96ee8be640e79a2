//! Single sign-on in the browser (issue 22), through the real server binary:
//!
//! 1. the sign-in page's buttons, in Chromium, with a real OpenID provider (`oidc-provider`
//!    from npm, `tests::oidc`): the page offers one button per configured provider, named
//!    "Mit Stadt Wuppertal anmelden" for screen readers too; cancelling at the provider comes
//!    back to the sign-in page, which says so; signing in at the provider lands signed in;
//! 2. without a provider the sign-in page has no such button; the sign-in administration page
//!    (`/admin/sign-in`), in Chromium: the city's organisation administrator adds, changes and
//!    removes mapping rules, partly by keyboard alone; refused input is shown at its field; the
//!    directory sync's last run is shown with its counts;
//! 3. over HTTP on SQLite and PostgreSQL: an employee gets nothing from the page's server
//!    functions, and the Jobcenter's administrator neither sees nor changes the city's rules.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use tests::browser::Browser;
use tests::db::{Backend, TestDatabase};
use tests::oidc::{Provider, RegisteredClient};
use tests::server::{Options, Server, stop};

const STADT_SECRET: &str = "stadt-client-secret-sso-web";

/// Demo sign-ins and sign-in attempts are not rate-limited here: the tests sign in often.
fn unlimited() -> (String, String) {
    (
        "PLATZWAHL_AUTH__SIGN_IN_ATTEMPTS_PER_MINUTE".into(),
        "1000".into(),
    )
}

fn main_role(person: &Value) -> &str {
    person["roles"]
        .as_array()
        .and_then(|r| r.last())
        .and_then(Value::as_str)
        .unwrap_or("employee")
}

/// The demo person of the organisation named `organisation` whose main role is `role`.
async fn demo_person(server: &Server, organisation: &str, role: &str) -> Value {
    server
        .demo_people()
        .await
        .into_iter()
        .find(|p| p["organisation"] == organisation && main_role(p) == role)
        .unwrap_or_else(|| panic!("no {role} of {organisation} in the demo"))
}

async fn client_of(server: &Server, person: &Value) -> (reqwest::Client, String) {
    let cookie = server.session_of(person["id"].as_i64().unwrap()).await;
    (server.client_with(&cookie), cookie)
}

/// Waits (at most 30 s) until the browser shows a page at `path`; returns the whole URL.
async fn wait_for_path(client: &Client, path: &str) -> url::Url {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let url = client.current_url().await.unwrap();
        if url.path() == path {
            return url;
        }
        assert!(Instant::now() < deadline, "{path} within 30 s; at {url}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// WebDriver's `Get Computed Label`: an element's accessible name, as assistive technology
/// gets it.
#[derive(Debug)]
struct ComputedLabel(String);

impl fantoccini::wd::WebDriverCompatibleCommand for ComputedLabel {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/element/{}/computedlabel",
            session_id.unwrap_or_default(),
            self.0
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::GET, None)
    }
}

/// The accessible name of the element `selector`.
async fn accessible_name(client: &Client, selector: &str) -> String {
    let element = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(selector))
        .await
        .unwrap_or_else(|_| panic!("{selector} appears"));
    let label = client
        .issue_cmd(ComputedLabel(element.element_id().to_string()))
        .await
        .expect("the computed label");
    label.as_str().unwrap_or_default().to_string()
}

// 1. The sign-in page's buttons -------------------------------------------------------------

#[tokio::test]
async fn the_sign_in_button_leads_through_the_provider_and_signs_in() {
    let Some(idp) = Provider::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("platzwahl.toml");
    std::fs::write(
        &config,
        format!(
            r#"
[[oidc.providers]]
organisation = "stadt"
issuer = "{issuer}"
client_id = "platzwahl-stadt"
client_secret_env = "PW_TEST_OIDC_STADT_SECRET"
scopes = ["email", "profile", "platzwahl"]
allow_http_issuer = true
"#,
            issuer = idp.issuer,
        ),
    )
    .unwrap();
    let server = Server::start(Options {
        env: vec![
            ("PLATZWAHL_CONFIG".into(), config.display().to_string()),
            ("PW_TEST_OIDC_STADT_SECRET".into(), STADT_SECRET.into()),
            unlimited(),
        ],
        ..Options::default()
    });
    // The browser comes back to the server's public address (`localhost`).
    let base = server.localhost("");
    idp.set_up(
        &[RegisteredClient {
            id: "platzwahl-stadt".into(),
            secret: STADT_SECRET.into(),
            server: base.clone(),
            organisation: "stadt".into(),
        }],
        &json!({}),
    )
    .await;
    // A city person the provider knows by address.
    let (admin, _) = client_of(
        &server,
        &demo_person(&server, "Stadt Wuppertal", "org_admin").await,
    )
    .await;
    let erika = server
        .create_employee(&admin, "Erika Beispiel", "erika.beispiel@stadt.example")
        .await;
    idp.set_accounts(&json!({
        "erika-sub": {
            "email": "erika.beispiel@stadt.example",
            "email_verified": true,
            "name": "Erika Beispiel",
        },
    }))
    .await;

    let Some(browser) = Browser::start().await else {
        stop(server, None).await;
        return;
    };
    let client = &browser.client;
    client
        .goto(&server.localhost("/sign-in?next=%2Faccount"))
        .await
        .unwrap();
    browser.wait_for_hydration().await;

    // One button for the one provider, named as it reads, beside the passkey.
    let buttons = client.find_all(Locator::Css("a[data-sso]")).await.unwrap();
    assert_eq!(buttons.len(), 1, "one button per configured provider");
    assert_eq!(
        accessible_name(client, "a[data-sso='stadt']").await,
        "Mit Stadt Wuppertal anmelden"
    );
    assert_eq!(
        accessible_name(client, "section.sso-sign-in").await,
        "Mit dem Konto Ihrer Organisation",
        "the buttons' section is named by its heading"
    );
    assert!(
        client
            .find(Locator::Css("button[data-passkey='sign-in']"))
            .await
            .is_ok(),
        "the passkey stays"
    );

    // Cancelled at the provider: back on the sign-in page, which says so, signed out.
    client
        .find(Locator::LinkText("Mit Stadt Wuppertal anmelden"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let cancel = client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("form[action$='/abort'] button"))
        .await
        .expect("the provider's login form");
    let at_provider = client.current_url().await.unwrap();
    assert!(
        at_provider.as_str().starts_with(&idp.issuer),
        "at the provider: {at_provider}"
    );
    cancel.click().await.unwrap();
    let back = wait_for_path(client, "/sign-in").await;
    assert_eq!(back.query(), Some("sso=denied"), "{back}");
    browser.wait_for_hydration().await;
    let problem = browser.text_of("#sso-problem[role='alert']").await;
    assert!(problem.contains("abgebrochen"), "{problem}");
    assert!(
        client.find(Locator::Css(".person-name")).await.is_err(),
        "nobody is signed in"
    );

    // Signed in at the provider: back here, signed in as Erika.
    client
        .find(Locator::LinkText("Mit Stadt Wuppertal anmelden"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let login = client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("input[name='login']"))
        .await
        .expect("the provider's login form");
    login.send_keys("erika-sub").await.unwrap();
    client
        .find(Locator::Css("form[action$='/login'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let landed = wait_for_path(client, "/").await;
    assert!(
        landed.as_str().starts_with(&base),
        "on the server's public address: {landed}"
    );
    browser.wait_for_hydration().await;
    let name = browser.text_of(".person-menu .person-name").await;
    assert_eq!(name.trim(), "Erika Beispiel");
    // The session is a real one: the API knows her.
    let me = client
        .execute(
            "return fetch('/api/v1/me').then(r => r.json()).then(me => me.id);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(me.as_i64(), Some(erika));

    browser.close().await;
    stop(server, None).await;
}

// 2. No provider; the administration page ---------------------------------------------------

/// The city's organisation id.
async fn city_id(database: &TestDatabase) -> i64 {
    let row = database
        .connection()
        .query_one_raw(Statement::from_string(
            database.connection().get_database_backend(),
            "SELECT id FROM organisation WHERE slug = 'stadt'",
        ))
        .await
        .unwrap()
        .expect("the city");
    i64::from(row.try_get::<i32>("", "id").unwrap())
}

/// Records a directory sync of organisation `org` that ended as `outcome` and wrote the
/// changes `detail`, as `domain::directory` does.
async fn record_sync(database: &TestDatabase, org: i64, outcome: &str, detail: &Value) {
    let db = database.connection();
    for sql in [
        format!(
            "INSERT INTO directory_sync (organisation_id, started_at, finished_at, outcome) \
             VALUES ({org}, '2026-12-07T06:00:00+00:00', '2026-12-07T06:01:00+00:00', '{outcome}')"
        ),
        format!(
            "INSERT INTO audit_log (at, organisation_id, action, entity, entity_id, detail) \
             VALUES ('2026-12-07T06:00:30+00:00', {org}, 'directory.synced', 'organisation', \
             '{org}', '{detail}')"
        ),
    ] {
        db.execute_raw(Statement::from_string(db.get_database_backend(), sql))
            .await
            .unwrap();
    }
}

/// Types `text` into the field `selector` in place of what it holds.
async fn fill(client: &Client, selector: &str, text: &str) {
    let field = client.find(Locator::Css(selector)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

async fn click(client: &Client, selector: &str) {
    client
        .find(Locator::Css(selector))
        .await
        .unwrap_or_else(|_| panic!("{selector}"))
        .click()
        .await
        .unwrap();
}

/// The id of the element that has the keyboard focus.
async fn focused(client: &Client) -> String {
    client
        .execute(
            "return document.activeElement && document.activeElement.id;",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Waits until the element with id `id` has the keyboard focus (at most 10 s).
async fn wait_for_focus(client: &Client, id: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = focused(client).await;
        if now == id {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the focus on #{id}; it is on #{now}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn without_a_provider_no_button_and_the_admin_page_edits_the_rules() {
    let database = TestDatabase::create(Backend::Sqlite)
        .await
        .expect("a SQLite database");
    let server = Server::start(Options {
        database_url: Some(database.url().to_string()),
        env: vec![unlimited()],
        ..Options::default()
    });
    let city = city_id(&database).await;
    record_sync(
        &database,
        city,
        "ok",
        &json!({ "entries": 312, "created": 4, "updated": 7, "moved": 2, "roles_changed": 1,
                 "linked": 0, "reactivated": 0, "deactivated": 3, "problems": 1 }),
    )
    .await;
    let (admin, admin_cookie) = client_of(
        &server,
        &demo_person(&server, "Stadt Wuppertal", "org_admin").await,
    )
    .await;
    let units: Value = admin
        .get(server.at("/api/v1/units"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let open: Vec<&Value> = units["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["closed"] != true)
        .collect();
    assert!(open.len() >= 2, "two open units in the demo: {units}");
    let (first, second) = (
        open[0]["slug"].as_str().unwrap().to_string(),
        open[1]["slug"].as_str().unwrap().to_string(),
    );
    let mapping_url = server.at("/api/v1/organisations/stadt/identity-mapping");
    let mapping = || async {
        admin
            .get(&mapping_url)
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()
    };

    let Some(browser) = Browser::start().await else {
        stop(server, None).await;
        database.remove().await;
        return;
    };
    let client = &browser.client;

    // Signed out, without a provider: the passkey and no single sign-on button.
    client.goto(&server.at("/sign-in")).await.unwrap();
    browser.wait_for_hydration().await;
    assert!(
        client
            .find(Locator::Css("button[data-passkey='sign-in']"))
            .await
            .is_ok()
    );
    assert!(
        client
            .find_all(Locator::Css("a[data-sso], section.sso-sign-in"))
            .await
            .unwrap()
            .is_empty(),
        "no single sign-on without a provider"
    );

    // The administrator finds the page in the menu.
    browser.use_session(&server, &admin_cookie).await;
    client.goto(&server.at("/")).await.unwrap();
    browser.wait_for_hydration().await;
    click(client, "nav.person-menu a[href='/admin/sign-in']").await;
    wait_for_path(client, "/admin/sign-in").await;
    browser
        .wait_for_text("h1", "Anmeldung und Verzeichnis")
        .await;
    let provider = browser.text_of("#sso-provider").await;
    assert!(
        provider.contains("kein Identitätsanbieter eingerichtet"),
        "{provider}"
    );
    browser.text_of("#no-unit-rules").await;
    // The directory sync's last run, in words and counts.
    let status = browser.text_of("#directory-status").await;
    assert!(
        status.contains("2026-12-07 06:00 UTC") && status.contains("erfolgreich"),
        "{status}"
    );
    let changes = browser.text_of("#directory-changes").await;
    for expected in [
        "312 Einträge im Verzeichnis",
        "4 angelegt",
        "3 deaktiviert",
        "1 nicht übernommen",
    ] {
        assert!(changes.contains(expected), "{expected} in {changes}");
    }

    // A value of spaces is refused at its field; what was typed stays.
    fill(client, "#unit-rule-new-value", "   ").await;
    client
        .find(Locator::Css("#unit-rule-new-unit"))
        .await
        .unwrap()
        .select_by_value(&first)
        .await
        .unwrap();
    click(client, "#unit-rule-new button[type='submit']").await;
    let error = browser
        .wait_for_text("#unit-rule-new-value-error", "1 bis 255 Zeichen")
        .await;
    assert!(
        error.starts_with("Fehler:"),
        "the error says it is one: {error}"
    );
    let value = client
        .find(Locator::Css("#unit-rule-new-value"))
        .await
        .unwrap();
    assert_eq!(
        value.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    assert_eq!(
        value.attr("aria-describedby").await.unwrap().as_deref(),
        Some("unit-rule-new-value-error")
    );
    let unit = client
        .find(Locator::Css("#unit-rule-new-unit"))
        .await
        .unwrap();
    assert_eq!(
        unit.attr("aria-invalid").await.unwrap(),
        None,
        "only the value is wrong"
    );
    assert_eq!(mapping().await["units"], json!([]), "nothing saved");

    // Added: said, and the focus goes to what was said.
    fill(client, "#unit-rule-new-value", "Amt 40").await;
    click(client, "#unit-rule-new button[type='submit']").await;
    browser
        .wait_for_text("#sign-in-admin-status", "Gespeichert: „Amt 40“")
        .await;
    wait_for_focus(client, "sign-in-admin-status").await;
    assert_eq!(
        mapping().await["units"],
        json!([{ "value": "Amt 40", "unit": first }])
    );
    browser.text_of("#unit-rule-0").await;
    // The same value again: refused at the value.
    fill(client, "#unit-rule-new-value", "Amt 40").await;
    client
        .find(Locator::Css("#unit-rule-new-unit"))
        .await
        .unwrap()
        .select_by_value(&second)
        .await
        .unwrap();
    click(client, "#unit-rule-new button[type='submit']").await;
    browser
        .wait_for_text("#unit-rule-new-value-error", "schon eine Regel")
        .await;

    // Changed: the value and the unit.
    fill(client, "#unit-rule-0-value", "Amt 41").await;
    client
        .find(Locator::Css("#unit-rule-0-unit"))
        .await
        .unwrap()
        .select_by_value(&second)
        .await
        .unwrap();
    click(client, "#unit-rule-0 button[type='submit']").await;
    browser
        .wait_for_text("#sign-in-admin-status", "Gespeichert: „Amt 41“")
        .await;
    assert_eq!(
        mapping().await["units"],
        json!([{ "value": "Amt 41", "unit": second }])
    );
    assert_eq!(
        accessible_name(client, "#unit-rule-0-remove").await,
        "Regel entfernen: „Amt 41“",
        "the remove button names its rule"
    );

    // A role rule by keyboard alone: the group typed, Tab to the role, arrow down to the
    // counsellor, Tab to the button, Enter.
    let group = client
        .find(Locator::Css("#role-rule-new-group"))
        .await
        .unwrap();
    group.send_keys("pw-beratung").await.unwrap();
    browser.press(&[], "\u{E004}").await;
    assert_eq!(focused(client).await, "role-rule-new-role");
    browser.press(&[], "\u{E015}\u{E004}").await;
    browser.press(&[], "\u{E007}").await;
    browser
        .wait_for_text(
            "#sign-in-admin-status",
            "Gespeichert: „pw-beratung“ → Beratung",
        )
        .await;
    wait_for_focus(client, "sign-in-admin-status").await;
    assert_eq!(
        mapping().await["roles"],
        json!([{ "group": "pw-beratung", "role": "counsellor" }])
    );

    // Removed.
    click(client, "#unit-rule-0-remove").await;
    browser
        .wait_for_text("#sign-in-admin-status", "Entfernt: „Amt 41“")
        .await;
    browser.text_of("#no-unit-rules").await;
    assert_eq!(mapping().await["units"], json!([]));

    // In English too.
    client
        .goto(&server.at("/lang/en?back=%2Fadmin%2Fsign-in"))
        .await
        .unwrap();
    browser.wait_for_hydration().await;
    browser.wait_for_text("h1", "Sign-in and directory").await;
    browser
        .wait_for_text("#directory-status", "succeeded")
        .await;

    browser.close().await;
    stop(server, None).await;
    database.remove().await;
}

// 3. Who may ------------------------------------------------------------------------------

/// A server function of the page called by `client` with the form `body`.
async fn call(
    client: &reqwest::Client,
    server: &Server,
    endpoint: &str,
    body: &str,
) -> reqwest::Response {
    client
        .post(server.at(&format!("/api/{endpoint}")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

async fn only_the_organisations_administrators_see_and_change_its_rules(backend: Backend) {
    let Some(database) = TestDatabase::create(backend).await else {
        return;
    };
    let server = Server::start(Options {
        database_url: Some(database.url().to_string()),
        env: vec![unlimited()],
        ..Options::default()
    });
    let (city_admin, _) = client_of(
        &server,
        &demo_person(&server, "Stadt Wuppertal", "org_admin").await,
    )
    .await;
    let units: Value = city_admin
        .get(server.at("/api/v1/units"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let city_unit = units["units"][0]["slug"].as_str().unwrap().to_string();
    let response = call(
        &city_admin,
        &server,
        "sign_in_save_unit_rule",
        &format!("original=&value=Amt%2061&unit={city_unit}"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let response = call(
        &city_admin,
        &server,
        "sign_in_save_role_rule",
        "original_group=&original_role=&group=pw-leitung&role=unit_lead",
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    // A role the organisation may not grant, and a unit it does not have: refused by field.
    for (endpoint, body) in [
        (
            "sign_in_save_role_rule",
            "original_group=&original_role=&group=pw-haus&role=building_admin",
        ),
        (
            "sign_in_save_unit_rule",
            "original=&value=Amt%2099&unit=no-such-unit",
        ),
    ] {
        let response = call(&city_admin, &server, endpoint, body).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body}");
    }
    let city: Value = call(&city_admin, &server, "sign_in_admin", "")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(city["organisation"], "stadt");
    assert_eq!(
        city["mapping"],
        json!({ "units": [{ "value": "Amt 61", "unit": city_unit }],
                "roles": [{ "group": "pw-leitung", "role": "unit_lead" }] })
    );
    assert_eq!(city["directory"], Value::Null, "no sync has run");

    // An employee of the city: nothing.
    let (employee, _) = client_of(
        &server,
        &demo_person(&server, "Stadt Wuppertal", "employee").await,
    )
    .await;
    for (endpoint, body) in [
        ("sign_in_admin", String::new()),
        (
            "sign_in_save_unit_rule",
            format!("original=Amt%2061&value=Amt%2041&unit={city_unit}"),
        ),
        ("sign_in_remove_unit_rule", "value=Amt%2061".to_string()),
        (
            "sign_in_save_role_rule",
            "original_group=pw-leitung&original_role=unit_lead&group=pw-leitung&role=org_admin"
                .to_string(),
        ),
        (
            "sign_in_remove_role_rule",
            "group=pw-leitung&role=unit_lead".to_string(),
        ),
    ] {
        let response = call(&employee, &server, endpoint, &body).await;
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "{endpoint} as an employee"
        );
    }
    let html = employee
        .get(server.at("/admin/sign-in"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !html.contains("pw-leitung"),
        "the page shows an employee no rule"
    );

    // The Jobcenter's administrator: their own organisation, none of the city's rules, and
    // nothing of the city's changed by naming them.
    let (jobcenter_admin, _) = client_of(
        &server,
        &demo_person(&server, "Jobcenter Wuppertal", "org_admin").await,
    )
    .await;
    let theirs: Value = call(&jobcenter_admin, &server, "sign_in_admin", "")
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(theirs["organisation"], "stadt");
    assert_eq!(theirs["mapping"], json!({ "units": [], "roles": [] }));
    assert!(
        theirs["units"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["slug"] != city_unit.as_str()),
        "none of the city's units to choose"
    );
    for (endpoint, body, status) in [
        (
            "sign_in_remove_unit_rule",
            "value=Amt%2061".to_string(),
            StatusCode::NOT_FOUND,
        ),
        (
            "sign_in_remove_role_rule",
            "group=pw-leitung&role=unit_lead".to_string(),
            StatusCode::NOT_FOUND,
        ),
        (
            "sign_in_save_unit_rule",
            format!("original=Amt%2061&value=Amt%2041&unit={city_unit}"),
            StatusCode::BAD_REQUEST,
        ),
        (
            "sign_in_save_role_rule",
            "original_group=pw-leitung&original_role=unit_lead&group=pw-leitung&role=org_admin"
                .to_string(),
            StatusCode::CONFLICT,
        ),
    ] {
        let response = call(&jobcenter_admin, &server, endpoint, &body).await;
        assert_eq!(
            response.status(),
            status,
            "{endpoint} {body} as the Jobcenter's"
        );
    }
    let html = jobcenter_admin
        .get(server.at("/admin/sign-in"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !html.contains("pw-leitung") && !html.contains("Amt 61"),
        "the Jobcenter's page shows none of the city's rules"
    );
    let after: Value = call(&city_admin, &server, "sign_in_admin", "")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        after["mapping"], city["mapping"],
        "the city's rules are unchanged"
    );

    stop(server, None).await;
    database.remove().await;
}

#[tokio::test]
async fn only_the_organisations_administrators_see_and_change_its_rules_on_sqlite() {
    only_the_organisations_administrators_see_and_change_its_rules(Backend::Sqlite).await;
}

#[tokio::test]
async fn only_the_organisations_administrators_see_and_change_its_rules_on_postgres() {
    only_the_organisations_administrators_see_and_change_its_rules(Backend::Postgres).await;
}
