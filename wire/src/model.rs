//! The types that cross the wire between server and browser.
//!
//! They are built by the services from database rows and carry only what a page shows.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

pub mod planner;
pub mod reports;
pub mod rooms;

/// The building with its floors, for the overview page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BuildingView {
    /// Name of the building.
    pub name: String,
    /// Postal address.
    pub address: String,
    /// Floors, lowest first.
    pub floors: Vec<FloorSummary>,
    /// Whether this installation runs in demo mode (made-up data).
    pub demo: bool,
}

/// One floor in the building overview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FloorSummary {
    /// Level number (0 = ground floor).
    pub level: i32,
    /// Name of the floor.
    pub name: String,
    /// Number of desks on the floor.
    pub desks: u32,
    /// Number of rooms on the floor.
    pub rooms: u32,
    /// The zones of the floor.
    pub zones: Vec<ZoneSummary>,
}

/// One zone in the building overview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ZoneSummary {
    /// Name of the zone.
    pub name: String,
    /// What the zone is for.
    pub kind: ZoneKind,
    /// Number of desks in the zone.
    pub desks: u32,
    /// Whether it is a home zone of the viewer's unit.
    pub home: bool,
}

/// What a zone is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ZoneKind {
    /// The shared entrance zone with short first-consultation rooms.
    Entrance,
    /// A protected consultation area.
    Consultation,
    /// An ordinary work zone with desks.
    Work,
    /// A quiet work zone.
    Quiet,
}

impl ZoneKind {
    /// Parses the database value (`entrance`, `consultation`, `work`, `quiet`).
    pub fn parse(value: &str) -> Option<ZoneKind> {
        match value {
            "entrance" => Some(ZoneKind::Entrance),
            "consultation" => Some(ZoneKind::Consultation),
            "work" => Some(ZoneKind::Work),
            "quiet" => Some(ZoneKind::Quiet),
            _ => None,
        }
    }

    /// The CSS class suffix of the kind.
    pub fn css(self) -> &'static str {
        match self {
            ZoneKind::Entrance => "entrance",
            ZoneKind::Consultation => "consultation",
            ZoneKind::Work => "work",
            ZoneKind::Quiet => "quiet",
        }
    }

    /// The kind's name in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        let t = lang.texts();
        match self {
            ZoneKind::Entrance => t.kind_entrance,
            ZoneKind::Consultation => t.kind_consultation,
            ZoneKind::Work => t.kind_work,
            ZoneKind::Quiet => t.kind_quiet,
        }
    }
}

/// A floor with everything its plan shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FloorPlan {
    /// Name of the building.
    pub building: String,
    /// Level number.
    pub level: i32,
    /// Name of the floor.
    pub name: String,
    /// Width of the plan in plan units (the SVG view box).
    pub width: i32,
    /// Height of the plan in plan units.
    pub height: i32,
    /// All levels of the building with their names, for the floor switch.
    pub levels: Vec<(i32, String)>,
    /// Zones of the floor.
    pub zones: Vec<ZoneView>,
    /// Desks of the floor, by label.
    pub desks: Vec<DeskView>,
    /// Rooms of the floor, by label.
    pub rooms: Vec<RoomView>,
}

/// A rectangle on a floor plan, in plan units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rect {
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Width.
    pub width: i32,
    /// Height.
    pub height: i32,
}

/// A zone on a floor plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ZoneView {
    /// Database id.
    pub id: i32,
    /// Name.
    pub name: String,
    /// What the zone is for.
    pub kind: ZoneKind,
    /// Where it is.
    pub rect: Rect,
}

/// A desk on a floor plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeskView {
    /// Database id.
    pub id: i32,
    /// The label on the desk, such as "2.14".
    pub label: String,
    /// Name of its zone.
    pub zone: String,
    /// Where it is (x, y: top-left corner).
    pub rect: Rect,
    /// Rotation in degrees around its centre.
    pub rotation: i32,
    /// Its equipment.
    pub equipment: Equipment,
    /// Whether it can be used.
    pub state: DeskState,
    /// What its occupancy sensor says now; `None` for a desk without a sensor.
    pub live: Option<Live>,
}

