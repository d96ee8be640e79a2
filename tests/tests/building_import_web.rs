//! A building file imported by a building administrator from the web (issue 18, "Import and
//! export": "the same import in the admin pages: upload, preview of the changes, confirm"),
//! through the real server binary (demo building), with the README's example building
//! (`docs/examples/building.csv` and `.json`, the building "annex"):
//!
//! 1. over the API on SQLite and PostgreSQL (`POST /api/v1/buildings/{slug}/import`): a
//!    preview says what would be created and changes nothing; applying with the preview's plan
//!    writes it; a plan made stale by another import in between, or used twice, is refused
//!    (409) and changes nothing; a CSV with a bad row names its line and columns (422) and
//!    changes nothing, as does another building's file (at its `slug`); a file over 16 MiB is
//!    413; an employee, an organisation administrator and a facility manager get 403, nobody
//!    signed in 401 (building administrators administer every building: the roles know no
//!    administrator of one building only);
//! 2. the page, in Chromium: the building administrator chooses the example CSV on
//!    `/admin/import` (the kind "Gebäude" is theirs), checks it, reads the preview's table,
//!    takes it over with the keyboard, and the building is there.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use fantoccini::Locator;
use reqwest::StatusCode;
use serde_json::Value;
use tests::api::launch;
use tests::browser::Browser;
use tests::db::Backend;
use tests::server::{Server, stop};

const EXAMPLE_CSV: &str = include_str!("../../docs/examples/building.csv");
const EXAMPLE_JSON: &str = include_str!("../../docs/examples/building.json");

/// Everything the example building holds: 1 building, 2 floors, 4 zones, 2 pairs of
/// neighbouring zones, 8 desks, 2 rooms, 3 sensors.
const EXAMPLE_THINGS: u64 = 1 + 2 + 4 + 2 + 8 + 2 + 3;

/// `POST /api/v1/buildings/{slug}/import{query}` with `body` of `content_type`: the status
/// and the answer's JSON.
async fn import(
    client: &reqwest::Client,
    server: &Server,
    slug: &str,
    query: &str,
    content_type: &str,
    body: impl Into<reqwest::Body>,
) -> (StatusCode, Value) {
    let response = client
        .post(server.at(&format!("/api/v1/buildings/{slug}/import{query}")))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// The building `slug` as its editor shows it (`None`: there is no such building), without
/// the ids: to compare before and after.
async fn building(admin: &reqwest::Client, server: &Server, slug: &str) -> Option<Value> {
    let response = admin
        .get(server.at(&format!("/api/v1/buildings/{slug}/editor")))
        .send()
        .await
        .unwrap();
    if response.status() == StatusCode::NOT_FOUND {
        return None;
    }
    assert_eq!(response.status(), StatusCode::OK);
    Some(response.json().await.unwrap())
}

/// The desk `label` of the building as the editor shows it.
fn desk<'a>(building: &'a Value, label: &str) -> &'a Value {
    building["floors"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["desks"].as_array().unwrap())
        .find(|d| d["label"] == label)
        .unwrap_or_else(|| panic!("desk {label} in {building}"))
}

