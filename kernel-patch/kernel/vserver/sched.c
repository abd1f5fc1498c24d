// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: the token-bucket CPU scheduler.
 *
 * Every context has one bucket per CPU.  The scheduler tick charges the
 * CPU time the running task used since its last charge (the exact
 * sum_exec_runtime delta, in ns) to its context's bucket on this CPU;
 * with VXF_SCHED_HARD an empty bucket (or VXF_SCHED_PAUSE) queues a task
 * work that holds the task on its way back to user space, killably and
 * with no lock held, until the bucket has tokens_min again (or PAUSE is
 * cleared).  The refill is computed when the bucket is looked at: the
 * tokens fill_rate[0]/interval[0] of the real time elapsed gives and,
 * with the idle time rate, fill_rate[1]/interval[1] of the CPU's idle
 * time; at most tokens_max.  Nothing runs while no guest exists (the
 * hook sits behind vx_guests_present()) and host tasks are never held.
 * docs/scheduler.md has the design and what it cannot charge.
 */

#include <linux/kernel_stat.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/vserver.h>

#include "context.h"
#include "sched.h"

/* The most a refill adds in one step: far above any bucket size. */
#define VX_FILL_CAP	(S64_MAX / 4)

/**
 * vx_sched_fill() - tokens a rate gives over some time
 * @elapsed: the time, in ns
 * @fill_rate: tokens per interval
 * @interval_ns: the interval, in ns
 *
 * Return: the tokens, in ns of CPU time, at most VX_FILL_CAP; 0 for a
 * rate of 0.
 */
u64 vx_sched_fill(u64 elapsed, s32 fill_rate, u64 interval_ns)
{
	u64 fill, whole, rem;

	if (fill_rate <= 0 || !interval_ns)
		return 0;
	fill = (u64)fill_rate * VX_TOKEN_NS;
	whole = div64_u64_rem(elapsed, interval_ns, &rem);
	if (whole >= VX_FILL_CAP / fill)
		return VX_FILL_CAP;
	return whole * fill + mul_u64_u64_div_u64(rem, fill, interval_ns);
}

/**
 * vx_bucket_refill() - bring a bucket's tokens up to @now
 * @b: the bucket (locked)
 * @now: CLOCK_MONOTONIC, in ns
 * @idle: the CPU's idle time, in ns (read with the idle time rate only)
 *
 * The real time rate runs always, the idle time rate only while the
 * bucket uses it; the tokens never pass tokens_max.
 */
void vx_bucket_refill(struct vx_bucket *b, u64 now, u64 idle)
{
	s64 max = (s64)b->p.tokens_max * VX_TOKEN_NS;
	u64 add = 0, iadd = 0, gain;

	if (now > b->last) {
		add = vx_sched_fill(now - b->last, b->p.fill_rate[0],
				    b->p.interval_ns[0]);
		b->last = now;
	}
	if (b->p.idle_time && idle > b->idle_last) {
		iadd = vx_sched_fill(idle - b->idle_last, b->p.fill_rate[1],
				     b->p.interval_ns[1]);
		b->idle_last = idle;
	}
	if (b->tokens >= max)
		return;
	gain = min_t(u64, add + iadd, max - b->tokens);
	b->tokens += gain;
	b->token_ns += gain;
	b->idle_ns += min(iadd, gain);
}

/**
 * vx_bucket_charge() - take CPU time out of a bucket
 * @b: the bucket (locked, refilled)
 * @ns: the CPU time used
 *
 * The bucket goes on hold when its tokens reach 0; what was used beyond
 * stays as a debt the refill pays first.
 *
 * Return: true when the bucket is on hold.
 */
bool vx_bucket_charge(struct vx_bucket *b, u64 ns)
{
	b->tokens -= min_t(u64, ns, VX_FILL_CAP);
	if (b->tokens <= 0)
		b->onhold = true;
	return b->onhold;
}

/**
 * vx_bucket_may_run() - may the tasks of a bucket run?
 * @b: the bucket (locked, refilled)
 *
 * A bucket on hold is released once it has tokens_min again.
 *
 * Return: true when the bucket is not on hold.
 */
