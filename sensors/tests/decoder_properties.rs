//! Decoders never panic, whatever arrives on whatever topic.

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use sensors::{DecoderConfig, FormatChoice, LinkQuality, SensorEvent, decode, decode_as};
use serde_json::{Map, Value, json};

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
            Err(error) => {
                assert!(!error.to_string().is_empty());
                assert!(!error.kind().is_empty());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/decoder_properties.txt",
        ))),
        ..ProptestConfig::default()
    })]

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
