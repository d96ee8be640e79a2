//! Decoders never panic, whatever arrives on whatever topic: arbitrary bytes, arbitrary JSON,
//! and the real samples (`tests/samples/`) with their fields mutated (wrong types, huge
//! numbers, NaN-like strings, deep nesting, long strings, base64 garbage). Every refusal is a
//! typed [`DecodeError`]; valid payloads generated from their parts decode to exactly the
//! reading they describe.
//!
//! The number of cases comes from `PROPTEST_CASES` (default 256); `make fuzz` runs many more.

use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::FileFailurePersistence;
use sensors::{
    DecodeError, DecoderConfig, DeviceKey, Format, FormatChoice, JsonPointer, LinkQuality,
    Occupancy, Reading, SensorEvent, TopicPattern, decode, decode_as,
};
use serde_json::{Map, Value, json};

/// The case count: `PROPTEST_CASES`, else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(default)
}

fn proptest_config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(256),
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/decoder_properties.txt",
        ))),
        ..ProptestConfig::default()
    }
}

/// A configuration that exercises every decoder, generic mappings included.
fn config() -> DecoderConfig {
    let config = json!({
        "zigbee2mqtt_base_topics": ["zigbee2mqtt", "slzb06"],
        "mappings": [
            {"name": "acme", "topic": "acme/+/{device}/up", "occupancy": "/data/desk",
             "occupied": [true, "busy", 1], "vacant": [false, "free", 0], "pending": ["?"],
             "battery": "/bat", "link_quality": "/lqi", "rssi": "/rssi", "observed_at": "/ts"},
            {"name": "plain", "topic": "plain/{device}", "occupancy": "",
             "occupied": ["yes"], "vacant": ["no"]}
        ]
    });
    match serde_json::from_value(config) {
        Ok(config) => config,
        Err(error) => panic!("test config does not deserialise: {error}"),
    }
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop_oneof![
            Just("ON".to_owned()),
            Just("occupied".to_owned()),
            Just("trigger".to_owned()),
            Just("online".to_owned()),
            Just("2024-09-07T15:54:41.147Z".to_owned()),
            ".{0,12}",
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((field_name(), inner), 0..8)
                .prop_map(|fields| Value::Object(fields.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Field names the decoders look at, and some they do not.
fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "occupancy",
            "presence",
            "occupied",
            "status",
            "pir",
            "people_counter_all",
            "motion",
            "battery",
            "batteryLevel",
            "batteryLevelUnavailable",
            "linkquality",
            "last_seen",
            "state",
            "end_device_ids",
            "dev_eui",
            "device_id",
            "uplink_message",
            "decoded_payload",
            "f_port",
            "fPort",
            "rx_metadata",
            "rxInfo",
            "rssi",
            "snr",
            "received_at",
            "deviceInfo",
            "devEui",
            "object",
            "time",
            "errors",
            "__errors",
            "data",
            "desk",
            "bat",
        ])
        .prop_map(str::to_owned),
        "[a-z_]{1,8}",
    ]
}

fn arbitrary_topic() -> impl Strategy<Value = String> {
    let prefix = prop::sample::select(vec![
        "",
        "zigbee2mqtt/",
        "zigbee2mqtt/bridge/",
        "slzb06/",
        "v3/app1@tenant1/devices/",
        "v3/",
        "application/abc/device/0101010101010101/event/",
        "application/",
        "homeassistant/binary_sensor/",
        "acme/floor/",
        "plain/",
        "$SYS/",
    ]);
    let tail = prop::collection::vec(
        prop_oneof![
            prop::sample::select(vec![
                "up",
                "status",
                "join",
                "set",
                "get",
                "availability",
                "state",
                "config",
                "occupancy",
                "battery",
                "devices",
                "dev1",
                "desk",
                "",
            ])
            .prop_map(str::to_owned),
            ".{0,6}",
        ],
        0..5,
    )
    .prop_map(|levels| levels.join("/"));
    (prefix, tail).prop_map(|(prefix, tail)| format!("{prefix}{tail}"))
}

