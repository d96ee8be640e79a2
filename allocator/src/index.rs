//! Validation of a problem and the dense, indexed form the solver works on: zones, desks and
//! teams as numbers, the zone distance ladder as a table, and for every request the desks it
//! may use with their linear cost.

use std::collections::HashMap;

use crate::error::{AllocError, Referrer};
use crate::model::{
    Feature, MAX_LIFT_DISTANCE_M, MAX_WEIGHT, Problem, RECENT_QUALITY_CAP, Request, Slot, Weights,
};

/// Marks "no desk", "no request", "no team".
pub(crate) const NONE: u32 = u32::MAX;

/// Both halves of the day.
pub(crate) const HALVES: [u8; 2] = [1, 2];

/// A desk a request may use, with the request's linear cost there.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Edge {
    pub desk: u32,
    pub cost: i64,
}

/// The linear components of a request at a desk, already multiplied by the half-days.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Linear {
    pub home: i64,
    pub preference: i64,
    pub fairness: i64,
    pub access: i64,
    pub stability: i64,
}

impl Linear {
    pub fn sum(&self) -> i64 {
        self.home + self.preference + self.fairness + self.access + self.stability
    }
}

pub(crate) struct ZoneX {
    pub building: u32,
    pub floor: i32,
    pub lift: i64,
    pub adj: Vec<u32>,
}

/// In C layout with what the local search reads on every move first (the desks, their
/// runs per zone, the halves and the team), so that those share a cache line.
#[repr(C)]
pub(crate) struct ReqX {
    /// Desks the request may use, free of pins, sorted by zone and then desk.
    pub edges: Vec<Edge>,
    /// Per zone with edges: `(zone, start, end)` of its run in `edges`, sorted by zone.
    pub spans: Vec<(u32, u32, u32)>,
    pub team: u32,
    /// Halves of the request's slot.
    pub mask: u8,
    /// The person has a pinned booking in this part of the day.
    pub blocked: bool,
    /// Some desk in the allowed zones has the needed features (availability aside).
    pub suitable: bool,
    /// Half-days covered (1 or 2).
    pub mult: i64,
    /// Allowed zones with their priority (`None` for overflow), sorted by zone.
    pub zones: Vec<(u32, Option<u8>)>,
    pub pref_desks: Vec<u32>,
    pub pref_zones: Vec<u32>,
    pub previous: u32,
}

pub(crate) struct Index<'p> {
    pub problem: &'p Problem,
    pub requests: &'p [Request],
    pub weights: Weights,
    pub zones: Vec<ZoneX>,
    dist: Vec<u8>,
    pub desk_zone: Vec<u32>,
    pub desk_ix: HashMap<&'p str, u32>,
    /// Per desk: the halves it is available and not pinned.
    pub free: Vec<u8>,
    /// Per zone: the halves a pinned booking opens it.
    pub pin_open: Vec<u8>,
    pub team_count: usize,
    /// Per team: zones and halves of pinned members.
    pub team_pins: Vec<Vec<(u32, u8)>>,
    /// Per pin: its team or NONE.
    pub pin_team: Vec<u32>,
    pub reqs: Vec<ReqX>,
}

fn check_weights(w: &Weights) -> Result<(), AllocError> {
    let all = [
        ("home", w.home),
        ("overflow", w.overflow),
        ("team", w.team),
        ("preference", w.preference),
        ("fairness", w.fairness),
        ("open_zone", w.open_zone),
        ("access", w.access),
        ("stability", w.stability),
    ];
    match all.into_iter().find(|(_, v)| *v > MAX_WEIGHT) {
        Some((name, value)) => Err(AllocError::WeightTooLarge { name, value }),
        None => Ok(()),
    }
}

fn has_all(features: &[Feature], wanted: &[Feature]) -> bool {
    wanted.iter().all(|f| features.contains(f))
}

/// The bit of a named feature (`None` for [`Feature::Other`]).
fn feature_bit(f: &Feature) -> Option<u8> {
    Some(match f {
        Feature::HeightAdjustable => 1,
        Feature::DockingStation => 2,
        Feature::DualMonitor => 4,
        Feature::Window => 8,
        Feature::Quiet => 16,
        Feature::WheelchairAccessible => 32,
        Feature::Other(_) => return None,
    })
}

