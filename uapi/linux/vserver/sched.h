/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Linux-VServer: the token-bucket CPU scheduler and the argument
 * structures of the SCHED commands of vserver(2).
 *
 * Each context has one bucket per CPU.  The bucket gains fill_rate[0]
 * tokens every interval[0] of real time (and, with VXSM_IDLE_TIME,
 * fill_rate[1] every interval[1] of the CPU's idle time), holds at most
 * tokens_max, and loses one token per tick of CPU time the context's
 * tasks use on that CPU.  With the context flag VXF_SCHED_HARD an empty
 * bucket holds the context's tasks on that CPU until it has tokens_min
 * again; VXF_SCHED_PAUSE holds them all until the flag is cleared.
 * A token is one tick (1/HZ s).  The commands are those of vs2.3.0
 * (set_sched v5, v4 and v3, get_sched, sched_info) and the priority
 * bias of vs2.3.9.
 */
#ifndef _UAPI_LINUX_VSERVER_SCHED_H
#define _UAPI_LINUX_VSERVER_SCHED_H

#include <linux/types.h>
#include <linux/vserver/switch.h>

#define VCMD_set_sched_v3	VC_CMD(SCHED, 1, 3)
#define VCMD_set_sched_v4	VC_CMD(SCHED, 1, 4)
#define VCMD_set_sched		VC_CMD(SCHED, 1, 5)
#define VCMD_get_sched		VC_CMD(SCHED, 2, 5)
#define VCMD_sched_info		VC_CMD(SCHED, 3, 0)
#define VCMD_set_prio_bias	VC_CMD(SCHED, 4, 0)
#define VCMD_get_prio_bias	VC_CMD(SCHED, 5, 0)

/* The fields a set_sched mask names (VXSM_*). */
#define VXSM_FILL_RATE		0x0001
#define VXSM_INTERVAL		0x0002
#define VXSM_FILL_RATE2		0x0004
#define VXSM_INTERVAL2		0x0008
#define VXSM_TOKENS		0x0010
#define VXSM_TOKENS_MIN		0x0020
#define VXSM_TOKENS_MAX		0x0040
#define VXSM_PRIO_BIAS		0x0100
/* Use the second (idle time) rate; a set_sched without it clears it. */
#define VXSM_IDLE_TIME		0x0200
/* Apply at once (this kernel always does). */
#define VXSM_FORCE		0x0400
/* Only the bucket of CPU cpu_id (-1: every CPU). */
#define VXSM_CPU_ID		0x1000
/* Only bucket bucket_id (this kernel has bucket 0 only). */
#define VXSM_BUCKET_ID		0x2000
/* Intervals in milliseconds instead of ticks. */
#define VXSM_MSEC		0x4000

/* What set_sched v3 may set; vs2's mask of the value fields (0x80 unused). */
#define VXSM_V3_MASK		0x0173
#define VXSM_SET_MASK		0x01FF
/* Every bit set_sched v5 knows (0x777F); others are refused (EINVAL). */
#define VXSM_V5_MASK		(VXSM_FILL_RATE | VXSM_INTERVAL | \
				 VXSM_FILL_RATE2 | VXSM_INTERVAL2 | VXSM_TOKENS | \
				 VXSM_TOKENS_MIN | VXSM_TOKENS_MAX | \
				 VXSM_PRIO_BIAS | VXSM_IDLE_TIME | VXSM_FORCE | \
				 VXSM_CPU_ID | VXSM_BUCKET_ID | VXSM_MSEC)

/* The bounds of a priority bias. */
#define VX_PRIO_BIAS_MIN	(-20)
#define VX_PRIO_BIAS_MAX	20

/**
 * struct vcmd_set_sched_v3 - argument of VCMD_set_sched_v3
 * @set_mask: fields to set (VXSM_V3_MASK bits; others are ignored)
 * @fill_rate: tokens added per @interval
 * @interval: refill interval, in ticks
 * @tokens: tokens in the bucket now
 * @tokens_min: tokens a held context needs before it runs again
 * @tokens_max: bucket size
 * @priority_bias: priority bias, -20..20
 */
