//! The building as CSV (`platzwahl import places.csv`, `platzwahl export building --format
//! csv`) as an administrator runs it, on SQLite and PostgreSQL: the README's example CSV
//! imports as the example JSON does and exports again as the same CSV and JSON; broken CSV
//! files are refused with every problem on its line and column and change nothing; a CSV of
//! 100,000 desks with one mistake near its end is refused quickly.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tests::db::{Backend, TestDatabase};
use tests::server::{run_command, workspace_root};

fn example(name: &str) -> PathBuf {
    workspace_root().join("docs/examples").join(name)
}

/// Exports building `slug` of `url` in `format`; panics with the command's output on failure.
fn export(url: &str, slug: &str, format: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join(format!("export.{format}"));
    let (ok, output) = run_command(
        &[
            "export",
            "building",
            "--building",
            slug,
            "--format",
            format,
            "--output",
            out.to_str().unwrap(),
        ],
        url,
    );
    assert!(ok, "export failed: {output}");
    std::fs::read_to_string(out).unwrap()
}

/// Whether any building can be exported from `url` (none: "no building yet").
fn no_building(url: &str) -> bool {
    let (ok, output) = run_command(&["export", "building"], url);
    !ok && output.contains("no building yet")
}

/// Imports `path`, perhaps as a dry run; success and output.
fn import_path(path: &Path, url: &str, dry_run: bool) -> (bool, String) {
    let path = path.to_str().unwrap();
    if dry_run {
        run_command(&["import", path, "--dry-run"], url)
    } else {
        run_command(&["import", path], url)
    }
}

/// Writes `bytes` to `name` in `dir` and imports it; success and output.
fn import(dir: &Path, name: &str, bytes: &[u8], url: &str, dry_run: bool) -> (bool, String) {
    let file = dir.join(name);
    std::fs::write(&file, bytes).unwrap();
    import_path(&file, url, dry_run)
}

fn migrate(url: &str) {
    let (ok, output) = run_command(&["migrate"], url);
    assert!(ok, "{output}");
}

/// Runs `test` with `count` fresh databases on `backend`, removing them afterwards.
async fn with_databases<F>(backend: Backend, count: usize, test: F)
where
    F: FnOnce(&[String]),
{
    let mut databases = Vec::new();
    for _ in 0..count {
        match TestDatabase::create(backend).await {
            Some(database) => databases.push(database),
            None => break,
        }
    }
    let outcome = (databases.len() == count).then(|| {
        let urls: Vec<String> = databases.iter().map(|d| d.url().to_owned()).collect();
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| test(&urls)))
    });
    for database in databases {
        database.remove().await;
    }
    if let Some(Err(panic)) = outcome {
        std::panic::resume_unwind(panic);
    }
}

// --- 1. The example -------------------------------------------------------------------------

fn the_example_csv_imports_as_the_example_json(urls: &[String]) {
    let (from_csv, from_json) = (urls[0].as_str(), urls[1].as_str());
    migrate(from_csv);
    migrate(from_json);
    let csv = std::fs::read_to_string(example("building.csv")).unwrap();

    let (ok, output) = import_path(&example("building.csv"), from_csv, true);
    assert!(ok, "{output}");
    assert!(output.contains("desks: 8 created"), "{output}");
    assert!(output.contains("rooms: 2 created"), "{output}");
    assert!(output.contains("dry run: nothing was changed"), "{output}");
    assert!(no_building(from_csv), "a dry run changes nothing");

    let (ok, output) = import_path(&example("building.csv"), from_csv, false);
    assert!(ok, "{output}");
    assert!(output.contains("desks: 8 created"), "{output}");
    assert!(output.contains("sensors: 3 created"), "{output}");
    assert!(output.contains("imported"), "{output}");

    let (ok, output) = import_path(&example("building.json"), from_json, false);
    assert!(ok, "{output}");

    assert_eq!(
        export(from_csv, "annex", "csv"),
        csv,
        "the CSV exports again as it was"
    );
    assert_eq!(
        export(from_json, "annex", "csv"),
        csv,
        "the JSON example exports as the CSV example"
    );
    assert_eq!(
        export(from_csv, "annex", "json"),
        export(from_json, "annex", "json"),
        "the CSV and the JSON example import as the same building"
    );

    // The one and the other form of the same building change nothing the second time.
    let (ok, output) = import_path(&example("building.json"), from_csv, false);
    assert!(ok, "{output}");
    assert!(output.contains("nothing to change"), "{output}");
    let (ok, output) = import_path(&example("building.csv"), from_json, false);
    assert!(ok, "{output}");
    assert!(output.contains("nothing to change"), "{output}");

    // A change in the spreadsheet: shown by name on a dry run, then written.
    let changed = csv.replace(",Stuhl defekt,", ",Stuhl ersetzt,");
    let dir = tempfile::tempdir().unwrap();
    let (ok, output) = import(dir.path(), "annex.csv", changed.as_bytes(), from_csv, true);
    assert!(ok, "{output}");
    assert!(output.contains("desks: 1 changed"), "{output}");
    assert!(output.contains("changed: A1.07"), "{output}");
    assert_eq!(
        export(from_csv, "annex", "csv"),
        csv,
        "a dry run changes nothing"
    );
    let (ok, output) = import(dir.path(), "annex.csv", changed.as_bytes(), from_csv, false);
    assert!(ok, "{output}");
    assert_eq!(export(from_csv, "annex", "csv"), changed);
}

