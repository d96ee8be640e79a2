//! An independent checker, written apart from the solver: it shares only the input and
//! output types and re-derives everything else from the documented rules. It counts hard
//! violations, recomputes the soft penalty, computes with its own simple augmenting-path
//! matcher how many requests of each slot could be served (full days on their own, mornings
//! and afternoons given the placed full days), and bounds the whole day's count from above
//! with matchings and the linear relaxation of the whole-day programme
//! ([`whole_day_bound`]), written apart from the solver's own exact count.
//!
//! Quadratic in places; meant for tests, benchmarks and audits, not for the hot path.

use std::collections::{HashMap, HashSet, VecDeque};

use crate::model::{Desk, Problem, RECENT_QUALITY_CAP, Request, Slot, Weights, Zone};
use crate::outcome::{Allocation, Outcome, Penalty, Reason};

/// A broken hard constraint (or an output that does not fit its input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    /// The allocation has not exactly one placement per request, in order.
    PlacementsDoNotMatchRequests,
    /// A placement names a desk that does not exist.
    UnknownDesk(String),
    /// A request got a desk outside its allowed zones.
    ZoneNotAllowed(String),
    /// A request got a desk without a feature it needs.
    NeedsNotMet(String),
    /// A request got a desk that is unavailable in its slot.
    DeskUnavailable(String),
    /// Two bookings (pins or placements) share a desk in a half-day.
    DeskTwiceAtOnce(String),
    /// A person has two bookings in a half-day.
    PersonTwiceAtOnce(String),
    /// An unplaced request carries a reason that is not true.
    WrongReason(String),
}

/// What the checker found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Hard violations; empty for a valid allocation.
    pub violations: Vec<Violation>,
    /// The soft penalty, recomputed.
    pub penalty: Penalty,
    /// Requests served per pass, in the order full day, morning, afternoon.
    pub served: [usize; 3],
    /// The most requests of each slot that could be served: full days on their own, and
    /// mornings and afternoons given the full days as placed (so an allocation that could
    /// serve one more half day without moving anyone shows below it).
    pub maximum: [usize; 3],
    /// An upper bound on the requests the whole day could serve, full days and halves mixed
    /// ([`whole_day_bound`]).
    pub bound: usize,
}

impl Report {
    /// All requests served.
    pub fn served_total(&self) -> usize {
        self.served.iter().sum()
    }
}

fn halves(slot: Slot) -> &'static [usize] {
    match slot {
        Slot::Morning => &[0],
        Slot::Afternoon => &[1],
        Slot::FullDay => &[0, 1],
    }
}

fn available(desk: &Desk, half: usize) -> bool {
    if half == 0 {
        desk.available.morning
    } else {
        desk.available.afternoon
    }
}

/// The priority of `zone` for `request`: `Some(Some(p))` home zone, `Some(None)` overflow,
/// `None` not allowed.
fn priority(request: &Request, zone: &Zone) -> Option<Option<u8>> {
    let home = request
        .zones
        .iter()
        .filter(|a| a.zone == zone.id)
        .map(|a| a.priority)
        .min();
    match home {
        Some(p) => Some(Some(p)),
        None if request.overflow && zone.overflow => Some(None),
        None => None,
    }
}

fn suits(request: &Request, desk: &Desk) -> bool {
    request.needs.iter().all(|n| desk.features.contains(n))
}

/// The distance ladder: same zone 0, adjacent 1, same floor 2, same building 3, else 4.
fn ladder(a: &Zone, b: &Zone) -> i64 {
    if a.id == b.id {
        0
    } else if a.adjacent.contains(&b.id) || b.adjacent.contains(&a.id) {
        1
    } else if a.building == b.building && a.floor == b.floor {
        2
    } else if a.building == b.building {
        3
    } else {
        4
    }
}

