#!/bin/sh
# The command-line tools against the real kernel, TAP output.  Runs as
# root inside the QEMU guest (busybox sh).
. "$(dirname "$0")/tap.sh"
fails_with() { # fails_with PATTERN COMMAND... : non-zero exit, one line matching PATTERN
	pattern=$1; shift
	out=$("$@" 2>&1) && return 1
	[ "$(echo "$out" | wc -l)" -eq 1 ] && echo "$out" | grep -q "$pattern"
}
lacks() { # lacks PATTERN COMMAND... : the command succeeds and never prints PATTERN
	pattern=$1; shift
	out=$("$@" 2>&1) || { echo "$out"; return 1; }
	! echo "$out" | grep -q "$pattern" || { echo "$out"; return 1; }
}
helps() { # helps TOOL WORD... : TOOL --help succeeds and names every WORD
	tool=$1; shift
	out=$($tool --help 2>&1) || { echo "$out"; return 1; }
	echo "$out" | grep -q "^Usage: $tool" || { echo "$out"; return 1; }
	for w in "$@"; do echo "$out" | grep -qF -- "$w" || { echo "no '$w' in:"; echo "$out"; return 1; }; done
}
unreadable_in_guest() { # unreadable_in_guest XID FILE : chcontext ran, cat FILE failed in it
	out=$(chcontext --ctx "$1" --silent -- sh -c "cat $2 >/dev/null; echo cat=\$?" 2>&1)
	echo "$out"
	echo "$out" | grep -q "No such file or directory" && [ "$(echo "$out" | tail -1)" = "cat=1" ]
}
exists() { i=0; while [ ! -d /proc/virtual/$1 ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; [ -d /proc/virtual/$1 ]; }
running() { i=0; while ! ps | grep -q "[s]leep $1\$" && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; }
gone() { i=0; while [ -d /proc/virtual/$1 ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done; [ ! -d /proc/virtual/$1 ]; }

check "chcontext --help" helps chcontext --ctx --flag --cap --name --silent --disconnect command
check "vcontext --help" helps vcontext --create --migrate --xid --flag --cap --endsetup --initpid
check "vattribute --help" helps vattribute --set --get --xid --flag --bcap --ccap --umask
check "vkill --help" helps vkill --xid -s pid "guest init included" "PID -1"
check "vwait --help" helps vwait xid
check "vps --help" helps vps "ps options" CONTEXT
check "vserver-info --help" helps vserver-info SYSINFO FEATURE XID NID TAG
check "vserver-stat --help" helps vserver-stat --json "CTX PROC VSZ RSS userTIME sysTIME UPTIME NAME"
check "setattr --help" helps setattr --barrier --iunlink --immu --cow --hide --admin --watch --flag
check "showattr --help" helps showattr --directory files
check "lsxid --help" helps lsxid files
check "vprocunhide --help" helps vprocunhide list
check "ncontext --help" helps ncontext --create --migrate --nid --flag --endsetup --silent --disconnect
check "naddress --help" helps naddress --add --remove --nid --ip --range --bcast --lback --all
check "nattribute --help" helps nattribute --get --set --nid --flag --ncap
check "chbind --help" helps chbind --nid --ip --bcast --lback --flag --silent

# Secure proc: guests see no /proc entry until the host unhides them.
check "guest cannot read /proc/uptime before vprocunhide" unreadable_in_guest 290 /proc/uptime
check "showattr: /proc/uptime hidden, admin" has "^AwH-ui- /proc/uptime$" showattr /proc/uptime
check "vprocunhide" vprocunhide
check "showattr: /proc/uptime unhidden" has "^Awh-ui- /proc/uptime$" showattr /proc/uptime
check "guest reads /proc/uptime after vprocunhide" chcontext --ctx 291 --silent -- cat /proc/uptime
check "guest reads a sysctl after vprocunhide" chcontext --ctx 292 --silent -- cat /proc/sys/kernel/ostype
check "guest still cannot see /proc/kallsyms" unreadable_in_guest 294 /proc/kallsyms
check "setattr --~hide /proc/virtual" setattr --~hide /proc/virtual /proc/virtual/info /proc/virtual/status
check "setattr --hide /proc/uptime" setattr --hide /proc/uptime
check "a hidden entry is unreadable in a guest" unreadable_in_guest 293 /proc/uptime
check "setattr --~hide /proc/uptime" setattr --~hide /proc/uptime
check "an unhidden entry is readable in a guest" chcontext --ctx 295 --silent -- cat /proc/uptime
check "setattr: no attribute" fails_with "no attribute" setattr /tmp
check "setattr: barrier on a file is EINVAL" fails_with "Invalid argument" sh -c ': > /tmp/f; setattr --barrier /tmp/f'
check "setattr: hide outside /proc is EINVAL" fails_with "Invalid argument" setattr --hide /tmp
check "setattr: missing path" fails_with "No such file" setattr --barrier /nonexistent
mkdir -p /tmp/vs /tmp/vs/g1
check "setattr --barrier" setattr --barrier /tmp/vs
check "showattr -d shows the barrier" has "^---Bui- /tmp/vs$" showattr -d /tmp/vs
check "showattr lists a directory" has "^---bui- /tmp/vs/g1$" showattr /tmp/vs
check "setattr --~barrier" sh -c 'setattr --~barrier /tmp/vs && showattr -d /tmp/vs | grep -q "^---bui-"'
check "setattr --iunlink-but-not-immutable" sh -c ': > /tmp/f2; setattr --iunlink-but-not-immutable /tmp/f2 && showattr /tmp/f2 | grep -q "^----Ui- "'
check "setattr --iunlink sets the unification pair" sh -c ': > /tmp/f3; setattr --iunlink /tmp/f3 && showattr /tmp/f3 | grep -q "^----UI- "'
check "setattr --~immu clears both" sh -c 'setattr --~immu /tmp/f3 && showattr /tmp/f3 | grep -q "^----ui- "'
check "setattr --immu sets the unification pair" sh -c 'setattr --immu /tmp/f3 && showattr /tmp/f3 | grep -q "^----UI- " && setattr --~iunlink /tmp/f3'
check "lsxid on an untagged filesystem" has "^- /tmp/f2$" lsxid /tmp/f2
check "vserver-info SYSINFO shows the API" has "VS-API: 0x00020308" vserver-info - SYSINFO
check "vserver-info FEATURE vkill" vserver-info - FEATURE vkill
check "vserver-info FEATURE dynamic is absent" \
	sh -c 'out=$(vserver-info - FEATURE dynamic 2>&1); [ $? -eq 1 ] && [ -z "$out" ]'
check "vserver-info unknown feature" fails_with "unknown feature" vserver-info - FEATURE bogus
# util-vserver's vserver-info PID TAG (task_tag) and vtag's PPTAG test.
check "vserver-info FEATURE pptag" vserver-info - FEATURE pptag
check "vserver-info PID TAG" has "^0$" vserver-info $$ TAG
check "vserver-info PID XID" has "^0$" vserver-info 1 XID
check "vserver-info PID TAG of no task" fails_with "task_tag(999999): No such process" vserver-info 999999 TAG

chcontext --ctx 300 --name web --silent -- sleep 300 &
chcontext --ctx 301 --name db --silent -- sleep 301 &
running 300 && running 301
check "vserver-stat lists both guests" sh -c 'vserver-stat | grep -q "^300 .* web$" && vserver-stat | grep -q "^301 .* db$"'
check "vserver-stat host row" has "^0 .* root server$" vserver-stat
check "vserver-stat --json" has '"ctx": 300' vserver-stat --json
check "vps shows a CONTEXT column" has "CONTEXT" vps
check "vps names the guest of a process" has "300 web .*sleep 300" vps
check "a guest's ps runs and lists itself" has " ps$" chcontext --ctx 302 --silent -- ps
check "a guest sees only its own processes" lacks "sleep 30[01]" chcontext --ctx 303 --silent -- ps
check "chcontext prints the new context" has "New security context is 304" chcontext --ctx 304 -- true
check "chcontext picks a free xid" has "New security context is 49152" chcontext -- true
check "chcontext --flag persistent: the context outlives its command" \
	sh -c '! test -d /proc/virtual/305 && chcontext --ctx 305 --flag persistent --silent -- true && test -d /proc/virtual/305'
check "vkill --xid 305 (persistent, no task)" fails_with "ctx_kill(305): No such process" vkill --xid 305 -s KILL
check "vkill kills a guest" sh -c 'vkill --xid 300 -s KILL'
check "the killed guest is gone" gone 300
check "vkill unknown context" fails_with "ctx_kill(999): No such process" vkill --xid 999
check "vkill bad signal" fails_with "unknown signal" vkill --xid 301 -s NOPE
check "chcontext refuses xid 1" fails_with "Value 1 not in range" chcontext --ctx 1 -- true
check "vcontext --create" has "New security context is 306" vcontext --create --xid 306 -- true
check "vcontext --migrate into a missing context" fails_with "ctx_migrate(307): No such process" vcontext --migrate --xid 307 -- true
check "vcontext needs a mode" fails_with "one of --create or --migrate" vcontext --xid 308 -- true
chcontext --ctx 309 --silent -- sleep 1 &
exists 309
check "vwait reports the end" has "FINISHED 0 0" vwait 309
check "unknown flag name" fails_with "flag 'bogus'" chcontext --ctx 310 --flag bogus -- true
# chcontext --ctx of a running guest enters it, as util-vserver's does
# (the name is set from the host, before the migration).
chcontext --ctx 311 --silent -- sleep 311 &
exists 311 && running 311
check "chcontext --ctx enters a running guest" has "sleep 311" chcontext --ctx 311 --silent -- ps
check "chcontext --ctx --name on a running guest" \
	sh -c 'chcontext --ctx 311 --name later --silent -- true && vserver-stat | grep -q "^311 .* later$"'
check "vcontext --migrate into a running guest" has "sleep 311" vcontext --migrate --xid 311 -- ps
vkill --xid 311 -s KILL
vkill --xid 301 -s KILL

# Network contexts.
ip addr add 10.0.0.2/24 dev lo 2>/dev/null
ip addr add 10.0.0.3/24 dev lo 2>/dev/null
check "chbind prints the new network context" has "New network context is 49152" chbind --ip 10.0.0.2 -- true
check "chbind --nid, /proc/virtnet shows the address" has "10.0.0.2-0.0.0.0/255.255.255.0" \
	chbind --silent --nid 800 --ip 10.0.0.2/24 -- cat /proc/virtnet/800/info
check "chbind: one address sets single_ip" has "single_ip" \
	chbind --silent --nid 801 --ip 10.0.0.2 -- sh -c 'nattribute --get --nid 801'
check "chbind: bad address" fails_with "address '10.0.0.300'" chbind --ip 10.0.0.300 -- true
ncontext --create --nid 802 --flag persistent --silent -- true
check "ncontext --create --flag persistent" test -d /proc/virtnet/802
check "naddress --add" naddress --add --nid 802 --ip 10.0.0.2/24 --ip fd00::2 --range 10.0.5.1-10.0.5.9 --bcast 10.0.0.255
check "naddress: duplicate" fails_with "File exists" naddress --add --nid 802 --ip 10.0.0.2/24
check "naddress: shown in /proc/virtnet" sh -c 'grep -q "10.0.5.1-10.0.5.9" /proc/virtnet/802/info && grep -q "fd00::2" /proc/virtnet/802/info && grep -q "Bcast:.10.0.0.255" /proc/virtnet/802/info'
check "naddress --remove" naddress --remove --nid 802 --ip 10.0.0.2/24
check "naddress --remove of an absent address" fails_with "No such process" naddress --remove --nid 802 --ip 10.0.0.2/24
check "naddress --remove --all" sh -c 'naddress --remove --nid 802 --all && ! grep -q "10.0.5" /proc/virtnet/802/info'
check "nattribute --set/--get" sh -c 'nattribute --set --nid 802 --flag single_ip,~hide_netif --ncap raw_icmp && nattribute --get --nid 802 | grep -q "ncaps: raw_icmp" && nattribute --get --nid 802 | grep -q single_ip'
check "nattribute: unknown name" fails_with "flag 'bogus'" nattribute --set --nid 802 --ncap bogus
check "ncontext --migrate" has "Tasks:.1" ncontext --migrate --nid 802 -- cat /proc/virtnet/802/status
check "ncontext needs a mode" fails_with "one of --create or --migrate" ncontext --nid 803 -- true
nattribute --set --nid 802 --flag ~persistent

# --- Network tools, part 2: loopback, several and IPv6 addresses, ncap
# names with "~" (nids 820..826).
ip -6 addr add fd00::1/64 dev lo 2>/dev/null
ip -6 addr add fd00::2/64 dev lo 2>/dev/null
ip -6 addr add fd00::3/64 dev lo 2>/dev/null
ncontext --create --nid 820 --flag persistent --silent -- true
check "naddress --lback sets the loopback address" sh -c \
	'naddress --add --nid 820 --lback 127.0.8.1 && grep -q "^Lback:.127.0.8.1$" /proc/virtnet/820/info'
check "naddress --lback refuses an IPv6 address" fails_with "address 'fd00::1'" \
	naddress --add --nid 820 --lback fd00::1
check "naddress --ip fd00::2/64 adds one address (ADDR)" sh -c \
	'naddress --add --nid 820 --ip fd00::2/64 --ip 10.0.0.2/24 &&
	grep -q "fd00::2/ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/[0-9]*:0010]" /proc/virtnet/820/info'
check "naddress --remove --ip fd00::2/64" sh -c \
	'naddress --remove --nid 820 --ip fd00::2/64 && ! grep -q "fd00::2" /proc/virtnet/820/info'
check "naddress --remove --all clears IPv4 and IPv6" sh -c \
	'naddress --add --nid 820 --ip fd00::3 && naddress --remove --nid 820 --all &&
	! grep -q -e "10.0.0.2" -e "fd00::3" /proc/virtnet/820/info'
nattribute --set --nid 820 --flag ~persistent
check "chbind with several --ip" sh -c \
	'chbind --silent --nid 821 --ip 10.0.0.2/24 --ip 10.0.0.3/24 --ip fd00::2 -- cat /proc/virtnet/821/info >/tmp/n821 &&
	grep -q "10.0.0.2-0.0.0.0/255.255.255.0:0010" /tmp/n821 &&
	grep -q "10.0.0.3-0.0.0.0/255.255.255.0:0010" /tmp/n821 && grep -q "fd00::2/" /tmp/n821'
check "chbind: two IPv4 addresses, no single_ip" lacks "single_ip" \
	chbind --silent --nid 822 --ip 10.0.0.2 --ip 10.0.0.3 -- nattribute --get --nid 822
check "chbind with an IPv6 address/prefix" has "fd00::2/ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/[0-9]*:0010]" \
	chbind --silent --nid 823 --ip fd00::2/64 -- cat /proc/virtnet/823/info
check "chbind IPv6 guest sees only its own address" sh -c \
	'chbind --silent --nid 824 --ip fd00::2/64 -- cat /proc/net/if_inet6 >/tmp/n824 &&
	grep -q "^fd000000000000000000000000000002 " /tmp/n824 &&
	! grep -q -e "^fd000000000000000000000000000001 " -e "^fd000000000000000000000000000003 " /tmp/n824'
ncontext --create --nid 825 --flag persistent --silent -- true
check "nattribute --ncap: names with ~ clear" sh -c \
	'nattribute --set --nid 825 --ncap raw_icmp,multicast,tun_create &&
	nattribute --set --nid 825 --ncap "~raw_icmp,~tun" && nattribute --get --nid 825 | grep -q "^ncaps: multicast$"'
check "nattribute --ncap: ~ and ! in one list" sh -c \
	'nattribute --set --nid 825 --ncap "ping,!multicast" && nattribute --get --nid 825 | grep -q "^ncaps: raw_icmp$"'
check "nattribute --ncap: unknown name after ~" fails_with "flag 'bogus'" nattribute --set --nid 825 --ncap "~bogus"
nattribute --set --nid 825 --flag ~persistent

# Spaces: chcontext gives a new guest its own UTS and IPC namespaces
# (space 0, as util-vserver's ctx_create); vuname names them, vnamespace
# and vspace store and enter them.
check "vspace --help" helps vspace --new --set --enter --mask --mount --fs --ipc --uts --user --index
check "vuname --help" helps vuname --xid --get --set --dir --missingok
check "vcontext --create: a new guest has its own UTS namespace" sh -c \
	'h=$(hostname); vcontext --create --silent --xid 2450 -- sh -c "hostname inside-2450 && hostname" | grep -qx inside-2450 &&
	[ "$(hostname)" = "$h" ]'
chcontext --silent --ctx 2451 --flag persistent -- true
check "vuname --set then --get nodename" sh -c \
	'vuname --set --xid 2451 -t nodename=node-2451 -t domainname=dom-2451 &&
	[ "$(vuname --xid 2451 nodename domainname)" = "node-2451 dom-2451" ]'
check "vnamespace --enter sees the guest nodename" has "^node-2451$" vnamespace --enter 2451 -- hostname
check "vspace --enter --uts: the host nodename stays" sh -c \
	'h=$(hostname); [ "$(vspace --enter 2451 --uts -- hostname)" = node-2451 ] && [ "$(hostname)" = "$h" ]'
check "vuname --dir sets names from files" sh -c \
	'mkdir -p /tmp/uts2451 && echo dir-node > /tmp/uts2451/nodename &&
	vuname --dir /tmp/uts2451 --xid 2451 && [ "$(vuname --xid 2451 nodename)" = dir-node ]'
check "vuname: unknown tag" fails_with "tag 'bogus' not recognized" vuname --set --xid 2451 -t bogus=x
check "vspace --enter: a kind the context did not store" fails_with "enter_space(2451)" \
	vspace --enter 2451 --mount -- true
check "vspace --new --set: a guest stores a new mount namespace" sh -c \
	'mkdir -p /tmp/ns2452 && vcontext --create --silent --xid 2452 --flag persistent -- vspace --new --mount -- \
	sh -c "mount -t tmpfs none /tmp/ns2452 && touch /tmp/ns2452/in && vspace --set --mount --fs" &&
	[ ! -e /tmp/ns2452/in ] && vspace --enter 2452 --mount -- test -e /tmp/ns2452/in'
vattribute --set --xid 2451 --flag ~persistent
check "vcontext --create --initpid: the command is the guest init" sh -c \
	'vcontext --create --silent --xid 2453 --flag persistent --initpid -- \
		sh -c "echo \$\$ > /tmp/init2453; exec sleep 30" & w=$!
	i=0; while [ ! -s /tmp/init2453 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	p=$(cat /tmp/init2453); grep -qx "Init:	$p" /proc/virtual/2453/info; r=$?
	kill $w; wait $w; rm -f /tmp/init2453
	vattribute --set --xid 2453 --flag ~persistent; exit $r'
check "vcontext --create without --initpid: no guest init" sh -c \
	'vcontext --create --silent --xid 2454 --flag persistent -- true &&
	grep -qx "Init:	0" /proc/virtual/2454/info; r=$?; vattribute --set --xid 2454 --flag ~persistent; exit $r'
vattribute --set --xid 2452 --flag ~persistent
# vlimit (docs/limits.md): limits by name or number, -S/-H, hex and
# decimal, --dir of an /etc/vservers/NAME/rlimits directory, the command.
check "vlimit --help" helps vlimit --xid --all --dir --missingok -M -S -H nproc nofile nsock rss
vcontext --create --silent --xid 2760 --flag persistent -- true
check "vlimit: a hard limit by name, shown by --all" sh -c \
	'vlimit -c 2760 --nproc 50 && vlimit -c 2760 -d -a | grep -qE "^NPROC +N/A +50 +50$"'
check "vlimit: hexadecimal by default" has "^NPROC .* 0x32$" vlimit -c 2760 -a
check "vlimit: -S sets the soft limit of the next option only" sh -c \
	'vlimit -c 2760 -S --nofile 1K --nofile 2k && vlimit -c 2760 -d -a | grep -qE "^NOFILE +N/A +1024 +2000$"'
check "vlimit: a limit by number, inf" sh -c \
	'vlimit -c 2760 --16 inf && vlimit -c 2760 -d -a | grep -qE "^NSOCK +N/A +inf +inf$"'
check "vlimit: --dir reads RESOURCE and RESOURCE.soft" sh -c \
	'mkdir -p /tmp/rl2760 && echo 30 > /tmp/rl2760/nproc && echo 7 > /tmp/rl2760/nsock.soft &&
	vlimit -c 2760 --dir /tmp/rl2760 && out=$(vlimit -c 2760 -d -a) &&
	echo "$out" | grep -qE "^NPROC +N/A +30 +30$" && echo "$out" | grep -qE "^NSOCK +N/A +7 +inf$"'
check "vlimit: the command line wins over --dir" sh -c \
	'vlimit -c 2760 --dir /tmp/rl2760 --nproc 45 && vlimit -c 2760 -d -a | grep -qE "^NPROC +N/A +30 +45$"'
check "vlimit: --missingok" vlimit -c 2760 --dir /nonexistent --missingok
check "vlimit: a missing --dir" fails_with "no directory /nonexistent" vlimit -c 2760 --dir /nonexistent
check "vlimit: an invalid value in --dir" sh -c \
	'mkdir -p /tmp/rl2761 && echo lots > /tmp/rl2761/nofile &&
	out=$(vlimit -c 2760 --dir /tmp/rl2761 2>&1); [ $? -ne 0 ] && echo "$out" | grep -q "invalid limit in"'
check "vlimit: a bad value" fails_with "cannot parse limit 'abc'" vlimit -c 2760 --nproc abc
check "vlimit: an unknown limit" fails_with "unknown option '--bogus'" vlimit -c 2760 --bogus 3
check "vlimit: a context that does not exist" fails_with "set_rlimit(2799): No such process" \
	vlimit -c 2799 --nproc 5
check "vlimit: a limit the kernel does not keep" fails_with "set_rlimit(2760): Invalid argument" \
	vlimit -c 2760 --cpu 5
check "vlimit runs the command" has "^ran$" vlimit -c 2760 --nproc 40 -- echo ran
check "vlimit in the guest: NPROC stops a fork (a hit)" sh -c \
	'vlimit -c 2760 --nproc 1 && vcontext --migrate --silent --xid 2760 -- sh -c "sleep 0 & wait" >/dev/null 2>&1
	vlimit -c 2760 --nproc inf && [ "$(grep "^PROC:" /proc/virtual/2760/limit | awk "{print \$NF}")" -ge 1 ]'
check "vlimit --locks and --msgqueue: shown by --all and in the limit file" sh -c \
	'vlimit -c 2760 --locks 7 -S --msgqueue 1000 --msgqueue 2000 && out=$(vlimit -c 2760 -d -a) &&
	echo "$out" | grep -qE "^LOCKS +N/A +7 +7$" && echo "$out" | grep -qE "^MSGQUEUE +N/A +1000 +2000$" &&
	grep -qE "^LOCKS:.*[[:space:]]7/ +7[[:space:]]" /proc/virtual/2760/limit && grep -qE "^MSGQ:.*[[:space:]]1000/ +2000[[:space:]]" /proc/virtual/2760/limit'
# RSS: the memory cgroup /sys/fs/cgroup/vserver/XID (CONFIG_MEMCG) holds
# the guest's tasks with memory.max = pages * page size; a kernel without
# cgroup2 makes vlimit fail with one line.
vcontext --create --silent --xid 2762 --flag persistent -- sh -c 'sleep 3000 </dev/null >/dev/null 2>&1 &'
if grep -q cgroup2 /proc/filesystems; then
	check "vlimit --rss: memory.max and the guest's tasks in the cgroup" sh -c \
		'vlimit -c 2762 --rss 4096 && [ "$(cat /sys/fs/cgroup/vserver/2762/memory.max)" = 16777216 ] &&
		pid=$(cat /sys/fs/cgroup/vserver/2762/cgroup.procs | head -1) && [ -n "$pid" ] &&
		[ "$(vserver-info "$pid" XID)" = 2762 ]'
else
	check "vlimit --rss without cgroup2: one line" fails_with "cgroup2" vlimit -c 2762 --rss 4096
fi
vkill --xid 2762 -s KILL 2>/dev/null
vattribute --set --xid 2762 --flag ~persistent
vattribute --set --xid 2760 --flag ~persistent
# vsched (docs/scheduler.md): util-vserver's options, --dir of an
# /etc/vservers/NAME/sched directory with a per-CPU subdirectory, the
# command, one-line errors; vserver-stat --json shows the hold time.
check "vsched --help" helps vsched --xid --fill-rate --interval --tokens --tokens-min --tokens-max \
	--prio-bias --fill-rate2 --interval2 --idle-time --cpu-id --bucket-id --force --dir --missingok
vcontext --create --silent --xid 2770 --flag persistent -- true
check "vsched: the options reach the template" sh -c \
	'vsched --xid 2770 --fill-rate 3 --interval 12 --tokens-min 5 --tokens-max 40 --prio-bias 2 &&
	grep -q "^FillRate:[[:space:]]*3,1$" /proc/virtual/2770/sched && grep -q "^Interval:[[:space:]]*12,8$" /proc/virtual/2770/sched &&
	grep -q "^TokensMin:[[:space:]]*5$" /proc/virtual/2770/sched && grep -q "^TokensMax:[[:space:]]*40$" /proc/virtual/2770/sched &&
	grep -q "^PrioBias:[[:space:]]*2$" /proc/virtual/2770/sched'
check "vsched: --idle-time and the second rate" sh -c \
	'vsched --xid 2770 --fill-rate2 7 --interval2 3 --idle-time &&
	grep -q "^FillRate:[[:space:]]*3,7$" /proc/virtual/2770/sched && grep -q "^cpu 0: .* [RH]I " /proc/virtual/2770/sched'
check "vsched: an update without --idle-time turns the idle rate off" sh -c \
	'vsched --xid 2770 --prio-bias 1 && grep -q "^cpu 0: .* [RH]- " /proc/virtual/2770/sched'
check "vsched --dir: files, and a subdirectory for one CPU" sh -c \
	'rm -rf /tmp/s2770 && mkdir -p /tmp/s2770/0 && echo 9 >/tmp/s2770/fill-rate &&
	echo 36 >/tmp/s2770/interval && echo 20 >/tmp/s2770/tokens-max && echo 4 >/tmp/s2770/tokens-min &&
	echo 0 >/tmp/s2770/0/cpu-id && echo 11 >/tmp/s2770/0/tokens-max &&
	vsched --xid 2770 --dir /tmp/s2770 && grep -q "^FillRate:[[:space:]]*9,7$" /proc/virtual/2770/sched &&
	grep -q "^TokensMax:[[:space:]]*20$" /proc/virtual/2770/sched && grep -qE "^cpu 0: .* 4 11 9/36 " /proc/virtual/2770/sched'
check "vsched: the command line wins over --dir" sh -c \
	'vsched --xid 2770 --dir /tmp/s2770 --fill-rate 2 && grep -q "^FillRate:[[:space:]]*2,7$" /proc/virtual/2770/sched'
check "vsched: --missingok" vsched --xid 2770 --dir /nonexistent --missingok
check "vsched: a missing --dir" fails_with "no directory /nonexistent" vsched --xid 2770 --dir /nonexistent
check "vsched: a value in --dir that is no number" sh -c \
	'mkdir -p /tmp/s2771 && echo x1 >/tmp/s2771/tokens && out=$(vsched --xid 2770 --dir /tmp/s2771 2>&1);
	[ $? -ne 0 ] && [ "$(echo "$out" | wc -l)" -eq 1 ] && echo "$out" | grep -q "tokens: not a number .x1."'
check "vsched: a bad value" fails_with "vsched: " vsched --xid 2770 --fill-rate abc
check "vsched: a CPU that does not exist" fails_with "set_sched(2770): Invalid argument" \
	vsched --xid 2770 --cpu-id 4000 --tokens 3
check "vsched: a context that does not exist" fails_with "set_sched(2799): No such process" \
	vsched --xid 2799 --tokens 3
check "vsched: neither an option nor a program" fails_with "neither an option nor a program" vsched --xid 2770
check "vsched runs the command" has "^ran$" vsched --xid 2770 --tokens 3 -- echo ran
check "vsched, sched_hard: a held busy guest shows hold time in vserver-stat --json" sh -c \
	'vsched --xid 2770 --fill-rate 1 --interval 4 --tokens 0 --tokens-min 2 --tokens-max 8 &&
	vattribute --set --xid 2770 --flag sched_hard || exit 1
	vcontext --migrate --silent --xid 2770 -- sh -c "while :; do :; done" & pid=$!; sleep 1.5;
	out=$(vserver-stat --json); kill $pid; wait $pid 2>/dev/null
	echo "$out" | tr -d " \n" | grep -oE "\"(ctx|hold_msec)\":[0-9]+" |
	awk -F: "/ctx/ { c = \$2 } /hold_msec/ && c == 2770 && \$2 >= 100 { ok = 1 } END { exit !ok }"'
vattribute --set --xid 2770 --flag ~persistent
tap_done
