//! Zigbee2MQTT: `<base>/<friendly name>` with the device state as a JSON object.
//!
//! - Friendly names may contain `/` (`zigbee2mqtt/entrance/motion`).
//! - Occupancy is `occupancy` (motion sensors, some radars) or `presence` (most mmWave
//!   radars); if both are present, either saying occupied wins.
//! - `<base>/bridge/state` is the bridge's availability, as JSON (`{"state":"online"}`) or plain
//!   text (`online`); other `bridge/…` topics are chatter, not readings.
//! - `<name>/availability` is one device's availability; `<name>/set…` and `<name>/get…` are
//!   commands to the device.
//! - With Zigbee2MQTT's attribute output, `<name>/occupancy` (or `presence`, `battery`,
//!   `linkquality`) carries one bare value.

use serde_json::{Map, Value};

use crate::error::{DecodeError, JsonKind};
use crate::event::{
    BridgeStatus, DeviceAvailability, DeviceKey, Format, LinkQuality, Occupancy, Reading,
    SensorEvent,
};
use crate::value;

/// The fields that carry occupancy, in the order they are looked at.
const OCCUPANCY_FIELDS: [&str; 2] = ["occupancy", "presence"];

/// Attributes Zigbee2MQTT's attribute output publishes on their own subtopic that we read.
const ATTRIBUTES: [&str; 4] = ["occupancy", "presence", "battery", "linkquality"];

/// Decodes a message on `<base>/<rest>`.
pub(crate) fn decode(base: &str, rest: &str, payload: &[u8]) -> Result<SensorEvent, DecodeError> {
    if rest.is_empty() {
        return Err(DecodeError::UnknownTopic);
    }
    if rest == "bridge/state" {
        let online = availability(payload, "bridge/state")?;
        return Ok(SensorEvent::Bridge(BridgeStatus {
            base_topic: base.to_owned(),
            online,
        }));
    }
    if let Some(subtopic) = rest.strip_prefix("bridge/") {
        return Err(DecodeError::BridgeMessage {
            subtopic: subtopic.to_owned(),
        });
    }
    if rest == "bridge" {
        return Err(DecodeError::BridgeMessage {
            subtopic: String::new(),
        });
    }
    if rest
        .split('/')
        .skip(1)
        .any(|level| level == "set" || level == "get")
    {
        return Err(DecodeError::CommandTopic);
    }
    if let Some(name) = rest.strip_suffix("/availability")
        && !name.is_empty()
    {
        let online = availability(payload, "availability")?;
        return Ok(SensorEvent::Availability(DeviceAvailability {
            device: DeviceKey::zigbee2mqtt(base, name),
            online,
            via_bridge: Some(base.to_owned()),
        }));
    }
    let attribute = rest
        .rsplit_once('/')
        .filter(|(name, last)| !name.is_empty() && ATTRIBUTES.contains(last));
    let document = match value::parse_json(payload) {
        Ok(document) => document,
        Err(DecodeError::NotJson { detail }) => match attribute {
            Some(_) => value::parse_json_or_text(payload)?,
            None => return Err(DecodeError::NotJson { detail }),
        },
        Err(other) => return Err(other),
    };
    match (document, attribute) {
        (Value::Object(fields), _) => state(base, rest, &fields),
        (bare, Some((name, attribute))) => {
            let mut fields = Map::new();
            fields.insert(attribute.to_owned(), bare);
            state(base, name, &fields)
        }
        (other, None) => Err(DecodeError::NotAnObject {
            field: "payload".to_owned(),
            found: JsonKind::of(&other),
        }),
    }
}

/// Reads `online`/`offline`, bare or as `{"state": …}`.
fn availability(payload: &[u8], field: &str) -> Result<bool, DecodeError> {
    let document = value::parse_json_or_text(payload)?;
    let state = match &document {
        Value::Object(fields) => fields
            .get("state")
            .ok_or_else(|| DecodeError::MissingField {
                field: format!("{field}.state"),
            })?,
        other => other,
    };
    match state.as_str().map(|text| text.trim().to_ascii_lowercase()) {
        Some(text) if text == "online" => Ok(true),
        Some(text) if text == "offline" => Ok(false),
        _ => Err(DecodeError::invalid(field, state, "`online` or `offline`")),
    }
}

