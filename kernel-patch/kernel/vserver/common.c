// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: the module's identity and the sizes of its LSM blobs,
 * read by every hook file (common.h) and registered by setup.c.
 */

#include <linux/lsm_hooks.h>
#include <uapi/linux/lsm.h>

#include "common.h"
#include "idspace.h"

struct lsm_blob_sizes vx_blob_sizes __ro_after_init = {
	.lbs_file = sizeof(struct vx_file),
	.lbs_task = sizeof(struct vx_task),
	.lbs_inode = sizeof(struct vx_inode),
	.lbs_ipc = sizeof(struct vx_ipc),
	.lbs_sock = sizeof(struct nx_sock),
	.lbs_tun_dev = sizeof(u32),
	.lbs_superblock = sizeof(struct vx_sb),
};

const struct lsm_id vx_lsmid = {
	.name = VX_NAME,
	.id = LSM_ID_VSERVER,
};
