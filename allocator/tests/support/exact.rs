//! An exact reference solver: the day's soft penalty as a mixed-integer programme, solved by
//! `good_lp` with the pure-Rust `microlp` backend. Used by tests and the benchmark to measure
//! the allocator's optimality gap. Shares only the public input and output types with the
//! allocator.
//!
//! The numbers of requests served per pass (full day, morning, afternoon) are fixed to the
//! given counts, and desks are constrained per half-day, so the programme may rearrange the
//! whole day at once: its optimum is a lower bound for every allocation that serves those
//! counts, including the allocator's pass-by-pass one.
//!
//! Teams use the strong facility-location form: one centre per team and half, and each
//! member's zone linked to the centre by flow variables.

// Each test binary and the benchmark use a part of this module.
#![allow(dead_code)]

use std::collections::HashMap;
use std::time::Instant;

use allocator::{Problem, RECENT_QUALITY_CAP, Request, Slot, Weights, Zone};
use good_lp::{
    Expression, ProblemVariables, ResolutionError, Solution, SolutionStatus, SolverModel, Variable,
    WithTimeLimit, constraint, microlp, variable,
};

/// What the exact solver found.
#[derive(Debug, Clone)]
pub struct Exact {
    /// The objective value found (the optimum when `optimal`).
    pub value: f64,
    /// Whether optimality was proven (always true for a relaxation that solved).
    pub optimal: bool,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Binary variables in the model.
    pub binaries: usize,
    /// The desk index chosen per request (meaningful for an integer solve).
    pub desks: Vec<Option<usize>>,
}

fn halves(slot: Slot) -> &'static [usize] {
    match slot {
        Slot::Morning => &[0],
        Slot::Afternoon => &[1],
        Slot::FullDay => &[0, 1],
    }
}

fn ladder(a: &Zone, b: &Zone) -> f64 {
    if a.id == b.id {
        0.0
    } else if a.adjacent.contains(&b.id) || b.adjacent.contains(&a.id) {
        1.0
    } else if a.building == b.building && a.floor == b.floor {
        2.0
    } else if a.building == b.building {
        3.0
    } else {
        4.0
    }
}

fn priority(r: &Request, z: &Zone) -> Option<Option<u8>> {
    match r
        .zones
        .iter()
        .filter(|a| a.zone == z.id)
        .map(|a| a.priority)
        .min()
    {
        Some(p) => Some(Some(p)),
        None if r.overflow && z.overflow => Some(None),
        None => None,
    }
}

/// Per request, the desks it may use: in an allowed zone, with every needed feature,
/// available and free of pins in its halves, and the person not pinned elsewhere then.
pub fn usable(problem: &Problem) -> Vec<Vec<usize>> {
    let zone_of = |id: &str| problem.zones.iter().find(|z| z.id.as_str() == id);
    let mut pinned_desk = vec![[false; 2]; problem.desks.len()];
    let mut pinned_person: HashMap<(&str, usize), ()> = HashMap::new();
    for pin in &problem.pins {
        let Some(d) = problem.desks.iter().position(|d| d.id == pin.desk) else {
            continue;
        };
        for &h in halves(pin.slot) {
            pinned_desk[d][h] = true;
            pinned_person.insert((pin.person.as_str(), h), ());
        }
    }
    problem
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
                    let desk = &problem.desks[d];
                    zone_of(desk.zone.as_str()).is_some_and(|z| priority(r, z).is_some())
                        && r.needs.iter().all(|n| desk.features.contains(n))
                        && halves(r.slot).iter().all(|&h| {
                            !pinned_desk[d][h]
                                && if h == 0 {
                                    desk.available.morning
                                } else {
                                    desk.available.afternoon
                                }
                        })
                })
                .collect()
        })
        .collect()
}

/// The whole day's best count as an integer programme over request–desk pairs: with
/// `full_first`, the most full days and then the most half days; otherwise the most
/// requests. Returns (full days, requests served), or `None` if not solved within
/// `time_limit_s`.
pub fn best_count(
    problem: &Problem,
    full_first: bool,
    time_limit_s: f64,
) -> Option<(usize, usize)> {
    let usable = usable(problem);
    let halves_asked = problem
        .requests
        .iter()
        .filter(|r| r.slot != Slot::FullDay)
        .count() as f64;
    let mut vars = ProblemVariables::new();
    let mut objective = Expression::from(0.0);
    let mut constraints = Vec::new();
    let mut per_half: Vec<[Expression; 2]> = vec![Default::default(); problem.desks.len()];
    let mut cells = Vec::new();
    for (r, ds) in problem.requests.iter().zip(&usable) {
        let mut one = Expression::from(0.0);
        for &d in ds {
            let v = vars.add(variable().binary());
            cells.push((r.slot, v));
            one += v;
            for &h in halves(r.slot) {
                per_half[d][h] += v;
            }
            if r.slot == Slot::FullDay {
                objective += if full_first { halves_asked + 1.0 } else { 1.0 } * v;
            } else {
                objective += v;
            }
        }
        constraints.push(constraint!(one <= 1));
    }
    for halves in per_half {
        for e in halves {
            constraints.push(constraint!(e <= 1));
        }
    }
    let mut model = vars
        .maximise(objective)
        .using(microlp)
        .with_time_limit(time_limit_s);
    for c in constraints {
        model = model.with(c);
    }
    let solution = model.solve().ok()?;
    if !matches!(solution.status(), SolutionStatus::Optimal) {
        return None;
    }
    let count = |slot: Option<Slot>| {
        cells
            .iter()
            .filter(|(s, v)| slot.is_none_or(|x| x == *s) && solution.value(*v) > 0.5)
            .count()
    };
    Some((count(Some(Slot::FullDay)), count(None)))
}