/// The equipment of a desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Equipment {
    /// Has a docking station.
    pub docking: bool,
    /// Number of monitors (0 to 2).
    pub monitors: u8,
    /// Height-adjustable.
    pub height_adjustable: bool,
    /// Step-free and wheelchair-usable.
    pub accessible: bool,
}

impl Equipment {
    /// The equipment as a list of words in a language; empty if none.
    pub fn describe(self, lang: Lang) -> Vec<&'static str> {
        let t = lang.texts();
        let mut items = Vec::new();
        if self.docking {
            items.push(t.docking);
        }
        match self.monitors {
            0 => {}
            1 => items.push(t.one_monitor),
            _ => items.push(t.two_monitors),
        }
        if self.height_adjustable {
            items.push(t.height_adjustable);
        }
        if self.accessible {
            items.push(t.accessible);
        }
        items
    }
}

/// Whether a desk can be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeskState {
    /// Free to book.
    Free,
    /// Blocked by facility management.
    Blocked,
}

impl DeskState {
    /// The state's name in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        let t = lang.texts();
        match self {
            DeskState::Free => t.state_free,
            DeskState::Blocked => t.state_blocked,
        }
    }

    /// The CSS class suffix of the state.
    pub fn css(self) -> &'static str {
        match self {
            DeskState::Free => "free",
            DeskState::Blocked => "blocked",
        }
    }
}

/// A room on a floor plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomView {
    /// Database id.
    pub id: i32,
    /// The label on the door.
    pub label: String,
    /// Name.
    pub name: String,
    /// Number of people it seats.
    pub capacity: i32,
    /// A protected consultation room.
    pub protected: bool,
    /// Reachable without steps.
    pub step_free: bool,
    /// Has a hearing loop.
    pub hearing_loop: bool,
    /// Where it is.
    pub rect: Rect,
    /// What its occupancy sensor says now; `None` for a room without a sensor. For a
    /// protected room only taken or free ([`Live::Occupied`] or [`Live::Vacant`]).
    pub live: Option<Live>,
}

/// What an occupancy sensor says about its desk or room now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Live {
    /// Somebody is there now.
    Occupied,
    /// Nobody has been there for a while.
    Vacant,
    /// The sensor is silent or unreachable: nobody knows.
    Unknown,
}

impl Live {
    /// What a protected room shows of this state: taken or free, nothing more.
    pub fn taken_or_free(self) -> Live {
        match self {
            Live::Occupied => Live::Occupied,
            Live::Vacant | Live::Unknown => Live::Vacant,
        }
    }

    /// The state's words in a language; a protected room says taken or free only.
    pub fn label(self, lang: Lang, protected_room: bool) -> &'static str {
        let t = lang.texts();
        match (self, protected_room) {
            (Live::Occupied, true) => t.room_taken,
            (Live::Vacant | Live::Unknown, true) => t.room_free,
            (Live::Occupied, false) => t.live_occupied,
            (Live::Vacant, false) => t.live_vacant,
            (Live::Unknown, false) => t.live_unknown,
        }
    }

    /// The CSS class suffix of the state.
    pub fn css(self) -> &'static str {
        match self {
            Live::Occupied => "occupied",
            Live::Vacant => "vacant",
            Live::Unknown => "unknown",
        }
    }
}

