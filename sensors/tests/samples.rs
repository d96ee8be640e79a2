//! Every file of the real sensor samples the project carries (`sensors/tests/samples/`, sources in
//! its README), decoded
//! and compared with an expectation written out by hand from the sample and its README.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeDelta, Utc};
use sensors::{
    BridgeStatus, ChangeCause, DecodeError, DecoderConfig, DeviceKey, Format, LinkQuality,
    Occupancy, Presence, PresencePolicy, PresenceState, Reading, SensorEvent, StateChange, decode,
};
use serde_json::{Value, json};

fn samples_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/samples");
    assert!(
        dir.is_dir(),
        "the sensor samples are missing: expected them at {}",
        dir.display()
    );
    dir
}

fn read_text(relative: &str) -> String {
    let path = samples_dir().join(relative);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read sample {}: {error}", path.display()))
}

fn read_json(relative: &str) -> Value {
    serde_json::from_str(&read_text(relative))
        .unwrap_or_else(|error| panic!("sample {relative} is not JSON: {error}"))
}

/// The lines of a `.jsonl` sample as (topic, payload bytes).
fn read_lines(relative: &str) -> Vec<(String, Vec<u8>)> {
    read_text(relative)
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let entry: Value = serde_json::from_str(line)
                .unwrap_or_else(|error| panic!("a line of {relative} is not JSON: {error}"));
            message_of(&entry, relative)
        })
        .collect()
}

/// Topic and payload bytes of one sample entry (`payload` as JSON, or `payload_raw` as text).
fn message_of(entry: &Value, relative: &str) -> (String, Vec<u8>) {
    let topic = entry["topic"]
        .as_str()
        .unwrap_or_else(|| panic!("an entry of {relative} has no topic"))
        .to_owned();
    let payload = match (entry.get("payload"), entry.get("payload_raw")) {
        (Some(payload), _) => payload.to_string().into_bytes(),
        (None, Some(Value::String(raw))) => raw.clone().into_bytes(),
        _ => panic!("an entry of {relative} has no payload"),
    };
    (topic, payload)
}

fn time(text: &str) -> Option<DateTime<Utc>> {
    Some(
        DateTime::parse_from_rfc3339(text)
            .unwrap_or_else(|error| panic!("bad expected time {text}: {error}"))
            .with_timezone(&Utc),
    )
}

/// A Zigbee2MQTT reading as expected.
fn z2m(
    base: &str,
    name: &str,
    occupancy: Occupancy,
    battery: Option<u8>,
    lqi: Option<u8>,
    observed_at: Option<DateTime<Utc>>,
) -> Result<SensorEvent, DecodeError> {
    Ok(SensorEvent::Reading(Reading {
        device: DeviceKey::new(format!("z2m:{base}/{name}")),
        format: Format::Zigbee2Mqtt,
        observed_at,
        occupancy: Some(occupancy),
        battery_percent: battery,
        link_quality: lqi.map(|value| LinkQuality::Lqi { value }),
        via_bridge: Some(base.to_owned()),
    }))
}

fn decode_all(relative: &str, config: &DecoderConfig) -> Vec<Result<SensorEvent, DecodeError>> {
    read_lines(relative)
        .iter()
        .map(|(topic, payload)| decode(topic, payload, config))
        .collect()
}

/// Every sample file the tests below decode; a new file makes
/// `every_sample_file_has_a_test` fail until it gets its own expectations.
const COVERED: [&str; 16] = [
    "README.md",
    "lorawan/COMPOSED_chirpstack_v4_up_vs340.json",
    "lorawan/COMPOSED_tts_v3_uplink_vs340.json",
    "lorawan/chirpstack_v4_status_docs_example.json",
    "lorawan/chirpstack_v4_up_docs_example.json",
    "lorawan/ttn_device_repo_codec_examples.json",
    "lorawan/tts_v3_mqtt_server_docs_uplink_no_decoded.json",
    "lorawan/tts_v3_uplink_docs_example.json",
    "zigbee2mqtt/aqara_rtcgq11lm_motion.jsonl",
    "zigbee2mqtt/bridge_state_and_events.jsonl",
    "zigbee2mqtt/ha_discovery_occupancy_config.json",
    "zigbee2mqtt/hue_sml001_entrance_motion.jsonl",
    "zigbee2mqtt/hue_sml001_office_duplicates.jsonl",
    "zigbee2mqtt/tuya_mmwave_zy_m100_presence.jsonl",
    "zigbee2mqtt/tuya_qrguyh1k_occupancy_not_presence.json",
    "zigbee2mqtt/tuya_sbyx0lm6_presence_null_custom_base_topic.json",
];