/// The bits of `features` if they are all named and distinct (so that counting bits counts
/// them), else `None`.
fn feature_bits(features: &[Feature]) -> Option<u8> {
    let mut bits = 0u8;
    for f in features {
        let b = feature_bit(f)?;
        if bits & b != 0 {
            return None;
        }
        bits |= b;
    }
    Some(bits)
}

impl<'p> Index<'p> {
    /// Validates `problem` with `requests` in place of its own and builds the index.
    pub fn build(
        problem: &'p Problem,
        requests: &'p [Request],
        weights: Weights,
    ) -> Result<Self, AllocError> {
        check_weights(&weights)?;

        // Zones.
        let mut zone_ix: HashMap<&str, u32> = HashMap::new();
        let mut buildings: HashMap<&str, u32> = HashMap::new();
        let mut zones = Vec::with_capacity(problem.zones.len());
        for (i, z) in (0u32..).zip(&problem.zones) {
            if zone_ix.insert(z.id.as_str(), i).is_some() {
                return Err(AllocError::DuplicateZone(z.id.clone()));
            }
            if z.lift_distance_m > MAX_LIFT_DISTANCE_M {
                return Err(AllocError::LiftDistanceTooLarge(z.id.clone()));
            }
            let next = u32::try_from(buildings.len()).unwrap_or(NONE);
            let building = *buildings.entry(z.building.as_str()).or_insert(next);
            zones.push(ZoneX {
                building,
                floor: z.floor,
                lift: i64::from(z.lift_distance_m),
                adj: Vec::new(),
            });
        }
        let zone_of = |id: &crate::ZoneId, by: Referrer| {
            zone_ix
                .get(id.as_str())
                .copied()
                .ok_or_else(|| AllocError::UnknownZone {
                    zone: id.clone(),
                    by,
                })
        };
        for (i, z) in problem.zones.iter().enumerate() {
            for a in &z.adjacent {
                let j = zone_of(a, Referrer::Zone(z.id.clone()))?;
                if j as usize != i {
                    zones[i].adj.push(j);
                    zones[j as usize].adj.push(i as u32);
                }
            }
        }
        for z in &mut zones {
            z.adj.sort_unstable();
            z.adj.dedup();
        }
        let nz = zones.len();
        let mut dist = vec![4u8; nz * nz];
        for a in 0..nz {
            for b in 0..nz {
                let (za, zb) = (&zones[a], &zones[b]);
                dist[a * nz + b] = if a == b {
                    0
                } else if za.adj.binary_search(&(b as u32)).is_ok() {
                    1
                } else if za.building == zb.building && za.floor == zb.floor {
                    2
                } else if za.building == zb.building {
                    3
                } else {
                    4
                };
            }
        }

        // Desks.
        let mut desk_ix: HashMap<&str, u32> = HashMap::new();
        let mut desk_zone = Vec::with_capacity(problem.desks.len());
        let mut desks_by_zone: Vec<Vec<u32>> = vec![Vec::new(); nz];
        let mut free = Vec::with_capacity(problem.desks.len());
        for (i, d) in (0u32..).zip(&problem.desks) {
            if desk_ix.insert(d.id.as_str(), i).is_some() {
                return Err(AllocError::DuplicateDesk(d.id.clone()));
            }
            let z = zone_of(&d.zone, Referrer::Desk(d.id.clone()))?;
            desk_zone.push(z);
            desks_by_zone[z as usize].push(i);
            free.push(d.available.mask());
        }
        let desk_of = |id: &crate::DeskId, by: Referrer| {
            desk_ix
                .get(id.as_str())
                .copied()
                .ok_or_else(|| AllocError::UnknownDesk {
                    desk: id.clone(),
                    by,
                })
        };

        // Teams, in order of first appearance.
        let mut team_ix: HashMap<&str, u32> = HashMap::new();
        let mut intern_team = |t: &'p Option<crate::TeamId>| match t {
            Some(t) => {
                let next = u32::try_from(team_ix.len()).unwrap_or(NONE);
                *team_ix.entry(t.as_str()).or_insert(next)
            }
            None => NONE,
        };

