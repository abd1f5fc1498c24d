// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: per-context resource limits, the arithmetic.
 *
 * Every limit of a context has a soft and a hard limit, what is charged
 * now, the lowest and highest charge seen and the number of refused
 * allocations ("hits"), as in vs2.3.  An allocation is refused only when
 * it would take the charge above the hard limit; the soft limit never
 * blocks.
 *
 * What is counted, and where (through LSM hooks, and four core hooks
 * where none exists):
 *
 * - NPROC: the tasks of the context (the id-space core counts them:
 *   task_alloc joins, do_exit leaves, zombies do not count); task_alloc
 *   refuses a fork at the hard limit with EAGAIN and counts the others
 *   in the context's total_forks.
 * - NOFILE: struct files opened by the context's tasks (file blob,
 *   file_alloc_security/file_free_security); EMFILE at the hard limit.
 * - OPENFD: the same charge bounded a second time (a hit on OPENFD when
 *   it refuses); reported as the descriptors of the context's fd tables.
 * - NSOCK: sockets allocated by the context's tasks (sk_alloc_security in
 *   task context only) and connections accepted by its listeners
 *   (sk_clone_security, in softirq: charged to the listener's context,
 *   never to the interrupted task); socket() refuses with ENOBUFS.
 * - SEMARY: SysV semaphore sets (ipc blob); semget() ENOSPC.
 * - NSEMS, SHMEM: the semaphores of those sets and the pages of shm
 *   segments, charged by two core hooks once the sizes are known
 *   (ipc/sem.c, ipc/shm.c); semget() and shmget() ENOSPC.
 * - LOCKS: file locks while they sit in their inode's lock lists,
 *   charged to the context of the file they are held through (core
 *   hooks in fs/locks.c); ENOLCK for a lock or flock request at the
 *   hard limit, never for an unlock.
 * - MSGQUEUE: the bytes of POSIX message queues, as RLIMIT_MSGQUEUE
 *   counts them (a core hook in ipc/mqueue.c); mq_open() EMFILE.
 * - AS, RSS, ANON, MAPPED, MEMLOCK: summed over the distinct mms of the
 *   context's tasks when read, enforced by nothing here (the memory
 *   cgroup does that, see docs/limits.md); DENTRY is accepted and 0.
 *
 * The charges live in limitfile.c (NOFILE, OPENFD, LOCKS), limitsock.c
 * (NSOCK) and limitipc.c (SEMARY, NSEMS, SHMEM, MSGQUEUE); the walked
 * values in limitmem.c, /proc/virtual/<xid>/limit in limitproc.c.
 *
 * A charged object keeps a reference on the context and is uncharged
 * through it when it dies, never through current: a file passed to the
 * host, a socket still closing or a semaphore set outliving the guest
 * give their charge back when they go.
 */

#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/sched.h>

#include "common.h"
#include "context.h"
#include "limit.h"
#include "limitint.h"

/**
 * vx_limit_valid() - may get_rlimit and set_rlimit name this limit?
 * @id: a limit id from user space
 *
 * Return: true for the limits of the vs2.3 mask and for SEMARY, NSEMS,
 * RSS and AS (stored and reported, an extension of vs2.3).
 */
bool vx_limit_valid(u32 id)
{
	return id < NUM_LIMITS &&
	       ((VLIMIT_MASK_VS23 | VLIMIT_MASK_EXTRA) & BIT(id));
}

/**
 * vx_limit_accounted() - does rlimit_stat report this limit?
 * @id: a limit id from user space
 *
 * Return: true for the limits with a row in /proc/virtual/<xid>/limit.
 */
bool vx_limit_accounted(u32 id)
{
	return id < NUM_LIMITS && (VLIMIT_MASK_ACCOUNTED & BIT(id));
}

/**
 * vx_limit_set() - set_rlimit: new soft and hard limits
 * @l: the limits
 * @id: a valid limit id
 * @soft: the soft limit, CRLIM_KEEP to leave it
 * @hard: the hard limit, CRLIM_KEEP to leave it
 *
 * CRLIM_INFINITY is no limit.  The soft limit is then lowered to the
 * hard one if it is above it.  The caller serialises setters.
 */
void vx_limit_set(struct vx_limits *l, u32 id, u64 soft, u64 hard)
{
	struct vx_limit *lim = &l->lim[id];
	unsigned long s = lim->soft, h = lim->hard;

	if (hard != CRLIM_KEEP)
		h = hard == CRLIM_INFINITY ? RLIM_INFINITY : (unsigned long)hard;
	if (soft != CRLIM_KEEP)
		s = soft == CRLIM_INFINITY ? RLIM_INFINITY : (unsigned long)soft;
	if (s > h)
		s = h;
	WRITE_ONCE(lim->hard, h);
	WRITE_ONCE(lim->soft, s);
}

/**
 * vx_limit_get() - get_rlimit: the soft and hard limits
 * @l: the limits
 * @id: a valid limit id
 * @soft: the soft limit (CRLIM_INFINITY for none)
 * @hard: the hard limit (likewise)
 */
