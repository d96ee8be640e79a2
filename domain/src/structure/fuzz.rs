//! The building file's reader under arbitrary bytes and under a valid file with its fields
//! mutated (wrong types, numbers beyond `i32`, strings that are long, blank, SQL or HTML,
//! deep nesting, keys with `.` and `[`, cut or spliced text): it never panics, and every
//! problem it reports names its line and field. Mutated files that pass the check import into
//! a database without a database error.
//!
//! The number of cases comes from `PROPTEST_CASES`; `make fuzz` runs many more.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use proptest::sample::Index;
use sea_orm::{ConnectOptions, Database, DatabaseConnection};
use sea_orm_migration::MigratorTrait;
use serde_json::{Value, json};

use super::check::{Problem, read};
use super::{StructureError, import};

/// `PROPTEST_CASES`, else `default`.
fn config(default: u32) -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|cases| cases.parse().ok())
            .unwrap_or(default),
        ..ProptestConfig::default()
    }
}

/// A valid file with every kind of object, two floors and both sensor targets.
fn valid() -> Value {
    json!({
        "slug": "haus",
        "name": "Haus am Döppersberg",
        "address": "Döppersberg 37",
        "timezone": "Europe/Berlin",
        "floors": [
            {
                "level": 0,
                "name": "EG",
                "plan_width": 1000,
                "plan_height": 600,
                "zones": [
                    {"slug": "nord", "name": "Nord", "kind": "work", "x": 0, "y": 0,
                     "width": 500, "height": 600, "distance_to_lift_m": 5, "next_to": ["sued"]},
                    {"slug": "sued", "name": "Süd", "kind": "quiet", "x": 500, "y": 0,
                     "width": 500, "height": 600}
                ],
                "desks": [
                    {"label": "0.01", "zone": "nord", "x": 10, "y": 10, "width": 16, "height": 8,
                     "rotation": 90, "has_docking": true, "monitors": 2, "notes": "Fenster"},
                    {"label": "0.02", "zone": "sued", "x": 600, "y": 10, "width": 16, "height": 8}
                ],
                "rooms": [
                    {"label": "0.B1", "name": "Beratung", "zone": "sued", "capacity": 4,
                     "privacy_class": "protected", "step_free": true,
                     "equipment": ["screen", "video"], "buffer_before_min": 5,
                     "x": 700, "y": 300, "width": 100, "height": 80}
                ]
            },
            {"level": 1, "name": "1. OG", "plan_width": 800, "plan_height": 400,
             "zones": [{"slug": "west", "name": "West", "kind": "entrance", "x": 0, "y": 0,
                        "width": 800, "height": 400}],
             "desks": [{"label": "1.01", "zone": "west", "x": 1, "y": 1, "width": 10,
                        "height": 10}]}
        ],
        "sensors": [
            {"device_key": "z2m:zigbee2mqtt/desk-0.01", "model": "Aqara FP1",
             "protocol": "zigbee2mqtt", "desk": "0.01"},
            {"device_key": "lorawan:0004a30b001c0530", "model": "VS340", "protocol": "ttn_v3",
             "room": "0.B1"}
        ]
    })
}

/// A value the reader does not expect where it is put.
fn hostile_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        prop::sample::select(vec![
            json!(i32::MAX),
            json!(i64::from(i32::MAX) + 1),
            json!(i64::from(i32::MIN) - 1),
            json!(i64::MAX),
            json!(u64::MAX),
            json!(-1),
            json!(0),
            json!(359),
            json!(360),
            json!(1.5),
            json!(1e308),
            json!(-0.0),
        ]),
        any::<i32>().prop_map(Value::from),
        prop::sample::select(vec![
            "",
            " ",
            " nord",
            "nord ",
            "NaN",
            "1e999",
            "Europe/Nowhere",
            "UTC",
            "work",
            "protected",
            "generic",
            "0.01",
            "sued",
            "'; DROP TABLE desk; --",
            "<script>alert(1)</script>",
            "a.b",
            "x[0]",
            "\u{0}",
            "\u{202e}",
            "\u{feff}",
            "z2m:",
            ":x",
            "with space:key",
        ])
        .prop_map(|text| Value::String(text.to_owned())),
        ".{0,16}".prop_map(Value::String),
        (190_usize..400).prop_map(|n| Value::String("ä".repeat(n))),
        (1_usize..200).prop_map(|depth| {
            (0..depth).fold(json!(1), |inner, level| {
                if level % 2 == 0 {
                    json!([inner])
                } else {
                    json!({ "slug": inner })
                }
            })
        }),
        prop::collection::vec(".{0,4}".prop_map(Value::String), 0..4).prop_map(Value::Array),
        Just(json!({})),
    ]
}

