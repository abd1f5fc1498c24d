#!/bin/sh
# The main job's guest side: two guests, each sees only its own processes,
# the host sees both; two network contexts each serve port 80 on their own
# address and see only it.  Exits non-zero if isolation does not hold.
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

# Network: two guests serve port 80 on 0.0.0.0, each on its own address.
echo
echo "== network: guests 42 (10.0.0.2) and 43 (10.0.0.3) run httpd on 0.0.0.0:80"
ip addr add 10.0.0.2/24 dev lo
ip addr add 10.0.0.3/24 dev lo
for g in 42:10.0.0.2:alpha 43:10.0.0.3:beta; do
	nid=${g%%:*} rest=${g#*:}
	mkdir -p /tmp/www.$nid
	echo "hello from ${rest#*:}" > /tmp/www.$nid/index.html
	chbind --nid $nid --ip ${rest%%:*}/24 --silent -- httpd -f -p 0.0.0.0:80 -h /tmp/www.$nid &
done
i=0
while [ "$(netstat -tln | grep -c ':80 ')" -lt 2 ] && [ $i -lt 100 ]; do
	sleep 0.05; i=$((i + 1))
done
for ip in 10.0.0.2 10.0.0.3; do
	echo "host: wget http://$ip/ -> $(wget -q -O - http://$ip/)"
done
echo
echo "== inside network context 42: ip addr; netstat -tln"
ncontext --migrate --nid 42 --silent -- sh -c 'ip addr; netstat -tln' > /tmp/net.42
cat /tmp/net.42
[ "$(wget -q -O - http://10.0.0.2/)" = "hello from alpha" ] || ok=0
[ "$(wget -q -O - http://10.0.0.3/)" = "hello from beta" ] || ok=0
grep -q "inet 10.0.0.2/24" /tmp/net.42 && ! grep -q "10.0.0.3" /tmp/net.42 || ok=0
grep -q "10.0.0.2:80" /tmp/net.42 || ok=0
killall httpd 2>/dev/null
if [ $ok = 1 ]; then
	echo "RESULT: isolated (each guest sees only its own processes, the host sees both;"
	echo "        each guest serves and sees only its own address)"
else
	echo "RESULT: NOT isolated"; exit 1
fi
