#!/usr/bin/env python3
"""Summarize bench/run output: provenance, medians, ratios, scale, chart.

Reads DIR/raw/{a,b,c}-r<R>.json and DIR/raw/scale<N>-r<R>.json (with the
-caps.json parts of the guest runs, see bench_data.py) and DIR/meta.json;
writes DIR/summary.md, DIR/ratios.dat and DIR/ratios.png (gnuplot).  A
configuration that was not run (the smoke run has no (a)) is reported as
such.  Ratios are per-round medians divided side by side, so drift
between rounds cancels; their spread is the min..max over rounds.  The
"Figures" section states every ratio in words; DIR/findings.md (the
hand-written analysis, numbers left to Figures) is appended as is.
"""
import os
import subprocess
import sys

import bench_data as bd
from bench_figures import describe, pct, short

CONFIGS = {"a": "(a) unpatched", "b": "(b) host", "c": "(c) guest"}


def fmt_ns(v):
    return "n/a" if v is None else (f"{v / 1000:.2f} us" if v >= 1000 else f"{v:.0f} ns")


def fmt_ratio(r):
    return "n/a" if r is None else f"{r[0]:.3f} [{r[1]:.3f}..{r[2]:.3f}]"


def row(cells):
    return "| " + " | ".join(cells) + " |"


def kernels(runs, directory):
    seen = {}
    for cfg, rs in runs.items():
        for part in ("main", "caps"):
            for c in bd.contexts(rs, part):
                if "kernel_release" in c:
                    k = f"{c['kernel_release']} ({c.get('kernel_version', '?')})"
                    seen.setdefault(k, set()).add(cfg)
    if not seen:
        return ("unknown: not recorded in these results (the directory is named "
                f"{os.path.basename(os.path.abspath(directory))})")
    return "; ".join(f"{', '.join(sorted(cfgs))}: {k}" for k, cfgs in seen.items())


def repetitions(runs):
    """Repetitions per benchmark and round, as found in the JSON."""
    found = {len(t) for rs in runs.values() for r in rs.values() for t in r.times.values()}
    return "/".join(map(str, sorted(found))) or "no"


def guest_line(c):
    mains, caps = bd.contexts(c), bd.contexts(c, "caps")
    if not mains or "vserver_bcaps" not in mains[0]:
        return "bcaps not recorded in these results"
    m = mains[0]
    text = (f"xid {m.get('vserver_xid')}, nid {m.get('vserver_nid')} (one address, SINGLE_IP), "
            f"bcaps {m['vserver_bcaps']}: {bd.cap_names(m['vserver_bcaps'])}")
    if caps:
        text += (f".  The vserver(2) benchmarks (marked †) need CAP_CONTEXT and CAP_SYS_ADMIN and "
                 f"ran in a second guest, xid {caps[0].get('vserver_xid')}, bcaps "
                 f"{caps[0]['vserver_bcaps']}: {bd.cap_names(caps[0]['vserver_bcaps'])}")
    return text


