//! The types that cross the wire between server and browser.
//!
//! They are built by the services from database rows and carry only what a page shows.
//!
//! Every type of the private submodules is named `model::X`; they hold the types by subject:
//! the building and its floor plans (`building`), what sensors say now (`live`), booking a desk
//! (`booking`), a person's own bookings (`my_bookings`), the desks the service chooses
//! (`allocation`), checking in (`check_in`) and what facility management sets up (`facility`).
//! Rooms ([`rooms`]), reports ([`reports`]), the home-zone planner ([`planner`]) and an
//! organisation's units as its administrators run them ([`units`]) are modules of their own.

mod allocation;
mod booking;
mod building;
mod check_in;
mod facility;
mod live;
mod my_bookings;

pub mod blocks_admin;
pub mod building_admin;
pub mod building_import;
pub mod entrance;
pub mod open_data;
pub mod org_import;
pub mod planner;
pub mod policies;
pub mod reports;
pub mod room_now;
pub mod rooms;
pub mod sso;
pub mod units;
pub mod way;

pub use allocation::{
    DayRequest, DayRun, DeskRequestView, FindDesk, FoundDesk, Need, RequestStatus,
    TeamBookingRequest, TeamBookingResult, TeamMember, TeamPlacement,
};
pub use booking::{
    Availability, BookingDays, BookingRequest, DayOutcome, DayResult, DeskAvailability,
    FloorAvailability, Refusal, Slot, Weekday,
};
pub use building::{
    BuildingLink, BuildingView, DeskState, DeskView, Equipment, FloorPlan, FloorSummary, Rect,
    RoomView, ZoneKind, ZoneSummary, ZoneView, building_path, floor_path, percent_encode,
};
pub use check_in::{
    BadgeReaderView, CheckInPlace, CheckedIn, MyDeskToday, PlaceKind, QrCard, QrSheet,
};
pub use facility::{BlockView, LineError, NewBlock, NewSensor, SensorImport, SensorView};
pub use live::{Live, LiveUpdate};
pub use my_bookings::{
    BookingStatus, BookingView, CancelRange, Cancelled, ColleagueToday, MyBookings, MyBookingsPage,
    Notice, NoticeKind,
};
