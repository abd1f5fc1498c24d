// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: the guest's own view of the machine.
 *
 * VIRT_UPTIME is a time namespace per context whose CLOCK_BOOTTIME and
 * CLOCK_MONOTONIC start at the context's creation: /proc/uptime,
 * sysinfo(), /proc/stat btime and process start times follow it without
 * a hook.  VIRT_LOAD folds the context's active tasks into its own load
 * averages every LOAD_FREQ (mainline's calc_load()), VIRT_MEM bounds the
 * memory figures by the reader's memory cgroup, VIRT_CPU hides the CPUs
 * the reader may not run on from /proc/stat.  The hooks of
 * fs/proc/{loadavg,meminfo,stat}.c and do_sysinfo() adjust values after
 * mainline computed them, for the reading task only.
 */

#include <linux/cpumask.h>
#include <linux/math64.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/nsproxy.h>
#include <linux/page_counter.h>
#include <linux/sched.h>
#include <linux/sched/loadavg.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/time_namespace.h>
#include <linux/timekeeping.h>
#include <linux/user_namespace.h>
#include <linux/vserver.h>
#include <linux/workqueue.h>
#include <uapi/linux/vserver/context.h>

#include "context.h"
#include "cvirt.h"

/**
 * vx_timens_offsets() - offsets that make a namespace's clocks start at 0
 * @o: the offsets to set
 * @boot_ns: host CLOCK_BOOTTIME at the start
 * @mono_ns: host CLOCK_MONOTONIC at the start
 *
 * Both clocks move back by their own value, so that CLOCK_BOOTTIME stays
 * at or above CLOCK_MONOTONIC inside (their difference is the time
 * suspended since the start).
 */
void vx_timens_offsets(struct timens_offsets *o, u64 boot_ns, u64 mono_ns)
{
	o->boottime = ns_to_timespec64(-(s64)boot_ns);
	o->monotonic = ns_to_timespec64(-(s64)mono_ns);
}

#ifdef CONFIG_TIME_NS
/* The context's time namespace, made on first use. */
static struct time_namespace *vx_cvirt_timens(struct vx_cvirt *cv)
{
	struct time_namespace *ns = READ_ONCE(cv->timens), *old;

	if (ns)
		return ns;
	ns = copy_time_ns(CLONE_NEWTIME, &init_user_ns, &init_time_ns);
	if (IS_ERR(ns))
		return ns;
	/* Nobody has joined it yet: the offsets may still change. */
	vx_timens_offsets(&ns->offsets, cv->bias_boottime, cv->bias_monotonic);
	old = cmpxchg(&cv->timens, NULL, ns);
	if (old) {
		put_time_ns(ns);
		return old;
	}
	return ns;
}

/*
 * What setns(2) to a time namespace does (timens_install() and
 * commit_nsset()), with the permission of vserver(2) instead of
 * CAP_SYS_ADMIN, which a guest's bcaps may lack once it is entered.
 */
static int vx_timens_join(struct time_namespace *ns)
{
	struct nsset nsset = {};
	int err;

	if (current->nsproxy->time_ns == ns &&
	    current->nsproxy->time_ns_for_children == ns)
		return 0;
	if (!current_is_single_threaded())
		return -EUSERS;
	err = prepare_nsset(CLONE_NEWTIME, &nsset);
	if (err)
		return err;
	put_time_ns(nsset.nsproxy->time_ns);
	nsset.nsproxy->time_ns = get_time_ns(ns);
	put_time_ns(nsset.nsproxy->time_ns_for_children);
	nsset.nsproxy->time_ns_for_children = get_time_ns(ns);
	commit_nsset(&nsset);
	put_nsset(&nsset);
	return 0;
}

/**
 * vx_cvirt_may_enter() - can current join a context with these flags?
 * @flags: the context's flags
 *
 * A time namespace is joined by a single-threaded process only (the
 * threads share one vDSO clock page); checked before anything changes.
 *
 * Return: 0, or -EUSERS for a multi-threaded caller and VIRT_UPTIME.
 */
int vx_cvirt_may_enter(u64 flags)
{
	if ((flags & VXF_VIRT_UPTIME) && !current_is_single_threaded())
		return -EUSERS;
	return 0;
}

/**
 * vx_cvirt_enter() - current entered @vxi: join its time namespace
 * @vxi: current's context
 *
 * Return: 0 (also without VIRT_UPTIME), -EUSERS for a multi-threaded
 * caller, -ENOMEM or -ENOSPC (time namespace count) otherwise.
 */
int vx_cvirt_enter(struct vx_info *vxi)
{
	struct time_namespace *ns;

	if (!(READ_ONCE(vxi->ident.flags) & VXF_VIRT_UPTIME))
		return 0;
	ns = vx_cvirt_timens(&vxi->cvirt);
	if (IS_ERR(ns))
		return PTR_ERR(ns);
	return vx_timens_join(ns);
}
#else
int vx_cvirt_may_enter(u64 flags)
{
	return 0;
}

int vx_cvirt_enter(struct vx_info *vxi)
{
	return 0;
}
#endif

/* Load sampling. */

static void vx_load_sample(struct work_struct *work);
static DECLARE_DEFERRABLE_WORK(vx_load_work, vx_load_sample);

/**
 * vx_task_state_active() - does a task in @state count in the load?
 * @state: its __state
 *
 * The rule of mainline's load average: runnable, or in uninterruptible
 * sleep that is neither TASK_NOLOAD nor frozen.
 *
 * Return: true when the task counts.
 */
bool vx_task_state_active(unsigned int state)
{
	if (state == TASK_RUNNING)
		return true;
	return (state & TASK_UNINTERRUPTIBLE) &&
	       !(state & (TASK_NOLOAD | TASK_FROZEN));
}

/**
 * vx_load_fold() - one LOAD_FREQ sample into the three load averages
 * @load: 1, 5 and 15 minute averages, FSHIFT fixed point
 * @active: the active tasks counted
 */
void vx_load_fold(unsigned long load[3], unsigned int active)
{
	unsigned long a = (unsigned long)active * FIXED_1;

	load[0] = calc_load(load[0], EXP_1, a);
	load[1] = calc_load(load[1], EXP_5, a);
	load[2] = calc_load(load[2], EXP_15, a);
}

static bool vx_virt(const struct vx_info *vxi, u64 flag)
{
	return vxi && (READ_ONCE(vxi->ident.flags) & flag);
}

/*
 * Every LOAD_FREQ while a context has VIRT_LOAD: count the active tasks
 * of each such context in one walk of all tasks, then fold the counts.
 */
static void vx_load_sample(struct work_struct *work)
{
	struct task_struct *g, *t;
	struct vx_ident *ident;
	bool again = false;
	int bkt;

	rcu_read_lock();
	for_each_process_thread(g, t) {
		struct vx_info *vxi = vx_task_vxi(t);

		if (vx_virt(vxi, VXF_VIRT_LOAD) &&
		    vx_task_state_active(READ_ONCE(t->__state)))
			WRITE_ONCE(vxi->cvirt.sample, vxi->cvirt.sample + 1);
	}
	rcu_read_unlock();

	spin_lock(&vx_xids.hash_lock);
	hash_for_each(vx_xids.hash, bkt, ident, hlist) {
		struct vx_cvirt *cv = &vx_info_of(ident)->cvirt;
		unsigned long load[3];
		int i;

		if (vx_virt(vx_info_of(ident), VXF_VIRT_LOAD)) {
			memcpy(load, cv->load, sizeof(load));
			vx_load_fold(load, READ_ONCE(cv->sample));
			for (i = 0; i < 3; i++)
				WRITE_ONCE(cv->load[i], load[i]);
			WRITE_ONCE(cv->load_updates, cv->load_updates + 1);
			again = true;
		}
		WRITE_ONCE(cv->sample, 0);
	}
	spin_unlock(&vx_xids.hash_lock);
	if (again)
		schedule_delayed_work(&vx_load_work, LOAD_FREQ);
}

/**
 * vx_cvirt_flags_set() - a context's flags changed (create, set_cflags)
 * @vxi: the context
 * @old: its flags before
 *
 * A newly set VIRT_LOAD starts the sampling (it stops by itself once no
 * context has the flag); a newly set VIRT_UPTIME moves the caller into
 * the context's time namespace when the caller belongs to the context
 * (creation, or util-vserver's vattribute run inside a context in
 * setup).  Other tasks of the context are not moved.
 *
 * Return: 0 or the error of vx_cvirt_enter().
 */
int vx_cvirt_flags_set(struct vx_info *vxi, u64 old)
{
	u64 set = READ_ONCE(vxi->ident.flags) & ~old;

	if (set & VXF_VIRT_LOAD)
		schedule_delayed_work(&vx_load_work, LOAD_FREQ);
	if ((set & VXF_VIRT_UPTIME) && vx_task_vxi(current) == vxi)
		return vx_cvirt_enter(vxi);
	return 0;
}

/* Running and uninterruptible tasks of @vxi, counted now. */
static void vx_count_tasks(const struct vx_info *vxi, unsigned int *running,
			   unsigned int *unintr)
{
	struct task_struct *g, *t;

	*running = 0;
	*unintr = 0;
	rcu_read_lock();
	for_each_process_thread(g, t) {
		unsigned int state;

		if (vx_task_vxi(t) != vxi)
			continue;
		state = READ_ONCE(t->__state);
		if (state == TASK_RUNNING)
			(*running)++;
		else if (vx_task_state_active(state))
			(*unintr)++;
	}
	rcu_read_unlock();
}

/**
 * __vx_loadavg() - /proc/loadavg of a VIRT_LOAD guest
 * @avnrun: the three averages, with the rounding /proc/loadavg adds
 * @running: runnable tasks
 * @threads: tasks
 */
void __vx_loadavg(unsigned long *avnrun, unsigned int *running, int *threads)
{
	struct vx_info *vxi = vx_task_vxi(current);
	unsigned int unintr;
	int i;

	if (!vx_virt(vxi, VXF_VIRT_LOAD))
		return;
	for (i = 0; i < 3; i++)
		avnrun[i] = READ_ONCE(vxi->cvirt.load[i]) + FIXED_1 / 200;
	vx_count_tasks(vxi, running, &unintr);
	*threads = atomic_read(&vxi->ident.tasks);
}

/**
 * vx_mem_bound() - bound the host's memory figures by a memory cgroup
 * @v: the host's figures, bounded on return
 * @u: the cgroup's limit and use
 *
 * MemTotal is the limit (the host's when the limit is above it), used is
 * the usage (at most MemTotal), MemFree what is left (at most the host's
 * free memory).  Cached, SReclaimable and shared memory are the
 * cgroup's, never more than it uses, and Buffers 0, so that free(1),
 * which takes MemFree, Buffers, Cached and SReclaimable from MemTotal,
 * never computes a negative "used".  Swap likewise, from the swap limit.
 */
void vx_mem_bound(struct vx_mem_view *v, const struct vx_mem_use *u)
{
	unsigned long used, swap_used;

	v->total = min(v->total, u->limit);
	used = min(u->usage, v->total);
	v->free = min(v->free, v->total - used);
	v->buffers = 0;
	v->cached = min(u->file, used);
	v->sreclaimable = min(u->sreclaimable, used - v->cached);
	v->shared = min(u->shmem, v->cached);
	v->available = min(v->total, v->free + v->cached + v->sreclaimable);
	v->totalswap = min(v->totalswap, u->swap_limit);
	swap_used = min(u->swap_usage, v->totalswap);
	v->freeswap = min(v->freeswap, v->totalswap - swap_used);
}

/* The limit and use of current's memory cgroup; false without a limit. */
static bool vx_memcg_use(struct vx_mem_use *u)
{
#ifdef CONFIG_MEMCG
	struct mem_cgroup *memcg, *m;

	if (mem_cgroup_disabled())
		return false;
	memcg = get_mem_cgroup_from_current();
	u->limit = PAGE_COUNTER_MAX;
	u->swap_limit = PAGE_COUNTER_MAX;
	for (m = memcg; m && !mem_cgroup_is_root(m); m = parent_mem_cgroup(m)) {
		u->limit = min(u->limit, READ_ONCE(m->memory.max));
		u->swap_limit = min(u->swap_limit, READ_ONCE(m->swap.max));
	}
	if (u->limit == PAGE_COUNTER_MAX) {
		mem_cgroup_put(memcg);
		return false;
	}
	mem_cgroup_flush_stats(memcg);
	u->usage = page_counter_read(&memcg->memory);
	u->file = memcg_page_state(memcg, NR_FILE_PAGES);
	u->shmem = memcg_page_state(memcg, NR_SHMEM);
	u->sreclaimable = memcg_page_state(memcg, NR_SLAB_RECLAIMABLE_B) >>
			  PAGE_SHIFT;
	u->swap_usage = page_counter_read(&memcg->swap);
	mem_cgroup_put(memcg);
	return true;
#else
	return false;
#endif
}

/* Bound @v for current when it is in a VIRT_MEM guest with a limit. */
static bool vx_mem_virtualised(struct vx_mem_view *v)
{
	struct vx_mem_use u;

	if (!vx_virt(vx_task_vxi(current), VXF_VIRT_MEM) || !vx_memcg_use(&u))
		return false;
	vx_mem_bound(v, &u);
	return true;
}

/**
 * __vx_meminfo() - /proc/meminfo of a VIRT_MEM guest
 * @i: totalram, freeram, sharedram, bufferram, totalswap, freeswap
 * @cached: Cached, in pages
 * @available: MemAvailable, in pages
 * @sreclaimable: SReclaimable, in pages
 */
void __vx_meminfo(struct sysinfo *i, long *cached, long *available,
		  unsigned long *sreclaimable)
{
	struct vx_mem_view v = {
		.total = i->totalram, .free = i->freeram,
		.available = max(*available, 0L), .shared = i->sharedram,
		.buffers = i->bufferram, .cached = max(*cached, 0L),
		.sreclaimable = *sreclaimable,
		.totalswap = i->totalswap, .freeswap = i->freeswap,
	};

	if (!vx_mem_virtualised(&v))
		return;
	i->totalram = v.total;
	i->freeram = v.free;
	i->sharedram = v.shared;
	i->bufferram = v.buffers;
	i->totalswap = v.totalswap;
	i->freeswap = v.freeswap;
	*cached = v.cached;
	*available = v.available;
	*sreclaimable = v.sreclaimable;
}

/**
 * __vx_sysinfo() - sysinfo(2) of a VIRT_LOAD or VIRT_MEM guest
 * @info: the answer, memory still in pages (mem_unit PAGE_SIZE)
 */
void __vx_sysinfo(struct sysinfo *info)
{
	struct vx_info *vxi = vx_task_vxi(current);
	long cached = 0, available = 0;
	unsigned long sreclaimable = 0;
	int i;

	if (vx_virt(vxi, VXF_VIRT_LOAD)) {
		for (i = 0; i < 3; i++)
			info->loads[i] = READ_ONCE(vxi->cvirt.load[i]) <<
					 (SI_LOAD_SHIFT - FSHIFT);
		info->procs = atomic_read(&vxi->ident.tasks);
	}
	__vx_meminfo(info, &cached, &available, &sreclaimable);
}

/**
 * vx_cpu_shown() - the VIRT_CPU rule
 * @flags: the reader's context flags (0 for host and spectator)
 * @allowed: the CPUs the reader may run on
 * @cpu: a CPU of /proc/stat
 *
 * Return: true when the line of @cpu is shown.
 */
bool vx_cpu_shown(u64 flags, const struct cpumask *allowed, unsigned int cpu)
{
	return !(flags & VXF_VIRT_CPU) || cpumask_test_cpu(cpu, allowed);
}

/**
 * __vx_cpu_visible() - does /proc/stat show @cpu to current?
 * @cpu: the CPU
 *
 * Return: false for a CPU outside the affinity (and so the cpuset) of a
 * task of a VIRT_CPU guest.
 */
bool __vx_cpu_visible(unsigned int cpu)
{
	struct vx_info *vxi = vx_task_vxi(current);

	return vx_cpu_shown(vxi ? READ_ONCE(vxi->ident.flags) : 0,
			    current->cpus_ptr, cpu);
}

/**
 * vx_cvirt_stat() - the answer of virt_stat
 * @vxi: the context
 * @vc: filled in
 */
void vx_cvirt_stat(struct vx_info *vxi, struct vcmd_virt_stat_v0 *vc)
{
	struct vx_cvirt *cv = &vxi->cvirt;
	int i;

	memset(vc, 0, sizeof(*vc));
	vc->offset = cv->bias_boottime;
	vc->uptime = ktime_get_boottime_ns() - cv->bias_boottime;
	vc->nr_threads = atomic_read(&vxi->ident.tasks);
	vc->nr_forks = atomic_read(&cv->total_forks);
	vx_count_tasks(vxi, &vc->nr_running, &vc->nr_uninterruptible);
	vc->nr_onhold = atomic_read(&vxi->sched.nr_onhold);
	for (i = 0; i < 3; i++)
		vc->load[i] = READ_ONCE(cv->load[i]);
}

/**
 * vx_cvirt_proc_show() - /proc/virtual/<xid>/cvirt
 * @m: the file; its private data is the context's ident
 * @v: unused
 *
 * The fields of vs2.3.
 *
 * Return: 0, or -ESRCH for a context that is shutting down.
 */
int vx_cvirt_proc_show(struct seq_file *m, void *v)
{
	struct vx_ident *ident = m->private;
	struct vx_info *vxi = vx_info_of(ident);
	struct vcmd_virt_stat_v0 vc;
	unsigned long a[3];
	u32 rem;
	u64 sec;
	int i;

	if (READ_ONCE(ident->state) & VX_IDS_SHUTDOWN)
		return -ESRCH;
	vx_cvirt_stat(vxi, &vc);
	sec = div_u64_rem(vc.offset, NSEC_PER_SEC, &rem);
	for (i = 0; i < 3; i++)
		a[i] = vc.load[i] + FIXED_1 / 200;
	seq_printf(m, "BiasUptime:\t%llu.%02u\n", sec,
		   rem / (u32)(NSEC_PER_SEC / 100));
	seq_printf(m, "nr_threads:\t%u\n", vc.nr_threads);
	seq_printf(m, "nr_running:\t%u\n", vc.nr_running);
	seq_printf(m, "nr_unintr:\t%u\n", vc.nr_uninterruptible);
	seq_printf(m, "nr_onhold:\t%u\n", vc.nr_onhold);
	seq_printf(m, "load_updates:\t%u\n", READ_ONCE(vxi->cvirt.load_updates));
	seq_printf(m, "loadavg:\t%lu.%02lu %lu.%02lu %lu.%02lu\n",
		   LOAD_INT(a[0]), LOAD_FRAC(a[0]), LOAD_INT(a[1]),
		   LOAD_FRAC(a[1]), LOAD_INT(a[2]), LOAD_FRAC(a[2]));
	seq_printf(m, "total_forks:\t%u\n", vc.nr_forks);
	return 0;
}

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/cvirt-kunit.h"
#endif
