//! Booking a desk: the slot, the request and its days, what became of each day and why a day
//! was refused, and which desks of a floor are free on a day.

use serde::{Deserialize, Serialize};

use super::Equipment;
use crate::i18n::Lang;

/// The part of a day a desk booking covers, in the building's time zone: the morning ends and
/// the afternoon starts at noon; a full day covers both halves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Slot {
    /// From midnight to noon.
    Morning,
    /// From noon to midnight.
    Afternoon,
    /// Both halves.
    FullDay,
}

impl Slot {
    /// Whether this slot and `other` share a half-day (a full day overlaps both halves).
    pub fn overlaps(self, other: Slot) -> bool {
        self == other || self == Slot::FullDay || other == Slot::FullDay
    }

    /// The slot's code in addresses and forms: `morning`, `afternoon`, `full_day`.
    pub fn code(self) -> &'static str {
        match self {
            Slot::Morning => "morning",
            Slot::Afternoon => "afternoon",
            Slot::FullDay => "full_day",
        }
    }

    /// From its code.
    pub fn from_code(code: &str) -> Option<Slot> {
        [Slot::Morning, Slot::Afternoon, Slot::FullDay]
            .into_iter()
            .find(|slot| slot.code() == code)
    }

    /// The slot's name in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        let t = lang.texts();
        match self {
            Slot::Morning => t.slot_morning,
            Slot::Afternoon => t.slot_afternoon,
            Slot::FullDay => t.slot_full_day,
        }
    }
}

/// Why a booking of one day was refused. The serialized names are stable; [`Refusal::kind`]
/// groups them into the problem types of the REST API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Refusal {
    /// The slot has already ended.
    InThePast,
    /// The day is further ahead than the policy allows.
    TooFarAhead,
    /// The desk is outside the unit's home zones and the overflow policy does not open it (yet).
    OutsideHomeZone,
    /// Only full days may be booked here.
    HalfDaysNotAllowed,
    /// The person already has as many bookings in that week as the policy allows.
    WeeklyLimit,
    /// The desk, its zone or the building is blocked on that day.
    Blocked,
    /// Somebody else has the desk in that slot.
    DeskTaken,
    /// The person already has a desk in that slot.
    PersonHasDesk,
    /// Check-in: the person has no booking here now.
    NoBooking,
    /// "Find me a desk", team booking: every desk that would suit is taken.
    NoDeskFree,
    /// "Find me a desk", team booking: no desk open to the person has what they need.
    NoSuitableDesk,
    /// Day allocation: requests for that day have closed.
    RequestsClosed,
    /// Room reservation: the room (or its buffer) is taken for part of that time.
    RoomTaken,
    /// Check-in by QR code or passkey: nothing shows the person is here (no sensor sees anyone
    /// at the place, and the request does not come from the building's network).
    NotHere,
    /// "A room now": longer than the longest slot of every room that could be given
    /// (first-consultation rooms of the entrance zone take short slots).
    SlotTooLong,
    /// Room reservation: longer than the room's longest slot (first-consultation rooms of the
    /// entrance zone take short slots).
    SlotLimit {
        /// The room's longest slot, in minutes.
        minutes: i32,
    },
    /// Entrance zone: the person's organisation is not admitted to it by the building
    /// administrator.
    NotAdmitted,
}

impl Refusal {
    /// The stable problem kind of the REST API: `in-the-past`, `policy-limit`,
    /// `outside-home-zone`, `already-booked`, `no-booking`, `no-desk-free`, `room-taken`,
    /// `no-suitable-desk`, `not-here` or `not-admitted`.
    pub fn kind(self) -> &'static str {
        match self {
            Refusal::InThePast => "in-the-past",
            Refusal::TooFarAhead
            | Refusal::HalfDaysNotAllowed
            | Refusal::WeeklyLimit
            | Refusal::Blocked
            | Refusal::RequestsClosed
            | Refusal::SlotTooLong
            | Refusal::SlotLimit { .. } => "policy-limit",
            Refusal::OutsideHomeZone => "outside-home-zone",
            Refusal::DeskTaken | Refusal::PersonHasDesk => "already-booked",
            Refusal::NoBooking => "no-booking",
            Refusal::NoDeskFree => "no-desk-free",
            Refusal::NoSuitableDesk => "no-suitable-desk",
            Refusal::RoomTaken => "room-taken",
            Refusal::NotHere => "not-here",
            Refusal::NotAdmitted => "not-admitted",
        }
    }

    /// What happened, for the person, in their language.
    pub fn message(self, lang: Lang) -> &'static str {
        let t = lang.texts();
        match self {
            Refusal::InThePast => t.refused_in_the_past,
            Refusal::TooFarAhead => t.refused_too_far_ahead,
            Refusal::OutsideHomeZone => t.refused_outside_home_zone,
            Refusal::HalfDaysNotAllowed => t.refused_half_days_not_allowed,
            Refusal::WeeklyLimit => t.refused_weekly_limit,
            Refusal::Blocked => t.refused_blocked,
            Refusal::DeskTaken => t.refused_desk_taken,
            Refusal::PersonHasDesk => t.refused_person_has_desk,
            Refusal::NoBooking => t.refused_no_booking,
            Refusal::NoDeskFree => t.refused_no_desk_free,
            Refusal::NoSuitableDesk => t.refused_no_suitable_desk,
            Refusal::RequestsClosed => t.refused_requests_closed,
            Refusal::RoomTaken => t.refused_room_taken,
            Refusal::NotHere => t.refused_not_here,
            Refusal::SlotTooLong | Refusal::SlotLimit { .. } => t.refused_slot_too_long,
            Refusal::NotAdmitted => t.refused_not_admitted,
        }
    }

    /// What happened, for the person, in their language, with the numbers that explain it
    /// (the longest slot of a room): the problem document's `detail`.
    pub fn detail(self, lang: Lang) -> String {
        match self {
            Refusal::SlotLimit { minutes } => lang
                .texts()
                .refused_slot_limit
                .replace("{minutes}", &minutes.to_string()),
            other => other.message(lang).to_owned(),
        }
    }
}