        // Pins.
        let mut pin_open = vec![0u8; nz];
        let mut person_pins: HashMap<&str, u8> = HashMap::new();
        let mut pinned_teams = Vec::new();
        for p in &problem.pins {
            let d = desk_of(&p.desk, Referrer::Pin(p.person.clone()))?;
            let m = p.slot.mask();
            let di = d as usize;
            if problem.desks[di].available.mask() & m != m {
                return Err(AllocError::PinOnUnavailableDesk(p.desk.clone()));
            }
            if free[di] & m != m {
                return Err(AllocError::PinConflict(p.desk.clone()));
            }
            free[di] &= !m;
            let held = person_pins.entry(p.person.as_str()).or_insert(0);
            if *held & m != 0 {
                return Err(AllocError::PersonTwiceAtOnce(p.person.clone()));
            }
            *held |= m;
            pin_open[desk_zone[di] as usize] |= m;
            pinned_teams.push((intern_team(&p.team), desk_zone[di], m));
        }

        // Requests.
        let mut request_ids: HashMap<&str, ()> = HashMap::new();
        let mut person_requests: HashMap<&str, u8> = HashMap::new();
        let overflow_zones: Vec<u32> = (0u32..)
            .zip(&problem.zones)
            .filter(|(_, z)| z.overflow)
            .map(|(i, _)| i)
            .collect();
        let mut reqs = Vec::with_capacity(requests.len());
        for r in requests {
            if request_ids.insert(r.id.as_str(), ()).is_some() {
                return Err(AllocError::DuplicateRequest(r.id.clone()));
            }
            let m = r.slot.mask();
            let asked = person_requests.entry(r.person.as_str()).or_insert(0);
            if *asked & m != 0 {
                return Err(AllocError::PersonTwiceAtOnce(r.person.clone()));
            }
            *asked |= m;
            let by = || Referrer::Request(r.id.clone());
            let mut allowed: Vec<(u32, Option<u8>)> = Vec::new();
            for a in &r.zones {
                allowed.push((zone_of(&a.zone, by())?, Some(a.priority)));
            }
            // Lowest priority first per zone, then keep one entry per zone.
            allowed.sort_unstable();
            allowed.dedup_by_key(|(z, _)| *z);
            if r.overflow {
                for &z in &overflow_zones {
                    if let Err(pos) = allowed.binary_search_by_key(&z, |(z, _)| *z) {
                        allowed.insert(pos, (z, None));
                    }
                }
            }
            let mut pref_desks = Vec::new();
            for d in &r.preferences.desks {
                pref_desks.push(desk_of(d, by())?);
            }
            let mut pref_zones = Vec::new();
            for z in &r.preferences.zones {
                pref_zones.push(zone_of(z, by())?);
            }
            let previous = match &r.previous {
                Some(d) => desk_of(d, by())?,
                None => NONE,
            };
            let blocked = person_pins
                .get(r.person.as_str())
                .is_some_and(|held| held & m != 0);
            reqs.push(ReqX {
                mask: m,
                mult: if r.slot == Slot::FullDay { 2 } else { 1 },
                team: intern_team(&r.team),
                blocked,
                suitable: false,
                zones: allowed,
                pref_desks,
                pref_zones,
                previous,
                edges: Vec::new(),
                spans: Vec::new(),
            });
        }

        let team_count = team_ix.len();
        let mut team_pins = vec![Vec::new(); team_count];
        let pin_team = pinned_teams.iter().map(|p| p.0).collect();
        for (t, z, m) in pinned_teams {
            if t != NONE {
                team_pins[t as usize].push((z, m));
            }
        }

