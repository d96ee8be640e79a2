//! A person's own bookings: their state, the upcoming and past ones, cancelling a range, the
//! notices of what Platzwahl did with them, colleagues' desks today and the "my bookings" page.

use serde::{Deserialize, Serialize};

use super::Slot;
use crate::i18n::Lang;

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
    /// Short name of the building the floor is in, for addresses ([`super::floor_path`]).
    pub building: String,
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
    /// The desk or room was removed by the building administrators and the booking or
    /// reservation cancelled.
    Removed {
        /// The desk or room it was in.
        from: String,
    },
    /// The room was removed by the building administrators and the reservation moved to
    /// another room of its kind, free at the same time.
    RoomMoved {
        /// The room it was in.
        from: String,
        /// The room it is in now.
        to: String,
    },
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
            NoticeKind::Removed { from } => format!("{day} ({slot}): {from}. {}", t.notice_removed),
            NoticeKind::RoomMoved { from, to } => {
                format!("{day} ({slot}): {from} → {to}. {}", t.notice_room_moved)
            }
        }
    }
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
    /// Short name of the building the floor is in, for addresses ([`super::floor_path`]).
    pub building: String,
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
