"""Reading bench/run results: Google Benchmark JSON per boot, meta.json.

A configuration's files are raw/<cfg>-r<R>.json and, for a guest run,
raw/<cfg>-r<R>-caps.json (the second guest, which holds CAP_CONTEXT and
CAP_SYS_ADMIN for the vserver(2) benchmarks); <cfg> is a, b, c or
scale<N>.  Both parts of a round are merged into one Round.
"""
import glob
import json
import os
import re
import statistics

CAPS = ("CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER FSETID KILL SETGID SETUID SETPCAP "
        "LINUX_IMMUTABLE NET_BIND_SERVICE NET_BROADCAST NET_ADMIN NET_RAW IPC_LOCK IPC_OWNER "
        "SYS_MODULE SYS_RAWIO SYS_CHROOT SYS_PTRACE SYS_PACCT SYS_ADMIN SYS_BOOT SYS_NICE "
        "SYS_RESOURCE SYS_TIME SYS_TTY_CONFIG MKNOD LEASE AUDIT_WRITE AUDIT_CONTROL SETFCAP "
        "MAC_OVERRIDE MAC_ADMIN SYSLOG WAKE_ALARM BLOCK_SUSPEND AUDIT_READ PERFMON BPF "
        "CHECKPOINT_RESTORE").split()
UNIT = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}


class Round:
    """One boot of one configuration: times (ns) and rates (items/s) per
    benchmark, the JSON context of each part, the names of the caps part."""

    def __init__(self):
        self.times, self.rates, self.ctx, self.caps_names = {}, {}, {}, set()

    def add(self, path, part):
        with open(path) as f:
            data = json.load(f)
        self.ctx[part] = data.get("context", {})
        for b in data.get("benchmarks", []):
            if b.get("run_type") != "iteration" or b.get("error_occurred"):
                continue
            name = b.get("run_name", b["name"]).split("/")[0]
            self.times.setdefault(name, []).append(b["real_time"] * UNIT[b.get("time_unit", "ns")])
            if "items_per_second" in b:
                self.rates.setdefault(name, []).append(b["items_per_second"])
            if part == "caps":
                self.caps_names.add(name)


def rounds(directory, cfg):
    """{round number: Round} of one configuration ({} when it was not run)."""
    out = {}
    for path in glob.glob(os.path.join(directory, "raw", f"{cfg}-r*.json")):
        m = re.fullmatch(re.escape(cfg) + r"-r(\d+)(-caps)?\.json", os.path.basename(path))
        if m:
            out.setdefault(int(m.group(1)), Round()).add(path, "caps" if m.group(2) else "main")
    return out


def scale_counts(directory):
    names = glob.glob(os.path.join(directory, "raw", "scale*-r*.json"))
    return sorted({int(re.search(r"scale(\d+)-r", os.path.basename(p)).group(1)) for p in names})


def meta(directory):
    path = os.path.join(directory, "meta.json")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return json.load(f)


def pooled_median(runs, name, what="times"):
    """Median of every repetition of every round."""
    values = [t for r in runs.values() for t in getattr(r, what).get(name, [])]
    return statistics.median(values) if values else None


def ratio(num, den, name, what="times"):
    """Per-round medians divided side by side (rounds paired by number, so
    drift between rounds cancels): (median, min, max) over rounds."""
    per_round = []
    for r in sorted(set(num) & set(den)):
        n, d = getattr(num[r], what).get(name), getattr(den[r], what).get(name)
        if n and d:
            per_round.append(statistics.median(n) / statistics.median(d))
    if not per_round:
        return None
    return statistics.median(per_round), min(per_round), max(per_round)


def contexts(runs, part="main"):
    """The JSON contexts of one part of every round."""
    return [r.ctx[part] for _, r in sorted(runs.items()) if part in r.ctx]


def cap_names(word):
    """'CHOWN, KILL, ...' for a hex capability word (bit 63: CONTEXT)."""
    v = int(word, 16)
    names = [c for i, c in enumerate(CAPS) if v >> i & 1]
    return ", ".join(names + (["CONTEXT"] if v >> 63 & 1 else [])) or "none"
