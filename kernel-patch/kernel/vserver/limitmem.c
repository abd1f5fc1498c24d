// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: the limits whose value is summed when it is read: the
 * memory rows (AS, RSS, ANON, MAPPED, MEMLOCK, in pages) over the
 * distinct mms of a context's processes and OPENFD over their distinct
 * fd tables; vx_limit_values() gives every limit's value now.
 */

#include <linux/bitmap.h>
#include <linux/fdtable.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>

#include "common.h"
#include "context.h"
#include "limit.h"
#include "limitint.h"

/* Limits whose value is computed when it is read, not charged. */
#define VLIMIT_MASK_WALKED	((1U << VLIMIT_OPENFD) | (1U << VLIMIT_AS) | \
				 (1U << VLIMIT_RSS) | (1U << VLIMIT_ANON) | \
				 (1U << VLIMIT_MAPPED) | (1U << VLIMIT_MEMLOCK))

/*
 * The distinct mms and fd tables met in a walk: the threads of a process
 * (and vfork children) share them.  Past @max entries every object counts.
 */
struct vx_seen {
	const void **p;
	int n;
	int max;
};

static bool vx_seen_first(struct vx_seen *s, const void *p)
{
	int i;

	if (!p)
		return false;
	for (i = 0; i < s->n; i++)
		if (s->p[i] == p)
			return false;
	if (s->n < s->max)
		s->p[s->n++] = p;
	return true;
}

/* Add the memory rows of @mm, held by a task whose task_lock we hold. */
static void vx_limit_add_mm(long *now, struct mm_struct *mm)
{
	long file = get_mm_counter(mm, MM_FILEPAGES) +
		    get_mm_counter(mm, MM_SHMEMPAGES);

	now[VLIMIT_AS] += mm->total_vm;
	now[VLIMIT_RSS] += get_mm_rss(mm);
	now[VLIMIT_ANON] += get_mm_counter(mm, MM_ANONPAGES);
	now[VLIMIT_MAPPED] += file;
	now[VLIMIT_MEMLOCK] += mm->locked_vm;
}

/* Open descriptors of @files; its fdtable is read under RCU. */
static long vx_files_open(struct files_struct *files)
{
	struct fdtable *fdt = files_fdtable(files);

	return bitmap_weight(fdt->open_fds, fdt->max_fds);
}

/* Sum the walked rows over the processes of @vxi. */
static void vx_limit_walk(struct vx_info *vxi, long *now)
{
	int max = atomic_read(&vxi->ident.tasks) + 8;
	const void **buf = kmalloc_array(2 * max, sizeof(*buf), GFP_KERNEL);
	struct vx_seen mms = { buf, 0, buf ? max : 0 };
	struct vx_seen fds = { buf ? buf + max : NULL, 0, buf ? max : 0 };
	struct task_struct *p;

	rcu_read_lock();
	for_each_process(p) {
		if (vx_task_vxi(p) != vxi)
			continue;
		/* task_lock keeps ->mm and ->files (exit clears them under it). */
		task_lock(p);
		if (vx_seen_first(&mms, p->mm))
			vx_limit_add_mm(now, p->mm);
		if (vx_seen_first(&fds, p->files))
			now[VLIMIT_OPENFD] += vx_files_open(p->files);
		task_unlock(p);
	}
	rcu_read_unlock();
	kfree(buf);
}

/**
 * vx_limit_values() - the value of every limit of a context now
 * @vxi: the context
 * @now: NUM_LIMITS values, filled in
 *
 * Counted limits are read, NPROC is the task count, the walked ones
 * (OPENFD and the memory rows, in pages) are summed over the context's
 * processes and move their watermarks; DENTRY is 0.
 */
void vx_limit_values(struct vx_info *vxi, long *now)
{
	struct vx_limits *l = &vxi->limits;
	int i;

	for (i = 0; i < NUM_LIMITS; i++)
		now[i] = (VLIMIT_MASK_WALKED & BIT(i)) ? 0 :
			 atomic_long_read(&l->lim[i].cur);
	now[VLIMIT_NPROC] = atomic_read(&vxi->ident.tasks);
	vx_limit_walk(vxi, now);
	for (i = 0; i < NUM_LIMITS; i++)
		if (VLIMIT_MASK_WALKED & BIT(i))
			vx_limit_watermark(&l->lim[i], now[i]);
}