/// The current sensor state of one desk or room, as `GET /api/v1/occupancy` lists it and
/// `GET /api/v1/live` streams its changes: `{"desk": "2.14", "floor": 2, "state": "occupied"}`
/// or `{"room": "0.E01", …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct LiveUpdate {
    /// The desk's label, for a desk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desk: Option<String>,
    /// The room's label, for a room.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,
    /// The floor's level.
    pub floor: i32,
    /// The state now.
    pub state: Live,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equipment_is_described_in_the_persons_language() {
        let equipment = Equipment {
            docking: true,
            monitors: 2,
            height_adjustable: true,
            accessible: false,
        };
        assert_eq!(
            equipment.describe(Lang::De),
            ["Dockingstation", "2 Monitore", "höhenverstellbar"]
        );
        assert_eq!(
            equipment.describe(Lang::En),
            ["docking station", "2 monitors", "height-adjustable"]
        );
    }

    #[test]
    fn a_protected_room_shows_only_taken_or_free_in_both_languages() {
        assert_eq!(Live::Unknown.label(Lang::De, true), "frei");
        assert_eq!(Live::Occupied.label(Lang::En, true), "taken");
        assert_eq!(Live::Unknown.label(Lang::De, false), "Sensor unbekannt");
        assert_eq!(Live::Occupied.label(Lang::En, false), "occupied now");
    }

    #[test]
    fn a_live_update_reads_and_writes_the_stream_json() {
        let update: Result<LiveUpdate, _> =
            serde_json::from_str(r#"{"desk": "2.14", "floor": 2, "state": "occupied"}"#);
        assert_eq!(
            update.ok(),
            Some(LiveUpdate {
                desk: Some("2.14".into()),
                room: None,
                floor: 2,
                state: Live::Occupied,
            })
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Desk bookings

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
}

impl Refusal {
    /// The stable problem kind of the REST API: `in-the-past`, `policy-limit`,
    /// `outside-home-zone`, `already-booked`, `no-booking`, `no-desk-free`, `room-taken` or
    /// `no-suitable-desk`.
    pub fn kind(self) -> &'static str {
        match self {
            Refusal::InThePast => "in-the-past",
            Refusal::TooFarAhead
            | Refusal::HalfDaysNotAllowed
            | Refusal::WeeklyLimit
            | Refusal::Blocked
            | Refusal::RequestsClosed => "policy-limit",
            Refusal::OutsideHomeZone => "outside-home-zone",
            Refusal::DeskTaken | Refusal::PersonHasDesk => "already-booked",
            Refusal::NoBooking => "no-booking",
            Refusal::NoDeskFree => "no-desk-free",
            Refusal::NoSuitableDesk => "no-suitable-desk",
            Refusal::RoomTaken => "room-taken",
            Refusal::NotHere => "not-here",
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

/// Something a person needs at a desk ("find me a desk", team booking).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// A sit-stand desk.
    HeightAdjustable,
    /// A docking station.
    Docking,
    /// Two monitors.
    TwoMonitors,
    /// Step-free and wheelchair-usable; ways to the lift count.
    Accessible,
    /// A desk in a quiet zone.
    Quiet,
}

impl Need {
    /// Every need, in the order forms list them.
    pub const ALL: [Need; 5] = [
        Need::HeightAdjustable,
        Need::Docking,
        Need::TwoMonitors,
        Need::Accessible,
        Need::Quiet,
    ];

    /// The need's code in forms: `height_adjustable`, `docking`, `two_monitors`,
    /// `accessible`, `quiet`.
    pub fn code(self) -> &'static str {
        match self {
            Need::HeightAdjustable => "height_adjustable",
            Need::Docking => "docking",
            Need::TwoMonitors => "two_monitors",
            Need::Accessible => "accessible",
            Need::Quiet => "quiet",
        }
    }

    /// From its code.
    pub fn from_code(code: &str) -> Option<Need> {
        Need::ALL.into_iter().find(|n| n.code() == code)
    }

    /// The need's name in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        let t = lang.texts();
        match self {
            Need::HeightAdjustable => t.height_adjustable,
            Need::Docking => t.docking,
            Need::TwoMonitors => t.two_monitors,
            Need::Accessible => t.accessible,
            Need::Quiet => t.kind_quiet,
        }
    }
}

/// "Find me a desk": one day and slot, what the desk must have, and what would be nice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct FindDesk {
    /// The day.
    pub day: chrono::NaiveDate,
    /// The slot.
    pub slot: Slot,
    /// What the desk must have.
    #[serde(default)]
    pub needs: Vec<Need>,
    /// What the desk should have, if it can.
    #[serde(default)]
    pub wishes: Vec<Need>,
}

