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
//! pure-Rust `microlp`) solves exactly, started from the greedy allocation. Before that, a
//! small programme over the classes near the unserved requests only (the rest held where the
//! greedy allocation has them) often serves everyone who can be served at all, which needs
//! no bound; on a building of 4,200 desks it takes milliseconds where the relaxation over
//! the whole class graph took half a second. The search is
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

/// The count as a programme over (request class, desk class) pairs of one part of the
/// class graph: at most the class's requests per request class, at most the class's desks
/// per desk class and half-day.
struct Model {
    lp: microlp::Problem,
    /// Per request class of the part: the class and its variables, one per desk class.
    vars: Vec<(usize, Vec<(u32, Variable)>)>,
}

impl Model {
    /// `outside`: per desk class, the desks per half that requests outside the part hold
    /// (none when the part is a whole connected part of the class graph).
    fn new(
        cl: &Classes,
        part: &[usize],
        outside: &[[u32; 2]],
        full_weight: f64,
        integer: bool,
    ) -> Option<Model> {
        let mut lp = microlp::Problem::new(OptimizationDirection::Maximize);
        let mut vars = Vec::with_capacity(part.len());
        let mut per_half: HashMap<u32, [Vec<Variable>; 2]> = HashMap::new();
        for &rc in part {
            let (mask, size, ref cs) = cl.requests[rc];
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
                let halves = per_half.entry(c).or_default();
                for (hi, h) in HALVES.iter().enumerate() {
                    if mask & h != 0 {
                        halves[hi].push(v);
                    }
                }
                row.push((c, v));
            }
            let expr: LinearExpr = row.iter().map(|&(_, v)| (v, 1.0)).collect();
            lp.add_constraint(expr, ComparisonOp::Le, f64::from(size));
            vars.push((rc, row));
        }
        let mut desk_classes: Vec<&u32> = per_half.keys().collect();
        desk_classes.sort_unstable();
        for c in desk_classes {
            for (hv, held) in per_half[c].iter().zip(outside[*c as usize]) {
                if hv.is_empty() {
                    continue;
                }
                let room = cl.desks[*c as usize].0.saturating_sub(held);
                let expr: LinearExpr = hv.iter().map(|&v| (v, 1.0)).collect();
                lp.add_constraint(expr, ComparisonOp::Le, f64::from(room));
            }
        }
        Some(Model { lp, vars })
    }
}

/// What the start (per request its desk or NONE) serves, per class.
struct Start {
    /// Per request class: requests served.
    served: Vec<u32>,
    /// Per desk class: desks holding a full day.
    full_desks: Vec<u32>,
    /// Per (request class, desk class): requests served there.
    cells: HashMap<(u32, u32), u32>,
}

fn start_of(cl: &Classes, ix: &Index, start: &[u32]) -> Start {
    let mut st = Start {
        served: vec![0; cl.requests.len()],
        full_desks: vec![0; cl.desks.len()],
        cells: HashMap::new(),
    };
    for (r, &d) in start.iter().enumerate() {
        let rc = cl.request_class[r];
        if d == NONE || rc == NONE {
            continue;
        }
        let dc = cl.desk_class[d as usize];
        st.served[rc as usize] += 1;
        if ix.reqs[r].mask == 3 {
            st.full_desks[dc as usize] += 1;
        }
        *st.cells.entry((rc, dc)).or_insert(0) += 1;
    }
    st
}