bool vx_bucket_may_run(struct vx_bucket *b)
{
	if (b->onhold && b->tokens >= (s64)b->p.tokens_min * VX_TOKEN_NS)
		b->onhold = false;
	return !b->onhold;
}

/**
 * vx_bucket_wait_ns() - how long until a held bucket reaches tokens_min
 * @b: the bucket (locked, refilled)
 *
 * Counted at the real time rate only (idle time comes on top).
 *
 * Return: the time in ns, 0 when it has tokens_min already, U64_MAX
 * when the rate is 0 or the time does not fit in 64 bits.
 */
u64 vx_bucket_wait_ns(const struct vx_bucket *b)
{
	s64 need = (s64)b->p.tokens_min * VX_TOKEN_NS - b->tokens;
	u64 fill = (u64)max(b->p.fill_rate[0], 0) * VX_TOKEN_NS;
	u64 interval = b->p.interval_ns[0];
	u64 wait;

	if (need <= 0)
		return 0;
	if (!fill || !interval)
		return U64_MAX;
	/* x86's mul_u64_u64_div_u64() traps (#DE) on a quotient > 64 bits. */
	if (mul_u64_u64_shr(need, interval, 64) >= fill)
		return U64_MAX;
	wait = mul_u64_u64_div_u64(need, interval, fill);
	return wait < U64_MAX ? wait + 1 : U64_MAX;
}

/**
 * vx_bucket_apply() - set the fields @mask names from a template
 * @b: the bucket (locked, refilled to now with its old values)
 * @p: the template, sanitised
 * @mask: VXSM_* bits; VXSM_IDLE_TIME turns the idle time rate on, its
 *	absence off
 * @idle: the CPU's idle time now, in ns
 */
void vx_bucket_apply(struct vx_bucket *b, const struct vx_sched_param *p,
		     u32 mask, u64 idle)
{
	s64 max;

	if (mask & VXSM_FILL_RATE)
		b->p.fill_rate[0] = p->fill_rate[0];
	if (mask & VXSM_INTERVAL)
		b->p.interval_ns[0] = p->interval_ns[0];
	if (mask & VXSM_FILL_RATE2)
		b->p.fill_rate[1] = p->fill_rate[1];
	if (mask & VXSM_INTERVAL2)
		b->p.interval_ns[1] = p->interval_ns[1];
	if (mask & VXSM_TOKENS_MIN)
		b->p.tokens_min = p->tokens_min;
	if (mask & VXSM_TOKENS_MAX)
		b->p.tokens_max = p->tokens_max;
	if (mask & VXSM_PRIO_BIAS)
		b->p.prio_bias = p->prio_bias;
	if ((mask & VXSM_IDLE_TIME) && !b->p.idle_time)
		b->idle_last = idle;
	b->p.idle_time = mask & VXSM_IDLE_TIME;
	/* Per-CPU updates may have mixed the values of two templates. */
	b->p.tokens_min = min(b->p.tokens_min, b->p.tokens_max);
	if (mask & VXSM_TOKENS)
		b->tokens = (s64)p->tokens * VX_TOKEN_NS;
	max = (s64)b->p.tokens_max * VX_TOKEN_NS;
	b->tokens = min(b->tokens, max);
}

/* An interval as set_sched gives it; 0 or less means a second. */
static u64 vx_interval_ns(s32 v, bool msec)
{
	if (v <= 0)
		return HZ * VX_TOKEN_NS;
	return (u64)v * (msec ? NSEC_PER_MSEC : VX_TOKEN_NS);
}

/**
 * vx_sched_merge() - the fields of a set_sched into a template, sanitised
 * @p: the template
 * @vc: the request (VXSM_* mask and values)
 *
 * vs2's rules: a fill rate below 0 is 0, an interval of 0 or less a
 * second, tokens_max of 0 or less HZ, tokens_min below 0 HZ/3, and
 * tokens_min at most tokens_max; the priority bias within -20..20;
 * VXSM_IDLE_TIME turns the idle time rate on, its absence off.  The
 * starting tokens are at most tokens_max.
 */
