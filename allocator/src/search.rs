//! The search over a whole day: every request, every desk, both halves at once.
//!
//! Construction serves the three classes in turn — full days, then mornings, then afternoons
//! — each greedily (teams together, the most constrained first) and then grown to a maximum
//! matching by Hopcroft–Karp on the desks the earlier classes left; with a plan from the
//! whole-day count, full days only on as many desks of each class as the plan gives them.
//! Simulated annealing then
//! lowers the soft penalty with moves that keep the number served in every class: move to a
//! free desk, exchange the occupants of two desks (which also trades a full day against a
//! morning and an afternoon), move and push the occupant on, and hand a desk from one request
//! to an unserved one of the same class. Whenever full-day desks changed, mornings and
//! afternoons are grown to a maximum again.

use std::collections::HashMap;

use crate::index::{Edge, HALVES, Index, NONE};
use crate::matching::{self, Adjacency};
use crate::model::Slot;
use crate::rng::Rng;
use crate::whole::Plan;

/// What the search settled on, for explanations and evaluation.
pub(crate) struct Day {
    /// Per request: its desk or NONE.
    pub assign: Vec<u32>,
    /// Per desk: halves taken by placed requests.
    pub taken: Vec<u8>,
    /// Per team: zones and halves of pinned and placed members.
    pub members: Vec<Vec<(u32, u8)>>,
}

#[derive(Debug, Clone, Copy)]
struct Change {
    req: u32,
    to: u32,
    /// The linear cost of `req` at `to` when the proposer already knows it, else
    /// [`UNKNOWN`].
    cost: i64,
}

/// A cost not looked up yet.
const UNKNOWN: i64 = i64::MIN;

/// Up to four changes.
#[derive(Clone, Copy)]
struct Move {
    ch: [Change; 4],
    len: usize,
}

impl Move {
    fn new() -> Self {
        Self {
            ch: [Change {
                req: NONE,
                to: NONE,
                cost: UNKNOWN,
            }; 4],
            len: 0,
        }
    }

    fn push(&mut self, req: u32, to: u32) -> bool {
        self.push_at(
            req,
            &Edge {
                desk: to,
                cost: UNKNOWN,
            },
        )
    }

    /// A change to the desk of `edge`, whose cost is known.
    fn push_at(&mut self, req: u32, edge: &Edge) -> bool {
        if self.len == 4 || self.ch[..self.len].iter().any(|c| c.req == req) {
            return false;
        }
        self.ch[self.len] = Change {
            req,
            to: edge.desk,
            cost: edge.cost,
        };
        self.len += 1;
        true
    }

    fn changes(&self) -> &[Change] {
        &self.ch[..self.len]
    }
}

struct TeamEntry {
    zone: u32,
    fixed: [u32; 2],
    placed: [u32; 2],
}

struct TeamState {
    entries: Vec<TeamEntry>,
    cost: i64,
}

/// Moves sampled to set the starting temperature.
const SAMPLE: usize = 200;

/// Fixed-point scale of [`exponential`].
pub(crate) const EXP_SCALE: i64 = 1024;

/// Rounds of annealing at most: nine tenths of the budget, the last tenth, and none after
/// that (only a last growth of mornings and afternoons).
const ROUNDS: usize = 3;

/// An exponentially distributed number with mean 1, times [`EXP_SCALE`], from integers
/// only: a geometric number of halvings (trailing zeros) plus a uniform fraction, times ln 2.
pub(crate) fn exponential(rng: &mut Rng) -> i64 {
    let halvings = i64::from(rng.next_u64().trailing_zeros().min(48));
    let fraction = (rng.next_u64() >> 54) as i64;
    (halvings * EXP_SCALE + fraction) * 710 / 1024
}

/// The class of a slot: its position in [`Slot::PASS_ORDER`].
fn class_of(slot: Slot) -> u8 {
    match slot {
        Slot::FullDay => 0,
        Slot::Morning => 1,
        Slot::Afternoon => 2,
    }
}

/// The left side of one class's matching.
struct ClassGraph {
    adj: Vec<Vec<u32>>,
}

impl Adjacency for ClassGraph {
    fn left_count(&self) -> usize {
        self.adj.len()
    }
    fn neighbours(&self, left: usize) -> &[u32] {
        &self.adj[left]
    }
}