/// Size of a maximum matching; `adj[l]` lists the right vertices of left vertex `l`.
/// Greedy start, then one breadth-first augmenting-path search per unmatched vertex.
pub fn maximum_matching(adj: &[Vec<usize>], right: usize) -> usize {
    let mut mate_l = vec![usize::MAX; adj.len()];
    let mut mate_r = vec![usize::MAX; right];
    for (l, ns) in adj.iter().enumerate() {
        if let Some(&r) = ns.iter().find(|&&r| mate_r[r] == usize::MAX) {
            mate_l[l] = r;
            mate_r[r] = l;
        }
    }
    for start in 0..adj.len() {
        if mate_l[start] != usize::MAX {
            continue;
        }
        let mut from = vec![usize::MAX; adj.len()];
        let mut seen = vec![false; adj.len()];
        seen[start] = true;
        let mut queue = VecDeque::from([start]);
        let mut end = None;
        'search: while let Some(l) = queue.pop_front() {
            for &r in &adj[l] {
                let next = mate_r[r];
                if next == usize::MAX {
                    end = Some((l, r));
                    break 'search;
                }
                if !seen[next] {
                    seen[next] = true;
                    from[next] = l;
                    queue.push_back(next);
                }
            }
        }
        if let Some((mut l, mut r)) = end {
            loop {
                let old = mate_l[l];
                mate_l[l] = r;
                mate_r[r] = l;
                if l == start {
                    break;
                }
                r = old;
                l = from[l];
            }
        }
    }
    mate_l.iter().filter(|&&r| r != usize::MAX).count()
}

