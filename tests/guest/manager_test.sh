#!/bin/sh
# The vserver manager against the real kernel, TAP output (docs/admin.md).
# Runs as root inside the QEMU guest (busybox sh).  The guests come from
# a tiny template tarball made here of the initramfs' static busybox:
# a plain init that serves its /www with httpd, and sysv runlevel scripts.
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/manager_lib.sh"
fails_with() { # fails_with PATTERN COMMAND... : exit 1, one line matching PATTERN
	pattern=$1; shift
	out=$("$@" 2>&1); rc=$?
	echo "$out"
	[ $rc -eq 1 ] && [ "$(echo "$out" | wc -l)" -eq 1 ] && echo "$out" | grep -q "$pattern"
}
exits() { # exits CODE COMMAND... : the command's exit status is CODE
	code=$1; shift
	"$@"; rc=$?
	echo "exit status $rc"
	[ $rc -eq "$code" ]
}
only_own() { # only_own XID OTHER : the guest's ps lists its processes, none of OTHER's
	vserver "$2" exec ps > /tmp/ps.own || return 1
	cat /tmp/ps.own
	grep -q httpd /tmp/ps.own || return 1
	for p in $(pids_of "$1"); do
		awk '{print $1}' /tmp/ps.own | grep -qx "$p" && { echo "pid $p of $1 seen"; return 1; }
	done
	return 0
}

vprocunhide >/dev/null
tpl=/tmp/tpl
mkdir -p $tpl/bin $tpl/sbin $tpl/etc/init.d $tpl/www $tpl/tmp $tpl/proc
cp /bin/busybox $tpl/bin/busybox
for a in sh ps sleep cat echo hostname httpd wget ls kill killall id grep mount awk ip reboot poweroff; do
	ln -s busybox $tpl/bin/$a
done
cat > $tpl/sbin/init <<'INIT'
#!/bin/sh
echo "init of $(hostname)" > /tmp/init.log
httpd -f -p 80 -h /www &
h=$!
trap 'kill $h; exit 0' TERM
while :; do sleep 1 & wait $!; done
INIT
cat > $tpl/etc/init.d/rc <<'RC'
#!/bin/sh
case $1 in
3) httpd -p 80 -h /www; echo "rc 3 of $(hostname)" > /tmp/init.log ;;
6) killall httpd ;;
esac
RC
chmod 755 $tpl/sbin/init $tpl/etc/init.d/rc
echo "root:x:0:0:root:/root:/bin/sh" > $tpl/etc/passwd
echo "www:x:33:33:www:/www:/bin/sh" >> $tpl/etc/passwd
(cd $tpl && tar -czf /tmp/tpl.tgz .)
mkdir -p /etc/vservers /var/lib/vservers

check "vserver --help" has "build -m skeleton|template|debootstrap|rsync|clone" vserver --help
check "build a from the template" vserver a build -m template --context 3101 --hostname a.test \
	--interface lo:10.0.1.1/24 --initstyle plain -- -t /tmp/tpl.tgz
check "build b from the template" vserver b build -m template --context 3102 --hostname b.test \
	--interface web=lo:10.0.1.2/24 --initstyle plain -- -t /tmp/tpl.tgz
echo "hello from a" > /var/lib/vservers/a/www/index.html
echo "hello from b" > /var/lib/vservers/b/www/index.html
check "build wrote util-vserver's tree" sh -c '
	[ "$(cat /etc/vservers/a/context)" = 3101 ] && [ "$(cat /etc/vservers/a/uts/nodename)" = a.test ] &&
	[ "$(cat /etc/vservers/a/interfaces/0/ip)" = 10.0.1.1 ] &&
	[ "$(cat /etc/vservers/a/interfaces/0/prefix)" = 24 ] &&
	[ "$(cat /etc/vservers/a/interfaces/0/dev)" = lo ] &&
	[ "$(cat /etc/vservers/b/interfaces/0/name)" = web ] &&
	[ "$(readlink /etc/vservers/a/vdir)" = /var/lib/vservers/a ] &&
	[ "$(cat /etc/vservers/a/apps/init/style)" = plain ] && grep -q "/proc proc" /etc/vservers/a/fstab'
