//! `platzwahl export building` and `platzwahl import FILE` as an administrator runs them, on
//! SQLite and PostgreSQL: a round trip into a fresh database, broken files that are refused
//! with every problem named and change nothing, a file of 100,000 desks, a dry run, and the
//! README's example building.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;
use tests::db::{Backend, TestDatabase};
use tests::server::{Options, Server, run_command, workspace_root};

/// Exports the demo's main building of `url` as text; panics with the command's output on
/// failure.
fn export(url: &str) -> String {
    export_of(url, tests::pages::DEMO_BUILDING)
}

/// Exports building `slug` of `url` as text; panics with the command's output on failure.
fn export_of(url: &str, slug: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export.json");
    let (ok, output) = run_command(
        &[
            "export",
            "building",
            "--building",
            slug,
            "--output",
            out.to_str().unwrap(),
        ],
        url,
    );
    assert!(ok, "export failed: {output}");
    std::fs::read_to_string(out).unwrap()
}

/// What an export says when there is no building (or the export failed otherwise).
fn export_fails(url: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export.json");
    let (ok, output) = run_command(
        &["export", "building", "--output", out.to_str().unwrap()],
        url,
    );
    assert!(!ok, "an export succeeded: {output}");
    output
}

/// Writes `bytes` to a file in `dir` and imports it; success and output.
fn import(dir: &Path, name: &str, bytes: &[u8], url: &str, dry_run: bool) -> (bool, String) {
    let file = dir.join(name);
    std::fs::write(&file, bytes).unwrap();
    let path = file.to_str().unwrap();
    if dry_run {
        run_command(&["import", path, "--dry-run"], url)
    } else {
        run_command(&["import", path], url)
    }
}

fn seed_demo(url: &str) {
    let (ok, output) = run_command(&["seed-demo"], url);
    assert!(ok, "seed-demo failed: {output}");
}

/// The 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in the file"));
    text[..at].matches('\n').count() + 1
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap()
}

/// Runs `test` with fresh databases on `backend` (two of them), removing them afterwards.
async fn with_two<F>(backend: Backend, test: F)
where
    F: FnOnce(&str, &str),
{
    let Some(first) = TestDatabase::create(backend).await else {
        return;
    };
    let Some(second) = TestDatabase::create(backend).await else {
        first.remove().await;
        return;
    };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        test(first.url(), second.url());
    }));
    first.remove().await;
    second.remove().await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

// --- 1. Round trip --------------------------------------------------------------------------