/// Solves the day exactly (`relax` false) or its linear relaxation (`relax` true), with
/// `served[k]` requests served in pass k (full day, morning, afternoon).
pub fn solve(
    problem: &Problem,
    w: &Weights,
    served: [usize; 3],
    relax: bool,
    time_limit_s: Option<f64>,
) -> Result<Exact, ResolutionError> {
    let started = Instant::now();
    let nz = problem.zones.len();
    let zone_ix: HashMap<&str, usize> = problem
        .zones
        .iter()
        .enumerate()
        .map(|(i, z)| (z.id.as_str(), i))
        .collect();
    let desk_zone: Vec<usize> = problem
        .desks
        .iter()
        .map(|d| zone_ix[d.zone.as_str()])
        .collect();
    let mut pinned_zone = vec![[false; 2]; nz];
    let mut team_pins: HashMap<(&str, usize), Vec<usize>> = HashMap::new();
    for pin in &problem.pins {
        let Some(d) = problem.desks.iter().position(|d| d.id == pin.desk) else {
            continue;
        };
        for &h in halves(pin.slot) {
            pinned_zone[desk_zone[d]][h] = true;
            if let Some(t) = &pin.team {
                team_pins
                    .entry((t.as_str(), h))
                    .or_default()
                    .push(desk_zone[d]);
            }
        }
    }

    let mut vars = ProblemVariables::new();
    let mut binaries = 0;
    let mut bin = |vars: &mut ProblemVariables| {
        binaries += 1;
        if relax {
            vars.add(variable().min(0).max(1))
        } else {
            vars.add(variable().binary())
        }
    };
    let mut objective = Expression::from(0.0);
    let mut constraints = Vec::new();

    // x[r][..] = (desk, var)
    let mut x: Vec<Vec<(usize, Variable)>> = Vec::new();
    for (r, usable) in problem.requests.iter().zip(usable(problem)) {
        let mut row = Vec::new();
        {
            for d in usable {
                let desk = &problem.desks[d];
                let zone = &problem.zones[desk_zone[d]];
                let Some(prio) = priority(r, zone) else {
                    continue;
                };
                let k = if r.slot == Slot::FullDay { 2.0 } else { 1.0 };
                let mut cost = match prio {
                    Some(p) => f64::from(w.home) * f64::from(p),
                    None => f64::from(w.overflow),
                };
                let mut unmet = 0.0;
                if !r.preferences.desks.is_empty() && !r.preferences.desks.contains(&desk.id) {
                    unmet += 1.0;
                }
                if !r.preferences.zones.is_empty() && !r.preferences.zones.contains(&zone.id) {
                    unmet += 1.0;
                }
                for f in &r.preferences.features {
                    if !desk.features.contains(f) {
                        unmet += 1.0;
                    }
                }
                cost += f64::from(w.preference) * unmet;
                cost += f64::from(w.fairness)
                    * f64::from(desk.quality)
                    * f64::from(r.recent_quality.min(RECENT_QUALITY_CAP));
                if r.accessibility {
                    cost += f64::from(w.access) * f64::from(zone.lift_distance_m);
                }
                if r.previous.as_ref().is_some_and(|p| *p != desk.id) {
                    cost += f64::from(w.stability);
                }
                let v = bin(&mut vars);
                objective += k * cost * v;
                row.push((d, v));
            }
        }
        x.push(row);
    }

    // One desk per request; served counts per pass.
    let order = [Slot::FullDay, Slot::Morning, Slot::Afternoon];
    let mut per_pass: [Expression; 3] = Default::default();
    for (r, row) in problem.requests.iter().zip(&x) {
        let sum: Expression = row.iter().map(|(_, v)| *v).sum();
        constraints.push(constraint!(sum.clone() <= 1));
        let k = order.iter().position(|&s| s == r.slot).unwrap_or(0);
        per_pass[k] += sum;
    }
    for (k, e) in per_pass.into_iter().enumerate() {
        constraints.push(constraint!(e == served[k] as f64));
    }
    // One request per desk and half.
    let mut per_desk_half: HashMap<(usize, usize), Expression> = HashMap::new();
    for (r, row) in problem.requests.iter().zip(&x) {
        for &(d, v) in row {
            for &h in halves(r.slot) {
                *per_desk_half.entry((d, h)).or_default() += v;
            }
        }
    }
    let mut keys: Vec<_> = per_desk_half.keys().copied().collect();
    keys.sort_unstable();
    for key in keys {
        if let Some(e) = per_desk_half.remove(&key) {
            constraints.push(constraint!(e <= 1));
        }
    }

    // Open zones.
    let mut open: HashMap<(usize, usize), Variable> = HashMap::new();
    for (r, row) in problem.requests.iter().zip(&x) {
        for &(d, v) in row {
            for &h in halves(r.slot) {
                let z = desk_zone[d];
                if pinned_zone[z][h] {
                    continue;
                }
                let o = *open.entry((z, h)).or_insert_with(|| {
                    let o = bin(&mut vars);
                    objective += f64::from(w.open_zone) * o;
                    o
                });
                constraints.push(constraint!(v <= o));
            }
        }
    }

    // Teams: members per (team, half).
    let mut members: HashMap<(&str, usize), Vec<usize>> = HashMap::new();
    for (i, r) in problem.requests.iter().enumerate() {
        if let Some(t) = &r.team {
            for &h in halves(r.slot) {
                members.entry((t.as_str(), h)).or_default().push(i);
            }
        }
    }
    let mut team_keys: Vec<(&str, usize)> = members.keys().copied().collect();
    team_keys.sort_unstable();
    let wt = f64::from(w.team);
    for key in team_keys {
        let reqs = &members[&key];
        let pins = team_pins.get(&key).map(Vec::as_slice).unwrap_or(&[]);
        if reqs.len() + pins.len() < 2 || wt == 0.0 {
            continue;
        }
        let centre: Vec<Variable> = (0..nz).map(|_| bin(&mut vars)).collect();
        constraints.push(constraint!(centre.iter().copied().sum::<Expression>() == 1));
        for (c, &a) in centre.iter().enumerate() {
            let fixed: f64 = pins
                .iter()
                .map(|&z| ladder(&problem.zones[z], &problem.zones[c]))
                .sum();
            objective += wt * fixed * a;
        }
        for &i in reqs {
            let mut by_zone: HashMap<usize, Expression> = HashMap::new();
            for &(d, v) in &x[i] {
                *by_zone.entry(desk_zone[d]).or_default() += v;
            }
            let mut zones: Vec<usize> = by_zone.keys().copied().collect();
            zones.sort_unstable();
            for z in zones {
                let u = by_zone.remove(&z).unwrap_or_default();
                let mut flow = Expression::from(0.0);
                for (c, &a) in centre.iter().enumerate() {
                    let y = vars.add(variable().min(0));
                    flow += y;
                    constraints.push(constraint!(y <= a));
                    objective += wt * ladder(&problem.zones[z], &problem.zones[c]) * y;
                }
                constraints.push(constraint!(flow == u));
            }
        }
    }

    let mut model = vars.minimise(objective.clone()).using(microlp);
    if let Some(t) = time_limit_s {
        model = model.with_time_limit(t);
    }
    for c in constraints {
        model.add_constraint(c);
    }
    let solution = model.solve()?;
    let desks = x
        .iter()
        .map(|row| {
            row.iter()
                .find(|(_, v)| solution.value(*v) > 0.5)
                .map(|(d, _)| *d)
        })
        .collect();
    let optimal = relax || matches!(solution.status(), SolutionStatus::Optimal);
    Ok(Exact {
        value: solution.eval(&objective),
        optimal,
        seconds: started.elapsed().as_secs_f64(),
        binaries,
        desks,
    })
}

/// The exact solution as an allocation, for the checker (unplaced requests are marked
/// `AllTaken`, and explanations are empty).
pub fn to_allocation(problem: &Problem, exact: &Exact) -> allocator::Allocation {
    let placements = problem
        .requests
        .iter()
        .zip(&exact.desks)
        .map(|(r, d)| allocator::Placement {
            request: r.id.clone(),
            person: r.person.clone(),
            lang: r.lang,
            slot: r.slot,
            outcome: match d {
                Some(d) => allocator::Outcome::Assigned {
                    desk: problem.desks[*d].id.clone(),
                },
                None => allocator::Outcome::Unassigned {
                    reason: allocator::Reason::AllTaken,
                },
            },
            explanation: allocator::Explanation {
                de: String::new(),
                en: String::new(),
            },
        })
        .collect();
    allocator::Allocation {
        placements,
        penalty: allocator::Penalty::default(),
        stats: allocator::Stats::default(),
    }
}
