#!/bin/sh
# Barrier persistence on ext4, TAP output.  Runs as root in the QEMU guest
# with an ext4 image as /dev/vda, in two boots:
#   persist_test.sh set     mark a barrier, check it across a remount
#   persist_test.sh check   (next boot) the barrier is still there and works
. "$(dirname "$0")/tap.sh"
mkdir -p /mnt
check "mount ext4" mount -t ext4 /dev/vda /mnt
case "$1" in
set)
	mkdir -p /mnt/vservers/g1
	echo host > /mnt/vservers/outside
	check "setattr --barrier on ext4" setattr --barrier /mnt/vservers
	check "barrier shown" sh -c 'showattr -d /mnt/vservers | grep -q "^---Bui-"'
	check "unmount" umount /mnt
	check "mount again" mount -t ext4 /dev/vda /mnt
	check "barrier survives the remount" sh -c 'showattr -d /mnt/vservers | grep -q "^---Bui-"'
	;;
check)
	check "barrier survives the reboot" sh -c 'showattr -d /mnt/vservers | grep -q "^---Bui-"'
	check "the host walks through it" cat /mnt/vservers/outside
	check "a guest is stopped by it" sh -c '! chcontext --ctx 600 --silent -- cat /mnt/vservers/outside 2>&1'
	check "the guest gets EACCES" sh -c 'chcontext --ctx 601 --silent -- cat /mnt/vservers/outside 2>&1 | grep -q "Permission denied"'
	check "clear it" setattr --~barrier /mnt/vservers
	check "a guest passes without it" chcontext --ctx 602 --silent -- cat /mnt/vservers/outside
	;;
*) echo "usage: persist_test.sh set|check" >&2; exit 2 ;;
esac
umount /mnt 2>/dev/null
tap_done
