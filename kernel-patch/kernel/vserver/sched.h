/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: the token-bucket CPU scheduler (per-context, per-CPU
 * buckets, the tick charge and the hold on return to user space).
 */
#ifndef _VSERVER_SCHED_H
#define _VSERVER_SCHED_H

#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/spinlock.h>
#include <linux/task_work.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <uapi/linux/vserver/sched.h>

struct seq_file;
struct task_struct;
struct vx_info;

/* One token: one tick of CPU time (signed: tokens may be a debt). */
#define VX_TOKEN_NS	((s64)TICK_NSEC)

/**
 * struct vx_sched_param - the parameters of a bucket, as set_sched gives
 * @fill_rate: tokens added per interval: [0] in real time, [1] in idle time
 * @interval_ns: the two intervals, in ns
 * @tokens: tokens to start with (set with VXSM_TOKENS), in ticks
 * @tokens_min: tokens a held bucket needs to run again, in ticks
 * @tokens_max: bucket size, in ticks
 * @prio_bias: priority bias, -20..20 (stored and shown only)
 * @idle_time: the idle time rate is in use (VXSM_IDLE_TIME)
 */
struct vx_sched_param {
	s32 fill_rate[2];
	u64 interval_ns[2];
	s32 tokens;
	s32 tokens_min;
	s32 tokens_max;
	s32 prio_bias;
	bool idle_time;
};

/**
 * struct vx_bucket - the bucket of one context on one CPU
 * @lock: protects the bucket; taken in the tick (hard interrupt)
 * @p: its parameters
 * @tokens: CPU time left, in ns; below 0 a debt
 * @last: CLOCK_MONOTONIC of the last refill, in ns
 * @idle_last: the CPU's idle time at the last refill, in ns (with
 *	@p.idle_time only)
 * @onhold: the bucket ran empty and has not reached tokens_min since
 * @token_ns: tokens added in all, in ns
 * @idle_ns: of those, the ones the idle time rate added
 * @user_ns: CPU time the context used here in user mode (tick sampled)
 * @sys_ns: CPU time it used here in kernel mode
 * @hold_ns: time its tasks spent held here, summed over tasks
 */
struct vx_bucket {
	raw_spinlock_t lock;
	struct vx_sched_param p;
	s64 tokens;
	u64 last;
	u64 idle_last;
	bool onhold;
	u64 token_ns;
	u64 idle_ns;
	u64 user_ns;
	u64 sys_ns;
	u64 hold_ns;
} ____cacheline_aligned_in_smp;

/**
 * struct vx_sched - the scheduler state of a context, but its buckets
 * @param: the template: the values set for every CPU (ident.lock)
 * @wq: held tasks wait here; woken by set_sched and a change of
 *	SCHED_HARD or SCHED_PAUSE
 * @nr_onhold: tasks held now (nr_onhold of /proc/virtual/<xid>/cvirt)
 */
struct vx_sched {
	struct vx_sched_param param;
	wait_queue_head_t wq;
	atomic_t nr_onhold;
};

/**
 * struct vx_sched_task - what the scheduler keeps per task (task blob)
 * @runtime: the task's sum_exec_runtime at its last charge
 * @vxi: the context of that charge; not referenced, only compared
 * @hold: the task work that holds the task on its way to user space
 * @hold_cpu: the CPU whose bucket held it
 * @queued: @hold is queued (set by the tick, cleared by the work)
 */
struct vx_sched_task {
	u64 runtime;
	const struct vx_info *vxi;
	struct callback_head hold;
	int hold_cpu;
	bool queued;
};

/**
 * vx_sched_task_start() - charge a task from here on
 * @st: its scheduler state
 * @vxi: its context (NULL: host or spectator)
 * @runtime: its sum_exec_runtime now (0 for a new task)
 */
static inline void vx_sched_task_start(struct vx_sched_task *st,
				       const struct vx_info *vxi, u64 runtime)
{
	st->vxi = vxi;
	st->runtime = runtime;
}

/* The defaults of a new context (vs2's). */
static inline void vx_sched_param_default(struct vx_sched_param *p)
{
	*p = (struct vx_sched_param) {
		.fill_rate = { 1, 1 },
		.interval_ns = { 4 * VX_TOKEN_NS, 8 * VX_TOKEN_NS },
		.tokens = HZ / 4,
		.tokens_min = HZ / 16,
		.tokens_max = HZ / 2,
	};
}

/**
 * vx_sched_init() - a new context's scheduler: defaults, full buckets
 * @s: the context-wide state
 * @pc: its buckets, one per possible CPU id (nr_cpu_ids)
 */
static inline void vx_sched_init(struct vx_sched *s, struct vx_bucket *pc)
{
	u64 now = ktime_get_ns();
	unsigned int cpu;

	vx_sched_param_default(&s->param);
	init_waitqueue_head(&s->wq);
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		raw_spin_lock_init(&pc[cpu].lock);
		pc[cpu].p = s->param;
		pc[cpu].tokens = s->param.tokens * VX_TOKEN_NS;
		pc[cpu].last = now;
	}
}

/* The pure arithmetic (KUnit, synthetic time). */
u64 vx_sched_fill(u64 elapsed, s32 fill_rate, u64 interval_ns);
void vx_bucket_refill(struct vx_bucket *b, u64 now, u64 idle);
bool vx_bucket_charge(struct vx_bucket *b, u64 ns);
bool vx_bucket_may_run(struct vx_bucket *b);
u64 vx_bucket_wait_ns(const struct vx_bucket *b);
void vx_bucket_apply(struct vx_bucket *b, const struct vx_sched_param *p,
		     u32 mask, u64 idle);
void vx_sched_merge(struct vx_sched_param *p,
		    const struct vcmd_sched_v5 *vc);
void vx_sched_from_v3(struct vcmd_sched_v5 *vc,
		      const struct vcmd_set_sched_v3 *v3);
void vx_sched_from_v4(struct vcmd_sched_v5 *vc,
		      const struct vcmd_set_sched_v4 *v4);
s32 vx_sched_interval_out(u64 ns, bool msec);

/* The commands' work (schedcmd.c), on a context. */
int vx_sched_set(struct vx_info *vxi, const struct vcmd_sched_v5 *vc);
int vx_sched_get(struct vx_info *vxi, struct vcmd_sched_v5 *vc);
int vx_sched_info(struct vx_info *vxi, struct vcmd_sched_info *vc);
int vx_sched_set_prio_bias(struct vx_info *vxi, s32 cpu, s32 bias);
int vx_sched_get_prio_bias(struct vx_info *vxi, s32 cpu, s32 *bias);
void vx_sched_flags_set(struct vx_info *vxi, u64 old);
void vx_sched_task_exit(struct vx_info *vxi, struct task_struct *p);

int vx_sched_proc_show(struct seq_file *m, void *v);

#endif /* _VSERVER_SCHED_H */