/// Known envelopes with arbitrary contents, to reach the decoders' inner paths.
fn enveloped(inner: Value) -> Vec<(String, Value)> {
    vec![
        ("zigbee2mqtt/desk".to_owned(), inner.clone()),
        (
            "zigbee2mqtt/desk".to_owned(),
            json!({"occupancy": inner.clone(), "battery": inner.clone(), "last_seen": inner.clone()}),
        ),
        (
            "v3/app1@tenant1/devices/dev1/up".to_owned(),
            json!({"end_device_ids": inner.clone(),
                   "uplink_message": {"decoded_payload": inner.clone(), "f_port": 102,
                                      "rx_metadata": inner.clone(), "received_at": inner.clone()}}),
        ),
        (
            "application/a/device/0101010101010101/event/up".to_owned(),
            json!({"deviceInfo": inner.clone(), "object": inner.clone(), "fPort": inner.clone(),
                   "rxInfo": [inner.clone()], "time": inner.clone()}),
        ),
        (
            "application/a/device/0101010101010101/event/status".to_owned(),
            json!({"batteryLevel": inner.clone(), "batteryLevelUnavailable": inner.clone()}),
        ),
        (
            "acme/floor/d1/up".to_owned(),
            json!({"data": {"desk": inner.clone()}, "bat": inner.clone(), "lqi": inner.clone(),
                   "rssi": inner.clone(), "ts": inner}),
        ),
    ]
}

/// Decodes with every format choice; only returning (rather than panicking) is checked,
/// plus that a successful decode serialises to JSON for the command line.
fn decode_everyhow(topic: &str, payload: &[u8], config: &DecoderConfig) {
    let choices = [
        FormatChoice::Zigbee2Mqtt,
        FormatChoice::TheThingsStack,
        FormatChoice::ChirpStack,
        FormatChoice::HomeAssistant,
        FormatChoice::Mapping("acme".to_owned()),
        FormatChoice::Mapping("plain".to_owned()),
    ];
    let results = std::iter::once(decode(topic, payload, config)).chain(
        choices
            .iter()
            .map(|choice| decode_as(topic, payload, config, choice)),
    );
    for result in results {
        match result {
            Ok(event) => {
                let json = serde_json::to_string(&event);
                assert!(json.is_ok(), "{event:?} does not serialise");
            }
            Err(error) => assert_typed(&error),
        }
    }
}

/// What every refusal must be: a known kind, a message, an offending value quoted shortened,
/// a field named, and the same error again after a trip through JSON (ingestion stores it).
fn assert_typed(error: &DecodeError) {
    const KINDS: [&str; 16] = [
        "unknown_topic",
        "empty_payload",
        "not_json",
        "not_text",
        "not_an_object",
        "missing_field",
        "missing_device_id",
        "no_occupancy_field",
        "invalid_value",
        "no_decoded_payload",
        "codec_errors",
        "bridge_message",
        "command_topic",
        "discovery_config",
        "not_an_uplink",
        "unknown_mapping",
    ];
    assert!(KINDS.contains(&error.kind()), "{error:?}");
    assert!(!error.to_string().is_empty());
    match error {
        DecodeError::InvalidValue {
            field,
            value,
            expected,
        } => {
            assert!(!field.is_empty() && !expected.is_empty(), "{error:?}");
            assert!(value.chars().count() <= 49, "not shortened: {error:?}");
        }
        DecodeError::NotAnObject { field, .. } | DecodeError::MissingField { field } => {
            assert!(!field.is_empty(), "{error:?}");
        }
        _ => {}
    }
    let text = serde_json::to_string(error).unwrap_or_default();
    let back: Result<DecodeError, _> = serde_json::from_str(&text);
    assert_eq!(back.ok().as_ref(), Some(error), "{text}");
}

proptest! {
    #![proptest_config(proptest_config())]

    #[test]
    fn decoders_never_panic_on_arbitrary_bytes(
        topic in arbitrary_topic(),
        payload in prop::collection::vec(any::<u8>(), 0..256),
    ) {
        decode_everyhow(&topic, &payload, &config());
    }

    #[test]
    fn decoders_never_panic_on_arbitrary_json_under_arbitrary_topics(
        topic in arbitrary_topic(),
        value in arbitrary_json(),
    ) {
        decode_everyhow(&topic, value.to_string().as_bytes(), &config());
    }

    #[test]
    fn decoders_never_panic_on_arbitrary_json_inside_known_envelopes(value in arbitrary_json()) {
        let config = config();
        for (topic, payload) in enveloped(value) {
            decode_everyhow(&topic, payload.to_string().as_bytes(), &config);
        }
    }

    #[test]
    fn a_decoded_event_round_trips_through_json(value in arbitrary_json()) {
        let config = config();
        for (topic, payload) in enveloped(value) {
            if let Ok(event) = decode(&topic, payload.to_string().as_bytes(), &config) {
                let text = serde_json::to_string(&event);
                prop_assert!(text.is_ok());
                let back: Result<SensorEvent, _> =
                    serde_json::from_str(&text.unwrap_or_default());
                // serde_json parses floats to within one unit in the last place only, so the
                // signal-to-noise ratio is compared apart.
                let (back, back_snr) = split_snr(back.ok());
                let (event, snr) = split_snr(Some(event));
                prop_assert_eq!(back, event);
                match (back_snr, snr) {
                    (Some(a), Some(b)) => prop_assert!((a - b).abs() <= b.abs() * 1e-12),
                    (a, b) => prop_assert_eq!(a, b),
                }
            }
        }
    }
}

