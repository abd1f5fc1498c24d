/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: per-context resource limits (soft, hard, current, the
 * watermarks and the hits of each VLIMIT_*).
 */
#ifndef _VSERVER_LIMIT_H
#define _VSERVER_LIMIT_H

#include <linux/atomic.h>
#include <linux/init.h>
#include <linux/resource.h>
#include <linux/types.h>
#include <uapi/linux/vserver/limit.h>

struct kern_ipc_perm;
struct seq_file;
struct sock;
struct vx_ident;
struct vx_info;

/**
 * struct vx_limit - one limit of a context
 * @soft: soft limit (counted, never refused), RLIM_INFINITY for none
 * @hard: hard limit: an allocation that would pass it is refused
 * @cur: what is charged now (unused for the limits computed at read time)
 * @rmin: the lowest charge seen since the last reset_minmax
 * @rmax: the highest charge seen since the last reset_minmax
 * @hits: allocations refused since the last reset_hits
 *
 * The watermarks are written only when a charge crosses them (a compare
 * on the common path, no atomic): racy, informational, as vs2.3 kept them.
 */
struct vx_limit {
	unsigned long soft;
	unsigned long hard;
	atomic_long_t cur;
	long rmin;
	long rmax;
	atomic_t hits;
};

/**
 * struct vx_limits - the limits of a context
 * @lim: one entry per limit id, indexed by VLIMIT_*
 */
struct vx_limits {
	struct vx_limit lim[NUM_LIMITS];
};

/* Limits set_rlimit/get_rlimit take beyond the vs2.3 mask (an extension). */
#define VLIMIT_MASK_EXTRA	((1U << VLIMIT_SEMARY) | (1U << VLIMIT_NSEMS) | \
				 (1U << VLIMIT_RSS) | (1U << VLIMIT_AS))
/* Limits with a row in rlimit_stat and /proc/virtual/<xid>/limit. */
#define VLIMIT_MASK_ACCOUNTED	(VLIMIT_MASK_VS23 | VLIMIT_MASK_EXTRA | \
				 (1U << VLIMIT_MEMLOCK) | \
				 (1U << VLIMIT_ANON) | (1U << VLIMIT_MAPPED))

/* A new context: no limit, nothing charged. */
static inline void vx_limits_init(struct vx_limits *l)
{
	int i;

	for (i = 0; i < NUM_LIMITS; i++) {
		l->lim[i].soft = RLIM_INFINITY;
		l->lim[i].hard = RLIM_INFINITY;
	}
}

bool vx_limit_valid(u32 id);
bool vx_limit_accounted(u32 id);
void vx_limit_set(struct vx_limits *l, u32 id, u64 soft, u64 hard);
void vx_limit_get(struct vx_limits *l, u32 id, u64 *soft, u64 *hard);
bool vx_limit_over(struct vx_limits *l, u32 id, long cur, long n);
bool vx_limit_charge(struct vx_limits *l, u32 id, long n);
void vx_limit_add(struct vx_limits *l, u32 id, long n);
void vx_limit_uncharge(struct vx_limits *l, u32 id, long n);
bool vx_limit_avail(struct vx_limits *l, u32 id, long cur, long n);
void vx_limit_reset_hits(struct vx_limits *l);
void vx_limit_reset_minmax(struct vx_limits *l, const long *now);
void vx_limit_values(struct vx_info *vxi, long *now);

/* Hooks of the other hook files (task.c, inet.c, ipc.c). */
int vx_limit_task_alloc(int tasks);
int vx_limit_socket_create(int kern);
void vx_limit_sk_alloc(struct sock *sk);
void vx_limit_sk_free(struct sock *sk);
void vx_limit_sk_clone(const struct sock *sk, struct sock *newsk);
int vx_limit_sem_alloc(struct kern_ipc_perm *perm);

int vx_limit_proc_show(struct seq_file *m, void *v);
void __init vx_add_limit_file_hooks(void);
void __init vx_add_limit_ipc_hooks(void);

#endif /* _VSERVER_LIMIT_H */
