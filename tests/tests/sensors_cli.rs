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
        .join("sensors")
        .join("tests")
        .join("samples")
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

/// `platzwahl sensors import FILE` on a seeded database: a file with bad fields writes nothing
/// and names each with its line and column; a good one registers its sensors, and
/// `platzwahl sensors list` prints them back in the same columns.
#[tokio::test]
async fn sensors_are_imported_from_a_file_all_or_nothing() {
    use tests::db::{Backend, TestDatabase};
    use tests::server::run_command;
    let Some(db) = TestDatabase::create(Backend::Sqlite).await else {
        return;
    };
    let (ok, log) = run_command(&["seed-demo"], db.url());
    assert!(ok, "{log}");
    // What `sensors list` printed, without the log lines on standard error.
    let listed = |output: String| -> String {
        output
            .lines()
            .filter(|line| !line.contains(" INFO ") && !line.contains(" WARN "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (ok, before) = run_command(&["sensors", "list"], db.url());
    assert!(ok, "{before}");
    let before = listed(before);
    assert!(
        before.lines().count() > 100,
        "the demo's sensors are listed"
    );
    let dir = tempfile::tempdir().unwrap();

    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "device_key,model,protocol,desk,room\n\
         z2m:zigbee2mqtt/extra/one,Aqara FP1E,zigbee2mqtt,0.01,\n\
         z2m:zigbee2mqtt/extra/two,Aqara FP1E,zigbee2mqtt,9.99,\n\
         lorawan:0004a30b001c0530,Milesight VS121,lora,,\n",
    )
    .unwrap();
    let (ok, log) = run_command(&["sensors", "import", bad.to_str().unwrap()], db.url());
    assert!(!ok, "{log}");
    assert!(
        log.contains("bad.csv:3: desk: no desk is labelled `9.99`"),
        "{log}"
    );
    assert!(log.contains("bad.csv:4: protocol:"), "{log}");
    assert!(
        log.contains("bad.csv:4: desk: give the desk or the room"),
        "{log}"
    );
    assert!(log.contains("nothing imported (3 errors)"), "{log}");
    let (_, after) = run_command(&["sensors", "list"], db.url());
    assert!(listed(after) == before, "nothing was written");

    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "device_key,model,protocol,desk,room\n\
         z2m:zigbee2mqtt/extra/one,Aqara FP1E,zigbee2mqtt,0.01,\n\
         \"lorawan:0004a30b001c0530\",\"Milesight VS121, Decke\",chirpstack_v4,,0.E01\n",
    )
    .unwrap();
    let (ok, log) = run_command(&["sensors", "import", good.to_str().unwrap()], db.url());
    assert!(ok, "{log}");
    assert!(log.contains("2 added, 0 updated, 0 unchanged"), "{log}");
    let (ok, log) = run_command(&["sensors", "import", good.to_str().unwrap()], db.url());
    assert!(
        ok && log.contains("0 added, 0 updated, 2 unchanged"),
        "{log}"
    );
    let (_, after) = run_command(&["sensors", "list"], db.url());
    let after = listed(after);
    assert_eq!(after.lines().count(), before.lines().count() + 2);
    assert!(
        after.contains("lorawan:0004a30b001c0530,\"Milesight VS121, Decke\",chirpstack_v4,,0.E01")
    );
    assert!(after.contains("z2m:zigbee2mqtt/extra/one,Aqara FP1E,zigbee2mqtt,0.01,"));
}
