//! The home-zone planner: which unit should get which zones.
//!
//! From the measured use of each unit (its desks in use per day, as `unit_day` records
//! them), the planner proposes home zones for every unit so that each unit's zones hold its
//! usual peak (a chosen percentile of its days), units that work together sit close, units
//! with people who need accessible desks get them, a unit's zones lie together, and as few
//! units as possible move compared with today. Entrance and consultation zones are never
//! reassigned: they stay with the organisations that need them. A zone goes only to a unit
//! of an organisation the building administrators have given it to, and to one unit at most.
//!
//! It is an office-space-allocation problem (NP-hard in general). The planner is a pure,
//! deterministic function: a greedy start from today's assignment, then simulated annealing
//! (give a zone to a unit or take it back, swap two zones' units) with a budget of moves,
//! never the clock, and integer arithmetic only; then a descent to the nearest local
//! optimum. [`check::evaluate`] recomputes the cost apart from the search, and the tests
//! compare with the exact optimum by enumeration on small instances; the benchmark compares
//! with HiGHS on an integer programme of the same cost (`scripts/planner-optimum.py`).
//!
//! The cost, per unit (weights in [`PlanWeights`]): days of its history on which it needed
//! more desks than its zones hold (expected overflow days), desks missing to its percentile
//! demand, accessible desks missing to its people who need them, zones not next to another
//! of its zones, whether its zones changed; per pair of units that work together, their
//! affinity times the distance of their zones (adjacent 1, same floor 2, same building 3,
//! elsewhere 4, no zones 4).

pub mod check;
pub mod generate;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::model::{BuildingId, OrganisationId, UnitId, ZoneId};
use crate::rng::Rng;
use crate::search::{EXP_SCALE, exponential};

/// What a zone is used for; only work and quiet zones are planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ZoneUse {
    /// Ordinary desks.
    Work,
    /// Desks for quiet work.
    Quiet,
    /// The entrance zone: never reassigned.
    Entrance,
    /// Protected consultation rooms: never reassigned.
    Consultation,
}

impl ZoneUse {
    /// Whether the planner may give the zone to another unit.
    pub fn planned(self) -> bool {
        matches!(self, ZoneUse::Work | ZoneUse::Quiet)
    }
}

/// A zone as the planner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanZone {
    /// The zone.
    pub id: ZoneId,
    /// Its building.
    pub building: BuildingId,
    /// Its floor.
    pub floor: i32,
    /// Zones next to it (made symmetric by the planner).
    pub adjacent: Vec<ZoneId>,
    /// Desks in it.
    pub desks: u32,
    /// Of those, desks usable with a wheelchair.
    pub accessible_desks: u32,
    /// What it is used for.
    pub kind: ZoneUse,
    /// The organisations the building administrators have given it to (it may go to their
    /// units only).
    pub organisations: Vec<OrganisationId>,
}

/// A unit as the planner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanUnit {
    /// The unit.
    pub id: UnitId,
    /// Its organisation.
    pub organisation: OrganisationId,
    /// People in the unit.
    pub people: u32,
    /// Of those, people who need an accessible desk.
    pub accessible_people: u32,
    /// Desks the unit used, one number per working day measured (most recent weeks).
    pub demand: Vec<u32>,
    /// Its home zones today.
    pub current: Vec<ZoneId>,
}

/// Two units that work together and should sit close: the weight says how much.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Affinity {
    /// One unit.
    pub a: UnitId,
    /// The other.
    pub b: UnitId,
    /// How much it matters (administrators edit it; 1 is a little, 10 a lot).
    pub weight: u32,
}

/// Everything the planner looks at.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanInput {
    /// The zones of the building(s).
    pub zones: Vec<PlanZone>,
    /// The units to plan for.
    pub units: Vec<PlanUnit>,
    /// Units that work together.
    pub affinities: Vec<Affinity>,
}

/// Weights of the planner's cost (each at most [`crate::MAX_WEIGHT`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanWeights {
    /// Per day of the history on which a unit needed more desks than its zones hold.
    pub overflow_day: u32,
    /// Per desk missing to a unit's percentile demand.
    pub shortfall: u32,
    /// Per accessible desk missing to a unit's people who need one.
    pub access: u32,
    /// Per affinity weight and step of distance between two units' zones.
    pub affinity: u32,
    /// Per zone of a unit not next to another of its zones.
    pub spread: u32,
    /// Per unit whose zones change.
    pub moved: u32,
}