fn split_snr(event: Option<SensorEvent>) -> (Option<SensorEvent>, Option<f64>) {
    match event {
        Some(SensorEvent::Reading(mut reading)) => {
            let snr = match &mut reading.link_quality {
                Some(LinkQuality::Rssi { snr_db, .. }) => snr_db.take(),
                _ => None,
            };
            (Some(SensorEvent::Reading(reading)), snr)
        }
        other => (other, None),
    }
}

#[test]
fn deeply_nested_json_is_refused_without_overflowing_the_stack() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    decode_everyhow("zigbee2mqtt/desk", deep.as_bytes(), &config());
}

// ------------------------------------------------------------ structure-aware: real samples

const TTS_TOPIC: &str = "v3/app1@tenant1/devices/dev1/up";
const CHIRPSTACK_UP: &str =
    "application/17c82e96-be03-4f38-aef3-f83d48582d97/device/0101010101010101/event/up";
const CHIRPSTACK_STATUS: &str =
    "application/17c82e96-be03-4f38-aef3-f83d48582d97/device/0101010101010101/event/status";

fn sample_text(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/samples")
        .join(relative);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read sample {}: {error}", path.display()))
}

fn sample_json(relative: &str) -> Value {
    serde_json::from_str(&sample_text(relative))
        .unwrap_or_else(|error| panic!("sample {relative} is not JSON: {error}"))
}

/// Every real sample as (topic, payload): the Zigbee2MQTT messages, the LoRaWAN envelopes, and
/// each vendor codec example put into a The Things Stack and a ChirpStack envelope with its
/// raw bytes.
fn samples() -> Vec<(String, Value)> {
    let mut found = Vec::new();
    for file in [
        "zigbee2mqtt/aqara_rtcgq11lm_motion.jsonl",
        "zigbee2mqtt/bridge_state_and_events.jsonl",
        "zigbee2mqtt/hue_sml001_entrance_motion.jsonl",
        "zigbee2mqtt/hue_sml001_office_duplicates.jsonl",
        "zigbee2mqtt/tuya_mmwave_zy_m100_presence.jsonl",
    ] {
        for line in sample_text(file).lines().filter(|l| !l.trim().is_empty()) {
            let entry: Value = serde_json::from_str(line)
                .unwrap_or_else(|error| panic!("a line of {file} is not JSON: {error}"));
            let topic = entry["topic"]
                .as_str()
                .unwrap_or("zigbee2mqtt/x")
                .to_owned();
            let payload = entry
                .get("payload")
                .or_else(|| entry.get("payload_raw"))
                .cloned()
                .unwrap_or(Value::Null);
            found.push((topic, payload));
        }
    }
    for file in [
        "zigbee2mqtt/ha_discovery_occupancy_config.json",
        "zigbee2mqtt/tuya_qrguyh1k_occupancy_not_presence.json",
        "zigbee2mqtt/tuya_sbyx0lm6_presence_null_custom_base_topic.json",
    ] {
        let entry = sample_json(file);
        let topic = entry["topic"].as_str().unwrap_or("zigbee2mqtt/radar");
        found.push((topic.to_owned(), entry["payload"].clone()));
    }
    for file in [
        "lorawan/COMPOSED_tts_v3_uplink_vs340.json",
        "lorawan/tts_v3_uplink_docs_example.json",
        "lorawan/tts_v3_mqtt_server_docs_uplink_no_decoded.json",
    ] {
        found.push((TTS_TOPIC.to_owned(), sample_json(file)));
    }
    for file in [
        "lorawan/COMPOSED_chirpstack_v4_up_vs340.json",
        "lorawan/chirpstack_v4_up_docs_example.json",
    ] {
        found.push((CHIRPSTACK_UP.to_owned(), sample_json(file)));
    }
    found.push((
        CHIRPSTACK_STATUS.to_owned(),
        sample_json("lorawan/chirpstack_v4_status_docs_example.json"),
    ));
    let examples = sample_json("lorawan/ttn_device_repo_codec_examples.json");
    for example in examples.as_array().into_iter().flatten() {
        let (decoded, f_port, raw) = (
            &example["decoded"],
            &example["f_port"],
            &example["frm_payload_b64"],
        );
        found.push((
            TTS_TOPIC.to_owned(),
            json!({"end_device_ids": {"dev_eui": "0004A30B001C0530"},
                   "uplink_message": {"f_port": f_port, "frm_payload": raw,
                                      "decoded_payload": decoded}}),
        ));
        found.push((
            CHIRPSTACK_UP.to_owned(),
            json!({"deviceInfo": {"devEui": "0101010101010101"}, "fPort": f_port, "data": raw,
                   "object": decoded}),
        ));
    }
    found
}

