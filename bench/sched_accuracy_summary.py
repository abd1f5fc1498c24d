#!/usr/bin/env python3
"""Summary of a bench/sched-accuracy run: the token bucket beside cpu.max,
|achieved share - target| in percentage points per scenario and rate.

    bench/sched_accuracy_summary.py DIR

Reads DIR/windows.tsv, DIR/samples.tsv and DIR/meta.json (any may lack
rows: a limiter or a cell that did not run is reported as not measured);
writes DIR/summary.md and, when gnuplot is installed, DIR/share.png.
"""
import os
import shutil
import statistics
import subprocess
import sys
from collections import defaultdict

import bench_data

GOAL_PP = 0.5
PLOT_RATE = 25
LIMITERS = {"bucket": "token bucket", "cpumax": "cpu.max"}
COLORS = {"bucket": "#4477aa", "cpumax": "#ee6677"}
SCENARIOS = {
    "one": "one hog on CPU 0",
    "two": "two hogs, CPU 0 and CPU 1, one context / one cgroup (quota 2 x rate)",
    "contend": "the limited hog and an unlimited host hog on CPU 0",
    "idle": "one hog, the bucket with the idle time rate, CPU 0 otherwise idle",
    "idle-contend": "the idle time rate on, an unlimited host hog on CPU 0",
}


def rows(path):
    """The fields of each data line of a .tsv (none if the file is missing)."""
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [line.split() for line in f if line.strip() and not line.startswith("#")]


def idle_k(meta):
    """Tokens per tick of idle time (fill_rate2 / interval2)."""
    return int(meta.get("fill_rate2", 100)) / int(meta.get("interval2", 100))


def target(limiter, scenario, rate, k):
    """The expected share of each limited hog, and the share of CPU time a
    token left in the bucket stands for (level-corrected share = raw share +
    level change / (wall time * weight)).

    With the idle time rate on an otherwise idle CPU the bucket gains r per
    tick plus k per idle tick: in balance s = r + k (1 - s), so s = (r + k) /
    (1 + k) while the level stays below tokens_max, and a token not spent
    would have been spent with 1/(1 + k) of CPU time.  Elsewhere (and always for cpu.max, which has no idle notion)
    the target is the rate."""
    r = rate / 100
    if limiter == "bucket" and scenario == "idle":
        return (r + k) / (1 + k), 1 + k
    return r, 1.0


def cells(windows, k):
    """(limiter, scenario, rate) -> per window (raw share, corrected share,
    shares of each hog); the hogs of a window are pooled (share = CPU time
    of all over their number times the wall time)."""
    per_window = defaultdict(list)
    for lim, sc, rate, w, _cpu, ticks, wall, l0, l1, tok in windows:
        tokens_s = (int(l1) - int(l0)) * int(tok) / 1e6
        hog = (int(ticks) / 100, int(wall) / 100, tokens_s)
        per_window[(lim, sc, int(rate), int(w))].append(hog)
    out = defaultdict(list)
    for (lim, sc, rate, _w), hogs in sorted(per_window.items()):
        n, wall = len(hogs), hogs[0][1]
        raw = sum(h[0] for h in hogs) / (n * wall)
        corr = raw + sum(h[2] for h in hogs) / (n * wall * target(lim, sc, rate, k)[1])
        out[(lim, sc, rate)].append((raw, corr, [h[0] / wall for h in hogs]))
    return out


def stats(ws, goal):
    """Mean share and |share - goal| in pp (raw and corrected, mean and worst)."""
    raw = [abs(w[0] - goal) * 100 for w in ws]
    corr = [abs(w[1] - goal) * 100 for w in ws]
    return {"n": len(ws), "share": statistics.mean(w[0] for w in ws),
            "raw": (statistics.mean(raw), max(raw)), "corr": (statistics.mean(corr), max(corr)),
            "hogs": [s for w in ws for s in w[2]]}