impl Default for PlanWeights {
    fn default() -> Self {
        Self {
            overflow_day: 20,
            shortfall: 30,
            access: 200,
            affinity: 5,
            spread: 40,
            moved: 60,
        }
    }
}

/// Settings of one planning run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanConfig {
    /// The percentile of a unit's days its zones should hold (1–100; 80: four days in five).
    pub percentile: u8,
    /// The weights.
    pub weights: PlanWeights,
    /// Seed of the search's pseudo-random moves.
    pub seed: u64,
    /// Moves tried (the budget; no clock).
    pub iterations: u64,
}

impl Default for PlanConfig {
    fn default() -> Self {
        Self {
            percentile: 80,
            weights: PlanWeights::default(),
            seed: 0x5eed,
            iterations: 200_000,
        }
    }
}

/// The cost of an assignment, by component (already weighted).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanCost {
    /// Expected overflow days.
    pub overflow_days: i64,
    /// Desks missing to the percentile demand.
    pub shortfall: i64,
    /// Accessible desks missing.
    pub access: i64,
    /// Units that work together sitting apart.
    pub affinity: i64,
    /// Zones apart from the rest of their unit's.
    pub spread: i64,
    /// Units moved.
    pub moved: i64,
}

impl PlanCost {
    /// The weighted total.
    pub fn total(&self) -> i64 {
        self.overflow_days + self.shortfall + self.access + self.affinity + self.spread + self.moved
    }
}

/// The figures of one unit under an assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitFigures {
    /// The unit.
    pub unit: UnitId,
    /// Its home zones.
    pub zones: Vec<ZoneId>,
    /// Desks in them.
    pub desks: u32,
    /// Its percentile demand.
    pub demand: u32,
    /// Days of its history on which it needed more desks than that.
    pub overflow_days: u32,
    /// Desks per person (times 100, to stay in integers).
    pub desks_per_person_pct: u32,
    /// Whether its zones differ from today's.
    pub moved: bool,
}

/// The planner's proposal beside today's assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    /// Per unit, in input order: the proposal.
    pub proposed: Vec<UnitFigures>,
    /// Per unit, in input order: today.
    pub today: Vec<UnitFigures>,
    /// The proposal's cost.
    pub cost: PlanCost,
    /// Today's cost (a zone given to two units today counts for the first only).
    pub today_cost: PlanCost,
    /// Moves tried.
    pub iterations: u64,
}

/// Why a planning input is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// Two zones or two units share an identifier.
    #[error("duplicate identifier {0}")]
    Duplicate(String),
    /// A reference to a zone or unit that is not in the input.
    #[error("unknown zone or unit {0}")]
    Unknown(String),
    /// The percentile is not in 1–100.
    #[error("percentile {0} is not between 1 and 100")]
    Percentile(u8),
    /// A weight is above the maximum.
    #[error("weight {0} is above the maximum")]
    Weight(u32),
}

pub(crate) const FREE: u32 = u32::MAX;

/// The dense form: zones and units as numbers.
pub(crate) struct Dense {
    pub zones: usize,
    pub desks: Vec<i64>,
    pub accessible: Vec<i64>,
    pub building: Vec<u32>,
    pub floor: Vec<i32>,
    pub adj: Vec<Vec<bool>>,
    pub planned: Vec<bool>,
    /// Per zone: the units that may get it.
    pub eligible: Vec<Vec<u32>>,
    /// Per unit: its demand history, sorted.
    pub demand: Vec<Vec<u32>>,
    pub percentile_demand: Vec<i64>,
    pub accessible_people: Vec<i64>,
    pub people: Vec<i64>,
    /// Per unit: today's zones as a sorted list (planned and fixed).
    pub current: Vec<Vec<u32>>,
    /// Per unit: its fixed zones (never reassigned).
    pub fixed: Vec<Vec<u32>>,
    /// Per unit: its affinities (other unit, weight).
    pub affinity: Vec<Vec<(u32, i64)>>,
    pub w: PlanWeights,
}

/// The demand a unit's zones should hold: the `p`-th percentile (nearest rank) of its days.
pub fn percentile(days: &[u32], p: u8) -> u32 {
    if days.is_empty() {
        return 0;
    }
    let mut sorted = days.to_vec();
    sorted.sort_unstable();
    let rank = (usize::from(p) * sorted.len()).div_ceil(100).max(1);
    sorted[rank - 1]
}