/// A value a decoder does not expect where it is put: another type, a number at or beyond the
/// limits, a NaN-like or numeric-looking string, base64 garbage, a long string, deep nesting.
fn hostile_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        prop::sample::select(vec![
            json!(i64::MAX),
            json!(i64::MIN),
            json!(u64::MAX),
            json!(1e308),
            json!(-1e308),
            json!(5e-324),
            json!(-0.0),
            json!(9_007_199_254_740_993_u64),
            json!(255.5),
            json!(256),
            json!(-1),
            json!(100.000_000_1),
            json!(102),
            json!(3),
        ]),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop::sample::select(vec![
            "NaN",
            "nan",
            "-NaN",
            "Infinity",
            "-Infinity",
            "inf",
            "1e999",
            "-1e999",
            "1e-400",
            "-0",
            "0x10",
            "1_000",
            " 1 ",
            "\u{661}",
            "1.0.0",
            "",
            " ",
            "null",
            "true",
            "ON",
            "occupied",
            "vacant",
            "pending",
            "trigger",
            "online",
            "\u{0}",
            "\u{202e}occupied",
            "9007199254740993",
            "18446744073709551616",
            "2024-02-30T25:61:61Z",
            "+275760-09-13T00:00:00Z",
            "0000-00-00T00:00:00Z",
        ])
        .prop_map(|text| Value::String(text.to_owned())),
        "[A-Za-z0-9+/=]{0,64}".prop_map(Value::String),
        "[!-~]{0,24}".prop_map(Value::String),
        (1usize..20_000).prop_map(|n| Value::String("x".repeat(n))),
        (1usize..200).prop_map(|depth| nested(depth, Value::Bool(true))),
        prop::collection::vec(any::<u8>().prop_map(Value::from), 0..12).prop_map(Value::Array),
        Just(json!({})),
        Just(json!([])),
    ]
}

/// `inner` inside `depth` arrays and objects, alternating.
fn nested(depth: usize, inner: Value) -> Value {
    (0..depth).fold(inner, |value, level| {
        if level % 2 == 0 {
            Value::Array(vec![value])
        } else {
            json!({ "occupancy": value })
        }
    })
}

/// One change to a sample.
#[derive(Debug, Clone)]
enum Mutation {
    /// Replace one value anywhere in the tree.
    Replace(Index, Value),
    /// Remove one member or element.
    Remove(Index),
    /// Add a member to an object (or an element to an array).
    Insert(Index, String, Value),
    /// Nest one value this deep.
    Bury(Index, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<Index>(), hostile_value()).prop_map(|(at, value)| Mutation::Replace(at, value)),
        2 => any::<Index>().prop_map(Mutation::Remove),
        2 => (any::<Index>(), field_name(), hostile_value())
            .prop_map(|(at, key, value)| Mutation::Insert(at, key, value)),
        1 => (any::<Index>(), 1usize..160).prop_map(|(at, depth)| Mutation::Bury(at, depth)),
    ]
}

/// The JSON pointer of every value in `value`, the root (`""`) first.
fn pointers(value: &Value) -> Vec<String> {
    fn walk(value: &Value, at: String, out: &mut Vec<String>) {
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
        out.push(at);
    }
    let mut out = Vec::new();
    walk(value, String::new(), &mut out);
    out.reverse();
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
        Mutation::Bury(at, depth) => {
            if let Some(target) = document.pointer_mut(&pick(at)) {
                *target = nested(*depth, target.take());
            }
        }
    }
}

/// Changes to the payload's text after serialising: cut it, splice bytes in, or swap a number
/// for one JSON cannot hold.
#[derive(Debug, Clone)]
enum TextMutation {
    Keep,
    Truncate(Index),
    Splice(Index, Vec<u8>),
    HugeNumber,
}

