#!/bin/sh
# The command-line tools against the real kernel, TAP output.  Runs as
# root inside the QEMU guest (busybox sh).
n=0 failed=0
check() { # check NAME COMMAND... : passes when the command succeeds
	name=$1; shift
	n=$((n + 1))
	if "$@" >/tmp/out 2>&1; then echo "ok $n - $name"
	else failed=$((failed + 1)); echo "not ok $n - $name"; sed 's/^/#   /' /tmp/out; fi
}
fails_with() { # fails_with PATTERN COMMAND... : non-zero exit, one line matching PATTERN
	pattern=$1; shift
	out=$("$@" 2>&1) && return 1
	[ "$(echo "$out" | wc -l)" -eq 1 ] && echo "$out" | grep -q "$pattern"
}
has() { pattern=$1; shift; "$@" 2>&1 | grep -q "$pattern"; }
lacks() { pattern=$1; shift; ! "$@" 2>&1 | grep -q "$pattern"; }
exists() { i=0; while [ ! -d /proc/virtual/$1 ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; [ -d /proc/virtual/$1 ]; }
running() { i=0; while ! ps | grep -q "[s]leep $1\$" && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; }
gone() { i=0; while [ -d /proc/virtual/$1 ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done; [ ! -d /proc/virtual/$1 ]; }

for t in chcontext vcontext vattribute vkill vwait vps vserver-info vserver-stat; do
	check "$t --help" $t --help
done
check "vserver-info SYSINFO shows the API" has "VS-API: 0x00020308" vserver-info - SYSINFO
check "vserver-info FEATURE vkill" vserver-info - FEATURE vkill
check "vserver-info FEATURE dynamic is absent" sh -c '! vserver-info - FEATURE dynamic'
check "vserver-info unknown feature" fails_with "unknown feature" vserver-info - FEATURE bogus

chcontext --ctx 300 --name web --silent -- sleep 300 &
chcontext --ctx 301 --name db --silent -- sleep 301 &
running 300 && running 301
check "vserver-stat lists both guests" sh -c 'vserver-stat | grep -q "^300 .* web$" && vserver-stat | grep -q "^301 .* db$"'
check "vserver-stat host row" has "^0 .* root server$" vserver-stat
check "vserver-stat --json" has '"ctx": 300' vserver-stat --json
check "vps shows a CONTEXT column" has "CONTEXT" vps
check "vps names the guest of a process" has "300 web .*sleep 300" vps
check "a guest sees only its own processes" lacks "sleep 300" chcontext --ctx 302 --silent -- ps
check "a guest sees itself" has "ps" chcontext --ctx 303 --silent -- ps
check "chcontext prints the new context" has "New security context is 304" chcontext --ctx 304 -- true
check "chcontext picks a free xid" has "New security context is 49152" chcontext -- true
check "chcontext flags" has "^persistent$" chcontext --ctx 305 --flag persistent --silent -- sh -c 'cat /proc/virtual/305/status >/dev/null; echo persistent'
check "vkill --xid 305 (persistent, no task)" sh -c 'vkill --xid 305 -s KILL; [ $? -eq 1 ]'
check "vkill kills a guest" sh -c 'vkill --xid 300 -s KILL'
check "the killed guest is gone" gone 300
check "vkill unknown context" fails_with "ctx_kill(999): No such process" vkill --xid 999
check "vkill bad signal" fails_with "unknown signal" vkill --xid 301 -s NOPE
check "chcontext refuses xid 1" fails_with "ctx" chcontext --ctx 1 -- true
check "vcontext --create" has "New security context is 306" vcontext --create --xid 306 -- true
check "vcontext --migrate into a missing context" fails_with "ctx_migrate(307): No such process" vcontext --migrate --xid 307 -- true
check "vcontext needs a mode" fails_with "one of --create or --migrate" vcontext --xid 308 -- true
chcontext --ctx 309 --silent -- sleep 1 &
exists 309
check "vwait reports the end" has "FINISHED 0 0" vwait 309
check "unknown flag name" fails_with "flag 'bogus'" chcontext --ctx 310 --flag bogus -- true
vkill --xid 301 -s KILL
echo "1..$n"
[ "$failed" -eq 0 ]
