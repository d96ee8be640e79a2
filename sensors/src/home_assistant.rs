//! Home Assistant style binary states: a plain `ON`/`OFF` (also `on`/`off`, `true`/`false`,
//! `1`/`0`, quoted or not) on a configured state topic, as ESPHome, Tasmota and Home
//! Assistant's own MQTT statestream publish them. `unknown` and `unavailable` mean
//! [`Occupancy::Unknown`](crate::Occupancy::Unknown).
//!
//! Discovery configs (`<prefix>/<component>/[<node>/]<object>/config`) are recognised and
//! ignored: they describe a sensor, they are not its state.

use crate::error::DecodeError;
use crate::event::{DeviceKey, Format, Reading, SensorEvent};
use crate::value;

/// Whether `topic` is a discovery config under `prefix`.
pub(crate) fn is_discovery_config(prefix: &str, topic: &str) -> bool {
    let Some(rest) = topic
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('/'))
    else {
        return false;
    };
    let levels = rest.split('/').count();
    !prefix.is_empty() && rest.ends_with("/config") && (3..=4).contains(&levels)
}

/// Decodes a state of the device named `device` (a capture or the whole topic).
pub(crate) fn decode(device: &str, payload: &[u8]) -> Result<SensorEvent, DecodeError> {
    let state = value::parse_json_or_text(payload)?;
    let occupancy = value::binary(&state)
        .ok_or_else(|| DecodeError::invalid("state", &state, "`ON` or `OFF`"))?;
    Ok(SensorEvent::Reading(Reading {
        device: DeviceKey::new(format!("ha:{device}")),
        format: Format::HomeAssistant,
        observed_at: None,
        occupancy: Some(occupancy),
        battery_percent: None,
        link_quality: None,
        via_bridge: None,
    }))
}

#[cfg(test)]
mod tests {
    use crate::event::Occupancy;

    use super::*;

    fn occupancy(payload: &[u8]) -> Result<Option<Occupancy>, DecodeError> {
        match decode("desk", payload)? {
            SensorEvent::Reading(reading) => Ok(reading.occupancy),
            other => panic!("expected a reading, got {other:?}"),
        }
    }

    #[test]
    fn plain_and_quoted_states_are_read() -> Result<(), DecodeError> {
        assert_eq!(occupancy(b"ON")?, Some(Occupancy::Occupied));
        assert_eq!(occupancy(b"off\n")?, Some(Occupancy::Vacant));
        assert_eq!(occupancy(b"\"ON\"")?, Some(Occupancy::Occupied));
        assert_eq!(occupancy(b"false")?, Some(Occupancy::Vacant));
        assert_eq!(occupancy(b"unavailable")?, Some(Occupancy::Unknown));
        Ok(())
    }

    #[test]
    fn other_words_are_refused() {
        assert!(matches!(
            occupancy(b"OPEN"),
            Err(DecodeError::InvalidValue { .. })
        ));
        assert_eq!(occupancy(b""), Err(DecodeError::EmptyPayload));
    }

    #[test]
    fn discovery_configs_are_recognised_with_and_without_node_id() {
        let prefix = "homeassistant";
        assert!(is_discovery_config(
            prefix,
            "homeassistant/binary_sensor/0x00158d0006f25853/occupancy/config"
        ));
        assert!(is_discovery_config(
            prefix,
            "homeassistant/binary_sensor/desk/config"
        ));
        assert!(!is_discovery_config(
            prefix,
            "homeassistant/binary_sensor/desk/state"
        ));
        assert!(!is_discovery_config(prefix, "zigbee2mqtt/config"));
    }
}