#[tokio::test]
async fn the_example_csv_imports_and_exports_as_the_example_json_on_sqlite() {
    with_databases(
        Backend::Sqlite,
        2,
        the_example_csv_imports_as_the_example_json,
    )
    .await;
}

#[tokio::test]
async fn the_example_csv_imports_and_exports_as_the_example_json_on_postgres() {
    with_databases(
        Backend::Postgres,
        2,
        the_example_csv_imports_as_the_example_json,
    )
    .await;
}

// --- 2. Which file is which -----------------------------------------------------------------

fn files_are_told_apart(urls: &[String]) {
    let url = urls[0].as_str();
    migrate(url);
    // An organisation's CSV still needs its organisation.
    let (ok, output) = import_path(&example("people.csv"), url, true);
    assert!(!ok, "{output}");
    assert!(output.contains("--organisation"), "{output}");
    // A building CSV is not imported into an organisation.
    let (ok, output) = run_command(
        &[
            "import",
            example("building.csv").to_str().unwrap(),
            "--organisation",
            "stadt",
        ],
        url,
    );
    assert!(!ok, "{output}");
    assert!(output.contains("building CSV"), "{output}");
    // The header tells, not the name: a building CSV saved as .txt imports.
    let dir = tempfile::tempdir().unwrap();
    let csv = std::fs::read(example("building.csv")).unwrap();
    let (ok, output) = import(dir.path(), "annex.txt", &csv, url, false);
    assert!(ok, "{output}");
    assert!(output.contains("desks: 8 created"), "{output}");
}

#[tokio::test]
async fn a_building_csv_is_told_from_an_organisation_csv_by_its_header() {
    with_databases(Backend::Sqlite, 1, files_are_told_apart).await;
}

// --- 3. Broken files ------------------------------------------------------------------------

/// `csv` with the cell of `column` on line `line` set to `value` (a plain value, on a line
/// without quotes).
fn with_cell(csv: &str, line: usize, column: &str, value: &str) -> String {
    let mut lines: Vec<String> = csv.lines().map(str::to_owned).collect();
    let index = lines[0].split(',').position(|c| c == column).unwrap();
    assert!(!lines[line - 1].contains('"'), "line {line} has quotes");
    let mut cells: Vec<&str> = lines[line - 1].split(',').collect();
    cells[index] = value;
    lines[line - 1] = cells.join(",");
    lines.join("\n") + "\n"
}