struct vcmd_set_sched_v3 {
	__u32 set_mask;
	__s32 fill_rate;
	__s32 interval;
	__s32 tokens;
	__s32 tokens_min;
	__s32 tokens_max;
	__s32 priority_bias;
};

/**
 * struct vcmd_set_sched_v4 - argument of VCMD_set_sched_v4
 * @set_mask: fields to set (VXSM_*)
 * @fill_rate: tokens added per @interval (both rates)
 * @interval: refill interval, in ticks or ms (VXSM_MSEC; both rates)
 * @tokens: tokens in the bucket now
 * @tokens_min: tokens a held context needs before it runs again
 * @tokens_max: bucket size
 * @prio_bias: priority bias, -20..20
 * @cpu_id: the CPU whose bucket is set (VXSM_CPU_ID), -1 for all
 * @bucket_id: the bucket (VXSM_BUCKET_ID), 0
 */
struct vcmd_set_sched_v4 {
	__u32 set_mask;
	__s32 fill_rate;
	__s32 interval;
	__s32 tokens;
	__s32 tokens_min;
	__s32 tokens_max;
	__s32 prio_bias;
	__s32 cpu_id;
	__s32 bucket_id;
};

/**
 * struct vcmd_sched_v5 - argument of VCMD_set_sched and VCMD_get_sched
 * @mask: fields to set (VXSM_*); on get, VXSM_CPU_ID asks for the
 *	bucket of @cpu_id instead of the context's template and
 *	VXSM_MSEC for the intervals in ms; VXSM_IDLE_TIME is reported
 * @cpu_id: the CPU (VXSM_CPU_ID), -1 for all on set
 * @bucket_id: the bucket (VXSM_BUCKET_ID), 0
 * @fill_rate: tokens added per interval: [0] in real time, [1] in the
 *	CPU's idle time (VXSM_IDLE_TIME)
 * @interval: the two refill intervals, in ticks or ms (VXSM_MSEC)
 * @tokens: tokens in the bucket (on set: to start with)
 * @tokens_min: tokens a held context needs before it runs again
 * @tokens_max: bucket size
 * @prio_bias: priority bias, -20..20 (stored and shown)
 */
struct vcmd_sched_v5 {
	__u32 mask;
	__s32 cpu_id;
	__s32 bucket_id;
	__s32 fill_rate[2];
	__s32 interval[2];
	__s32 tokens;
	__s32 tokens_min;
	__s32 tokens_max;
	__s32 prio_bias;
};

/**
 * struct vcmd_sched_info - argument and answer of VCMD_sched_info
 * @cpu_id: the CPU asked about (set by the caller)
 * @bucket_id: the bucket asked about (0)
 * @user_msec: CPU time the context used on @cpu_id in user mode
 * @sys_msec: CPU time it used there in kernel mode
 * @hold_msec: time its tasks spent held there
 * @token_usec: the length of a token (one tick), in microseconds
 * @vavavoom: vs2's dynamic priority, always 0 here
 */
struct vcmd_sched_info {
	__s32 cpu_id;
	__s32 bucket_id;
	__u64 user_msec;
	__u64 sys_msec;
	__u64 hold_msec;
	__u32 token_usec;
	__s32 vavavoom;
};

/**
 * struct vcmd_prio_bias - argument of VCMD_set_prio_bias/get_prio_bias
 * @cpu_id: the CPU (-1 for all on set; a possible CPU on get)
 * @prio_bias: priority bias, clamped to -20..20 on set
 */
struct vcmd_prio_bias {
	__s32 cpu_id;
	__s32 prio_bias;
};

#endif /* _UAPI_LINUX_VSERVER_SCHED_H */
