//! The room types that cross the wire: rooms as people look for them, reservations, series,
//! and the timeline.
//!
//! Times are wall-clock times in the building (its time zone; Europe/Berlin in Wuppertal) on a 15-minute grid: a day and a
//! `from`/`to` time on it. Protected reservations of somebody else carry no name, subject,
//! notes or number of attendees; the types make that visible by leaving those fields `None`.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::Refusal;
use crate::i18n::Lang;

/// Who may see what of a room's reservations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoomPrivacy {
    /// A meeting room: others see who reserved it.
    Standard,
    /// A consultation room: others see only "taken" and the time.
    Protected,
}

impl RoomPrivacy {
    /// The value in forms and query strings.
    pub fn code(self) -> &'static str {
        match self {
            RoomPrivacy::Standard => "standard",
            RoomPrivacy::Protected => "protected",
        }
    }

    /// The form value read back; `None` for anything else (such as "any").
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "standard" => Some(RoomPrivacy::Standard),
            "protected" => Some(RoomPrivacy::Protected),
            _ => None,
        }
    }

    /// The name people read.
    pub fn label(self, lang: Lang) -> &'static str {
        let t = lang.texts();
        match self {
            RoomPrivacy::Standard => t.room_privacy_standard,
            RoomPrivacy::Protected => t.room_privacy_protected,
        }
    }
}

/// A room, with what people choose it by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RoomInfo {
    /// `room.id`.
    pub id: i32,
    /// Its sign, such as `1.B03`.
    pub label: String,
    /// Its name.
    pub name: String,
    /// The name of its building.
    pub building: String,
    /// The floor's level.
    pub level: i32,
    /// The zone it is in, if any.
    pub zone: Option<String>,
    /// Seats.
    pub capacity: i32,
    /// Standard or protected.
    pub privacy: RoomPrivacy,
    /// Reachable without steps.
    pub step_free: bool,
    /// Has a hearing loop.
    pub hearing_loop: bool,
    /// Equipment, such as `bildschirm`, `videokonferenz`.
    pub equipment: Vec<String>,
    /// Minutes before each reservation kept free (preparation).
    pub buffer_before_min: i32,
    /// Minutes after each reservation kept free (cleaning, airing).
    pub buffer_after_min: i32,
    /// The longest reservation it takes, in minutes (its own limit, or the entrance zone's
    /// short slots for a first-consultation room); `None`: no limit.
    #[serde(default)]
    pub max_slot_minutes: Option<i32>,
}

/// What a free room is looked for by (all optional but the time).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "schema", into_params(parameter_in = Query))]
pub struct RoomQuery {
    /// The day (building time).
    pub day: Option<NaiveDate>,
    /// From (on the 15-minute grid).
    #[cfg_attr(feature = "schema", param(value_type = Option<String>, pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?$", example = "09:30"))]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>, pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?$", example = "09:30"))]
    pub from: Option<NaiveTime>,
    /// Until (on the 15-minute grid, after `from`).
    #[cfg_attr(feature = "schema", param(value_type = Option<String>, pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?$", example = "09:30"))]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>, pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?$", example = "09:30"))]
    pub to: Option<NaiveTime>,
    /// At least this many seats (1 or more).
    #[cfg_attr(feature = "schema", param(minimum = 1), schema(minimum = 1))]
    pub capacity: Option<i32>,
    /// On this floor.
    pub level: Option<i32>,
    /// Reachable without steps.
    #[serde(default)]
    pub step_free: bool,
    /// With a hearing loop.
    #[serde(default)]
    pub hearing_loop: bool,
    /// With this equipment (one word, such as `videokonferenz`).
    pub equipment: Option<String>,
    /// Of this privacy class.
    pub privacy: Option<RoomPrivacy>,
}

/// A room matching a search, and whether it is free for the time asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RoomFound {
    /// The room.
    pub room: RoomInfo,
    /// Free for the whole time, buffers included.
    pub free: bool,
    /// Whether the person asking may reserve it (protected rooms: counsellors).
    pub may_reserve: bool,
}

/// How a reservation repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Repeat {
    /// Every this many weeks (1 to 4), on the weekday of the first date.
    pub every_weeks: u32,
    /// The last day a date may fall on.
    pub until: NaiveDate,
}

/// A reservation asked for: one date, or a series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RoomReservationRequest {
    /// `room.id`.
    pub room_id: i32,
    /// The (first) day.
    pub day: NaiveDate,
    /// From, building time, on the 15-minute grid.
    #[cfg_attr(feature = "schema", schema(value_type = String, pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?$", example = "09:30"))]
    pub from: NaiveTime,
    /// Until, building time, on the 15-minute grid, after `from`.
    #[cfg_attr(feature = "schema", schema(value_type = String, pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?$", example = "09:30"))]
    pub to: NaiveTime,
    /// What it is for (seen by the owner only; at most 200 characters).
    #[serde(default)]
    pub subject: Option<String>,
    /// Notes (seen by the owner only; at most 2,000 characters).
    #[serde(default)]
    pub notes: Option<String>,
    /// How many people come (at most the room's capacity).
    #[serde(default)]
    pub attendees: Option<i32>,
    /// Repeat weekly or every n weeks until a day.
    #[serde(default)]
    pub repeat: Option<Repeat>,
    /// A series: reserve no date unless every date is free (otherwise the free dates are
    /// reserved and the clashes reported).
    #[serde(default)]
    pub all_or_nothing: bool,
}

