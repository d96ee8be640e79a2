//! Input types: the building, the requests of a day, the bookings that must stay, and the
//! settings of a run.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// Wraps an identifier given by the caller (a database key, a UUID, a code).
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }
    };
}

id_type!(
    /// Identifies a zone ("2-Nord"): a group of desks on one floor that is opened and closed
    /// as a whole.
    ZoneId
);
id_type!(
    /// Identifies a desk.
    DeskId
);
id_type!(
    /// Identifies a person.
    PersonId
);
id_type!(
    /// Identifies one request (one person, one slot of the day).
    RequestId
);
id_type!(
    /// Identifies a team whose members like to sit together.
    TeamId
);
id_type!(
    /// Identifies a building.
    BuildingId
);
id_type!(
    /// Identifies a unit of an organisation (for the home-zone planner).
    UnitId
);
id_type!(
    /// Identifies an organisation (for the home-zone planner).
    OrganisationId
);

/// The part of a day a booking covers. A full day overlaps both halves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Slot {
    /// The morning half.
    Morning,
    /// The afternoon half.
    Afternoon,
    /// Both halves, at one and the same desk.
    FullDay,
}

impl Slot {
    /// The three slots, in the order in which the first pass-by-pass allocation serves them
    /// (before the whole-day count may trade full days for halves): full days first, because
    /// a full day cannot be assembled from two halves left over later.
    pub const PASS_ORDER: [Slot; 3] = [Slot::FullDay, Slot::Morning, Slot::Afternoon];

    /// Whether the two slots share a half of the day.
    pub fn overlaps(self, other: Slot) -> bool {
        self.mask() & other.mask() != 0
    }

    /// Whether this slot covers the morning.
    pub fn has_morning(self) -> bool {
        matches!(self, Slot::Morning | Slot::FullDay)
    }

    /// Whether this slot covers the afternoon.
    pub fn has_afternoon(self) -> bool {
        matches!(self, Slot::Afternoon | Slot::FullDay)
    }

    /// Bit 0: morning, bit 1: afternoon.
    pub(crate) fn mask(self) -> u8 {
        match self {
            Slot::Morning => 1,
            Slot::Afternoon => 2,
            Slot::FullDay => 3,
        }
    }
}

/// In which halves of the day a desk may be used at all: not blocked, not out of order, not
/// already taken by a booking that is not part of this run, not occupied according to live
/// sensors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Availability {
    /// Usable in the morning.
    pub morning: bool,
    /// Usable in the afternoon.
    pub afternoon: bool,
}

impl Availability {
    /// Usable all day.
    pub const ALL_DAY: Availability = Availability {
        morning: true,
        afternoon: true,
    };
    /// Not usable at all.
    pub const NONE: Availability = Availability {
        morning: false,
        afternoon: false,
    };

    /// Bit 0: morning, bit 1: afternoon.
    pub(crate) fn mask(self) -> u8 {
        u8::from(self.morning) | (u8::from(self.afternoon) << 1)
    }
}

impl Default for Availability {
    fn default() -> Self {
        Self::ALL_DAY
    }
}

/// Equipment or a property of a desk, needed or wished for by a person.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Feature {
    /// A sit-stand desk.
    HeightAdjustable,
    /// A docking station for a laptop.
    DockingStation,
    /// Two monitors.
    DualMonitor,
    /// A place by the window.
    Window,
    /// A quiet area.
    Quiet,
    /// Reachable and usable with a wheelchair.
    WheelchairAccessible,
    /// Anything else, with the label shown to people (used as is in both languages).
    Other(String),
}

/// A zone: desks on one floor of one building that are opened, heated, lit and closed
/// together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Zone {
    /// The zone's identifier.
    pub id: ZoneId,
    /// The name people know ("2-Nord").
    pub name: String,
    /// The building the zone is in.
    pub building: BuildingId,
    /// The floor within the building.
    pub floor: i32,
    /// Zones next to this one (the relation is made symmetric by the allocator).
    pub adjacent: Vec<ZoneId>,
    /// Walking distance from the zone to the nearest lift, in metres (at most
    /// [`MAX_LIFT_DISTANCE_M`]).
    pub lift_distance_m: u32,
    /// Whether people of any unit may be placed here when their home zones are full
    /// (if their request allows overflow).
    pub overflow: bool,
}

/// Largest accepted [`Zone::lift_distance_m`].
pub const MAX_LIFT_DISTANCE_M: u32 = 100_000;

/// A desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Desk {
    /// The desk's identifier.
    pub id: DeskId,
    /// The label people see on the desk and the map ("2.14").
    pub label: String,
    /// The zone the desk is in.
    pub zone: ZoneId,
    /// Its equipment and properties.
    pub features: Vec<Feature>,
    /// How sought-after the desk is (0 ordinary; window, quiet corner and the like higher).
    /// Good desks rotate: see [`Request::recent_quality`].
    pub quality: u8,
    /// When the desk can be used at all.
    pub available: Availability,
}

/// A zone a request may use, with its priority: 0 for the first home zone of the person's
/// unit, higher numbers for less preferred home zones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllowedZone {
    /// The zone.
    pub zone: ZoneId,
    /// 0 is best.
    pub priority: u8,
}

