// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: registration as a stackable security module.
 *
 * The module is ordered LSM_ORDER_LAST so that it is always active when
 * built in: isolation must not depend on the "lsm=" boot list.
 */

#define pr_fmt(fmt) "vserver: " fmt

#include <linux/init.h>
#include <linux/lsm_hooks.h>
#include <uapi/linux/lsm.h>

#include "context.h"
#include "network.h"

struct lsm_blob_sizes vx_blob_sizes __ro_after_init = {
	.lbs_task = sizeof(struct vx_task),
	.lbs_inode = sizeof(struct vx_inode),
	.lbs_sock = sizeof(struct nx_info *),
	.lbs_tun_dev = sizeof(u32),
	.lbs_superblock = sizeof(u32),
};

const struct lsm_id vx_lsmid = {
	.name = VX_NAME,
	.id = LSM_ID_VSERVER,
};

static int __init vx_init(void)
{
	vx_add_task_hooks();
	vx_add_cap_hooks();
	vx_add_mount_hooks();
	vx_add_inode_hooks();
	nx_add_inet_hooks();
	nx_add_tun_hooks();
	pr_info("contexts ready (VCI %08x)\n", VCI_VERSION);
	return 0;
}

DEFINE_LSM(vserver) = {
	.name = VX_NAME,
	.order = LSM_ORDER_LAST,
	.init = vx_init,
	.blobs = &vx_blob_sizes,
};

static int __init vx_late_init(void)
{
	return vx_proc_init() ?: nx_proc_init();
}
fs_initcall(vx_late_init);
