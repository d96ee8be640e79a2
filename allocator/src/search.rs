//! One pass of the solver: the requests of one slot placed on the desks still free in its
//! halves, with pins and earlier passes as fixed context.
//!
//! A pass builds a greedy allocation (teams together, most constrained first), grows it to
//! a maximum matching with Hopcroft–Karp, then improves the soft penalty by late-acceptance
//! hill climbing with moves that never change the number of people placed (move, swap,
//! move-and-push, hand a desk from one request to an unplaced one).

use crate::index::{Edge, HALVES, Index, NONE};
use crate::matching::{self, Adjacency};
use crate::model::Slot;
use crate::rng::Rng;

/// What pins and finished passes have fixed so far.
pub(crate) struct Day {
    /// Per request: its desk or NONE.
    pub assign: Vec<u32>,
    /// Per desk: halves taken by finished passes.
    pub taken: Vec<u8>,
    /// Per zone: halves opened by pins and finished passes.
    pub open: Vec<u8>,
    /// Per team: zones and halves of pinned and placed members.
    pub members: Vec<Vec<(u32, u8)>>,
}

impl Day {
    pub fn new(ix: &Index) -> Self {
        Self {
            assign: vec![NONE; ix.reqs.len()],
            taken: vec![0; ix.problem.desks.len()],
            open: ix.pin_open.clone(),
            members: ix.team_pins.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Change {
    req: u32,
    to: u32,
}

struct TeamEntry {
    zone: u32,
    fixed: [u32; 2],
    pass: u32,
}

struct TeamState {
    entries: Vec<TeamEntry>,
    cost: i64,
}

/// Length of the late-acceptance history.
const HISTORY: usize = 200;

pub(crate) struct Pass<'a, 'p> {
    ix: &'a Index<'p>,
    mask: u8,
    /// Global request index of each local request.
    reqs: Vec<u32>,
    edges: Vec<Vec<Edge>>,
    adj: Vec<Vec<u32>>,
    team_of: Vec<u32>,
    teams: Vec<TeamState>,
    open_cost: Vec<i64>,
    assign: Vec<u32>,
    cur_cost: Vec<i64>,
    occ: Vec<u32>,
    load: Vec<u32>,
    total: i64,
    unassigned: Vec<u32>,
}

impl Adjacency for Pass<'_, '_> {
    fn left_count(&self) -> usize {
        self.adj.len()
    }
    fn neighbours(&self, left: usize) -> &[u32] {
        &self.adj[left]
    }
}

impl<'a, 'p> Pass<'a, 'p> {
    pub fn new(ix: &'a Index<'p>, day: &Day, slot: Slot) -> Self {
        let mask = slot.mask();
        let reqs: Vec<u32> = (0u32..)
            .zip(ix.requests)
            .filter(|(i, r)| r.slot == slot && !ix.reqs[*i as usize].blocked)
            .map(|(i, _)| i)
            .collect();
        let edges: Vec<Vec<Edge>> = reqs
            .iter()
            .map(|&g| {
                ix.reqs[g as usize]
                    .edges
                    .iter()
                    .filter(|e| day.taken[e.desk as usize] & mask == 0)
                    .copied()
                    .collect()
            })
            .collect();
        let adj = edges
            .iter()
            .map(|es| es.iter().map(|e| e.desk).collect())
            .collect();
        let mut local_team = vec![NONE; ix.team_count];
        let mut teams: Vec<TeamState> = Vec::new();
        let mut team_of = Vec::with_capacity(reqs.len());
        for &g in &reqs {
            let t = ix.reqs[g as usize].team;
            if t == NONE {
                team_of.push(NONE);
                continue;
            }
            if local_team[t as usize] == NONE {
                local_team[t as usize] = teams.len() as u32;
                let mut st = TeamState {
                    entries: Vec::new(),
                    cost: 0,
                };
                for &(z, m) in &day.members[t as usize] {
                    for (hi, h) in HALVES.iter().enumerate() {
                        if m & h & mask != 0 {
                            entry(&mut st.entries, z).fixed[hi] += 1;
                        }
                    }
                }
                teams.push(st);
            }
            team_of.push(local_team[t as usize]);
        }
        let w_open = i64::from(ix.weights.open_zone);
        let open_cost = day
            .open
            .iter()
            .map(|&o| {
                HALVES
                    .iter()
                    .filter(|&&h| mask & h != 0 && o & h == 0)
                    .count() as i64
                    * w_open
            })
            .collect();
        let n = reqs.len();
        let mut pass = Pass {
            ix,
            mask,
            reqs,
            edges,
            adj,
            team_of,
            teams,
            open_cost,
            assign: vec![NONE; n],
            cur_cost: vec![0; n],
            occ: vec![NONE; ix.problem.desks.len()],
            load: vec![0; ix.zones.len()],
            total: 0,
            unassigned: Vec::new(),
        };
        pass.rebuild();
        pass
    }

    fn zone(&self, desk: u32) -> u32 {
        self.ix.desk_zone[desk as usize]
    }

    fn cost_at(&self, r: usize, desk: u32) -> Option<i64> {
        let es = &self.edges[r];
        es.binary_search_by_key(&desk, |e| e.desk)
            .ok()
            .map(|i| es[i].cost)
    }

    fn team_cost(&self, t: usize) -> i64 {
        let entries = &self.teams[t].entries;
        let mut cost = 0;
        for (hi, h) in HALVES.iter().enumerate() {
            if self.mask & h != 0 {
                cost += self
                    .ix
                    .team_term(entries.iter().map(|e| (e.zone, e.fixed[hi] + e.pass)));
            }
        }
        cost
    }

    /// Recomputes loads, team counts, costs and the total from `assign`.
    fn rebuild(&mut self) {
        self.load.iter_mut().for_each(|l| *l = 0);
        for t in &mut self.teams {
            t.entries.iter_mut().for_each(|e| e.pass = 0);
        }
        self.unassigned.clear();
        let mut total = 0;
        for r in 0..self.reqs.len() {
            let d = self.assign[r];
            if d == NONE {
                self.cur_cost[r] = 0;
                if !self.edges[r].is_empty() {
                    self.unassigned.push(r as u32);
                }
                continue;
            }
            let c = self.cost_at(r, d).unwrap_or(0);
            self.cur_cost[r] = c;
            total += c;
            let z = self.zone(d);
            self.load[z as usize] += 1;
            let t = self.team_of[r];
            if t != NONE {
                entry(&mut self.teams[t as usize].entries, z).pass += 1;
            }
        }
        for z in 0..self.load.len() {
            if self.load[z] > 0 {
                total += self.open_cost[z];
            }
        }
        for t in 0..self.teams.len() {
            let c = self.team_cost(t);
            self.teams[t].cost = c;
            total += c;
        }
        self.total = total;
    }

    /// Moves team members of the changes (forward) or back (not forward).
    fn shift_teams(&mut self, ch: &[Change], forward: bool) {
        for c in ch {
            let r = c.req as usize;
            let t = self.team_of[r];
            if t == NONE {
                continue;
            }
            let (from, to) = if forward {
                (self.assign[r], c.to)
            } else {
                (c.to, self.assign[r])
            };
            let entries = &mut self.teams[t as usize].entries;
            if from != NONE {
                let e = entry(entries, self.ix.desk_zone[from as usize]);
                e.pass = e.pass.saturating_sub(1);
            }
            if to != NONE {
                entry(entries, self.ix.desk_zone[to as usize]).pass += 1;
            }
        }
    }

    fn touched_teams(&self, ch: &[Change]) -> ([u32; 2], usize) {
        let mut ts = [NONE; 2];
        let mut n = 0;
        for c in ch {
            let t = self.team_of[c.req as usize];
            if t != NONE && !ts[..n].contains(&t) && n < 2 {
                ts[n] = t;
                n += 1;
            }
        }
        (ts, n)
    }

    /// The change of the pass total if `ch` were applied; `None` if a desk is not allowed.
    fn delta(&mut self, ch: &[Change]) -> Option<i64> {
        let mut d = 0i64;
        let mut zones = [(NONE, 0i32); 4];
        let mut nz = 0;
        let mut bump = |z: u32, v: i32| {
            if let Some(e) = zones[..nz].iter_mut().find(|e| e.0 == z) {
                e.1 += v;
            } else if nz < 4 {
                zones[nz] = (z, v);
                nz += 1;
            }
        };
        for c in ch {
            let r = c.req as usize;
            let from = self.assign[r];
            if from != NONE {
                d -= self.cur_cost[r];
                bump(self.ix.desk_zone[from as usize], -1);
            }
            if c.to != NONE {
                d += self.cost_at(r, c.to)?;
                bump(self.ix.desk_zone[c.to as usize], 1);
            }
        }
        for &(z, v) in &zones[..nz] {
            let l = i64::from(self.load[z as usize]);
            let nl = l + i64::from(v);
            if l == 0 && nl > 0 {
                d += self.open_cost[z as usize];
            } else if l > 0 && nl == 0 {
                d -= self.open_cost[z as usize];
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

    /// Applies `ch`, whose effect on the total is `delta`.
    fn commit(&mut self, ch: &[Change], delta: i64) {
        let (ts, nt) = self.touched_teams(ch);
        self.shift_teams(ch, true);
        for c in ch {
            let r = c.req as usize;
            let from = self.assign[r];
            if from != NONE {
                if self.occ[from as usize] == c.req {
                    self.occ[from as usize] = NONE;
                }
                let z = self.zone(from) as usize;
                self.load[z] -= 1;
            } else if let Some(p) = self.unassigned.iter().position(|&u| u == c.req) {
                self.unassigned.swap_remove(p);
            }
        }
        for c in ch {
            let r = c.req as usize;
            self.assign[r] = c.to;
            if c.to == NONE {
                self.cur_cost[r] = 0;
                self.unassigned.push(c.req);
            } else {
                self.occ[c.to as usize] = c.req;
                let z = self.zone(c.to) as usize;
                self.load[z] += 1;
                self.cur_cost[r] = self.cost_at(r, c.to).unwrap_or(0);
            }
        }
        for &t in &ts[..nt] {
            self.teams[t as usize].cost = self.team_cost(t as usize);
        }
        self.total += delta;
    }

    /// The cheapest free desk for the unplaced request `r`, with the change of the total.
    fn best_free(&mut self, r: usize) -> Option<(i64, u32)> {
        let mut best: Option<(i64, u32)> = None;
        let mut part: Vec<(u32, i64)> = Vec::new();
        for i in 0..self.edges[r].len() {
            let e = self.edges[r][i];
            if self.occ[e.desk as usize] != NONE {
                continue;
            }
            let z = self.zone(e.desk);
            let zone_part = match part.iter().find(|p| p.0 == z) {
                Some(p) => p.1,
                None => {
                    let full = self.delta(&[Change {
                        req: r as u32,
                        to: e.desk,
                    }])?;
                    let p = full - e.cost;
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

    /// Places requests one by one on their cheapest free desk: teams together, the most
    /// constrained first.
    pub fn greedy(&mut self) {
        let n = self.reqs.len();
        let mut team_min = vec![usize::MAX; self.teams.len()];
        for r in 0..n {
            let t = self.team_of[r];
            if t != NONE {
                let m = &mut team_min[t as usize];
                *m = (*m).min(self.edges[r].len());
            }
        }
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&r| {
            let t = self.team_of[r];
            let deg = self.edges[r].len();
            if t == NONE {
                (deg, r, deg, r)
            } else {
                (team_min[t as usize], n + t as usize, deg, r)
            }
        });
        for r in order {
            if self.assign[r] != NONE {
                continue;
            }
            if let Some((delta, desk)) = self.best_free(r) {
                self.commit(
                    &[Change {
                        req: r as u32,
                        to: desk,
                    }],
                    delta,
                );
            }
        }
    }

    /// Grows the allocation to a maximum matching (the most people placed).
    pub fn maximize(&mut self) {
        let mut ml = std::mem::take(&mut self.assign);
        let mut mr = std::mem::take(&mut self.occ);
        matching::hopcroft_karp(self, &mut ml, &mut mr);
        self.assign = ml;
        self.occ = mr;
        self.rebuild();
    }

    /// A random edge of request `r` whose desk lies in a zone accepted by `want`.
    fn pick_edge(&self, r: usize, rng: &mut Rng, want: impl Fn(u32) -> bool) -> Option<u32> {
        let mut seen = 0usize;
        let mut pick = None;
        for e in &self.edges[r] {
            if want(self.zone(e.desk)) {
                seen += 1;
                if rng.below(seen) == 0 {
                    pick = Some(e.desk);
                }
            }
        }
        pick
    }

    fn propose(&self, rng: &mut Rng) -> Option<([Change; 2], usize)> {
        let n = self.reqs.len();
        if !self.unassigned.is_empty() && rng.below(5) == 0 {
            // Hand a desk from a placed request to an unplaced one.
            let u = self.unassigned[rng.below(self.unassigned.len())] as usize;
            let es = &self.edges[u];
            let d = es.get(rng.below(es.len()))?.desk;
            let r = self.occ[d as usize];
            if r == NONE {
                return None;
            }
            let ch = [
                Change {
                    req: u as u32,
                    to: d,
                },
                Change { req: r, to: NONE },
            ];
            return Some((ch, 2));
        }
        let r = rng.below(n);
        let cur = *self.assign.get(r)?;
        if cur == NONE || self.edges[r].len() < 2 {
            return None;
        }
        let t = self.team_of[r];
        let target = match rng.below(10) {
            0..=2 if t != NONE => {
                let entries = &self.teams[t as usize].entries;
                let e = entries.get(rng.below(entries.len()))?;
                if e.pass + e.fixed[0] + e.fixed[1] == 0 {
                    return None;
                }
                let z = e.zone;
                self.pick_edge(r, rng, |y| y == z || self.ix.dist(y, z) <= 1)?
            }
            3 => self.pick_edge(r, rng, |y| self.load[y as usize] > 0)?,
            _ => self.edges[r][rng.below(self.edges[r].len())].desk,
        };
        if target == cur {
            return None;
        }
        let s = self.occ[target as usize];
        let first = Change {
            req: r as u32,
            to: target,
        };
        if s == NONE {
            return Some(([first, first], 1));
        }
        if self.cost_at(s as usize, cur).is_some() {
            return Some(([first, Change { req: s, to: cur }], 2));
        }
        // Push the occupant to a free desk of theirs.
        let es = &self.edges[s as usize];
        let d2 = es.get(rng.below(es.len()))?.desk;
        if self.occ[d2 as usize] != NONE {
            return None;
        }
        Some(([first, Change { req: s, to: d2 }], 2))
    }

    /// Late-acceptance hill climbing for `iterations` moves; keeps the best allocation seen.
    /// Returns the moves tried.
    pub fn improve(&mut self, iterations: u64, rng: &mut Rng) -> u64 {
        if iterations == 0 || self.reqs.is_empty() {
            return 0;
        }
        let mut history = [self.total; HISTORY];
        let mut best = self.total;
        let mut best_assign = self.assign.clone();
        for it in 0..iterations {
            let slot = (it % HISTORY as u64) as usize;
            if let Some((ch, len)) = self.propose(rng)
                && let Some(delta) = self.delta(&ch[..len])
            {
                let candidate = self.total + delta;
                if delta <= 0 || candidate <= history[slot] {
                    self.commit(&ch[..len], delta);
                    if self.total < best {
                        best = self.total;
                        best_assign.copy_from_slice(&self.assign);
                    }
                }
            }
            history[slot] = self.total;
        }
        if best < self.total {
            self.assign = best_assign;
            self.occ.iter_mut().for_each(|o| *o = NONE);
            for (r, &d) in self.assign.iter().enumerate() {
                if d != NONE {
                    self.occ[d as usize] = r as u32;
                }
            }
            self.rebuild();
        }
        iterations
    }

    /// Repair: keeps every previous desk that is still allowed and free; returns the
    /// requests that lost theirs.
    pub fn keep_previous(&mut self, previous: &[u32]) -> Vec<usize> {
        let mut lost = Vec::new();
        for r in 0..self.reqs.len() {
            let d = previous[self.reqs[r] as usize];
            if d == NONE {
                continue;
            }
            if self.cost_at(r, d).is_some() && self.occ[d as usize] == NONE {
                self.assign[r] = d;
                self.occ[d as usize] = r as u32;
            } else {
                lost.push(r);
            }
        }
        self.rebuild();
        lost
    }

    /// Repair: places each request that lost its desk on the best free desk, or else along
    /// a shortest chain of moves (the fewest other people moved).
    pub fn place_lost(&mut self, lost: &[usize]) {
        for &r in lost {
            if let Some((delta, desk)) = self.best_free(r) {
                self.commit(
                    &[Change {
                        req: r as u32,
                        to: desk,
                    }],
                    delta,
                );
            } else {
                let mut ml = std::mem::take(&mut self.assign);
                let mut mr = std::mem::take(&mut self.occ);
                matching::shortest_augment(self, r, &mut ml, &mut mr);
                self.assign = ml;
                self.occ = mr;
                self.rebuild();
            }
        }
    }

    /// Writes the pass's placements into the day.
    pub fn finish(self, day: &mut Day) {
        for (r, &g) in self.reqs.iter().enumerate() {
            let d = self.assign[r];
            if d == NONE {
                continue;
            }
            let z = self.ix.desk_zone[d as usize];
            day.assign[g as usize] = d;
            day.taken[d as usize] |= self.mask;
            day.open[z as usize] |= self.mask;
            let t = self.ix.reqs[g as usize].team;
            if t != NONE {
                day.members[t as usize].push((z, self.mask));
            }
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
                pass: 0,
            });
            entries.len() - 1
        }
    };
    &mut entries[pos]
}
