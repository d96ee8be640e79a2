//! The typed events the decoders produce.
//!
//! Every MQTT message that means something for presence becomes one [`SensorEvent`]: a
//! [`Reading`] of one sensor, the [`DeviceAvailability`] a bridge reports for one device, or the
//! [`BridgeStatus`] of a whole Zigbee2MQTT bridge.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The stable identity of one sensor, as the administrator configures it for a desk or room.
///
/// Keys are namespaced by where the sensor comes from, so that two formats never collide:
///
/// | source | key |
/// | --- | --- |
/// | Zigbee2MQTT | `z2m:<base topic>/<friendly name>`, e.g. `z2m:zigbee2mqtt/entrance/motion` |
/// | LoRaWAN (The Things Stack or ChirpStack) with a DevEUI | `lorawan:<devEUI in lower-case hex>`, e.g. `lorawan:0004a30b001c0530` |
/// | The Things Stack without a DevEUI | `tts:<application id>/<device id>` |
/// | Home Assistant style state topic | `ha:<captured device or the whole topic>` |
/// | generic JSON mapping | `<mapping name>:<captured device or the whole topic>` |
///
/// A LoRaWAN sensor keeps its key when it moves from one network server to the other.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DeviceKey(String);

impl DeviceKey {
    /// Wraps a key as the administrator entered it (see the table above for the shapes).
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    /// The key of a device behind the Zigbee2MQTT bridge with base topic `base_topic`.
    pub fn zigbee2mqtt(base_topic: &str, friendly_name: &str) -> Self {
        Self(format!("z2m:{base_topic}/{friendly_name}"))
    }

    /// The key of a LoRaWAN device, from its DevEUI (any case; stored lower-case).
    pub fn lorawan(dev_eui: &str) -> Self {
        Self(format!("lorawan:{}", dev_eui.to_ascii_lowercase()))
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DeviceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a sensor says about the place it watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Occupancy {
    /// Somebody is there.
    Occupied,
    /// Nobody is there.
    Vacant,
    /// The sensor is deciding (Elsys `occupancy: 1`: somebody is entering or leaving).
    Pending,
    /// The sensor sent the field without a value (`null`, `unknown`, `unavailable`).
    Unknown,
}

/// The format (and so the decoder) a message was read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Zigbee2MQTT device and bridge topics.
    #[serde(rename = "zigbee2mqtt")]
    Zigbee2Mqtt,
    /// The Things Stack v3 MQTT uplinks.
    TheThingsStack,
    /// ChirpStack v4 MQTT integration events.
    #[serde(rename = "chirpstack")]
    ChirpStack,
    /// Home Assistant style plain binary states (`ON`/`OFF`).
    HomeAssistant,
    /// A generic JSON mapping configured by the administrator.
    Mapping,
}

/// How well the sensor's radio reached the network, as the payload reports it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LinkQuality {
    /// Zigbee link quality indicator, 0 (worst) to 255 (best).
    Lqi {
        /// The indicator.
        value: u8,
    },
    /// LoRaWAN signal strength at the best gateway.
    Rssi {
        /// Received signal strength in dBm.
        dbm: i16,
        /// Signal-to-noise ratio in dB, if reported.
        snr_db: Option<f64>,
    },
}

/// One message of one sensor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    /// Which sensor.
    pub device: DeviceKey,
    /// Which decoder read it.
    pub format: Format,
    /// When the observation was made, if the payload carries a time (Zigbee2MQTT `last_seen`,
    /// the network server's receive time for LoRaWAN). `None` means "when it arrived".
    pub observed_at: Option<DateTime<Utc>>,
    /// What the sensor says; `None` when the message carries no occupancy at all (a battery or
    /// status report), which keeps the sensor alive but says nothing about the desk.
    pub occupancy: Option<Occupancy>,
    /// Battery charge in percent, if reported as a percentage.
    pub battery_percent: Option<u8>,
    /// Radio link quality, if reported.
    pub link_quality: Option<LinkQuality>,
    /// The base topic of the Zigbee2MQTT bridge that relayed the message, if any; the sensor is
    /// unknown while that bridge is offline.
    pub via_bridge: Option<String>,
}

/// A bridge's report that one of its devices is reachable or not (Zigbee2MQTT availability).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceAvailability {
    /// Which sensor.
    pub device: DeviceKey,
    /// `true` for `online`, `false` for `offline`.
    pub online: bool,
    /// The base topic of the bridge that reported it.
    pub via_bridge: Option<String>,
}

/// A Zigbee2MQTT bridge came online or went offline (its `bridge/state` topic).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BridgeStatus {
    /// The bridge's base topic, e.g. `zigbee2mqtt`.
    pub base_topic: String,
    /// `true` for `online`, `false` for `offline` (also its last will).
    pub online: bool,
}

/// A decoded MQTT message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SensorEvent {
    /// A sensor reported occupancy, battery or both.
    Reading(Reading),
    /// A bridge reported whether one device is reachable.
    Availability(DeviceAvailability),
    /// A whole bridge came online or went offline.
    Bridge(BridgeStatus),
}

impl SensorEvent {
    /// The sensor the event is about, if it is about one sensor.
    pub fn device(&self) -> Option<&DeviceKey> {
        match self {
            Self::Reading(reading) => Some(&reading.device),
            Self::Availability(availability) => Some(&availability.device),
            Self::Bridge(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lorawan_keys_are_lower_case_so_both_network_servers_agree() {
        assert_eq!(
            DeviceKey::lorawan("0004A30B001C0530"),
            DeviceKey::new("lorawan:0004a30b001c0530")
        );
    }

    #[test]
    fn a_reading_serialises_as_tagged_json() -> Result<(), serde_json::Error> {
        let event = SensorEvent::Reading(Reading {
            device: DeviceKey::zigbee2mqtt("zigbee2mqtt", "entrance/motion"),
            format: Format::Zigbee2Mqtt,
            observed_at: None,
            occupancy: Some(Occupancy::Occupied),
            battery_percent: Some(97),
            link_quality: Some(LinkQuality::Lqi { value: 70 }),
            via_bridge: Some("zigbee2mqtt".into()),
        });
        let json = serde_json::to_value(&event)?;
        assert_eq!(
            json,
            serde_json::json!({
                "kind": "reading",
                "device": "z2m:zigbee2mqtt/entrance/motion",
                "format": "zigbee2mqtt",
                "observed_at": null,
                "occupancy": "occupied",
                "battery_percent": 97,
                "link_quality": {"kind": "lqi", "value": 70},
                "via_bridge": "zigbee2mqtt"
            })
        );
        let back: SensorEvent = serde_json::from_value(json)?;
        assert_eq!(back, event);
        Ok(())
    }
}
