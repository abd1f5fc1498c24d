"""The "Figures" section of summary.md: every ratio of the tables in
words, computed from the same medians, so that no sentence can drift
from the table.  findings.md holds the analysis and cites these."""
import bench_data as bd

GROUPS = [
    ("above", "above +1%, every round above 1.0"),
    ("noise", "beyond ±1% but within noise (the spread over rounds crosses 1.0)"),
    ("below", "below -1%, every round below 1.0"),
    ("within", "within ±1%"),
    ("na", "not measured in both"),
]


def short(name):
    return name[3:] if name.startswith("BM_") else name


def pct(x):
    v = round((x - 1) * 100, 2)
    return f"{v if v else 0.0:+.2f}%"


def classify(num, den, names, unit):
    """One sentence per group of benchmarks, by ratio num/den."""
    groups = {k: [] for k, _ in GROUPS}
    for n in names:
        r = bd.ratio(num, den, n)
        if r is None:
            groups["na"].append(f"`{short(n)}`")
            continue
        med, lo, hi = r
        key = ("within" if abs(med - 1) <= 0.01 else "above" if lo > 1 else
               "below" if hi < 1 else "noise")
        text = f"`{short(n)}` {pct(med)}"
        if key != "within" or lo < 0.99 or hi > 1.01:
            text += f" [{pct(lo)}..{pct(hi)}]"
        if key in ("above", "below"):
            text += f" (≈ {(med - 1) * bd.pooled_median(den, n):+.0f} {unit} per op)"
        groups[key].append(text)
    return "; ".join(f"{label}: {', '.join(groups[k])}" for k, label in GROUPS if groups[k])


def describe(runs, scale, icount):
    """Markdown lines of the Figures section."""
    unit = "instructions" if icount else "ns"
    lines = ["", "## Figures (generated from the tables)", ""]
    if max((len(rs) for rs in runs.values()), default=0) < 2:
        lines += ["One round only: there is no spread, so \"every round\" below says nothing "
                  "about noise.", ""]
    for label, num, den in (("(b)/(a), the patch with the task on the host", "b", "a"),
                            ("(c)/(b), the task in a guest", "c", "b")):
        if not runs[num] or not runs[den]:
            lines.append(f"* **{label}**: not available, ({den if not runs[den] else num}) was not run.")
            continue
        names = sorted({n for r in list(runs[num].values()) + list(runs[den].values()) for n in r.times})
        lines.append(f"* **{label}**: {classify(runs[num], runs[den], names, unit)}.")
    counts = sorted(scale)
    for n in counts[1:]:
        base = counts[0]
        names = sorted({k for r in list(scale[n].values()) + list(scale[base].values()) for k in r.times})
        lines.append(f"* **Scale, N={n} / N={base}**: {classify(scale[n], scale[base], names, unit)}.")
        for k in sorted({k for r in scale[n].values() for k in r.rates}):
            a, b = bd.pooled_median(scale[base], k, "rates"), bd.pooled_median(scale[n], k, "rates")
            r = bd.ratio(scale[n], scale[base], k, "rates")
            if a and b and r:
                lines.append(f"* **`{short(k)}` rate**: {a:.0f}/s at N={base}, {b:.0f}/s at N={n}: "
                             f"{pct(r[0])} [{pct(r[1])}..{pct(r[2])}].")
    return lines
