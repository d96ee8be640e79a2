#!/usr/bin/env python3
"""The whole day's most requests served, solved exactly by HiGHS (PyPI `highspy`).

An oracle for the allocator benchmark that shares no code with the allocator: the input is
only which desks each request may use, and the programme is the plain one over
request-desk pairs (a binary per pair, at most one desk per request, at most one request
per desk and half-day; a full day takes both halves of its desk).

    scripts/whole-day-optimum.py DAY.json [--full-days-first] [--time-limit SECONDS]

DAY.json: {"desks": N, "requests": [{"slot": "full"|"morning"|"afternoon",
"desks": [desk index, ...]}, ...]}. Prints one JSON line: status, full days and requests
served, the solve time in seconds, and the number of binaries.
"""

import argparse
import json
import sys
import time

try:
    import highspy
except ImportError:
    sys.exit("whole-day-optimum: needs highspy (python3 -m pip install highspy==1.15.1)")

HALVES = {"full": (0, 1), "morning": (0,), "afternoon": (1,)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("day")
    parser.add_argument("--full-days-first", action="store_true")
    parser.add_argument("--time-limit", type=float, default=600.0)
    args = parser.parse_args()
    with open(args.day, encoding="utf-8") as f:
        day = json.load(f)
    requests = day["requests"]
    halves_asked = sum(1 for r in requests if r["slot"] != "full")
    full_weight = halves_asked + 1.0 if args.full_days_first else 1.0

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", args.time_limit)
    h.setOptionValue("threads", 1)
    cells = []  # (request index, column)
    per_half = [([], []) for _ in range(day["desks"])]
    for i, r in enumerate(requests):
        weight = full_weight if r["slot"] == "full" else 1.0
        for d in r["desks"]:
            col = h.getNumCol()
            h.addVar(0.0, 1.0)
            h.changeColCost(col, -weight)  # HiGHS minimises
            h.changeColIntegrality(col, highspy.HighsVarType.kInteger)
            cells.append((i, col))
            for half in HALVES[r["slot"]]:
                per_half[d][half].append(col)
    by_request = {}
    for i, col in cells:
        by_request.setdefault(i, []).append(col)
    for cols in list(by_request.values()) + [c for pair in per_half for c in pair]:
        if len(cols) > 1:
            h.addRow(-highspy.kHighsInf, 1.0, len(cols), cols, [1.0] * len(cols))
    started = time.monotonic()
    h.run()
    seconds = time.monotonic() - started
    status = h.modelStatusToString(h.getModelStatus())
    values = h.getSolution().col_value if cells else []
    chosen = [i for i, col in cells if values[col] > 0.5]
    full = sum(1 for i in chosen if requests[i]["slot"] == "full")
    print(
        json.dumps(
            {
                "status": status,
                "full_days": full,
                "served": len(chosen),
                "seconds": round(seconds, 3),
                "binaries": len(cells),
            }
        )
    )


if __name__ == "__main__":
    main()
