#!/bin/sh
# The main job's guest side: two guests, each sees only its own processes,
# the host sees both.  Exits non-zero if isolation does not hold.
chcontext --ctx 42 --name alpha --silent -- sleep 4242 &
chcontext --ctx 43 --name beta --silent -- sleep 4343 &
i=0
while ! { ps | grep -q "[s]leep 4242" && ps | grep -q "[s]leep 4343"; } && [ $i -lt 200 ]; do
	sleep 0.05; i=$((i + 1))
done
echo "== host: vserver-stat"
vserver-stat
echo
echo "== host: vps (sleepers)"
vps | grep -E "CONTEXT|sleep 4"
for xid in 42 43; do
	echo
	echo "== inside guest $xid: ps"
	vcontext --migrate --xid $xid --silent -- ps > /tmp/ps.$xid
	cat /tmp/ps.$xid
done
echo
ok=1
grep -q "sleep 4242" /tmp/ps.42 && ! grep -q "sleep 4343" /tmp/ps.42 || ok=0
grep -q "sleep 4343" /tmp/ps.43 && ! grep -q "sleep 4242" /tmp/ps.43 || ok=0
vps | grep -q "42 alpha .*sleep 4242" && vps | grep -q "43 beta .*sleep 4343" || ok=0
vkill --xid 42 -s KILL; vkill --xid 43 -s KILL
if [ $ok = 1 ]; then
	echo "RESULT: isolated (each guest sees only its own processes, the host sees both)"
else
	echo "RESULT: NOT isolated"; exit 1
fi