fn text_mutation() -> impl Strategy<Value = TextMutation> {
    prop_oneof![
        6 => Just(TextMutation::Keep),
        1 => any::<Index>().prop_map(TextMutation::Truncate),
        1 => (any::<Index>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| TextMutation::Splice(at, bytes)),
        1 => Just(TextMutation::HugeNumber),
    ]
}

fn mutate_text(mut bytes: Vec<u8>, mutation: &TextMutation) -> Vec<u8> {
    match mutation {
        TextMutation::Keep => bytes,
        TextMutation::Truncate(at) => {
            bytes.truncate(at.index(bytes.len() + 1));
            bytes
        }
        TextMutation::Splice(at, inserted) => {
            let at = at.index(bytes.len() + 1);
            bytes.splice(at..at, inserted.iter().copied());
            bytes
        }
        TextMutation::HugeNumber => String::from_utf8_lossy(&bytes)
            .replace(":1", ":1e999")
            .replace(":0", ":-1e400")
            .into_bytes(),
    }
}

fn mutated_sample() -> impl Strategy<Value = (String, Vec<u8>)> {
    (
        prop::sample::select(samples()),
        prop::collection::vec(mutation(), 1..5),
        text_mutation(),
    )
        .prop_map(|((topic, mut payload), mutations, text)| {
            for mutation in &mutations {
                mutate(&mut payload, mutation);
            }
            (topic, mutate_text(payload.to_string().into_bytes(), &text))
        })
}

// ------------------------------------------------------ structure-aware: valid, from parts

/// A point in time between 1970 and 2100, whole milliseconds.
fn moment() -> impl Strategy<Value = DateTime<Utc>> {
    (0_i64..4_102_444_800_000)
        .prop_map(|millis| DateTime::from_timestamp_millis(millis).unwrap_or_default())
}

/// A time as sensors write it: RFC 3339 text (any precision), epoch seconds or milliseconds;
/// with the instant it means.
fn written_time() -> impl Strategy<Value = (Value, DateTime<Utc>)> {
    prop_oneof![
        moment().prop_map(|at| (
            Value::String(at.to_rfc3339_opts(SecondsFormat::Millis, true)),
            at
        )),
        moment().prop_map(|at| (
            Value::String(at.to_rfc3339_opts(SecondsFormat::Nanos, false)),
            at
        )),
        (0_i64..99_999_999_999).prop_map(|secs| (
            Value::from(secs),
            DateTime::from_timestamp(secs, 0).unwrap_or_default()
        )),
        (100_000_000_000_i64..4_102_444_800_000).prop_map(|millis| (
            Value::from(millis),
            DateTime::from_timestamp_millis(millis).unwrap_or_default()
        )),
    ]
}

/// An occupancy as the LoRaWAN vendors write it under `occupancy`.
fn lorawan_occupancy() -> impl Strategy<Value = (Value, Occupancy)> {
    prop::sample::select(vec![
        (json!("occupied"), Occupancy::Occupied),
        (json!("vacant"), Occupancy::Vacant),
        (json!(" Occupied "), Occupancy::Occupied),
        (json!("pending"), Occupancy::Pending),
        (json!(0), Occupancy::Vacant),
        (json!(1), Occupancy::Pending),
        (json!(2), Occupancy::Occupied),
        (json!(2.0), Occupancy::Occupied),
        (json!("2"), Occupancy::Occupied),
        (json!(true), Occupancy::Occupied),
        (json!(false), Occupancy::Vacant),
        (json!(null), Occupancy::Unknown),
    ])
}

/// A DevEUI in either case.
fn dev_eui() -> impl Strategy<Value = String> {
    "[0-9a-fA-F]{16}"
}

/// A Zigbee2MQTT friendly name that is a plain device (not a bridge, command or availability
/// topic), possibly with `/` in it.
fn friendly_name() -> impl Strategy<Value = String> {
    prop::collection::vec("[a-z0-9][a-z0-9 _.-]{0,10}", 1..4)
        .prop_map(|levels| levels.join("/"))
        .prop_filter("a bridge, command or availability topic", |name| {
            let levels: Vec<&str> = name.split('/').collect();
            levels.first() != Some(&"bridge")
                && !levels
                    .iter()
                    .any(|level| ["set", "get", "availability"].contains(level))
        })
}

fn reading(device: DeviceKey, format: Format) -> Reading {
    Reading {
        device,
        format,
        observed_at: None,
        occupancy: None,
        battery_percent: None,
        link_quality: None,
        via_bridge: None,
    }
}