def scenario_lines(sc, res, k):
    """The table of one scenario, the hogs' spread for two, the verdicts."""
    limiters = {lim: name for lim, name in LIMITERS.items() if any(key[0] == lim for key in res)}
    rates = sorted({rate for (_lim, s, rate) in res if s == sc})
    lines = [f"## {sc}: {SCENARIOS.get(sc, sc)}", "",
             "| rate | limiter | target | windows | mean share | raw mean / worst pp "
             "| level-corrected mean / worst pp |",
             "| ---: | --- | ---: | ---: | ---: | --- | --- |"]
    verdicts, spread = [], []
    for rate in rates:
        st = {}
        for lim, name in limiters.items():
            if (lim, sc, rate) not in res:
                lines.append(f"| {rate}% | {name} | - | 0 | - | not measured | - |")
                continue
            goal = target(lim, sc, rate, k)[0]
            s = st[lim] = stats(res[(lim, sc, rate)], goal)
            corr = f"{s['corr'][0]:.2f} / {s['corr'][1]:.2f}" if lim == "bucket" else "-"
            lines.append(f"| {rate}% | {name} | {goal:.4f} | {s['n']} | {s['share']:.4f} "
                         f"| {s['raw'][0]:.2f} / {s['raw'][1]:.2f} | {corr} |")
            if sc == "two":
                spread.append(f"{name} at {rate}%: {min(s['hogs']):.4f}..{max(s['hogs']):.4f}")
        verdicts += verdict_lines(rate, st)
    if spread:
        lines += ["", "Share of each hog (min..max over windows and hogs): "
                  + "; ".join(spread) + "."]
    return lines + [""] + verdicts + [""]


def verdict_lines(rate, st):
    """The two goals at one rate, compared at the precision shown (0.01 pp)."""
    b, c = st.get("bucket"), st.get("cpumax")
    if not b:
        return [f"- {rate}%: bucket not measured"]
    ok = "yes" if round(b["corr"][1], 2) <= GOAL_PP else "no"
    out = [f"- {rate}%: bucket within {GOAL_PP} pp "
           f"(level-corrected worst {b['corr'][1]:.2f} pp): {ok}"]
    if not c:
        return out + [f"- {rate}%: bucket no worse than cpu.max: not measured (no cpu.max rows)"]
    ok = "yes" if round(b["raw"][0], 2) <= round(c["raw"][0], 2) else "no"
    return out + [f"- {rate}%: bucket no worse than cpu.max (raw mean {b['raw'][0]:.2f} "
                  f"vs {c['raw'][0]:.2f} pp): {ok}"]


def panel(i, sc, rate, series, k):
    """The data blocks and the plot command of one scenario's panel: the
    share of each limiter measured, and its target (grey, one line when
    both limiters have the same)."""
    blocks, curves, goals = [], [], defaultdict(list)
    for lim, name in LIMITERS.items():
        goals[target(lim, sc, rate, k)[0]].append(name)
        if (lim, sc, rate) in series:
            blocks.append(f"$d{i}{lim} << EOD\n" + "\n".join(series[(lim, sc, rate)]) + "\nEOD")
            curves.append(f"$d{i}{lim} using 1:2 with lines lw 2 lc rgb '{COLORS[lim]}' "
                          f"title '{name}'")
    for goal, names in goals.items():
        title = "target" if len(goals) == 1 else f"target, {names[0]}"
        curves.append(f"{goal} with lines lc rgb '#999999' title '{title}'")
    key = "set key top right horizontal" if i == 0 or len(goals) > 1 else "unset key"
    return blocks, f"{key}\nset title '{sc}: {SCENARIOS.get(sc, sc)}'\nplot " + ", ".join(curves)


