// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: tun/tap devices belong to the network context that
 * created them.
 *
 * NXC_TUN_CREATE lets a guest pass the CAP_NET_ADMIN check of TUNSETIFF
 * (ccap.c); the same ioctl also attaches to an existing device, so a
 * guest could otherwise take over a device of the host (a VPN's tun0).
 * Each device records the nid of its creator; a guest opens or attaches
 * a queue only to its own devices.  The host and the spectator are not
 * restricted.
 */

#include <linux/lsm_hooks.h>

#include "network.h"
#include "tun.h"

static int hook_tun_dev_alloc_security(void *security)
{
	*nx_tun_owner(security) = nx_current_nid();
	return 0;
}

/**
 * nx_tun_usable() - may a task of network context @nid use a device?
 * @nid: the task's nid
 * @owner: the nid that created the device
 *
 * Return: true for the host and the spectator, and for a guest's own
 * devices.
 */
bool nx_tun_usable(u32 nid, u32 owner)
{
	return nid <= 1 || nid == owner;
}

static int nx_tun_check(void *security)
{
	return nx_tun_usable(nx_current_nid(), *nx_tun_owner(security)) ?
	       0 : -EPERM;
}

static int hook_tun_dev_open(void *security)
{
	return nx_tun_check(security);
}

static int hook_tun_dev_attach_queue(void *security)
{
	return nx_tun_check(security);
}

static struct security_hook_list nx_tun_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(tun_dev_alloc_security, hook_tun_dev_alloc_security),
	LSM_HOOK_INIT(tun_dev_open, hook_tun_dev_open),
	LSM_HOOK_INIT(tun_dev_attach_queue, hook_tun_dev_attach_queue),
};

/**
 * nx_add_tun_hooks() - register the tun device hooks
 */
void __init nx_add_tun_hooks(void)
{
	security_add_hooks(nx_tun_hooks, ARRAY_SIZE(nx_tun_hooks), &vx_lsmid);
}

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/tun-kunit.h"
#endif