void vx_sched_merge(struct vx_sched_param *p, const struct vcmd_sched_v5 *vc)
{
	bool msec = vc->mask & VXSM_MSEC;

	if (vc->mask & VXSM_FILL_RATE)
		p->fill_rate[0] = max(vc->fill_rate[0], 0);
	if (vc->mask & VXSM_FILL_RATE2)
		p->fill_rate[1] = max(vc->fill_rate[1], 0);
	if (vc->mask & VXSM_INTERVAL)
		p->interval_ns[0] = vx_interval_ns(vc->interval[0], msec);
	if (vc->mask & VXSM_INTERVAL2)
		p->interval_ns[1] = vx_interval_ns(vc->interval[1], msec);
	if (vc->mask & VXSM_TOKENS)
		p->tokens = vc->tokens;
	if (vc->mask & VXSM_TOKENS_MIN)
		p->tokens_min = vc->tokens_min < 0 ? HZ / 3 : vc->tokens_min;
	if (vc->mask & VXSM_TOKENS_MAX)
		p->tokens_max = vc->tokens_max <= 0 ? HZ : vc->tokens_max;
	if (vc->mask & VXSM_PRIO_BIAS)
		p->prio_bias = clamp(vc->prio_bias, VX_PRIO_BIAS_MIN,
				     VX_PRIO_BIAS_MAX);
	p->idle_time = vc->mask & VXSM_IDLE_TIME;
	p->tokens_min = min(p->tokens_min, p->tokens_max);
	p->tokens = min(p->tokens, p->tokens_max);
}

/**
 * vx_sched_interval_out() - an interval as get_sched reports it
 * @ns: the interval
 * @msec: in ms (VXSM_MSEC) rather than ticks
 *
 * Return: the interval, rounded down, at most S32_MAX.
 */
s32 vx_sched_interval_out(u64 ns, bool msec)
{
	return min_t(u64, div64_u64(ns, msec ? NSEC_PER_MSEC : VX_TOKEN_NS),
		     S32_MAX);
}

/**
 * vx_sched_from_v3() - set_sched v3 as a v5 request
 * @vc: the v5 request, filled in
 * @v3: the v3 argument
 *
 * v3 sets one rate for both, every CPU, and only the VXSM_V3_MASK fields.
 */
void vx_sched_from_v3(struct vcmd_sched_v5 *vc,
		      const struct vcmd_set_sched_v3 *v3)
{
	*vc = (struct vcmd_sched_v5) {
		.mask = v3->set_mask & VXSM_V3_MASK,
		.cpu_id = -1,
		.fill_rate = { v3->fill_rate, v3->fill_rate },
		.interval = { v3->interval, v3->interval },
		.tokens = v3->tokens,
		.tokens_min = v3->tokens_min,
		.tokens_max = v3->tokens_max,
		.prio_bias = v3->priority_bias,
	};
}

/**
 * vx_sched_from_v4() - set_sched v4 as a v5 request
 * @vc: the v5 request, filled in
 * @v4: the v4 argument
 *
 * v4 gives one fill rate and interval for both rates (the mask says
 * which are set) and the v5 mask, CPU and bucket.
 */
void vx_sched_from_v4(struct vcmd_sched_v5 *vc,
		      const struct vcmd_set_sched_v4 *v4)
{
	*vc = (struct vcmd_sched_v5) {
		.mask = v4->set_mask,
		.cpu_id = v4->cpu_id,
		.bucket_id = v4->bucket_id,
		.fill_rate = { v4->fill_rate, v4->fill_rate },
		.interval = { v4->interval, v4->interval },
		.tokens = v4->tokens,
		.tokens_min = v4->tokens_min,
		.tokens_max = v4->tokens_max,
		.prio_bias = v4->prio_bias,
	};
}

/* The idle time of @cpu in ns, for the idle time rate. */
static u64 vx_cpu_idle_ns(unsigned int cpu)
{
	return get_idle_time(&kcpustat_cpu(cpu), cpu);
}

static u64 vx_bucket_idle(const struct vx_bucket *b, unsigned int cpu)
{
	return b->p.idle_time ? vx_cpu_idle_ns(cpu) : 0;
}

/* Refill the bucket of @cpu to now (locked). */
static void vx_bucket_refill_now(struct vx_bucket *b, unsigned int cpu)
{
	vx_bucket_refill(b, ktime_get_ns(), vx_bucket_idle(b, cpu));
}

