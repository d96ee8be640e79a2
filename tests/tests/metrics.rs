//! `/metrics` as an operator's Prometheus reads it: on the listener of its own, not on the
//! public port; in a text format that Prometheus' own Python client parses (the oracle, not
//! our code); with what happened counted by kind — requests by route pattern and status with
//! a latency histogram, bookings made and refused by reason, sensor messages by outcome, jobs,
//! live streams and the database pool — and never a person's name, a desk or an id.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};
use tests::mqtt::{a_desk_with_a_sensor, presence, publish_until_state};
use tests::server::{Options, Server, book_a_home_desk, free_port, in_days};
use tests::services::missing;

/// The Python of the project's tools, with `prometheus_client` (`scripts/bootstrap test`).
fn python() -> Option<std::path::PathBuf> {
    let tools = std::env::var("PLATZWAHL_TOOLS_DIR").map_or_else(
        |_| {
            std::path::PathBuf::from(std::env::var("HOME").unwrap_or_default())
                .join(".cache/platzwahl/tools")
        },
        std::path::PathBuf::from,
    );
    let python = tools.join("venv/bin/python");
    let has_client = Command::new(&python)
        .args(["-c", "import prometheus_client"])
        .status()
        .is_ok_and(|s| s.success());
    has_client.then_some(python)
}

/// Every sample of the exposition `text`, as Prometheus' Python client reads it: name,
/// labels, value, and the family's type.
fn parse(python: &std::path::Path, text: &str) -> Vec<Value> {
    const SCRIPT: &str = r#"
import json, sys
from prometheus_client.parser import text_string_to_metric_families
out = []
for family in text_string_to_metric_families(sys.stdin.read()):
    for s in family.samples:
        out.append({"family": family.name, "type": family.type, "name": s.name,
                    "labels": s.labels, "value": s.value})
print(json.dumps(out))
"#;
    let mut child = Command::new(python)
        .args(["-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "prometheus_client cannot parse /metrics: {}\n{text}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The sum of the samples named `name` whose labels include all of `labels`.
fn sum(samples: &[Value], name: &str, labels: &[(&str, &str)]) -> f64 {
    samples
        .iter()
        .filter(|s| s["name"] == name)
        .filter(|s| labels.iter().all(|(k, v)| s["labels"][*k] == *v))
        .map(|s| s["value"].as_f64().unwrap())
        .sum()
}

#[tokio::test]
async fn metrics_count_by_kind_on_their_own_listener_and_parse_as_prometheus_reads_them() {
    let Some(python) = python() else {
        missing(
            "prometheus_client",
            "the tools' Python lacks it: run `scripts/bootstrap test`",
        );
        return;
    };
    let port = free_port();
    let server = Server::start(Options {
        env: vec![(
            "PLATZWAHL_METRICS_LISTEN".into(),
            format!("127.0.0.1:{port}"),
        )],
        ..Options::default()
    });
    let metrics_url = format!("http://127.0.0.1:{port}/metrics");

    // Not on the public port.
    let public = reqwest::get(server.at("/metrics")).await.unwrap();
    let status = public.status();
    let body = public.text().await.unwrap();
    assert!(
        !body.contains("# TYPE"),
        "/metrics is not on the public port ({status}): {body}"
    );

    // A booking made, one refused (yesterday), a sensor message, a live stream open.
    let cookie = server.demo_session("employee").await;
    let booking = book_a_home_desk(&server, &cookie).await;
    let mine: Value = server
        .client_with(&cookie)
        .get(server.at("/api/v1/bookings/mine"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let desk_label = mine["upcoming"][0]["desk"].as_str().unwrap().to_owned();
    let desk_id = mine["upcoming"][0]["desk_id"].as_i64().unwrap();
    let refused = server
        .client_with(&cookie)
        .post(server.at("/api/v1/bookings"))
        .json(&json!({
            "desk_id": desk_id, "slot": "full_day",
            "days": {"kind": "days", "days": [in_days(-1)]}
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let sensor_desk = a_desk_with_a_sensor(&server, 1).await;
    publish_until_state(
        &server,
        ("127.0.0.1", server.mqtt_port),
        &format!("zigbee2mqtt/desks/{sensor_desk}"),
        &presence(true),
        (1, &sensor_desk),
        "occupied",
        Duration::from_secs(20),
    )
    .await;
    let _stream = server.get_signed_in("/api/v1/live?floor=1").await;

    let response = reqwest::get(&metrics_url).await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/plain")),
    );
    let text = response.text().await.unwrap();
    let samples = parse(&python, &text);

    assert!(
        sum(
            &samples,
            "platzwahl_http_requests_total",
            &[
                ("method", "POST"),
                ("route", "/api/v1/bookings"),
                ("status", "201")
            ]
        ) >= 1.0,
        "the booking request is counted under its route: {text}"
    );
    assert!(
        sum(
            &samples,
            "platzwahl_http_requests_total",
            &[("route", "/api/v1/bookings"), ("status", "422")]
        ) >= 1.0
    );
    let histogram = samples
        .iter()
        .find(|s| s["family"] == "platzwahl_http_request_duration_seconds")
        .expect("the latency histogram");
    assert_eq!(histogram["type"], "histogram");
    assert!(
        sum(
            &samples,
            "platzwahl_http_request_duration_seconds_count",
            &[("route", "/api/v1/bookings")]
        ) >= 2.0
    );
    assert!(
        sum(
            &samples,
            "platzwahl_bookings_total",
            &[("outcome", "booked")]
        ) >= 1.0
    );
    assert!(
        sum(
            &samples,
            "platzwahl_bookings_total",
            &[("outcome", "refused"), ("reason", "in-the-past")]
        ) >= 1.0
    );
    assert!(
        sum(
            &samples,
            "platzwahl_sensor_messages_total",
            &[("outcome", "stored")]
        ) >= 1.0
    );
    assert!(
        sum(
            &samples,
            "platzwahl_mqtt_connections_total",
            &[("event", "connected")]
        ) >= 1.0
    );
    assert!(sum(&samples, "platzwahl_job_runs_total", &[("job", "release")]) >= 1.0);
    assert!(sum(&samples, "platzwahl_live_streams", &[]) >= 1.0);
    assert!(sum(&samples, "platzwahl_db_pool_max_connections", &[]) >= 1.0);
    assert!(
        samples
            .iter()
            .any(|s| s["name"] == "platzwahl_db_pool_connections" && s["labels"]["state"] == "idle")
    );

    // Counts by kind only: no label names the person, the desk booked or the booking, and no
    // route label carries an id.
    let names: Vec<String> = server
        .demo_people()
        .await
        .iter()
        .filter_map(|p| p["name"].as_str().map(str::to_owned))
        .collect();
    let booking = booking.to_string();
    for sample in &samples {
        for (key, value) in sample["labels"].as_object().unwrap() {
            let value = value.as_str().unwrap();
            if key == "le" {
                continue;
            }
            assert!(
                value != desk_label
                    && value != booking
                    && !names.iter().any(|n| value.contains(n.as_str())),
                "a label tells who or where: {key}={value}"
            );
            if key == "route" {
                assert!(
                    !value.split('/').any(|part| part.parse::<i64>().is_ok()),
                    "a route label with an id: {value}"
                );
            }
        }
    }
}
