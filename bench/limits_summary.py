#!/usr/bin/env python3
"""Summary of a bench/limits (or bench/sched) run: medians and ratios per
benchmark.

    bench/limits_summary.py DIR [TITLE]   (reads DIR/raw/<part>-<round>.json)
"""
import statistics
import sys

import gbench_parts


def main(directory, title="Limits: cost of the accounting"):
    runs = gbench_parts.parts(directory)  # part -> round -> {bench: ns}
    parts = ["host", "unlimited", "limited"]
    if any(p not in runs for p in parts):
        sys.exit(f"missing parts: {[p for p in parts if p not in runs]}")
    rounds = sorted(set(runs["host"]) & set(runs["unlimited"]) & set(runs["limited"]))
    names = sorted(runs["host"][rounds[0]])
    print(f"# {title} ({len(rounds)} rounds, one boot)\n")
    print("| benchmark | host ns | guest ns | guest+limits ns | guest/host | limits/guest |")
    print("| --- | ---: | ---: | ---: | --- | --- |")
    for n in names:
        med = {p: statistics.median(runs[p][r][n] for r in rounds) for p in parts}
        gh = [runs["unlimited"][r][n] / runs["host"][r][n] for r in rounds]
        lg = [runs["limited"][r][n] / runs["unlimited"][r][n] for r in rounds]

        def fmt(v):
            return f"{statistics.median(v):.4f} ({min(v):.4f}..{max(v):.4f})"

        print(f"| {n} | {med['host']:.0f} | {med['unlimited']:.0f} | {med['limited']:.0f} "
              f"| {fmt(gh)} | {fmt(lg)} |")
    print("\nRatios: median over rounds (min..max); each round's parts ran back to back.")


if __name__ == "__main__":
    main(*sys.argv[1:3])
