//! An independent checker for the home-zone planner, written apart from its search: it
//! reads only the public input and a unit → zones assignment, finds what breaks the rules,
//! and recomputes the cost from the documented formulas. [`exact`] enumerates every
//! assignment of a small instance for the optimum.

use std::collections::{HashMap, HashSet};

use crate::model::{UnitId, ZoneId};

use super::{PlanConfig, PlanCost, PlanInput, PlanZone, percentile};

/// What the checker found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanReport {
    /// Broken rules, in words; empty for a valid assignment.
    pub violations: Vec<String>,
    /// The cost, recomputed.
    pub cost: PlanCost,
}

fn ladder(a: &PlanZone, b: &PlanZone) -> i64 {
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

/// Checks `assignment` (per unit, its zones) against `input` and recomputes its cost.
pub fn evaluate(
    input: &PlanInput,
    config: &PlanConfig,
    assignment: &[(UnitId, Vec<ZoneId>)],
) -> PlanReport {
    let w = &config.weights;
    let zones: HashMap<&str, &PlanZone> = input.zones.iter().map(|z| (z.id.as_str(), z)).collect();
    let given: HashMap<&str, &[ZoneId]> = assignment
        .iter()
        .map(|(u, zs)| (u.as_str(), zs.as_slice()))
        .collect();
    let mut violations = Vec::new();
    let mut holder: HashMap<&str, &str> = HashMap::new();
    let mut cost = PlanCost::default();
    let mut resolved: HashMap<&str, Vec<&PlanZone>> = HashMap::new();
    for unit in &input.units {
        let Some(zs) = given.get(unit.id.as_str()) else {
            violations.push(format!("unit {} has no entry", unit.id));
            continue;
        };
        let mut mine: Vec<&PlanZone> = Vec::new();
        for id in zs.iter() {
            let Some(z) = zones.get(id.as_str()) else {
                violations.push(format!("unit {} got unknown zone {id}", unit.id));
                continue;
            };
            if z.kind.planned() {
                if !z.organisations.contains(&unit.organisation) {
                    violations.push(format!(
                        "zone {id} is not given to {}, the organisation of unit {}",
                        unit.organisation, unit.id
                    ));
                }
                if let Some(other) = holder.insert(id.as_str(), unit.id.as_str()) {
                    violations.push(format!("zone {id} went to {other} and to {}", unit.id));
                }
            }
            mine.push(z);
        }
        let fixed_now: HashSet<&str> = unit
            .current
            .iter()
            .filter(|z| zones.get(z.as_str()).is_some_and(|z| !z.kind.planned()))
            .map(ZoneId::as_str)
            .collect();
        let fixed_then: HashSet<&str> = mine
            .iter()
            .filter(|z| !z.kind.planned())
            .map(|z| z.id.as_str())
            .collect();
        if fixed_now != fixed_then {
            violations.push(format!(
                "the entrance or consultation zones of unit {} changed",
                unit.id
            ));
        }
        let desks: i64 = mine.iter().map(|z| i64::from(z.desks)).sum();
        let accessible: i64 = mine
            .iter()
            .map(|z| i64::from(z.accessible_desks.min(z.desks)))
            .sum();
        let over = unit
            .demand
            .iter()
            .filter(|&&d| i64::from(d) > desks)
            .count() as i64;
        cost.overflow_days += i64::from(w.overflow_day) * over;
        let want = i64::from(percentile(&unit.demand, config.percentile));
        cost.shortfall += i64::from(w.shortfall) * (want - desks).max(0);
        cost.access +=
            i64::from(w.access) * (i64::from(unit.accessible_people) - accessible).max(0);
        if mine.len() > 1 {
            let apart = mine
                .iter()
                .filter(|z| !mine.iter().any(|y| y.id != z.id && ladder(z, y) == 1))
                .count() as i64;
            cost.spread += i64::from(w.spread) * apart;
        }
        let before: HashSet<&str> = unit.current.iter().map(ZoneId::as_str).collect();
        let after: HashSet<&str> = mine.iter().map(|z| z.id.as_str()).collect();
        if before != after {
            cost.moved += i64::from(w.moved);
        }
        resolved.insert(unit.id.as_str(), mine);
    }
    for a in &input.affinities {
        let (x, y) = if a.a.as_str() < a.b.as_str() {
            (a.a.as_str(), a.b.as_str())
        } else {
            (a.b.as_str(), a.a.as_str())
        };
        if x == y || a.weight == 0 {
            continue;
        }
        let (Some(zx), Some(zy)) = (resolved.get(x), resolved.get(y)) else {
            continue;
        };
        let d = zx
            .iter()
            .flat_map(|p| zy.iter().map(move |q| ladder(p, q)))
            .min()
            .unwrap_or(4);
        cost.affinity += i64::from(w.affinity) * i64::from(a.weight) * d;
    }
    PlanReport { violations, cost }
}

/// The cheapest valid assignment of a small instance, by trying every one (each planned
/// zone to nobody or to a unit it may go to); `None` when there are more than `limit`.
pub fn exact(input: &PlanInput, config: &PlanConfig, limit: u64) -> Option<PlanCost> {
    let planned: Vec<(usize, Vec<usize>)> = input
        .zones
        .iter()
        .enumerate()
        .filter(|(_, z)| z.kind.planned())
        .map(|(i, z)| {
            let units = input
                .units
                .iter()
                .enumerate()
                .filter(|(_, u)| z.organisations.contains(&u.organisation))
                .map(|(j, _)| j)
                .collect::<Vec<_>>();
            (i, units)
        })
        .filter(|(_, units)| !units.is_empty())
        .collect();
    let mut count: u64 = 1;
    for (_, units) in &planned {
        count = count.checked_mul(units.len() as u64 + 1)?;
        if count > limit {
            return None;
        }
    }
    let mut choice = vec![0usize; planned.len()];
    let mut best: Option<PlanCost> = None;
    loop {
        let mut assignment: Vec<(UnitId, Vec<ZoneId>)> = input
            .units
            .iter()
            .map(|u| {
                let fixed = u
                    .current
                    .iter()
                    .filter(|z| input.zones.iter().any(|x| &x.id == *z && !x.kind.planned()))
                    .cloned()
                    .collect();
                (u.id.clone(), fixed)
            })
            .collect();
        for ((zone, units), &c) in planned.iter().zip(&choice) {
            if c > 0 {
                assignment[units[c - 1]]
                    .1
                    .push(input.zones[*zone].id.clone());
            }
        }
        let report = evaluate(input, config, &assignment);
        if report.violations.is_empty() && best.is_none_or(|b| report.cost.total() < b.total()) {
            best = Some(report.cost);
        }
        // Next choice, as an odometer.
        let mut k = 0;
        loop {
            if k == choice.len() {
                return best;
            }
            choice[k] += 1;
            if choice[k] <= planned[k].1.len() {
                break;
            }
            choice[k] = 0;
            k += 1;
        }
    }
}