fn files_under(dir: &Path, prefix: &str, found: &mut BTreeSet<String>) {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()));
    for entry in entries {
        let entry = entry.unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()));
        let name = entry.file_name().to_string_lossy().into_owned();
        let relative = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        if entry.path().is_dir() {
            files_under(&entry.path(), &relative, found);
        } else {
            found.insert(relative);
        }
    }
}

#[test]
fn every_sample_file_has_a_test() {
    let mut found = BTreeSet::new();
    files_under(&samples_dir(), "", &mut found);
    let covered: BTreeSet<String> = COVERED.iter().map(|name| (*name).to_owned()).collect();
    assert_eq!(found, covered);
}

// ---------------------------------------------------------------- Zigbee2MQTT

#[test]
fn aqara_motion_sensor_messages_including_lqi_zero_and_a_minimal_2018_payload() {
    let base = "zigbee2mqtt";
    let expected = vec![
        z2m(
            base,
            "0x00158d0001e50d78",
            Occupancy::Vacant,
            Some(100),
            Some(18),
            None,
        ),
        z2m(
            base,
            "0x00158d0001e50d78",
            Occupancy::Vacant,
            Some(100),
            Some(0),
            None,
        ),
        z2m(
            base,
            "0x00158d00054a726a",
            Occupancy::Occupied,
            Some(100),
            Some(26),
            None,
        ),
        z2m(
            base,
            "KeukenMotionSensorMS4",
            Occupancy::Vacant,
            Some(97),
            Some(86),
            None,
        ),
        z2m(
            base,
            "KeukenMotionSensorMS4",
            Occupancy::Occupied,
            Some(97),
            Some(86),
            None,
        ),
        z2m(
            base,
            "KeukenMotionSensorMS4",
            Occupancy::Vacant,
            Some(97),
            Some(86),
            None,
        ),
        z2m(
            base,
            "0x00158d0002006aa6",
            Occupancy::Occupied,
            None,
            None,
            None,
        ),
    ];
    assert_eq!(
        decode_all(
            "zigbee2mqtt/aqara_rtcgq11lm_motion.jsonl",
            &DecoderConfig::default()
        ),
        expected
    );
}

#[test]
fn bridge_state_as_json_and_as_plain_text_and_bridge_events_ignored() {
    let online = Ok(SensorEvent::Bridge(BridgeStatus {
        base_topic: "zigbee2mqtt".into(),
        online: true,
    }));
    let offline = Ok(SensorEvent::Bridge(BridgeStatus {
        base_topic: "zigbee2mqtt".into(),
        online: false,
    }));
    let event = Err(DecodeError::BridgeMessage {
        subtopic: "event".into(),
    });
    let results = decode_all(
        "zigbee2mqtt/bridge_state_and_events.jsonl",
        &DecoderConfig::default(),
    );
    assert_eq!(
        results,
        vec![online.clone(), offline, online, event.clone(), event]
    );
    assert!(
        results
            .iter()
            .filter_map(|result| result.as_ref().err())
            .all(DecodeError::is_ignorable)
    );
}

