//! Occupancy sensors for Platzwahl: MQTT payload decoders, presence debouncing and a typed
//! event stream. The crate knows nothing of the web app or the database; the server wires it.
//!
//! # Flow
//!
//! 1. An MQTT message (topic and payload bytes) goes to [`decode`], which picks the format by
//!    topic and returns a typed [`SensorEvent`] or a [`DecodeError`] saying why not.
//! 2. The events go to a [`Presence`] registry, which debounces them per sensor into
//!    [`StateChange`]s of its [`PresenceState`] (occupied, vacant, unknown) and, on
//!    [`Presence::tick`], reports the changes that fell due with time (quiet time over, sensor
//!    silent).
//!
//! Both steps are pure: their inputs, the clock included, are arguments. Around them, an
//! [`Ingestor`] owns the MQTT connection: it subscribes, decodes every message and sends
//! [`Ingested`] results (events, rejected messages, connection changes) into a tokio channel.
//!
//! # Layout
//!
//! | module | what it is |
//! | --- | --- |
//! | `event` | the typed model: [`SensorEvent`], [`Reading`], [`Occupancy`], [`DeviceKey`] |
//! | `error` | [`DecodeError`] |
//! | `config` | [`DecoderConfig`] and [`JsonMapping`]: what an administrator configures |
//! | `topic` | [`TopicPattern`] and [`JsonPointer`] for mappings |
//! | `decode` | the front door [`decode`] / [`decode_as`] |
//! | `zigbee2mqtt` | Zigbee2MQTT device, availability and bridge topics |
//! | `things_stack` | The Things Stack v3 uplinks |
//! | `chirpstack` | ChirpStack v4 `up` and `status` events |
//! | `lorawan` | the vendor fields inside LoRaWAN decoded payloads (Milesight, Elsys, Browan) |
//! | `home_assistant` | Home Assistant style plain `ON`/`OFF` states |
//! | `mapping` | generic JSON mappings |
//! | `ingest` | the MQTT ingestion task [`Ingestor`] and its event loop |
//! | `ingest::settings` | [`MqttSettings`], [`Password`], [`MqttSetupError`] |
//! | `ingest::broker_url` | reading the broker URL |
//! | `ingest::tls` | the TLS client configuration for `mqtts://` |
//! | `ingest::backoff` | the reconnection delay |
//! | `ingest::results` | what the task sends and counts: [`Ingested`], [`IngestStats`] |
//! | `ingest::acks` | QoS 1 acknowledgements once the receiver has stored: [`Receipts`] |
//! | `presence` | the debouncing state machine and the [`Presence`] registry |
//! | `value` | lenient reading of messy values |

#![warn(missing_docs)]

mod chirpstack;
mod config;
mod decode;
mod error;
mod event;
mod home_assistant;
mod ingest;
mod lorawan;
mod mapping;
mod presence;
mod things_stack;
mod topic;
mod value;
mod zigbee2mqtt;

pub use config::{ConfigError, DecoderConfig, JsonMapping};
pub use decode::{FormatChoice, decode, decode_as};
pub use error::{DecodeError, JsonKind};
pub use event::{
    BridgeStatus, DeviceAvailability, DeviceKey, Format, LinkQuality, Occupancy, Reading,
    SensorEvent,
};
pub use ingest::{
    ACK_DRAIN, ConnectionState, IngestCounts, IngestStats, Ingested, Ingestor, MIN_PACKET_BYTES,
    MqttSettings, MqttSetupError, Password, Receipts,
};
pub use presence::{ChangeCause, Presence, PresencePolicy, PresenceState, StateChange};
pub use topic::{JsonPointer, PatternError, TopicMatch, TopicPattern};