/// The request classes of each connected part of the class graph (request classes joined
/// through the desk classes they may use) in which `start` leaves a request unserved; in
/// the other parts, everyone is served already.
fn open_parts(cl: &Classes, st: &Start) -> Vec<Vec<usize>> {
    let nr = cl.requests.len();
    let mut parent: Vec<usize> = (0..nr + cl.desks.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for (rc, (_, _, cs)) in cl.requests.iter().enumerate() {
        for &c in cs {
            let (a, b) = (root(&mut parent, rc), root(&mut parent, nr + c as usize));
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut parts: HashMap<usize, Vec<usize>> = HashMap::new();
    for rc in 0..nr {
        parts.entry(root(&mut parent, rc)).or_default().push(rc);
    }
    let mut open: Vec<Vec<usize>> = parts
        .into_values()
        .filter(|part| part.iter().any(|&rc| st.served[rc] < cl.requests[rc].1))
        .collect();
    open.sort_unstable();
    open
}

/// The request classes near those the start leaves someone of unserved: breadth first
/// through the desk classes they may use, level by level while the model stays within
/// `limit` variables (one per pair of request class and desk class). Empty when the start
/// serves everyone.
fn neighbourhood(cl: &Classes, st: &Start, limit: usize) -> Vec<usize> {
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); cl.desks.len()];
    for (rc, (_, _, cs)) in cl.requests.iter().enumerate() {
        for &c in cs {
            users[c as usize].push(rc);
        }
    }
    let mut taken = vec![false; cl.requests.len()];
    let mut seen_desk = vec![false; cl.desks.len()];
    let mut level: Vec<usize> = (0..cl.requests.len())
        .filter(|&rc| st.served[rc] < cl.requests[rc].1)
        .collect();
    let mut ball = Vec::new();
    let mut vars = 0;
    while !level.is_empty() {
        let size: usize = level.iter().map(|&rc| cl.requests[rc].2.len()).sum();
        if !ball.is_empty() && vars + size > limit {
            break;
        }
        vars += size;
        for &rc in &level {
            taken[rc] = true;
        }
        ball.extend_from_slice(&level);
        let mut next = Vec::new();
        for &rc in &level {
            for &c in &cl.requests[rc].2 {
                if std::mem::replace(&mut seen_desk[c as usize], true) {
                    continue;
                }
                for &other in &users[c as usize] {
                    if !std::mem::replace(&mut taken[other], true) {
                        next.push(other);
                    }
                }
            }
        }
        next.sort_unstable();
        level = next;
    }
    ball.sort_unstable();
    ball
}

/// Per desk class, the desks per half that the start's requests outside `part` hold.
fn held_outside(cl: &Classes, st: &Start, part: &[usize]) -> Vec<[u32; 2]> {
    let mut inside = vec![false; cl.requests.len()];
    for &rc in part {
        inside[rc] = true;
    }
    let mut held = vec![[0u32; 2]; cl.desks.len()];
    for (&(rc, dc), &n) in &st.cells {
        if inside[rc as usize] {
            continue;
        }
        let mask = cl.requests[rc as usize].0;
        for (hi, h) in HALVES.iter().enumerate() {
            if mask & h != 0 {
                held[dc as usize][hi] += n;
            }
        }
    }
    held
}

/// Solves the count in every open part (the linear relaxation, or with `integer` branch and
/// bound from the start); the other parts keep what the start serves. Returns the plan and
/// a bound on the score (see [`score`]).
/// With `near`, only the request classes of [`neighbourhood`] within that many variables are
/// solved (by branch and bound), the rest held where the start has them: no bound then.
fn solve(
    ix: &Index,
    policy: Policy,
    start: &[u32],
    integer: bool,
    near: Option<usize>,
) -> Option<(Plan, u128)> {
    let cl = classes(ix);
    let st = start_of(&cl, ix, start);
    let halves_asked = halves_asked(ix);
    let weight = full_weight(policy, halves_asked);
    let mut full_desks = st.full_desks.clone();
    let (mut served, mut full_days) = (0usize, 0usize);
    for (rc, &n) in st.served.iter().enumerate() {
        served += n as usize;
        if cl.requests[rc].0 == 3 {
            full_days += n as usize;
        }
    }
    let parts = match near {
        None => open_parts(&cl, &st),
        Some(limit) => vec![neighbourhood(&cl, &st, limit)],
    };
    // The parts where the start serves everyone count at the start's score.
    let (mut closed_full, mut closed_served) = (full_days, served);
    for &rc in parts.iter().flatten() {
        closed_served -= st.served[rc] as usize;
        if cl.requests[rc].0 == 3 {
            closed_full -= st.served[rc] as usize;
        }
    }
    let closed = score(policy, closed_full, closed_served, halves_asked);
    let (mut bound, mut settled) = (0f64, true);
    for part in parts.into_iter().filter(|part| !part.is_empty()) {
        let outside = held_outside(&cl, &st, &part);
        let model = Model::new(&cl, &part, &outside, weight, integer)?;
        let mut options = SolveOptions::default();
        if integer {
            options.node_limit = Some(EXACT_NODES);
            options.warm_start = Some(
                model
                    .vars
                    .iter()
                    .flat_map(|(rc, row)| {
                        let cells = &st.cells;
                        row.iter().map(move |&(dc, v)| {
                            let n = cells.get(&(*rc as u32, dc)).copied().unwrap_or(0);
                            (v, f64::from(n))
                        })
                    })
                    .collect(),
            );
        }
        let outcome = model.lp.solve_with(options).ok()?;
        settled &= !integer || outcome.is_optimal();
        let part_bound = outcome.stats().best_bound;
        let solution = outcome.solution()?;
        bound += match (integer, part_bound) {
            (true, Some(b)) => b,
            _ => solution.objective(),
        };
        for (rc, row) in &model.vars {
            let full = cl.requests[*rc].0 == 3;
            served -= st.served[*rc] as usize;
            if full {
                full_days -= st.served[*rc] as usize;
            }
            for &(dc, _) in row {
                if full {
                    full_desks[dc as usize] -=
                        st.cells.get(&(*rc as u32, dc)).copied().unwrap_or(0);
                }
            }
        }
        let mut extra = vec![0f64; cl.desks.len()];
        let (mut part_served, mut part_full) = (0f64, 0f64);
        for (rc, row) in &model.vars {
            let full = cl.requests[*rc].0 == 3;
            for &(dc, v) in row {
                let x = solution.var_value(v).max(0.0);
                settled &= integer || (x - x.round()).abs() < 1e-6;
                part_served += x;
                if full {
                    part_full += x;
                    extra[dc as usize] += x;
                }
            }
        }
        let down = |x: f64| (x + 1e-6).floor() as usize;
        for (dc, x) in extra.into_iter().enumerate() {
            full_desks[dc] += down(x) as u32;
        }
        served += down(part_served);
        full_days += down(part_full);
    }
    if near.is_some() {
        let plan = Plan {
            desk_class: cl.desk_class,
            full_desks,
            served,
            full_days,
            optimal: false,
            bound: servable(ix),
        };
        return Some((plan, 0));
    }
    let bound = if settled {
        score(policy, full_days, served, halves_asked)
    } else {
        (bound + 1e-6).floor().max(0.0) as u128 + closed
    };
    let plan = Plan {
        desk_class: cl.desk_class,
        full_desks,
        served,
        full_days,
        optimal: settled,
        bound: match (settled, policy) {
            (true, _) => served,
            (false, Policy::MostServed) => usize::try_from(bound).unwrap_or(usize::MAX),
            (false, Policy::FullDaysFirst) => servable(ix),
        },
    };
    Some((plan, bound))
}

/// A first count from the linear relaxation, part by part: its bound on the score (see
/// [`score`]), and the full desks per class rounded down. When the relaxation's solution is
/// integral, the plan is optimal as it stands. `None` when it could not be solved.
pub(crate) fn relaxed(ix: &Index, policy: Policy, start: &[u32]) -> Option<(Plan, u128)> {
    solve(ix, policy, start, false, None)
}

/// Variables of the programme [`local`] solves at most.
pub(crate) const LOCAL_VARS: usize = 3_000;

/// A better count near the requests `start` leaves unserved, by branch and bound on the
/// request classes around them ([`LOCAL_VARS`] variables at most) with every other class
/// held where `start` has it: much cheaper than the whole relaxation, and when it serves
/// everyone who can be served at all, the count is proven without it. Not a bound: the
/// plan is never marked optimal.
pub(crate) fn local(ix: &Index, policy: Policy, start: &[u32]) -> Option<Plan> {
    solve(ix, policy, start, true, Some(LOCAL_VARS)).map(|(plan, _)| plan)
}

/// The best count under `policy` by branch and bound, part by part, started from the
/// allocation `start` (per request its desk or NONE), within [`EXACT_NODES`] nodes per
/// part. `None` when the programme could not be solved (then `start` stays).
pub(crate) fn exact(ix: &Index, policy: Policy, start: &[u32]) -> Option<Plan> {
    solve(ix, policy, start, true, None).map(|(plan, _)| plan)
}

fn full_weight(policy: Policy, halves_asked: usize) -> f64 {
    match policy {
        Policy::MostServed => 1.0,
        Policy::FullDaysFirst => halves_asked as f64 + 1.0,
    }
}

/// Requests that some desk could serve at all.
pub(crate) fn servable(ix: &Index) -> usize {
    ix.reqs.iter().filter(|r| !r.edges.is_empty()).count()
}

/// Half-day requests (the weight of a full day under [`Policy::FullDaysFirst`] is one more).
pub(crate) fn halves_asked(ix: &Index) -> usize {
    ix.reqs.iter().filter(|r| r.mask != 3).count()
}
