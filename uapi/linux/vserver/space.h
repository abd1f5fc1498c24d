/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Linux-VServer: the namespace sets ("spaces") of a context and the
 * argument structures of the space commands of vserver(2).
 */
#ifndef _UAPI_LINUX_VSERVER_SPACE_H
#define _UAPI_LINUX_VSERVER_SPACE_H

#include <linux/types.h>
#include <linux/vserver/switch.h>

/* Namespace sets a context keeps; valid indices are 0 and 1. */
#define VX_SPACES		2

#define VCMD_enter_space_v0	VC_CMD(PROCALT, 1, 0)
#define VCMD_enter_space_v1	VC_CMD(PROCALT, 1, 1)
#define VCMD_enter_space	VC_CMD(PROCALT, 1, 2)
#define VCMD_set_space_v1	VC_CMD(PROCALT, 3, 1)
#define VCMD_set_space		VC_CMD(PROCALT, 3, 2)
#define VCMD_get_space_mask_v0	VC_CMD(PROCALT, 4, 0)
#define VCMD_get_space_mask	VC_CMD(VSPACE, 0, 1)
#define VCMD_get_space_default	VC_CMD(VSPACE, 1, 0)

/**
 * struct vcmd_space_mask_v1 - mask of the space commands (version 1)
 * @mask: CLONE_FS and CLONE_NEW* bits; index 0 is implied
 */
struct vcmd_space_mask_v1 {
	__u64 mask;
};

/**
 * struct vcmd_space_mask_v2 - mask and set of the space commands
 * @mask: CLONE_FS and CLONE_NEW* bits
 * @index: the namespace set, below VX_SPACES
 */
struct vcmd_space_mask_v2 {
	__u64 mask;
	__u32 index;
};

#endif /* _UAPI_LINUX_VSERVER_SPACE_H */