static void vx_sched_hold(struct callback_head *work);

/**
 * __vx_sched_tick() - charge the running task's CPU time to its bucket
 * @p: current
 * @user_tick: the tick interrupted user mode
 *
 * Called from update_process_times() with interrupts off, after
 * sched_tick() brought @p's sum_exec_runtime up to date.
 */
void __vx_sched_tick(struct task_struct *p, int user_tick)
{
	struct vx_info *vxi = vx_task_vxi(p);
	struct vx_sched_task *st;
	unsigned int cpu;
	struct vx_bucket *b;
	bool hold = false;
	u64 rt, delta, flags;

	if (!vxi)
		return;
	st = &vx_task(p)->sched;
	rt = p->se.sum_exec_runtime;
	if (st->vxi != vxi) {
		/* It entered the context: charge from now on. */
		vx_sched_task_start(st, vxi, rt);
		return;
	}
	delta = rt - st->runtime;
	st->runtime = rt;
	cpu = smp_processor_id();
	b = &vxi->sched_pc[cpu];
	flags = READ_ONCE(vxi->ident.flags);

	raw_spin_lock(&b->lock);
	if (user_tick)
		b->user_ns += delta;
	else
		b->sys_ns += delta;
	if (flags & VXF_SCHED_HARD) {
		vx_bucket_refill_now(b, cpu);
		hold = vx_bucket_charge(b, delta);
	}
	raw_spin_unlock(&b->lock);

	if (!hold && !(flags & VXF_SCHED_PAUSE))
		return;
	if (st->queued || (p->flags & (PF_KTHREAD | PF_EXITING | PF_IO_WORKER |
					PF_USER_WORKER)))
		return;
	st->hold_cpu = cpu;
	st->queued = true;
	init_task_work(&st->hold, vx_sched_hold);
	if (task_work_add(p, &st->hold, TWA_RESUME))
		st->queued = false;
}

/**
 * vx_sched_task_exit() - charge an exiting task's last CPU time
 * @vxi: its context
 * @p: the task (current, in do_exit)
 *
 * What it used since its last tick would go uncharged otherwise: short
 * lived tasks that no tick catches running.
 */
void vx_sched_task_exit(struct vx_info *vxi, struct task_struct *p)
{
	struct vx_sched_task *st = &vx_task(p)->sched;
	unsigned long irqflags;
	struct vx_bucket *b;
	unsigned int cpu;
	u64 rt, delta;

	if (st->vxi != vxi)
		return;
	rt = READ_ONCE(p->se.sum_exec_runtime);
	delta = rt - st->runtime;
	st->runtime = rt;
	cpu = raw_smp_processor_id();
	b = &vxi->sched_pc[cpu];
	raw_spin_lock_irqsave(&b->lock, irqflags);
	b->sys_ns += delta;
	if (READ_ONCE(vxi->ident.flags) & VXF_SCHED_HARD) {
		vx_bucket_refill_now(b, cpu);
		vx_bucket_charge(b, delta);
	}
	raw_spin_unlock_irqrestore(&b->lock, irqflags);
}

/*
 * May a task held by bucket @b of @vxi go on?  Otherwise @timeout is
 * the time to sleep before looking again: until tokens_min at the real
 * time rate, a tick with the idle time rate, at most a second.
 */
static bool vx_sched_may_go(struct vx_info *vxi, struct vx_bucket *b,
			    unsigned int cpu, long *timeout)
{
	u64 flags = READ_ONCE(vxi->ident.flags);
	unsigned long irqflags;
	bool run = true, idle = false;
	u64 wait = 0;

	*timeout = HZ;
	if (flags & VXF_SCHED_HARD) {
		raw_spin_lock_irqsave(&b->lock, irqflags);
		vx_bucket_refill_now(b, cpu);
		run = vx_bucket_may_run(b);
		wait = vx_bucket_wait_ns(b);
		idle = b->p.idle_time;
		raw_spin_unlock_irqrestore(&b->lock, irqflags);
		if (idle)
			*timeout = 1;
		else if (wait < NSEC_PER_SEC)
			*timeout = clamp_t(long, nsecs_to_jiffies(wait) + 1,
					   1, HZ);
	}
	return run && !(flags & VXF_SCHED_PAUSE);
}

