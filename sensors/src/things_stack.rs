//! The Things Stack v3 MQTT server: `v3/<application>@<tenant>/devices/<device>/up`.
//!
//! The occupancy is in `uplink_message.decoded_payload` (present only when a payload
//! formatter is set), read with the [vendor rules](crate::lorawan); the device is
//! `end_device_ids.dev_eui`, or `application_id`/`device_id` when there is no DevEUI. The time
//! is the network's `received_at`. Other event topics (`join`, `down/…`, `service/data`,
//! `location/solved`) are not uplinks.

use serde_json::Value;

use crate::error::{DecodeError, JsonKind};
use crate::event::{DeviceKey, Format, Reading, SensorEvent};
use crate::lorawan;
use crate::value;

/// The parts of a The Things Stack topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Topic<'t> {
    /// The application id, without `@tenant`.
    pub(crate) application: &'t str,
    /// The device id.
    pub(crate) device: &'t str,
    /// What follows the device: `up`, `join`, `down/queued`, …
    pub(crate) event: &'t str,
}

/// Splits `v3/<app>[@<tenant>]/devices/<dev>/<event>`.
pub(crate) fn parse_topic(topic: &str) -> Option<Topic<'_>> {
    let rest = topic.strip_prefix("v3/")?;
    let (application, rest) = rest.split_once('/')?;
    let rest = rest.strip_prefix("devices/")?;
    let (device, event) = rest.split_once('/')?;
    if application.is_empty() || device.is_empty() || event.is_empty() {
        return None;
    }
    let application = application
        .split_once('@')
        .map_or(application, |(id, _)| id);
    Some(Topic {
        application,
        device,
        event,
    })
}

/// Decodes an uplink; `topic` is `None` when the format was forced on a foreign topic.
pub(crate) fn decode(topic: Option<Topic<'_>>, payload: &[u8]) -> Result<SensorEvent, DecodeError> {
    if let Some(topic) = topic
        && topic.event != "up"
    {
        return Err(DecodeError::NotAnUplink {
            event: topic.event.to_owned(),
        });
    }
    let document = value::parse_json(payload)?;
    let Value::Object(envelope) = &document else {
        return Err(DecodeError::NotAnObject {
            field: "payload".to_owned(),
            found: JsonKind::of(&document),
        });
    };
    let ids = envelope.get("end_device_ids");
    let device = lorawan::dev_eui_key(ids.and_then(|ids| ids.get("dev_eui")))
        .or_else(|| {
            let ids = ids?;
            let application = ids
                .get("application_ids")?
                .get("application_id")?
                .as_str()?;
            let device = ids.get("device_id")?.as_str()?;
            Some(DeviceKey::new(format!("tts:{application}/{device}")))
        })
        .or_else(|| {
            topic.map(|topic| DeviceKey::new(format!("tts:{}/{}", topic.application, topic.device)))
        })
        .ok_or(DecodeError::MissingDeviceId)?;
    let uplink = envelope
        .get("uplink_message")
        .ok_or_else(|| DecodeError::MissingField {
            field: "uplink_message".to_owned(),
        })?;
    let decoded = match uplink.get("decoded_payload") {
        None | Some(Value::Null) => return Err(DecodeError::NoDecodedPayload),
        Some(Value::Object(decoded)) => decoded,
        Some(other) => {
            return Err(DecodeError::NotAnObject {
                field: "uplink_message.decoded_payload".to_owned(),
                found: JsonKind::of(other),
            });
        }
    };
    let f_port = uplink
        .get("f_port")
        .and_then(value::integer)
        .and_then(|port| u8::try_from(port).ok());
    let interpreted = lorawan::interpret(decoded, f_port, "uplink_message.decoded_payload")?;
    let observed_at = uplink
        .get("received_at")
        .or_else(|| envelope.get("received_at"))
        .and_then(value::timestamp);
    Ok(SensorEvent::Reading(Reading {
        device,
        format: Format::TheThingsStack,
        observed_at,
        occupancy: interpreted.occupancy,
        battery_percent: interpreted.battery_percent,
        link_quality: lorawan::best_reception(uplink.get("rx_metadata")),
        via_bridge: None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_with_and_without_tenant_are_understood() {
        assert_eq!(
            parse_topic("v3/app1@tenant1/devices/dev1/up"),
            Some(Topic {
                application: "app1",
                device: "dev1",
                event: "up"
            })
        );
        assert_eq!(
            parse_topic("v3/app1/devices/dev1/down/queued"),
            Some(Topic {
                application: "app1",
                device: "dev1",
                event: "down/queued"
            })
        );
        assert_eq!(parse_topic("v3/app1/devices/dev1"), None);
        assert_eq!(parse_topic("v3/app1/gateways/gw/up"), None);
    }

    #[test]
    fn join_events_are_not_uplinks() {
        let topic = parse_topic("v3/app1@ttn/devices/dev1/join");
        assert_eq!(
            decode(topic, b"{}"),
            Err(DecodeError::NotAnUplink {
                event: "join".into()
            })
        );
    }

    #[test]
    fn without_a_dev_eui_the_device_ids_name_the_device() {
        let payload = br#"{"end_device_ids":{"device_id":"desk-7","application_ids":{"application_id":"desks"}},
            "uplink_message":{"decoded_payload":{"occupancy":"occupied"}}}"#;
        let event = decode(parse_topic("v3/desks@tenant/devices/desk-7/up"), payload);
        assert_eq!(
            event.ok().as_ref().and_then(SensorEvent::device),
            Some(&DeviceKey::new("tts:desks/desk-7"))
        );
    }
}