/// A valid message of some format, from its parts, with the reading it must decode to.
fn valid_message() -> impl Strategy<Value = (String, Vec<u8>, SensorEvent)> {
    let z2m = (
        prop::sample::select(vec!["zigbee2mqtt", "slzb06"]),
        friendly_name(),
        prop::option::of(prop::sample::select(vec![
            (json!(true), Occupancy::Occupied),
            (json!(false), Occupancy::Vacant),
            (json!(null), Occupancy::Unknown),
            (json!("ON"), Occupancy::Occupied),
        ])),
        0_u8..=100,
        prop::option::of(any::<u8>()),
        prop::option::of(written_time()),
    )
        .prop_map(|(base, name, occupancy, battery, lqi, time)| {
            let mut payload =
                json!({"battery": battery, "voltage": 3000, "update": {"state": "idle"}});
            let mut expected = reading(DeviceKey::zigbee2mqtt(base, &name), Format::Zigbee2Mqtt);
            expected.battery_percent = Some(battery);
            expected.via_bridge = Some(base.to_owned());
            if let Some((raw, occupancy)) = occupancy {
                payload["occupancy"] = raw;
                expected.occupancy = Some(occupancy);
            }
            if let Some(lqi) = lqi {
                payload["linkquality"] = json!(lqi);
                expected.link_quality = Some(LinkQuality::Lqi { value: lqi });
            }
            if let Some((raw, at)) = time {
                payload["last_seen"] = raw;
                expected.observed_at = Some(at);
            }
            (
                format!("{base}/{name}"),
                payload,
                SensorEvent::Reading(expected),
            )
        });
    let tts = (
        dev_eui(),
        lorawan_occupancy(),
        prop::option::of(0_u8..=100),
        1_u8..=223,
        prop::option::of((-150_i16..0, -80_i32..80)),
        prop::option::of(moment()),
        "[A-Za-z0-9+/]{0,24}={0,2}",
    )
        .prop_map(|(eui, (raw, occupancy), battery, port, gateway, at, frm)| {
            let mut decoded = json!({"occupancy": raw, "temperature": 21.5});
            let mut expected = reading(DeviceKey::lorawan(&eui), Format::TheThingsStack);
            expected.occupancy = Some(occupancy);
            if let Some(battery) = battery {
                decoded["battery"] = json!(battery);
                expected.battery_percent = Some(battery);
            }
            let mut uplink =
                json!({"f_port": port, "frm_payload": frm, "decoded_payload": decoded});
            if let Some((dbm, quarter_db)) = gateway {
                let snr = f64::from(quarter_db) / 4.0;
                uplink["rx_metadata"] =
                    json!([{"gateway_ids": {"gateway_id": "gw"}, "rssi": dbm, "snr": snr}]);
                expected.link_quality = Some(LinkQuality::Rssi {
                    dbm,
                    snr_db: Some(snr),
                });
            }
            if let Some(at) = at {
                uplink["received_at"] = json!(at.to_rfc3339_opts(SecondsFormat::Nanos, true));
                expected.observed_at = Some(at);
            }
            let payload = json!({"end_device_ids": {"device_id": "d", "dev_eui": eui,
                                 "application_ids": {"application_id": "a"}},
                                 "uplink_message": uplink});
            (
                TTS_TOPIC.to_owned(),
                payload,
                SensorEvent::Reading(expected),
            )
        });
    let chirpstack = (
        dev_eui(),
        lorawan_occupancy(),
        prop::option::of(0_u8..=100),
        prop::option::of((-150_i16..0, -80_i32..80)),
        prop::option::of(moment()),
    )
        .prop_map(|(eui, (raw, occupancy), battery, gateway, at)| {
            let mut object = json!({"occupancy": raw});
            let mut expected = reading(DeviceKey::lorawan(&eui), Format::ChirpStack);
            expected.occupancy = Some(occupancy);
            if let Some(battery) = battery {
                // ChirpStack writes codec integers as floats.
                object["battery"] = json!(f64::from(battery));
                expected.battery_percent = Some(battery);
            }
            let mut payload = json!({"deviceInfo": {"devEui": eui}, "fPort": 85, "data": "AXVkAwAB",
                                     "object": object});
            if let Some((dbm, quarter_db)) = gateway {
                let snr = f64::from(quarter_db) / 4.0;
                payload["rxInfo"] = json!([{"gatewayId": "gw", "rssi": dbm, "snr": snr}]);
                expected.link_quality = Some(LinkQuality::Rssi {
                    dbm,
                    snr_db: Some(snr),
                });
            }
            if let Some(at) = at {
                payload["time"] = json!(at.to_rfc3339_opts(SecondsFormat::Nanos, false));
                expected.observed_at = Some(at);
            }
            (
                CHIRPSTACK_UP.to_owned(),
                payload,
                SensorEvent::Reading(expected),
            )
        });
    let home_assistant = (
        "[a-z0-9_]{1,16}",
        prop::sample::select(vec![
            ("ON", Occupancy::Occupied),
            ("off", Occupancy::Vacant),
            ("\"ON\"", Occupancy::Occupied),
            ("true", Occupancy::Occupied),
            ("0", Occupancy::Vacant),
            ("unavailable", Occupancy::Unknown),
        ]),
        "[ \n\t]{0,2}",
    )
        .prop_map(|(device, (word, occupancy), blank)| {
            let mut expected = reading(
                DeviceKey::new(format!("ha:{device}")),
                Format::HomeAssistant,
            );
            expected.occupancy = Some(occupancy);
            (
                format!("homeassistant/binary_sensor/{device}/state"),
                Value::String(format!("{word}{blank}")),
                SensorEvent::Reading(expected),
            )
        });
    let mapping = (
        "[a-z0-9-]{1,12}",
        prop::sample::select(vec![
            (json!("BUSY"), Occupancy::Occupied),
            (json!(1.0), Occupancy::Occupied),
            (json!("free"), Occupancy::Vacant),
            (json!("0"), Occupancy::Vacant),
            (json!("?"), Occupancy::Pending),
            (json!(null), Occupancy::Unknown),
        ]),
        prop::option::of(0_u8..=100),
        prop::option::of(written_time()),
    )
        .prop_map(|(device, (raw, occupancy), battery, time)| {
            let mut payload = json!({"data": {"desk": raw}});
            let mut expected = reading(DeviceKey::new(format!("acme:{device}")), Format::Mapping);
            expected.occupancy = Some(occupancy);
            if let Some(battery) = battery {
                payload["bat"] = json!(battery);
                expected.battery_percent = Some(battery);
            }
            if let Some((raw, at)) = time {
                payload["ts"] = raw;
                expected.observed_at = Some(at);
            }
            (
                format!("acme/floor/{device}/up"),
                payload,
                SensorEvent::Reading(expected),
            )
        });
    prop_oneof![z2m, tts, chirpstack, home_assistant, mapping].prop_map(
        |(topic, payload, expected)| {
            let bytes = match &payload {
                // Plain-text states are sent as they are, not as JSON strings.
                Value::String(text) if topic.starts_with("homeassistant/") => {
                    text.clone().into_bytes()
                }
                other => serde_json::to_vec_pretty(other).unwrap_or_default(),
            };
            (topic, bytes, expected)
        },
    )
}