/// Checks `allocation` against `problem` (its requests in order) and `weights`.
pub fn check(problem: &Problem, weights: &Weights, allocation: &Allocation) -> Report {
    let mut violations = Vec::new();
    let zones: HashMap<&str, &Zone> = problem.zones.iter().map(|z| (z.id.as_str(), z)).collect();
    let desks: HashMap<&str, usize> = problem
        .desks
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let matches = allocation.placements.len() == problem.requests.len()
        && allocation
            .placements
            .iter()
            .zip(&problem.requests)
            .all(|(p, r)| p.request == r.id && p.person == r.person && p.slot == r.slot);
    if !matches {
        violations.push(Violation::PlacementsDoNotMatchRequests);
    }

    // Who sits where, per half: pins first, then placements.
    let mut desk_use: HashMap<(usize, usize), usize> = HashMap::new();
    let mut person_use: HashMap<(&str, usize), usize> = HashMap::new();
    let mut pinned_person: HashMap<(&str, usize), ()> = HashMap::new();
    for pin in &problem.pins {
        for &h in halves(pin.slot) {
            if let Some(&d) = desks.get(pin.desk.as_str()) {
                *desk_use.entry((d, h)).or_insert(0) += 1;
            }
            *person_use.entry((pin.person.as_str(), h)).or_insert(0) += 1;
            pinned_person.insert((pin.person.as_str(), h), ());
        }
    }
    let pinned_desk_half: HashSet<(usize, usize)> = desk_use.keys().copied().collect();
    // Placed desk index per request.
    let mut placed: Vec<Option<usize>> = vec![None; problem.requests.len()];
    for (i, (p, r)) in allocation
        .placements
        .iter()
        .zip(&problem.requests)
        .enumerate()
    {
        let id = r.id.to_string();
        match &p.outcome {
            Outcome::Assigned { desk } => {
                let Some(&d) = desks.get(desk.as_str()) else {
                    violations.push(Violation::UnknownDesk(id));
                    continue;
                };
                let dk = &problem.desks[d];
                let allowed = zones
                    .get(dk.zone.as_str())
                    .is_some_and(|z| priority(r, z).is_some());
                if !allowed {
                    violations.push(Violation::ZoneNotAllowed(id.clone()));
                }
                if !suits(r, dk) {
                    violations.push(Violation::NeedsNotMet(id.clone()));
                }
                if halves(r.slot).iter().any(|&h| !available(dk, h)) {
                    violations.push(Violation::DeskUnavailable(id.clone()));
                }
                for &h in halves(r.slot) {
                    *desk_use.entry((d, h)).or_insert(0) += 1;
                    *person_use.entry((r.person.as_str(), h)).or_insert(0) += 1;
                }
                placed[i] = Some(d);
            }
            Outcome::Unassigned { reason } => {
                let blocked = halves(r.slot)
                    .iter()
                    .any(|&h| pinned_person.contains_key(&(r.person.as_str(), h)));
                let suitable = problem.desks.iter().any(|dk| {
                    zones
                        .get(dk.zone.as_str())
                        .is_some_and(|z| priority(r, z).is_some())
                        && suits(r, dk)
                });
                let truthful = match reason {
                    Reason::AlreadyBooked => blocked,
                    Reason::NoSuitableDesk => !blocked && !suitable,
                    Reason::AllTaken => !blocked && suitable,
                };
                if !truthful {
                    violations.push(Violation::WrongReason(id));
                }
            }
        }
    }
    let mut twice_desks: Vec<String> = desk_use
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|((d, h), _)| format!("{} half {h}", problem.desks[*d].id))
        .collect();
    twice_desks.sort();
    violations.extend(twice_desks.into_iter().map(Violation::DeskTwiceAtOnce));
    let mut twice_people: Vec<String> = person_use
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|((p, h), _)| format!("{p} half {h}"))
        .collect();
    twice_people.sort();
    violations.extend(twice_people.into_iter().map(Violation::PersonTwiceAtOnce));

    // What could be served: per request the desks it may use at all.
    let order = [Slot::FullDay, Slot::Morning, Slot::Afternoon];
    let full_day_desks: HashSet<usize> = problem
        .requests
        .iter()
        .zip(&placed)
        .filter(|(r, _)| r.slot == Slot::FullDay)
        .filter_map(|(_, p)| *p)
        .collect();
    let eligible: Vec<Vec<usize>> = problem
        .requests
        .iter()
        .map(|r| {
            let blocked = halves(r.slot)
                .iter()
                .any(|&h| pinned_person.contains_key(&(r.person.as_str(), h)));
            if blocked {
                return Vec::new();
            }
            (0..problem.desks.len())
                .filter(|&d| {
                    let dk = &problem.desks[d];
                    let free = halves(r.slot)
                        .iter()
                        .all(|&h| available(dk, h) && !pinned_desk_half.contains(&(d, h)));
                    free && suits(r, dk)
                        && zones
                            .get(dk.zone.as_str())
                            .is_some_and(|z| priority(r, z).is_some())
                })
                .collect()
        })
        .collect();
    let mut served = [0usize; 3];
    let mut maximum = [0usize; 3];
    for (k, &slot) in order.iter().enumerate() {
        served[k] = problem
            .requests
            .iter()
            .zip(&placed)
            .filter(|(r, p)| r.slot == slot && p.is_some())
            .count();
        let adj: Vec<Vec<usize>> = problem
            .requests
            .iter()
            .zip(&eligible)
            .filter(|(r, _)| r.slot == slot)
            .map(|(_, ds)| {
                ds.iter()
                    .copied()
                    .filter(|d| slot == Slot::FullDay || !full_day_desks.contains(d))
                    .collect()
            })
            .collect();
        maximum[k] = maximum_matching(&adj, problem.desks.len());
    }
    let slots: Vec<Slot> = problem.requests.iter().map(|r| r.slot).collect();
    let bound = whole_day_bound(&slots, &eligible, problem.desks.len());

    let penalty = recompute_penalty(problem, weights, &placed);
    Report {
        violations,
        penalty,
        served,
        maximum,
        bound,
    }
}

/// Requests (with their desks) up to which [`whole_day_bound`] also solves the linear
/// relaxation; beyond, only the matching bounds are used.
pub const RELAXATION_EDGES: usize = 60_000;