void vx_limit_get(struct vx_limits *l, u32 id, u64 *soft, u64 *hard)
{
	unsigned long s = READ_ONCE(l->lim[id].soft);
	unsigned long h = READ_ONCE(l->lim[id].hard);

	*soft = s == RLIM_INFINITY ? CRLIM_INFINITY : s;
	*hard = h == RLIM_INFINITY ? CRLIM_INFINITY : h;
}

/**
 * vx_limit_over() - would @cur + @n pass the hard limit of @id?
 * @l: the limits
 * @id: the limit
 * @cur: its charge now
 * @n: the growth asked for
 *
 * Return: true, with a hit counted, if it would.
 */
bool vx_limit_over(struct vx_limits *l, u32 id, long cur, long n)
{
	struct vx_limit *lim = &l->lim[id];

	if ((unsigned long)(cur + n) <= READ_ONCE(lim->hard))
		return false;
	atomic_inc(&lim->hits);
	return true;
}

/**
 * vx_limit_charge() - charge @n units of a counted limit
 * @l: the limits
 * @id: the limit
 * @n: how many
 *
 * Return: true when charged; false, with a hit counted and nothing
 * charged, when the charge would pass the hard limit.
 */
bool vx_limit_charge(struct vx_limits *l, u32 id, long n)
{
	struct vx_limit *lim = &l->lim[id];
	long v = atomic_long_add_return(n, &lim->cur);

	if ((unsigned long)v > READ_ONCE(lim->hard)) {
		atomic_long_sub(n, &lim->cur);
		atomic_inc(&lim->hits);
		return false;
	}
	vx_limit_watermark(lim, v);
	return true;
}

/**
 * vx_limit_add() - charge without a check
 * @l: the limits
 * @id: the limit
 * @n: how many
 *
 * For what cannot be refused (accepted connections, a split lock).
 */
void vx_limit_add(struct vx_limits *l, u32 id, long n)
{
	struct vx_limit *lim = &l->lim[id];

	vx_limit_watermark(lim, atomic_long_add_return(n, &lim->cur));
}

/**
 * vx_limit_uncharge() - give @n units of a counted limit back
 * @l: the limits
 * @id: the limit
 * @n: how many
 */
void vx_limit_uncharge(struct vx_limits *l, u32 id, long n)
{
	long v = atomic_long_sub_return(n, &l->lim[id].cur);

	WARN_ON_ONCE(v < 0);
	vx_limit_watermark(&l->lim[id], v);
}

/**
 * vx_limit_avail() - may a limit counted elsewhere grow by @n?
 * @l: the limits
 * @id: the limit
 * @cur: its value now
 * @n: the growth asked for
 *
 * The watermarks see @cur and @cur + @n only when the growth is allowed:
 * a refused @cur may hold other growth that is refused too (NPROC counts
 * a new task before this check), which never stood.
 *
 * Return: true if @cur + @n stays within the hard limit; false, with a
 * hit counted, otherwise.
 */
bool vx_limit_avail(struct vx_limits *l, u32 id, long cur, long n)
{
	if (vx_limit_over(l, id, cur, n))
		return false;
	vx_limit_watermark(&l->lim[id], cur);
	vx_limit_watermark(&l->lim[id], cur + n);
	return true;
}

/**
 * vx_limit_reset_hits() - reset_hits: every hit counter back to 0
 * @l: the limits
 */
void vx_limit_reset_hits(struct vx_limits *l)
{
	int i;

	for (i = 0; i < NUM_LIMITS; i++)
		atomic_set(&l->lim[i].hits, 0);
}

/**
 * vx_limit_reset_minmax() - reset_minmax: both watermarks to the value now
 * @l: the limits
 * @now: the value of each limit (vx_limit_values())
 */
void vx_limit_reset_minmax(struct vx_limits *l, const long *now)
{
	int i;

	for (i = 0; i < NUM_LIMITS; i++) {
		WRITE_ONCE(l->lim[i].rmin, now[i]);
		WRITE_ONCE(l->lim[i].rmax, now[i]);
	}
}

/**
 * vx_limit_task_alloc() - NPROC: may current's new task stay? (task_alloc)
 * @tasks: the tasks of current's context with the new one, which the
 *	id-space core has just counted (vx_task_inherit())
 *
 * Checking the count with the new task in it, rather than before
 * counting it, keeps racing forks from both taking the last slot.  A
 * fork allowed counts in the context's total_forks (cvirt, virt_stat).
 *
 * Return: 0, or -EAGAIN when the new task passes the context's hard
 * limit (the failed task_alloc makes security_task_free() uncount it).
 */
int vx_limit_task_alloc(int tasks)
{
	struct vx_info *vxi = vx_limit_current();

	if (!vxi)
		return 0;
	if (!vx_limit_avail(&vxi->limits, VLIMIT_NPROC, tasks - 1, 1))
		return -EAGAIN;
	atomic_inc(&vxi->cvirt.total_forks);
	return 0;
}

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/limit-kunit.h"
#endif