def header(directory, runs, meta):
    acc, clock = meta.get("accelerator"), meta.get("clock")
    commit = meta.get("git_commit")
    if commit is None:
        tree = "unknown (no meta.json: these results predate its recording)"
    elif meta.get("git_dirty"):
        tree = f"{commit} with uncommitted changes: {', '.join(c.strip() for c in meta.get('git_changes', []))}"
    else:
        tree = f"{commit}, no uncommitted changes"
    clocks = {"icount": "icount (TCG -icount shift=0: 1 ns = 1 guest instruction)",
              "wallclock": "wall clock"}
    n_rounds = max((len(rs) for rs in runs.values()), default=0)
    lines = ["# vserver benchmark summary", ""]
    if meta.get("smoke"):
        lines += ["**Smoke run** (few, short repetitions): it proves that the suites run; "
                  "its numbers mean nothing.", ""]
    lines += [
        f"* Kernel (uname in the guest): {kernels(runs, directory)}",
        f"* Tree: {tree}",
        f"* Clock: {clocks.get(clock, 'unknown (not recorded)')}; accelerator: "
        f"{acc or 'unknown (not recorded)'}{' (' + meta['qemu'] + ')' if 'qemu' in meta else ''}",
        f"* Rounds (interleaved): {n_rounds}; repetitions per round: {repetitions(runs)}"
        f"{'; minimum time per repetition: ' + meta['min_time'] + ' s' if 'min_time' in meta else ''}"
        f"{', started ' + meta['started'] if 'started' in meta else ''}",
        f"* Configurations not run: {', '.join(CONFIGS[x] for x in 'abc' if not runs[x]) or 'none'}",
        f"* Guest of (c): {guest_line(runs['c'])}",
        "",
        "(a) unpatched kernel (same tree and config minus the series), (b) patched kernel",
        "with the task in the host context, (c) patched kernel with the task in a guest.",
        "Times: medians of every repetition of every round.  Ratios: per-round medians",
        "side by side, median [min..max] over rounds.",
    ]
    if acc == "TCG":
        lines.append("Absolute times are distorted by TCG; the ratios are the figures of record.")
    elif acc == "KVM":
        lines.append("Times are KVM guest wall-clock times; the ratios are the figures of record.")
    else:
        lines.append("The accelerator is not recorded: read the ratios, not the absolute times.")
    return lines


def main_table(runs):
    a, b, c = runs["a"], runs["b"], runs["c"]
    names = sorted({n for rs in runs.values() for r in rs.values() for n in r.times},
                   key=lambda n: (n.startswith("BM_vserver") or n.startswith("BM_ctx"), n))
    caps = {n for r in c.values() for n in r.caps_names}
    lines = ["", "| benchmark | " + " | ".join(CONFIGS.values()) + " | (b)/(a) | (c)/(b) |",
             "| --- | --- | --- | --- | --- | --- |"]
    dat = []
    for i, n in enumerate(names):
        ba, cb = bd.ratio(b, a, n), bd.ratio(c, b, n)
        cells = [fmt_ns(bd.pooled_median(rs, n)) if rs else "not run" for rs in (a, b, c)]
        cells[2] += " †" if n in caps else ""
        lines.append(f"| {short(n)} | {' | '.join(cells)} | {fmt_ratio(ba)} | {fmt_ratio(cb)} |")
        pcts = [f"{(x - 1) * 100:.2f}" if r else "n/a" for r in (ba, cb) for x in (r or (0, 0, 0))]
        dat.append(f"{i} {short(n)} " + " ".join(pcts))
    if caps:
        lines += ["", "† measured in the second guest (default bcaps plus CAP_CONTEXT and CAP_SYS_ADMIN)."]
    return names, lines, dat


