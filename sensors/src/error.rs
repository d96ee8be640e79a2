//! Why a message did not become a [`SensorEvent`](crate::SensorEvent).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The JSON type found where another was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JsonKind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl JsonKind {
    /// The kind of `value`.
    pub fn of(value: &Value) -> Self {
        match value {
            Value::Null => Self::Null,
            Value::Bool(_) => Self::Bool,
            Value::Number(_) => Self::Number,
            Value::String(_) => Self::String,
            Value::Array(_) => Self::Array,
            Value::Object(_) => Self::Object,
        }
    }
}

impl std::fmt::Display for JsonKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Null => "null",
            Self::Bool => "boolean",
            Self::Number => "number",
            Self::String => "string",
            Self::Array => "array",
            Self::Object => "object",
        })
    }
}

/// Why a message could not be decoded into a [`SensorEvent`](crate::SensorEvent).
///
/// Some variants are expected traffic that simply is not about presence (bridge logs, command
/// topics, discovery configs, join events): [`DecodeError::is_ignorable`] tells them apart from
/// messages that are really broken, so ingestion can count both separately.
///
/// The messages never contain the topic or whole payloads (the caller has them); an offending
/// value is quoted shortened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum DecodeError {
    /// No configured format claims the topic.
    #[error("the topic matches no configured sensor format")]
    UnknownTopic,
    /// The payload is empty (e.g. a retained message being cleared).
    #[error("the payload is empty")]
    EmptyPayload,
    /// The payload should be JSON and is not.
    #[error("the payload is not valid JSON: {detail}")]
    NotJson {
        /// The parser's complaint.
        detail: String,
    },
    /// The payload should be text and is not UTF-8.
    #[error("the payload is not UTF-8 text")]
    NotText,
    /// The payload (or a part of it) has the wrong JSON type.
    #[error("expected a JSON object at `{field}`, found a {found}")]
    NotAnObject {
        /// Where (`payload` for the whole payload).
        field: String,
        /// What was there.
        found: JsonKind,
    },
    /// A field the format requires is missing.
    #[error("the required field `{field}` is missing")]
    MissingField {
        /// The field, as a path.
        field: String,
    },
    /// The message names no device.
    #[error("the message identifies no device")]
    MissingDeviceId,
    /// The payload carries neither occupancy nor battery.
    #[error("the payload has no occupancy field (looked for {looked_for})")]
    NoOccupancyField {
        /// The fields that were looked for.
        looked_for: String,
    },
    /// A field holds a value that cannot be read.
    #[error("field `{field}` holds {value}, expected {expected}")]
    InvalidValue {
        /// The field, as a path.
        field: String,
        /// The value as JSON text, shortened.
        value: String,
        /// What would have been understood.
        expected: String,
    },
    /// A LoRaWAN uplink without a decoded payload (no payload formatter or codec is set).
    #[error(
        "the uplink has no decoded payload; set a payload formatter (The Things Stack) or codec (ChirpStack) for the device"
    )]
    NoDecodedPayload,
    /// The network server's payload codec reported errors instead of values.
    #[error("the payload codec reported errors: {}", errors.join("; "))]
    CodecErrors {
        /// The codec's messages.
        errors: Vec<String>,
    },
    /// A Zigbee2MQTT bridge topic other than `bridge/state` (events, device lists, logs).
    #[error("Zigbee2MQTT bridge message `bridge/{subtopic}` ignored: not a sensor reading")]
    BridgeMessage {
        /// The part after `bridge/`.
        subtopic: String,
    },
    /// A command topic (`…/set`, `…/get`), sent to devices rather than by them.
    #[error("command topic ignored: not a sensor reading")]
    CommandTopic,
    /// A Home Assistant discovery config, not a state.
    #[error("Home Assistant discovery config ignored: not a sensor reading")]
    DiscoveryConfig,
    /// A network-server event other than an uplink or status (join, downlink, ack, log, …).
    #[error("`{event}` event ignored: not an uplink")]
    NotAnUplink {
        /// The event type from the topic.
        event: String,
    },
    /// An explicit format override names a mapping that is not configured.
    #[error("no sensor mapping named `{name}` is configured")]
    UnknownMapping {
        /// The requested name.
        name: String,
    },
}

impl DecodeError {
    /// Whether this is expected, harmless traffic that is not about presence, as opposed to a
    /// message that should have been a reading but was broken.
    pub fn is_ignorable(&self) -> bool {
        matches!(
            self,
            Self::EmptyPayload
                | Self::BridgeMessage { .. }
                | Self::CommandTopic
                | Self::DiscoveryConfig
                | Self::NotAnUplink { .. }
        )
    }

    /// A short, stable name of the variant, for metrics labels and counters.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::UnknownTopic => "unknown_topic",
            Self::EmptyPayload => "empty_payload",
            Self::NotJson { .. } => "not_json",
            Self::NotText => "not_text",
            Self::NotAnObject { .. } => "not_an_object",
            Self::MissingField { .. } => "missing_field",
            Self::MissingDeviceId => "missing_device_id",
            Self::NoOccupancyField { .. } => "no_occupancy_field",
            Self::InvalidValue { .. } => "invalid_value",
            Self::NoDecodedPayload => "no_decoded_payload",
            Self::CodecErrors { .. } => "codec_errors",
            Self::BridgeMessage { .. } => "bridge_message",
            Self::CommandTopic => "command_topic",
            Self::DiscoveryConfig => "discovery_config",
            Self::NotAnUplink { .. } => "not_an_uplink",
            Self::UnknownMapping { .. } => "unknown_mapping",
        }
    }

    /// An [`DecodeError::InvalidValue`] quoting `value` shortened.
    pub(crate) fn invalid(field: impl Into<String>, value: &Value, expected: &str) -> Self {
        Self::InvalidValue {
            field: field.into(),
            value: crate::value::shortened(value),
            expected: expected.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_values_are_quoted_shortened() {
        let long = Value::String("x".repeat(500));
        let error = DecodeError::invalid("occupancy", &long, "a boolean");
        let message = error.to_string();
        assert!(message.len() < 200, "{message}");
        assert!(message.starts_with("field `occupancy` holds \"xxx"));
    }

    #[test]
    fn bridge_chatter_is_ignorable_but_bad_values_are_not() {
        assert!(
            DecodeError::BridgeMessage {
                subtopic: "event".into()
            }
            .is_ignorable()
        );
        assert!(!DecodeError::invalid("occupancy", &Value::from(7), "a boolean").is_ignorable());
    }

    #[test]
    fn errors_serialise_with_their_kind_as_tag() -> Result<(), serde_json::Error> {
        let json = serde_json::to_value(DecodeError::NoDecodedPayload)?;
        assert_eq!(json, serde_json::json!({"error": "no_decoded_payload"}));
        Ok(())
    }
}
