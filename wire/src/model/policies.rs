//! The building-wide booking policies as building administrators see and set them: the
//! default for every building and each building's own. An organisation's, a unit's or a
//! zone's policy wins over them (the most specific policy applies whole).

use serde::{Deserialize, Serialize};

use super::units::UnitOverflow;

/// A building-wide booking policy: everything a policy says, the check-in and release rules
/// included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BuildingPolicy {
    /// How many days after today people may book (0: today only; at most 365).
    #[cfg_attr(feature = "schema", schema(minimum = 0, maximum = 365))]
    pub max_days_ahead: i32,
    /// Bookings per person and ISO week (at most 14); `null`: no limit.
    #[cfg_attr(feature = "schema", schema(minimum = 0, maximum = 14))]
    #[serde(default)]
    pub max_bookings_per_week: Option<i32>,
    /// Whether mornings and afternoons may be booked on their own.
    pub half_days_allowed: bool,
    /// When desks outside people's home zones open.
    pub overflow: UnitOverflow,
    /// Minutes after a slot starts (the morning: after the working day starts) before a
    /// booking that is not checked in counts as a no-show (at most 240).
    #[cfg_attr(feature = "schema", schema(minimum = 0, maximum = 240))]
    pub checkin_grace_min: i32,
    /// Whether no-shows are released automatically (when the desk's sensor shows it empty).
    pub auto_release: bool,
    /// Whether no-shows at desks without a sensor are released by time alone.
    pub release_without_sensor: bool,
}

/// Where the building-wide policy that applies comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PolicyOrigin {
    /// The building's own policy.
    Building,
    /// The default for every building.
    Default,
    /// Nothing is stored: Platzwahl's built-in policy (14 days ahead, no weekly limit, half
    /// days allowed, home zones only, 30 minutes' grace, no automatic release).
    BuiltIn,
}

/// The building-wide policy of one building, or the default for every building.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct BuildingPolicyView {
    /// The building's short name; `null` for the default of every building.
    pub building: Option<String>,
    /// The building's name; `null` for the default.
    pub name: Option<String>,
    /// The policy stored for exactly this scope; `null`: none.
    pub own: Option<BuildingPolicy>,
    /// What applies in the building where no organisation, unit or zone has a policy of its
    /// own (for the default: what applies where a building has none).
    pub applies: BuildingPolicy,
    /// Where `applies` comes from.
    pub origin: PolicyOrigin,
}

/// The default for every building and each building's policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PoliciesOverview {
    /// The default for every building.
    pub default: BuildingPolicyView,
    /// Each building, in the order they were created.
    pub buildings: Vec<BuildingPolicyView>,
}