/// An upper bound on the requests a day can serve in any allocation, full days and halves
/// mixed: the least of two matching bounds (full days and mornings compete for the morning
/// halves, afternoons alone for the afternoon halves; and the same the other way round) and,
/// for up to [`RELAXATION_EDGES`] request–desk pairs, the linear relaxation of the
/// whole-day integer programme (a pair per request and desk it may use, at most one desk
/// per request, at most one request per desk and half), rounded down.
pub fn whole_day_bound(slots: &[Slot], eligible: &[Vec<usize>], desks: usize) -> usize {
    let side = |with_full: [bool; 2]| -> usize {
        (0..2)
            .map(|h| {
                let adj: Vec<Vec<usize>> = slots
                    .iter()
                    .zip(eligible)
                    .filter(|(s, _)| match s {
                        Slot::FullDay => with_full[h],
                        _ => halves(**s) == [h],
                    })
                    .map(|(_, ds)| ds.clone())
                    .collect();
                maximum_matching(&adj, desks)
            })
            .sum()
    };
    let mut bound = side([true, false]).min(side([false, true]));
    let pairs: usize = eligible.iter().map(Vec::len).sum();
    if pairs <= RELAXATION_EDGES
        && let Some(relaxed) = relaxation(slots, eligible, desks)
    {
        bound = bound.min(relaxed);
    }
    bound
}

/// The linear relaxation of the whole-day programme, rounded down; `None` if it did not
/// solve.
fn relaxation(slots: &[Slot], eligible: &[Vec<usize>], desks: usize) -> Option<usize> {
    use microlp::{ComparisonOp, LinearExpr, OptimizationDirection, Problem as Lp};
    let mut lp = Lp::new(OptimizationDirection::Maximize);
    let mut per_half: Vec<[LinearExpr; 2]> = (0..desks)
        .map(|_| [LinearExpr::empty(), LinearExpr::empty()])
        .collect();
    let mut used = vec![[0usize; 2]; desks];
    for (slot, ds) in slots.iter().zip(eligible) {
        if ds.is_empty() {
            continue;
        }
        let mut one = LinearExpr::empty();
        for &d in ds {
            let v = lp.add_var(1.0, (0.0, 1.0));
            one.add(v, 1.0);
            for &h in halves(*slot) {
                per_half[d][h].add(v, 1.0);
                used[d][h] += 1;
            }
        }
        lp.add_constraint(one, ComparisonOp::Le, 1.0);
    }
    for (exprs, n) in per_half.into_iter().zip(&used) {
        for (expr, &n) in exprs.into_iter().zip(n) {
            if n > 1 {
                lp.add_constraint(expr, ComparisonOp::Le, 1.0);
            }
        }
    }
    let outcome = lp.solve().ok()?;
    Some((outcome.solution()?.objective() + 1e-6).floor() as usize)
}

