//! An organisation's file imported by its administrator from the web (issue 18, "Import and
//! export": "the same import in the admin pages: upload, preview of the changes, confirm"),
//! through the real server binary (demo building):
//!
//! 1. over the API on SQLite and PostgreSQL (`POST /api/v1/organisations/{slug}/import`): a
//!    preview says what would change and changes nothing; applying with the preview's plan
//!    writes it, and the same plan again is refused (409) because the changes are no longer
//!    those previewed; a broken file reports every problem with its line and field and changes
//!    nothing; the Jobcenter's administrator cannot import into the city (the city's route is
//!    403, a file naming the city or the city's people is refused at its line, without naming
//!    the city, and nothing changes); a role an organisation administrator may not grant is
//!    refused; an employee gets 403 and nobody signed in 401;
//! 2. the page, in Chromium: the city's administrator chooses a small people CSV on
//!    `/admin/import`, checks it, reads the preview, takes it over with the keyboard, and the
//!    new person is on `/admin/people`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use fantoccini::Locator;
use reqwest::StatusCode;
use serde_json::Value;
use tests::api::{client_of, cookie_of, launch};
use tests::browser::Browser;
use tests::db::Backend;
use tests::server::{Server, stop};

const CITY: &str = "Stadt Wuppertal";
const JOBCENTER: &str = "Jobcenter Wuppertal";

