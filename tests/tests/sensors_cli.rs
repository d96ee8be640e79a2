//! `platzwahl sensors decode`: the tool an administrator uses when connecting a new sensor
//! model, run as the real binary on real sample payloads.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;
use tests::server::{binary, workspace_root};

/// Runs `platzwahl sensors decode ARGS` with `payload` on standard input; returns whether it
/// exited with 0 and the JSON it printed.
fn decode(args: &[&str], payload: &[u8], config: Option<&Path>) -> (bool, Value) {
    let mut command = Command::new(binary());
    command
        .args(["sensors", "decode"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(config) = config {
        command.env("PLATZWAHL_CONFIG", config);
    }
    let mut child = command.spawn().expect("run platzwahl");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(payload)
        .expect("write payload");
    let output = child.wait_with_output().expect("wait for platzwahl");
    let text = String::from_utf8_lossy(&output.stdout);
    let json = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {text}\nstderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.success(), json)
}

/// The first line of a `.jsonl` sample: its topic and its payload as bytes.
fn first_sample(file: &str) -> (String, Vec<u8>) {
    let path = workspace_root()
        .join("..")
        .join("shared")
        .join("sensor-samples")
        .join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let line: Value = serde_json::from_str(text.lines().next().expect("a line")).expect("JSON");
    let topic = line["topic"].as_str().expect("topic").to_string();
    let payload = serde_json::to_vec(&line["payload"]).expect("payload");
    (topic, payload)
}

#[test]
fn a_tuya_radar_sample_decodes_to_an_occupied_reading_of_its_zigbee2mqtt_device() {
    let (topic, payload) = first_sample("zigbee2mqtt/tuya_mmwave_zy_m100_presence.jsonl");
    assert_eq!(topic, "zigbee2mqtt/0xa4c1382a6b329e9d");
    let (ok, json) = decode(&["--topic", &topic], &payload, None);
    assert!(ok, "exit status should be 0 for an event: {json}");
    let event = &json["event"];
    assert_eq!(event["kind"], "reading");
    assert_eq!(event["device"], "z2m:zigbee2mqtt/0xa4c1382a6b329e9d");
    assert_eq!(event["format"], "zigbee2mqtt");
    assert_eq!(event["occupancy"], "occupied");
    assert_eq!(event["link_quality"]["value"], 98);
    assert_eq!(event["observed_at"], "2024-09-07T15:54:41.147Z");
}

#[test]
fn a_payload_that_is_not_json_prints_the_reason_and_exits_with_an_error() {
    let (ok, json) = decode(
        &["--topic", "v3/app@ttn/devices/x/up", "--format", "tts"],
        b"this is not json",
        None,
    );
    assert!(!ok, "a decode error must give a non-zero exit status");
    assert_eq!(json["error"]["kind"], "not_json");
    assert!(
        json["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("not valid JSON")),
        "{json}"
    );
}

#[test]
fn a_sensor_model_from_the_settings_file_decodes_its_own_payloads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("platzwahl.toml");
    std::fs::write(
        &config,
        r#"
[[sensors.decoder.mappings]]
name = "acme-desk"
topic = "acme/+/{device}/up"
occupancy = "/data/occupied"
occupied = ["busy"]
vacant = ["free"]
"#,
    )
    .expect("write settings");
    let (ok, json) = decode(
        &["--topic", "acme/floor2/desk-7/up", "--model", "acme-desk"],
        br#"{"data": {"occupied": "free"}}"#,
        Some(&config),
    );
    assert!(ok, "{json}");
    assert_eq!(json["event"]["device"], "acme-desk:desk-7");
    assert_eq!(json["event"]["occupancy"], "vacant");

    let (ok, json) = decode(
        &[
            "--topic",
            "acme/floor2/desk-7/up",
            "--model",
            "no-such-model",
        ],
        br#"{"data": {"occupied": "free"}}"#,
        Some(&config),
    );
    assert!(!ok);
    assert_eq!(json["error"]["kind"], "unknown_mapping");
}
