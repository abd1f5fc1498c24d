# shellcheck shell=bash
# Common settings of the harness scripts; sourced, never run.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KVER=6.12.118
# The Debian package the series was last made and tested against.
KPKG=6.12.118-1~deb12u1
VS_VERSION=$(cat "$ROOT/VERSION")
BUILD=${VS_BUILD_DIR:-$ROOT/build}
PRISTINE=$BUILD/src/linux-source-6.12
TREE=$BUILD/$KVER/linux-$KVER
OBJ=$BUILD/$KVER/obj-vserver
OBJ_VANILLA=$BUILD/$KVER/obj-vanilla
USERBUILD=$BUILD/user
INITRAMFS=$BUILD/initramfs
JOBS=$(nproc)
# --debug as a script's first argument (or VS_DEBUG=1 from the caller):
# the debug kernel (debug.config on top of vserver.config), in its own
# object directory and ccache, so that neither build evicts the other.
if [ "${1:-}" = --debug ]; then export VS_DEBUG=1; shift; fi
if [ "${VS_DEBUG:-0}" = 1 ]; then
	OBJ=$BUILD/$KVER/obj-debug
	export CCACHE_DIR=${VS_DEBUG_CCACHE_DIR:-$BUILD/ccache-debug}
fi
export CCACHE_DIR=${CCACHE_DIR:-$BUILD/ccache}
# Relative paths in the cache keys: the pristine and the patched tree share hits.
export CCACHE_BASEDIR=$BUILD

die() { echo "${0##*/}: $*" >&2; exit 1; }
note() { echo "== $*" >&2; }

# Install what the harness needs on a fresh Debian machine (idempotent).
need_packages() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	note "installing ${missing[*]}"
	if [ "$(id -u)" -ne 0 ]; then die "need root to install: ${missing[*]}"; fi
	apt-get update -q >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
}

KERNEL_PACKAGES=(linux-source-6.12 build-essential bc bison flex libelf-dev
	libssl-dev ccache cpio python3 xz-utils patch diffstat git)
QEMU_PACKAGES=(qemu-system-x86 busybox-static cpio e2fsprogs)
USER_PACKAGES=(cmake g++ libcli11-dev nlohmann-json3-dev libfmt-dev
	libgtest-dev libbenchmark-dev rsync)

# Newest modification time (seconds) of the files under the given paths.
newest_mtime() {
	find "$@" -type f -printf '%T@\n' 2>/dev/null | sort -n | tail -1 | cut -d. -f1
}

# The series and its files.  Repo files map to kernel tree paths as
# kernel-patch/X -> X, uapi/linux/vserver/*.h -> include/uapi/linux/vserver/,
# ktests/*.h -> kernel/vserver/tests/, Kbuild -> kernel/vserver/Makefile.
#   series_patches        the patch names of kernel-patch/series, in order
#   patch_files PATCH...  the existing kernel files each patch changes, in
#                         patch order (a name without "/" is in kernel-patch/)
#   series_files          the files the whole series changes, sorted, once each
#   tree_path REPOFILE    the kernel tree path of a new file of the repo
#   new_files             "REPOFILE TREEPATH" for every new file
series_patches() { sed '/^\s*\(#\|$\)/d' "$ROOT/kernel-patch/series"; }
patch_files() {
	local p paths=()
	[ $# -gt 0 ] || return 0
	for p in "$@"; do
		case $p in */*) paths+=("$p") ;; *) paths+=("$ROOT/kernel-patch/$p") ;; esac
	done
	sed -n '/^+++ b\//{s|^+++ b/||; s|\t.*||; p}' "${paths[@]}"
}
series_files() {
	local patches
	mapfile -t patches < <(series_patches)
	patch_files "${patches[@]}" | sort -u
}
tree_path() {
	case $1 in
	kernel-patch/*.patch | kernel-patch/series) return 1 ;;
	kernel-patch/*) echo "${1#kernel-patch/}" ;;
	uapi/linux/vserver/*.h) echo "include/$1" ;;
	ktests/*.h) echo "kernel/vserver/tests/${1#ktests/}" ;;
	Kbuild) echo kernel/vserver/Makefile ;;
	*) return 1 ;;
	esac
}
new_files() {
	local f
	(cd "$ROOT" && find kernel-patch -type f ! -name '*.patch' ! -name series | sort &&
		printf '%s\n' uapi/linux/vserver/*.h ktests/*.h Kbuild) |
		while read -r f; do echo "$f $(tree_path "$f")"; done
}