/// `POST /api/v1/organisations/{slug}/import{query}` with `body` of `content_type`: the
/// status and the answer's JSON.
async fn import(
    client: &reqwest::Client,
    server: &Server,
    slug: &str,
    query: &str,
    content_type: &str,
    body: &str,
) -> (StatusCode, Value) {
    let response = client
        .post(server.at(&format!("/api/v1/organisations/{slug}/import{query}")))
        .header("content-type", content_type)
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// How many people `q` finds among those `admin` administers.
async fn found(admin: &reqwest::Client, server: &Server, q: &str) -> u64 {
    let response = admin
        .get(server.at("/api/v1/people"))
        .query(&[("q", q), ("limit", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json::<Value>().await.unwrap()["total"]
        .as_u64()
        .unwrap()
}

/// Everybody of the installation and their roles, as a building administrator sees them: to
/// compare before and after a refused import.
async fn everybody(building_admin: &reqwest::Client, server: &Server) -> Vec<String> {
    let mut all = Vec::new();
    let mut offset = 0;
    loop {
        let page: Value = building_admin
            .get(server.at("/api/v1/people"))
            .query(&[("limit", "200"), ("offset", &offset.to_string())])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let people = page["people"].as_array().unwrap();
        all.extend(people.iter().map(Value::to_string));
        offset += people.len();
        if people.is_empty() || offset as u64 >= page["total"].as_u64().unwrap() {
            return all;
        }
    }
}

/// The slug of the first open unit of the administrator's organisation.
async fn first_unit(admin: &reqwest::Client, server: &Server) -> String {
    let overview: Value = admin
        .get(server.at("/api/v1/units"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    overview["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["closed"] == false)
        .and_then(|u| u["slug"].as_str())
        .unwrap()
        .to_owned()
}

/// The problems of a 422 answer as (line, field).
fn problems(answer: &Value) -> Vec<(u64, String)> {
    answer["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors: {answer}"))
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["field"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn imports_are_previewed_confirmed_and_held_to_the_own_organisation(backend: Backend) {
    let Some((server, database)) = launch(backend).await else {
        return;
    };
    let city = client_of(&server, CITY, "org_admin").await;
    let jobcenter = client_of(&server, JOBCENTER, "org_admin").await;
    let employee = client_of(&server, CITY, "employee").await;
    let building_admin = server.demo_client("building_admin").await;
    let unit = first_unit(&city, &server).await;
    let csv = format!(
        "email,name,unit,roles,badges\nnora.import@stadt.example,Nora Import,{unit},employee,\n"
    );

    // 1. The preview says what would change, and changes nothing.
    let (status, preview) = import(
        &city,
        &server,
        "stadt",
        "?dry_run=true&kind=people",
        "text/csv",
        &csv,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(preview["applied"], false);
    assert_eq!(preview["kind"], "people");
    assert_eq!(preview["created"], 1, "{preview}");
    assert_eq!(preview["removed"], 0);
    let people = preview["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "people")
        .unwrap();
    assert_eq!(people["created"][0], "nora.import@stadt.example");
    assert!(people["kept"].as_array().unwrap().len() > 10, "{people}");
    assert_eq!(found(&city, &server, "nora.import").await, 0);

    // 2. Applied with the preview's plan: written; the same plan again is no longer the plan.
    let plan = preview["plan"].as_str().unwrap().to_owned();
    let query = format!("?kind=people&plan={plan}");
    let (status, applied) = import(&city, &server, "stadt", &query, "text/csv", &csv).await;
    assert_eq!(status, StatusCode::OK, "{applied}");
    assert_eq!(applied["applied"], true);
    assert_eq!(found(&city, &server, "nora.import").await, 1);
    let (status, again) = import(&city, &server, "stadt", &query, "text/csv", &csv).await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
    // A changed file under an old plan is refused the same way, and writes nothing.
    let changed = csv.replace("Nora Import", "Nora Geändert");
    let (status, _) = import(&city, &server, "stadt", &query, "text/csv", &changed).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(found(&city, &server, "Geändert").await, 0);

    // 3. A broken file: every problem with its line and field; nothing changes.
    let before = everybody(&building_admin, &server).await;
    let broken = "email,name,unit,roles,badges\n\
                  not-an-address,Ada Broken,,employee,\n\
                  zoe.broken@stadt.example,,no-such-unit,wizard,\n\
                  nora.import@stadt.example,Nora Twice,,employee,\n\
                  nora.import@stadt.example,Nora Twice,,employee,\n";
    let (status, answer) = import(&city, &server, "stadt", "", "text/csv", broken).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(answer["type"], "/problems/invalid-file");
    let found_problems = problems(&answer);
    for expected in [
        (2, "email"),
        (3, "name"),
        (3, "unit"),
        (3, "roles"),
        (5, "email"),
    ] {
        assert!(
            found_problems
                .iter()
                .any(|(line, field)| (*line, field.as_str()) == expected),
            "{expected:?} in {answer}"
        );
    }
    // An empty file and one that is no JSON are problems too, never a server error.
    let (status, _) = import(&city, &server, "stadt", "", "text/csv", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, answer) = import(&city, &server, "stadt", "", "application/json", "{\"a\":").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(everybody(&building_admin, &server).await, before);

    // 4. The Jobcenter's administrator and the city: the city's route is 403; a file naming
    //    the city, or the city's people, is refused at its line without naming the city.
    let (status, _) = import(
        &jobcenter,
        &server,
        "stadt",
        "?dry_run=true",
        "text/csv",
        &csv,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = import(&jobcenter, &server, "stadt", "", "text/csv", &csv).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let city_file = "{\n  \"organisation\": {\"slug\": \"stadt\", \"name\": \"Stadt Wuppertal\"},\n  \
                     \"people\": [{\"email\": \"jan.neu@stadt.example\", \"name\": \"Jan Neu\"}]\n}\n";
    let (status, answer) = import(
        &jobcenter,
        &server,
        "jobcenter",
        "",
        "application/json",
        city_file,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert!(
        problems(&answer).contains(&(2, "organisation.slug".to_owned())),
        "{answer}"
    );
    let city_people = format!(
        "email,name,unit,roles,badges\nnora.import@stadt.example,Nora Jobcenter,,employee,\n\
         jan.neu@jobcenter.example,Jan Neu,{unit},employee,\n"
    );
    let (status, answer) = import(
        &jobcenter,
        &server,
        "jobcenter",
        "?dry_run=true",
        "text/csv",
        &city_people,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let found_problems = problems(&answer);
    assert!(
        found_problems.contains(&(2, "email".to_owned())),
        "{answer}"
    );
    assert!(found_problems.contains(&(3, "unit".to_owned())), "{answer}");
    assert!(
        !answer.to_string().contains("stadt\\\"") && !answer.to_string().contains(CITY),
        "the city is not named: {answer}"
    );
    assert_eq!(everybody(&building_admin, &server).await, before);

    // 5. A role an organisation administrator may not grant.
    let building_role =
        "email,name,unit,roles,badges\nfm.import@stadt.example,Fee Import,,facility_manager,\n";
    let (status, answer) = import(&city, &server, "stadt", "", "text/csv", building_role).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(problems(&answer), [(2, "roles".to_owned())], "{answer}");
    assert_eq!(found(&city, &server, "fm.import").await, 0);

    // 6. Nobody else imports.
    let (status, _) = import(
        &employee,
        &server,
        "stadt",
        "?dry_run=true",
        "text/csv",
        &csv,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = import(
        &reqwest::Client::new(),
        &server,
        "stadt",
        "?dry_run=true",
        "text/csv",
        &csv,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    stop(server, database).await;
}

#[tokio::test]
async fn imports_are_previewed_confirmed_and_held_to_the_own_organisation_on_sqlite() {
    imports_are_previewed_confirmed_and_held_to_the_own_organisation(Backend::Sqlite).await;
}

#[tokio::test]
async fn imports_are_previewed_confirmed_and_held_to_the_own_organisation_on_postgres() {
    imports_are_previewed_confirmed_and_held_to_the_own_organisation(Backend::Postgres).await;
}

#[tokio::test]
async fn an_administrator_imports_people_on_the_page_by_keyboard() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let Some((server, database)) = launch(Backend::Sqlite).await else {
        return;
    };
    let cookie = cookie_of(&server, CITY, "org_admin").await;
    let unit = first_unit(&server.client_with(&cookie), &server).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("people.csv");
    std::fs::write(
        &file,
        format!(
            "email,name,unit,roles,badges\nolga.seite@stadt.example,Olga Seite,{unit},employee,\n"
        ),
    )
    .unwrap();

    browser.use_session(&server, &cookie).await;
    browser
        .client
        .goto(&server.at("/admin/import"))
        .await
        .unwrap();
    browser.wait_for_hydration().await;
    // The menu leads here.
    browser
        .client
        .find(Locator::Css("nav.person-menu a[href='/admin/import']"))
        .await
        .expect("the menu links the import page");
    browser.choose_file("#import-file", &file).await;
    // Check the file: the focus on the button, Enter.
    browser.focus("#import-check").await;
    browser.press(&[], "\u{E007}").await;
    let status = browser.wait_for_text("#import-status", "Vorschau").await;
    assert!(status.contains("1 neu"), "{status}");
    let changes = browser.text_of("#import-changes").await;
    assert!(changes.contains("olga.seite@stadt.example"), "{changes}");
    assert_eq!(
        browser.text_of("#import-alert").await.trim(),
        "",
        "no problem"
    );
    // Nothing is written by the preview.
    let admin = server.client_with(&cookie);
    assert_eq!(found(&admin, &server, "olga.seite").await, 0);

    // Take it over: the focus is still on "Prüfen"; Tab leads to "Übernehmen", Enter.
    browser.press(&[], "\u{E004}").await;
    let focused = browser
        .client
        .execute("return document.activeElement.id;", vec![])
        .await
        .unwrap();
    assert_eq!(focused, "import-apply");
    browser.press(&[], "\u{E007}").await;
    let status = browser.wait_for_text("#import-status", "Übernommen").await;
    assert!(status.contains("1 neu"), "{status}");
    assert_eq!(found(&admin, &server, "olga.seite").await, 1);

    browser
        .client
        .goto(&server.at("/admin/people?q=olga.seite"))
        .await
        .unwrap();
    browser.wait_for_text("main", "Olga Seite").await;
    let errors: Vec<_> = browser
        .console()
        .await
        .into_iter()
        .filter(|(level, _)| level == "SEVERE")
        .collect();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    browser.close().await;
    stop(server, database).await;
}