check "build fixed up the root (dev, hostname, hosts)" sh -c '
	test -c /var/lib/vservers/a/dev/null && test -c /var/lib/vservers/a/dev/ptmx &&
	test -d /var/lib/vservers/a/dev/pts && [ "$(cat /var/lib/vservers/a/etc/hostname)" = a.test ] &&
	grep -q "^10.0.1.1.a.test a$" /var/lib/vservers/a/etc/hosts && test -x /var/lib/vservers/a/sbin/init'
check "build refuses an existing guest" fails_with "/etc/vservers/a exists already" \
	vserver a build -m skeleton
check "build refuses a context another guest has" fails_with "context 3101 is already the one of guest 'a'" \
	vserver x build -m skeleton --context 3101
check "build: unknown method" fails_with "unknown build method 'yum'" vserver x build -m yum
check "build: bad interface" fails_with "bad address '10.0.1.300'" \
	vserver x build -m skeleton --interface lo:10.0.1.300/24
check "build: missing tarball, nothing left" sh -c '
	out=$(vserver x build -m template -- -t /nonexistent.tgz 2>&1); [ $? -eq 1 ] &&
	echo "$out" | grep -q "no such template tarball" && ! test -e /etc/vservers/x && ! test -e /var/lib/vservers/x'
# debootstrap: the host's tool (here a stand-in on PATH that records its
# arguments and lays down a root) gets SUITE, the root and the mirror.
mkdir -p /tmp/fakebin
cat > /tmp/fakebin/debootstrap <<'FAKE'
#!/bin/sh
echo "$*" > /tmp/debootstrap.args
for a; do case $a in /var/lib/vservers/*) root=$a ;; esac; done
mkdir -p "$root/bin" "$root/etc" && echo debian > "$root/etc/debian_version"
FAKE
chmod 755 /tmp/fakebin/debootstrap
check "build -m debootstrap runs debootstrap SUITE ROOT MIRROR" sh -c '
	PATH=/tmp/fakebin:$PATH vserver d1 build -m debootstrap --context 3121 -- \
		-d bookworm -m http://mirror.test/debian -- --variant=minbase &&
	[ "$(cat /tmp/debootstrap.args)" = "--variant=minbase bookworm /var/lib/vservers/d1 http://mirror.test/debian" ] &&
	[ "$(cat /var/lib/vservers/d1/etc/debian_version)" = debian ] &&
	test -c /var/lib/vservers/d1/dev/null && [ "$(cat /etc/vservers/d1/context)" = 3121 ]'
check "  ... the mirror of .defaults/apps/debootstrap/mirror" sh -c '
	mkdir -p /etc/vservers/.defaults/apps/debootstrap &&
	echo http://defaults.test/debian > /etc/vservers/.defaults/apps/debootstrap/mirror &&
	PATH=/tmp/fakebin:$PATH vserver d2 build -m debootstrap --context 3122 -- -d bookworm &&
	rm -r /etc/vservers/.defaults/apps &&
	[ "$(cat /tmp/debootstrap.args)" = "bookworm /var/lib/vservers/d2 http://defaults.test/debian" ]'
check "build -m debootstrap without -d: an error" sh -c '
	out=$(vserver x build -m debootstrap 2>&1); rc=$?
	echo "$out"; [ $rc -ne 0 ] && [ "$(echo "$out" | wc -l)" -eq 1 ] && echo "$out" | grep -q -- "-d is required" && ! test -e /etc/vservers/x'
check "build -m debootstrap, no tool on the host: one line, nothing left" sh -c '
	out=$(PATH=/nonexistent /usr/sbin/vserver x build -m debootstrap -- -d bookworm 2>&1); rc=$?
	echo "$out"; [ $rc -eq 1 ] && echo "$out" | grep -q "neither debootstrap nor mmdebstrap" &&
	! test -e /etc/vservers/x && ! test -e /var/lib/vservers/x'
printf '#!/bin/sh\nexit 7\n' > /tmp/fakebin/debootstrap
check "build -m debootstrap that fails: nothing left" sh -c '
	out=$(PATH=/tmp/fakebin:$PATH vserver x build -m debootstrap -- -d bookworm 2>&1); rc=$?
	echo "$out"; [ $rc -eq 1 ] && echo "$out" | grep -q "debootstrap exited with 7" &&
	! test -e /etc/vservers/x && ! test -e /var/lib/vservers/x'
# clone: a stopped guest's root, or a directory, copied whole.
check "build -m clone --source a (a stopped guest)" sh -c '
	vserver k build -m clone --context 3123 --hostname k.test --interface lo:10.0.1.23/24 -- --source a &&
	cmp /var/lib/vservers/a/sbin/init /var/lib/vservers/k/sbin/init &&
	test -L /var/lib/vservers/k/bin/sh && [ "$(cat /var/lib/vservers/k/etc/hostname)" = k.test ] &&
	grep -q "^10.0.1.23.k.test k$" /var/lib/vservers/k/etc/hosts &&
	[ "$(cat /var/lib/vservers/a/etc/hostname)" = a.test ] && [ "$(cat /etc/vservers/k/context)" = 3123 ]'
check "build -m clone --source DIR" sh -c '
	vserver k2 build -m clone --context 3124 -- --source /tmp/tpl && cmp /tmp/tpl/sbin/init /var/lib/vservers/k2/sbin/init'
check "build -m clone: no such source, nothing left" sh -c '
	out=$(vserver x build -m clone -- --source nosuch 2>&1); rc=$?
	echo "$out"; [ $rc -eq 1 ] && echo "$out" | grep -q "no guest or directory .nosuch." &&
	! test -e /etc/vservers/x && ! test -e /var/lib/vservers/x'
check "build -m clone: a source holding the new root" fails_with "holds the new root" \
	vserver x build -m clone -- --source /var/lib/vservers
# rsync: the host's rsync (here a stand-in that records its arguments and
# copies a local SOURCE/ to ROOT/ when nothing is excluded; the real one
# runs in the host's unit tests).
cat > /tmp/fakebin/rsync <<'FAKE'
#!/bin/sh
echo "$*" > /tmp/rsync.args
case "$*" in *--exclude*|*:*) exit 0 ;; esac
for a; do src=$dst; dst=$a; done
cp -a "$src." "$dst"
FAKE
chmod 755 /tmp/fakebin/rsync
check "build -m rsync --source DIR runs rsync -Hazx --numeric-ids DIR/ ROOT/" sh -c '
	PATH=/tmp/fakebin:$PATH vserver r1 build -m rsync --context 3125 --hostname r1.test -- --source /tmp/tpl &&
	[ "$(cat /tmp/rsync.args)" = "-Hazx --numeric-ids /tmp/tpl/ /var/lib/vservers/r1/" ] &&
	cmp /tmp/tpl/sbin/init /var/lib/vservers/r1/sbin/init && test -c /var/lib/vservers/r1/dev/null &&
	[ "$(cat /var/lib/vservers/r1/etc/hostname)" = r1.test ]'
check "  ... -o replaces the options, a second -- adds rsync's own" sh -c '
	PATH=/tmp/fakebin:$PATH vserver r2 build -m rsync --context 3126 -- -s a -o -aH -o --delete -- --exclude=/www &&
	[ "$(cat /tmp/rsync.args)" = "-aH --delete --exclude=/www /var/lib/vservers/a/ /var/lib/vservers/r2/" ]'
check "  ... a source that holds the new root leaves it out" sh -c '
	PATH=/tmp/fakebin:$PATH vserver r3 build -m rsync --context 3127 -- --source /var/lib &&
	grep -q "^-Hazx --numeric-ids --exclude=/vservers/r3/ /var/lib/ /var/lib/vservers/r3/$" /tmp/rsync.args'
check "  ... HOST:DIR goes to rsync as it is" sh -c '
	PATH=/tmp/fakebin:$PATH vserver r4 build -m rsync --context 3128 -- --source old.host:/srv/vs &&
	[ "$(cat /tmp/rsync.args)" = "-Hazx --numeric-ids old.host:/srv/vs/ /var/lib/vservers/r4/" ]'
check "build -m rsync, no rsync on the host: one line, nothing left" sh -c '
	out=$(PATH=/nonexistent /usr/sbin/vserver x build -m rsync -- --source /tmp/tpl 2>&1); rc=$?
	echo "$out"; [ $rc -eq 1 ] && [ "$(echo "$out" | wc -l)" -eq 1 ] && echo "$out" | grep -q "rsync is not installed" &&
	! test -e /etc/vservers/x && ! test -e /var/lib/vservers/x'
check "build -m rsync without --source: an error" sh -c '
	out=$(vserver x build -m rsync 2>&1); rc=$?
	echo "$out"; [ $rc -ne 0 ] && echo "$out" | grep -q -- "--source is required" && ! test -e /etc/vservers/x'
for g in d1 d2 k k2 r1 r2 r3 r4; do vserver $g delete --force >/dev/null 2>&1; done
mkdir -p /etc/vservers/.defaults && echo 3200 > /etc/vservers/.defaults/context.next
check "build without --context takes .defaults/context.next" sh -c '
	vserver c build -m skeleton && [ "$(cat /etc/vservers/c/context)" = 3200 ] &&
	[ "$(cat /etc/vservers/.defaults/context.next)" = 3201 ] && test -d /var/lib/vservers/c/etc'
check "status of a stopped guest: exit 3" exits 3 vserver a status
check "running of a stopped guest: exit 1" exits 1 vserver a running
check "a guest without configuration: exit 5" exits 5 vserver nosuch start

check "start a" vserver a start
check "start b" vserver b start
check "status of a running guest: exit 0" has "Vserver 'a' is running at context '3101'" vserver a status
check "running: exit 0" vserver b running
check "a's init ran" until_true vserver a exec grep -q "init of a.test" /tmp/init.log
check "b's init ran" until_true vserver b exec grep -q "init of b.test" /tmp/init.log
check "a's service runs" until_true sh -c 'netstat -tln | grep -q "10.0.1.1:80 "'
check "b's service runs" until_true sh -c 'netstat -tln | grep -q "10.0.1.2:80 "'
check "vserver a exec ps: only a's processes" only_own 3102 a
check "vserver b exec ps: only b's processes" only_own 3101 b
check "vserver-stat lists both by name" sh -c \
	'vserver-stat | grep -q "^3101 .* a$" && vserver-stat | grep -q "^3102 .* b$"'
check "a's service answers on a's address" has "^hello from a$" wget -q -O - http://10.0.1.1/
check "b's service answers on b's address" has "^hello from b$" wget -q -O - http://10.0.1.2/
check "a sees only its own address" sh -c \
	'vserver a exec ip addr > /tmp/ip.a; cat /tmp/ip.a; grep -q "inet 10.0.1.1/24" /tmp/ip.a && ! grep -q 10.0.1.2 /tmp/ip.a'
check "the guest has its own nodename, the host keeps its own" sh -c \
	'h=$(hostname); [ "$(vserver a exec hostname)" = a.test ] && [ "$(hostname)" = "$h" ]'
check "the guest's mounts stay in the guest" sh -c \
	'! grep -q /var/lib/vservers /proc/mounts && vserver a exec cat /proc/mounts | grep -q " /proc proc "'
check "suexec runs as the guest's user" has "^33$" vserver a suexec www id -u
check "enter gives a shell in the guest" has "^a.test$" sh -c 'echo hostname | vserver a enter'
check "build -m clone of a running guest is refused" fails_with "guest 'a' is running: stop it first" \
	vserver x build -m clone -- --source a
check "start of a running guest: the context is taken" fails_with "context 3101 is already in use by 'a'" \
	vserver a start
check "a still runs after the refused start" sh -c 'vserver a running && ip addr show dev lo | grep -q "inet 10.0.1.1/"'

# Failure paths: one line, and nothing left behind.
vserver e build -m template --context 3105 --interface lo:10.0.1.5/24 --initstyle plain -- -t /tmp/tpl.tgz >/dev/null
echo bogus > /etc/vservers/e/flags
check "start: a bad flag name" fails_with "/etc/vservers/e/flags: flag 'bogus'" vserver e start
check "  ... leaves nothing" no_trace 3105 10.0.1.5
rm /etc/vservers/e/flags
mv /etc/vservers/e/interfaces/0/ip /tmp/e.ip
check "start: a missing config file" fails_with "/etc/vservers/e/interfaces/0/ip: missing" vserver e start
mv /tmp/e.ip /etc/vservers/e/interfaces/0/ip
check "  ... leaves nothing" no_trace 3105 10.0.1.5
echo 10.0.1.1 > /etc/vservers/e/interfaces/0/ip
check "start: an address in use" fails_with "address 10.0.1.1 is already in use on lo" vserver e start
check "  ... leaves nothing, a keeps its address" sh -c \
	'! test -e /proc/virtual/3105 && ip addr show dev lo | grep -q "inet 10.0.1.1/" && vserver a running'
echo 10.0.1.5 > /etc/vservers/e/interfaces/0/ip
echo "none /mnt nosuchfs defaults 0 0" >> /etc/vservers/e/fstab
check "start: a mount that fails" fails_with "fstab: mount nosuchfs on /mnt" vserver e start
check "  ... leaves nothing" no_trace 3105 10.0.1.5
sed -i '/nosuchfs/d' /etc/vservers/e/fstab
mkdir -p /etc/vservers/e/rlimits && echo 5 > /etc/vservers/e/rlimits/cpu
check "start: a limit the kernel refuses (after the context exists)" fails_with "set_rlimit(3105)" vserver e start
check "  ... leaves nothing" no_trace 3105 10.0.1.5
rm -r /etc/vservers/e/rlimits
mkdir -p /etc/vservers/e/apps/init && echo /nonexistent > /etc/vservers/e/apps/init/cmd.start
check "start: an init that does not exist" fails_with "exec /nonexistent" vserver e start
check "  ... leaves nothing" no_trace 3105 10.0.1.5
echo 3101 > /etc/vservers/e/context
rm /etc/vservers/e/apps/init/cmd.start
check "start: the xid is taken" fails_with "context 3101 is already in use" vserver e start
check "  ... leaves a running and e's address off" sh -c 'vserver a running && ! ip addr show dev lo | grep -q "inet 10.0.1.5/"'
echo 3105 > /etc/vservers/e/context
echo dynamic > /etc/vservers/e/colour
check "start: an unknown file" fails_with "/etc/vservers/e/colour: unknown configuration file" vserver e start
rm /etc/vservers/e/colour
mkdir -p /etc/vservers/e/cpuset
check "start: a file not applied yet" fails_with "/etc/vservers/e/cpuset: not supported by this manager yet" vserver e start
rm -r /etc/vservers/e/cpuset
mkdir -p /etc/vservers/e/dlimits/0 && echo /var/lib/vservers/e > /etc/vservers/e/dlimits/0/directory
echo 500000 > /etc/vservers/e/dlimits/0/space_total; echo 1000 > /etc/vservers/e/dlimits/0/inodes_total
echo 101 > /etc/vservers/e/dlimits/0/reserved
check "start: a malformed disk limit" fails_with "/etc/vservers/e/dlimits/0/reserved: 101 is not in 0..100" vserver e start
echo 5 > /etc/vservers/e/dlimits/0/reserved
check "start: a disk limit, which this kernel lacks, is refused" \
	fails_with "/etc/vservers/e/dlimits/0: this kernel has no disk limits" vserver e start
check "  ... leaves nothing" no_trace 3105 10.0.1.5
touch /etc/vservers/e/dlimits/0/disabled
check "e starts once its configuration is right (a disabled disk limit)" sh -c 'vserver e start && vserver e stop'
rm -r /etc/vservers/e/dlimits
check "e starts once its configuration is right" sh -c 'vserver e start && vserver e stop'

# Stop, restart, the timeout, the sysv style.
check "stop a" vserver a stop
check "  ... no context, network context or address left" no_trace 3101 10.0.1.1
check "  ... and no mount" sh -c '! grep -q /var/lib/vservers/a /proc/mounts'
check "status after stop: exit 3" exits 3 vserver a status
check "b keeps its address (same subnet as a's) and still serves" has "^hello from b$" wget -q -O - http://10.0.1.2/
restart_b() {
	old=$(pids_of 3102 | head -1)
	vserver b restart && vserver b running && new=$(pids_of 3102 | head -1) && echo "$old -> $new" &&
	[ -n "$new" ] && [ "$new" != "$old" ]
}
check "restart b: a new init" restart_b
check "  ... and it serves again" until_true sh -c 'wget -q -O - http://10.0.1.2/ | grep -q "hello from b"'
check "stop b" vserver b stop
check "  ... no context, network context or address left" no_trace 3102 10.0.1.2
vserver d build -m template --context 3104 --initstyle plain -- -t /tmp/tpl.tgz >/dev/null
mkdir -p /etc/vservers/d/apps/init
printf '/bin/sh\n-c\ntrap "" TERM; while :; do sleep 1; done\n' > /etc/vservers/d/apps/init/cmd.start
check "stop --timeout: an init that ignores SIGTERM is killed" sh -c \
	'vserver d start && vserver d running && vserver d stop --timeout 1 && ! test -e /proc/virtual/3104'
vserver s build -m template --context 3106 --hostname s.test --interface lo:10.0.1.6/24 -- -t /tmp/tpl.tgz >/dev/null
echo "hello from s" > /var/lib/vservers/s/www/index.html
check "sysv style: the runlevel scripts start the service" sh -c \
	'vserver s start && vserver s exec cat /tmp/init.log | grep -q "rc 3 of s.test" &&
	wget -q -O - http://10.0.1.6/ | grep -q "hello from s"'
check "sysv style: stop runs runlevel 6 and the guest ends" sh -c \
	'vserver s stop --timeout 5 && ! test -e /proc/virtual/3106 && ! ip addr show dev lo | grep -q "inet 10.0.1.6/"'

# The scheduler of sched/ and the memory cgroup of a hard rss limit.
vserver m build -m template --context 3108 --initstyle plain -- -t /tmp/tpl.tgz >/dev/null
mkdir -p /etc/vservers/m/sched/1 /etc/vservers/m/rlimits
echo 3 > /etc/vservers/m/sched/fill-rate; echo 10 > /etc/vservers/m/sched/interval
echo 40 > /etc/vservers/m/sched/tokens-max; echo 2 > /etc/vservers/m/sched/priority-bias
echo 1 > /etc/vservers/m/sched/1/cpu-id; echo 25 > /etc/vservers/m/sched/1/tokens-max
echo 16384 > /etc/vservers/m/rlimits/rss.hard
sched_m() { grep -qE "$1" /proc/virtual/3108/sched || { cat /proc/virtual/3108/sched; return 1; }; }
sched_applied() {
	vserver m start && sched_m "^FillRate:[[:space:]]*3," && sched_m "^Interval:[[:space:]]*10," &&
		sched_m "^TokensMax:[[:space:]]*40$" && sched_m "^PrioBias:[[:space:]]*2$"
}
check "start applies sched/ (fill rate, interval, bucket, bias)" sched_applied
check "  ... and sched/1/ to CPU 1 only" sh -c \
	'grep -qE "^cpu 1: .* 25 3/10 " /proc/virtual/3108/sched && grep -qE "^cpu 0: .* 40 3/10 " /proc/virtual/3108/sched ||
	{ cat /proc/virtual/3108/sched; false; }'
check "start puts init in the memory cgroup of rss.hard (64 MiB)" sh -c \
	'[ "$(cat /sys/fs/cgroup/vserver/3108/memory.max)" = 67108864 ] &&
	for p in $(cat /sys/fs/cgroup/vserver/3108/cgroup.procs); do [ "$(cat /proc/$p/vinfo | sed -n "s/^XID:[[:space:]]*//p")" = 3108 ] || exit 1; done &&
	[ -n "$(cat /sys/fs/cgroup/vserver/3108/cgroup.procs)" ]'
