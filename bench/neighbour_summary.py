#!/usr/bin/env python3
"""Summary of a bench/neighbour run: B's slowdown beside a fork bomb and
beside a memory hog in guest A.

    bench/neighbour_summary.py DIR RATE
        reads DIR/raw/<alone|bomb|hog>-<round>.json; RATE: the bomb's hard
        bucket in tokens per 100 ticks (bench/neighbour --bomb-rate)
"""
import statistics
import sys

import gbench_parts

# The neighbour's load and the slowdown of B allowed beside it (issue 15).
GOALS = {"bomb": 0.05, "hog": 0.10}


def main(directory, rate):
    runs = gbench_parts.parts(directory)  # part -> round -> {bench: ns}
    missing = [p for p in ("alone", *GOALS) if p not in runs]
    if missing:
        sys.exit(f"missing parts: {', '.join(missing)}")
    print("# Neighbour isolation: guest B alone, beside a fork bomb and beside "
          "a memory hog in guest A (one boot)\n")
    print("| A runs | benchmark of B | B alone ns | B beside A ns | beside/alone "
          "| goal | met |")
    print("| --- | --- | ---: | ---: | --- | --- | --- |")
    for load, goal in GOALS.items():
        rounds = sorted(set(runs["alone"]) & set(runs[load]))
        for n in sorted(runs["alone"][rounds[0]]):
            alone = statistics.median(runs["alone"][r][n] for r in rounds)
            beside = statistics.median(runs[load][r][n] for r in rounds)
            ratios = [runs[load][r][n] / runs["alone"][r][n] for r in rounds]
            med = statistics.median(ratios)
            met = "yes" if med < 1 + goal else "no"
            print(f"| {load} | {n} | {alone:.0f} | {beside:.0f} | {med:.4f} "
                  f"({min(ratios):.4f}..{max(ratios):.4f}, {len(rounds)} rounds) "
                  f"| < {1 + goal:.2f} | {met} |")
    print("\nRatios: median over rounds of B's time beside A over B's time alone "
          "in the same round (min..max).  Guest A: NPROC 40, RSS 64 MiB (memory "
          "cgroup).  bomb: 4 processes forking without end "
          "(vserver_fork_bomb, a refused fork retried at once), refused at "
          f"NPROC, under a hard bucket of {rate}% per CPU.  hog: about 12 MB in a shell "
          "variable, asleep while B runs.")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]))
