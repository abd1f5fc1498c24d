# shellcheck shell=bash
# Common settings of the harness scripts; sourced, never run.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KVER=6.12.117
# The Debian package the series was last made and tested against.
KPKG=6.12.117-1~deb12u1
VS_VERSION=$(cat "$ROOT/VERSION")
BUILD=${VS_BUILD_DIR:-$ROOT/build}
PRISTINE=$BUILD/src/linux-source-6.12
TREE=$BUILD/$KVER/linux-$KVER
OBJ=$BUILD/$KVER/obj-vserver
OBJ_VANILLA=$BUILD/$KVER/obj-vanilla
USERBUILD=$BUILD/user
INITRAMFS=$BUILD/initramfs
JOBS=$(nproc)
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
	libgtest-dev libbenchmark-dev)

# Newest modification time (seconds) of the files under the given paths.
newest_mtime() {
	find "$@" -type f -printf '%T@\n' 2>/dev/null | sort -n | tail -1 | cut -d. -f1
}
