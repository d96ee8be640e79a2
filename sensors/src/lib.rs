//! Occupancy sensors for Platzwahl: MQTT payload decoders, presence debouncing and a typed
//! event stream. The crate knows nothing of the web app or the database; the server wires it.
//!
//! # Flow
//!
//! 1. An MQTT message (topic and payload bytes) goes to [`decode`], which picks the format by
//!    topic and returns a typed [`SensorEvent`] or a [`DecodeError`] saying why not.
//!
//! Decoding is pure: its inputs are arguments.
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
//! | `value` | lenient reading of messy values |

#![warn(missing_docs)]

mod chirpstack;
mod config;
mod decode;
mod error;
mod event;
mod home_assistant;
mod lorawan;
mod mapping;
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
pub use topic::{JsonPointer, PatternError, TopicMatch, TopicPattern};
