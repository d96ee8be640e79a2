//! The string-backed enums of the schema. Each matches a `CHECK (… IN (…))` in the migrations;
//! the string values are the contract.

use sea_orm::entity::prelude::*;

use crate::desk_booking_half::{AFTERNOON, MORNING};

/// The language a person uses Platzwahl in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum Locale {
    /// German.
    #[sea_orm(string_value = "de")]
    De,
    /// English.
    #[sea_orm(string_value = "en")]
    En,
}

/// What a person may do; a person holds any number of roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum Role {
    /// Books desks.
    #[sea_orm(string_value = "employee")]
    Employee,
    /// Reserves protected consultation rooms.
    #[sea_orm(string_value = "counsellor")]
    Counsellor,
    /// Staffs the entrance: asks for a first-consultation room now, for a walk-in.
    #[sea_orm(string_value = "front_desk")]
    FrontDesk,
    /// Leads a unit: books for its people.
    #[sea_orm(string_value = "unit_lead")]
    UnitLead,
    /// Sees occupancy and reports, sets policies.
    #[sea_orm(string_value = "facility_manager")]
    FacilityManager,
    /// Administers their organisation's people and units.
    #[sea_orm(string_value = "org_admin")]
    OrgAdmin,
    /// Administers floors, zones, desks, rooms and sensors.
    #[sea_orm(string_value = "building_admin")]
    BuildingAdmin,
}

/// What a zone is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum ZoneKind {
    /// `entrance`.
    #[sea_orm(string_value = "entrance")]
    Entrance,
    /// `consultation`.
    #[sea_orm(string_value = "consultation")]
    Consultation,
    /// `work`.
    #[sea_orm(string_value = "work")]
    Work,
    /// `quiet`.
    #[sea_orm(string_value = "quiet")]
    Quiet,
}

/// Who may see who reserved a room and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum PrivacyClass {
    /// Everyone with access sees the reservation.
    #[sea_orm(string_value = "standard")]
    Standard,
    /// Others see only that the room is taken.
    #[sea_orm(string_value = "protected")]
    Protected,
}

/// What a policy applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum PolicyScope {
    /// `building`.
    #[sea_orm(string_value = "building")]
    Building,
    /// `organisation`.
    #[sea_orm(string_value = "organisation")]
    Organisation,
    /// `unit`.
    #[sea_orm(string_value = "unit")]
    Unit,
    /// `zone`.
    #[sea_orm(string_value = "zone")]
    Zone,
}

/// When people may book desks outside their home zones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum Overflow {
    /// Never.
    #[sea_orm(string_value = "none")]
    None,
    /// From 14:00 on the day before.
    #[sea_orm(string_value = "day_before_14")]
    DayBefore14,
    /// On the day itself.
    #[sea_orm(string_value = "same_day")]
    SameDay,
}

/// The part of a day a desk booking covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum Slot {
    /// `morning`.
    #[sea_orm(string_value = "morning")]
    Morning,
    /// `afternoon`.
    #[sea_orm(string_value = "afternoon")]
    Afternoon,
    /// `full_day`.
    #[sea_orm(string_value = "full_day")]
    FullDay,
}

/// What became of a request for a day allocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum DeskRequestStatus {
    /// Waiting for the day's allocation.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Allocated and booked.
    #[sea_orm(string_value = "placed")]
    Placed,
    /// No desk could be given.
    #[sea_orm(string_value = "unplaced")]
    Unplaced,
    /// The person declined the desk given (its booking is cancelled).
    #[sea_orm(string_value = "declined")]
    Declined,
    /// The person withdrew it before the cut-off.
    #[sea_orm(string_value = "withdrawn")]
    Withdrawn,
}

/// The state of a desk booking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum DeskBookingStatus {
    /// Holds its desk.
    #[sea_orm(string_value = "active")]
    Active,
    /// Cancelled by the person or an administrator.
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
    /// Released automatically after a no-show.
    #[sea_orm(string_value = "released")]
    Released,
    /// The person left early and freed the desk.
    #[sea_orm(string_value = "checked_out")]
    CheckedOut,
}