fn round_trip(source: &str, target: &str) {
    seed_demo(source);
    let exported = export(source);
    let building: Value = serde_json::from_str(&exported).unwrap();
    let desks: usize = building["floors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["desks"].as_array().unwrap().len())
        .sum();
    assert!(desks >= 300, "the demo's desks are exported: {desks}");
    assert!(!building["sensors"].as_array().unwrap().is_empty());

    let dir = tempfile::tempdir().unwrap();
    let (ok, output) = import(dir.path(), "demo.json", exported.as_bytes(), target, false);
    assert!(ok, "{output}");
    assert!(
        output.contains(&format!("desks: {desks} created")),
        "{output}"
    );
    assert!(output.contains("imported"), "{output}");
    assert_eq!(
        export(target),
        exported,
        "export → import → export is the same"
    );

    let (ok, output) = import(dir.path(), "demo.json", exported.as_bytes(), target, false);
    assert!(ok, "{output}");
    assert!(output.contains("nothing to change"), "{output}");
    assert!(!output.contains("created"), "{output}");
    assert_eq!(export(target), exported);
}

#[tokio::test]
async fn a_demo_export_imports_into_a_fresh_sqlite_database_unchanged() {
    with_two(Backend::Sqlite, round_trip).await;
}

#[tokio::test]
async fn a_demo_export_imports_into_a_fresh_postgres_database_unchanged() {
    with_two(Backend::Postgres, round_trip).await;
}

// --- 2. Broken files ------------------------------------------------------------------------

/// A broken file: its name, its bytes, and what the report must say.
struct Broken {
    name: &'static str,
    bytes: Vec<u8>,
    expected: Vec<String>,
}

fn broken_files(good: &str) -> Vec<Broken> {
    let demo: Value = serde_json::from_str(good).unwrap();
    let mut cases = vec![
        Broken {
            name: "not-json",
            bytes: b"{\n  \"slug\": \"x\",\n  \"name\": \n}".to_vec(),
            expected: vec![":4: ".into(), "not valid JSON".into()],
        },
        Broken {
            name: "latin1",
            bytes: b"{\n  \"slug\": \"k\xf6ln\"\n}".to_vec(),
            expected: vec![":2: ".into(), "not UTF-8".into()],
        },
        Broken {
            name: "empty",
            bytes: Vec::new(),
            expected: vec!["empty".into()],
        },
    ];

    let mut unknown_zone = demo.clone();
    unknown_zone["floors"][1]["desks"][3]["zone"] = "nowhere".into();
    let text = pretty(&unknown_zone);
    cases.push(Broken {
        name: "unknown-zone",
        expected: vec![
            format!(
                ":{}: floors[1].desks[3].zone: ",
                line_of(&text, "\"nowhere\"")
            ),
            "unknown zone \"nowhere\"".into(),
        ],
        bytes: text.into_bytes(),
    });

    let mut duplicate = demo.clone();
    let first = duplicate["floors"][2]["desks"][0]["label"].clone();
    duplicate["floors"][2]["desks"][5]["label"] = first.clone();
    cases.push(Broken {
        name: "duplicate-desk",
        expected: vec![
            "floors[2].desks[5].label: ".into(),
            format!("duplicate desk {first}"),
        ],
        bytes: pretty(&duplicate).into_bytes(),
    });

    let mut elsewhere = demo.clone();
    let zone_below = elsewhere["floors"][0]["zones"][0]["slug"].clone();
    elsewhere["floors"][1]["desks"][0]["zone"] = zone_below.clone();
    cases.push(Broken {
        name: "zone-of-another-floor",
        expected: vec![
            "floors[1].desks[0].zone: ".into(),
            format!("zone {zone_below} is on floor"),
        ],
        bytes: pretty(&elsewhere).into_bytes(),
    });

    let mut wrong_type = demo.clone();
    wrong_type["floors"][0]["desks"][2]["x"] = "12".into();
    let text = pretty(&wrong_type);
    cases.push(Broken {
        name: "wrong-type",
        expected: vec![
            format!(
                ":{}: floors[0].desks[2].x: ",
                line_of(&text, "\"x\": \"12\"")
            ),
            "expected a whole number, found the text \"12\"".into(),
        ],
        bytes: text.into_bytes(),
    });

    let mut missing = demo.clone();
    missing["floors"][0]["desks"][1]
        .as_object_mut()
        .unwrap()
        .remove("label");
    cases.push(Broken {
        name: "missing-field",
        expected: vec![
            "floors[0].desks[1].label: ".into(),
            "missing field \"label\"".into(),
        ],
        bytes: pretty(&missing).into_bytes(),
    });

    let mut unknown_field = demo.clone();
    unknown_field["floors"][0]["zones"][0]["colour"] = "blue".into();
    cases.push(Broken {
        name: "unknown-field",
        expected: vec![
            "floors[0].zones[0].colour: ".into(),
            "unknown field \"colour\"".into(),
        ],
        bytes: pretty(&unknown_field).into_bytes(),
    });

    let mut several = demo;
    several["floors"][1]["level"] = several["floors"][0]["level"].clone();
    several["floors"][3]["desks"][7]["zone"] = "nowhere".into();
    several["floors"][2]["rooms"][0]["capacity"] = Value::Bool(true);
    let key = several["sensors"][0]["device_key"].clone();
    several["sensors"][1]["device_key"] = key;
    several["timezone"] = "Europe/Wupperthal".into();
    cases.push(Broken {
        name: "several",
        expected: vec![
            "floors[1].level: duplicate floor level".into(),
            "floors[3].desks[7].zone: unknown zone".into(),
            "floors[2].rooms[0].capacity: expected a whole number, found true".into(),
            "sensors[1].device_key: duplicate sensor".into(),
            "timezone: unknown time zone \"Europe/Wupperthal\"".into(),
            "the file has 5 problem(s)".into(),
        ],
        bytes: pretty(&several).into_bytes(),
    });
    cases
}

fn broken_files_change_nothing(url: &str, _spare: &str) {
    seed_demo(url);
    let before = export(url);
    let dir = tempfile::tempdir().unwrap();
    for case in broken_files(&before) {
        let (ok, output) = import(dir.path(), case.name, &case.bytes, url, false);
        assert!(!ok, "{} was imported: {output}", case.name);
        assert!(
            output.contains("nothing imported"),
            "{}: {output}",
            case.name
        );
        for expected in &case.expected {
            assert!(
                output.contains(expected.as_str()),
                "{}: the report lacks {expected:?}:\n{output}",
                case.name
            );
        }
        // A dry run reports the same problems.
        let (ok, _) = import(dir.path(), case.name, &case.bytes, url, true);
        assert!(!ok, "{}: a dry run of a broken file fails too", case.name);
    }
    assert_eq!(export(url), before, "a broken file changes nothing");
}

#[tokio::test]
async fn broken_files_are_refused_with_every_problem_named_on_sqlite() {
    with_two(Backend::Sqlite, broken_files_change_nothing).await;
}

#[tokio::test]
async fn broken_files_are_refused_with_every_problem_named_on_postgres() {
    with_two(Backend::Postgres, broken_files_change_nothing).await;
}

// --- 3. A large file ------------------------------------------------------------------------

const LARGE: usize = 100_000;

/// A building with one floor, ten zones and [`LARGE`] desks; the desk `bad` names a zone that
/// does not exist.
fn large_file(bad: usize) -> String {
    let zones: Vec<Value> = (0..10)
        .map(|z| {
            serde_json::json!({
                "slug": format!("big-{z}"), "name": format!("Zone {z}"), "kind": "work",
                "x": z * 1000, "y": 0, "width": 1000, "height": 10_000,
            })
        })
        .collect();
    let desks: Vec<Value> = (0..LARGE)
        .map(|d| {
            let zone = if d == bad {
                "big-nowhere".to_owned()
            } else {
                format!("big-{}", d / (LARGE / 10))
            };
            serde_json::json!({
                "label": format!("B.{d}"), "zone": zone,
                "x": (d / (LARGE / 10)) * 1000 + 50 + (d % 90) * 10, "y": 50 + (d % 9000),
                "width": 8, "height": 6, "monitors": d % 3, "has_docking": d % 2 == 0,
            })
        })
        .collect();
    pretty(&serde_json::json!({
        "slug": "big", "name": "Big", "timezone": "Europe/Berlin",
        "floors": [{
            "level": 0, "name": "Hall", "plan_width": 10_000, "plan_height": 10_000,
            "zones": zones, "desks": desks,
        }],
    }))
}

fn a_large_file_with_one_error_changes_nothing(url: &str, _spare: &str) {
    let bad = LARGE - 7;
    let text = large_file(bad);
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let (ok, output) = import(dir.path(), "large.json", text.as_bytes(), url, false);
    let took = started.elapsed();
    assert!(!ok, "{output}");
    let expected = format!(
        ":{}: floors[0].desks[{bad}].zone: unknown zone \"big-nowhere\"",
        line_of(&text, "\"big-nowhere\"")
    );
    assert!(output.contains(&expected), "{expected}\n{output}");
    assert!(output.contains("the file has 1 problem(s)"), "{output}");
    assert!(
        took < Duration::from_secs(120),
        "checking {LARGE} desks took {took:?}"
    );
    eprintln!("checking {LARGE} desks took {took:?}");
    assert!(export_fails(url).contains("no building yet"));
}

#[tokio::test]
async fn a_file_of_100000_desks_with_one_error_near_the_end_changes_nothing_on_sqlite() {
    with_two(Backend::Sqlite, a_large_file_with_one_error_changes_nothing).await;
}

#[tokio::test]
async fn a_file_of_100000_desks_with_one_error_near_the_end_changes_nothing_on_postgres() {
    with_two(
        Backend::Postgres,
        a_large_file_with_one_error_changes_nothing,
    )
    .await;
}

// --- 4. Dry run -----------------------------------------------------------------------------

fn a_dry_run_changes_nothing(source: &str, target: &str) {
    seed_demo(source);
    let exported = export(source);
    let dir = tempfile::tempdir().unwrap();

    let (ok, output) = import(dir.path(), "demo.json", exported.as_bytes(), target, true);
    assert!(ok, "{output}");
    assert!(output.contains("building: 1 created"), "{output}");
    assert!(output.contains("floors: 4 created"), "{output}");
    assert!(output.contains("dry run: nothing was changed"), "{output}");
    assert!(export_fails(target).contains("no building yet"));

    // A change to an existing building: shown by name, not written.
    let mut changed: Value = serde_json::from_str(&exported).unwrap();
    let label = changed["floors"][1]["desks"][0]["label"].clone();
    changed["floors"][1]["desks"][0]["monitors"] = 0.into();
    changed["floors"][1]["desks"][0]["notes"] = "moved to the window".into();
    let (ok, output) = import(
        dir.path(),
        "changed.json",
        pretty(&changed).as_bytes(),
        source,
        true,
    );
    assert!(ok, "{output}");
    let label = label.as_str().unwrap();
    assert!(output.contains("desks: 1 changed"), "{output}");
    assert!(output.contains(&format!("changed: {label}")), "{output}");
    assert_eq!(export(source), exported, "a dry run changes nothing");

    let (ok, output) = import(
        dir.path(),
        "changed.json",
        pretty(&changed).as_bytes(),
        source,
        false,
    );
    assert!(ok, "{output}");
    let after: Value = serde_json::from_str(&export(source)).unwrap();
    let desk = after["floors"][1]["desks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["label"] == label)
        .unwrap();
    assert_eq!(desk["notes"], "moved to the window");
    assert_eq!(desk["monitors"], 0);
}

#[tokio::test]
async fn a_dry_run_shows_the_changes_and_changes_nothing_on_sqlite() {
    with_two(Backend::Sqlite, a_dry_run_changes_nothing).await;
}

#[tokio::test]
async fn a_dry_run_shows_the_changes_and_changes_nothing_on_postgres() {
    with_two(Backend::Postgres, a_dry_run_changes_nothing).await;
}

// --- 5. The README's example ----------------------------------------------------------------

fn example() -> PathBuf {
    workspace_root().join("docs/examples/building.json")
}

fn the_example_imports_into_a_fresh_install(url: &str, _spare: &str) {
    let (ok, output) = run_command(&["migrate"], url);
    assert!(ok, "{output}");
    let (ok, output) = run_command(&["import", example().to_str().unwrap()], url);
    assert!(ok, "{output}");
    assert!(output.contains("desks: 8 created"), "{output}");
    let exported: Value = serde_json::from_str(&export_of(url, "annex")).unwrap();
    assert_eq!(exported["slug"], "annex");
    assert_eq!(exported["floors"][1]["name"], "1. Obergeschoss");
    assert_eq!(exported["sensors"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn the_readmes_example_building_imports_into_a_fresh_sqlite_install() {
    with_two(Backend::Sqlite, the_example_imports_into_a_fresh_install).await;
}

#[tokio::test]
async fn the_readmes_example_building_imports_into_a_fresh_postgres_install() {
    with_two(Backend::Postgres, the_example_imports_into_a_fresh_install).await;
}

/// A server started on a database holding the imported example shows its floor (the demo,
/// seeded by the server after the import, is the second building; pages show the first).
#[tokio::test]
async fn a_server_started_after_importing_the_example_shows_its_floor() {
    let Some(db) = TestDatabase::create(Backend::Sqlite).await else {
        return;
    };
    let (ok, output) = run_command(&["import", example().to_str().unwrap()], db.url());
    assert!(ok, "{output}");
    let server = Server::start(Options {
        database_url: Some(db.url().to_owned()),
        ..Options::default()
    });
    let cookie = server.demo_session("employee").await;
    let page = server
        .client_with(&cookie)
        .get(server.at("/buildings/annex/floors/1"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("data-desk=\"A1.01\""), "{page}");
    assert_eq!(page.matches("class=\"desk desk-").count(), 7);
    assert!(server.terminate());
    db.remove().await;
}

// --- 6. Running servers follow --------------------------------------------------------------

/// A desk added by an import while a server runs on `backend` is on its floor plan within
/// `within`. The import itself must not fail because the server uses the database.
async fn a_running_server_shows_an_imported_desk(backend: Backend, within: Duration) {
    let Some(db) = TestDatabase::create(backend).await else {
        return;
    };
    let server = Server::start(Options {
        database_url: Some(db.url().to_owned()),
        ..Options::default()
    });
    let cookie = server.demo_session("employee").await;
    let client = server.client_with(&cookie);
    let floor = || async {
        client
            .get(server.at("/floors/2"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    let before = floor().await;
    assert!(before.contains("data-desk=\"2.14\""), "{before}");
    assert!(!before.contains("data-desk=\"2.999\""));

    let mut building: Value = serde_json::from_str(&export(db.url())).unwrap();
    let desks = building["floors"][2]["desks"].as_array_mut().unwrap();
    let mut desk = desks[0].clone();
    desk["label"] = "2.999".into();
    desk["x"] = (desk["x"].as_i64().unwrap() + 3).into();
    desks.push(desk);
    let dir = tempfile::tempdir().unwrap();
    let (ok, output) = import(
        dir.path(),
        "more.json",
        pretty(&building).as_bytes(),
        db.url(),
        false,
    );
    assert!(ok, "{output}");
    assert!(output.contains("desks: 1 created"), "{output}");

    let started = Instant::now();
    while !floor().await.contains("data-desk=\"2.999\"") {
        assert!(
            started.elapsed() < within,
            "the running server did not learn of the imported desk within {within:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(server.terminate());
    db.remove().await;
}

/// On PostgreSQL an import tells the running servers at once (`NOTIFY`), where the kept
/// topology would otherwise be read again only after up to a minute
/// (`domain::topology::TOPOLOGY_FOR`; the same test on SQLite fails at 5 s).
#[tokio::test]
async fn a_running_server_on_postgres_shows_an_imported_desk_at_once() {
    a_running_server_shows_an_imported_desk(Backend::Postgres, Duration::from_secs(5)).await;
}

/// On SQLite the import is written while the server runs, and the server shows it once it
/// reads the topology again.
#[tokio::test]
async fn a_running_server_on_sqlite_shows_an_imported_desk_within_a_minute() {
    let within = domain::topology::TOPOLOGY_FOR + Duration::from_secs(15);
    a_running_server_shows_an_imported_desk(Backend::Sqlite, within).await;
}