def plot(directory, samples, k):
    """share.png: the share over time of both limiters, one panel per
    scenario, at PLOT_RATE (else the lowest rate measured); returns the
    line of summary.md that says what was drawn."""
    if not samples:
        return "share.png: not drawn, samples.tsv has no rows."
    if not shutil.which("gnuplot"):
        return "share.png: not drawn, gnuplot is missing (apt-get install gnuplot-nox)."
    series = defaultdict(list)
    for lim, sc, rate, t, share in samples:
        series[(lim, sc, int(rate))].append(f"{t} {share}")
    rates = sorted({key[2] for key in series})
    rate = PLOT_RATE if PLOT_RATE in rates else rates[0]
    scs = [s for s in dict.fromkeys(list(SCENARIOS) + sorted(key[1] for key in series))
           if any(key[1:] == (s, rate) for key in series)]
    blocks, panels = [], []
    for i, sc in enumerate(scs):
        b, p = panel(i, sc, rate, series, k)
        blocks += b
        panels.append(p)
    script = "\n".join(blocks) + f"""
set terminal png size 1000,{240 * len(scs) + 40} noenhanced
set output '{os.path.join(directory, 'share.png')}'
set multiplot layout {len(scs)},1 title 'Share of CPU per limited hog, rate {rate}%, 1 s samples'
set ylabel 'share'
set xlabel 't (s, from the first window)'
set yrange [0:1.1]
set grid
""" + "\n".join(panels) + "\nunset multiplot\n"
    try:
        subprocess.run(["gnuplot"], input=script, text=True, check=True, capture_output=True)
    except subprocess.CalledProcessError as e:
        return f"share.png: not drawn, gnuplot failed: {e.stderr.strip()[-300:]}"
    return f"share.png: the share over time at rate {rate}%, one panel per scenario."


def main(directory):
    meta = bench_data.meta(directory)
    k = idle_k(meta)
    res = cells(rows(os.path.join(directory, "windows.tsv")), k)
    samples = rows(os.path.join(directory, "samples.tsv"))
    lines = ["# Scheduler accuracy: token bucket and cpu.max, |achieved - target| in "
             "percentage points", "",
             f"Run: {meta.get('accelerator', '?')}, {meta.get('clock', '?')} clock, "
             f"{meta.get('windows', '?')} windows of {meta.get('seconds', '?')} s after a "
             f"2 s warm-up per cell, one boot, 2 CPUs; {meta.get('started', '')}.", ""]
    if meta.get("cpumax") == "no":
        lines += ["cpu.max: not measured, the guest kernel has no cgroup v2 cpu controller "
                  "(CGROUP_SCHED, FAIR_GROUP_SCHED, CFS_BANDWIDTH).", ""]
    if not res:
        lines += ["No window was measured (windows.tsv has no rows).", ""]
    known = [s for s in SCENARIOS if any(key[1] == s for key in res)]
    for sc in known + sorted({key[1] for key in res} - set(known)):
        lines += scenario_lines(sc, res, k)
    lines += notes(k) + ["", plot(directory, samples, k)]
    with open(os.path.join(directory, "summary.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


def notes(k):
    """What the columns and the targets mean."""
    return [
        "Share: CPU time of the limited hogs (/proc/<pid>/stat, 10 ms) over their number "
        "times the wall time (/proc/uptime, 10 ms) per window.  Level-corrected (bucket "
        "only): plus the change of the bucket level (/proc/virtual/<xid>/sched, ticks) "
        "over the window, so that tokens saved or spent ahead are not counted as error.",
        "",
        "Targets: the rate per hog; `two` has one bucket per CPU (each hog its rate) and "
        "a cpu.max quota of twice the rate (one pool for both).  `contend`, "
        "`idle-contend`: at 50% the limit equals the fair share beside the host hog.  "
        f"`idle` (bucket): idle time gives {k:g} token per idle tick, so the balance "
        f"s = r + {k:g} (1 - s) gives s = (r + {k:g}) / (1 + {k:g}); with the host hog the "
        "CPU is never idle and the target is the rate.  cpu.max has no idle time rate: its "
        "`idle` rows are the plain limit."]


if __name__ == "__main__":
    main(sys.argv[1])