// ------------------------------------------------------------- configuration and patterns

/// A topic pattern as an administrator might mistype it.
fn pattern_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(vec![
                "+",
                "#",
                "{device}",
                "",
                "$SYS",
                "a+",
                "{device",
                "x{device}"
            ])
            .prop_map(str::to_owned),
            "[a-z0-9_-]{1,6}",
            ".{0,4}",
        ],
        0..6,
    )
    .prop_map(|levels| levels.join("/"))
}

/// A decoding configuration as JSON, shaped like the real one with arbitrary parts.
fn config_json() -> impl Strategy<Value = Value> {
    let list = || prop::collection::vec(hostile_value(), 0..4);
    let mapping = (
        prop_oneof![Just("acme".to_owned()), ".{0,8}"],
        pattern_text(),
        prop_oneof![Just("/data/desk".to_owned()), Just(String::new()), ".{0,8}"],
        list(),
        list(),
        list(),
        prop::option::of(prop_oneof![Just("/bat".to_owned()), ".{0,6}"]),
    )
        .prop_map(
            |(name, topic, occupancy, occupied, vacant, pending, battery)| {
                json!({"name": name, "topic": topic, "occupancy": occupancy, "occupied": occupied,
                   "vacant": vacant, "pending": pending, "battery": battery})
            },
        );
    (
        prop::collection::vec(prop_oneof![Just("zigbee2mqtt".to_owned()), ".{0,10}"], 0..3),
        ".{0,12}",
        prop::collection::vec(pattern_text(), 0..3),
        prop::collection::vec(mapping, 0..3),
        prop::option::of((field_name(), hostile_value())),
    )
        .prop_map(|(bases, prefix, states, mappings, extra)| {
            let mut config = json!({
                "zigbee2mqtt_base_topics": bases,
                "home_assistant_discovery_prefix": prefix,
                "home_assistant_state_topics": states,
                "mappings": mappings,
            });
            if let Some((key, value)) = extra {
                config[key] = value;
            }
            config
        })
}

