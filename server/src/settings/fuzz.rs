//! The settings file under arbitrary text and under a valid file with its values mutated
//! (wrong types, numbers beyond their range, `nan` and `inf`, strange strings, deep nesting,
//! unknown and repeated keys): reading it never panics, and a value of the wrong type is
//! refused naming its key.
//!
//! The number of cases comes from `PROPTEST_CASES`; `make fuzz` runs many more.

use figment::Figment;
use figment::providers::{Format, Toml};
use proptest::prelude::*;
use proptest::sample::Index;

use super::{Settings, SettingsError};

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

/// Reads `text` as the settings file, without the environment.
fn read(text: &str) -> Result<Settings, SettingsError> {
    Settings::extract(Figment::from(Toml::string(text)))
}

/// Every key of a valid file (section, key, value as TOML).
const VALID: &[(&str, &str, &str)] = &[
    ("", "listen", "\"127.0.0.1:3000\""),
    ("", "data_dir", "\"data\""),
    (
        "",
        "database_url",
        "\"sqlite://data/platzwahl.db?mode=rwc\"",
    ),
    ("", "database_max_connections", "16"),
    ("", "migrate", "true"),
    ("", "mqtt_embedded_listen", "\"127.0.0.1:1884\""),
    ("", "demo", "false"),
    ("demo_sensors", "simulate", "true"),
    ("demo_sensors", "pace", "1"),
    ("", "log", "\"info\""),
    ("", "log_format", "\"json\""),
    ("", "metrics_listen", "\"127.0.0.1:9464\""),
    ("sensors", "client_id", "\"platzwahl-sensors\""),
    ("sensors", "retention_hours", "24"),
    ("sensors", "reconnect_max_ms", "2000"),
    ("sensors", "badge_topic", "\"platzwahl/badge/{device}\""),
    ("sensors.presence", "quiet_time_secs", "600"),
    ("sensors.presence", "offline_after_secs", "7200"),
    (
        "sensors.decoder",
        "zigbee2mqtt_base_topics",
        "[\"zigbee2mqtt\", \"slzb06\"]",
    ),
    (
        "sensors.decoder",
        "home_assistant_state_topics",
        "[\"homeassistant/binary_sensor/{device}/state\"]",
    ),
    ("auth", "public_url", "\"http://localhost:3000\""),
    ("auth", "session_idle_minutes", "480"),
    ("auth", "session_absolute_hours", "12"),
    ("auth", "invitation_days", "14"),
    ("auth", "sign_in_attempts_per_minute", "20"),
    ("auth", "failed_sign_ins_per_account", "10"),
    ("booking", "workday_starts", "\"08:00\""),
    ("booking", "release_sweep_secs", "60"),
    ("booking", "requests_close", "\"18:00\""),
    ("booking", "room_checkin_grace_min", "15"),
    ("booking", "full_days_first", "false"),
    ("privacy", "anonymise_after_days", "90"),
    ("privacy", "audit_keep_days", "365"),
    ("reports", "min_group_size", "5"),
    ("reports", "sensor_offline_after_min", "360"),
    ("reports", "low_battery_pct", "20"),
    ("web", "trusted_proxies", "[\"10.0.0.0/8\"]"),
    ("checkin", "networks", "[\"10.20.0.0/16\", \"192.0.2.7\"]"),
    ("checkin", "sensor_window_min", "10"),
];

/// A TOML value that is wrong somewhere, or everywhere.
fn hostile_value() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "0",
            "-1",
            "4294967296",
            "18446744073709551616",
            "9223372036854775807",
            "-9223372036854775808",
            "1e400",
            "nan",
            "-inf",
            "+inf",
            "0.5",
            "true",
            "\"\"",
            "\" \"",
            "\"25:61\"",
            "\"8:00\"",
            "\"08:00:00\"",
            "\"[::1]:0\"",
            "\"localhost\"",
            "\"999.1.1.1:80\"",
            "\"mysql://x\"",
            "\"mqtt://\"",
            "\"mqtts://:1\"",
            "\"http://\"",
            "\"https://x\"",
            "\"text\"",
            "\"a/#/b\"",
            "\"{device}/{device}\"",
            "\"\\u0000\"",
            "[]",
            "[1, \"a\"]",
            "{}",
            "{ a = 1 }",
            "1979-05-27T07:32:00Z",
            "07:32:00",
            "'''multi\nline'''",
        ])
        .prop_map(str::to_owned),
        any::<i64>().prop_map(|n| n.to_string()),
        "[ -~]{0,20}".prop_map(|text| format!("{text:?}")),
        (1_usize..300).prop_map(|depth| format!("{}1{}", "[".repeat(depth), "]".repeat(depth))),
        (1_usize..300).prop_map(|depth| format!(
            "{}1{}",
            "{ a = ".repeat(depth),
            " }".repeat(depth)
        )),
        (1_usize..20_000).prop_map(|n| format!("\"{}\"", "x".repeat(n))),
    ]
}

