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
    /// Its active people; `None` when fewer than the minimum group size.
    pub people: Option<u32>,
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
    /// Each floor with its zones, who holds them today and who would hold them: the proposal
    /// drawn on the floor plans.
    pub floors: Vec<PlanFloor>,
}

/// A floor of the building as the planner page draws it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PlanFloor {
    /// Its level.
    pub level: i32,
    /// Its name.
    pub name: String,
    /// Width of its plan, in plan units.
    pub width: i32,
    /// Height of its plan.
    pub height: i32,
    /// Its zones.
    pub zones: Vec<PlanZoneShape>,
}

/// A zone on a floor plan, with the units that hold it today and as proposed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PlanZoneShape {
    /// The zone.
    pub id: i32,
    /// Its name.
    pub name: String,
    /// `work`, `quiet`, `entrance` or `consultation`.
    pub kind: String,
    /// Left edge on the plan.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Width.
    pub width: i32,
    /// Height.
    pub height: i32,
    /// Desks that are not blocked.
    pub desks: u32,
    /// The units that have it as a home zone today.
    pub today: Vec<String>,
    /// The units that would have it.
    pub proposed: Vec<String>,
}

/// An organisation, by id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct OrganisationRef {
    /// `organisation.id`.
    pub id: i32,
    /// Its name.
    pub name: String,
}

/// A zone and the organisations the building administrators have given it to: their units'
/// home zones come from these, and the planner moves it only between their units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct GrantedZone {
    /// The zone.
    pub zone: PlannedZone,
    /// `work`, `quiet`, `entrance` or `consultation`.
    pub kind: String,
    /// The organisations it is given to.
    pub organisations: Vec<OrganisationRef>,
}

/// Gives a zone to an organisation, or takes it back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetZoneGrant {
    /// The zone.
    pub zone: i32,
    /// The organisation.
    pub organisation: i32,
    /// `true` gives it, `false` takes it back (refused while a unit of the organisation has
    /// it as a home zone).
    pub granted: bool,
}

/// Keeps today's proposal (computed from `from`–`to` as [`PlannerQuery`] says) to be applied
/// from `effective_from` on, once every organisation whose units it moves has consented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewPlan {
    /// The first day the new home zones hold (today or later, within a year).
    pub effective_from: NaiveDate,
    /// The first measured day.
    pub from: NaiveDate,
    /// The last measured day (inclusive).
    pub to: NaiveDate,
    /// As in [`PlannerQuery`].
    #[serde(default)]
    pub percentile: Option<u8>,
    /// As in [`PlannerQuery`].
    #[serde(default)]
    pub w_overflow: Option<u32>,
    /// As in [`PlannerQuery`].
    #[serde(default)]
    pub w_shortfall: Option<u32>,
    /// As in [`PlannerQuery`].
    #[serde(default)]
    pub w_together: Option<u32>,
    /// As in [`PlannerQuery`].
    #[serde(default)]
    pub w_apart: Option<u32>,
    /// As in [`PlannerQuery`].
    #[serde(default)]
    pub w_moved: Option<u32>,
}

impl NewPlan {
    /// The query of the proposal it keeps.
    pub fn query(&self) -> PlannerQuery {
        PlannerQuery {
            from: self.from,
            to: self.to,
            percentile: self.percentile,
            w_overflow: self.w_overflow,
            w_shortfall: self.w_shortfall,
            w_together: self.w_together,
            w_apart: self.w_apart,
            w_moved: self.w_moved,
        }
    }
}

/// A unit a stored plan moves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PlanMove {
    /// The unit.
    pub unit_id: i32,
    /// Its name.
    pub unit: String,
    /// Its organisation.
    pub organisation_id: i32,
    /// Its home zones in the plan, first choice first.
    pub zones: Vec<PlannedZone>,
}

/// An organisation that must consent to a stored plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PlanConsent {
    /// The organisation.
    pub organisation: OrganisationRef,
    /// When its administrator consented; `None`: not yet.
    pub given_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A home-zone plan kept to be applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct StoredPlan {
    /// `zone_plan.id`.
    pub id: i32,
    /// `proposed` (waiting), `applied` or `withdrawn`.
    pub status: String,
    /// The first day its home zones hold.
    pub effective_from: NaiveDate,
    /// The first measured day it rests on.
    pub measured_from: NaiveDate,
    /// The last measured day.
    pub measured_to: NaiveDate,
    /// The percentile of working days the zones should hold.
    pub percentile: u8,
    /// When it was kept.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// When it was applied or withdrawn.
    pub decided_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The units it moves, with their new home zones.
    pub moves: Vec<PlanMove>,
    /// The organisations that must consent.
    pub consents: Vec<PlanConsent>,
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

/// What the planner page shows beside the proposal: the plans, the pairs of units that work
/// together, and what the viewer may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannerSetup {
    /// Every plan, newest first.
    pub plans: Vec<StoredPlan>,
    /// Every pair of units that work together.
    pub affinities: Vec<Affinity>,
    /// The units the viewer may pair: id and name (with the organisation's).
    pub units: Vec<(i32, String)>,
    /// The viewer's organisation.
    pub organisation_id: i32,
    /// Whether the viewer speaks for their organisation (consents to plans).
    pub may_consent: bool,
    /// Whether the viewer keeps and withdraws plans.
    pub may_keep: bool,
}