/// Soft wishes of a person: each unmet wish costs [`Weights::preference`] per half-day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    /// Favourite desks: one wish, met when the desk is any of them.
    pub desks: Vec<DeskId>,
    /// Favourite zones: one wish, met when the zone is any of them.
    pub zones: Vec<ZoneId>,
    /// Wished-for features: one wish each.
    pub features: Vec<Feature>,
}

/// The language a person reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    /// German.
    #[default]
    De,
    /// English.
    En,
}

/// A request of one person for one slot of the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// The request's identifier.
    pub id: RequestId,
    /// Who asks.
    pub person: PersonId,
    /// The language of the explanation the person reads first.
    pub lang: Lang,
    /// Which part of the day.
    pub slot: Slot,
    /// The home zones of the person's unit, with priorities.
    pub zones: Vec<AllowedZone>,
    /// Whether the person may be placed in an overflow zone ([`Zone::overflow`]) outside the
    /// home zones.
    pub overflow: bool,
    /// Features the desk must have (hard).
    pub needs: Vec<Feature>,
    /// The person has accessibility needs: short ways to the lift count.
    pub accessibility: bool,
    /// Soft wishes.
    pub preferences: Preferences,
    /// The person's team, if any.
    pub team: Option<TeamId>,
    /// Fairness history: the sum of [`Desk::quality`] over the person's recent half-days
    /// (the server decides the window, e.g. four weeks). Values above
    /// [`RECENT_QUALITY_CAP`] count as the cap.
    pub recent_quality: u32,
    /// The desk the person was already told, if any: moving them costs
    /// [`Weights::stability`].
    pub previous: Option<DeskId>,
}

/// Largest [`Request::recent_quality`] that still makes a difference.
pub const RECENT_QUALITY_CAP: u32 = 1_000;

impl Request {
    /// A request with no needs, wishes, team or history, for the given home zones (the first
    /// gets priority 0, the next 1, …).
    pub fn new(
        id: impl Into<String>,
        person: impl Into<String>,
        slot: Slot,
        zones: &[&str],
    ) -> Self {
        Self {
            id: RequestId::new(id),
            person: PersonId::new(person),
            lang: Lang::default(),
            slot,
            zones: zones
                .iter()
                .zip(0u8..)
                .map(|(zone, priority)| AllowedZone {
                    zone: ZoneId::from(*zone),
                    priority,
                })
                .collect(),
            overflow: false,
            needs: Vec::new(),
            accessibility: false,
            preferences: Preferences::default(),
            team: None,
            recent_quality: 0,
            previous: None,
        }
    }
}

/// A booking that must stay as it is (made by hand, confirmed, or checked in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pin {
    /// Whose booking.
    pub person: PersonId,
    /// Their team, so that teammates can be placed next to them.
    pub team: Option<TeamId>,
    /// The desk.
    pub desk: DeskId,
    /// When.
    pub slot: Slot,
}

/// Everything one run looks at: one day of one building (or several).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// All zones.
    pub zones: Vec<Zone>,
    /// All desks.
    pub desks: Vec<Desk>,
    /// Bookings that must stay.
    pub pins: Vec<Pin>,
    /// What is asked for.
    pub requests: Vec<Request>,
}

/// Weights of the soft objectives. Every component is summed over half-days, so a full-day
/// booking counts twice. Each weight is at most [`MAX_WEIGHT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Weights {
    /// Per priority step of the home zone used (0 for the first home zone).
    pub home: u32,
    /// For a desk in an overflow zone instead of a home zone.
    pub overflow: u32,
    /// Per step of distance of a team member from the team's centre zone: same zone 0,
    /// adjacent zone 1, same floor 2, same building 3, elsewhere 4.
    pub team: u32,
    /// Per unmet wish.
    pub preference: u32,
    /// Per unit of desk quality times the person's capped recent quality.
    pub fairness: u32,
    /// Per zone opened only because of this allocation (a zone no pinned booking opens
    /// anyway).
    pub open_zone: u32,
    /// Per metre to the lift, for people with accessibility needs.
    pub access: u32,
    /// For moving a person away from the desk they were already told.
    pub stability: u32,
}

/// Largest accepted weight.
pub const MAX_WEIGHT: u32 = 1_000_000;

impl Default for Weights {
    fn default() -> Self {
        Self {
            home: 10,
            overflow: 40,
            team: 12,
            preference: 8,
            fairness: 1,
            open_zone: 60,
            access: 1,
            stability: 100,
        }
    }
}

/// What "the most requests served" means, the first objective of a day allocation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Policy {
    /// The most requests over the whole day, full days and half days on the same desks (a
    /// full day holds one desk both halves; two halves may share a desk). A full day may
    /// give way to a morning and an afternoon.
    #[default]
    MostServed,
    /// The most full days first, then the most half days the full days leave room for.
    FullDaysFirst,
}

/// Settings of one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    /// The first objective: which requests count most.
    pub policy: Policy,
    /// The weights of the soft objectives.
    pub weights: Weights,
    /// Seed of the deterministic pseudo-random moves of the local search.
    pub seed: u64,
    /// The time budget, as a number of local-search moves tried (not a clock, so that a
    /// given seed always gives the same result). 0 stops at the first feasible allocation
    /// of maximum size.
    pub iterations: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            policy: Policy::default(),
            weights: Weights::default(),
            seed: 0x5eed,
            iterations: 200_000,
        }
    }
}
