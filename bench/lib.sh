# shellcheck shell=bash
# Shared by bench/run, bench/suite and bench/smoke; sourced after
# qemu-harness/lib.sh, never run.

# bench_mode MODE: check MODE and set BENCH_RUN_OPTS, its qemu-harness/run
# options.  icount: TCG -icount (1 ns = 1 guest instruction, repeatable);
# wallclock: multi-threaded TCG; kvm: hardware virtualisation.
bench_mode() {
	case $1 in
	icount) BENCH_RUN_OPTS=(--icount) ;;
	wallclock) BENCH_RUN_OPTS=() ;;
	kvm)
		[ -r /dev/kvm ] && [ -w /dev/kvm ] ||
			die "--kvm: /dev/kvm is missing or not usable here; run without --kvm (TCG)"
		BENCH_RUN_OPTS=(--kvm) ;;
	*) die "unknown clock mode '$1'" ;;
	esac
}

# bench_write_meta DIR MODE [KEY=VALUE...]: DIR/meta.json, the provenance
# summarize.py prints: commit of the tree and its uncommitted changes
# (bench/results aside), clock, accelerator, QEMU version, date.
bench_write_meta() {
	local dir=$1 mode=$2
	shift 2
	local commit changes
	commit=$(git -C "$ROOT" rev-parse HEAD 2>/dev/null) || commit=unknown
	changes=$(cd "$ROOT" && git status --porcelain -- . ':(exclude)bench/results' 2>/dev/null) ||
		changes="?? (no git repository)"
	VB_CHANGES=$changes python3 - "$dir/meta.json" "$mode" "$commit" \
		"$(qemu-system-x86_64 --version | head -1)" "$@" <<'PY'
import datetime, json, os, sys
path, mode, commit, qemu, *extra = sys.argv[1:]
changes = [l for l in os.environ["VB_CHANGES"].splitlines() if l]
meta = {
    "started": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "git_commit": commit,
    "git_dirty": bool(changes),
    "git_changes": changes[:20],
    "clock": "icount" if mode == "icount" else "wallclock",
    "accelerator": "KVM" if mode == "kvm" else "TCG",
    "qemu": qemu,
}
meta.update(kv.split("=", 1) for kv in extra)
with open(path, "w") as f:
    json.dump(meta, f, indent=1)
    f.write("\n")
PY
}