/*
 * The task work: current waits, killable and freezable, holding no
 * lock, until its bucket may run and its context is not paused.  A
 * fatal signal ends the wait at once.  The time waited is the bucket's
 * hold time.
 */
static void vx_sched_hold(struct callback_head *work)
{
	struct vx_sched_task *st = container_of(work, struct vx_sched_task,
						hold);
	struct vx_info *vxi = vx_task_vxi(current);
	unsigned int cpu = st->hold_cpu;
	unsigned long irqflags;
	struct vx_bucket *b;
	DEFINE_WAIT(wait);
	long timeout;
	u64 start;

	WRITE_ONCE(st->queued, false);
	/*
	 * current keeps its context alive: only current migrates itself.
	 * An exiting task runs its task works in do_exit(): let it go.
	 */
	if (!vxi || cpu >= nr_cpu_ids || (current->flags & PF_EXITING))
		return;
	b = &vxi->sched_pc[cpu];
	start = ktime_get_ns();
	atomic_inc(&vxi->sched.nr_onhold);
	for (;;) {
		prepare_to_wait(&vxi->sched.wq, &wait,
				TASK_KILLABLE | TASK_FREEZABLE);
		if (vx_sched_may_go(vxi, b, cpu, &timeout) ||
		    fatal_signal_pending(current))
			break;
		schedule_timeout(timeout);
	}
	finish_wait(&vxi->sched.wq, &wait);
	atomic_dec(&vxi->sched.nr_onhold);
	raw_spin_lock_irqsave(&b->lock, irqflags);
	b->hold_ns += ktime_get_ns() - start;
	raw_spin_unlock_irqrestore(&b->lock, irqflags);
}

/**
 * vx_sched_flags_set() - a context's flags changed (set_cflags)
 * @vxi: the context
 * @old: its flags before
 *
 * Clearing SCHED_PAUSE or SCHED_HARD releases the held tasks.
 */
void vx_sched_flags_set(struct vx_info *vxi, u64 old)
{
	u64 changed = (READ_ONCE(vxi->ident.flags) ^ old) &
		      (VXF_SCHED_HARD | VXF_SCHED_PAUSE);

	if (changed)
		wake_up_all(&vxi->sched.wq);
}

/* A CPU id a command may name. */
static bool vx_sched_cpu_ok(s32 cpu)
{
	return cpu >= 0 && cpu < nr_cpu_ids && cpu_possible(cpu);
}

/**
 * vx_sched_set() - set_sched: the template, then the buckets
 * @vxi: the context
 * @vc: the request, checked (mask, CPU, bucket)
 *
 * The template takes the fields of the mask and the buckets of every CPU
 * take them at once, after a refill with their old values; with
 * VXSM_CPU_ID and a cpu_id other than -1 only that CPU's bucket does
 * (vs2 changed the template too).  Held tasks look again.
 *
 * Return: 0.
 */
int vx_sched_set(struct vx_info *vxi, const struct vcmd_sched_v5 *vc)
{
	bool one = (vc->mask & VXSM_CPU_ID) && vc->cpu_id != -1;
	struct vx_sched_param p;
	unsigned long irqflags;
	unsigned int cpu;

	spin_lock_bh(&vxi->ident.lock);
	p = vxi->sched.param;
	vx_sched_merge(&p, vc);
	if (!one)
		vxi->sched.param = p;
	for_each_possible_cpu(cpu) {
		struct vx_bucket *b = &vxi->sched_pc[cpu];
		u64 idle = vx_cpu_idle_ns(cpu);

		if (one && cpu != vc->cpu_id)
			continue;
		raw_spin_lock_irqsave(&b->lock, irqflags);
		vx_bucket_refill(b, ktime_get_ns(), idle);
		vx_bucket_apply(b, &p, vc->mask, idle);
		raw_spin_unlock_irqrestore(&b->lock, irqflags);
	}
	spin_unlock_bh(&vxi->ident.lock);
	wake_up_all(&vxi->sched.wq);
	return 0;
}

