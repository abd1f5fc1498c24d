#!/usr/bin/env python3
"""Summarize bench/run output: medians, ratios and a chart.

Reads DIR/raw/{a,b,c}-r<N>.json and DIR/raw/scale-<N>.json (Google
Benchmark JSON) and writes DIR/summary.md, DIR/ratios.dat and
DIR/ratios.png (gnuplot).  Ratios are per-round medians divided side by
side, so drift between rounds cancels; their spread is the min..max over
rounds.
"""
import glob
import json
import os
import re
import statistics
import subprocess
import sys


def load(path):
    """Iteration real times (ns) per benchmark name in one JSON file."""
    with open(path) as f:
        data = json.load(f)
    times = {}
    for b in data.get("benchmarks", []):
        if b.get("run_type") != "iteration" or b.get("error_occurred"):
            continue
        scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]
        name = b.get("run_name", b["name"]).split("/")[0]
        times.setdefault(name, []).append(b["real_time"] * scale)
    return data.get("context", {}), times


def rounds(directory, cfg):
    files = sorted(glob.glob(os.path.join(directory, "raw", f"{cfg}-r*.json")))
    return [load(f)[1] for f in files]


def pooled_median(runs, name):
    values = [t for r in runs for t in r.get(name, [])]
    return statistics.median(values) if values else None


def ratio(num_runs, den_runs, name):
    """Median ratio over rounds and its min..max."""
    per_round = []
    for num, den in zip(num_runs, den_runs):
        if num.get(name) and den.get(name):
            per_round.append(statistics.median(num[name]) / statistics.median(den[name]))
    if not per_round:
        return None
    return statistics.median(per_round), min(per_round), max(per_round)


def fmt_ns(v):
    return "n/a" if v is None else (f"{v / 1000:.2f} us" if v >= 1000 else f"{v:.0f} ns")


def fmt_ratio(r):
    return "n/a" if r is None else f"{r[0]:.3f} [{r[1]:.3f}..{r[2]:.3f}]"


def main(directory):
    a, b, c = (rounds(directory, x) for x in "abc")
    names = sorted({n for runs in (a, b, c) for r in runs for n in r},
                   key=lambda n: (n.startswith("BM_vserver") or n.startswith("BM_ctx"), n))
    ctx = load(sorted(glob.glob(os.path.join(directory, "raw", "b-r*.json")))[0])[0]
    lines = [
        "# vserver benchmark summary", "",
        f"Kernel 6.12.117 in QEMU ({ctx.get('num_cpus', '?')} vCPUs), {len(a)} interleaved rounds,",
        f"clock: {os.environ.get('VBENCH_CLOCK', 'see bench/run')}.",
        "medians of every repetition of every round.  (a) unpatched kernel, (b) patched",
        "kernel with the task in the host context, (c) patched kernel with the task in",
        "a guest context (default bcaps plus CAP_CONTEXT and CAP_SYS_ADMIN, and a network",
        "context with one address, SINGLE_IP).  Ratios: per-round medians side by side,",
        "median [min..max] over",
        "rounds.  Absolute times are distorted by TCG; the ratios are the figures of record.",
        "",
        "| benchmark | (a) unpatched | (b) host | (c) guest | (b)/(a) | (c)/(b) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    dat = []
    for i, n in enumerate(names):
        ba, cb = ratio(b, a, n), ratio(c, b, n)
        lines.append(f"| {n} | {fmt_ns(pooled_median(a, n))} | {fmt_ns(pooled_median(b, n))} | "
                     f"{fmt_ns(pooled_median(c, n))} | {fmt_ratio(ba)} | {fmt_ratio(cb)} |")
        dat.append(f"{i} {n.replace('BM_', '')} "
                   f"{(ba[0] - 1) * 100 if ba else 0:.2f} {(cb[0] - 1) * 100 if cb else 0:.2f}")
    scale = {}
    for f in glob.glob(os.path.join(directory, "raw", "scale*-r*.json")):
        n = int(re.search(r"scale(\d+)-r", f).group(1))
        for name, times in load(f)[1].items():
            scale.setdefault(n, {}).setdefault(name, []).extend(times)
    if scale:
        counts = sorted(scale)
        lines += ["", "## Scale: task in a guest, with N live idle contexts",
                  "", "Medians over all rounds; the last column is N=max over N=1.", "",
                  "| benchmark | " + " | ".join(f"N={n}" for n in counts) + " | ratio |",
                  "| --- |" + " --- |" * (len(counts) + 1)]
        for n in sorted({k for s in scale.values() for k in s}):
            meds = [statistics.median(scale[x][n]) if scale[x].get(n) else None for x in counts]
            r = f"{meds[-1] / meds[0]:.3f}" if meds[0] and meds[-1] else "n/a"
            lines.append(f"| {n} | " + " | ".join(fmt_ns(m) for m in meds) + f" | {r} |")
    # Hand-written analysis of this run, kept across regenerations.
    findings = os.path.join(directory, "findings.md")
    if os.path.exists(findings):
        with open(findings) as f:
            lines += ["", f.read().rstrip()]
    with open(os.path.join(directory, "summary.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(directory, "ratios.dat"), "w") as f:
        f.write("# index name overhead_b_over_a_percent overhead_c_over_b_percent\n")
        f.write("\n".join(dat) + "\n")
    plot = f"""
set terminal png size 1100,600 noenhanced
set output '{os.path.join(directory, 'ratios.png')}'
set title 'vserver overhead per benchmark (median over rounds)'
set ylabel 'overhead (%)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -35 scale 0
set grid ytics
set autoscale y
set xzeroaxis
set key outside bottom center horizontal
plot '{os.path.join(directory, 'ratios.dat')}' using 3:xtic(2) title '(b)/(a): hooks, task on host', \\
     '' using 4 title '(c)/(b): task in a guest'
"""
    subprocess.run(["gnuplot"], input=plot, text=True, check=True)
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1])