pub(crate) struct Search<'a, 'p> {
    ix: &'a Index<'p>,
    class: Vec<u8>,
    teams: Vec<TeamState>,
    open_cost: Vec<[i64; 2]>,
    assign: Vec<u32>,
    cur_cost: Vec<i64>,
    occ: Vec<[u32; 2]>,
    load: Vec<[u32; 2]>,
    total: i64,
    unassigned: Vec<u32>,
}

impl<'a, 'p> Search<'a, 'p> {
    pub fn new(ix: &'a Index<'p>) -> Self {
        let n = ix.reqs.len();
        let class = ix.requests.iter().map(|r| class_of(r.slot)).collect();
        let mut teams: Vec<TeamState> = (0..ix.team_count)
            .map(|_| TeamState {
                entries: Vec::new(),
                cost: 0,
            })
            .collect();
        for (t, pins) in ix.team_pins.iter().enumerate() {
            for &(z, m) in pins {
                let e = entry(&mut teams[t].entries, z);
                for (hi, h) in HALVES.iter().enumerate() {
                    if m & h != 0 {
                        e.fixed[hi] += 1;
                    }
                }
            }
        }
        let w_open = i64::from(ix.weights.open_zone);
        let open_cost = ix
            .pin_open
            .iter()
            .map(|&o| HALVES.map(|h| if o & h == 0 { w_open } else { 0 }))
            .collect();
        let mut s = Search {
            ix,
            class,
            teams,
            open_cost,
            assign: vec![NONE; n],
            cur_cost: vec![0; n],
            occ: vec![[NONE; 2]; ix.problem.desks.len()],
            load: vec![[0; 2]; ix.zones.len()],
            total: 0,
            unassigned: Vec::new(),
        };
        s.rebuild();
        s
    }

