#!/usr/bin/env python3
"""The home-zone planner's exact optimum, by HiGHS (PyPI `highspy`) on an integer programme.

An oracle for the planner benchmark that shares no code with the planner: it reads the
planner's input (zones, units, affinities) and settings as JSON and builds the cost the
planner documents (`allocator/src/planner/check.rs`, `evaluate`) as a mixed-integer
programme, every term exactly.

    scripts/planner-optimum.py PLAN.json [--time-limit SECONDS]

PLAN.json: {"input": PlanInput, "config": PlanConfig, "proposal": [[unit, [zone, ...]], ...]}
as the allocator's serde writes them (the proposal is optional). Prints one JSON line: the
status, the best cost found, HiGHS's best bound (equal when proven optimal), the seconds,
the numbers of binaries, columns and rows, and with a proposal the programme's cost of it
(the same programme with the proposal's zones fixed), which must equal the planner's own
cost: a check of the model. The proposal is then HiGHS's starting solution, so the best
found is never worse than it; a better one shows what the planner missed.

The model. Zone z is *planned* when its use is Work or Quiet; unit u may get it when u's
organisation is among the zone's organisations. F_u: u's zones today that are not planned
(they stay with u). C_u: F_u and the planned zones u may get. X_u(z) = 1 for z in F_u, the
binary x[u,z] for a planned zone u may get, 0 otherwise.

- One unit per planned zone: sum_u x[u,z] <= 1 (a zone may also stay free).
- desks_u = sum_z desks_z X_u(z); acc_u = sum_z min(accessible_z, desks_z) X_u(z).
- Overflow days (w_overflow per day with demand > desks_u): the distinct demand values
  v_1 < v_2 < ... of u above its fixed desks D0, with c_k days each, and a staircase of
  binaries y_1 >= y_2 >= ... (y_k = 1: desks_u >= v_k) with
  desks_u >= D0 + sum_k (v_k - v_{k-1}) y_k (v_0 = D0); cost w_overflow c_k (1 - y_k).
  Exact: y_k = 1 needs y_1..y_k = 1 and so desks_u >= v_k, and each y_k is rewarded.
- Shortfall: s_u >= want_u - desks_u, s_u >= 0 (want_u: the percentile demand, nearest
  rank); cost w_shortfall s_u. Access: a_u >= people needing access - acc_u, a_u >= 0.
- Spread (w_spread per zone of u with no other zone of u adjacent, counted only when u has
  two zones or more): a binary t_u with count_u - 1 <= (|C_u| - 1) t_u (count_u = sum
  X_u), and apart[u,z] >= X_u(z) + t_u - 1 - sum_{y adjacent to z, y != z} X_u(y),
  apart >= 0; cost w_spread apart. Exact: with t_u = 1 the right side is 1 exactly for an
  isolated zone of u; t_u may be 0 only when u has at most one zone, and then the right
  side is at most 0. (Its linear relaxation is weak, which is most of why the bound of the
  larger instances stays far below the best solution.)
- Moved (w_moved when u's set of zones differs from today's): m_u >= 1 - x[u,z] for each
  planned zone u has today and may get, m_u = 1 when it has one today it may not get,
  m_u >= x[u,z] for each planned zone it may get and does not have today.
- Affinity (w_affinity times the weight, summed over the table's entries of the pair, times
  the distance d_uv = the smallest ladder value over pairs of their zones: same zone 0,
  adjacent 1, same building and floor 2, same building 3, else 4, and 4 when either has no
  zone): d_uv = 4 - e0 - e1 - e2 - e3 with e_L in [0, 1] allowed to be 1 only when some pair
  of their zones has ladder <= L:
  e0 <= the number of zones in F_u and F_v both (a planned zone has one unit at most);
  e1 <= sum_p h[p], h[p] <= X_u(p), h[p] <= sum_{q in N[p]} X_v(q) (N[p]: p and its
  neighbours); e2 <= sum_G f[G] + sum_p h[p] over floors G (building and floor),
  f[G] <= sum_{z in G} X_u(z), f[G] <= sum_{z in G} X_v(z); e3 likewise over buildings.
  h and f may be continuous in [0, 1]: their bounds are integers at any integer x, so
  their best values are 0 or 1. Exact: each e_L is rewarded, so at the optimum it is 1
  exactly when such a pair exists, and the count of L in 0..3 with a pair of ladder <= L
  is 4 minus the smallest ladder value.
"""

import argparse
import json
import math
import sys
import time
from collections import Counter, defaultdict

try:
    import highspy
except ImportError:
    sys.exit("planner-optimum: needs highspy (python3 -m pip install highspy==1.15.1)")

INF = highspy.kHighsInf