/* A bucket's values in a get_sched answer. */
static void vx_sched_param_out(struct vcmd_sched_v5 *vc,
			       const struct vx_sched_param *p)
{
	bool msec = vc->mask & VXSM_MSEC;
	int i;

	for (i = 0; i < 2; i++) {
		vc->fill_rate[i] = p->fill_rate[i];
		vc->interval[i] = vx_sched_interval_out(p->interval_ns[i], msec);
	}
	vc->tokens_min = p->tokens_min;
	vc->tokens_max = p->tokens_max;
	vc->prio_bias = p->prio_bias;
	if (p->idle_time)
		vc->mask |= VXSM_IDLE_TIME;
}

/**
 * vx_sched_get() - get_sched: the template, or one CPU's bucket
 * @vxi: the context
 * @vc: the request (VXSM_CPU_ID, VXSM_MSEC), answered in place
 *
 * Return: 0, or -EINVAL for a CPU that does not exist.
 */
int vx_sched_get(struct vx_info *vxi, struct vcmd_sched_v5 *vc)
{
	unsigned long irqflags;
	struct vx_bucket *b;

	if (!(vc->mask & VXSM_CPU_ID)) {
		struct vx_sched_param p;

		spin_lock_bh(&vxi->ident.lock);
		p = vxi->sched.param;
		spin_unlock_bh(&vxi->ident.lock);
		vx_sched_param_out(vc, &p);
		vc->tokens = p.tokens;
		return 0;
	}
	if (!vx_sched_cpu_ok(vc->cpu_id))
		return -EINVAL;
	b = &vxi->sched_pc[vc->cpu_id];
	raw_spin_lock_irqsave(&b->lock, irqflags);
	vx_bucket_refill_now(b, vc->cpu_id);
	vx_sched_param_out(vc, &b->p);
	vc->tokens = div_s64(b->tokens, VX_TOKEN_NS);
	raw_spin_unlock_irqrestore(&b->lock, irqflags);
	return 0;
}

/**
 * vx_sched_info() - sched_info: one CPU's times
 * @vxi: the context, NULL for the host (the token length only)
 * @vc: the request (cpu_id), answered in place
 *
 * Return: 0, or -EINVAL for a CPU that does not exist.
 */
int vx_sched_info(struct vx_info *vxi, struct vcmd_sched_info *vc)
{
	unsigned long irqflags;
	struct vx_bucket *b;

	if (!vx_sched_cpu_ok(vc->cpu_id))
		return -EINVAL;
	vc->user_msec = 0;
	vc->sys_msec = 0;
	vc->hold_msec = 0;
	vc->vavavoom = 0;
	vc->token_usec = div_u64(VX_TOKEN_NS, NSEC_PER_USEC);
	if (!vxi)
		return 0;
	b = &vxi->sched_pc[vc->cpu_id];
	raw_spin_lock_irqsave(&b->lock, irqflags);
	vc->user_msec = div_u64(b->user_ns, NSEC_PER_MSEC);
	vc->sys_msec = div_u64(b->sys_ns, NSEC_PER_MSEC);
	vc->hold_msec = div_u64(b->hold_ns, NSEC_PER_MSEC);
	raw_spin_unlock_irqrestore(&b->lock, irqflags);
	return 0;
}

/**
 * vx_sched_set_prio_bias() - set_prio_bias
 * @vxi: the context
 * @cpu: the CPU, -1 for every CPU (and the template)
 * @bias: the bias, clamped to -20..20
 *
 * Return: 0, or -EINVAL for a CPU that does not exist.
 */
int vx_sched_set_prio_bias(struct vx_info *vxi, s32 cpu, s32 bias)
{
	unsigned long irqflags;
	unsigned int c;

	if (cpu != -1 && !vx_sched_cpu_ok(cpu))
		return -EINVAL;
	bias = clamp(bias, VX_PRIO_BIAS_MIN, VX_PRIO_BIAS_MAX);
	spin_lock_bh(&vxi->ident.lock);
	if (cpu == -1)
		vxi->sched.param.prio_bias = bias;
	for_each_possible_cpu(c) {
		struct vx_bucket *b = &vxi->sched_pc[c];

		if (cpu != -1 && c != cpu)
			continue;
		raw_spin_lock_irqsave(&b->lock, irqflags);
		b->p.prio_bias = bias;
		raw_spin_unlock_irqrestore(&b->lock, irqflags);
	}
	spin_unlock_bh(&vxi->ident.lock);
	return 0;
}

