// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: registration as a stackable security module.
 *
 * The module is ordered LSM_ORDER_LAST so that it is always active when
 * built in: isolation must not depend on the "lsm=" boot list.
 */

#include <linux/init.h>
#include <linux/lsm_hooks.h>

#include "abi.h"
#include "cap.h"
#include "context.h"
#include "cvirt.h"
#include "fowner.h"
#include "inet.h"
#include "inode.h"
#include "ipc.h"
#include "limit.h"
#include "mount.h"
#include "network.h"
#include "sched.h"
#include "task.h"
#include "tun.h"
#include "unix.h"

static int __init vx_init(void)
{
	vx_abi_check();
	vx_xids_setup();
	vx_add_task_hooks();
	vx_add_fowner_hooks();
	vx_add_cap_hooks();
	vx_add_mount_hooks();
	vx_add_inode_hooks();
	nx_add_inet_hooks();
	nx_add_tun_hooks();
	vx_add_unix_hooks();
	vx_add_ipc_hooks();
	vx_add_limit_file_hooks();
	vx_add_limit_ipc_hooks();
	pr_info("contexts ready (VCI %08x)\n", VCI_VERSION);
	return 0;
}

DEFINE_LSM(vserver) = {
	.name = VX_NAME,
	.order = LSM_ORDER_LAST,
	.init = vx_init,
	.blobs = &vx_blob_sizes,
};

/* /proc/virtual/<xid>/ beyond info and status. */
static const struct vx_ident_file vx_ctx_files[] = {
	{ "nsproxy", vx_nsproxy_proc_show },
	{ "nsproxy1", vx_nsproxy1_proc_show },
	{ "cvirt", vx_cvirt_proc_show },
	{ "limit", vx_limit_proc_show },
	{ "sched", vx_sched_proc_show },
	{ }
};

static int __init vx_late_init(void)
{
	vx_xids.files = vx_ctx_files;
	return vx_idspace_init(&vx_xids) ?: vx_idspace_init(&nx_nids);
}
fs_initcall(vx_late_init);