/// A key the file has, or one it does not.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "slug",
            "name",
            "floors",
            "sensors",
            "level",
            "zones",
            "desks",
            "rooms",
            "label",
            "zone",
            "x",
            "y",
            "width",
            "height",
            "next_to",
            "device_key",
            "desk",
            "room",
            "protocol",
            "capacity",
            "",
            "a.b",
            "c[1]",
            "~/",
        ])
        .prop_map(str::to_owned),
        "[a-z_]{1,10}",
    ]
}

#[derive(Debug, Clone)]
enum Mutation {
    Replace(Index, Value),
    Remove(Index),
    Insert(Index, String, Value),
    /// Copy one value over another (duplicate keys, references to the wrong thing).
    Copy(Index, Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<Index>(), hostile_value()).prop_map(|(at, value)| Mutation::Replace(at, value)),
        2 => any::<Index>().prop_map(Mutation::Remove),
        2 => (any::<Index>(), key(), hostile_value())
            .prop_map(|(at, key, value)| Mutation::Insert(at, key, value)),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(from, to)| Mutation::Copy(from, to)),
    ]
}

/// The JSON pointer of every value, the root first.
fn pointers(value: &Value) -> Vec<String> {
    fn walk(value: &Value, at: String, out: &mut Vec<String>) {
        out.push(at.clone());
        match value {
            Value::Object(fields) => {
                for (key, child) in fields {
                    let key = key.replace('~', "~0").replace('/', "~1");
                    walk(child, format!("{at}/{key}"), out);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    walk(child, format!("{at}/{index}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, String::new(), &mut out);
    out
}

fn mutate(document: &mut Value, mutation: &Mutation) {
    let all = pointers(document);
    let pick = |at: &Index| all.get(at.index(all.len())).cloned().unwrap_or_default();
    match mutation {
        Mutation::Replace(at, value) => {
            if let Some(target) = document.pointer_mut(&pick(at)) {
                *target = value.clone();
            }
        }
        Mutation::Remove(at) => {
            let pointer = pick(at);
            let Some((parent, last)) = pointer.rsplit_once('/') else {
                return;
            };
            match document.pointer_mut(parent) {
                Some(Value::Object(fields)) => {
                    fields.remove(&last.replace("~1", "/").replace("~0", "~"));
                }
                Some(Value::Array(items)) => {
                    if let Ok(index) = last.parse::<usize>()
                        && index < items.len()
                    {
                        items.remove(index);
                    }
                }
                _ => {}
            }
        }
        Mutation::Insert(at, key, value) => match document.pointer_mut(&pick(at)) {
            Some(Value::Object(fields)) => {
                fields.insert(key.clone(), value.clone());
            }
            Some(Value::Array(items)) => items.push(value.clone()),
            _ => {}
        },
        Mutation::Copy(from, to) => {
            let copied = document.pointer(&pick(from)).cloned();
            if let (Some(copied), Some(target)) = (copied, document.pointer_mut(&pick(to))) {
                *target = copied;
            }
        }
    }
}

/// The file as text: pretty or compact, then perhaps cut short or with bytes spliced in.
fn file_text() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::collection::vec(mutation(), 1..5),
        any::<bool>(),
        prop_oneof![
            6 => Just(None),
            1 => (any::<Index>(), Just(Vec::new())).prop_map(Some),
            1 => (any::<Index>(), prop::collection::vec(any::<u8>(), 1..6)).prop_map(Some),
        ],
        prop::sample::select(vec!["", "\u{feff}", "\n\n"]),
    )
        .prop_map(|(mutations, pretty, splice, prefix)| {
            let mut document = valid();
            for mutation in &mutations {
                mutate(&mut document, mutation);
            }
            let text = if pretty {
                serde_json::to_string_pretty(&document)
            } else {
                serde_json::to_string(&document)
            };
            let mut bytes = format!("{prefix}{}", text.unwrap_or_default()).into_bytes();
            match splice {
                Some((at, inserted)) if inserted.is_empty() => {
                    bytes.truncate(at.index(bytes.len() + 1));
                }
                Some((at, inserted)) => {
                    let at = at.index(bytes.len() + 1);
                    bytes.splice(at..at, inserted);
                }
                None => {}
            }
            bytes
        })
}

/// Reads `bytes` as the importer does, without a database: the file or its problems.
fn problems_of(bytes: &[u8]) -> Option<Vec<Problem>> {
    match read(bytes) {
        Err(problems) => Some(problems),
        Ok(reading) => reading.finish().err(),
    }
}

/// Every problem names a line of the file (but an empty file's) and, below the whole file,
/// its field.
fn assert_located(bytes: &[u8], problems: &[Problem]) {
    assert!(!problems.is_empty());
    let lines = bytes.iter().filter(|b| **b == b'\n').count() + 1;
    for problem in problems {
        assert!(!problem.message.is_empty(), "{problem:?}");
        match problem.line {
            Some(line) => assert!((1..=lines).contains(&line), "{problem:?} of {lines}"),
            None => assert!(problem.message.contains("empty"), "no line: {problem:?}"),
        }
        if !problem.path.is_empty() {
            // An empty key is a field without a name.
            assert!(
                !problem.field.is_empty() || problem.path.ends_with('.'),
                "no field: {problem:?}"
            );
            assert!(problem.path.ends_with(&problem.field) || problem.path.ends_with(']'));
        }
        let shown = problem.to_string();
        assert!(
            shown.starts_with("line ") || problem.line.is_none(),
            "{shown}"
        );
    }
}

async fn fresh() -> DatabaseConnection {
    let mut options = ConnectOptions::new("sqlite::memory:");
    options.max_connections(1).sqlx_logging(false);
    let db = Database::connect(options).await.unwrap();
    migration::Migrator::up(&db, None).await.unwrap();
    db
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_bytes_are_refused_with_located_problems(
        bytes in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        if let Some(problems) = problems_of(&bytes) {
            assert_located(&bytes, &problems);
        }
    }

    #[test]
    fn a_mutated_file_is_read_or_refused_with_every_problem_located(bytes in file_text()) {
        if let Some(problems) = problems_of(&bytes) {
            assert_located(&bytes, &problems);
        }
    }
}

proptest! {
    #![proptest_config(config(16))]

    /// A mutated file that passes the check imports (over the valid one) without a database
    /// error: what the check lets through, the database takes.
    #[test]
    fn a_mutated_file_that_passes_the_check_imports(bytes in file_text()) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let db = fresh().await;
            let base = serde_json::to_vec(&valid()).unwrap();
            prop_assert!(import(&db, &base, false).await.is_ok());
            match import(&db, &bytes, false).await {
                Ok(_) => {}
                Err(StructureError::Invalid(problems)) => assert_located(&bytes, &problems),
                Err(other) => prop_assert!(false, "{other}"),
            }
            Ok(())
        })?;
    }
}

#[test]
fn the_valid_file_is_valid() {
    let bytes = serde_json::to_vec_pretty(&valid()).unwrap();
    assert_eq!(problems_of(&bytes), None);
}

#[test]
fn deeply_nested_files_are_refused_with_a_line() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let problems = problems_of(deep.as_bytes()).unwrap_or_default();
    assert_located(deep.as_bytes(), &problems);
}

/// Found by `a_mutated_file_is_read_or_refused_with_every_problem_located`: a missing
/// top-level field had no line, because the building itself was never looked for.
#[test]
fn a_missing_top_level_field_is_reported_on_the_buildings_line() {
    let mut file = valid();
    if let Some(fields) = file.as_object_mut() {
        fields.remove("name");
    }
    let text = format!("\n{}", serde_json::to_string_pretty(&file).unwrap());
    let problems = problems_of(text.as_bytes()).unwrap_or_default();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].line, Some(2));
    assert_eq!(problems[0].field, "name");
    assert_located(text.as_bytes(), &problems);
}

/// Found by `a_mutated_file_is_read_or_refused_with_every_problem_located`: an unknown key
/// with `[` in it was reported with an empty field, cut from the path at the bracket.
#[test]
fn an_unknown_key_with_brackets_or_dots_is_named_whole() {
    for key in ["[slug", "a.b", "x[0]"] {
        let mut file = valid();
        file[key] = json!("haus");
        let text = serde_json::to_string_pretty(&file).unwrap();
        let problems = problems_of(text.as_bytes()).unwrap_or_default();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].field, key);
        assert_located(text.as_bytes(), &problems);
    }
}
