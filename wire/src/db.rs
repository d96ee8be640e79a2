//! Conversions between the wire types and the database's enums (feature `db`).

use entities::enums::{DeskBookingStatus, Slot as DbSlot};

use crate::model::{BookingStatus, Slot};

impl From<Slot> for DbSlot {
    fn from(slot: Slot) -> Self {
        match slot {
            Slot::Morning => DbSlot::Morning,
            Slot::Afternoon => DbSlot::Afternoon,
            Slot::FullDay => DbSlot::FullDay,
        }
    }
}

impl From<DbSlot> for Slot {
    fn from(slot: DbSlot) -> Self {
        match slot {
            DbSlot::Morning => Slot::Morning,
            DbSlot::Afternoon => Slot::Afternoon,
            DbSlot::FullDay => Slot::FullDay,
        }
    }
}

impl From<DeskBookingStatus> for BookingStatus {
    fn from(status: DeskBookingStatus) -> Self {
        match status {
            DeskBookingStatus::Active => BookingStatus::Active,
            DeskBookingStatus::Cancelled => BookingStatus::Cancelled,
            DeskBookingStatus::Released => BookingStatus::Released,
            DeskBookingStatus::CheckedOut => BookingStatus::CheckedOut,
        }
    }
}