impl Dense {
    fn build(input: &PlanInput, config: &PlanConfig) -> Result<Dense, PlanError> {
        if !(1..=100).contains(&config.percentile) {
            return Err(PlanError::Percentile(config.percentile));
        }
        let w = config.weights;
        for x in [
            w.overflow_day,
            w.shortfall,
            w.access,
            w.affinity,
            w.spread,
            w.moved,
        ] {
            if x > crate::MAX_WEIGHT {
                return Err(PlanError::Weight(x));
            }
        }
        let mut zone_ix: HashMap<&str, u32> = HashMap::new();
        for (i, z) in input.zones.iter().enumerate() {
            if zone_ix.insert(z.id.as_str(), i as u32).is_some() {
                return Err(PlanError::Duplicate(z.id.to_string()));
            }
        }
        let mut unit_ix: HashMap<&str, u32> = HashMap::new();
        for (i, u) in input.units.iter().enumerate() {
            if unit_ix.insert(u.id.as_str(), i as u32).is_some() {
                return Err(PlanError::Duplicate(u.id.to_string()));
            }
        }
        let zone_of = |id: &ZoneId| {
            zone_ix
                .get(id.as_str())
                .copied()
                .ok_or_else(|| PlanError::Unknown(id.to_string()))
        };
        let nz = input.zones.len();
        let mut adj = vec![vec![false; nz]; nz];
        for (i, z) in input.zones.iter().enumerate() {
            for a in &z.adjacent {
                let j = zone_of(a)? as usize;
                if j != i {
                    adj[i][j] = true;
                    adj[j][i] = true;
                }
            }
        }
        let mut buildings: HashMap<&str, u32> = HashMap::new();
        let building = input
            .zones
            .iter()
            .map(|z| {
                let next = buildings.len() as u32;
                *buildings.entry(z.building.as_str()).or_insert(next)
            })
            .collect();
        let eligible = input
            .zones
            .iter()
            .map(|z| {
                if !z.kind.planned() {
                    return Vec::new();
                }
                (0u32..)
                    .zip(&input.units)
                    .filter(|(_, u)| z.organisations.contains(&u.organisation))
                    .map(|(i, _)| i)
                    .collect()
            })
            .collect();
        let mut current = Vec::with_capacity(input.units.len());
        let mut fixed = Vec::with_capacity(input.units.len());
        for u in &input.units {
            let mut zs = Vec::with_capacity(u.current.len());
            for z in &u.current {
                zs.push(zone_of(z)?);
            }
            zs.sort_unstable();
            zs.dedup();
            fixed.push(
                zs.iter()
                    .copied()
                    .filter(|&z| !input.zones[z as usize].kind.planned())
                    .collect(),
            );
            current.push(zs);
        }
        let mut affinity = vec![Vec::new(); input.units.len()];
        for a in &input.affinities {
            let unit_of = |id: &UnitId| {
                unit_ix
                    .get(id.as_str())
                    .copied()
                    .ok_or_else(|| PlanError::Unknown(id.to_string()))
            };
            let (x, y) = (unit_of(&a.a)?, unit_of(&a.b)?);
            if x != y && a.weight > 0 {
                affinity[x as usize].push((y, i64::from(a.weight)));
                affinity[y as usize].push((x, i64::from(a.weight)));
            }
        }
        Ok(Dense {
            zones: nz,
            desks: input.zones.iter().map(|z| i64::from(z.desks)).collect(),
            accessible: input
                .zones
                .iter()
                .map(|z| i64::from(z.accessible_desks.min(z.desks)))
                .collect(),
            building,
            floor: input.zones.iter().map(|z| z.floor).collect(),
            adj,
            planned: input.zones.iter().map(|z| z.kind.planned()).collect(),
            eligible,
            demand: input
                .units
                .iter()
                .map(|u| {
                    let mut d = u.demand.clone();
                    d.sort_unstable();
                    d
                })
                .collect(),
            percentile_demand: input
                .units
                .iter()
                .map(|u| i64::from(percentile(&u.demand, config.percentile)))
                .collect(),
            accessible_people: input
                .units
                .iter()
                .map(|u| i64::from(u.accessible_people))
                .collect(),
            people: input.units.iter().map(|u| i64::from(u.people)).collect(),
            current,
            fixed,
            affinity,
            w,
        })
    }