/// The soft penalty of the placements `placed` (desk index per request), by the formulas in
/// the crate docs.
fn recompute_penalty(problem: &Problem, w: &Weights, placed: &[Option<usize>]) -> Penalty {
    let mut p = Penalty::default();
    let desks: HashMap<&str, usize> = problem
        .desks
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let zones: HashMap<&str, &Zone> = problem.zones.iter().map(|z| (z.id.as_str(), z)).collect();
    let zone_of = |id: &str| zones.get(id).copied();
    // Zones and halves opened, zones with pins per half.
    let mut used: HashSet<(&str, usize)> = HashSet::new();
    let mut pinned: HashSet<(&str, usize)> = HashSet::new();
    // Team members: (team, half) -> zones.
    let mut teams: HashMap<(&str, usize), Vec<&str>> = HashMap::new();
    for pin in &problem.pins {
        let Some(desk) = desks.get(pin.desk.as_str()).map(|&d| &problem.desks[d]) else {
            continue;
        };
        for &h in halves(pin.slot) {
            pinned.insert((desk.zone.as_str(), h));
            if let Some(t) = &pin.team {
                teams
                    .entry((t.as_str(), h))
                    .or_default()
                    .push(desk.zone.as_str());
            }
        }
    }
    for (r, d) in problem.requests.iter().zip(placed) {
        let Some(d) = *d else { continue };
        let desk = &problem.desks[d];
        let Some(zone) = zone_of(desk.zone.as_str()) else {
            continue;
        };
        let k: i64 = if r.slot == Slot::FullDay { 2 } else { 1 };
        p.home += k * match priority(r, zone) {
            Some(Some(prio)) => i64::from(w.home) * i64::from(prio),
            _ => i64::from(w.overflow),
        };
        let mut unmet = 0;
        if !r.preferences.desks.is_empty() && !r.preferences.desks.contains(&desk.id) {
            unmet += 1;
        }
        if !r.preferences.zones.is_empty() && !r.preferences.zones.contains(&zone.id) {
            unmet += 1;
        }
        unmet += r
            .preferences
            .features
            .iter()
            .filter(|f| !desk.features.contains(f))
            .count() as i64;
        p.preference += k * i64::from(w.preference) * unmet;
        p.fairness += k
            * i64::from(w.fairness)
            * i64::from(desk.quality)
            * i64::from(r.recent_quality.min(RECENT_QUALITY_CAP));
        if r.accessibility {
            p.access += k * i64::from(w.access) * i64::from(zone.lift_distance_m);
        }
        if r.previous.as_ref().is_some_and(|prev| *prev != desk.id) {
            p.stability += k * i64::from(w.stability);
        }
        for &h in halves(r.slot) {
            used.insert((zone.id.as_str(), h));
            if let Some(t) = &r.team {
                teams
                    .entry((t.as_str(), h))
                    .or_default()
                    .push(zone.id.as_str());
            }
        }
    }
    p.open_zones =
        used.iter().filter(|u| !pinned.contains(u)).count() as i64 * i64::from(w.open_zone);
    for members in teams.values() {
        let best = problem
            .zones
            .iter()
            .map(|centre| {
                members
                    .iter()
                    .filter_map(|m| zone_of(m))
                    .map(|z| ladder(z, centre))
                    .sum::<i64>()
            })
            .min()
            .unwrap_or(0);
        p.team += best * i64::from(w.team);
    }
    p
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::model::{Availability, DeskId, Feature, PersonId, Pin, ZoneId};
    use crate::outcome::{Explanation, Placement, Stats};

    fn problem() -> Problem {
        let zone = |id: &str| Zone {
            id: ZoneId::from(id),
            name: id.into(),
            building: "b".into(),
            floor: 0,
            adjacent: Vec::new(),
            lift_distance_m: 0,
            overflow: false,
        };
        let desk = |id: &str, z: &str| Desk {
            id: DeskId::from(id),
            label: id.into(),
            zone: ZoneId::from(z),
            features: Vec::new(),
            quality: 0,
            available: Availability::ALL_DAY,
        };
        Problem {
            zones: vec![zone("a"), zone("b")],
            desks: vec![desk("a1", "a"), desk("a2", "a"), desk("b1", "b")],
            pins: Vec::new(),
            requests: vec![
                Request::new("r1", "anna", Slot::FullDay, &["a"]),
                Request::new("r2", "bert", Slot::Morning, &["a"]),
            ],
        }
    }

    fn allocation(p: &Problem, desks: &[Option<&str>]) -> Allocation {
        Allocation {
            placements: p
                .requests
                .iter()
                .zip(desks)
                .map(|(r, d)| Placement {
                    request: r.id.clone(),
                    person: r.person.clone(),
                    lang: r.lang,
                    slot: r.slot,
                    outcome: match d {
                        Some(d) => Outcome::Assigned {
                            desk: DeskId::from(*d),
                        },
                        None => Outcome::Unassigned {
                            reason: Reason::AllTaken,
                        },
                    },
                    explanation: Explanation {
                        de: String::new(),
                        en: String::new(),
                    },
                })
                .collect(),
            penalty: Penalty::default(),
            stats: Stats::default(),
        }
    }

    fn run(p: &Problem, desks: &[Option<&str>]) -> Report {
        check(p, &Weights::default(), &allocation(p, desks))
    }

    #[test]
    fn a_valid_allocation_has_no_violations() {
        let p = problem();
        let report = run(&p, &[Some("a1"), Some("a2")]);
        assert_eq!(report.violations, vec![]);
        assert_eq!(report.served, [1, 1, 0]);
        assert_eq!(report.maximum, [1, 1, 0]);
    }

    #[test]
    fn two_people_on_one_desk_at_once_are_flagged() {
        let p = problem();
        let report = run(&p, &[Some("a1"), Some("a1")]);
        assert_eq!(
            report.violations,
            vec![Violation::DeskTwiceAtOnce("a1 half 0".into())]
        );
    }

    #[test]
    fn a_desk_outside_the_zones_without_the_needed_feature_is_flagged_twice() {
        let mut p = problem();
        p.requests[0].needs.push(Feature::Quiet);
        let report = run(&p, &[Some("b1"), None]);
        assert!(
            report
                .violations
                .contains(&Violation::ZoneNotAllowed("r1".into()))
        );
        assert!(
            report
                .violations
                .contains(&Violation::NeedsNotMet("r1".into()))
        );
    }

    #[test]
    fn a_desk_used_while_unavailable_or_pinned_is_flagged() {
        let mut p = problem();
        p.desks[0].available = Availability::NONE;
        p.pins.push(Pin {
            person: PersonId::from("carl"),
            team: None,
            desk: DeskId::from("a2"),
            slot: Slot::Morning,
        });
        let report = run(&p, &[Some("a1"), Some("a2")]);
        assert!(
            report
                .violations
                .contains(&Violation::DeskUnavailable("r1".into()))
        );
        assert!(
            report
                .violations
                .contains(&Violation::DeskTwiceAtOnce("a2 half 0".into()))
        );
    }

    #[test]
    fn a_person_with_a_pin_who_gets_another_desk_is_flagged() {
        let mut p = problem();
        p.pins.push(Pin {
            person: PersonId::from("bert"),
            team: None,
            desk: DeskId::from("b1"),
            slot: Slot::FullDay,
        });
        let report = run(&p, &[Some("a1"), Some("a2")]);
        assert_eq!(
            report.violations,
            vec![Violation::PersonTwiceAtOnce("bert half 0".into())]
        );
    }

    #[test]
    fn leaving_someone_out_who_fits_shows_below_the_maximum() {
        let p = problem();
        let report = run(&p, &[Some("a1"), None]);
        assert_eq!(report.served, [1, 0, 0]);
        assert_eq!(report.maximum, [1, 1, 0]);
    }

    #[test]
    fn an_untrue_reason_is_flagged() {
        let mut p = problem();
        p.requests[1].zones.clear();
        // r2 has no zone at all: "all taken" is not true, "no suitable desk" is.
        let report = run(&p, &[Some("a1"), None]);
        assert_eq!(report.violations, vec![Violation::WrongReason("r2".into())]);
    }

    #[test]
    fn maximum_matching_follows_an_augmenting_path() {
        // Greedy puts 0 on 0; 1 can only use 0; 0 can move to 1.
        assert_eq!(maximum_matching(&[vec![0, 1], vec![0]], 2), 2);
        assert_eq!(maximum_matching(&[vec![0], vec![0], vec![]], 1), 1);
    }

    #[test]
    fn the_penalty_counts_overflow_and_opened_zones_per_half_day() {
        let mut p = problem();
        p.zones[1].overflow = true;
        p.requests[0].overflow = true;
        let report = run(&p, &[Some("b1"), Some("a1")]);
        let w = Weights::default();
        assert_eq!(report.penalty.home, 2 * i64::from(w.overflow));
        // b open all day (2 halves), a open in the morning.
        assert_eq!(report.penalty.open_zones, 3 * i64::from(w.open_zone));
    }
}
