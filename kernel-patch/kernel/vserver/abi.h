/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: build time checks of the vserver(2) ABI against vs2.3.
 *
 * The sizes are those of the vs2.3 (VCI 0x00020308) argument structures
 * on x86_64.  Most are given by the vs2.3 ABI reference; the ones marked
 * "computed" are not, and were computed from the vs2.3 field list.
 */
#ifndef _VSERVER_ABI_H
#define _VSERVER_ABI_H

#include <linux/build_bug.h>
#include <uapi/linux/vserver/context.h>
#include <uapi/linux/vserver/inode.h>
#include <uapi/linux/vserver/limit.h>
#include <uapi/linux/vserver/network.h>
#include <uapi/linux/vserver/sched.h>
#include <uapi/linux/vserver/space.h>

/**
 * vx_abi_check() - check the vserver(2) ABI at build time
 *
 * Fails the build when an argument structure of vserver(2) no longer has
 * its vs2.3 size, padding included, or when a state bit shared by
 * contexts and network contexts differs between VXF_* and NXF_*.
 * Generates no code.
 */
static inline void vx_abi_check(void)
{
	/* context.h */
	BUILD_BUG_ON(sizeof(struct vcmd_vx_info_v0) != 8);
	BUILD_BUG_ON(sizeof(struct vcmd_space_mask_v1) != 8);
	BUILD_BUG_ON(sizeof(struct vcmd_space_mask_v2) != 16);
	BUILD_BUG_ON(sizeof(struct vcmd_ctx_stat_v0) != 8);
	BUILD_BUG_ON(sizeof(struct vcmd_virt_stat_v0) != 48);
	BUILD_BUG_ON(sizeof(struct vcmd_ctx_create) != 8);
	BUILD_BUG_ON(sizeof(struct vcmd_ctx_migrate) != 8);	/* computed */
	BUILD_BUG_ON(sizeof(struct vcmd_ctx_kill_v0) != 8);	/* computed */
	BUILD_BUG_ON(sizeof(struct vcmd_wait_exit_v0) != 8);	/* computed */
	BUILD_BUG_ON(sizeof(struct vcmd_ctx_flags_v0) != 16);
	BUILD_BUG_ON(sizeof(struct vcmd_bcaps) != 16);
	BUILD_BUG_ON(sizeof(struct vcmd_ctx_caps_v1) != 16);
	BUILD_BUG_ON(sizeof(struct vcmd_umask) != 16);		/* computed */
	/* 4 + 65 bytes, padded to 72 */
	BUILD_BUG_ON(sizeof(struct vcmd_vhi_name_v0) != 72);

	/* inode.h: 8 (name) + 12, padded to 24 */
	BUILD_BUG_ON(sizeof(struct vcmd_ctx_iattr_v1) != 24);
	BUILD_BUG_ON(sizeof(struct vcmd_ctx_fiattr_v0) != 12);	/* computed */

	/* network.h */
	BUILD_BUG_ON(sizeof(struct vcmd_net_create) != 8);	/* computed */
	BUILD_BUG_ON(sizeof(struct vcmd_nx_info_v0) != 4);
	BUILD_BUG_ON(sizeof(struct vcmd_net_flags_v0) != 16);	/* computed */
	BUILD_BUG_ON(sizeof(struct vcmd_net_caps_v0) != 16);	/* computed */
	BUILD_BUG_ON(sizeof(struct vcmd_net_addr_v0) != 36);
	BUILD_BUG_ON(sizeof(struct vcmd_net_addr_ipv4_v1) != 12);
	BUILD_BUG_ON(sizeof(struct vcmd_net_addr_ipv4_v2) != 16);
	BUILD_BUG_ON(sizeof(struct vcmd_net_addr_ipv6_v1) != 40);

	/* limit.h: 4 + 4 padding + 3 * 8 (28 packed on i386) */
	BUILD_BUG_ON(sizeof(struct vcmd_ctx_rlimit_v0) != 32);
	BUILD_BUG_ON(sizeof(struct vcmd_ctx_rlimit_mask_v0) != 12);
	BUILD_BUG_ON(sizeof(struct vcmd_rlimit_stat_v0) != 32);	/* computed */
	BUILD_BUG_ON(VLIMIT_MASK_VS23 != 0x004B14C0);

	/* sched.h (vs2.3.0) */
	BUILD_BUG_ON(sizeof(struct vcmd_set_sched_v3) != 28);	/* computed */
	BUILD_BUG_ON(sizeof(struct vcmd_set_sched_v4) != 36);	/* computed */
	BUILD_BUG_ON(sizeof(struct vcmd_sched_v5) != 44);
	BUILD_BUG_ON(sizeof(struct vcmd_sched_info) != 40);
	BUILD_BUG_ON(sizeof(struct vcmd_prio_bias) != 8);
	BUILD_BUG_ON(VXSM_V5_MASK != 0x777F);

	/* State bits that contexts and network contexts share. */
	BUILD_BUG_ON(VXF_STATE_SETUP != NXF_STATE_SETUP);
	BUILD_BUG_ON(VXF_STATE_ADMIN != NXF_STATE_ADMIN);
	BUILD_BUG_ON(VXF_PERSISTENT != NXF_PERSISTENT);
	BUILD_BUG_ON(VXF_INFO_PRIVATE != NXF_INFO_PRIVATE);
	BUILD_BUG_ON(VXF_SC_HELPER != NXF_SC_HELPER);
}

#endif /* _VSERVER_ABI_H */