check "  ... vserver exec joins it" has "^0::/vserver/3108$" vserver m exec cat /proc/self/cgroup
check "  ... a host process stays out of it" sh -c '! grep -q vserver/3108 /proc/self/cgroup'
check "stop removes the memory cgroup" sh -c 'vserver m stop && ! test -e /sys/fs/cgroup/vserver/3108'
echo 12x > /etc/vservers/m/sched/tokens
check "start: a sched/ value that is no number" fails_with "/etc/vservers/m/sched/tokens: not a number '12x'" vserver m start
check "  ... leaves nothing" sh -c '! test -e /proc/virtual/3108 && ! test -e /sys/fs/cgroup/vserver/3108'
rm /etc/vservers/m/sched/tokens; echo 5 > /etc/vservers/m/sched/speed
check "start: an unknown sched/ file" fails_with "/etc/vservers/m/sched/speed: unknown configuration file" vserver m start
rm -r /etc/vservers/m/sched; echo 99 > /etc/vservers/m/rlimits/nproc.hard
echo 4000 > /etc/vservers/m/rlimits/rss.hard
check "start: a limit the kernel refuses after the cgroup is made" sh -c \
	'echo 5 > /etc/vservers/m/rlimits/cpu; ! vserver m start 2>/dev/null &&
	! test -e /proc/virtual/3108 && ! test -e /sys/fs/cgroup/vserver/3108'