/// `csv` without the column `column` (on lines without quotes in or before it).
fn without_column(csv: &str, column: &str) -> String {
    let index = csv
        .lines()
        .next()
        .unwrap()
        .split(',')
        .position(|c| c == column)
        .unwrap();
    csv.lines()
        .map(|line| {
            let mut cells: Vec<&str> = line.split(',').collect();
            if cells.len() > index && !line.contains('"') {
                cells.remove(index);
            } else {
                // The quoted cells of the example come before `column`: drop the last empty
                // cell instead, which shifts nothing that the line uses.
                assert_eq!(cells.pop(), Some(""), "{line}");
            }
            cells.join(",")
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// A broken file: its name, its bytes, and what the report must say.
struct Broken {
    name: &'static str,
    bytes: Vec<u8>,
    expected: Vec<&'static str>,
}

/// Broken forms of the example, whose lines are: 1 header, 2 building, 3 floor 0, 4–5 zones,
/// 6 desk A0.01, 7–8 rooms, 9 floor 1, 10–11 zones, 12–18 desks A1.01–A1.07, 19–21 sensors.
fn broken_files(good: &str) -> Vec<Broken> {
    let mut latin1 = with_cell(good, 13, "notes", "K?ln").into_bytes();
    let at = latin1.windows(4).position(|w| w == b"K?ln").unwrap();
    latin1[at + 1] = 0xf6;
    let mut several = with_cell(good, 13, "zone", "annex-1-nord");
    several = with_cell(&several, 14, "label", "A1.01");
    several = with_cell(&several, 15, "x", "zwölf");
    several = with_cell(&several, 18, "x", "5000");
    several = with_cell(&several, 20, "protocol", "bluetooth");
    several = with_cell(&several, 11, "kind", "table");
    vec![
        Broken {
            name: "empty.csv",
            bytes: Vec::new(),
            expected: vec!["the file is empty"],
        },
        Broken {
            name: "wrong-columns.csv",
            bytes: good
                .replacen("kind,level,", "kind,colour,level,", 1)
                .into_bytes(),
            expected: vec!["wrong-columns.csv:1: colour: unknown column \"colour\" (column 2)"],
        },
        Broken {
            name: "missing-column.csv",
            bytes: without_column(good, "capacity").into_bytes(),
            expected: vec![
                "missing-column.csv:1: capacity: missing column \"capacity\": every room \
                 needs one (the first is on line 7)",
                "the file has 1 problem(s)",
            ],
        },
        Broken {
            name: "unknown-kind.csv",
            bytes: with_cell(good, 13, "kind", "table").into_bytes(),
            expected: vec!["unknown-kind.csv:13: kind: unknown kind \"table\""],
        },
        Broken {
            name: "unknown-zone.csv",
            bytes: with_cell(good, 13, "zone", "annex-1-nord").into_bytes(),
            expected: vec!["unknown-zone.csv:13: zone: unknown zone \"annex-1-nord\""],
        },
        Broken {
            name: "duplicate-desk.csv",
            bytes: with_cell(good, 14, "label", "A1.01").into_bytes(),
            expected: vec![
                "duplicate-desk.csv:14: label: duplicate desk \"A1.01\" (also on line 12)",
            ],
        },
        Broken {
            name: "bad-number.csv",
            bytes: with_cell(good, 15, "width", "80cm").into_bytes(),
            expected: vec![
                "bad-number.csv:15: width: expected a whole number, found the text \"80cm\"",
            ],
        },
        Broken {
            name: "latin1.csv",
            bytes: latin1,
            expected: vec!["latin1.csv:13: notes: the file is not UTF-8"],
        },
        Broken {
            name: "outside.csv",
            bytes: with_cell(good, 18, "y", "900").into_bytes(),
            expected: vec!["outside.csv:18: x: the desk (1000, 900) lies outside its floor's plan"],
        },
        Broken {
            name: "empty-cell.csv",
            bytes: with_cell(good, 12, "zone", "").into_bytes(),
            expected: vec!["empty-cell.csv:12: zone: empty; every desk needs its zone"],
        },
        Broken {
            name: "several.csv",
            bytes: several.into_bytes(),
            expected: vec![
                "several.csv:11: kind: unknown kind \"table\"",
                "several.csv:13: zone: unknown zone \"annex-1-nord\"",
                "several.csv:14: label: duplicate desk \"A1.01\"",
                "several.csv:15: x: expected a whole number, found the text \"zwölf\"",
                "several.csv:18: x: the desk (5000, 100) lies outside",
                "several.csv:20: protocol: expected one of zigbee2mqtt",
                "the file has 6 problem(s)",
            ],
        },
    ]
}

fn broken_files_change_nothing(urls: &[String]) {
    let url = urls[0].as_str();
    migrate(url);
    let (ok, output) = import_path(&example("building.csv"), url, false);
    assert!(ok, "{output}");
    let before = export(url, "annex", "csv");
    let dir = tempfile::tempdir().unwrap();
    for case in broken_files(&before) {
        for dry_run in [true, false] {
            let (ok, output) = import(dir.path(), case.name, &case.bytes, url, dry_run);
            assert!(!ok, "{} was imported: {output}", case.name);
            assert!(
                output.contains("nothing imported"),
                "{}: {output}",
                case.name
            );
            for expected in &case.expected {
                assert!(
                    output.contains(expected),
                    "{}: the report lacks {expected:?}:\n{output}",
                    case.name
                );
            }
        }
    }
    assert_eq!(
        export(url, "annex", "csv"),
        before,
        "a broken file changes nothing"
    );
}

#[tokio::test]
async fn broken_csv_files_are_refused_with_line_and_column_on_sqlite() {
    with_databases(Backend::Sqlite, 1, broken_files_change_nothing).await;
}

#[tokio::test]
async fn broken_csv_files_are_refused_with_line_and_column_on_postgres() {
    with_databases(Backend::Postgres, 1, broken_files_change_nothing).await;
}

// --- 4. A large file ------------------------------------------------------------------------

const LARGE: usize = 100_000;

/// A building with one floor, ten zones and [`LARGE`] desks as CSV (only the columns it
/// needs); the desk `bad` names a zone that does not exist. Its line is `bad + 14` (the
/// header, the building, the floor and ten zones come first).
fn large_file(bad: usize) -> String {
    let mut text = String::from(
        "kind,level,slug,label,name,timezone,zone,zone_kind,x,y,width,height,monitors,has_docking\n\
         building,,big,,Big,Europe/Berlin,,,,,,,,\n\
         floor,0,,,Hall,,,,,,10000,10000,,\n",
    );
    for z in 0..10 {
        text.push_str(&format!(
            "zone,0,big-{z},,Zone {z},,,work,{},0,1000,10000,,\n",
            z * 1000
        ));
    }
    for d in 0..LARGE {
        let zone = if d == bad {
            "big-nowhere".to_owned()
        } else {
            format!("big-{}", d / (LARGE / 10))
        };
        text.push_str(&format!(
            "desk,0,,B.{d},,,{zone},,{},{},8,6,{},{}\n",
            (d / (LARGE / 10)) * 1000 + 50 + (d % 90) * 10,
            50 + (d % 9000),
            d % 3,
            d % 2 == 0
        ));
    }
    text
}

fn a_large_file_with_one_error_changes_nothing(urls: &[String]) {
    let url = urls[0].as_str();
    migrate(url);
    let bad = LARGE - 7;
    let text = large_file(bad);
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let (ok, output) = import(dir.path(), "large.csv", text.as_bytes(), url, false);
    let took = started.elapsed();
    assert!(!ok, "{output}");
    let expected = format!("large.csv:{}: zone: unknown zone \"big-nowhere\"", bad + 14);
    assert!(output.contains(&expected), "{expected}\n{output}");
    assert!(output.contains("the file has 1 problem(s)"), "{output}");
    assert!(
        took < Duration::from_secs(120),
        "checking {LARGE} desks took {took:?}"
    );
    eprintln!("checking {LARGE} desks as CSV took {took:?}");
    assert!(no_building(url), "nothing was imported");
}

#[tokio::test]
async fn a_csv_of_100000_desks_with_one_error_near_the_end_changes_nothing_on_sqlite() {
    with_databases(
        Backend::Sqlite,
        1,
        a_large_file_with_one_error_changes_nothing,
    )
    .await;
}

#[tokio::test]
async fn a_csv_of_100000_desks_with_one_error_near_the_end_changes_nothing_on_postgres() {
    with_databases(
        Backend::Postgres,
        1,
        a_large_file_with_one_error_changes_nothing,
    )
    .await;
}
