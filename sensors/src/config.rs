//! What the administrator configures about decoding, without recompiling: Zigbee2MQTT base
//! topics, Home Assistant state topics and generic JSON mappings per sensor model.
//!
//! In TOML (every field optional; these are the defaults plus one mapping):
//!
//! ```toml
//! zigbee2mqtt_base_topics = ["zigbee2mqtt"]
//! home_assistant_discovery_prefix = "homeassistant"
//! home_assistant_state_topics = ["homeassistant/binary_sensor/{device}/state", "+/binary_sensor/+/state"]
//!
//! [[mappings]]
//! name = "acme-desk"
//! topic = "acme/+/{device}/up"
//! occupancy = "/data/occupied"
//! occupied = [true, "busy"]
//! vacant = [false, "free"]
//! battery = "/data/battery"
//! ```

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::topic::{JsonPointer, TopicPattern};

/// The decoding configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct DecoderConfig {
    /// Base topics of the Zigbee2MQTT bridges (each bridge's `mqtt.base_topic`).
    /// Default: `["zigbee2mqtt"]`.
    pub zigbee2mqtt_base_topics: Vec<String>,
    /// Home Assistant's MQTT discovery prefix; its `…/config` topics are recognised and
    /// ignored. Default: `homeassistant`.
    pub home_assistant_discovery_prefix: String,
    /// Topics carrying Home Assistant style plain binary states (`ON`/`OFF`, `true`/`false`).
    /// The `{device}` capture, if present, names the device; otherwise the whole topic does.
    /// Default: `homeassistant/binary_sensor/{device}/state` and the ESPHome-style
    /// `+/binary_sensor/+/state`.
    pub home_assistant_state_topics: Vec<TopicPattern>,
    /// Generic JSON mappings, one per sensor model, tried first and in order.
    pub mappings: Vec<JsonMapping>,
}

impl Default for DecoderConfig {
    fn default() -> Self {
        let state_topics = [
            "homeassistant/binary_sensor/{device}/state",
            "+/binary_sensor/+/state",
        ]
        .into_iter()
        .filter_map(|text| TopicPattern::parse(text).ok())
        .collect();
        Self {
            zigbee2mqtt_base_topics: vec!["zigbee2mqtt".to_owned()],
            home_assistant_discovery_prefix: "homeassistant".to_owned(),
            home_assistant_state_topics: state_topics,
            mappings: Vec::new(),
        }
    }
}

/// Why a [`DecoderConfig`] was refused by [`DecoderConfig::validate`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// An empty base topic, or one with wildcards or a leading or trailing `/`.
    #[error(
        "`{0}` is not a usable Zigbee2MQTT base topic (no wildcards, no leading or trailing `/`)"
    )]
    BadBaseTopic(String),
    /// Two mappings share a name.
    #[error("two sensor mappings are named `{0}`")]
    DuplicateMapping(String),
    /// A mapping name that is empty or contains `:` or `/` (it is the device key's prefix).
    #[error("mapping name `{0}` must be non-empty and contain neither `:` nor `/`")]
    BadMappingName(String),
    /// A mapping with no occupied or no vacant value.
    #[error("mapping `{0}` needs at least one `occupied` value")]
    NoOccupiedValues(String),
    /// The same value listed as meaning two things.
    #[error("mapping `{name}` lists {value} as more than one of occupied, vacant and pending")]
    AmbiguousValue {
        /// The mapping.
        name: String,
        /// The value, as JSON text.
        value: String,
    },
}