rm /etc/vservers/m/rlimits/cpu
check "m starts once its configuration is right" sh -c 'vserver m start && vserver m stop'
vserver m delete --force >/dev/null

# Boot-time start: vservers-default starts and stops the guests marked
# "default" only.
echo default > /etc/vservers/a/apps/init/mark
echo other > /etc/vservers/b/apps/init/mark
check "vservers-default start: the marked guest only" sh -c \
	'vservers-default start && vserver a running && ! vserver b running'
check "vservers-default stop" sh -c 'vservers-default stop && ! vserver a running && ! test -e /proc/virtual/3101'
rm /etc/vservers/a/apps/init/mark /etc/vservers/b/apps/init/mark

# A guest's reboot and poweroff go through the kernel's vshelper call to
# /usr/sbin/vshelper, which restarts or stops the guest.
old_helper=$(cat /proc/sys/kernel/vshelper)
echo /usr/sbin/vshelper > /proc/sys/kernel/vshelper
vserver r build -m template --context 3107 --interface lo:10.0.1.7/24 -- -t /tmp/tpl.tgz >/dev/null
mkdir -p /etc/vservers/r/apps/init
printf '/bin/sh\n-c\necho up >> /boots; while :; do sleep 1; done\n' > /etc/vservers/r/apps/init/cmd.start
boots() { [ "$(cat /var/lib/vservers/r/boots 2>/dev/null | wc -l)" -eq "$1" ]; }
reboot_comes_back() {
	vserver r start && until_true boots 1 || return 1
	old=$(pids_of 3107)
	vserver r exec reboot -f
	until_true boots 2 && until_true vserver r running && until_true on_lo 10.0.1.7 &&
		[ "$(pids_of 3107)" != "$old" ]
}
check "a guest's reboot -f: vshelper starts it again" reboot_comes_back
poweroff_stops() {
	vserver r exec poweroff -f
	until_true sh -c '! vserver r running' && until_true sh -c '! ip addr show dev lo | grep -q "inet 10.0.1.7/"' &&
		sleep 1 && boots 2 && ! test -e /proc/virtual/3107
}
check "a guest's poweroff -f: vshelper stops it, its address goes" poweroff_stops
check "vshelper leaves a guest alone after \`vserver stop\` (its marker, until start)" sh -c '
	mkdir -p /var/run/vservers && touch /var/run/vservers/r.stopping && vshelper restart 3107; rc=$?
	rm /var/run/vservers/r.stopping; [ $rc -eq 0 ] && ! vserver r running'
