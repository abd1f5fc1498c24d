/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Linux-VServer: per-context resource limits and the argument structures
 * of the RLIMIT commands of vserver(2).
 *
 * Limit ids 0..15 are the RLIMIT_* numbers of Linux; vserver adds its
 * own from 16 (VLIMIT_*), NUM_LIMITS in all, as vs2.3 numbered them.
 */
#ifndef _UAPI_LINUX_VSERVER_LIMIT_H
#define _UAPI_LINUX_VSERVER_LIMIT_H

#include <linux/types.h>
#include <linux/vserver/switch.h>

/* The RLIMIT_* ids the vserver limits reuse (asm-generic/resource.h). */
#define VLIMIT_CPU		0
#define VLIMIT_FSIZE		1
#define VLIMIT_DATA		2
#define VLIMIT_STACK		3
#define VLIMIT_CORE		4
#define VLIMIT_RSS		5
#define VLIMIT_NPROC		6
#define VLIMIT_NOFILE		7
#define VLIMIT_MEMLOCK		8
#define VLIMIT_AS		9
#define VLIMIT_LOCKS		10
#define VLIMIT_SIGPENDING	11
#define VLIMIT_MSGQUEUE		12
#define VLIMIT_NICE		13
#define VLIMIT_RTPRIO		14
#define VLIMIT_RTTIME		15
/* The limits of vserver's own. */
#define VLIMIT_NSOCK		16
#define VLIMIT_OPENFD		17
#define VLIMIT_ANON		18
#define VLIMIT_SHMEM		19
#define VLIMIT_SEMARY		20
#define VLIMIT_NSEMS		21
#define VLIMIT_DENTRY		22
#define VLIMIT_MAPPED		23

#define NUM_LIMITS		24

/* Limit values: unlimited, "leave as it is" (set only), not set. */
#define CRLIM_UNSET		(0ULL)
#define CRLIM_INFINITY		(~0ULL)
#define CRLIM_KEEP		(~1ULL)

/*
 * get_rlimit_mask's maximum word: the limits vs2.3.9 enforced (NPROC,
 * NOFILE, LOCKS, MSGQUEUE, NSOCK, OPENFD, SHMEM, DENTRY), 0x004B14C0.
 */
#define VLIMIT_MASK_VS23	((1U << VLIMIT_NPROC) | (1U << VLIMIT_NOFILE) | \
				 (1U << VLIMIT_LOCKS) | \
				 (1U << VLIMIT_MSGQUEUE) | \
				 (1U << VLIMIT_NSOCK) | (1U << VLIMIT_OPENFD) | \
				 (1U << VLIMIT_SHMEM) | (1U << VLIMIT_DENTRY))

#define VCMD_get_rlimit		VC_CMD(RLIMIT, 1, 0)
#define VCMD_set_rlimit		VC_CMD(RLIMIT, 2, 0)
#define VCMD_get_rlimit_mask	VC_CMD(RLIMIT, 3, 0)
#define VCMD_reset_hits		VC_CMD(RLIMIT, 7, 0)
#define VCMD_reset_minmax	VC_CMD(RLIMIT, 9, 0)
#define VCMD_rlimit_stat	VC_CMD(VSTAT, 1, 0)

/**
 * struct vcmd_ctx_rlimit_v0 - argument of VCMD_get_rlimit/VCMD_set_rlimit
 * @id: the limit (VLIMIT_*)
 * @minimum: ignored on set, CRLIM_UNSET on get
 * @softlimit: the soft limit (counted, never refused), CRLIM_INFINITY for
 *	none, CRLIM_KEEP on set to leave it
 * @maximum: the hard limit, likewise
 */
struct vcmd_ctx_rlimit_v0 {
	__u32 id;
	__u64 minimum;
	__u64 softlimit;
	__u64 maximum;
};

/**
 * struct vcmd_ctx_rlimit_mask_v0 - answer of VCMD_get_rlimit_mask
 * @minimum: limits with a settable minimum (none)
 * @softlimit: limits with a settable soft limit (none reported, as vs2.3)
 * @maximum: the enforced limits, bit n for limit id n
 */
struct vcmd_ctx_rlimit_mask_v0 {
	__u32 minimum;
	__u32 softlimit;
	__u32 maximum;
};

/**
 * struct vcmd_rlimit_stat_v0 - argument and answer of VCMD_rlimit_stat
 * @id: the limit (VLIMIT_*), set by the caller
 * @hits: allocations refused at the hard limit since the last reset
 * @value: what the context uses now
 * @minimum: the lowest use seen since the last reset_minmax
 * @maximum: the highest use seen since the last reset_minmax
 */
struct vcmd_rlimit_stat_v0 {
	__u32 id;
	__u32 hits;
	__u64 value;
	__u64 minimum;
	__u64 maximum;
};

#endif /* _UAPI_LINUX_VSERVER_LIMIT_H */
