#!/usr/bin/env python3
"""Counts the top-level operator calls in a libtorch profiler trace (Chrome JSON), e.g. one
written by bench/AdamWStepBench.java: an op nested inside another op on the same thread (aten::empty
inside aten::mul) is not counted, so the count is the engine calls the Java side made.

    python3 bench/count_ops.py TRACE.json
"""
import collections
import json
import sys

events = json.load(open(sys.argv[1]))
events = events.get("traceEvents", events) if isinstance(events, dict) else events
ops = [e for e in events if e.get("ph") == "X" and e.get("cat", "cpu_op") in ("cpu_op", "operator", "Operator")]
by_thread = collections.defaultdict(list)
for e in ops:
    by_thread[e.get("tid")].append(e)
top = collections.Counter()
for evs in by_thread.values():
    evs.sort(key=lambda e: (e["ts"], -e.get("dur", 0)))
    end = -1
    for e in evs:
        if e["ts"] >= end:
            top[e["name"]] += 1
            end = e["ts"] + e.get("dur", 0)
print("top_level_ops=%d all_ops=%d" % (sum(top.values()), len(ops)))
for name, n in top.most_common(12):
    print("  %6d %s" % (n, name))