    fn edges(&self, r: usize) -> &'a [Edge] {
        &self.ix.reqs[r].edges
    }

    fn mask(&self, r: usize) -> u8 {
        self.ix.reqs[r].mask
    }

    fn zone(&self, desk: u32) -> u32 {
        self.ix.desk_zone[desk as usize]
    }

    fn cost_at(&self, r: usize, desk: u32) -> Option<i64> {
        self.ix.edge_cost(r, desk)
    }

    /// The linear cost of a change's request at its desk, if allowed.
    fn cost_of(&self, c: &Change) -> Option<i64> {
        if c.cost == UNKNOWN {
            self.cost_at(c.req as usize, c.to)
        } else {
            Some(c.cost)
        }
    }

    /// Whether desk `d` is free in all halves of `mask`.
    fn free(&self, d: u32, mask: u8) -> bool {
        HALVES
            .iter()
            .enumerate()
            .all(|(hi, h)| mask & h == 0 || self.occ[d as usize][hi] == NONE)
    }

    fn team_cost(&self, t: usize) -> i64 {
        let entries = &self.teams[t].entries;
        (0..2)
            .map(|hi| {
                self.ix
                    .team_term(entries.iter().map(|e| (e.zone, e.fixed[hi] + e.placed[hi])))
            })
            .sum()
    }

    /// Recomputes occupancy, loads, team counts, costs and the total from `assign`.
    fn rebuild(&mut self) {
        self.occ.iter_mut().for_each(|o| *o = [NONE; 2]);
        self.load.iter_mut().for_each(|l| *l = [0; 2]);
        for t in &mut self.teams {
            t.entries.iter_mut().for_each(|e| e.placed = [0; 2]);
        }
        self.unassigned.clear();
        let mut total = 0;
        for r in 0..self.assign.len() {
            let d = self.assign[r];
            if d == NONE {
                self.cur_cost[r] = 0;
                if !self.edges(r).is_empty() {
                    self.unassigned.push(r as u32);
                }
                continue;
            }
            let c = self.cost_at(r, d).unwrap_or(0);
            self.cur_cost[r] = c;
            total += c;
            let z = self.zone(d) as usize;
            let m = self.mask(r);
            let t = self.ix.reqs[r].team;
            for (hi, h) in HALVES.iter().enumerate() {
                if m & h != 0 {
                    self.occ[d as usize][hi] = r as u32;
                    self.load[z][hi] += 1;
                    if t != NONE {
                        entry(&mut self.teams[t as usize].entries, z as u32).placed[hi] += 1;
                    }
                }
            }
        }
        for z in 0..self.load.len() {
            for hi in 0..2 {
                if self.load[z][hi] > 0 {
                    total += self.open_cost[z][hi];
                }
            }
        }
        for t in 0..self.teams.len() {
            let c = self.team_cost(t);
            self.teams[t].cost = c;
            total += c;
        }
        self.total = total;
    }

    /// Whether the changes leave every desk-half with at most one request.
    fn fits(&self, mv: &Move) -> bool {
        let ch = mv.changes();
        for (i, c) in ch.iter().enumerate() {
            if c.to == NONE {
                continue;
            }
            let m = self.mask(c.req as usize);
            for (hi, h) in HALVES.iter().enumerate() {
                if m & h == 0 {
                    continue;
                }
                let o = self.occ[c.to as usize][hi];
                if o != NONE && o != c.req && !ch.iter().any(|x| x.req == o) {
                    return false;
                }
                let clash = ch[..i]
                    .iter()
                    .any(|x| x.to == c.to && self.mask(x.req as usize) & h != 0);
                if clash {
                    return false;
                }
            }
        }
        true
    }

    /// Moves team members of the changes (forward) or back (not forward).
    fn shift_teams(&mut self, ch: &[Change], forward: bool) {
        for c in ch {
            let r = c.req as usize;
            let t = self.ix.reqs[r].team;
            if t == NONE {
                continue;
            }
            let (from, to) = if forward {
                (self.assign[r], c.to)
            } else {
                (c.to, self.assign[r])
            };
            let m = self.ix.reqs[r].mask;
            let entries = &mut self.teams[t as usize].entries;
            for (hi, h) in HALVES.iter().enumerate() {
                if m & h == 0 {
                    continue;
                }
                if from != NONE {
                    let e = entry(entries, self.ix.desk_zone[from as usize]);
                    e.placed[hi] = e.placed[hi].saturating_sub(1);
                }
                if to != NONE {
                    entry(entries, self.ix.desk_zone[to as usize]).placed[hi] += 1;
                }
            }
        }
    }

    fn touched_teams(&self, ch: &[Change]) -> ([u32; 4], usize) {
        let mut ts = [NONE; 4];
        let mut n = 0;
        for c in ch {
            let t = self.ix.reqs[c.req as usize].team;
            if t != NONE && !ts[..n].contains(&t) && n < 4 {
                ts[n] = t;
                n += 1;
            }
        }
        (ts, n)
    }

    /// The change of the total if `mv` were applied; `None` if a desk is not allowed.
    fn delta(&mut self, mv: &Move) -> Option<i64> {
        let ch = mv.changes();
        let mut d = 0i64;
        // (zone, half, change of load)
        let mut zones = [(NONE, 0usize, 0i32); 16];
        let mut nz = 0;
        let mut bump = |z: u32, hi: usize, v: i32| {
            if let Some(e) = zones[..nz].iter_mut().find(|e| e.0 == z && e.1 == hi) {
                e.2 += v;
            } else if nz < zones.len() {
                zones[nz] = (z, hi, v);
                nz += 1;
            }
        };
        for c in ch {
            let r = c.req as usize;
            let from = self.assign[r];
            let m = self.mask(r);
            if from != NONE {
                d -= self.cur_cost[r];
            }
            if c.to != NONE {
                d += self.cost_of(c)?;
            }
            for (hi, h) in HALVES.iter().enumerate() {
                if m & h == 0 {
                    continue;
                }
                if from != NONE {
                    bump(self.ix.desk_zone[from as usize], hi, -1);
                }
                if c.to != NONE {
                    bump(self.ix.desk_zone[c.to as usize], hi, 1);
                }
            }
        }
        for &(z, hi, v) in &zones[..nz] {
            let l = i64::from(self.load[z as usize][hi]);
            let nl = l + i64::from(v);
            if l == 0 && nl > 0 {
                d += self.open_cost[z as usize][hi];
            } else if l > 0 && nl == 0 {
                d -= self.open_cost[z as usize][hi];
            }
        }
        let (ts, nt) = self.touched_teams(ch);
        if nt > 0 {
            self.shift_teams(ch, true);
            for &t in &ts[..nt] {
                d += self.team_cost(t as usize) - self.teams[t as usize].cost;
            }
            self.shift_teams(ch, false);
        }
        Some(d)
    }

    /// Applies `mv`, whose effect on the total is `delta`.
    fn commit(&mut self, mv: &Move, delta: i64) {
        let ch = mv.changes();
        let (ts, nt) = self.touched_teams(ch);
        self.shift_teams(ch, true);
        for c in ch {
            let r = c.req as usize;
            let from = self.assign[r];
            let m = self.mask(r);
            if from != NONE {
                let z = self.zone(from) as usize;
                for (hi, h) in HALVES.iter().enumerate() {
                    if m & h != 0 {
                        if self.occ[from as usize][hi] == c.req {
                            self.occ[from as usize][hi] = NONE;
                        }
                        self.load[z][hi] -= 1;
                    }
                }
            } else if let Some(p) = self.unassigned.iter().position(|&u| u == c.req) {
                self.unassigned.swap_remove(p);
            }
        }
        for c in ch {
            let r = c.req as usize;
            let m = self.mask(r);
            self.assign[r] = c.to;
            if c.to == NONE {
                self.cur_cost[r] = 0;
                self.unassigned.push(c.req);
                continue;
            }
            let z = self.zone(c.to) as usize;
            for (hi, h) in HALVES.iter().enumerate() {
                if m & h != 0 {
                    self.occ[c.to as usize][hi] = c.req;
                    self.load[z][hi] += 1;
                }
            }
            self.cur_cost[r] = self.cost_of(c).unwrap_or(0);
        }
        for &t in &ts[..nt] {
            self.teams[t as usize].cost = self.team_cost(t as usize);
        }
        self.total += delta;
    }

    /// The cheapest free desk for the unserved request `r`, with the change of the total.
    fn best_free(&mut self, r: usize) -> Option<(i64, u32)> {
        self.best_free_in(r, |_| true)
    }

    /// The cheapest free desk accepted by `allow` for the unserved request `r`, with the
    /// change of the total.
    fn best_free_in(&mut self, r: usize, allow: impl Fn(u32) -> bool) -> Option<(i64, u32)> {
        let mut best: Option<(i64, u32)> = None;
        let mut part: Vec<(u32, i64)> = Vec::new();
        let m = self.mask(r);
        for e in self.edges(r) {
            if !self.free(e.desk, m) || !allow(e.desk) {
                continue;
            }
            let z = self.zone(e.desk);
            let zone_part = match part.iter().find(|p| p.0 == z) {
                Some(p) => p.1,
                None => {
                    let mut mv = Move::new();
                    mv.push(r as u32, e.desk);
                    let p = self.delta(&mv)? - e.cost;
                    part.push((z, p));
                    p
                }
            };
            let total = e.cost + zone_part;
            if best.is_none_or(|(b, _)| total < b) {
                best = Some((total, e.desk));
            }
        }
        best
    }

    fn place(&mut self, r: usize, desk: u32, delta: i64) {
        let mut mv = Move::new();
        mv.push(r as u32, desk);
        self.commit(&mv, delta);
    }

    /// Places the unserved requests of `class` one by one on their cheapest free desk: teams
    /// together, the most constrained first.
    fn greedy(&mut self, class: u8) {
        self.greedy_within(class, None);
    }

    /// [`Self::greedy`]; with `quota` (per desk its class, per class the desks still open),
    /// only on desks of classes with room left.
    fn greedy_within(&mut self, class: u8, mut quota: Option<(&[u32], &mut [u32])>) {
        let reqs: Vec<usize> = (0..self.assign.len())
            .filter(|&r| self.class[r] == class && self.assign[r] == NONE)
            .collect();
        let mut team_min = vec![usize::MAX; self.teams.len()];
        for &r in &reqs {
            let t = self.ix.reqs[r].team;
            if t != NONE {
                let m = &mut team_min[t as usize];
                *m = (*m).min(self.edges(r).len());
            }
        }
        let n = self.assign.len();
        let mut order = reqs;
        order.sort_by_key(|&r| {
            let t = self.ix.reqs[r].team;
            let deg = self.edges(r).len();
            if t == NONE {
                (deg, r, deg, r)
            } else {
                (team_min[t as usize], n + t as usize, deg, r)
            }
        });
        for r in order {
            let found = match &quota {
                Some((class_of, left)) => {
                    self.best_free_in(r, |d| left[class_of[d as usize] as usize] > 0)
                }
                None => self.best_free(r),
            };
            if let Some((delta, desk)) = found {
                self.place(r, desk, delta);
                if let Some((class_of, left)) = &mut quota {
                    left[class_of[desk as usize] as usize] -= 1;
                }
            }
        }
    }

    /// The matching graph of `class`: its requests and the desks not used by other classes
    /// in their halves (with `displace`, desks used by later classes count as free; with
    /// `only`, just the desks marked there), with the current matching.
    fn class_graph(
        &self,
        class: u8,
        displace: bool,
        only: Option<&[bool]>,
    ) -> (Vec<usize>, ClassGraph, Vec<u32>, Vec<u32>) {
        let reqs: Vec<usize> = (0..self.assign.len())
            .filter(|&r| self.class[r] == class && !self.edges(r).is_empty())
            .collect();
        let open_to = |d: u32, m: u8| {
            HALVES.iter().enumerate().all(|(hi, h)| {
                let o = self.occ[d as usize][hi];
                m & h == 0
                    || o == NONE
                    || self.class[o as usize] == class
                    || (displace && self.class[o as usize] > class)
            })
        };
        let adj = reqs
            .iter()
            .map(|&r| {
                let m = self.mask(r);
                self.edges(r)
                    .iter()
                    .filter(|e| open_to(e.desk, m) && only.is_none_or(|o| o[e.desk as usize]))
                    .map(|e| e.desk)
                    .collect()
            })
            .collect();
        let mut mate_r = vec![NONE; self.occ.len()];
        let mut mate_l = vec![NONE; reqs.len()];
        for (l, &r) in reqs.iter().enumerate() {
            let d = self.assign[r];
            if d != NONE {
                mate_l[l] = d;
                mate_r[d as usize] = l as u32;
            }
        }
        (reqs, ClassGraph { adj }, mate_l, mate_r)
    }

    /// Writes a class matching back; requests of other classes in the way lose their desk.
    /// Returns whether the class serves more than before, and who lost their desk.
    fn adopt(&mut self, reqs: &[usize], mate_l: &[u32]) -> (bool, Vec<usize>) {
        let before = reqs.iter().filter(|&&r| self.assign[r] != NONE).count();
        let mut displaced = Vec::new();
        for (l, &r) in reqs.iter().enumerate() {
            let d = mate_l[l];
            self.assign[r] = d;
            if d == NONE {
                continue;
            }
            let m = self.mask(r);
            for (hi, h) in HALVES.iter().enumerate() {
                let o = self.occ[d as usize][hi];
                if m & h != 0 && o != NONE && self.class[o as usize] != self.class[r] {
                    self.assign[o as usize] = NONE;
                    if !displaced.contains(&(o as usize)) {
                        displaced.push(o as usize);
                    }
                }
            }
        }
        self.rebuild();
        let after = reqs.iter().filter(|&&r| self.assign[r] != NONE).count();
        (after > before, displaced)
    }

    /// Grows `class` to a maximum matching (with `displace`, at the expense of later
    /// classes). Returns whether anyone was added, and who lost their desk.
    fn grow(&mut self, class: u8, displace: bool) -> (bool, Vec<usize>) {
        self.grow_within(class, displace, None)
    }

    /// [`Self::grow`] on the desks marked in `only`, if given.
    fn grow_within(
        &mut self,
        class: u8,
        displace: bool,
        only: Option<&[bool]>,
    ) -> (bool, Vec<usize>) {
        // Everyone of the class who could be served is: no graph to build.
        let full = (0..self.assign.len())
            .all(|r| self.class[r] != class || self.assign[r] != NONE || self.edges(r).is_empty());
        if full {
            return (false, Vec::new());
        }
        let (reqs, g, mut mate_l, mut mate_r) = self.class_graph(class, displace, only);
        matching::hopcroft_karp(&g, &mut mate_l, &mut mate_r);
        self.adopt(&reqs, &mate_l)
    }

    /// Grows `class` to a maximum matching on the desks other classes left; returns whether
    /// anyone was added.
    fn augment(&mut self, class: u8) -> bool {
        self.grow(class, false).0
    }

    /// A shortest chain of moves that gives the unserved request `r` a desk (with
    /// `displace`, possibly taking it from a later class). Returns whether it worked, and who
    /// lost their desk.
    fn chain(&mut self, r: usize, displace: bool) -> (bool, Vec<usize>) {
        let (reqs, g, mut mate_l, mut mate_r) = self.class_graph(self.class[r], displace, None);
        match reqs.iter().position(|&x| x == r) {
            Some(l) if matching::shortest_augment(&g, l, &mut mate_l, &mut mate_r) => {
                self.adopt(&reqs, &mate_l)
            }
            _ => (false, Vec::new()),
        }
    }

    /// The first feasible allocation, pass by pass: the most full days, then the most
    /// mornings and the most afternoons on the desks they left.
    pub fn construct(&mut self) {
        for class in 0..3 {
            self.greedy(class);
            self.augment(class);
        }
    }

    /// The first feasible allocation with the counts of `plan`: full days greedily on desks
    /// of the classes the plan gives them, as many per class as it says, then grown to a
    /// maximum on exactly that many desks per class; then mornings and afternoons on the
    /// rest as in [`Self::construct`]. Desks of a class are interchangeable for the count,
    /// so this serves at least what the plan counted.
    pub fn construct_planned(&mut self, plan: &Plan) {
        self.assign.fill(NONE);
        self.rebuild();
        let mut left = plan.full_desks.clone();
        self.greedy_within(0, Some((&plan.desk_class, &mut left)));
        let nd = self.occ.len();
        let mut only = vec![false; nd];
        for (d, o) in only.iter_mut().enumerate() {
            let r = self.occ[d][0];
            *o = r != NONE && self.class[r as usize] == 0;
        }
        for (d, &c) in plan.desk_class.iter().enumerate() {
            if c != NONE && left[c as usize] > 0 && !only[d] && self.free(d as u32, 3) {
                only[d] = true;
                left[c as usize] -= 1;
            }
        }
        self.grow_within(0, false, Some(&only));
        for class in 1..3 {
            self.greedy(class);
            self.augment(class);
        }
    }

    /// Trades that serve one more request, repeated while they work: an unserved half day
    /// takes the desk of a full day that moves to a free desk (as many full days as
    /// before); and with `halves_for_full`, an unserved morning and an unserved afternoon
    /// take the desk of a full day that cannot move (two served for one). Mornings and
    /// afternoons are grown to a maximum again after each round.
    pub fn trade(&mut self, halves_for_full: bool) {
        loop {
            let before = self.counts().1;
            // Unserved half days per desk they may use, per half.
            let mut wanting: HashMap<u32, [Vec<u32>; 2]> = HashMap::new();
            for r in 0..self.assign.len() {
                if self.assign[r] == NONE && self.class[r] != 0 {
                    let hi = usize::from(self.mask(r) == 2);
                    for e in self.edges(r) {
                        wanting.entry(e.desk).or_default()[hi].push(r as u32);
                    }
                }
            }
            let mut desks: Vec<u32> = wanting.keys().copied().collect();
            desks.sort_unstable();
            for d in desks {
                let f = self.occ[d as usize][0];
                if f == NONE || self.class[f as usize] != 0 {
                    continue;
                }
                let first = |s: &Self, hi: usize| {
                    wanting[&d][hi]
                        .iter()
                        .copied()
                        .find(|&r| s.assign[r as usize] == NONE)
                };
                let (morning, afternoon) = (first(self, 0), first(self, 1));
                let Some(u) = morning.or(afternoon) else {
                    continue;
                };
                let mut mv = Move::new();
                if let Some((_, to)) = self.best_free(f as usize) {
                    mv.push(f, to);
                    mv.push(u, d);
                } else if let (true, Some(a), Some(b)) = (halves_for_full, morning, afternoon) {
                    mv.push(f, NONE);
                    mv.push(a, d);
                    mv.push(b, d);
                } else {
                    continue;
                }
                if self.fits(&mv)
                    && let Some(delta) = self.delta(&mv)
                {
                    self.commit(&mv, delta);
                }
            }
            self.rebuild();
            self.augment(1);
            self.augment(2);
            if self.counts().1 <= before {
                return;
            }
        }
    }

    /// The current allocation: per request its desk or NONE.
    pub fn assignment(&self) -> &[u32] {
        &self.assign
    }

    /// Full days served and requests served.
    pub fn counts(&self) -> (usize, usize) {
        let served = self.assign.iter().filter(|&&d| d != NONE);
        let full = (0..self.assign.len())
            .filter(|&r| self.assign[r] != NONE && self.class[r] == 0)
            .count();
        (full, served.count())
    }

    /// Goes back to an earlier allocation.
    pub fn restore(&mut self, assign: &[u32]) {
        self.assign.copy_from_slice(assign);
        self.rebuild();
    }

    /// A random desk of request `r` in a zone accepted by `want`.
    fn pick_edge(&self, r: usize, rng: &mut Rng, want: impl Fn(u32) -> bool) -> Option<&'a Edge> {
        let req = &self.ix.reqs[r];
        let total: u32 = req
            .spans
            .iter()
            .filter(|s| want(s.0))
            .map(|s| s.2 - s.1)
            .sum();
        let mut k = rng.below(total as usize) as u32;
        for &(z, start, end) in &req.spans {
            if !want(z) {
                continue;
            }
            if k < end - start {
                return req.edges.get((start + k) as usize);
            }
            k -= end - start;
        }
        None
    }

    /// Distinct requests on desk `d`.
    fn occupants(&self, d: u32) -> ([u32; 2], usize) {
        let [a, b] = self.occ[d as usize];
        match (a != NONE, b != NONE && b != a) {
            (true, true) => ([a, b], 2),
            (true, false) => ([a, NONE], 1),
            (false, true) => ([b, NONE], 1),
            (false, false) => ([NONE; 2], 0),
        }
    }

    fn propose(&self, rng: &mut Rng) -> Option<Move> {
        let n = self.assign.len();
        let mut mv = Move::new();
        if !self.unassigned.is_empty() && rng.below(5) == 0 {
            // Hand a desk from a served request to an unserved one of the same class.
            let u = self.unassigned[rng.below(self.unassigned.len())] as usize;
            let es = self.edges(u);
            let edge = es.get(rng.below(es.len()))?;
            let (occupants, k) = self.occupants(edge.desk);
            if k != 1 || self.class[occupants[0] as usize] != self.class[u] {
                return None;
            }
            mv.push_at(u as u32, edge);
            mv.push(occupants[0], NONE);
            return Some(mv);
        }
        let r = rng.below(n);
        let cur = *self.assign.get(r)?;
        if cur == NONE || self.edges(r).len() < 2 {
            return None;
        }
        let t = self.ix.reqs[r].team;
        let edge = match rng.below(10) {
            0..=2 if t != NONE => {
                let entries = &self.teams[t as usize].entries;
                let e = entries.get(rng.below(entries.len()))?;
                if e.placed == [0, 0] && e.fixed == [0, 0] {
                    return None;
                }
                let z = e.zone;
                self.pick_edge(r, rng, |y| self.ix.dist(y, z) <= 1)?
            }
            3 => self.pick_edge(r, rng, |y| self.load[y as usize] != [0, 0])?,
            _ => self.edges(r).get(rng.below(self.edges(r).len()))?,
        };
        let target = edge.desk;
        if target == cur {
            return None;
        }
        let m = self.mask(r);
        if self.free(target, m) {
            mv.push_at(r as u32, edge);
            return Some(mv);
        }
        if rng.below(3) == 0 {
            // Move and push the one occupant in the way to a random desk of theirs.
            let mut blockers = HALVES
                .iter()
                .enumerate()
                .filter(|(_, h)| m & *h != 0)
                .map(|(hi, _)| self.occ[target as usize][hi])
                .filter(|&o| o != NONE);
            let s = blockers.next()?;
            if blockers.any(|b| b != s) {
                return None;
            }
            let es = self.edges(s as usize);
            let pushed = es.get(rng.below(es.len()))?;
            if pushed.desk == target {
                return None;
            }
            mv.push_at(r as u32, edge);
            mv.push_at(s, pushed);
            return Some(mv);
        }
        // Exchange the occupants of the two desks.
        let (here, nh) = self.occupants(cur);
        let (there, nt) = self.occupants(target);
        for &a in &here[..nh] {
            let pushed = if a as usize == r {
                mv.push_at(a, edge)
            } else {
                mv.push(a, target)
            };
            if !pushed {
                return None;
            }
        }
        for &b in &there[..nt] {
            if !mv.push(b, cur) {
                return None;
            }
        }
        Some(mv)
    }

    /// The starting temperature: the mean worsening of a sample of moves.
    fn start_temperature(&mut self, rng: &mut Rng) -> i64 {
        let (mut sum, mut count) = (0i64, 0i64);
        for _ in 0..SAMPLE {
            if let Some(mv) = self.propose(rng)
                && self.fits(&mv)
                && let Some(delta) = self.delta(&mv)
                && delta > 0
            {
                sum += delta;
                count += 1;
            }
        }
        if count == 0 { 1 } else { (sum / count).max(1) }
    }

    fn anneal(&mut self, iterations: u64, rng: &mut Rng) {
        let t0 = u128::from(self.start_temperature(rng).unsigned_abs());
        let n = u128::from(iterations);
        let mut best = self.total;
        let mut best_assign = self.assign.clone();
        let mut temperature = 0i64;
        for it in 0..iterations {
            if it % 64 == 0 {
                let left = n - u128::from(it);
                // t0 < 2^63 and left <= n < 2^64, so no product overflows.
                temperature = i64::try_from(t0 * left / n * left / n).unwrap_or(i64::MAX);
                // Snapshots of the best allocation only between blocks of moves: copying
                // after every improvement would cost more than the moves.
                if self.total < best {
                    best = self.total;
                    best_assign.copy_from_slice(&self.assign);
                }
            }
            let Some(mv) = self.propose(rng) else {
                continue;
            };
            if !self.fits(&mv) {
                continue;
            }
            let Some(delta) = self.delta(&mv) else {
                continue;
            };
            let accept = delta <= 0
                || (temperature > 0
                    && delta.saturating_mul(EXP_SCALE)
                        <= temperature.saturating_mul(exponential(rng)));
            if accept {
                self.commit(&mv, delta);
            }
        }
        if best < self.total {
            self.assign = best_assign;
            self.rebuild();
        }
    }

    /// Simulated annealing for `iterations` moves in all, in two rounds (nine tenths, one
    /// tenth), each cooling from the start temperature to zero along `(1 - i/n)²` and keeping
    /// the best allocation seen; integer arithmetic only, so the result is the same on every
    /// machine. After each round, mornings and afternoons are grown to a maximum again, in
    /// case full-day desks moved. Returns the moves tried.
    pub fn improve(&mut self, iterations: u64, rng: &mut Rng) -> u64 {
        let mut used = 0;
        let mut budget = iterations - iterations / 10;
        for _ in 0..ROUNDS {
            if budget > 0 {
                self.anneal(budget, rng);
                used += budget;
            }
            let grew_morning = self.augment(1);
            let grew_afternoon = self.augment(2);
            if used == iterations && !grew_morning && !grew_afternoon {
                break;
            }
            budget = iterations - used;
        }
        used
    }

    /// Repair: keeps every previous desk that is still allowed and free (full days first);
    /// returns the requests that lost theirs.
    pub fn keep_previous(&mut self, previous: &[u32]) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.assign.len()).collect();
        order.sort_by_key(|&r| (self.class[r], r));
        let mut lost = Vec::new();
        for r in order {
            let d = previous[r];
            if d == NONE {
                continue;
            }
            let m = self.mask(r);
            if self.cost_at(r, d).is_some() && self.free(d, m) {
                self.assign[r] = d;
                for (hi, h) in HALVES.iter().enumerate() {
                    if m & h != 0 {
                        self.occ[d as usize][hi] = r as u32;
                    }
                }
            } else {
                lost.push(r);
            }
        }
        self.rebuild();
        lost
    }

    /// Repair: places each request that lost its desk on the best free desk, or else along
    /// a shortest chain of moves within its class (the fewest others moved), or else (with
    /// `full_first`) on a desk taken from a later class; then grows every class to a
    /// maximum (with `full_first`, full days at the expense of halves), placing whoever lost
    /// a desk on the way in the same manner.
    pub fn place_lost(&mut self, lost: &[usize], full_first: bool) {
        let mut queue: Vec<usize> = lost.to_vec();
        loop {
            queue.sort_by_key(|&r| (self.class[r], r));
            queue.dedup();
            let mut next = Vec::new();
            for r in queue {
                if self.assign[r] != NONE {
                    continue;
                }
                if let Some((delta, desk)) = self.best_free(r) {
                    self.place(r, desk, delta);
                } else if !self.chain(r, false).0 && full_first {
                    next.extend(self.chain(r, true).1);
                }
            }
            if next.is_empty() {
                for class in 0..3 {
                    let (_, displaced) = self.grow(class, full_first);
                    if !displaced.is_empty() {
                        next = displaced;
                        break;
                    }
                }
            }
            if next.is_empty() {
                return;
            }
            queue = next;
        }
    }

    /// The final state.
    pub fn into_day(self) -> Day {
        let mut taken = vec![0u8; self.occ.len()];
        let mut members = self.ix.team_pins.clone();
        for (r, &d) in self.assign.iter().enumerate() {
            if d == NONE {
                continue;
            }
            let m = self.ix.reqs[r].mask;
            taken[d as usize] |= m;
            let t = self.ix.reqs[r].team;
            if t != NONE {
                members[t as usize].push((self.ix.desk_zone[d as usize], m));
            }
        }
        Day {
            assign: self.assign,
            taken,
            members,
        }
    }
}

fn entry(entries: &mut Vec<TeamEntry>, zone: u32) -> &mut TeamEntry {
    let pos = match entries.iter().position(|e| e.zone == zone) {
        Some(p) => p,
        None => {
            entries.push(TeamEntry {
                zone,
                fixed: [0, 0],
                placed: [0, 0],
            });
            entries.len() - 1
        }
    };
    &mut entries[pos]
}
