//! "A room now" for the front desk: the next free first-consultation room of the entrance
//! zone, reserved at once for a walk-in. The reservation is the front-desk person's own; it
//! carries no subject, notes or attendees, and nothing here names a citizen.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use super::way::Way;

/// The shortest walk-in, in minutes.
pub const MIN_MINUTES: u32 = 15;
/// The longest walk-in, in minutes (the entrance zone's longest slot).
pub const MAX_MINUTES: u32 = 30;

/// `POST /api/v1/rooms/now`: a room from now for `minutes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RoomNowRequest {
    /// How long, in minutes: 15 to 30 (the entrance zone's slots). The reservation runs from
    /// the current quarter of an hour to the quarter that covers the end.
    #[cfg_attr(feature = "schema", schema(minimum = 15, maximum = 30, example = 20))]
    pub minutes: u32,
    /// The building's short name (slug); default: the caller's home building.
    #[serde(default)]
    pub building: Option<String>,
}

/// The room given to a walk-in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RoomNow {
    /// The reservation (the caller's own; cancel it with `DELETE /api/v1/room-reservations/{id}`).
    pub reservation_id: i64,
    /// `room.id`.
    pub room_id: i32,
    /// The room's sign, such as `0.E01`.
    pub label: String,
    /// The room's name.
    pub name: String,
    /// The building's name.
    pub building: String,
    /// The floor's level.
    pub level: i32,
    /// The day, in the building's time zone.
    pub day: NaiveDate,
    /// From (wall-clock time in the building).
    #[cfg_attr(feature = "schema", schema(value_type = String, pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?$", example = "09:30"))]
    pub from: NaiveTime,
    /// To (wall-clock time in the building).
    #[cfg_attr(feature = "schema", schema(value_type = String, pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?$", example = "09:45"))]
    pub to: NaiveTime,
    /// The way from the building's entrance to the room, where one is known.
    pub way: Option<Way>,
}

/// When all first-consultation rooms are taken: the earliest time one is free for the whole
/// length asked for (part of the 409 problem document).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct EarliestFree {
    /// `room.id` of the room free first.
    pub room_id: i32,
    /// Its sign.
    pub label: String,
    /// Its name.
    pub name: String,
    /// Its floor's level.
    pub level: i32,
    /// The instant it is free from.
    pub at: DateTime<Utc>,
    /// The day, in the building's time zone.
    pub day: NaiveDate,
    /// The wall-clock time in the building.
    #[cfg_attr(feature = "schema", schema(value_type = String, pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?$", example = "10:15"))]
    pub from: NaiveTime,
}
