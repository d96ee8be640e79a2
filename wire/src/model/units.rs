//! An organisation's units as its administrators see and change them: the units with their
//! people count, home zones and policy, the zones the organisation has been given, and the
//! deputies of its counsellors.

use serde::{Deserialize, Serialize};

/// A zone a unit calls home, in order of preference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct UnitHomeZone {
    /// `zone.id`.
    pub id: i32,
    /// Its name ("Zone 2A").
    pub name: String,
    /// The level of its floor.
    pub level: i32,
    /// 1 is the first choice.
    pub priority: i32,
}

/// A zone the building administrators have given the organisation: one its units may have as
/// a home zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct GivenZone {
    /// `zone.id`.
    pub id: i32,
    /// Its name.
    pub name: String,
    /// The level of its floor.
    pub level: i32,
}

/// When people of a unit may book desks outside their home zones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnitOverflow {
    /// Never.
    None,
    /// From 14:00 on the day before.
    #[serde(rename = "day_before_14")]
    DayBefore14,
    /// On the day itself.
    SameDay,
}

impl UnitOverflow {
    /// Every choice, in the order a form lists them.
    pub const ALL: [UnitOverflow; 3] = [
        UnitOverflow::None,
        UnitOverflow::DayBefore14,
        UnitOverflow::SameDay,
    ];

    /// The code used on the wire and in forms.
    pub fn code(self) -> &'static str {
        match self {
            UnitOverflow::None => "none",
            UnitOverflow::DayBefore14 => "day_before_14",
            UnitOverflow::SameDay => "same_day",
        }
    }

    /// Parses [`UnitOverflow::code`].
    pub fn from_code(code: &str) -> Option<UnitOverflow> {
        UnitOverflow::ALL.into_iter().find(|o| o.code() == code)
    }
}

/// A unit's own booking policy: what its people may book. Where a unit has none, the
/// organisation's (or the building's) applies; a zone's policy wins over the unit's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UnitPolicy {
    /// How many days after today people may book (0: today only; at most 365).
    #[cfg_attr(feature = "schema", schema(minimum = 0, maximum = 365))]
    pub max_days_ahead: i32,
    /// Bookings per person and ISO week (at most 14); `null`: no limit.
    #[cfg_attr(feature = "schema", schema(minimum = 0, maximum = 14))]
    #[serde(default)]
    pub max_bookings_per_week: Option<i32>,
    /// Whether mornings and afternoons may be booked on their own.
    pub half_days_allowed: bool,
    /// When desks outside the unit's home zones open.
    pub overflow: UnitOverflow,
}

/// A unit as its organisation's administrators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct AdminUnit {
    /// `unit.id`.
    pub id: i32,
    /// URL-safe short name, unique across organisations.
    pub slug: String,
    /// Its name.
    pub name: String,
    /// People in it (active or not; erased people are not counted).
    pub people: u32,
    /// Its home zones, first choice first.
    pub home_zones: Vec<UnitHomeZone>,
    /// Its own policy; `null`: the organisation's or the building's applies.
    pub policy: Option<UnitPolicy>,
    /// Merged into another unit or closed: no people, no home zones, offered nowhere.
    pub closed: bool,
}

/// A person as the deputies form names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PersonRef {
    /// `person.id`.
    pub id: i32,
    /// Display name.
    pub display_name: String,
}

/// A counsellor and their deputies, who may act on the counsellor's consultation
/// reservations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct CounsellorDeputies {
    /// The counsellor.
    pub counsellor: PersonRef,
    /// Their deputies, by name.
    pub deputies: Vec<PersonRef>,
}

/// Everything the units page of an organisation shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct UnitsOverview {
    /// The organisation's units, open ones first, by name.
    pub units: Vec<AdminUnit>,
    /// The zones given to the organisation: the only ones its units may call home.
    pub zones: Vec<GivenZone>,
    /// The organisation's active counsellors with their deputies, by name.
    pub counsellors: Vec<CounsellorDeputies>,
}

/// A new unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewUnit {
    /// URL-safe short name: lower-case letters, digits and `-`, 1–60 characters, unique.
    #[cfg_attr(
        feature = "schema",
        schema(
            pattern = r"^[a-z0-9][a-z0-9-]{0,59}$",
            min_length = 1,
            max_length = 60
        )
    )]
    pub slug: String,
    /// Its name (1–120 characters).
    #[cfg_attr(feature = "schema", schema(min_length = 1, max_length = 120))]
    pub name: String,
}

/// A unit's new name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RenameUnit {
    /// Its name (1–120 characters).
    #[cfg_attr(feature = "schema", schema(min_length = 1, max_length = 120))]
    pub name: String,
}

/// Which unit a unit is merged into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MergeUnit {
    /// `unit.id` of the unit that takes the people and home zones.
    #[cfg_attr(feature = "schema", schema(minimum = 1))]
    pub into: i32,
}

/// What merging did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Merged {
    /// The unit that took the people and home zones, as it is now.
    pub unit: AdminUnit,
    /// People moved.
    pub people_moved: u32,
    /// Home zones added (those the unit did not have already).
    pub zones_added: u32,
}

/// A unit's home zones, first choice first (at most 50; each given to the organisation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetHomeZones {
    /// `zone.id`s in order of preference; empty: no home zone.
    #[cfg_attr(feature = "schema", schema(max_items = 50))]
    pub zones: Vec<i32>,
}

/// A counsellor's deputies, replacing those they had (at most 20).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetDeputies {
    /// `person.id`s of counsellors of the same organisation; empty: no deputy.
    #[cfg_attr(feature = "schema", schema(max_items = 20))]
    pub deputies: Vec<i32>,
}