proptest! {
    #![proptest_config(proptest_config())]

    #[test]
    fn decoders_refuse_mutated_samples_with_typed_errors(
        (topic, payload) in mutated_sample(),
    ) {
        decode_everyhow(&topic, &payload, &config());
    }

    #[test]
    fn a_valid_message_decodes_to_exactly_the_reading_it_describes(
        (topic, payload, expected) in valid_message(),
    ) {
        let decoded = decode(&topic, &payload, &config());
        prop_assert_eq!(
            decoded.as_ref(),
            Ok(&expected),
            "{}",
            String::from_utf8_lossy(&payload)
        );
    }

    #[test]
    fn topic_patterns_and_pointers_parse_or_refuse_and_match_without_panicking(
        text in pattern_text(),
        topic in arbitrary_topic(),
        pointer in ".{0,12}",
        document in arbitrary_json(),
    ) {
        match TopicPattern::parse(&text) {
            Ok(pattern) => {
                prop_assert_eq!(pattern.as_str(), text.as_str());
                let filter = pattern.subscription_filter();
                prop_assert!(TopicPattern::parse(&filter).is_ok(), "{}", filter);
                let _ = pattern.matches(&topic);
                // A topic spelled like the pattern, with its wildcards filled, matches.
                let concrete = filter
                    .split('/')
                    .map(|level| if level == "+" || level == "#" { "x" } else { level })
                    .collect::<Vec<_>>()
                    .join("/");
                if !concrete.starts_with('$') {
                    prop_assert!(pattern.matches(&concrete).is_some(), "{} !~ {}", concrete, text);
                }
            }
            Err(error) => prop_assert!(!error.to_string().is_empty()),
        }
        match JsonPointer::parse(&pointer) {
            Ok(parsed) => {
                let _ = parsed.resolve(&document);
            }
            Err(error) => prop_assert!(error.to_string().contains("JSON pointer")),
        }
        let _ = topic.parse::<FormatChoice>();
    }

    #[test]
    fn any_decoding_configuration_is_read_or_refused_and_then_decodes_without_panicking(
        config in config_json(),
        topic in arbitrary_topic(),
        payload in arbitrary_json(),
    ) {
        let Ok(config) = serde_json::from_value::<DecoderConfig>(config) else {
            return Ok(());
        };
        let filters = config.subscription_filters();
        prop_assert!(!filters.is_empty());
        match config.validate() {
            Ok(()) => decode_everyhow(&topic, payload.to_string().as_bytes(), &config),
            Err(error) => prop_assert!(!error.to_string().is_empty()),
        }
    }
}

#[test]
fn the_samples_mostly_decode_and_every_pointer_into_them_resolves() {
    let samples = samples();
    assert!(samples.len() > 30, "{}", samples.len());
    let decoded = samples
        .iter()
        .filter(|(topic, payload)| decode(topic, payload.to_string().as_bytes(), &config()).is_ok())
        .count();
    assert!(decoded > 20, "only {decoded} samples decode");
    for (_, payload) in &samples {
        let all = pointers(payload);
        assert_eq!(all.first().map(String::as_str), Some(""));
        for pointer in &all {
            assert!(payload.pointer(pointer).is_some(), "{pointer}");
        }
    }
}

/// Found by `decoders_refuse_mutated_samples_with_typed_errors`: an epoch of `i64::MIN` in
/// `last_seen` overflowed when its magnitude was taken.
#[test]
fn the_most_negative_last_seen_is_no_time_rather_than_a_panic() {
    let payload = br#"{"detection_delay":0.1,"fading_time":30,"illuminance_lux":369,"last_seen":-9223372036854775808,"linkquality":98,"maximum_range":6,"presence":true,"radar_sensitivity":2,"target_distance":null}"#;
    let event = decode("zigbee2mqtt/0xa4c1382a6b329e9d", payload, &config());
    let Ok(SensorEvent::Reading(reading)) = event else {
        panic!("expected a reading, got {event:?}");
    };
    assert_eq!(reading.occupancy, Some(Occupancy::Occupied));
    assert_eq!(reading.observed_at, None);
    decode_everyhow("zigbee2mqtt/0xa4c1382a6b329e9d", payload, &config());
}