/// Reads a device state object.
fn state(base: &str, name: &str, fields: &Map<String, Value>) -> Result<SensorEvent, DecodeError> {
    let mut occupancy: Option<Occupancy> = None;
    for field in OCCUPANCY_FIELDS {
        let Some(raw) = fields.get(field) else {
            continue;
        };
        let said = value::binary(raw)
            .ok_or_else(|| DecodeError::invalid(field, raw, "a boolean or null"))?;
        occupancy = Some(match (occupancy, said) {
            (Some(Occupancy::Occupied), _) | (_, Occupancy::Occupied) => Occupancy::Occupied,
            (Some(Occupancy::Vacant), _) | (_, Occupancy::Vacant) => Occupancy::Vacant,
            (_, other) => other,
        });
    }
    let battery_percent = fields.get("battery").and_then(value::percent);
    if occupancy.is_none() && battery_percent.is_none() {
        return Err(DecodeError::NoOccupancyField {
            looked_for: "`occupancy`, `presence` or `battery`".to_owned(),
        });
    }
    Ok(SensorEvent::Reading(Reading {
        device: DeviceKey::zigbee2mqtt(base, name),
        format: Format::Zigbee2Mqtt,
        observed_at: fields.get("last_seen").and_then(value::timestamp),
        occupancy,
        battery_percent,
        link_quality: fields
            .get("linkquality")
            .and_then(value::lqi)
            .map(|value| LinkQuality::Lqi { value }),
        via_bridge: Some(base.to_owned()),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(result: Result<SensorEvent, DecodeError>) -> Reading {
        match result {
            Ok(SensorEvent::Reading(reading)) => reading,
            other => panic!("expected a reading, got {other:?}"),
        }
    }

    #[test]
    fn a_friendly_name_with_slashes_is_kept_whole() {
        let r = reading(decode(
            "zigbee2mqtt",
            "floor 2/desk 12/motion",
            br#"{"occupancy":true}"#,
        ));
        assert_eq!(r.device.as_str(), "z2m:zigbee2mqtt/floor 2/desk 12/motion");
        assert_eq!(r.occupancy, Some(Occupancy::Occupied));
    }

    #[test]
    fn presence_counts_like_occupancy_and_occupied_wins() {
        let r = reading(decode(
            "zigbee2mqtt",
            "radar",
            br#"{"occupancy":false,"presence":true}"#,
        ));
        assert_eq!(r.occupancy, Some(Occupancy::Occupied));
    }

    #[test]
    fn attribute_output_reads_bare_values_on_subtopics() {
        let r = reading(decode("zigbee2mqtt", "desk/occupancy", b"true"));
        assert_eq!(r.device.as_str(), "z2m:zigbee2mqtt/desk");
        assert_eq!(r.occupancy, Some(Occupancy::Occupied));
        let r = reading(decode("zigbee2mqtt", "desk/battery", b"97"));
        assert_eq!((r.occupancy, r.battery_percent), (None, Some(97)));
        let r = reading(decode("zigbee2mqtt", "desk/presence", b"OFF"));
        assert_eq!(r.occupancy, Some(Occupancy::Vacant));
    }

    #[test]
    fn commands_and_bridge_chatter_are_not_readings() {
        assert_eq!(
            decode("zigbee2mqtt", "desk/set", br#"{"state":"ON"}"#),
            Err(DecodeError::CommandTopic)
        );
        assert_eq!(
            decode("zigbee2mqtt", "desk/set/occupancy_timeout", b"30"),
            Err(DecodeError::CommandTopic)
        );
        assert_eq!(
            decode("zigbee2mqtt", "bridge/devices", b"[]"),
            Err(DecodeError::BridgeMessage {
                subtopic: "devices".into()
            })
        );
    }

    #[test]
    fn device_availability_is_its_own_event() {
        assert_eq!(
            decode(
                "zigbee2mqtt",
                "desk/availability",
                br#"{"state":"offline"}"#
            ),
            Ok(SensorEvent::Availability(DeviceAvailability {
                device: DeviceKey::new("z2m:zigbee2mqtt/desk"),
                online: false,
                via_bridge: Some("zigbee2mqtt".into()),
            }))
        );
    }

    #[test]
    fn a_nonsense_occupancy_value_is_a_typed_error_not_a_guess() {
        assert_eq!(
            decode(
                "zigbee2mqtt",
                "desk",
                br#"{"occupancy":"banana","battery":50}"#
            ),
            Err(DecodeError::InvalidValue {
                field: "occupancy".into(),
                value: "\"banana\"".into(),
                expected: "a boolean or null".into(),
            })
        );
    }

    #[test]
    fn a_state_without_occupancy_or_battery_is_refused() {
        assert!(matches!(
            decode("zigbee2mqtt", "plug", br#"{"state":"ON","linkquality":80}"#),
            Err(DecodeError::NoOccupancyField { .. })
        ));
    }

    #[test]
    fn an_out_of_range_battery_is_dropped_not_clamped() {
        let r = reading(decode(
            "zigbee2mqtt",
            "desk",
            br#"{"occupancy":true,"battery":250,"linkquality":300}"#,
        ));
        assert_eq!((r.battery_percent, r.link_quality), (None, None));
    }
}
