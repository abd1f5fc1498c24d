/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: the guest's own view of the machine (VIRT_UPTIME,
 * VIRT_LOAD, VIRT_MEM, VIRT_CPU) and /proc/virtual/<xid>/cvirt.
 */
#ifndef _VSERVER_CVIRT_H
#define _VSERVER_CVIRT_H

#include <linux/sched.h>
#include <linux/time_namespace.h>
#include <linux/timekeeping.h>
#include <linux/types.h>

struct cpumask;
struct seq_file;
struct vx_ident;
struct vx_info;
struct vcmd_virt_stat_v0;

/**
 * struct vx_cvirt - per-context state of the virtualised views
 * @bias_boottime: host CLOCK_BOOTTIME when the context's creator
 *	started, in ns: the origin of the context's clocks
 * @bias_monotonic: host CLOCK_MONOTONIC at the same instant, in ns
 * @timens: the time namespace whose clocks start at @bias_boottime and
 *	@bias_monotonic, made the first time a task enters the context
 *	with VIRT_UPTIME set; NULL before (set once, by cmpxchg)
 * @load: 1, 5 and 15 minute load averages (FSHIFT fixed point), folded
 *	every LOAD_FREQ while some context has VIRT_LOAD
 * @sample: active tasks counted by the running load walk
 * @load_updates: number of folds into @load
 * @total_forks: tasks forked by the context's tasks (task_alloc; a fork
 *	that fails later in copy_process() counts too)
 */
struct vx_cvirt {
	u64 bias_boottime;
	u64 bias_monotonic;
	struct time_namespace *timens;
	unsigned long load[3];
	unsigned int sample;
	unsigned int load_updates;
	atomic_t total_forks;
};

/**
 * struct vx_mem_view - the memory figures meminfo and sysinfo() show,
 *	in pages
 * @total: MemTotal, totalram
 * @free: MemFree, freeram
 * @available: MemAvailable
 * @shared: sharedram (Shmem stays host-wide in /proc/meminfo)
 * @buffers: Buffers, bufferram
 * @cached: Cached
 * @sreclaimable: SReclaimable (free(1) counts it as cache)
 * @totalswap: SwapTotal, totalswap
 * @freeswap: SwapFree, freeswap
 */
struct vx_mem_view {
	unsigned long total;
	unsigned long free;
	unsigned long available;
	unsigned long shared;
	unsigned long buffers;
	unsigned long cached;
	unsigned long sreclaimable;
	unsigned long totalswap;
	unsigned long freeswap;
};

/**
 * struct vx_mem_use - the bound and use of a memory cgroup, in pages
 * @limit: the lowest memory.max of the group and its ancestors
 * @usage: memory.current
 * @file: file pages (page cache, shmem included)
 * @shmem: shmem pages
 * @sreclaimable: reclaimable slab
 * @swap_limit: the lowest memory.swap.max
 * @swap_usage: memory.swap.current
 */
struct vx_mem_use {
	unsigned long limit;
	unsigned long usage;
	unsigned long file;
	unsigned long shmem;
	unsigned long sreclaimable;
	unsigned long swap_limit;
	unsigned long swap_usage;
};

int vx_cvirt_enter(struct vx_info *vxi);
int vx_cvirt_may_enter(u64 flags);
int vx_cvirt_flags_set(struct vx_info *vxi, u64 old);
void vx_cvirt_stat(struct vx_info *vxi, struct vcmd_virt_stat_v0 *vc);
int vx_cvirt_proc_show(struct seq_file *m, void *v);

/* The pure rules (KUnit). */
void vx_load_fold(unsigned long load[3], unsigned int active);
bool vx_task_state_active(unsigned int state);
void vx_timens_offsets(struct timens_offsets *o, u64 boot_ns, u64 mono_ns);
void vx_mem_bound(struct vx_mem_view *v, const struct vx_mem_use *u);
bool vx_cpu_shown(u64 flags, const struct cpumask *allowed, unsigned int cpu);

/**
 * vx_cvirt_init() - a new context: its clocks start with its creator
 * @cv: the context's state
 *
 * Called by the task that creates the context.  The clocks of the
 * context start when that task started, not at the creation itself: the
 * creator (vcontext, chcontext, a forked child) usually becomes the
 * guest's first process, and a process that started before its time
 * namespace's clocks shows a start time before 0, which user space reads
 * as a huge number (/proc/<pid>/stat, ps).
 */
static inline void vx_cvirt_init(struct vx_cvirt *cv)
{
	cv->bias_monotonic = current->start_time;
	/*
	 * Not start_boottime, sampled a little after start_time: with the
	 * boot offset of now, CLOCK_BOOTTIME - CLOCK_MONOTONIC inside is the
	 * time suspended since, never below 0.
	 */
	cv->bias_boottime = ktime_to_ns(ktime_mono_to_any(ns_to_ktime(cv->bias_monotonic),
							  TK_OFFS_BOOT));
}

/**
 * vx_cvirt_release() - a dead context lets go of its time namespace
 * @cv: the context's state
 *
 * Its tasks keep their own references to the namespace.
 */
static inline void vx_cvirt_release(struct vx_cvirt *cv)
{
	if (cv->timens)
		put_time_ns(cv->timens);
	cv->timens = NULL;
}

#endif /* _VSERVER_CVIRT_H */