/// What became of one date of a reservation request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum RoomDateResult {
    /// Reserved.
    Reserved {
        /// `room_reservation.id`.
        id: i64,
    },
    /// Refused (taken, in the past).
    Refused {
        /// Why.
        reason: Refusal,
    },
    /// Free, but not reserved: another date clashed and the request was all-or-nothing.
    NotReserved,
}

/// One date of a reservation request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RoomDateOutcome {
    /// The date.
    pub day: NaiveDate,
    /// What became of it.
    pub result: RoomDateResult,
}

/// The answer to a reservation request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RoomReservationResult {
    /// The series the dates belong to, if the request repeated and any date was reserved.
    pub series_id: Option<i32>,
    /// Every date, in order.
    pub dates: Vec<RoomDateOutcome>,
}

impl RoomReservationResult {
    /// How many dates were reserved.
    pub fn reserved(&self) -> usize {
        self.dates
            .iter()
            .filter(|d| matches!(d.result, RoomDateResult::Reserved { .. }))
            .count()
    }
}

/// The state of a reservation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoomReservationState {
    /// Reserved.
    Active,
    /// Cancelled by its owner.
    Cancelled,
    /// Released: nobody checked in and the room's sensor showed it empty.
    Released,
}

/// One of the person's own reservations, with everything they wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RoomReservationView {
    /// `room_reservation.id`.
    pub id: i64,
    /// `room.id`.
    pub room_id: i32,
    /// The room's sign and name.
    pub room: String,
    /// The floor's level.
    pub level: i32,
    /// The day.
    pub day: NaiveDate,
    /// From (building time).
    #[cfg_attr(feature = "schema", schema(value_type = String, pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?$", example = "09:30"))]
    pub from: NaiveTime,
    /// Until (building time).
    #[cfg_attr(feature = "schema", schema(value_type = String, pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?$", example = "09:30"))]
    pub to: NaiveTime,
    /// What it is for.
    pub subject: Option<String>,
    /// Notes.
    pub notes: Option<String>,
    /// How many people come.
    pub attendees: Option<i32>,
    /// Reserved, cancelled or released.
    pub state: RoomReservationState,
    /// The series it belongs to.
    pub series_id: Option<i32>,
    /// Whether somebody checked in.
    pub checked_in: bool,
    /// Whether the room is protected.
    pub protected: bool,
}

/// A change of one's reservation: new times (shorten, extend, move to another day), and the
/// texts. A text left out stays as it was; an empty one is cleared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RoomReservationChange {
    /// The day.
    pub day: NaiveDate,
    /// From.
    #[cfg_attr(feature = "schema", schema(value_type = String, pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?$", example = "09:30"))]
    pub from: NaiveTime,
    /// Until.
    #[cfg_attr(feature = "schema", schema(value_type = String, pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?$", example = "09:30"))]
    pub to: NaiveTime,
    /// What it is for.
    #[serde(default)]
    pub subject: Option<String>,
    /// Notes.
    #[serde(default)]
    pub notes: Option<String>,
    /// How many people come.
    #[serde(default)]
    pub attendees: Option<i32>,
}

/// A room's preparation and cleaning buffers (facility management).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RoomBuffers {
    /// Minutes kept free before each reservation (0 to 60, in steps of 5).
    pub before_min: i32,
    /// Minutes kept free after each reservation (0 to 60, in steps of 5).
    pub after_min: i32,
}

/// One reservation on the timeline, as the viewer may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    /// The day.
    pub day: NaiveDate,
    /// From (building time).
    #[cfg_attr(feature = "schema", schema(value_type = String, pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?$", example = "09:30"))]
    pub from: NaiveTime,
    /// Until (building time).
    #[cfg_attr(feature = "schema", schema(value_type = String, pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?$", example = "09:30"))]
    pub to: NaiveTime,
    /// The viewer's own (or, for a deputy, their counsellor's).
    pub mine: bool,
    /// `room_reservation.id`, for the viewer's own only.
    pub id: Option<i64>,
    /// Who reserved it: meeting rooms only, never a protected room's.
    pub booked_by: Option<String>,
    /// What it is for: the viewer's own only (not a deputy's).
    pub subject: Option<String>,
}

/// A room's row on the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct TimelineRoom {
    /// The room.
    pub room: RoomInfo,
    /// Its reservations in the range, in order.
    pub entries: Vec<TimelineEntry>,
}

/// The rooms' reservations for a day or a week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RoomTimeline {
    /// The days shown.
    pub days: Vec<NaiveDate>,
    /// The rooms, by floor and sign.
    pub rooms: Vec<TimelineRoom>,
}
