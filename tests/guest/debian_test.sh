#!/bin/sh
# Debian 12 guests with the manager, TAP output (docs/admin.md).  Runs as
# root in the QEMU guest with the disk of qemu-harness/debian-template as
# /dev/vda: Debian's own sysvinit runlevel scripts start Debian's
# lighttpd in each guest.
#   debian_test.sh [--demo]   --demo: also print what an admin would look at
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/manager_lib.sh"
demo=0
[ "${1:-}" = --demo ] && demo=1
until_seconds=30  # until_true (manager_lib.sh): Debian's rc scripts at TCG speed
lighttpd_of() { # lighttpd_of XID : the host pids of the guest's lighttpd
	for p in $(pids_of $1); do [ "$(cat /proc/$p/comm 2>/dev/null)" = lighttpd ] && echo $p; done
}
show() { # show TITLE COMMAND... : in --demo, the command's output under a title
	[ $demo = 1 ] || return 0
	t=$1; shift
	echo "== $t"; "$@" 2>&1 | sed 's/^/   /'
}
stopped_clean() { # stopped_clean XID IP : no_trace, and no mount of a guest's root left
	no_trace $1 $2 && ! grep -q "/mnt/d/vservers/" /proc/mounts
}
only_own_a() { # a's ps shows its lighttpd and none of b's processes
	vserver a exec ps -eo pid,comm > /tmp/ps.a || return 1
	cat /tmp/ps.a; grep -q lighttpd /tmp/ps.a || return 1
	for p in $(pids_of 3302); do
		awk '{print $1}' /tmp/ps.a | grep -qx "$p" && { echo "b pid $p seen"; return 1; }
	done
	return 0
}

mkdir -p /mnt/d /etc/vservers/.defaults
check "mount the guests' disk (ext4)" mount -t ext4 /dev/vda /mnt/d
mkdir -p /mnt/d/vservers
ln -sfn /mnt/d/vservers /etc/vservers/.defaults/vdirbase
vprocunhide >/dev/null
tpl=/mnt/d/bookworm.tar.gz k=0
# (tap.sh counts in n: the guests are g and their number k.)
for g in a b; do
	k=$((k + 1))
	check "build $g from the Debian 12 template" vserver $g build -m template --context 330$k \
		--hostname $g.test --interface lo:10.0.3.$k/24 --initstyle sysv -- -t $tpl -d bookworm
	echo "hello from Debian guest $g" > /mnt/d/vservers/$g/var/www/html/index.html
done
check "the guest is Debian 12" grep -q "^12" /mnt/d/vservers/a/etc/debian_version
k=0
for g in a b; do
	k=$((k + 1))
	check "start $g (Debian's rc 3)" vserver $g start
	check "  ... its lighttpd answers on its address" until_true sh -c \
		"wget -q -O - http://10.0.3.$k/ | grep -q 'hello from Debian guest $g'"
done
show "vserver-stat" vserver-stat
show "vserver a exec ps aux (Debian's procps)" vserver a exec ps aux
check "vserver a exec ps: a's lighttpd, none of b's processes" only_own_a
check "vserver-stat lists both by name" sh -c \
	'vserver-stat | grep -q "^3301 .* a$" && vserver-stat | grep -q "^3302 .* b$"'
check "a's lighttpd listens on a's address only" sh -c \
	'netstat -tln | grep -q "10.0.3.1:80 " && ! netstat -tln | grep -q "0.0.0.0:80 "'
show "inside a: hostname; cat /etc/debian_version" \
	vserver a exec sh -c 'hostname; cat /etc/debian_version'
# A guest's reboot: the kernel runs vshelper, which stops the guest
# (Debian's rc 6) and starts it again (rc 3): a new lighttpd answers.
echo /usr/sbin/vshelper > /proc/sys/kernel/vshelper
old=$(lighttpd_of 3301)
vserver a exec /sbin/reboot -f >/dev/null 2>&1
reborn() {
	new=$(lighttpd_of 3301)
	[ -n "$old" ] && [ -n "$new" ] && [ "$new" != "$old" ] &&
		wget -q -O - http://10.0.3.1/ | grep -q "guest a" &&
		! cat /proc/[0-9]*/comm 2>/dev/null | grep -qx vshelper  # its start is over
}
check "a guest's reboot comes back (vshelper)" until_true reborn
k=0
for g in a b; do
	k=$((k + 1))
	check "stop $g (Debian's rc 6)" vserver $g stop
	check "  ... no context, address or mount left" stopped_clean 330$k 10.0.3.$k
done
check "delete both" sh -c 'vserver a delete --force && vserver b delete --force &&
	! test -e /mnt/d/vservers/a && ! test -e /etc/vservers/b'
umount /mnt/d
tap_done