        let mut index = Index {
            problem,
            requests,
            weights,
            zones,
            dist,
            desk_zone,
            desk_ix,
            free,
            pin_open,
            team_count,
            team_pins,
            pin_team,
            reqs,
        };
        let quality: Vec<i64> = problem.desks.iter().map(|d| i64::from(d.quality)).collect();
        // The named features of each desk as bits (a desk's other features aside).
        let desk_bits: Vec<u8> = problem
            .desks
            .iter()
            .map(|d| {
                d.features
                    .iter()
                    .filter_map(feature_bit)
                    .fold(0, |a, b| a | b)
            })
            .collect();
        for (i, r) in requests.iter().enumerate() {
            let mut edges = Vec::new();
            let mut suitable = false;
            let req = &index.reqs[i];
            let mut spans = Vec::new();
            // With named features only, the cost is the zone's part, the fairness per
            // point of desk quality, and the desk's own terms (wished desk and features,
            // stability); needs and wishes are then compared as bits.
            let wished = feature_bits(&r.preferences.features);
            let needed = feature_bits(&r.needs);
            let (w_pref, w_stable) = (
                i64::from(index.weights.preference) * req.mult,
                i64::from(index.weights.stability) * req.mult,
            );
            for &(z, _) in &req.zones {
                let start = edges.len() as u32;
                let (zone_cost, per_quality) = index.zone_part(i, z);
                for &d in &desks_by_zone[z as usize] {
                    let suits = match needed {
                        Some(bits) => desk_bits[d as usize] & bits == bits,
                        None => has_all(&problem.desks[d as usize].features, &r.needs),
                    };
                    if !suits {
                        continue;
                    }
                    suitable = true;
                    if !req.blocked && index.free[d as usize] & req.mask == req.mask {
                        let cost = if let Some(bits) = wished {
                            let unwished =
                                i64::from(
                                    !req.pref_desks.is_empty() && !req.pref_desks.contains(&d),
                                ) + i64::from((bits & !desk_bits[d as usize]).count_ones());
                            let moved = req.previous != NONE && req.previous != d;
                            zone_cost
                                + per_quality * quality[d as usize]
                                + w_pref * unwished
                                + w_stable * i64::from(moved)
                        } else {
                            index.linear(i, d).sum()
                        };
                        edges.push(Edge { desk: d, cost });
                    }
                }
                let end = edges.len() as u32;
                if end > start {
                    spans.push((z, start, end));
                }
            }
            let req = &mut index.reqs[i];
            req.edges = edges;
            req.spans = spans;
            req.suitable = suitable;
        }
        Ok(index)
    }

    /// The linear cost of request `r` at desk `d`, if `r` may use `d`.
    pub fn edge_cost(&self, r: usize, d: u32) -> Option<i64> {
        let req = &self.reqs[r];
        let z = self.desk_zone[d as usize];
        let span = req.spans.binary_search_by_key(&z, |s| s.0).ok()?;
        let (_, start, end) = req.spans[span];
        let run = &req.edges[start as usize..end as usize];
        run.binary_search_by_key(&d, |e| e.desk)
            .ok()
            .map(|i| run[i].cost)
    }

    /// The distance ladder between two zones: same 0, adjacent 1, same floor 2, same
    /// building 3, elsewhere 4.
    pub fn dist(&self, a: u32, b: u32) -> i64 {
        let n = self.zones.len();
        i64::from(self.dist[a as usize * n + b as usize])
    }

    /// What [`Self::linear`]'s sum for request `r` owes to zone `z` alone (home zone,
    /// unmet zone wish, distance to the lift), and its fairness per point of desk quality.
    /// `linear(r, d).sum()` is `zone + per_quality * quality(d)` plus the desk's own terms
    /// (unmet desk and feature wishes, a move from the previous desk) for every desk `d`
    /// in `z`.
    fn zone_part(&self, r: usize, z: u32) -> (i64, i64) {
        let w = &self.weights;
        let req = &self.reqs[r];
        let request = &self.requests[r];
        let home = match req.zones.binary_search_by_key(&z, |(z, _)| *z) {
            Ok(pos) => match req.zones[pos].1 {
                Some(p) => i64::from(w.home) * i64::from(p),
                None => i64::from(w.overflow),
            },
            Err(_) => i64::from(w.overflow),
        };
        let unmet = i64::from(!req.pref_zones.is_empty() && !req.pref_zones.contains(&z));
        let access = if request.accessibility {
            i64::from(w.access) * self.zones[z as usize].lift
        } else {
            0
        };
        let recent = i64::from(request.recent_quality.min(RECENT_QUALITY_CAP));
        let k = req.mult;
        (
            (home + i64::from(w.preference) * unmet + access) * k,
            i64::from(w.fairness) * recent * k,
        )
    }

    /// The linear cost components of request `r` at desk `d` (which must be in an allowed
    /// zone).
    pub fn linear(&self, r: usize, d: u32) -> Linear {
        let w = &self.weights;
        let req = &self.reqs[r];
        let request = &self.requests[r];
        let desk = &self.problem.desks[d as usize];
        let z = self.desk_zone[d as usize];
        let home = match req.zones.binary_search_by_key(&z, |(z, _)| *z) {
            Ok(pos) => match req.zones[pos].1 {
                Some(p) => i64::from(w.home) * i64::from(p),
                None => i64::from(w.overflow),
            },
            Err(_) => i64::from(w.overflow),
        };
        let mut unmet = 0i64;
        if !req.pref_desks.is_empty() && !req.pref_desks.contains(&d) {
            unmet += 1;
        }
        if !req.pref_zones.is_empty() && !req.pref_zones.contains(&z) {
            unmet += 1;
        }
        for f in &request.preferences.features {
            if !desk.features.contains(f) {
                unmet += 1;
            }
        }
        let recent = i64::from(request.recent_quality.min(RECENT_QUALITY_CAP));
        let access = if request.accessibility {
            i64::from(w.access) * self.zones[z as usize].lift
        } else {
            0
        };
        let stability = if req.previous != NONE && req.previous != d {
            i64::from(w.stability)
        } else {
            0
        };
        let k = req.mult;
        Linear {
            home: home * k,
            preference: i64::from(w.preference) * unmet * k,
            fairness: i64::from(w.fairness) * i64::from(desk.quality) * recent * k,
            access: access * k,
            stability: stability * k,
        }
    }

    /// The team term of one team in one half: the 1-median over zones of its members,
    /// given as `(zone, count)` (zero counts allowed), times the team weight. Only occupied
    /// zones and their neighbours need to be tried as centre (see the crate docs).
    pub fn team_term(&self, members: impl Iterator<Item = (u32, u32)> + Clone) -> i64 {
        // All in one zone (or none): nothing to pay, and the most common case.
        let mut occupied = members.clone().filter(|&(_, c)| c > 0).map(|(z, _)| z);
        let first = occupied.next();
        if occupied.all(|z| Some(z) == first) {
            return 0;
        }
        let mut best = i64::MAX;
        for (z, c) in members.clone() {
            if c == 0 {
                continue;
            }
            let mut consider = |centre: u32| {
                let mut s = 0i64;
                for (y, n) in members.clone() {
                    if n > 0 {
                        s += i64::from(n) * self.dist(y, centre);
                        if s >= best {
                            return;
                        }
                    }
                }
                best = s;
            };
            consider(z);
            for &a in &self.zones[z as usize].adj {
                consider(a);
            }
        }
        if best == i64::MAX {
            0
        } else {
            best * i64::from(self.weights.team)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{Tier, instance};

    #[test]
    fn every_edge_costs_what_its_linear_components_add_up_to() -> Result<(), AllocError> {
        for seed in 1..4 {
            let mut p = instance(&Tier::M, seed);
            // Some requests with a previous desk, some with a wish for a feature or a desk.
            for (i, r) in p.requests.iter_mut().enumerate() {
                if i % 7 == 0 {
                    r.previous = Some(p.desks[i % p.desks.len()].id.clone());
                }
                if i % 11 == 0 {
                    r.preferences.features.push(Feature::Window);
                }
                if i % 13 == 0 {
                    r.preferences
                        .features
                        .push(Feature::Other("Pflanze".into()));
                    r.needs.push(Feature::Other("Pflanze".into()));
                }
                if i % 5 == 0 {
                    r.preferences
                        .desks
                        .push(p.desks[(3 * i) % p.desks.len()].id.clone());
                }
            }
            let ix = Index::build(&p, &p.requests, Weights::default())?;
            let mut named = 0;
            for (r, req) in ix.reqs.iter().enumerate() {
                named += usize::from(feature_bits(&p.requests[r].preferences.features).is_some());
                for e in &req.edges {
                    assert_eq!(
                        e.cost,
                        ix.linear(r, e.desk).sum(),
                        "request {r}, desk {}",
                        e.desk
                    );
                }
            }
            assert!(named > 0 && named < ix.reqs.len());
        }
        Ok(())
    }
}