/// The desk "find me a desk" booked, and why this one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct FoundDesk {
    /// The new booking.
    pub booking_id: i64,
    /// `desk.id`.
    pub desk_id: i32,
    /// The label on the desk.
    pub desk: String,
    /// Name of its zone.
    pub zone: String,
    /// Its floor.
    pub level: i32,
    /// The day.
    pub day: chrono::NaiveDate,
    /// The slot.
    pub slot: Slot,
    /// Why this desk, in the person's language.
    pub explanation: String,
}

/// A person of one's unit, whom a unit lead may book for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct TeamMember {
    /// `person.id`.
    pub id: i32,
    /// Display name.
    pub name: String,
}

/// A team booking: people of the lead's unit, one day and slot, together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct TeamBookingRequest {
    /// The day.
    pub day: chrono::NaiveDate,
    /// The slot.
    pub slot: Slot,
    /// `person.id` of each member to place (1 to 60, all of the lead's unit).
    pub people: Vec<i32>,
    /// What every desk must have.
    #[serde(default)]
    pub needs: Vec<Need>,
}

/// Where one member of a team booking sits, or why nobody could be placed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct TeamPlacement {
    /// `person.id`.
    pub person_id: i32,
    /// Display name.
    pub name: String,
    /// The new booking, if placed.
    pub booking_id: Option<i64>,
    /// `desk.id`, if placed.
    pub desk_id: Option<i32>,
    /// The desk's label, if placed.
    pub desk: Option<String>,
    /// The desk's zone, if placed.
    pub zone: Option<String>,
    /// The desk's floor, if placed.
    pub level: Option<i32>,
    /// Why not, if not placed.
    pub refusal: Option<Refusal>,
    /// Why this desk, or why none, in the lead's language.
    pub explanation: String,
}

/// The outcome of a team booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct TeamBookingResult {
    /// The day.
    pub day: chrono::NaiveDate,
    /// The slot.
    pub slot: Slot,
    /// One per member asked for.
    pub placements: Vec<TeamPlacement>,
}

/// A request for a desk in a day's allocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct DayRequest {
    /// The day.
    pub day: chrono::NaiveDate,
    /// The slot.
    pub slot: Slot,
    /// What the desk must have.
    #[serde(default)]
    pub needs: Vec<Need>,
    /// What the desk should have, if it can.
    #[serde(default)]
    pub wishes: Vec<Need>,
}

/// What became of a request for a day's allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Waiting for the day's allocation.
    Pending,
    /// Allocated and booked.
    Placed,
    /// No desk could be given.
    Unplaced,
    /// Declined after the allocation.
    Declined,
    /// Withdrawn before the cut-off.
    Withdrawn,
}

impl RequestStatus {
    /// The state's name in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        let t = lang.texts();
        match self {
            RequestStatus::Pending => t.request_pending,
            RequestStatus::Placed => t.request_placed,
            RequestStatus::Unplaced => t.request_unplaced,
            RequestStatus::Declined => t.request_declined,
            RequestStatus::Withdrawn => t.request_withdrawn,
        }
    }
}

/// One's request for a day's allocation, and its result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct DeskRequestView {
    /// `desk_request.id`.
    pub id: i64,
    /// The day.
    pub day: chrono::NaiveDate,
    /// The slot.
    pub slot: Slot,
    /// What the desk must have.
    pub needs: Vec<Need>,
    /// What the desk should have.
    pub wishes: Vec<Need>,
    /// What became of it.
    pub status: RequestStatus,
    /// When requests for the day close and the allocation runs.
    pub closes_at: chrono::DateTime<chrono::Utc>,
    /// The booking made, once placed.
    pub booking_id: Option<i64>,
    /// `desk.id` of the desk given.
    pub desk_id: Option<i32>,
    /// Label of the desk given.
    pub desk: Option<String>,
    /// Zone of the desk given.
    pub zone: Option<String>,
    /// Floor of the desk given.
    pub level: Option<i32>,
    /// Why this desk or why none, in the person's language.
    pub explanation: Option<String>,
}