    /// Distance of two zones: adjacent 1, same floor 2, same building 3, else 4 (same 0).
    fn dist(&self, a: u32, b: u32) -> i64 {
        let (a, b) = (a as usize, b as usize);
        if a == b {
            0
        } else if self.adj[a][b] {
            1
        } else if self.building[a] == self.building[b] && self.floor[a] == self.floor[b] {
            2
        } else if self.building[a] == self.building[b] {
            3
        } else {
            4
        }
    }

    /// Days of unit `u`'s history with more demand than `desks`.
    fn overflow_days(&self, u: usize, desks: i64) -> i64 {
        let d = &self.demand[u];
        let within = d.partition_point(|&x| i64::from(x) <= desks);
        (d.len() - within) as i64
    }

    /// The cost of unit `u` alone with zones `zs` (sorted), without affinities, by
    /// component: overflow days, shortfall, access, spread, moved.
    fn unit_parts(&self, u: usize, zs: &[u32]) -> [i64; 5] {
        let w = &self.w;
        let desks: i64 = zs.iter().map(|&z| self.desks[z as usize]).sum();
        let accessible: i64 = zs.iter().map(|&z| self.accessible[z as usize]).sum();
        let apart = if zs.len() < 2 {
            0
        } else {
            zs.iter()
                .filter(|&&z| {
                    !zs.iter()
                        .any(|&y| y != z && self.adj[z as usize][y as usize])
                })
                .count() as i64
        };
        [
            i64::from(w.overflow_day) * self.overflow_days(u, desks),
            i64::from(w.shortfall) * (self.percentile_demand[u] - desks).max(0),
            i64::from(w.access) * (self.accessible_people[u] - accessible).max(0),
            i64::from(w.spread) * apart,
            i64::from(w.moved) * i64::from(zs != self.current[u].as_slice()),
        ]
    }

    fn unit_cost(&self, u: usize, zs: &[u32]) -> i64 {
        self.unit_parts(u, zs).iter().sum()
    }

    /// The cost of the units' zones `zones_of`, by component.
    fn cost(&self, zones_of: &[Vec<u32>]) -> PlanCost {
        let mut c = PlanCost::default();
        for (u, zs) in zones_of.iter().enumerate() {
            let [overflow, shortfall, access, spread, moved] = self.unit_parts(u, zs);
            c.overflow_days += overflow;
            c.shortfall += shortfall;
            c.access += access;
            c.spread += spread;
            c.moved += moved;
            for &(v, weight) in &self.affinity[u] {
                if (v as usize) > u {
                    c.affinity += self.pair_cost(weight, zs, &zones_of[v as usize]);
                }
            }
        }
        c
    }

    /// The affinity cost between two units' zones.
    fn pair_cost(&self, weight: i64, a: &[u32], b: &[u32]) -> i64 {
        let d = a
            .iter()
            .flat_map(|&x| b.iter().map(move |&y| (x, y)))
            .map(|(x, y)| self.dist(x, y))
            .min()
            .unwrap_or(4);
        i64::from(self.w.affinity) * weight * d
    }
}

/// The search state: who holds each zone, and each unit's zones.
struct State<'d> {
    d: &'d Dense,
    owner: Vec<u32>,
    zones_of: Vec<Vec<u32>>,
    unit_cost: Vec<i64>,
    total: i64,
}

impl<'d> State<'d> {
    fn new(d: &'d Dense, owner: Vec<u32>) -> Self {
        let mut zones_of: Vec<Vec<u32>> = d.fixed.clone();
        for (z, &o) in owner.iter().enumerate() {
            if o != FREE {
                zones_of[o as usize].push(z as u32);
            }
        }
        for zs in &mut zones_of {
            zs.sort_unstable();
        }
        let unit_cost: Vec<i64> = (0..zones_of.len())
            .map(|u| d.unit_cost(u, &zones_of[u]))
            .collect();
        let mut s = State {
            d,
            owner,
            zones_of,
            unit_cost,
            total: 0,
        };
        s.total = s.full_total();
        s
    }

    fn full_total(&self) -> i64 {
        let mut t: i64 = self.unit_cost.iter().sum();
        for (u, list) in self.d.affinity.iter().enumerate() {
            for &(v, w) in list {
                if (v as usize) > u {
                    t += self
                        .d
                        .pair_cost(w, &self.zones_of[u], &self.zones_of[v as usize]);
                }
            }
        }
        t
    }