#[test]
fn home_assistant_discovery_config_is_ignored_and_its_state_topic_is_zigbee2mqtt() {
    let sample = read_json("zigbee2mqtt/ha_discovery_occupancy_config.json");
    let (topic, payload) = message_of(&sample, "ha_discovery_occupancy_config.json");
    let config = DecoderConfig::default();
    assert_eq!(
        decode(&topic, &payload, &config),
        Err(DecodeError::DiscoveryConfig)
    );
    let state_topic = sample["payload"]["state_topic"]
        .as_str()
        .unwrap_or_default();
    assert_eq!(state_topic, "zigbee2mqtt/0x00158d0006f25853");
    assert_eq!(
        decode(state_topic, br#"{"occupancy":true}"#, &config),
        z2m(
            "zigbee2mqtt",
            "0x00158d0006f25853",
            Occupancy::Occupied,
            None,
            None,
            None
        )
    );
}

#[test]
fn hue_motion_sensor_whose_friendly_name_contains_a_slash() {
    let expected = vec![
        z2m(
            "zigbee2mqtt",
            "entrance/motion",
            Occupancy::Vacant,
            Some(100),
            Some(70),
            None,
        ),
        z2m(
            "zigbee2mqtt",
            "entrance/motion",
            Occupancy::Vacant,
            Some(100),
            Some(70),
            None,
        ),
    ];
    assert_eq!(
        decode_all(
            "zigbee2mqtt/hue_sml001_entrance_motion.jsonl",
            &DecoderConfig::default()
        ),
        expected
    );
}

#[test]
fn hue_duplicates_with_update_available_null_decode_alike() {
    let occupied = |lqi| {
        z2m(
            "zigbee2mqtt",
            "HueMotionOffice01",
            Occupancy::Occupied,
            Some(100),
            Some(lqi),
            None,
        )
    };
    assert_eq!(
        decode_all(
            "zigbee2mqtt/hue_sml001_office_duplicates.jsonl",
            &DecoderConfig::default()
        ),
        vec![occupied(87), occupied(87), occupied(87), occupied(72)]
    );
}

#[test]
fn tuya_radar_reports_presence_with_last_seen_as_observation_time() {
    let present = |lqi, seen| {
        z2m(
            "zigbee2mqtt",
            "0xa4c1382a6b329e9d",
            Occupancy::Occupied,
            None,
            Some(lqi),
            time(seen),
        )
    };
    assert_eq!(
        decode_all(
            "zigbee2mqtt/tuya_mmwave_zy_m100_presence.jsonl",
            &DecoderConfig::default()
        ),
        vec![
            present(98, "2024-09-07T15:54:41.147Z"),
            present(98, "2024-09-07T15:54:44.948Z"),
            present(91, "2024-09-07T15:55:09.946Z"),
        ]
    );
}

#[test]
fn tuya_radar_with_presence_null_under_a_custom_base_topic() {
    let sample = read_json("zigbee2mqtt/tuya_sbyx0lm6_presence_null_custom_base_topic.json");
    let (topic, payload) = message_of(&sample, "tuya_sbyx0lm6");
    assert_eq!(
        decode(&topic, &payload, &DecoderConfig::default()),
        Err(DecodeError::UnknownTopic),
        "without configuring the base topic `slzb06` the message is nobody's"
    );
    let config = DecoderConfig {
        zigbee2mqtt_base_topics: vec!["zigbee2mqtt".into(), "slzb06".into()],
        ..DecoderConfig::default()
    };
    assert_eq!(
        decode(&topic, &payload, &config),
        z2m(
            "slzb06",
            "0x385cfbfffea15480",
            Occupancy::Unknown,
            None,
            Some(142),
            time("2023-07-26T17:44:18.626Z"),
        )
    );
}

#[test]
fn tuya_radar_that_says_occupancy_not_presence() {
    let sample = read_json("zigbee2mqtt/tuya_qrguyh1k_occupancy_not_presence.json");
    // The sample is a state dump without a topic; it is published on the device's topic.
    let payload = sample["payload"].to_string();
    assert_eq!(
        decode(
            "zigbee2mqtt/meeting room radar",
            payload.as_bytes(),
            &DecoderConfig::default()
        ),
        z2m(
            "zigbee2mqtt",
            "meeting room radar",
            Occupancy::Occupied,
            None,
            Some(132),
            None
        )
    );
}

// ---------------------------------------------------------------- LoRaWAN envelopes

#[test]
fn composed_chirpstack_uplink_of_a_vs340_desk_sensor() {
    let payload = read_text("lorawan/COMPOSED_chirpstack_v4_up_vs340.json");
    let topic = "application/17c82e96-be03-4f38-aef3-f83d48582d97/device/0101010101010101/event/up";
    assert_eq!(
        decode(topic, payload.as_bytes(), &DecoderConfig::default()),
        Ok(SensorEvent::Reading(Reading {
            device: DeviceKey::new("lorawan:0101010101010101"),
            format: Format::ChirpStack,
            observed_at: time("2022-07-18T09:34:15.775023242Z"),
            occupancy: Some(Occupancy::Vacant),
            battery_percent: Some(100),
            link_quality: Some(LinkQuality::Rssi {
                dbm: -36,
                snr_db: Some(10.5)
            }),
            via_bridge: None,
        }))
    );
}

#[test]
fn composed_things_stack_uplink_of_a_vs340_desk_sensor() {
    let payload = read_text("lorawan/COMPOSED_tts_v3_uplink_vs340.json");
    assert_eq!(
        decode(
            "v3/app1@tenant1/devices/dev1/up",
            payload.as_bytes(),
            &DecoderConfig::default()
        ),
        Ok(SensorEvent::Reading(Reading {
            device: DeviceKey::new("lorawan:0004a30b001c0530"),
            format: Format::TheThingsStack,
            observed_at: time("2020-02-12T15:15:45.789585559Z"),
            occupancy: Some(Occupancy::Occupied),
            battery_percent: Some(100),
            link_quality: Some(LinkQuality::Rssi {
                dbm: -35,
                snr_db: Some(5.0)
            }),
            via_bridge: None,
        }))
    );
}

#[test]
fn chirpstack_status_event_is_a_battery_only_reading() {
    let payload = read_text("lorawan/chirpstack_v4_status_docs_example.json");
    let topic =
        "application/17c82e96-be03-4f38-aef3-f83d48582d97/device/0101010101010101/event/status";
    assert_eq!(
        decode(topic, payload.as_bytes(), &DecoderConfig::default()),
        Ok(SensorEvent::Reading(Reading {
            device: DeviceKey::new("lorawan:0101010101010101"),
            format: Format::ChirpStack,
            observed_at: time("2022-07-18T09:35:06.927172638Z"),
            occupancy: None,
            battery_percent: Some(88),
            link_quality: None,
            via_bridge: None,
        }))
    );
}

#[test]
fn chirpstack_uplink_without_a_codec_has_no_decoded_payload() {
    let payload = read_text("lorawan/chirpstack_v4_up_docs_example.json");
    let topic = "application/17c82e96-be03-4f38-aef3-f83d48582d97/device/0101010101010101/event/up";
    assert_eq!(
        decode(topic, payload.as_bytes(), &DecoderConfig::default()),
        Err(DecodeError::NoDecodedPayload)
    );
}

#[test]
fn things_stack_uplink_without_a_payload_formatter_has_no_decoded_payload() {
    let sample = read_json("lorawan/tts_v3_mqtt_server_docs_uplink_no_decoded.json");
    let topic = sample["_topic"].as_str().unwrap_or_default();
    assert_eq!(topic, "v3/app1@tenant1/devices/dev1/up");
    assert_eq!(
        decode(
            topic,
            sample.to_string().as_bytes(),
            &DecoderConfig::default()
        ),
        Err(DecodeError::NoDecodedPayload)
    );
}

#[test]
fn things_stack_uplink_of_a_temperature_sensor_has_no_occupancy() {
    let payload = read_text("lorawan/tts_v3_uplink_docs_example.json");
    let result = decode(
        "v3/app1@tenant1/devices/dev1/up",
        payload.as_bytes(),
        &DecoderConfig::default(),
    );
    assert!(
        matches!(result, Err(DecodeError::NoOccupancyField { .. })),
        "{result:?}"
    );
}

// ---------------------------------------------------------------- vendor codec outputs

/// What each device repository example must decode to, by hand from the vendors' docs.
#[derive(Debug, Clone, PartialEq)]
enum Expect {
    Reading(Option<Occupancy>, Option<u8>),
    NoOccupancy,
    CodecErrors(Vec<String>),
}

fn vendor_expectations() -> Vec<(&'static str, Expect)> {
    use Expect::*;
    use Occupancy::*;
    vec![
        (
            "VS340 desk&seat occupancy",
            Reading(Some(Occupied), Some(100)),
        ),
        (
            "VS341 desk&seat occupancy",
            Reading(Some(Occupied), Some(100)),
        ),
        (
            "VS340/VS341 vacant (Milesight README)",
            Reading(Some(Vacant), Some(100)),
        ),
        // people_counter_all 3 > 0; no battery in the frame.
        ("VS121 AI workplace sensor", Reading(Some(Occupied), None)),
        // Line-crossing totals are flows, not a count of people present.
        (
            "VS133 people counter (yaml mislabelled 'Insertion Temperature Sensor')",
            NoOccupancy,
        ),
        ("WS202 PIR (example 1)", Reading(Some(Occupied), None)),
        // Only the light level.
        ("WS202 PIR (example 2)", NoOccupancy),
        ("WS203 motion & TH", Reading(Some(Vacant), Some(100))),
        (
            "VS370 radar human presence",
            Reading(Some(Occupied), Some(100)),
        ),
        // Elsys occupancy 2 = occupied.
        ("EMS Desk", Reading(Some(Occupied), None)),
        // Elsys occupancy 1 = pending; it outranks the raw motion count.
        ("ERS Eye", Reading(Some(Pending), None)),
        // status 1 on fPort 102 = occupied; battery 3.6 is volts, not percent.
        ("TBMS100 motion ('Occupied')", Reading(Some(Occupied), None)),
        (
            "TBMS100 unknown fPort",
            CodecErrors(vec!["unknown FPort".to_owned()]),
        ),
    ]
}

fn outcome(result: Result<SensorEvent, DecodeError>) -> Expect {
    match result {
        Ok(SensorEvent::Reading(reading)) => {
            Expect::Reading(reading.occupancy, reading.battery_percent)
        }
        Ok(other) => panic!("expected a reading, got {other:?}"),
        Err(DecodeError::NoOccupancyField { .. }) => Expect::NoOccupancy,
        Err(DecodeError::CodecErrors { errors }) => Expect::CodecErrors(errors),
        Err(other) => panic!("unexpected error {other}"),
    }
}

fn vendor_examples() -> Vec<(String, u64, Value)> {
    let examples = read_json("lorawan/ttn_device_repo_codec_examples.json");
    examples
        .as_array()
        .unwrap_or_else(|| panic!("the codec examples are not a list"))
        .iter()
        .map(|example| {
            (
                example["model"].as_str().unwrap_or_default().to_owned(),
                example["f_port"].as_u64().unwrap_or_default(),
                example["decoded"].clone(),
            )
        })
        .collect()
}

#[test]
fn vendor_codec_outputs_inside_a_things_stack_uplink() {
    let expectations = vendor_expectations();
    let examples = vendor_examples();
    assert_eq!(
        examples
            .iter()
            .map(|(model, ..)| model.as_str())
            .collect::<Vec<_>>(),
        expectations
            .iter()
            .map(|(model, _)| *model)
            .collect::<Vec<_>>(),
        "the examples file changed; write expectations for it"
    );
    for ((model, f_port, decoded), (_, expected)) in examples.into_iter().zip(expectations) {
        let uplink = json!({
            "end_device_ids": {
                "device_id": "desk-sensor",
                "application_ids": {"application_id": "desks"},
                "dev_eui": "70B3D57ED0000001"
            },
            "received_at": "2025-03-04T08:15:00Z",
            "uplink_message": {"f_port": f_port, "decoded_payload": decoded}
        });
        let result = decode(
            "v3/desks@platzwahl/devices/desk-sensor/up",
            uplink.to_string().as_bytes(),
            &DecoderConfig::default(),
        );
        if let Ok(SensorEvent::Reading(reading)) = &result {
            assert_eq!(reading.device.as_str(), "lorawan:70b3d57ed0000001");
            assert_eq!(reading.observed_at, time("2025-03-04T08:15:00Z"));
        }
        assert_eq!(outcome(result), expected, "{model} via The Things Stack");
    }
}

#[test]
fn vendor_codec_outputs_inside_a_chirpstack_uplink_with_float_numbers() {
    let examples = vendor_examples();
    for ((model, f_port, decoded), (_, expected)) in examples.into_iter().zip(vendor_expectations())
    {
        // ChirpStack v4 writes codec integers as floats.
        let decoded = floats(decoded);
        let up = json!({
            "deviceInfo": {"devEui": "70b3d57ed0000001"},
            "fPort": f_port,
            "object": decoded
        });
        let result = decode(
            "application/desks/device/70b3d57ed0000001/event/up",
            up.to_string().as_bytes(),
            &DecoderConfig::default(),
        );
        assert_eq!(outcome(result), expected, "{model} via ChirpStack");
    }
}

fn floats(value: Value) -> Value {
    match value {
        Value::Number(number) => number
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        Value::Array(items) => Value::Array(items.into_iter().map(floats).collect()),
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(key, value)| (key, floats(value)))
                .collect(),
        ),
        other => other,
    }
}

