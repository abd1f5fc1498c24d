"""Reading the runs of bench/limits, bench/sched and bench/neighbour: one
Google Benchmark JSON per part and round, DIR/raw/<part>-<round>.json.
"""
import glob
import json
import os
import statistics


def medians(path):
    """Median real time (ns) of each benchmark of one Google Benchmark JSON."""
    with open(path) as f:
        doc = json.load(f)
    times = {}
    for b in doc["benchmarks"]:
        if b.get("run_type") == "aggregate":
            continue
        times.setdefault(b["run_name"], []).append(b["real_time"])
    return {name: statistics.median(t) for name, t in times.items()}


def parts(directory):
    """part -> round -> {benchmark: median ns} of DIR/raw/<part>-<round>.json."""
    runs = {}
    for path in sorted(glob.glob(os.path.join(directory, "raw", "*.json"))):
        part, rnd = os.path.basename(path)[:-5].rsplit("-", 1)
        runs.setdefault(part, {})[rnd] = medians(path)
    return runs