class Model:
    def __init__(self, time_limit):
        self.h = highspy.Highs()
        self.h.setOptionValue("output_flag", False)
        self.h.setOptionValue("time_limit", time_limit)
        self.h.setOptionValue("threads", 1)
        self.h.setOptionValue("random_seed", 1)
        self.binaries = 0
        self.constant = 0.0

    def var(self, cost=0.0, lo=0.0, hi=1.0, integer=False):
        col = self.h.getNumCol()
        self.h.addVar(lo, hi)
        if cost:
            self.h.changeColCost(col, cost)
        if integer:
            self.h.changeColIntegrality(col, highspy.HighsVarType.kInteger)
            self.binaries += 1
        return col

    def row(self, lo, terms, hi):
        """lo <= sum(coef * col) <= hi; terms: {col: coef}."""
        terms = {c: v for c, v in terms.items() if v != 0}
        if not terms:
            if lo - 1e-9 > 0 or hi + 1e-9 < 0:
                raise ValueError("an infeasible constant row")
            return
        cols = list(terms)
        self.h.addRow(lo, hi, len(cols), cols, [float(terms[c]) for c in cols])


def nearest_rank(days, p):
    if not days:
        return 0
    s = sorted(days)
    rank = max(1, math.ceil(p * len(s) / 100))
    return s[rank - 1]


