//! Checking in: what a check-in did, the desk or room on its check-in page, the printable QR
//! sheet of a floor, and badge readers.

use serde::{Deserialize, Serialize};

use super::{BookingStatus, Slot};

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
    /// The desk's or room's id.
    pub id: i32,
    /// The way to it from the building's entrance, when the sheet is printed with the ways.
    pub way: Option<super::way::Way>,
}

/// The printable check-in sheet of a floor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QrSheet {
    /// The floor's name.
    pub floor: String,
    /// A card per desk, then per room, in label order.
    pub cards: Vec<QrCard>,
    /// The floor's level.
    pub level: i32,
    /// The floor plan's width, in plan units (for the small drawings of the ways).
    pub plan_width: i32,
    /// The floor plan's height, in plan units.
    pub plan_height: i32,
    /// The floor's zones, drawn under the ways.
    pub zones: Vec<super::way::PlanRect>,
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
