//! The whole day's count: how many full days, mornings and afternoons to serve, and on which
//! kinds of desk, so that the most requests are served over the whole day (or, under
//! [`Policy::FullDaysFirst`], the most full days and then the most half days).
//!
//! Mixing full days and halves on the same desks is a packing problem (a full day needs one
//! desk for both halves), so there is no fast exact algorithm in general. But for the count,
//! desks with the same free halves and the same requests that may use them are
//! interchangeable, and so are requests with the same slot and the same such desks. The
//! count is then a small integer programme over pairs (request class, desk class) — a few
//! hundred variables for a building of a thousand desks — which branch and bound (the
//! pure-Rust `microlp`) solves exactly, started from the greedy allocation. The search is
//! bounded by [`EXACT_NODES`] branch-and-bound nodes, never by the clock, so a run is
//! deterministic; when the budget ends first, the best count found is used and reported as
//! not proven.

use std::collections::HashMap;

use microlp::{ComparisonOp, LinearExpr, OptimizationDirection, SolveOptions, Variable};

use crate::index::{HALVES, Index, NONE};
use crate::model::Policy;

/// Branch-and-bound nodes the exact count may use. The root relaxation is not a node; on
/// the generated tiers up to 2,000 desks the count needs at most a few.
pub const EXACT_NODES: u64 = 2_000;

/// What the count settled on.
pub(crate) struct Plan {
    /// Per desk: its class, or NONE for a desk no request may use.
    pub desk_class: Vec<u32>,
    /// Per desk class: how many of its desks hold a full day.
    pub full_desks: Vec<u32>,
    /// Requests served by the plan.
    pub served: usize,
    /// Full days served by the plan.
    pub full_days: usize,
    /// Whether no allocation serves more (under the policy).
    pub optimal: bool,
    /// An upper bound on the requests served (under the policy: given the most full days).
    pub bound: usize,
}

/// The objective of a count under `policy`: under [`Policy::FullDaysFirst`] a full day
/// outweighs every half day together.
pub(crate) fn score(policy: Policy, full_days: usize, served: usize, halves_asked: usize) -> u128 {
    let halves = (served - full_days) as u128;
    match policy {
        Policy::MostServed => served as u128,
        Policy::FullDaysFirst => full_days as u128 * (halves_asked as u128 + 1) + halves,
    }
}

struct Classes {
    desk_class: Vec<u32>,
    /// Per desk class: its size and its free halves.
    desks: Vec<(u32, u8)>,
    /// Per request class: its halves, its size and its desk classes.
    requests: Vec<(u8, u32, Vec<u32>)>,
    /// Per request: its class or NONE.
    request_class: Vec<u32>,
}

fn classes(ix: &Index) -> Classes {
    let nd = ix.problem.desks.len();
    let mut users: Vec<Vec<u32>> = vec![Vec::new(); nd];
    for (r, req) in ix.reqs.iter().enumerate() {
        for e in &req.edges {
            users[e.desk as usize].push(r as u32);
        }
    }
    let mut desk_class = vec![NONE; nd];
    let mut desks: Vec<(u32, u8)> = Vec::new();
    let mut by_key: HashMap<(u8, Vec<u32>), u32> = HashMap::new();
    for (d, u) in users.into_iter().enumerate() {
        if u.is_empty() {
            continue;
        }
        let free = ix.free[d];
        let next = desks.len() as u32;
        let c = *by_key.entry((free, u)).or_insert(next);
        if c == next {
            desks.push((0, free));
        }
        desks[c as usize].0 += 1;
        desk_class[d] = c;
    }
    let mut request_class = vec![NONE; ix.reqs.len()];
    let mut requests: Vec<(u8, u32, Vec<u32>)> = Vec::new();
    let mut by_key: HashMap<(u8, Vec<u32>), u32> = HashMap::new();
    for (r, req) in ix.reqs.iter().enumerate() {
        if req.edges.is_empty() {
            continue;
        }
        let mut cs: Vec<u32> = req
            .edges
            .iter()
            .map(|e| desk_class[e.desk as usize])
            .collect();
        cs.sort_unstable();
        cs.dedup();
        let next = requests.len() as u32;
        let c = *by_key.entry((req.mask, cs.clone())).or_insert(next);
        if c == next {
            requests.push((req.mask, 0, cs));
        }
        requests[c as usize].1 += 1;
        request_class[r] = c;
    }
    Classes {
        desk_class,
        desks,
        requests,
        request_class,
    }
}

/// The count as a programme over (request class, desk class) pairs: at most the class's
/// requests per request class, at most the class's desks per desk class and half-day.
struct Model {
    lp: microlp::Problem,
    /// Per request class: its variables, one per desk class.
    vars: Vec<Vec<(u32, Variable)>>,
}

