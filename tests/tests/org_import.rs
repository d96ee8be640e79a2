//! `platzwahl export organisation` and `platzwahl import FILE` of organisation files (JSON)
//! and people or units CSV, as an administrator runs them, on SQLite and PostgreSQL: the demo's
//! organisations exported and imported into a fresh database unchanged, broken files of every
//! kind refused with every problem named and nothing changed, a people CSV of 100,000 rows with
//! one bad row, and a dry run.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;
use tests::db::{Backend, TestDatabase};
use tests::pages::{DEMO_BUILDING, SECOND_DEMO_BUILDING};
use tests::server::{run_command, workspace_root};

const ORGANISATIONS: [&str; 3] = ["stadt", "jobcenter", "universitaet"];

/// Runs `platzwahl` with `args` against `url`; panics with its output unless it succeeds.
fn run_ok(args: &[&str], url: &str) -> String {
    let (ok, output) = run_command(args, url);
    assert!(ok, "platzwahl {args:?} failed: {output}");
    output
}

/// Exports the organisation `slug` of `url` in `format` (`json`, `csv-people`, `csv-units`).
fn export(url: &str, slug: &str, format: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export");
    run_ok(
        &[
            "export",
            "organisation",
            slug,
            "--format",
            format,
            "--output",
            out.to_str().unwrap(),
        ],
        url,
    );
    std::fs::read_to_string(out).unwrap()
}