/// What one run of a day's allocation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct DayRun {
    /// The day.
    pub day: chrono::NaiveDate,
    /// Requests placed and booked.
    pub placed: u32,
    /// Requests that got no desk.
    pub unplaced: u32,
}

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

/// What Platzwahl did with one of the person's bookings or requests, without them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NoticeKind {
    /// A booking nobody checked in to was released.
    Released,
    /// A booking was moved to another desk, its own having been blocked.
    Moved {
        /// The desk it was on.
        from: String,
    },
    /// The day allocation gave the person a desk.
    Placed,
    /// The day allocation found no desk for the person.
    Unplaced,
}

/// One notice: when, what, for which day, and the desk concerned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Notice {
    /// When it happened.
    pub at: chrono::DateTime<chrono::Utc>,
    /// What happened (`kind`, and `from` for a move).
    #[serde(flatten)]
    pub kind: NoticeKind,
    /// The booking's or request's day.
    pub day: chrono::NaiveDate,
    /// Its slot.
    pub slot: Slot,
    /// The desk it is about now (the new desk for a move), if any.
    pub desk: Option<String>,
}

impl Notice {
    /// The notice as a sentence in a language.
    pub fn text(&self, lang: Lang, day: &str) -> String {
        let t = lang.texts();
        let desk = self.desk.clone().unwrap_or_default();
        let slot = self.slot.label(lang);
        match &self.kind {
            NoticeKind::Released => {
                format!("{} {desk}, {day} ({slot}): {}", t.desk, t.notice_released)
            }
            NoticeKind::Moved { from } => {
                format!(
                    "{day} ({slot}): {} {from} → {desk}. {}",
                    t.desk, t.notice_moved
                )
            }
            NoticeKind::Placed => {
                format!("{day} ({slot}): {} {desk} – {}", t.desk, t.notice_placed)
            }
            NoticeKind::Unplaced => format!("{day} ({slot}): {}", t.notice_unplaced),
        }
    }
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

/// The state of a desk booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    /// Holds its desk.
    Active,
    /// Cancelled.
    Cancelled,
    /// Released automatically after a no-show.
    Released,
    /// The person left early and freed the desk.
    CheckedOut,
}

impl BookingStatus {
    /// The state's name in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        let t = lang.texts();
        match self {
            BookingStatus::Active => t.status_active,
            BookingStatus::Cancelled => t.status_cancelled,
            BookingStatus::Released => t.status_released,
            BookingStatus::CheckedOut => t.status_checked_out,
        }
    }
}

/// One of a person's desk bookings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct BookingView {
    /// `desk_booking.id`.
    pub id: i64,
    /// `desk.id`.
    pub desk_id: i32,
    /// The label on the desk.
    pub desk: String,
    /// The floor's level.
    pub level: i32,
    /// Name of the desk's zone.
    pub zone: String,
    /// The day.
    pub day: chrono::NaiveDate,
    /// The slot.
    pub slot: Slot,
    /// Its state.
    pub status: BookingStatus,
    /// Whether the person has checked in (QR code, badge).
    pub checked_in: bool,
}

/// A person's bookings: what is still to come, and what has been.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct MyBookings {
    /// Active bookings whose slot has not ended, soonest first.
    pub upcoming: Vec<BookingView>,
    /// Bookings whose slot has ended, or that were cancelled or released, latest first.
    pub past: Vec<BookingView>,
}

/// A request to cancel all of one's bookings in a date range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct CancelRange {
    /// First day (inclusive).
    pub from: chrono::NaiveDate,
    /// Last day (inclusive).
    pub to: chrono::NaiveDate,
}