/// Where a desk booking came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum BookingSource {
    /// `web`.
    #[sea_orm(string_value = "web")]
    Web,
    /// `api`.
    #[sea_orm(string_value = "api")]
    Api,
    /// `allocator`.
    #[sea_orm(string_value = "allocator")]
    Allocator,
    /// A walk-in, booked when checking in.
    #[sea_orm(string_value = "checkin")]
    Checkin,
}

/// The state of a room reservation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum ReservationStatus {
    /// `active`.
    #[sea_orm(string_value = "active")]
    Active,
    /// `cancelled`.
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
    /// Released automatically after a no-show.
    #[sea_orm(string_value = "released")]
    Released,
}

/// How a sensor reaches Platzwahl.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum SensorProtocol {
    /// `zigbee2mqtt`.
    #[sea_orm(string_value = "zigbee2mqtt")]
    Zigbee2mqtt,
    /// The Things Stack v3.
    #[sea_orm(string_value = "ttn_v3")]
    TtnV3,
    /// `chirpstack_v4`.
    #[sea_orm(string_value = "chirpstack_v4")]
    ChirpstackV4,
    /// `home_assistant`.
    #[sea_orm(string_value = "home_assistant")]
    HomeAssistant,
    /// A configured JSON mapping.
    #[sea_orm(string_value = "generic")]
    Generic,
}

/// What a sensor says about its desk or room.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum Presence {
    /// `occupied`.
    #[sea_orm(string_value = "occupied")]
    Occupied,
    /// `vacant`.
    #[sea_orm(string_value = "vacant")]
    Vacant,
    /// No usable message yet, or the sensor went quiet.
    #[sea_orm(string_value = "unknown")]
    Unknown,
}

/// How a person checked in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum CheckInMethod {
    /// `qr`.
    #[sea_orm(string_value = "qr")]
    Qr,
    /// `badge`.
    #[sea_orm(string_value = "badge")]
    Badge,
    /// `passkey`.
    #[sea_orm(string_value = "passkey")]
    Passkey,
    /// `kiosk`.
    #[sea_orm(string_value = "kiosk")]
    Kiosk,
}

/// What an API token is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum ApiTokenKind {
    /// A person's own API access.
    #[sea_orm(string_value = "personal")]
    Personal,
    /// A badge reader or kiosk; has no person.
    #[sea_orm(string_value = "device")]
    Device,
    /// A person's calendar feed.
    #[sea_orm(string_value = "ical")]
    Ical,
}

impl Slot {
    /// The `desk_booking_half.half` values this slot claims.
    pub fn halves(self) -> &'static [i16] {
        match self {
            Self::Morning => &[MORNING],
            Self::Afternoon => &[AFTERNOON],
            Self::FullDay => &[MORNING, AFTERNOON],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_day_claims_both_halves_and_a_half_day_one() {
        assert_eq!(Slot::FullDay.halves(), &[0, 1]);
        assert_eq!(Slot::Morning.halves(), &[0]);
        assert_eq!(Slot::Afternoon.halves(), &[1]);
    }

    #[test]
    fn enum_values_are_the_strings_of_the_schema() {
        assert_eq!(Overflow::DayBefore14.to_value(), "day_before_14");
        assert_eq!(SensorProtocol::TtnV3.to_value(), "ttn_v3");
        assert_eq!(Role::FacilityManager.to_value(), "facility_manager");
    }
}

/// Where a stored home-zone plan stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum ZonePlanStatus {
    /// `proposed`: waiting for its day and the organisations' consent.
    #[sea_orm(string_value = "proposed")]
    Proposed,
    /// `applied`: the home zones were changed.
    #[sea_orm(string_value = "applied")]
    Applied,
    /// `withdrawn`: never applied.
    #[sea_orm(string_value = "withdrawn")]
    Withdrawn,
}