/// What became of one day of a booking request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct DayOutcome {
    /// The day (in the building's time zone).
    pub day: chrono::NaiveDate,
    /// Booked or refused.
    pub result: DayResult,
}

/// Booked, or refused with a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum DayResult {
    /// The desk is booked.
    Booked {
        /// The new booking.
        booking_id: i64,
    },
    /// Not booked.
    Refused {
        /// Why.
        reason: Refusal,
    },
}

/// A day of the week, for weekly booking patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

impl From<Weekday> for chrono::Weekday {
    fn from(day: Weekday) -> Self {
        match day {
            Weekday::Mon => chrono::Weekday::Mon,
            Weekday::Tue => chrono::Weekday::Tue,
            Weekday::Wed => chrono::Weekday::Wed,
            Weekday::Thu => chrono::Weekday::Thu,
            Weekday::Fri => chrono::Weekday::Fri,
            Weekday::Sat => chrono::Weekday::Sat,
            Weekday::Sun => chrono::Weekday::Sun,
        }
    }
}

/// Which days a booking request asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BookingDays {
    /// The listed days (one or more).
    Days {
        /// The days; duplicates are booked once.
        days: Vec<chrono::NaiveDate>,
    },
    /// Every listed weekday from `from` on, for `weeks` weeks (`from` counts as the first day).
    Pattern {
        /// The first day of the pattern.
        from: chrono::NaiveDate,
        /// The weekdays to book.
        weekdays: Vec<Weekday>,
        /// How many weeks (1 to 26).
        weeks: u32,
    },
}

/// A request to book one desk for one or more days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct BookingRequest {
    /// `desk.id`.
    pub desk_id: i32,
    /// The slot, the same on every day.
    pub slot: Slot,
    /// The days.
    pub days: BookingDays,
}

/// Whether a desk can be booked by the person looking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    /// Free to book.
    Free,
    /// Booked by somebody else (who is not shown).
    Booked,
    /// Booked by the person looking.
    Mine,
    /// Blocked by facility management.
    Blocked,
}

impl Availability {
    /// The state's name in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        let t = lang.texts();
        match self {
            Availability::Free => t.state_free,
            Availability::Booked => t.state_booked,
            Availability::Mine => t.state_mine,
            Availability::Blocked => t.state_blocked,
        }
    }

    /// The CSS class suffix of the state.
    pub fn css(self) -> &'static str {
        match self {
            Availability::Free => "free",
            Availability::Booked => "booked",
            Availability::Mine => "mine",
            Availability::Blocked => "blocked",
        }
    }
}

/// One desk of a floor on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct DeskAvailability {
    /// `desk.id`.
    pub id: i32,
    /// The label on the desk.
    pub label: String,
    /// `zone.id` of its zone.
    pub zone_id: i32,
    /// Name of its zone.
    pub zone: String,
    /// Whether the zone is a home zone of the person's unit.
    pub home_zone: bool,
    /// Its equipment.
    pub equipment: Equipment,
    /// The state for the slot asked for (the busiest of its halves).
    pub state: Availability,
    /// The state of the morning.
    pub morning: Availability,
    /// The state of the afternoon.
    pub afternoon: Availability,
    /// The viewer's own booking of the desk in the slot asked for, when `state` is `mine`.
    pub booking_id: Option<i64>,
}

/// The desks of one floor on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct FloorAvailability {
    /// The floor's level.
    pub level: i32,
    /// The day.
    pub day: chrono::NaiveDate,
    /// The slot [`DeskAvailability::state`] refers to.
    pub slot: Slot,
    /// The desks, by id.
    pub desks: Vec<DeskAvailability>,
}
