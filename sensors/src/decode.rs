//! The front door: pick the format by topic (or as told) and decode.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::config::DecoderConfig;
use crate::error::DecodeError;
use crate::event::SensorEvent;
use crate::{chirpstack, home_assistant, mapping, things_stack, zigbee2mqtt};

/// Which decoder to use for a message.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormatChoice {
    /// Pick by topic (what [`decode`] does).
    Auto,
    /// Zigbee2MQTT; on a topic under no configured base topic, the first level is the base.
    #[serde(rename = "zigbee2mqtt")]
    Zigbee2Mqtt,
    /// The Things Stack v3 uplink, whatever the topic.
    TheThingsStack,
    /// ChirpStack v4 event, whatever the topic.
    #[serde(rename = "chirpstack")]
    ChirpStack,
    /// A Home Assistant style plain state, whatever the topic.
    HomeAssistant,
    /// The configured generic mapping of this name.
    Mapping(String),
}

impl FromStr for FormatChoice {
    type Err = String;

    /// Reads `auto`, `zigbee2mqtt` (`z2m`), `the-things-stack` (`tts`), `chirpstack`,
    /// `home-assistant` (`ha`) or `mapping:<name>`, as a command line would give them.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if let Some(name) = text.strip_prefix("mapping:") {
            return Ok(Self::Mapping(name.to_owned()));
        }
        match text.to_ascii_lowercase().replace('_', "-").as_str() {
            "auto" => Ok(Self::Auto),
            "zigbee2mqtt" | "z2m" => Ok(Self::Zigbee2Mqtt),
            "the-things-stack" | "tts" | "ttn" => Ok(Self::TheThingsStack),
            "chirpstack" => Ok(Self::ChirpStack),
            "home-assistant" | "ha" => Ok(Self::HomeAssistant),
            _ => Err(format!(
                "unknown format `{text}`; use auto, zigbee2mqtt, tts, chirpstack, ha or mapping:<name>"
            )),
        }
    }
}

impl fmt::Display for FormatChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Auto => f.write_str("auto"),
            Self::Zigbee2Mqtt => f.write_str("zigbee2mqtt"),
            Self::TheThingsStack => f.write_str("tts"),
            Self::ChirpStack => f.write_str("chirpstack"),
            Self::HomeAssistant => f.write_str("ha"),
            Self::Mapping(name) => write!(f, "mapping:{name}"),
        }
    }
}

/// Decodes one MQTT message, picking the format by its topic.
///
/// Tried in this order: the configured generic mappings, the Zigbee2MQTT base topics, The
/// Things Stack (`v3/…/devices/…`), ChirpStack (`application/…/device/…/event/…`), Home
/// Assistant discovery configs (ignored) and state topics. Never panics, whatever the bytes.
pub fn decode(
    topic: &str,
    payload: &[u8],
    config: &DecoderConfig,
) -> Result<SensorEvent, DecodeError> {
    decode_as(topic, payload, config, &FormatChoice::Auto)
}

/// Decodes one MQTT message with the decoder `choice` names (an administrator's override for
/// a sensor model, or the command line's `--format`).
pub fn decode_as(
    topic: &str,
    payload: &[u8],
    config: &DecoderConfig,
    choice: &FormatChoice,
) -> Result<SensorEvent, DecodeError> {
    match choice {
        FormatChoice::Auto => decode_auto(topic, payload, config),
        FormatChoice::Zigbee2Mqtt => {
            let (base, rest) = zigbee2mqtt_base(topic, config)
                .or_else(|| topic.split_once('/'))
                .ok_or(DecodeError::UnknownTopic)?;
            zigbee2mqtt::decode(base, rest, payload)
        }
        FormatChoice::TheThingsStack => {
            things_stack::decode(things_stack::parse_topic(topic), payload)
        }
        FormatChoice::ChirpStack => chirpstack::decode(chirpstack::parse_topic(topic), payload),
        FormatChoice::HomeAssistant => {
            let device = config
                .home_assistant_state_topics
                .iter()
                .find_map(|pattern| pattern.matches(topic))
                .and_then(|matched| matched.device)
                .unwrap_or(topic);
            home_assistant::decode(device, payload)
        }
        FormatChoice::Mapping(name) => {
            let mapping = config
                .mapping(name)
                .ok_or_else(|| DecodeError::UnknownMapping { name: name.clone() })?;
            let device = mapping
                .topic
                .matches(topic)
                .and_then(|matched| matched.device)
                .unwrap_or(topic);
            mapping::decode(mapping, device, payload)
        }
    }
}

