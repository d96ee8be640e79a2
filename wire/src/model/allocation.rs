//! Desks the service chooses: "find me a desk" (needs and wishes), team booking, and requests
//! for a day's allocation with what each run of it did.

use serde::{Deserialize, Serialize};

use super::{Refusal, Slot};
use crate::i18n::Lang;

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
    /// Short name of the building the floor is in, for addresses ([`super::floor_path`]).
    pub building: String,
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
    /// Short name of the building the floor is in, for addresses ([`super::floor_path`]).
    pub building: Option<String>,
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
    /// Short name of the building the floor is in, for addresses ([`super::floor_path`]).
    pub building: Option<String>,
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