def build(data, time_limit):
    inp, cfg = data["input"], data["config"]
    w = cfg["weights"]
    zones = inp["zones"]
    zone_ix = {z["id"]: i for i, z in enumerate(zones)}
    planned = [z["kind"] in ("Work", "Quiet") for z in zones]
    adj = [set() for _ in zones]
    for i, z in enumerate(zones):
        for a in z["adjacent"]:
            j = zone_ix[a]
            if j != i:
                adj[i].add(j)
                adj[j].add(i)
    desks = [z["desks"] for z in zones]
    acc = [min(z["accessible_desks"], z["desks"]) for z in zones]
    units = inp["units"]
    m = Model(time_limit)

    # X_u as {zone: column or None (constant 1)}.
    x = [dict() for _ in units]
    fixed = [set() for _ in units]
    for u, unit in enumerate(units):
        for z in unit["current"]:
            if not planned[zone_ix[z]]:
                fixed[u].add(zone_ix[z])
        for z in fixed[u]:
            x[u][z] = None
    for z, zone in enumerate(zones):
        if not planned[z]:
            continue
        cols = []
        for u, unit in enumerate(units):
            if unit["organisation"] in zone["organisations"]:
                x[u][z] = m.var(integer=True)
                cols.append(x[u][z])
        if len(cols) > 1:
            m.row(-INF, {c: 1 for c in cols}, 1)

    def expr(u, coef):
        """sum coef(z) X_u(z) as (terms, constant)."""
        terms, const = {}, 0.0
        for z, col in x[u].items():
            if col is None:
                const += coef(z)
            else:
                terms[col] = terms.get(col, 0) + coef(z)
        return terms, const

    for u, unit in enumerate(units):
        d_terms, d_const = expr(u, lambda z: desks[z])
        # Overflow days: y[k] = 1 when desks_u >= v_k, a staircase.
        prev, above = d_const, None
        terms = dict(d_terms)
        for v, c in sorted(Counter(unit["demand"]).items()):
            if v <= d_const:
                continue
            m.constant += w["overflow_day"] * c
            y = m.var(cost=-w["overflow_day"] * c, integer=True)
            terms[y] = -(v - prev)
            if above is not None:
                m.row(-INF, {y: 1, above: -1}, 0)
            prev, above = v, y
        if above is not None:
            m.row(0, terms, INF)
        # Shortfall.
        want = nearest_rank(unit["demand"], cfg["percentile"])
        if want > d_const:
            s = m.var(cost=w["shortfall"], hi=INF)
            m.row(want - d_const, {**d_terms, s: 1}, INF)
        # Access.
        a_terms, a_const = expr(u, lambda z: acc[z])
        need = unit["accessible_people"]
        if need > a_const:
            a = m.var(cost=w["access"], hi=INF)
            m.row(need - a_const, {**a_terms, a: 1}, INF)
        # Spread.
        if w["spread"] and len(x[u]) > 1:
            t = m.var(integer=True)
            c_terms, c_const = expr(u, lambda z: 1)
            # count - 1 - (|C_u| - 1) t <= 0
            m.row(-INF, {**c_terms, t: -(len(x[u]) - 1)}, 1 - c_const)
            for z, col in x[u].items():
                apart = m.var(cost=w["spread"], hi=INF)
                # apart - X_u(z) - t + sum_adj X_u(y) >= -1
                terms, const = {apart: 1, t: -1}, 0.0
                if col is None:
                    const -= 1
                else:
                    terms[col] = -1
                for y in adj[z]:
                    if y in x[u]:
                        if x[u][y] is None:
                            const += 1
                        else:
                            terms[x[u][y]] = terms.get(x[u][y], 0) + 1
                m.row(-1 - const, terms, INF)
        # Moved.
        if w["moved"]:
            today = {zone_ix[z] for z in unit["current"] if planned[zone_ix[z]]}
            if any(z not in x[u] for z in today):
                m.constant += w["moved"]
            else:
                mv = m.var(cost=w["moved"])
                for z, col in x[u].items():
                    if col is None:
                        continue
                    if z in today:
                        m.row(1, {mv: 1, col: 1}, INF)
                    else:
                        m.row(0, {mv: 1, col: -1}, INF)

    # Affinity: summed weight per unordered pair.
    unit_ix = {un["id"]: i for i, un in enumerate(units)}
    pairs = defaultdict(int)
    for a in inp["affinities"]:
        p, q = unit_ix[a["a"]], unit_ix[a["b"]]
        if p != q and a["weight"] > 0:
            pairs[(min(p, q), max(p, q))] += a["weight"]
    floors, buildings = defaultdict(list), defaultdict(list)
    for z, zone in enumerate(zones):
        floors[(zone["building"], zone["floor"])].append(z)
        buildings[zone["building"]].append(z)

    def group_terms(u, members):
        terms, const = {}, 0.0
        for z in members:
            if z in x[u]:
                if x[u][z] is None:
                    const += 1
                else:
                    terms[x[u][z]] = terms.get(x[u][z], 0) + 1
        return terms, const

    for (u, v), weight in sorted(pairs.items()):
        cost = w["affinity"] * weight
        if cost == 0:
            continue
        m.constant += 4 * cost
        # e0: a shared fixed zone.
        if fixed[u] & fixed[v]:
            m.constant -= cost
        # h[p]: p of u next to or equal to a zone of v.
        hs = []
        for p, col in x[u].items():
            near = {q: x[v][q] for q in adj[p] | {p} if q in x[v]}
            if not near:
                continue
            h = m.var()
            hs.append(h)
            if col is not None:
                m.row(-INF, {h: 1, col: -1}, 0)
            terms, const = {h: 1}, 0.0
            for q, c in near.items():
                if c is None:
                    const += 1
                else:
                    terms[c] = terms.get(c, 0) - 1
            m.row(-INF, terms, const)
        for level, groups in ((1, None), (2, floors), (3, buildings)):
            e = m.var(cost=-cost)
            terms = {e: 1, **{h: -1 for h in hs}}
            for members in (groups or {}).values():
                tu, cu = group_terms(u, members)
                tv, cv = group_terms(v, members)
                if (not tu and cu == 0) or (not tv and cv == 0):
                    continue
                f = m.var()
                terms[f] = -1
                m.row(-INF, {f: 1, **{c: -k for c, k in tu.items()}}, cu)
                m.row(-INF, {f: 1, **{c: -k for c, k in tv.items()}}, cv)
            m.row(-INF, terms, 0)
    return m, x, zone_ix


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plan")
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    with open(args.plan, encoding="utf-8") as f:
        data = json.load(f)
    m, x, zone_ix = build(data, args.time_limit)
    h = m.h
    out = {}
    proposal = data.get("proposal")
    if proposal is not None:
        # The proposal in the programme: its zones fixed, the rest follows. Its solution
        # is then HiGHS's start, so that what HiGHS finds is never worse than the proposal.
        units = {u["id"]: i for i, u in enumerate(data["input"]["units"])}
        given = {(units[u], zone_ix[z]) for u, zs in proposal for z in zs}
        cols = [(col, 1.0 if (u, z) in given else 0.0)
                for u, of in enumerate(x) for z, col in of.items() if col is not None]
        for col, v in cols:
            h.changeColBounds(col, v, v)
        h.run()
        out["proposal_in_model"] = round(h.getInfo().objective_function_value + m.constant)
        start = h.getSolution()
        for col, _ in cols:
            h.changeColBounds(col, 0.0, 1.0)
        h.setSolution(start)
    started = time.monotonic()
    h.run()
    seconds = time.monotonic() - started
    status = h.modelStatusToString(h.getModelStatus())
    info = h.getInfo()
    out.update(
        {
            "status": status,
            "best": round(info.objective_function_value + m.constant),
            "bound": round(info.mip_dual_bound + m.constant, 3),
            "seconds": round(seconds, 3),
            "binaries": m.binaries,
            "columns": h.getNumCol(),
            "rows": h.getNumRow(),
        }
    )
    print(json.dumps(out))


if __name__ == "__main__":
    main()