def scale_section(directory, runs, names):
    counts = bd.scale_counts(directory)
    if not counts:
        return [], {}
    sc = {n: bd.rounds(directory, f"scale{n}") for n in counts}
    base, rest = counts[0], counts[1:]
    ctxs = [(n, x) for n in counts for p in ("main", "caps") for x in bd.contexts(sc[n], p)]
    if any("vserver_contexts_before" in x for _, x in ctxs):
        live = {n: sorted({int(x["vserver_contexts_before"]) + 1 for m, x in ctxs if m == n}) for n in counts}
        what = ("N live contexts: the measuring guest and N-1 persistent idle ones (counted at the "
                "start of each guest: " + ", ".join(f"N={n}: {live[n]}" for n in counts) + ")")
    else:
        what = ("N idle contexts besides the measuring guest, so N+1 live (these results predate "
                "the live count: their N=1 is 2 contexts)")
    snames = sorted({k for s in sc.values() for r in s.values() for k in r.times})
    missing = [short(n) for n in names if n not in snames]
    head = [f"N={x}" for x in counts] + [f"N={x} / N={base}" for x in rest]
    lines = ["", "## Scale: task in a guest, with N live contexts", "",
             f"{what}.  Medians of every repetition; ratios against N={base} per round, "
             "median [min..max].  " + (f"Not in these scale runs: {', '.join(missing)}." if missing
                                       else "Every benchmark of the main table."), "",
             row(["benchmark"] + head), row(["---"] * (len(head) + 1))]
    for n in snames:
        lines.append(row([short(n)] + [fmt_ns(bd.pooled_median(sc[x], n)) for x in counts]
                         + [fmt_ratio(bd.ratio(sc[x], sc[base], n)) for x in rest]))
    derived = False
    for s in sc.values():
        for r in s.values():
            if "BM_ctx_create_exit" in r.times and "BM_ctx_create_exit" not in r.rates:
                r.rates["BM_ctx_create_exit"] = [1e9 / t for t in r.times["BM_ctx_create_exit"]]
                derived = True
    for n in sorted({k for s in sc.values() for r in s.values() for k in r.rates}):
        rates = [bd.pooled_median(sc[x], n, "rates") for x in counts]
        lines += ["", f"{short(n)} as a rate (create+migrate+exit per second, "
                  + ("1 / time per op: these results predate items_per_second" if derived
                     else "items_per_second") + "):", "",
                  row(["rate"] + head), row(["---"] * (len(head) + 1)),
                  row(["per second"] + [f"{v:.0f}" if v else "n/a" for v in rates]
                      + [fmt_ratio(bd.ratio(sc[x], sc[base], n, "rates")) for x in rest])]
    return lines, sc


def chart(directory, dat, meta):
    path = os.path.join(directory, "ratios.dat")
    with open(path, "w") as f:
        f.write("# index name b/a-1 (%) min max c/b-1 (%) min max; n/a: not measured\n")
        f.write("\n".join(dat) + "\n")
    how = f"{meta.get('accelerator', 'accelerator unknown')}, {meta.get('clock', 'clock unknown')}"
    series, absent = [f"'{path}' using 1:(0):xtic(2) with points pt -1 notitle"], []
    for col, dx, color, title in ((3, -0.2, "#4477aa", "(b)/(a): hooks, task on host"),
                                  (6, 0.2, "#ee6677", "(c)/(b): task in a guest")):
        if all(d.split()[col - 1] == "n/a" for d in dat):
            absent.append(title.split(":")[0])
            continue
        x = f"($1{dx:+})"
        series += [f"'' using {x}:{col} with boxes lc rgb '{color}' title '{title}'",
                   f"'' using {x}:{col}:{col + 1}:{col + 2} with yerrorbars pt 0 ps 0 lc rgb 'black' notitle",
                   f"'' using {x}:(0):(valid({col}) ? '' : 'n/a') with labels rotate by 90 left "
                   "offset 0,0.3 notitle"]
    missing = f"; not run: {', '.join(absent)}" if absent else ""
    plot = f"""
set terminal png size 1100,600 noenhanced
set output '{os.path.join(directory, 'ratios.png')}'
set title 'vserver overhead per benchmark: median over rounds, bars min..max ({how}{missing})'
set datafile missing 'n/a'
set ylabel 'overhead (%)'
set style fill solid 0.8 border -1
set boxwidth 0.38
set xrange [-0.6:{len(dat) - 0.4}]
set xtics rotate by -35 scale 0
set grid ytics
set xzeroaxis
set key outside bottom center horizontal
plot {", ".join(series)}
"""
    subprocess.run(["gnuplot"], input=plot, text=True, check=True)


def main(directory):
    runs = {x: bd.rounds(directory, x) for x in "abc"}
    meta = bd.meta(directory)
    names, table, dat = main_table(runs)
    lines = header(directory, runs, meta) + table
    scale_lines, scale = scale_section(directory, runs, names)
    lines += scale_lines + describe(runs, scale, meta.get("clock") == "icount")
    findings = os.path.join(directory, "findings.md")
    if os.path.exists(findings):
        with open(findings) as f:
            lines += ["", f.read().rstrip()]
    with open(os.path.join(directory, "summary.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    chart(directory, dat, meta)
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1])