// ---------------------------------------------------------------- samples through Presence

/// The lines of a `.jsonl` sample with their `ts` as written.
fn timed_lines(relative: &str) -> Vec<(String, String, Vec<u8>)> {
    read_text(relative)
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let entry: Value = serde_json::from_str(line)
                .unwrap_or_else(|error| panic!("a line of {relative} is not JSON: {error}"));
            let ts = entry["ts"].as_str().unwrap_or_default();
            let (topic, payload) = message_of(&entry, relative);
            (ts.to_owned(), topic, payload)
        })
        .collect()
}

/// A sample's `ts` in its `YYYY-MM-DD HH:MM:SS` form, taken as UTC.
fn sample_time(ts: &str) -> DateTime<Utc> {
    chrono::NaiveDateTime::parse_from_str(ts, "%Y-%m-%d %H:%M:%S")
        .unwrap_or_else(|error| panic!("bad ts {ts}: {error}"))
        .and_utc()
}

fn presence_story(lines: &[(String, String, Vec<u8>)]) -> (Presence, Vec<StateChange>) {
    let config = DecoderConfig::default();
    let mut presence = Presence::new(PresencePolicy::default());
    let mut changes = Vec::new();
    for (ts, topic, payload) in lines {
        let event = decode(topic, payload, &config)
            .unwrap_or_else(|error| panic!("{topic} does not decode: {error}"));
        changes.extend(presence.apply(&event, sample_time(ts)));
    }
    (presence, changes)
}

