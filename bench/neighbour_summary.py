#!/usr/bin/env python3
"""Summary of a bench/neighbour run: B's slowdown with a loaded neighbour.

    bench/neighbour_summary.py DIR   (reads DIR/raw/<alone|loaded>-<round>.json)
"""
import statistics
import sys

import gbench_parts

GOALS = {"BM_fork_exit_wait": 0.05, "BM_open_close": 0.10}


def main(directory):
    runs = gbench_parts.parts(directory)  # part -> round -> {bench: ns}
    if any(p not in runs for p in ("alone", "loaded")):
        sys.exit("missing parts: need alone and loaded")
    rounds = sorted(set(runs["alone"]) & set(runs["loaded"]))
    names = sorted(runs["alone"][rounds[0]])
    print(f"# Neighbour isolation: guest B alone and beside a loaded guest A "
          f"({len(rounds)} rounds, one boot)\n")
    print("| benchmark | B alone ns | B loaded ns | loaded/alone | goal | met |")
    print("| --- | ---: | ---: | --- | --- | --- |")
    for n in names:
        alone = statistics.median(runs["alone"][r][n] for r in rounds)
        loaded = statistics.median(runs["loaded"][r][n] for r in rounds)
        ratios = [runs["loaded"][r][n] / runs["alone"][r][n] for r in rounds]
        med = statistics.median(ratios)
        goal = next((g for k, g in GOALS.items() if n.startswith(k)), None)
        goal_s = f"< {1 + goal:.2f}" if goal else "-"
        met = ("yes" if med < 1 + goal else "no") if goal else "-"
        print(f"| {n} | {alone:.0f} | {loaded:.0f} | {med:.4f} "
              f"({min(ratios):.4f}..{max(ratios):.4f}) | {goal_s} | {met} |")
    print("\nRatios: median over rounds (min..max).  Guest A: NPROC 40 and RSS "
          "64 MiB, a 12 MB hog and a fork bomb refused at NPROC, asleep "
          "while B runs.")


if __name__ == "__main__":
    main(sys.argv[1])