/// The bookings a cancellation cancelled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Cancelled {
    /// Ids of the cancelled bookings, by day.
    pub cancelled: Vec<i64>,
}

/// What a check-in did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct CheckedIn {
    /// The desk booking checked in (`desk_booking.id`), for a desk.
    pub booking_id: Option<i64>,
    /// The room reservation checked in (`room_reservation.id`), for a room.
    pub reservation_id: Option<i64>,
    /// The label of the desk or room.
    pub place: String,
    /// The slot of the desk booking.
    pub slot: Option<Slot>,
    /// The desk was free and has just been booked (a walk-in).
    pub booked_now: bool,
    /// The booking had been checked in before; nothing changed.
    pub already: bool,
}

/// Desk or room, as the check-in page names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlaceKind {
    /// A desk.
    Desk,
    /// A room.
    Room,
}

impl PlaceKind {
    /// The path segment of the check-in page: `desk` or `room`.
    pub fn code(self) -> &'static str {
        match self {
            PlaceKind::Desk => "desk",
            PlaceKind::Room => "room",
        }
    }

    /// From a path segment.
    pub fn from_code(code: &str) -> Option<PlaceKind> {
        match code {
            "desk" => Some(PlaceKind::Desk),
            "room" => Some(PlaceKind::Room),
            _ => None,
        }
    }
}

/// A desk or room on its check-in page; `mine` only for a signed-in person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInPlace {
    /// Desk or room.
    pub kind: PlaceKind,
    /// `desk.id` or `room.id`.
    pub id: i32,
    /// Its label.
    pub label: String,
    /// The floor's name.
    pub floor: String,
    /// The zone's name (empty for a room outside zones).
    pub zone: String,
    /// The signed-in person's booking of this desk today, if any.
    pub mine: Option<MyDeskToday>,
}

/// A person's booking of one desk today, as the check-in page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyDeskToday {
    /// `desk_booking.id`.
    pub booking_id: i64,
    /// The slot.
    pub slot: Slot,
    /// Its state.
    pub status: BookingStatus,
    /// Whether it has been checked in.
    pub checked_in: bool,
}

/// One QR code of the printable check-in sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QrCard {
    /// Desk or room.
    pub kind: PlaceKind,
    /// Its label.
    pub label: String,
    /// Zone or room name.
    pub detail: String,
    /// The check-in page the code opens.
    pub url: String,
    /// The code: an SVG image as a `data:` URI.
    pub image: String,
}

/// The printable check-in sheet of a floor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QrSheet {
    /// The floor's name.
    pub floor: String,
    /// A card per desk, then per room, in label order.
    pub cards: Vec<QrCard>,
}

/// A badge reader, as building administrators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct BadgeReaderView {
    /// `badge_reader.id`.
    pub id: i32,
    /// Its code: the last level of its MQTT topic.
    pub code: String,
    /// The desk it is bound to.
    pub desk_id: Option<i32>,
    /// The zone it is bound to.
    pub zone_id: Option<i32>,
    /// The room it is bound to.
    pub room_id: Option<i32>,
    /// Whether it has a valid device token for the REST API.
    pub has_token: bool,
    /// Badges it read that belong to nobody (a count, never the ids).
    pub unknown_badges: u64,
}

/// Where somebody of one's own unit who shares it sits today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ColleagueToday {
    /// Their name.
    pub name: String,
    /// The desk's label.
    pub desk: String,
    /// `desk.id`.
    pub desk_id: i32,
    /// The floor's level.
    pub level: i32,
    /// The slot.
    pub slot: Slot,
}

/// The "my bookings" page: the bookings, and whether a calendar feed is active.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyBookingsPage {
    /// What Platzwahl did with the person's bookings lately.
    pub notices: Vec<Notice>,
    /// Upcoming and past bookings.
    pub bookings: MyBookings,
    /// Whether the person has a calendar feed address.
    pub calendar_feed: bool,
    /// Whether colleagues of the unit may see where the person sits.
    pub share_location: bool,
}