/// Exports the building `slug` of `url`.
fn export_building(url: &str, slug: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("building.json");
    run_ok(
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
    std::fs::read_to_string(out).unwrap()
}

/// Writes `bytes` to `dir/name` and imports it with `extra` arguments; success and output.
fn import(dir: &Path, name: &str, bytes: &[u8], url: &str, extra: &[&str]) -> (bool, String) {
    let file = dir.join(name);
    std::fs::write(&file, bytes).unwrap();
    let mut args = vec!["import", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    run_command(&args, url)
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap()
}

/// The 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in the file"));
    text[..at].matches('\n').count() + 1
}

/// Runs `test` with two fresh databases on `backend`, removing them afterwards.
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

/// Two tests per scenario, one on each backend (as `tests::on_both_backends!`, with the two
/// databases' URLs for the command line instead of a connection).
macro_rules! on_both_backends_by_url {
    ($($scenario:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $scenario() {
                    super::with_two(tests::db::Backend::Sqlite, super::$scenario).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $scenario() {
                    super::with_two(tests::db::Backend::Postgres, super::$scenario).await;
                }
            )*
        }
    };
}

on_both_backends_by_url!(
    the_demos_organisations_import_into_a_fresh_database_unchanged,
    broken_files_are_refused_with_every_problem_named_and_change_nothing,
    a_people_csv_of_100000_rows_with_one_bad_row_changes_nothing,
    a_dry_run_shows_the_changes_and_changes_nothing,
);

// --- 1. Round trip --------------------------------------------------------------------------

fn the_demos_organisations_import_into_a_fresh_database_unchanged(source: &str, target: &str) {
    run_ok(&["seed-demo"], source);
    let dir = tempfile::tempdir().unwrap();
    // Both demo buildings: the university's unit "Forschungstransfer" works in the second.
    for building in [DEMO_BUILDING, SECOND_DEMO_BUILDING] {
        let (ok, output) = import(
            dir.path(),
            "building.json",
            export_building(source, building).as_bytes(),
            target,
            &[],
        );
        assert!(ok, "{output}");
    }
    for slug in ORGANISATIONS {
        let exported = export(source, slug, "json");
        let file: Value = serde_json::from_str(&exported).unwrap();
        let people = file["people"].as_array().unwrap().len();
        assert!(
            people >= 20,
            "{slug}: the demo's people are exported: {people}"
        );
        assert!(
            !file["units"][0]["home_zones"]
                .as_array()
                .unwrap()
                .is_empty()
        );

        let name = format!("{slug}.json");
        let (ok, output) = import(dir.path(), &name, exported.as_bytes(), target, &[]);
        assert!(ok, "{output}");
        assert!(
            output.contains(&format!("people: {people} created")),
            "{output}"
        );
        assert_eq!(
            export(target, slug, "json"),
            exported,
            "{slug}: export → import → export is the same"
        );
        let (ok, output) = import(dir.path(), &name, exported.as_bytes(), target, &[]);
        assert!(ok, "{output}");
        assert!(output.contains("nothing to change"), "{output}");

        // The CSV of people and of units import as nothing to change, too.
        for (format, file) in [("csv-people", "people.csv"), ("csv-units", "units.csv")] {
            let csv = export(target, slug, format);
            let (ok, output) = import(
                dir.path(),
                file,
                csv.as_bytes(),
                target,
                &["--organisation", slug],
            );
            assert!(ok, "{output}");
            assert!(
                output.contains("nothing to change"),
                "{slug} {format}: {output}"
            );
        }
    }
}

// --- 2. Broken files ------------------------------------------------------------------------

/// A broken file: its name, its bytes, the extra arguments and what the report must say.
struct Broken {
    name: &'static str,
    bytes: Vec<u8>,
    csv: bool,
    expected: Vec<String>,
}

fn json_case(name: &'static str, file: &Value, needle: &str, expected: &[&str]) -> Broken {
    let text = pretty(file);
    let mut expected: Vec<String> = expected.iter().map(|e| (*e).to_owned()).collect();
    expected.push(format!("{name}:{}: ", line_of(&text, needle)));
    Broken {
        name,
        bytes: text.into_bytes(),
        csv: false,
        expected,
    }
}

fn csv_case(name: &'static str, bytes: &[u8], expected: &[&str]) -> Broken {
    Broken {
        name,
        bytes: bytes.to_vec(),
        csv: true,
        expected: expected.iter().map(|e| (*e).to_owned()).collect(),
    }
}

fn broken_files(stadt: &Value, jobcenter: &Value) -> Vec<Broken> {
    let jobcenter_person = jobcenter["people"][0]["email"].as_str().unwrap().to_owned();
    let first = stadt["people"][0]["email"].as_str().unwrap().to_owned();
    let mut cases = vec![
        Broken {
            name: "not-json",
            bytes: b"{\n  \"organisation\": {\"slug\": \"x\", \"name\": \"X\"},\n  \"units\": \n}"
                .to_vec(),
            csv: false,
            expected: vec!["not-json:4: ".into(), "not valid JSON".into()],
        },
        Broken {
            name: "latin1",
            bytes: b"{\n  \"organisation\": {\"slug\": \"k\xf6ln\"}\n}".to_vec(),
            csv: false,
            expected: vec!["latin1:2: ".into(), "not UTF-8".into()],
        },
        Broken {
            name: "empty",
            bytes: Vec::new(),
            csv: false,
            expected: vec!["empty".into()],
        },
    ];

    let mut unknown_zone = stadt.clone();
    unknown_zone["units"][1]["home_zones"][0]["zone"] = "nowhere".into();
    cases.push(json_case(
        "unknown-zone",
        &unknown_zone,
        "\"nowhere\"",
        &["units[1].home_zones[0].zone: unknown zone \"nowhere\""],
    ));

    let mut not_granted = jobcenter.clone();
    not_granted["units"][0]["home_zones"][0]["zone"] = "2-ruhe".into();
    cases.push(json_case(
        "not-granted",
        &not_granted,
        "\"2-ruhe\"",
        &["the zone \"2-ruhe\" is not given to organisation \"jobcenter\""],
    ));

    let mut duplicate = stadt.clone();
    duplicate["people"][5]["email"] = first.to_uppercase().into();
    cases.push(json_case(
        "duplicate-person",
        &duplicate,
        &first.to_uppercase(),
        &["people[5].email: duplicate person"],
    ));

    let mut other_organisation = stadt.clone();
    other_organisation["people"][3]["email"] = jobcenter_person.clone().into();
    cases.push(json_case(
        "person-of-another-organisation",
        &other_organisation,
        &jobcenter_person,
        &[
            "people[3].email: ",
            "is a person of organisation \"jobcenter\"",
        ],
    ));

    let mut unknown_role = stadt.clone();
    unknown_role["people"][2]["roles"] = serde_json::json!(["employee", "chief"]);
    cases.push(json_case(
        "unknown-role",
        &unknown_role,
        "\"chief\"",
        &["people[2].roles[1]: unknown role \"chief\""],
    ));

    let mut wrong_type = stadt.clone();
    wrong_type["units"][0]["home_zones"][0]["priority"] = "first".into();
    cases.push(json_case(
        "wrong-type",
        &wrong_type,
        "\"first\"",
        &["units[0].home_zones[0].priority: expected a whole number, found the text \"first\""],
    ));

    let mut unknown_field = stadt.clone();
    unknown_field["people"][1]["phone"] = "0202 1234".into();
    cases.push(json_case(
        "unknown-field",
        &unknown_field,
        "\"phone\"",
        &["people[1].phone: unknown field \"phone\""],
    ));

    let mut missing = stadt.clone();
    missing["people"][4].as_object_mut().unwrap().remove("name");
    let text = pretty(&missing);
    cases.push(Broken {
        name: "missing-field",
        bytes: text.into_bytes(),
        csv: false,
        expected: vec!["people[4].name: missing field \"name\"".into()],
    });

    let mut several = stadt.clone();
    several["units"][1]["slug"] = several["units"][0]["slug"].clone();
    several["people"][0]["unit"] = "nowhere".into();
    several["people"][1]["locale"] = "fr".into();
    several["people"][2]["email"] = "not an address".into();
    cases.push(Broken {
        name: "several",
        bytes: pretty(&several).into_bytes(),
        csv: false,
        expected: vec![
            "units[1].slug: duplicate unit".into(),
            "people[0].unit: unknown unit \"nowhere\"".into(),
            "people[1].locale: expected one of de, en, found the text \"fr\"".into(),
            "people[2].email: \"not an address\" is not an e-mail address".into(),
            "the file has 4 problem(s)".into(),
        ],
    });

    cases.push(csv_case(
        "wrong-columns.csv",
        b"mail,nom\nx@y.example,X\n",
        &["wrong-columns.csv:1: ", "neither a people CSV"],
    ));
    cases.push(csv_case(
        "unknown-column.csv",
        b"email,name,phone\nx@y.example,X,1\n",
        &["unknown-column.csv:1: phone: unknown column \"phone\""],
    ));
    cases.push(csv_case(
        "missing-column.csv",
        b"email,unit\nx@y.example,bauaufsicht\n",
        &["missing-column.csv:1: name: missing column \"name\""],
    ));
    cases.push(csv_case("empty.csv", b"", &["empty.csv: ", "empty"]));
    cases.push(csv_case(
        "latin1.csv",
        b"email,name\nx@y.example,X\nk@y.example,K\xf6hler\n",
        &["latin1.csv:3: name: the file is not UTF-8"],
    ));
    cases.push(csv_case(
        "fields.csv",
        b"email,name,unit\nx@y.example,Koch, Ines,bauaufsicht\n",
        &["fields.csv:2: ", "this row has 4 fields, the header 3"],
    ));
    cases.push(csv_case(
        "duplicate.csv",
        b"email,name\nx@y.example,X\nX@Y.example,Y\n",
        &["duplicate.csv:3: email: duplicate person x@y.example (also at line 2)"],
    ));
    cases.push(csv_case(
        "unknown-unit.csv",
        b"email,name,unit\nx@y.example,X,jobcenter-leistung\n",
        &["unknown-unit.csv:2: unit: the unit \"jobcenter-leistung\" belongs to organisation \"jobcenter\""],
    ));
    cases.push(csv_case(
        "units.csv",
        b"unit,name,home_zones\nneu,Neu,nowhere:1\nbauaufsicht,Bauaufsicht,2-ruhe:x\n",
        &[
            "units.csv:2: home_zones: unknown zone \"nowhere\"",
            "units.csv:3: home_zones: \"2-ruhe:x\": the priority",
        ],
    ));
    cases
}

fn broken_files_are_refused_with_every_problem_named_and_change_nothing(url: &str, _spare: &str) {
    run_ok(&["seed-demo"], url);
    let before: Vec<String> = ORGANISATIONS
        .iter()
        .map(|s| export(url, s, "json"))
        .collect();
    let stadt: Value = serde_json::from_str(&before[0]).unwrap();
    let jobcenter: Value = serde_json::from_str(&before[1]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for case in broken_files(&stadt, &jobcenter) {
        let extra: &[&str] = if case.csv {
            &["--organisation", "stadt"]
        } else {
            &[]
        };
        let (ok, output) = import(dir.path(), case.name, &case.bytes, url, extra);
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
        let mut dry = extra.to_vec();
        dry.push("--dry-run");
        let (ok, _) = import(dir.path(), case.name, &case.bytes, url, &dry);
        assert!(!ok, "{}: a dry run of a broken file fails too", case.name);
    }
    let after: Vec<String> = ORGANISATIONS
        .iter()
        .map(|s| export(url, s, "json"))
        .collect();
    assert_eq!(after, before, "a broken file changes nothing");
}

// --- 3. A large file ------------------------------------------------------------------------

const LARGE: usize = 100_000;

fn a_people_csv_of_100000_rows_with_one_bad_row_changes_nothing(url: &str, _spare: &str) {
    let examples = workspace_root().join("docs/examples");
    for file in ["building.json", "organisation.json"] {
        run_ok(&["import", examples.join(file).to_str().unwrap()], url);
    }
    let before = export(url, "stadt", "csv-people");
    let bad = LARGE - 11;
    let mut csv = String::from("email,name,unit,roles,badges\n");
    for i in 0..LARGE {
        let role = if i == bad { "chief" } else { "employee" };
        csv.push_str(&format!(
            "person.{i}@stadt.example,Person {i},bauamt,{role},B{i:06}\n"
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let (ok, output) = import(
        dir.path(),
        "large.csv",
        csv.as_bytes(),
        url,
        &["--organisation", "stadt"],
    );
    let took = started.elapsed();
    assert!(!ok, "{output}");
    let expected = format!("large.csv:{}: roles: unknown role \"chief\"", bad + 2);
    assert!(output.contains(&expected), "{expected}\n{output}");
    assert!(output.contains("the file has 1 problem(s)"), "{output}");
    assert!(
        took < Duration::from_secs(120),
        "checking {LARGE} people took {took:?}"
    );
    eprintln!("checking {LARGE} people took {took:?}");
    assert_eq!(
        export(url, "stadt", "csv-people"),
        before,
        "nothing changed"
    );
}

// --- 4. Dry run -----------------------------------------------------------------------------

fn a_dry_run_shows_the_changes_and_changes_nothing(url: &str, _spare: &str) {
    let examples = workspace_root().join("docs/examples");
    run_ok(
        &["import", examples.join("building.json").to_str().unwrap()],
        url,
    );
    let organisation = examples.join("organisation.json");
    let output = run_ok(
        &["import", organisation.to_str().unwrap(), "--dry-run"],
        url,
    );
    assert!(output.contains("organisation: 1 created"), "{output}");
    assert!(output.contains("units: 2 created"), "{output}");
    assert!(output.contains("people: 2 created"), "{output}");
    assert!(output.contains("dry run: nothing was changed"), "{output}");
    let (ok, output) = run_command(&["export", "organisation", "stadt"], url);
    assert!(
        !ok && output.contains("no organisation \"stadt\""),
        "{output}"
    );

    let output = run_ok(&["import", organisation.to_str().unwrap()], url);
    assert!(output.contains("imported"), "{output}");
    let file: Value = serde_json::from_str(&export(url, "stadt", "json")).unwrap();
    assert_eq!(file["units"][0]["policy"]["max_bookings_per_week"], 3);
    assert!(
        file["people"][0]["badges"][0]
            .as_str()
            .unwrap()
            .starts_with("sha256:"),
        "badges are exported as their hash: {file}"
    );
}