fn decode_auto(
    topic: &str,
    payload: &[u8],
    config: &DecoderConfig,
) -> Result<SensorEvent, DecodeError> {
    for mapping in &config.mappings {
        if let Some(matched) = mapping.topic.matches(topic) {
            return mapping::decode(mapping, matched.device.unwrap_or(topic), payload);
        }
    }
    if let Some((base, rest)) = zigbee2mqtt_base(topic, config) {
        return zigbee2mqtt::decode(base, rest, payload);
    }
    if let Some(parsed) = things_stack::parse_topic(topic) {
        return things_stack::decode(Some(parsed), payload);
    }
    if let Some(parsed) = chirpstack::parse_topic(topic) {
        return chirpstack::decode(Some(parsed), payload);
    }
    if home_assistant::is_discovery_config(&config.home_assistant_discovery_prefix, topic) {
        return Err(DecodeError::DiscoveryConfig);
    }
    for pattern in &config.home_assistant_state_topics {
        if let Some(matched) = pattern.matches(topic) {
            return home_assistant::decode(matched.device.unwrap_or(topic), payload);
        }
    }
    Err(DecodeError::UnknownTopic)
}

/// The longest configured base topic `topic` lies under, and the rest.
fn zigbee2mqtt_base<'t>(topic: &'t str, config: &DecoderConfig) -> Option<(&'t str, &'t str)> {
    config
        .zigbee2mqtt_base_topics
        .iter()
        .filter(|base| !base.is_empty())
        .filter_map(|base| {
            let rest = topic.strip_prefix(base.as_str())?.strip_prefix('/')?;
            Some((&topic[..base.len()], rest))
        })
        .max_by_key(|(base, _)| base.len())
}

#[cfg(test)]
mod tests {
    use crate::event::Occupancy;

    use super::*;

    fn occupancy(result: Result<SensorEvent, DecodeError>) -> Option<Occupancy> {
        match result {
            Ok(SensorEvent::Reading(reading)) => reading.occupancy,
            other => panic!("expected a reading, got {other:?}"),
        }
    }

    #[test]
    fn an_unclaimed_topic_is_unknown() {
        assert_eq!(
            decode("office/coffee", b"{}", &DecoderConfig::default()),
            Err(DecodeError::UnknownTopic)
        );
    }

    #[test]
    fn the_longest_base_topic_wins() {
        let config = DecoderConfig {
            zigbee2mqtt_base_topics: vec!["z".into(), "z/floor2".into()],
            ..DecoderConfig::default()
        };
        let event = decode("z/floor2/desk", br#"{"occupancy":true}"#, &config);
        assert_eq!(
            event
                .ok()
                .as_ref()
                .and_then(SensorEvent::device)
                .map(|d| d.as_str().to_owned()),
            Some("z2m:z/floor2/desk".to_owned())
        );
    }

    #[test]
    fn a_forced_format_ignores_the_topic() {
        let config = DecoderConfig::default();
        let event = decode_as(
            "custom/desk-4",
            br#"{"occupancy":false}"#,
            &config,
            &FormatChoice::Zigbee2Mqtt,
        );
        assert_eq!(occupancy(event), Some(Occupancy::Vacant));
        assert_eq!(
            decode_as("x", b"{}", &config, &FormatChoice::Mapping("nope".into())),
            Err(DecodeError::UnknownMapping {
                name: "nope".into()
            })
        );
    }

    #[test]
    fn format_choices_read_from_the_command_line() {
        assert_eq!("tts".parse(), Ok(FormatChoice::TheThingsStack));
        assert_eq!("Home_Assistant".parse(), Ok(FormatChoice::HomeAssistant));
        assert_eq!(
            "mapping:acme".parse(),
            Ok(FormatChoice::Mapping("acme".into()))
        );
        assert!("xml".parse::<FormatChoice>().is_err());
    }
}