impl Model {
    fn new(cl: &Classes, full_weight: f64, integer: bool) -> Option<Model> {
        let mut lp = microlp::Problem::new(OptimizationDirection::Maximize);
        let mut vars: Vec<Vec<(u32, Variable)>> = Vec::with_capacity(cl.requests.len());
        let mut per_half: Vec<[Vec<Variable>; 2]> = vec![[Vec::new(), Vec::new()]; cl.desks.len()];
        for &(mask, size, ref cs) in &cl.requests {
            let weight = if mask == 3 { full_weight } else { 1.0 };
            let mut row = Vec::with_capacity(cs.len());
            for &c in cs {
                // Upper bounds only where the solver needs them (integers): the rows bound
                // every variable, and the simplex is several times faster without them.
                let v = if integer {
                    lp.add_integer_var(weight, (0, i32::try_from(size).ok()?))
                } else {
                    lp.add_var(weight, (0.0, f64::INFINITY))
                };
                for (hi, h) in HALVES.iter().enumerate() {
                    if mask & h != 0 {
                        per_half[c as usize][hi].push(v);
                    }
                }
                row.push((c, v));
            }
            let expr: LinearExpr = row.iter().map(|&(_, v)| (v, 1.0)).collect();
            lp.add_constraint(expr, ComparisonOp::Le, f64::from(size));
            vars.push(row);
        }
        for (c, halves) in per_half.iter().enumerate() {
            for hv in halves.iter().filter(|hv| !hv.is_empty()) {
                let expr: LinearExpr = hv.iter().map(|&v| (v, 1.0)).collect();
                lp.add_constraint(expr, ComparisonOp::Le, f64::from(cl.desks[c].0));
            }
        }
        Some(Model { lp, vars })
    }

    /// Full desks per desk class, requests and full days served, from a solution (full
    /// desks rounded down where the solution is fractional), and whether it was integral.
    fn read(&self, cl: &Classes, solution: &microlp::Solution) -> (Vec<u32>, usize, usize, bool) {
        let mut full_desks = vec![0f64; cl.desks.len()];
        let (mut served, mut full_days, mut integral) = (0f64, 0f64, true);
        for (rc, row) in self.vars.iter().enumerate() {
            let full = cl.requests[rc].0 == 3;
            for &(dc, v) in row {
                let x = solution.var_value(v).max(0.0);
                integral &= (x - x.round()).abs() < 1e-6;
                served += x;
                if full {
                    full_days += x;
                    full_desks[dc as usize] += x;
                }
            }
        }
        let down = |x: f64| (x + 1e-6).floor() as usize;
        (
            full_desks.into_iter().map(|x| down(x) as u32).collect(),
            down(served),
            down(full_days),
            integral,
        )
    }
}

/// A first count from the linear relaxation: its bound on the score (see [`score`]), and
/// the full desks per class rounded down. When the relaxation's solution is integral, the
/// plan is optimal as it stands. `None` when the relaxation could not be solved.
pub(crate) fn relaxed(ix: &Index, policy: Policy) -> Option<(Plan, u128)> {
    let cl = classes(ix);
    let halves_asked = ix.reqs.iter().filter(|r| r.mask != 3).count();
    let model = Model::new(&cl, full_weight(policy, halves_asked), false)?;
    let outcome = model.lp.solve().ok()?;
    let solution = outcome.solution()?;
    let bound = (solution.objective() + 1e-6).floor().max(0.0) as u128;
    let (full_desks, served, full_days, integral) = model.read(&cl, solution);
    let plan = Plan {
        desk_class: cl.desk_class,
        full_desks,
        served,
        full_days,
        optimal: integral,
        bound: match policy {
            Policy::MostServed => usize::try_from(bound).unwrap_or(usize::MAX),
            Policy::FullDaysFirst => servable(ix),
        },
    };
    Some((plan, bound))
}

fn full_weight(policy: Policy, halves_asked: usize) -> f64 {
    match policy {
        Policy::MostServed => 1.0,
        Policy::FullDaysFirst => halves_asked as f64 + 1.0,
    }
}

fn servable(ix: &Index) -> usize {
    ix.reqs.iter().filter(|r| !r.edges.is_empty()).count()
}

/// The best count under `policy` by branch and bound over the integer programme, started
/// from the allocation `start` (per request its desk or NONE), within [`EXACT_NODES`]
/// nodes. `None` when the programme could not be solved (then `start` stays).
pub(crate) fn exact(ix: &Index, policy: Policy, start: &[u32]) -> Option<Plan> {
    let cl = classes(ix);
    let halves_asked = ix.reqs.iter().filter(|r| r.mask != 3).count();
    let model = Model::new(&cl, full_weight(policy, halves_asked), true)?;
    let mut warm: HashMap<(u32, u32), u32> = HashMap::new();
    for (r, &d) in start.iter().enumerate() {
        let rc = cl.request_class[r];
        if d != NONE && rc != NONE {
            *warm.entry((rc, cl.desk_class[d as usize])).or_insert(0) += 1;
        }
    }
    let warm_start = model
        .vars
        .iter()
        .enumerate()
        .flat_map(|(rc, row)| {
            let warm = &warm;
            row.iter().map(move |&(dc, v)| {
                (
                    v,
                    f64::from(warm.get(&(rc as u32, dc)).copied().unwrap_or(0)),
                )
            })
        })
        .collect();
    let mut options = SolveOptions::default();
    options.node_limit = Some(EXACT_NODES);
    options.warm_start = Some(warm_start);
    let outcome = model.lp.solve_with(options).ok()?;
    let optimal = outcome.is_optimal();
    let best_bound = outcome.stats().best_bound;
    let solution = outcome.solution()?;
    let (full_desks, served, full_days, _) = model.read(&cl, solution);
    let bound = match (optimal, best_bound) {
        (true, _) => served,
        // Under FullDaysFirst the bound is on the weighted objective: not a count.
        (false, Some(b)) if policy == Policy::MostServed => (b + 1e-6).floor() as usize,
        _ => servable(ix),
    };
    Some(Plan {
        desk_class: cl.desk_class,
        full_desks,
        served,
        full_days,
        optimal,
        bound: bound.max(served),
    })
}