    /// The change of the total if the zones `changes` (zone, new owner) were applied.
    fn delta(&self, changes: &[(u32, u32)]) -> i64 {
        let mut touched: Vec<u32> = Vec::with_capacity(4);
        for &(z, to) in changes {
            for u in [self.owner[z as usize], to] {
                if u != FREE && !touched.contains(&u) {
                    touched.push(u);
                }
            }
        }
        let mut new_zones: Vec<(u32, Vec<u32>)> = touched
            .iter()
            .map(|&u| (u, self.zones_of[u as usize].clone()))
            .collect();
        for &(z, to) in changes {
            let from = self.owner[z as usize];
            for (u, zs) in &mut new_zones {
                if *u == from {
                    zs.retain(|&x| x != z);
                }
                if *u == to {
                    let at = zs.partition_point(|&x| x < z);
                    zs.insert(at, z);
                }
            }
        }
        let zones = |u: u32| -> &[u32] {
            new_zones
                .iter()
                .find(|(x, _)| *x == u)
                .map_or(self.zones_of[u as usize].as_slice(), |(_, zs)| {
                    zs.as_slice()
                })
        };
        let mut delta = 0;
        for &(u, ref zs) in &new_zones {
            delta += self.d.unit_cost(u as usize, zs) - self.unit_cost[u as usize];
            for &(v, w) in &self.d.affinity[u as usize] {
                // A pair of two touched units counts once, from its smaller unit.
                if touched.contains(&v) && v < u {
                    continue;
                }
                delta += self.d.pair_cost(w, zs, zones(v))
                    - self
                        .d
                        .pair_cost(w, &self.zones_of[u as usize], &self.zones_of[v as usize]);
            }
        }
        delta
    }

    fn apply(&mut self, changes: &[(u32, u32)], delta: i64) {
        let mut touched: Vec<u32> = Vec::with_capacity(4);
        for &(z, to) in changes {
            let from = self.owner[z as usize];
            if from != FREE {
                self.zones_of[from as usize].retain(|&x| x != z);
            }
            if to != FREE {
                let zs = &mut self.zones_of[to as usize];
                let at = zs.partition_point(|&x| x < z);
                zs.insert(at, z);
            }
            self.owner[z as usize] = to;
            touched.extend([from, to].into_iter().filter(|&u| u != FREE));
        }
        for u in touched {
            self.unit_cost[u as usize] = self.d.unit_cost(u as usize, &self.zones_of[u as usize]);
        }
        self.total += delta;
    }

    /// The changes that swap the units of zones `z` and `y`, if they differ and each may
    /// hold the other's unit.
    fn swap(&self, z: u32, y: u32) -> Option<[(u32, u32); 2]> {
        let (a, b) = (self.owner[z as usize], self.owner[y as usize]);
        let may =
            |zone: u32, unit: u32| unit == FREE || self.d.eligible[zone as usize].contains(&unit);
        (a != b && may(z, b) && may(y, a)).then_some([(z, b), (y, a)])
    }

    /// A random move: a zone to another eligible unit or back to nobody, or two zones'
    /// units swapped.
    fn propose(&self, rng: &mut Rng, planned: &[u32]) -> Option<[(u32, u32); 2]> {
        let z = planned[rng.below(planned.len())];
        let el = &self.d.eligible[z as usize];
        if rng.below(3) == 0 {
            let y = planned[rng.below(planned.len())];
            return self.swap(z, y);
        }
        let k = rng.below(el.len() + 1);
        let to = el.get(k).copied().unwrap_or(FREE);
        if to == self.owner[z as usize] {
            return None;
        }
        Some([(z, to), (z, to)])
    }
}

fn changes(mv: &[(u32, u32); 2]) -> &[(u32, u32)] {
    if mv[0] == mv[1] { &mv[..1] } else { &mv[..] }
}

/// Today's owners of the planned zones: each zone to the first unit (in input order) that
/// has it today and may have it.
fn today_owners(d: &Dense) -> Vec<u32> {
    let mut owner = vec![FREE; d.zones];
    for (u, zs) in d.current.iter().enumerate() {
        for &z in zs {
            let z = z as usize;
            if d.planned[z] && owner[z] == FREE && d.eligible[z].contains(&(u as u32)) {
                owner[z] = u as u32;
            }
        }
    }
    owner
}

