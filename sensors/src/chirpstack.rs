//! ChirpStack v4 MQTT integration: `application/<application id>/device/<devEUI>/event/<type>`.
//!
//! `up` events carry the codec's output in `object` (present only when the device profile has
//! a codec), read with the [vendor rules](crate::lorawan); `status` events carry the battery
//! (`batteryLevel`, percent). The device is `deviceInfo.devEui`, else the topic's DevEUI.
//! Other event types (`join`, `ack`, `txack`, `log`, `location`, `integration`) are not
//! uplinks. ChirpStack serialises codec integers as floats (`100.0`), which is fine.

use serde_json::Value;

use crate::error::{DecodeError, JsonKind};
use crate::event::{Format, Reading, SensorEvent};
use crate::lorawan;
use crate::value;

/// The parts of a ChirpStack event topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Topic<'t> {
    /// The DevEUI as the topic spells it.
    pub(crate) dev_eui: &'t str,
    /// The event type: `up`, `status`, `join`, …
    pub(crate) event: &'t str,
}

/// Splits `application/<id>/device/<devEUI>/event/<type>`.
pub(crate) fn parse_topic(topic: &str) -> Option<Topic<'_>> {
    let levels: Vec<&str> = topic.split('/').collect();
    match levels.as_slice() {
        [
            "application",
            application,
            "device",
            dev_eui,
            "event",
            event,
        ] if !application.is_empty() && !dev_eui.is_empty() && !event.is_empty() => {
            Some(Topic { dev_eui, event })
        }
        _ => None,
    }
}

/// Decodes an event; `topic` is `None` when the format was forced on a foreign topic, and
/// then the event type is `status` if the payload has a `batteryLevel`, else `up`.
pub(crate) fn decode(topic: Option<Topic<'_>>, payload: &[u8]) -> Result<SensorEvent, DecodeError> {
    let document = value::parse_json(payload)?;
    let Value::Object(envelope) = &document else {
        return Err(DecodeError::NotAnObject {
            field: "payload".to_owned(),
            found: JsonKind::of(&document),
        });
    };
    let event = match topic {
        Some(topic) => topic.event,
        None if envelope.contains_key("batteryLevel") => "status",
        None => "up",
    };
    if event != "up" && event != "status" {
        return Err(DecodeError::NotAnUplink {
            event: event.to_owned(),
        });
    }
    let device = lorawan::dev_eui_key(
        envelope
            .get("deviceInfo")
            .and_then(|info| info.get("devEui")),
    )
    .or_else(|| lorawan::dev_eui_key(envelope.get("devEUI")))
    .or_else(|| {
        let eui = Value::String(topic?.dev_eui.to_owned());
        lorawan::dev_eui_key(Some(&eui))
    })
    .ok_or(DecodeError::MissingDeviceId)?;
    let observed_at = envelope.get("time").and_then(value::timestamp);

    let (occupancy, battery_percent) = if event == "status" {
        let unavailable = envelope
            .get("batteryLevelUnavailable")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let battery = envelope
            .get("batteryLevel")
            .filter(|_| !unavailable)
            .and_then(value::percent);
        if battery.is_none() {
            return Err(DecodeError::NoOccupancyField {
                looked_for: "`batteryLevel` (status events carry no occupancy)".to_owned(),
            });
        }
        (None, battery)
    } else {
        let decoded = match envelope.get("object") {
            None | Some(Value::Null) => return Err(DecodeError::NoDecodedPayload),
            Some(Value::Object(decoded)) => decoded,
            Some(other) => {
                return Err(DecodeError::NotAnObject {
                    field: "object".to_owned(),
                    found: JsonKind::of(other),
                });
            }
        };
        let f_port = envelope
            .get("fPort")
            .and_then(value::integer)
            .and_then(|port| u8::try_from(port).ok());
        let interpreted = lorawan::interpret(decoded, f_port, "object")?;
        (interpreted.occupancy, interpreted.battery_percent)
    };
    Ok(SensorEvent::Reading(Reading {
        device,
        format: Format::ChirpStack,
        observed_at,
        occupancy,
        battery_percent,
        link_quality: lorawan::best_reception(envelope.get("rxInfo")),
        via_bridge: None,
    }))
}

#[cfg(test)]
mod tests {
    use crate::event::{DeviceKey, Occupancy};

    use super::*;

    #[test]
    fn only_the_documented_topic_shape_is_chirpstack() {
        assert_eq!(
            parse_topic("application/abc/device/0101010101010101/event/up"),
            Some(Topic {
                dev_eui: "0101010101010101",
                event: "up"
            })
        );
        assert_eq!(
            parse_topic("application/abc/device/0101010101010101/command/down"),
            None
        );
    }

    #[test]
    fn join_and_log_events_are_not_uplinks() {
        let topic = parse_topic("application/abc/device/0101010101010101/event/join");
        assert_eq!(
            decode(topic, b"{}"),
            Err(DecodeError::NotAnUplink {
                event: "join".into()
            })
        );
    }

    #[test]
    fn the_topic_names_the_device_when_the_payload_does_not() -> Result<(), DecodeError> {
        let topic = parse_topic("application/abc/device/0A0B0C0D0E0F0102/event/up");
        let event = decode(topic, br#"{"object":{"occupancy":"vacant"}}"#)?;
        let SensorEvent::Reading(reading) = event else {
            panic!("expected a reading");
        };
        assert_eq!(reading.device, DeviceKey::new("lorawan:0a0b0c0d0e0f0102"));
        assert_eq!(reading.occupancy, Some(Occupancy::Vacant));
        Ok(())
    }

    #[test]
    fn an_unavailable_battery_level_is_not_a_reading() {
        let topic = parse_topic("application/abc/device/0101010101010101/event/status");
        assert!(matches!(
            decode(
                topic,
                br#"{"batteryLevelUnavailable":true,"batteryLevel":0}"#
            ),
            Err(DecodeError::NoOccupancyField { .. })
        ));
    }
}
