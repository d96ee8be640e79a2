//! What facility management sets up: blocks of desks and zones, and the sensor registry with
//! its file import.

use serde::{Deserialize, Serialize};

/// A block of a desk or a zone for some days (repairs, a move, an event).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct NewBlock {
    /// The desk, or
    pub desk_id: Option<i32>,
    /// the zone (exactly one of the two).
    pub zone_id: Option<i32>,
    /// First day blocked.
    pub from_day: chrono::NaiveDate,
    /// Last day blocked (inclusive).
    pub to_day: chrono::NaiveDate,
    /// Why, for people (shown on the plan); 1 to 200 characters.
    pub reason: String,
}

/// A block, and what it did to the bookings in its way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct BlockView {
    /// `block.id`.
    pub id: i32,
    /// The desk blocked, if a desk.
    pub desk_id: Option<i32>,
    /// The zone blocked, if a zone.
    pub zone_id: Option<i32>,
    /// The desk's label or the zone's name.
    pub place: String,
    /// First day blocked.
    pub from_day: chrono::NaiveDate,
    /// Last day blocked.
    pub to_day: chrono::NaiveDate,
    /// Why.
    pub reason: String,
    /// Bookings moved to another desk when the block was made.
    pub moved: u32,
    /// Bookings for which no other desk was free (they stay, on the blocked desk, shown
    /// blocked; the person books another or cancels).
    pub without_desk: u32,
}

/// A sensor to register: its device key, model and format, and the desk or room it watches
/// (by label; exactly one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct NewSensor {
    /// `z2m:<base>/<name>`, `lorawan:<deveui>`, `tts:<app>/<device>`, `ha:<device>` or
    /// `<mapping>:<device>`: the key the decoders give its messages.
    pub device_key: String,
    /// The sensor model ("Aqara FP1E").
    pub model: String,
    /// `zigbee2mqtt`, `ttn_v3`, `chirpstack_v4`, `home_assistant` or `generic`.
    pub protocol: String,
    /// The label of the desk it watches.
    #[serde(default)]
    pub desk: Option<String>,
    /// The label of the room it watches.
    #[serde(default)]
    pub room: Option<String>,
}

/// A registered sensor with what it says now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct SensorView {
    /// `sensor.id`.
    pub id: i32,
    /// Its device key.
    pub device_key: String,
    /// Its model.
    pub model: String,
    /// Its message format.
    pub protocol: String,
    /// The desk it watches, by label.
    pub desk: Option<String>,
    /// The room it watches, by label.
    pub room: Option<String>,
    /// Battery level, if it reports one.
    pub battery_pct: Option<i32>,
    /// When it was last heard from.
    pub last_seen_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// One bad field of a line of an imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct LineError {
    /// The line (1 is the header).
    pub line: u64,
    /// The column.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

/// What an import of sensors did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct SensorImport {
    /// Sensors added.
    pub added: u32,
    /// Sensors already registered whose model, format or place changed.
    pub updated: u32,
    /// Sensors already registered exactly so.
    pub unchanged: u32,
}