/// Proposes home zones for every unit of `input`.
pub fn propose(input: &PlanInput, config: &PlanConfig) -> Result<Proposal, PlanError> {
    let d = Dense::build(input, config)?;
    let planned: Vec<u32> = (0..d.zones as u32)
        .filter(|&z| !d.eligible[z as usize].is_empty())
        .collect();
    let today = today_owners(&d);
    let today_state = State::new(&d, today.clone());
    let mut s = State::new(&d, today);
    let mut rng = Rng::new(config.seed);
    let mut iterations = 0;
    if !planned.is_empty() {
        descend(&mut s, &planned);
        let mut best = (s.total, s.owner.clone());
        // The starting temperature: the mean worsening of a sample of moves.
        let (mut sum, mut n) = (0i64, 0i64);
        for _ in 0..200 {
            if let Some(mv) = s.propose(&mut rng, &planned) {
                let delta = s.delta(changes(&mv));
                if delta > 0 {
                    sum += delta;
                    n += 1;
                }
            }
        }
        let t0 = u128::from(if n == 0 { 1 } else { (sum / n).max(1) }.unsigned_abs());
        let total = u128::from(config.iterations);
        let mut temperature = 0i64;
        for it in 0..config.iterations {
            if it % 64 == 0 {
                let left = total - u128::from(it);
                temperature = i64::try_from(t0 * left / total * left / total).unwrap_or(i64::MAX);
                if s.total < best.0 {
                    best = (s.total, s.owner.clone());
                }
            }
            iterations += 1;
            let Some(mv) = s.propose(&mut rng, &planned) else {
                continue;
            };
            let ch = changes(&mv);
            let delta = s.delta(ch);
            let accept = delta <= 0
                || (temperature > 0
                    && delta.saturating_mul(EXP_SCALE)
                        <= temperature.saturating_mul(exponential(&mut rng)));
            if accept {
                s.apply(ch, delta);
            }
        }
        if best.0 < s.total {
            s = State::new(&d, best.1);
        }
        descend(&mut s, &planned);
    }
    Ok(Proposal {
        proposed: figures(input, &d, &s.zones_of),
        today: figures(input, &d, &today_state.zones_of),
        cost: d.cost(&s.zones_of),
        today_cost: d.cost(&today_state.zones_of),
        iterations,
    })
}

/// Best single moves (a zone to another unit or to nobody, two zones swapped) until none
/// lowers the cost: a local optimum.
fn descend(s: &mut State, planned: &[u32]) {
    loop {
        let mut best: Option<(i64, Vec<(u32, u32)>)> = None;
        for &z in planned {
            let el = s.d.eligible[z as usize].clone();
            for to in el.into_iter().chain([FREE]) {
                if to == s.owner[z as usize] {
                    continue;
                }
                let delta = s.delta(&[(z, to)]);
                if delta < 0 && best.as_ref().is_none_or(|b| delta < b.0) {
                    best = Some((delta, vec![(z, to)]));
                }
            }
            for &y in planned.iter().filter(|&&y| y > z) {
                let Some(swap) = s.swap(z, y) else {
                    continue;
                };
                let delta = s.delta(&swap);
                if delta < 0 && best.as_ref().is_none_or(|bst| delta < bst.0) {
                    best = Some((delta, swap.to_vec()));
                }
            }
        }
        match best {
            Some((delta, ch)) => s.apply(&ch, delta),
            None => return,
        }
    }
}

fn figures(input: &PlanInput, d: &Dense, zones_of: &[Vec<u32>]) -> Vec<UnitFigures> {
    input
        .units
        .iter()
        .enumerate()
        .map(|(u, unit)| {
            let zs = &zones_of[u];
            let desks: i64 = zs.iter().map(|&z| d.desks[z as usize]).sum();
            UnitFigures {
                unit: unit.id.clone(),
                zones: zs
                    .iter()
                    .map(|&z| input.zones[z as usize].id.clone())
                    .collect(),
                desks: u32::try_from(desks).unwrap_or(u32::MAX),
                demand: u32::try_from(d.percentile_demand[u]).unwrap_or(u32::MAX),
                overflow_days: u32::try_from(d.overflow_days(u, desks)).unwrap_or(u32::MAX),
                desks_per_person_pct: u32::try_from(desks * 100 / d.people[u].max(1))
                    .unwrap_or(u32::MAX),
                moved: zs != &d.current[u],
            }
        })
        .collect()
}