fn desks(building: &Value) -> usize {
    building["floors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["desks"].as_array().unwrap().len())
        .sum()
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

/// The example CSV with the row of desk `label` changed by `change`.
fn with_desk(csv: &str, label: &str, change: impl Fn(&str) -> String) -> String {
    let marker = format!(",{label},");
    let changed: Vec<String> = csv
        .lines()
        .map(|line| {
            if line.starts_with("desk,") && line.contains(&marker) {
                change(line)
            } else {
                line.to_owned()
            }
        })
        .collect();
    assert_ne!(changed.join("\n") + "\n", csv, "desk {label} changed");
    changed.join("\n") + "\n"
}

/// Preview, then apply with the preview's plan: the applied answer.
async fn preview_and_apply(
    admin: &reqwest::Client,
    server: &Server,
    csv: &str,
) -> (StatusCode, Value) {
    let (status, preview) = import(
        admin,
        server,
        "annex",
        "?dry_run=true&format=csv",
        "text/csv",
        csv.to_owned(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    let plan = preview["plan"].as_str().unwrap();
    import(
        admin,
        server,
        "annex",
        &format!("?format=csv&plan={plan}"),
        "text/csv",
        csv.to_owned(),
    )
    .await
}

async fn a_building_file_is_previewed_confirmed_and_refused_when_stale_or_broken(backend: Backend) {
    let Some((server, database)) = launch(backend).await else {
        return;
    };
    let admin = server.demo_client("building_admin").await;

    // 1. The preview says what would be created, and changes nothing.
    let (status, preview) = import(
        &admin,
        &server,
        "annex",
        "?dry_run=true&format=csv",
        "text/csv",
        EXAMPLE_CSV,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(preview["applied"], false);
    assert_eq!(preview["building"], "annex");
    assert_eq!(preview["format"], "csv");
    assert_eq!(preview["created"], EXAMPLE_THINGS, "{preview}");
    assert_eq!(preview["changed"], 0);
    assert_eq!(preview["removed"], 0);
    let desks_created = preview["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "desks")
        .unwrap()["created"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(desks_created, 8, "{preview}");
    assert!(
        building(&admin, &server, "annex").await.is_none(),
        "a preview writes nothing"
    );

    // 2. Applied with the preview's plan: written. The same plan again is no longer the plan.
    let plan = preview["plan"].as_str().unwrap().to_owned();
    let query = format!("?format=csv&plan={plan}");
    let (status, applied) = import(&admin, &server, "annex", &query, "text/csv", EXAMPLE_CSV).await;
    assert_eq!(status, StatusCode::OK, "{applied}");
    assert_eq!(applied["applied"], true);
    let annex = building(&admin, &server, "annex").await.expect("imported");
    assert_eq!(desks(&annex), 8);
    assert_eq!(annex["timezone"], "Europe/Berlin");
    let (status, again) = import(&admin, &server, "annex", &query, "text/csv", EXAMPLE_CSV).await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
    // The JSON form of the same building changes nothing now (the content type says JSON).
    let (status, same) = import(
        &admin,
        &server,
        "annex",
        "?dry_run=true",
        "application/json",
        EXAMPLE_JSON,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{same}");
    assert_eq!(same["format"], "json");
    assert_eq!(same["created"], 0, "{same}");
    assert_eq!(same["changed"], 0, "{same}");

    // 3. A stale plan: desk A1.07 repaired is previewed; meanwhile another import moves desk
    //    A1.06. The repair's plan is no longer the plan: 409, and A1.07 stays as it was.
    let repaired = with_desk(EXAMPLE_CSV, "A1.07", |line| {
        line.replace("true,Stuhl defekt", "false,Stuhl repariert")
    });
    let (status, repair) = import(
        &admin,
        &server,
        "annex",
        "?dry_run=true&format=csv",
        "text/csv",
        repaired.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{repair}");
    assert_eq!(repair["changed"], 1, "{repair}");
    let moved = with_desk(EXAMPLE_CSV, "A1.06", |line| {
        line.replace(",850,100,", ",860,100,")
    });
    let (status, answer) = preview_and_apply(&admin, &server, &moved).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["applied"], true);
    let before = building(&admin, &server, "annex").await.unwrap();
    assert_eq!(desk(&before, "A1.06")["x"], 860);
    let stale = format!("?format=csv&plan={}", repair["plan"].as_str().unwrap());
    let (status, answer) = import(&admin, &server, "annex", &stale, "text/csv", repaired).await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    let after = building(&admin, &server, "annex").await.unwrap();
    assert_eq!(desk(&after, "A1.07")["notes"], "Stuhl defekt");
    assert_eq!(desk(&after, "A1.07")["blocked"], true);
    assert_eq!(after, before, "a stale plan changes nothing");

    // 4. Bad rows: every problem with its line and column; nothing changes.
    let broken = format!(
        "{EXAMPLE_CSV}\
         desk,1,,A1.98,,,,,,nirgendwo,,100,100,80,50,,,0,true,2,false,false,false,,,,,,,,,,,,,,\n\
         desk,1,,A1.99,,,,,,annex-1-west,,links,100,80,50,,,0,true,2,false,false,false,,,,,,,,,,,,,,\n"
    );
    let bad_line = EXAMPLE_CSV.lines().count() as u64 + 1;
    let (status, answer) = import(&admin, &server, "annex", "", "text/csv", broken).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(answer["type"], "/problems/invalid-file");
    let found = problems(&answer);
    for expected in [(bad_line, "zone"), (bad_line + 1, "x")] {
        assert!(
            found
                .iter()
                .any(|(line, field)| (*line, field.as_str()) == expected),
            "{expected:?} in {answer}"
        );
    }
    // Another building's file, an empty one, one that is no JSON: problems, never an error.
    let (status, answer) = import(
        &admin,
        &server,
        "bundesbahndirektion",
        "?dry_run=true",
        "application/json",
        EXAMPLE_JSON,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert!(
        problems(&answer).contains(&(2, "slug".to_owned())),
        "{answer}"
    );
    let (status, _) = import(&admin, &server, "annex", "", "text/csv", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, answer) =
        import(&admin, &server, "annex", "", "application/json", "{\"a\":").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let (status, answer) = import(&admin, &server, "annex", "?format=xml", "text/csv", "").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    // Too large: refused before it is read.
    let huge = vec![b' '; 16 * 1024 * 1024 + 1];
    let (status, answer) = import(&admin, &server, "annex", "", "text/csv", huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{answer}");
    assert_eq!(building(&admin, &server, "annex").await.unwrap(), before);

    // 5. Nobody else imports a building.
    for role in ["employee", "org_admin", "facility_manager"] {
        let stranger = server.demo_client(role).await;
        for query in ["?dry_run=true", ""] {
            let (status, answer) = import(
                &stranger,
                &server,
                "annex",
                query,
                "text/csv",
                moved.clone(),
            )
            .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{role}: {answer}");
        }
    }
    let (status, _) = import(
        &reqwest::Client::new(),
        &server,
        "annex",
        "?dry_run=true",
        "text/csv",
        EXAMPLE_CSV,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(building(&admin, &server, "annex").await.unwrap(), before);
    stop(server, database).await;
}

#[tokio::test]
async fn a_building_file_is_previewed_confirmed_and_refused_when_stale_or_broken_on_sqlite() {
    a_building_file_is_previewed_confirmed_and_refused_when_stale_or_broken(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_building_file_is_previewed_confirmed_and_refused_when_stale_or_broken_on_postgres() {
    a_building_file_is_previewed_confirmed_and_refused_when_stale_or_broken(Backend::Postgres)
        .await;
}

#[tokio::test]
async fn a_building_administrator_imports_a_building_on_the_page_by_keyboard() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let Some((server, database)) = launch(Backend::Sqlite).await else {
        return;
    };
    let cookie = server.demo_session("building_admin").await;
    let admin = server.client_with(&cookie);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("building.csv");
    std::fs::write(&file, EXAMPLE_CSV).unwrap();

    browser.use_session(&server, &cookie).await;
    browser
        .client
        .goto(&server.at("/admin/import"))
        .await
        .unwrap();
    browser.wait_for_hydration().await;
    // The menu leads here, and the kind of file is the building administrator's.
    browser
        .client
        .find(Locator::Css("nav.person-menu a[href='/admin/import']"))
        .await
        .expect("the menu links the import page");
    let kind = browser
        .client
        .execute(
            "return document.querySelector('#import-kind').value;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(kind, "building");
    let label = browser.text_of("label[for='import-building']").await;
    assert_eq!(label, "Gebäude");
    browser.choose_file("#import-file", &file).await;
    // Check the file: the focus on the button, Enter.
    browser.focus("#import-check").await;
    browser.press(&[], "\u{E007}").await;
    let status = browser.wait_for_text("#import-status", "Vorschau").await;
    assert!(
        status.contains(&format!("{EXAMPLE_THINGS} neu")),
        "{status}"
    );
    let caption = browser.text_of("#import-changes caption").await;
    assert_eq!(caption, "Was sich ändern würde");
    let changes = browser.text_of("#import-changes").await;
    assert!(
        changes.contains("Arbeitsplätze") && changes.contains("A1.01"),
        "{changes}"
    );
    assert_eq!(
        browser.text_of("#import-alert").await.trim(),
        "",
        "no problem"
    );
    assert!(
        building(&admin, &server, "annex").await.is_none(),
        "a preview writes nothing"
    );

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
    assert!(
        status.contains(&format!("{EXAMPLE_THINGS} neu")),
        "{status}"
    );
    let annex = building(&admin, &server, "annex").await.expect("imported");
    assert_eq!(desks(&annex), 8);

    // A broken file on the page: its problems in a table, with line and column.
    let broken = dir.path().join("broken.csv");
    std::fs::write(
        &broken,
        format!("{EXAMPLE_CSV}desk,1,,A1.99,,,,,,nirgendwo,,100,100,80,50,,,0,true,2,false,false,false,,,,,,,,,,,,,,\n"),
    )
    .unwrap();
    browser.choose_file("#import-file", &broken).await;
    browser.focus("#import-check").await;
    browser.press(&[], "\u{E007}").await;
    browser.wait_for_text("#import-alert", "Probleme").await;
    let table = browser.text_of("#import-problems table").await;
    let bad_line = (EXAMPLE_CSV.lines().count() + 1).to_string();
    assert!(
        table.contains(&bad_line) && table.contains("zone"),
        "{table}"
    );

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