/**
 * vx_sched_get_prio_bias() - get_prio_bias
 * @vxi: the context
 * @cpu: the CPU
 * @bias: the answer
 *
 * Return: 0, or -EINVAL for a CPU that does not exist.
 */
int vx_sched_get_prio_bias(struct vx_info *vxi, s32 cpu, s32 *bias)
{
	if (!vx_sched_cpu_ok(cpu))
		return -EINVAL;
	*bias = READ_ONCE(vxi->sched_pc[cpu].p.prio_bias);
	return 0;
}

/* One "cpu N:" line of /proc/virtual/<xid>/sched. */
static void vx_sched_show_cpu(struct seq_file *m, struct vx_bucket *b,
			      unsigned int cpu)
{
	struct vx_sched_param p;
	u64 t[5];
	unsigned long irqflags;
	bool onhold;
	s64 tokens;
	int i;

	raw_spin_lock_irqsave(&b->lock, irqflags);
	vx_bucket_refill_now(b, cpu);
	p = b->p;
	tokens = b->tokens;
	onhold = b->onhold;
	t[0] = b->user_ns;
	t[1] = b->sys_ns;
	t[2] = b->hold_ns;
	t[3] = b->token_ns;
	t[4] = b->idle_ns;
	raw_spin_unlock_irqrestore(&b->lock, irqflags);
	for (i = 0; i < ARRAY_SIZE(t); i++)
		t[i] = div64_u64(t[i], VX_TOKEN_NS);
	seq_printf(m, "cpu %u: %llu %llu %llu %llu %llu %c%c %lld %d %d %d/%d %d/%d %d %d\n",
		   cpu, t[0], t[1], t[2], t[3], t[4], onhold ? 'H' : 'R',
		   p.idle_time ? 'I' : '-', div_s64(tokens, VX_TOKEN_NS), p.tokens_min,
		   p.tokens_max, p.fill_rate[0],
		   vx_sched_interval_out(p.interval_ns[0], false),
		   p.fill_rate[1],
		   vx_sched_interval_out(p.interval_ns[1], false),
		   p.prio_bias, 0);
}

/**
 * vx_sched_proc_show() - /proc/virtual/<xid>/sched
 * @m: the file; its private data is the context's ident
 * @v: unused
 *
 * The token-era format of vs2: the template, then per online CPU the
 * user, system and hold times, the tokens added in all and by the idle
 * time rate (all in ticks), R(unning) or H(eld), I with the idle time
 * rate, the tokens, tokens_min, tokens_max, the two rates, the priority
 * bias and vavavoom (0).
 *
 * Return: 0, or -ESRCH for a context that is shutting down.
 */
int vx_sched_proc_show(struct seq_file *m, void *v)
{
	struct vx_ident *ident = m->private;
	struct vx_info *vxi = vx_info_of(ident);
	struct vx_sched_param p;
	unsigned int cpu;

	if (READ_ONCE(ident->state) & VX_IDS_SHUTDOWN)
		return -ESRCH;
	spin_lock_bh(&ident->lock);
	p = vxi->sched.param;
	spin_unlock_bh(&ident->lock);
	seq_printf(m, "FillRate:\t%8d,%d\n", p.fill_rate[0], p.fill_rate[1]);
	seq_printf(m, "Interval:\t%8d,%d\n",
		   vx_sched_interval_out(p.interval_ns[0], false),
		   vx_sched_interval_out(p.interval_ns[1], false));
	seq_printf(m, "TokensMin:\t%8d\n", p.tokens_min);
	seq_printf(m, "TokensMax:\t%8d\n", p.tokens_max);
	seq_printf(m, "PrioBias:\t%8d\n", p.prio_bias);
	for_each_online_cpu(cpu)
		vx_sched_show_cpu(m, &vxi->sched_pc[cpu], cpu);
	return 0;
}

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/sched-kunit.h"
#endif