late_call_ignored() { # a call made before r's start comes after it
	sh -c 'sleep 4; exec vshelper restart 3107' & late=$!
	sleep 1
	vserver r start && until_true boots 3 || { echo "r did not start"; return 1; }
	wait $late; rc=$?
	sleep 1
	echo "vshelper: $rc"; cat /var/lib/vservers/r/boots
	# A restart would have run init again (a fourth "up").
	[ $rc -eq 0 ] && vserver r running && boots 3 && vserver r stop >/dev/null
}
check "vshelper leaves alone a guest started after its call was made" late_call_ignored
check "vshelper: unknown action" fails_with "unknown action 'explode'" vshelper explode 3107
check "vshelper: a context no guest has" fails_with "no guest has context 3999" vshelper restart 3999
echo "$old_helper" > /proc/sys/kernel/vshelper

# Delete.
check "delete asks, 'n' keeps the guest" sh -c \
	'echo n | vserver a delete; test -d /etc/vservers/a && test -d /var/lib/vservers/a'
check "delete y removes the tree, the root and the marker of its last stop" sh -c \
	'test -e /var/run/vservers/a.stopping && echo y | vserver a delete &&
	! test -e /etc/vservers/a && ! test -e /var/lib/vservers/a && ! test -e /var/run/vservers/a.stopping'
check "delete --force" sh -c 'vserver b delete --force && ! test -e /etc/vservers/b && ! test -e /var/lib/vservers/b'
for g in c d e r s; do vserver $g delete --force >/dev/null 2>&1; done
tap_done
