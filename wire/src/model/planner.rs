//! The home-zone planner's proposal as it crosses the wire: per unit its home zones today and
//! as proposed, with the figures behind them. Aggregated per unit; figures of units with
//! fewer people than the minimum group size are left out.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Which measured days the proposal rests on, and how much of a unit's days its zones should
/// hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "schema", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct PlannerQuery {
    /// The first measured day.
    pub from: NaiveDate,
    /// The last measured day (inclusive).
    pub to: NaiveDate,
    /// The percentile of a unit's working days its zones should hold (1–100, default 80:
    /// four days in five).
    #[serde(default)]
    pub percentile: Option<u8>,
    /// Weight of a day with too few desks (0–1000, default 20).
    #[serde(default)]
    pub w_overflow: Option<u32>,
    /// Weight of a desk missing to the percentile demand (0–1000, default 30).
    #[serde(default)]
    pub w_shortfall: Option<u32>,
    /// Weight of units that work together sitting apart, per step and affinity weight
    /// (0–1000, default 5).
    #[serde(default)]
    pub w_together: Option<u32>,
    /// Weight of a zone apart from the rest of its unit's (0–1000, default 40).
    #[serde(default)]
    pub w_apart: Option<u32>,
    /// Weight of a unit that moves (0–1000, default 60).
    #[serde(default)]
    pub w_moved: Option<u32>,
}

/// The weights a proposal was computed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PlannerWeights {
    /// A day with too few desks.
    pub overflow: u32,
    /// A desk missing to the percentile demand.
    pub shortfall: u32,
    /// Units that work together sitting apart (per step and affinity weight).
    pub together: u32,
    /// A zone apart from the rest of its unit's.
    pub apart: u32,
    /// A unit that moves.
    pub moved: u32,
}

/// A zone named in a proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PlannedZone {
    /// The zone.
    pub id: i32,
    /// Its name ("Zone 2A").
    pub name: String,
    /// The level of its floor.
    pub level: i32,
}

/// One unit: its home zones today and as proposed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct UnitPlan {
    /// The unit.
    pub unit_id: i32,
    /// Its name.
    pub unit: String,
    /// Its organisation's name.
    pub organisation: String,
    /// Home zones today.
    pub today: Vec<PlannedZone>,
    /// Home zones as proposed.
    pub proposed: Vec<PlannedZone>,
    /// Desks in today's home zones.
    pub desks_today: u32,
    /// Desks in the proposed home zones.
    pub desks_proposed: u32,
    /// Desks the unit used on the chosen percentile of its working days; `None` when the
    /// unit has fewer people than the minimum group size.
    pub demand: Option<u32>,
    /// Working days on which it needed more desks than today's home zones hold (`None` as
    /// for `demand`).
    pub overflow_days_today: Option<u32>,
    /// The same with the proposed home zones (`None` as for `demand`).
    pub overflow_days_proposed: Option<u32>,
    /// Whether its home zones would change.
    pub moved: bool,
}

/// The planner's proposal for the whole building beside today's home zones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PlannerView {
    /// The first measured day.
    pub from: NaiveDate,
    /// The last measured day.
    pub to: NaiveDate,
    /// The percentile used.
    pub percentile: u8,
    /// The weights used.
    pub weights: PlannerWeights,
    /// Working days measured.
    pub working_days: u32,
    /// The minimum group size below which a unit's figures are left out.
    pub min_group: u32,
    /// Every unit.
    pub units: Vec<UnitPlan>,
    /// Expected overflow days today, summed over the units whose figures are shown.
    pub overflow_days_today: u32,
    /// The same with the proposal.
    pub overflow_days_proposed: u32,
    /// Units whose home zones would change.
    pub units_moved: u32,
    /// The planner's cost of today's home zones (lower is better).
    pub cost_today: i64,
    /// The planner's cost of the proposal.
    pub cost_proposed: i64,
}

/// Two units that work together and should sit close.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Affinity {
    /// One unit (the smaller id).
    pub unit_a: i32,
    /// Its name.
    pub unit_a_name: String,
    /// The other unit.
    pub unit_b: i32,
    /// Its name.
    pub unit_b_name: String,
    /// How much it matters: 1 (a little) to 10 (a lot).
    pub weight: u8,
}

/// Sets how much two units should sit close: 1 (a little) to 10 (a lot), 0 to remove.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetAffinity {
    /// One unit.
    pub unit_a: i32,
    /// The other unit (in either order).
    pub unit_b: i32,
    /// 0 to 10; 0 removes the pair.
    pub weight: u8,
}