#[derive(Debug, Clone)]
enum Mutation {
    /// Give one key another value.
    Value(Index, String),
    /// Leave one key out.
    Remove(Index),
    /// Write one key twice.
    Repeat(Index),
    /// Add a key the section does not have.
    Unknown(Index, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<Index>(), hostile_value()).prop_map(|(at, value)| Mutation::Value(at, value)),
        1 => any::<Index>().prop_map(Mutation::Remove),
        1 => any::<Index>().prop_map(Mutation::Repeat),
        1 => (any::<Index>(), "[a-z_]{1,12}").prop_map(|(at, key)| Mutation::Unknown(at, key)),
    ]
}

/// The file: each section's keys under its header.
fn written(entries: &[(String, String, String)]) -> String {
    let mut sections: Vec<&str> = Vec::new();
    for (section, _, _) in entries {
        if !sections.contains(&section.as_str()) {
            sections.push(section);
        }
    }
    let mut text = String::new();
    for section in sections {
        if !section.is_empty() {
            text.push_str(&format!("\n[{section}]\n"));
        }
        for (_, key, value) in entries.iter().filter(|(s, _, _)| s == section) {
            text.push_str(&format!("{key} = {value}\n"));
        }
    }
    text
}

fn valid_entries() -> Vec<(String, String, String)> {
    VALID
        .iter()
        .map(|(section, key, value)| {
            (
                (*section).to_owned(),
                (*key).to_owned(),
                (*value).to_owned(),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_text_is_read_or_refused_with_a_message(text in "(?s).{0,400}") {
        if let Err(error) = read(&text) {
            prop_assert!(!error.to_string().is_empty());
        }
    }

    #[test]
    fn arbitrary_toml_lines_are_read_or_refused_with_a_message(
        lines in prop::collection::vec(
            (
                prop::sample::select(vec!["", "[sensors]", "[auth]", "[[sensors.decoder.mappings]]", "[booking", "[]"]),
                "[a-z_.\"]{0,12}",
                hostile_value(),
            ),
            0..8,
        ),
    ) {
        let text: String = lines
            .iter()
            .map(|(header, key, value)| format!("{header}\n{key} = {value}\n"))
            .collect();
        if let Err(error) = read(&text) {
            prop_assert!(!error.to_string().is_empty());
        }
    }

    #[test]
    fn a_mutated_settings_file_is_read_or_refused_naming_the_key(
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let mut entries = valid_entries();
        let mut changed = Vec::new();
        for mutation in &mutations {
            let count = entries.len();
            match mutation {
                Mutation::Value(at, value) => {
                    if let Some(entry) = entries.get_mut(at.index(count)) {
                        entry.2.clone_from(value);
                        changed.push(entry.1.clone());
                    }
                }
                Mutation::Remove(at) => {
                    entries.remove(at.index(count));
                }
                Mutation::Repeat(at) => {
                    if let Some(entry) = entries.get(at.index(count)).cloned() {
                        changed.push(entry.1.clone());
                        entries.push(entry);
                    }
                }
                Mutation::Unknown(at, key) => {
                    if let Some(section) = entries.get(at.index(count)).map(|e| e.0.clone()) {
                        changed.push(key.clone());
                        entries.push((section, key.clone(), "1".to_owned()));
                    }
                }
            }
        }
        let text = written(&entries);
        if let Err(error) = read(&text) {
            let message = error.to_string();
            prop_assert!(!message.is_empty());
            // A value the settings cannot hold is refused by the name of its key (a file
            // TOML cannot parse at all is refused by line).
            if let SettingsError::Invalid(_) = &error
                && !message.contains("TOML parse error")
                && !message.contains("line")
            {
                prop_assert!(
                    changed.iter().any(|key| message.contains(key.as_str())),
                    "{message} does not name any of {changed:?}\n{text}"
                );
            }
        }
    }
}

#[test]
fn the_valid_file_of_the_properties_is_valid() {
    let read = read(&written(&valid_entries()));
    assert!(read.is_ok(), "{:?}", read.err().map(|e| e.to_string()));
}

#[test]
fn deeply_nested_toml_is_refused_without_overflowing_the_stack() {
    for depth in [1_000, 100_000] {
        let arrays = format!("log = {}1{}", "[".repeat(depth), "]".repeat(depth));
        assert!(read(&arrays).is_err());
        let tables = format!("log = {}1{}", "{ a = ".repeat(depth), " }".repeat(depth));
        assert!(read(&tables).is_err());
    }
}