impl DecoderConfig {
    /// Checks what serde cannot: usable base topics, unique mapping names, unambiguous value
    /// lists. Patterns and pointers are already checked when deserialised.
    pub fn validate(&self) -> Result<(), ConfigError> {
        for base in &self.zigbee2mqtt_base_topics {
            if base.is_empty()
                || base.starts_with('/')
                || base.ends_with('/')
                || base.contains(['+', '#'])
            {
                return Err(ConfigError::BadBaseTopic(base.clone()));
            }
        }
        let mut names = HashSet::new();
        for mapping in &self.mappings {
            if mapping.name.is_empty() || mapping.name.contains([':', '/']) {
                return Err(ConfigError::BadMappingName(mapping.name.clone()));
            }
            if !names.insert(mapping.name.as_str()) {
                return Err(ConfigError::DuplicateMapping(mapping.name.clone()));
            }
            if mapping.occupied.is_empty() {
                return Err(ConfigError::NoOccupiedValues(mapping.name.clone()));
            }
            let lists = [&mapping.occupied, &mapping.vacant, &mapping.pending];
            for (index, list) in lists.iter().enumerate() {
                for value in list.iter() {
                    let elsewhere = lists
                        .iter()
                        .enumerate()
                        .filter(|(other, _)| *other != index)
                        .any(|(_, other)| other.iter().any(|o| loosely_equal(value, o)));
                    if elsewhere {
                        return Err(ConfigError::AmbiguousValue {
                            name: mapping.name.clone(),
                            value: crate::value::shortened(value),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// The MQTT subscription filters that receive every topic this configuration decodes.
    pub fn subscription_filters(&self) -> Vec<String> {
        let mut filters: Vec<String> = self
            .mappings
            .iter()
            .map(|mapping| mapping.topic.subscription_filter())
            .collect();
        filters.extend(
            self.zigbee2mqtt_base_topics
                .iter()
                .map(|base| format!("{base}/#")),
        );
        filters.push("v3/+/devices/+/up".to_owned());
        filters.push("application/+/device/+/event/up".to_owned());
        filters.push("application/+/device/+/event/status".to_owned());
        filters.extend(
            self.home_assistant_state_topics
                .iter()
                .map(TopicPattern::subscription_filter),
        );
        let mut seen = HashSet::new();
        filters.retain(|filter| seen.insert(filter.clone()));
        filters
    }

    /// The mapping named `name`.
    pub fn mapping(&self, name: &str) -> Option<&JsonMapping> {
        self.mappings.iter().find(|mapping| mapping.name == name)
    }
}

/// How to read one sensor model's JSON (or plain text) payloads.
///
/// Values are compared leniently: numbers by value (`1` equals `1.0` and `"1"`), strings
/// without regard to case or surrounding blanks, booleans also against `"true"`/`"false"`.
/// A `null` that is not listed means [`Occupancy::Unknown`](crate::Occupancy::Unknown).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct JsonMapping {
    /// The sensor model's name; it prefixes the device keys (`<name>:<device>`).
    pub name: String,
    /// Which topics carry this model's messages.
    pub topic: TopicPattern,
    /// Where the occupancy value is; the empty pointer `""` is the whole payload (for plain
    /// text payloads).
    pub occupancy: JsonPointer,
    /// Values that mean occupied.
    pub occupied: Vec<Value>,
    /// Values that mean vacant.
    #[serde(default)]
    pub vacant: Vec<Value>,
    /// Values that mean the sensor is deciding.
    #[serde(default)]
    pub pending: Vec<Value>,
    /// Where the battery percentage is, if reported.
    #[serde(default)]
    pub battery: Option<JsonPointer>,
    /// Where a Zigbee-style link quality (0–255) is, if reported.
    #[serde(default)]
    pub link_quality: Option<JsonPointer>,
    /// Where an RSSI in dBm is, if reported.
    #[serde(default)]
    pub rssi: Option<JsonPointer>,
    /// Where the observation time is (RFC 3339 or Unix epoch), if reported.
    #[serde(default)]
    pub observed_at: Option<JsonPointer>,
}

/// Whether a payload value equals a configured value, leniently (see [`JsonMapping`]).
pub(crate) fn loosely_equal(actual: &Value, listed: &Value) -> bool {
    use crate::value::number;
    match (actual, listed) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::String(a), Value::String(b)) => a.trim().eq_ignore_ascii_case(b.trim()),
        (Value::Bool(flag), Value::String(text)) | (Value::String(text), Value::Bool(flag)) => text
            .trim()
            .eq_ignore_ascii_case(if *flag { "true" } else { "false" }),
        (Value::Number(_) | Value::String(_), Value::Number(_) | Value::String(_)) => {
            matches!((number(actual), number(listed)), (Some(a), Some(b)) if a == b)
        }
        (Value::Array(a), Value::Array(b)) => a == b,
        (Value::Object(a), Value::Object(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn values_compare_leniently() {
        assert!(loosely_equal(&json!(1.0), &json!(1)));
        assert!(loosely_equal(&json!("1"), &json!(1)));
        assert!(loosely_equal(&json!(" Busy "), &json!("busy")));
        assert!(loosely_equal(&json!("TRUE"), &json!(true)));
        assert!(!loosely_equal(&json!(1), &json!(true)));
        assert!(!loosely_equal(&json!(null), &json!(false)));
        assert!(!loosely_equal(&json!("busy"), &json!("free")));
    }

    #[test]
    fn the_default_config_is_valid_and_subscribes_to_every_format() {
        let config = DecoderConfig::default();
        assert_eq!(config.validate(), Ok(()));
        assert_eq!(
            config.subscription_filters(),
            vec![
                "zigbee2mqtt/#",
                "v3/+/devices/+/up",
                "application/+/device/+/event/up",
                "application/+/device/+/event/status",
                "homeassistant/binary_sensor/+/state",
                "+/binary_sensor/+/state",
            ]
        );
    }

    #[test]
    fn a_value_listed_as_occupied_and_vacant_is_refused() -> Result<(), serde_json::Error> {
        let config: DecoderConfig = serde_json::from_value(json!({
            "mappings": [{
                "name": "acme", "topic": "acme/{device}", "occupancy": "/o",
                "occupied": [1], "vacant": ["1"]
            }]
        }))?;
        assert!(matches!(
            config.validate(),
            Err(ConfigError::AmbiguousValue { .. })
        ));
        Ok(())
    }

    #[test]
    fn a_mapping_with_a_bad_pointer_does_not_deserialise() {
        let result: Result<DecoderConfig, _> = serde_json::from_value(json!({
            "mappings": [{
                "name": "acme", "topic": "acme/{device}", "occupancy": "o", "occupied": [1]
            }]
        }));
        assert!(result.is_err());
    }
}