#[test]
fn three_identical_hue_messages_in_one_second_occupy_the_desk_once() {
    let lines = timed_lines("zigbee2mqtt/hue_sml001_office_duplicates.jsonl");
    let (_, changes) = presence_story(&lines);
    assert_eq!(
        changes,
        vec![StateChange {
            device: DeviceKey::new("z2m:zigbee2mqtt/HueMotionOffice01"),
            from: PresenceState::Unknown,
            to: PresenceState::Occupied,
            at: sample_time(&lines[0].0),
            cause: ChangeCause::OccupiedMessage,
        }]
    );
}

#[test]
fn the_aqara_timer_false_65_seconds_after_motion_does_not_end_the_occupancy_early() {
    let lines: Vec<_> = timed_lines("zigbee2mqtt/aqara_rtcgq11lm_motion.jsonl")
        .into_iter()
        .filter(|(_, topic, _)| topic == "zigbee2mqtt/KeukenMotionSensorMS4")
        .collect();
    assert_eq!(lines.len(), 3);
    let (mut presence, changes) = presence_story(&lines);
    let kitchen = DeviceKey::new("z2m:zigbee2mqtt/KeukenMotionSensorMS4");
    let motion = sample_time(&lines[1].0);
    // First news is the `false` sent just before the `true` in the same second.
    assert_eq!(
        changes
            .iter()
            .map(|change| (change.to, change.at))
            .collect::<Vec<_>>(),
        vec![
            (PresenceState::Vacant, motion),
            (PresenceState::Occupied, motion)
        ]
    );
    let quiet_over =
        motion + TimeDelta::from_std(PresencePolicy::default().quiet_time).unwrap_or_default();
    assert_eq!(presence.next_due(), Some(quiet_over));
    assert_eq!(presence.state(&kitchen), PresenceState::Occupied);
    let later = presence.tick(quiet_over);
    assert_eq!(
        later.iter().map(|c| (c.to, c.cause)).collect::<Vec<_>>(),
        vec![(PresenceState::Vacant, ChangeCause::QuietTimeElapsed)]
    );
}

#[test]
fn the_zigbee2mqtt_last_will_makes_its_sensors_unknown() {
    let config = DecoderConfig::default();
    let mut presence = Presence::new(PresencePolicy::default());
    let now = start_of_sample_day();
    let desk = decode(
        "zigbee2mqtt/entrance/motion",
        br#"{"occupancy":true}"#,
        &config,
    )
    .unwrap_or_else(|error| panic!("{error}"));
    presence.apply(&desk, now);
    let lines = read_lines("zigbee2mqtt/bridge_state_and_events.jsonl");
    let (topic, last_will) = &lines[1];
    let offline = decode(topic, last_will, &config).unwrap_or_else(|error| panic!("{error}"));
    let changes = presence.apply(&offline, now + TimeDelta::seconds(5));
    assert_eq!(
        changes
            .iter()
            .map(|c| (c.device.as_str(), c.to, c.cause))
            .collect::<Vec<_>>(),
        vec![(
            "z2m:zigbee2mqtt/entrance/motion",
            PresenceState::Unknown,
            ChangeCause::BridgeOffline
        )]
    );
}

fn start_of_sample_day() -> DateTime<Utc> {
    time("2020-10-31T14:01:38Z").unwrap_or_default()
}
