// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: per-context resource limits.
 *
 * Every limit of a context has a soft and a hard limit, what is charged
 * now, the lowest and highest charge seen and the number of refused
 * allocations ("hits"), as in vs2.3.  An allocation is refused only when
 * it would take the charge above the hard limit; the soft limit never
 * blocks.
 *
 * What is counted, and where (all through LSM hooks):
 *
 * - NPROC: the tasks of the context (the id-space core counts them:
 *   task_alloc joins, do_exit leaves, zombies do not count); task_alloc
 *   refuses a fork at the hard limit with EAGAIN.
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
 * - AS, RSS, ANON, MAPPED, MEMLOCK: summed over the distinct mms of the
 *   context's tasks when read, enforced by nothing here (the memory
 *   cgroup does that, see docs/limits.md); DENTRY is accepted and 0.
 *
 * A charged object keeps a reference on the context and is uncharged
 * through it when it dies, never through current: a file passed to the
 * host, a socket still closing or a semaphore set outliving the guest
 * give their charge back when they go.
 */

#include <linux/bitmap.h>
#include <linux/fdtable.h>
#include <linux/ipc.h>
#include <linux/lsm_hooks.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/security.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/vserver.h>
#include <net/sock.h>

#include "common.h"
#include "context.h"
#include "limit.h"

/* Limits whose value is computed when it is read, not charged. */
#define VLIMIT_MASK_WALKED	((1U << VLIMIT_OPENFD) | (1U << VLIMIT_AS) | \
				 (1U << VLIMIT_RSS) | (1U << VLIMIT_ANON) | \
				 (1U << VLIMIT_MAPPED) | (1U << VLIMIT_MEMLOCK))

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

/* Move the watermarks to @v if it lies outside them (racy on purpose). */
static void vx_limit_watermark(struct vx_limit *lim, long v)
{
	if (v > READ_ONCE(lim->rmax))
		WRITE_ONCE(lim->rmax, v);
	if (v < READ_ONCE(lim->rmin))
		WRITE_ONCE(lim->rmin, v);
}

/* Would @cur + @n pass the hard limit of @id?  Counts the hit if so. */
static bool vx_limit_over(struct vx_limits *l, u32 id, long cur, long n)
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

/* Charge without a check: what cannot be refused (accepted connections). */
static void vx_limit_add(struct vx_limits *l, u32 id, long n)
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
 * The watermarks see @cur, and @cur + @n when it is allowed.
 *
 * Return: true if @cur + @n stays within the hard limit; false, with a
 * hit counted, otherwise.
 */
bool vx_limit_avail(struct vx_limits *l, u32 id, long cur, long n)
{
	vx_limit_watermark(&l->lim[id], cur);
	if (vx_limit_over(l, id, cur, n))
		return false;
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

/* The rows of /proc/virtual/<xid>/limit, in vs2.3's order. */
static const struct {
	const char *name;
	u32 id;
} vx_limit_rows[] = {
	{ "PROC", VLIMIT_NPROC },
	{ "VM", VLIMIT_AS },
	{ "VML", VLIMIT_MEMLOCK },
	{ "RSS", VLIMIT_RSS },
	{ "ANON", VLIMIT_ANON },
	{ "RMAP", VLIMIT_MAPPED },
	{ "FILES", VLIMIT_NOFILE },
	{ "OFD", VLIMIT_OPENFD },
	{ "LOCKS", VLIMIT_LOCKS },
	{ "SOCK", VLIMIT_NSOCK },
	{ "MSGQ", VLIMIT_MSGQUEUE },
	{ "SHM", VLIMIT_SHMEM },
	{ "SEMA", VLIMIT_SEMARY },
	{ "SEMS", VLIMIT_NSEMS },
	{ "DENT", VLIMIT_DENTRY },
};

/**
 * vx_limit_proc_show() - /proc/virtual/<xid>/limit
 * @m: the seq_file; its private data is the context's struct vx_ident
 * @v: unused
 *
 * vs2.3's format: a header, then per limit the value, the watermarks,
 * soft and hard limits (-1 for none) and the hits.
 *
 * Return: 0, or -ESRCH once the context is shut down.
 */
int vx_limit_proc_show(struct seq_file *m, void *v)
{
	struct vx_ident *ident = m->private;
	struct vx_info *vxi = vx_info_of(ident);
	long now[NUM_LIMITS];
	int i;

	if (READ_ONCE(ident->state) & VX_IDS_SHUTDOWN)
		return -ESRCH;
	vx_limit_values(vxi, now);
	seq_puts(m, "Limit\t current\t     min/max\t\t    soft/hard\t\thits\n");
	for (i = 0; i < ARRAY_SIZE(vx_limit_rows); i++) {
		struct vx_limit *lim = &vxi->limits.lim[vx_limit_rows[i].id];

		seq_printf(m, "%s:\t%8ld\t%8ld/%8ld\t%8lld/%8lld\t%6d\n",
			   vx_limit_rows[i].name, now[vx_limit_rows[i].id],
			   READ_ONCE(lim->rmin), READ_ONCE(lim->rmax),
			   (long long)READ_ONCE(lim->soft),
			   (long long)READ_ONCE(lim->hard),
			   atomic_read(&lim->hits));
	}
	return 0;
}

static __always_inline bool vx_limit_idle(void)
{
	return !static_branch_unlikely(&vx_guests_active.key);
}

/* The context current's allocations are charged to, NULL for none. */
static struct vx_info *vx_limit_current(void)
{
	if (vx_limit_idle() || !in_task())
		return NULL;
	return vx_task_vxi(current);
}

/**
 * vx_limit_task_alloc() - NPROC: may current fork? (task_alloc)
 *
 * Return: 0, or -EAGAIN when a task more would pass the context's hard
 * limit.
 */
int vx_limit_task_alloc(void)
{
	struct vx_info *vxi = vx_limit_current();

	if (!vxi || vx_limit_avail(&vxi->limits, VLIMIT_NPROC,
				   atomic_read(&vxi->ident.tasks), 1))
		return 0;
	return -EAGAIN;
}

/**
 * vx_limit_socket_create() - NSOCK: may current create a socket?
 * @kern: a socket the kernel makes for itself (never refused)
 *
 * Return: 0, or -ENOBUFS when one socket more would pass the hard limit.
 */
int vx_limit_socket_create(int kern)
{
	struct vx_info *vxi = vx_limit_current();
	struct vx_limits *l;

	if (!vxi || kern)
		return 0;
	l = &vxi->limits;
	if (vx_limit_over(l, VLIMIT_NSOCK,
			  atomic_long_read(&l->lim[VLIMIT_NSOCK].cur), 1))
		return -ENOBUFS;
	return 0;
}

/* @sk is charged to @vxi (or to nobody), which it references. */
static void vx_limit_sk_charge(struct sock *sk, struct vx_info *vxi)
{
	if (vxi) {
		refcount_inc(&vxi->ident.usecnt);
		vx_limit_add(&vxi->limits, VLIMIT_NSOCK, 1);
	}
	nx_sock(sk)->vxi = vxi;
}

/**
 * vx_limit_sk_alloc() - NSOCK: charge a socket allocated in task context
 * @sk: the new socket (its blob zeroed)
 *
 * socket() was checked against the limit already (socket_create); what
 * the kernel allocates in a guest task is counted without a check.
 */
void vx_limit_sk_alloc(struct sock *sk)
{
	vx_limit_sk_charge(sk, vx_limit_current());
}

/**
 * vx_limit_sk_free() - NSOCK: a socket dies, its context gets it back
 * @sk: the socket
 *
 * May run in softirq or from an RCU callback: the charge is found in
 * the socket, never through current.
 */
void vx_limit_sk_free(struct sock *sk)
{
	struct vx_info *vxi = nx_sock(sk)->vxi;

	if (!vxi)
		return;
	nx_sock(sk)->vxi = NULL;
	vx_limit_uncharge(&vxi->limits, VLIMIT_NSOCK, 1);
	vx_put(vxi);
}

/**
 * vx_limit_sk_clone() - NSOCK: an accepted connection counts for the
 *	listener's context
 * @sk: the listener
 * @newsk: the new socket, charged to current if it was allocated in
 *	task context (the listener's backlog run by its owner)
 *
 * Usually called in softirq, where current is whatever task the
 * interrupt hit: the charge goes to the listener's context, and cannot
 * be refused there.
 */
void vx_limit_sk_clone(const struct sock *sk, struct sock *newsk)
{
	struct vx_info *vxi = NULL;

	if (sk->sk_security)
		vxi = READ_ONCE(nx_sock(sk)->vxi);
	vx_limit_sk_free(newsk);
	vx_limit_sk_charge(newsk, vxi);
}

/**
 * vx_limit_sem_alloc() - SEMARY: charge a new semaphore set
 * @perm: the set's permission object (its ipc blob zeroed)
 *
 * Return: 0, or -ENOSPC when one set more would pass the hard limit.
 */
int vx_limit_sem_alloc(struct kern_ipc_perm *perm)
{
	struct vx_info *vxi = vx_limit_current();

	if (!vxi)
		return 0;
	if (!vx_limit_charge(&vxi->limits, VLIMIT_SEMARY, 1))
		return -ENOSPC;
	refcount_inc(&vxi->ident.usecnt);
	vx_ipc(perm)->vxi = vxi;
	return 0;
}

/*
 * Charge @n of limit @id to current's context in the blob of @perm, an
 * object whose blob was just made; at the limit @undo (security_*_free)
 * frees the blob, as the caller's error path expects.
 */
static int vx_ipc_charge(struct kern_ipc_perm *perm, u32 id, long n,
			 void (*undo)(struct kern_ipc_perm *perm))
{
	struct vx_info *vxi = vx_limit_current();
	struct vx_ipc *b = vx_ipc(perm);

	if (!vxi)
		return 0;
	if (!vx_limit_charge(&vxi->limits, id, n)) {
		undo(perm);
		return -ENOSPC;
	}
	if (!b->vxi) {
		refcount_inc(&vxi->ident.usecnt);
		b->vxi = vxi;
	}
	b->charge = n;
	return 0;
}

/**
 * __vx_shm_alloc() - SHMEM: charge a new shm segment (ipc/shm.c newseg())
 * @perm: the segment, its blob just made
 * @pages: its size in pages
 *
 * Return: 0, or -ENOSPC at the hard limit (the blob freed).
 */
int __vx_shm_alloc(struct kern_ipc_perm *perm, unsigned long pages)
{
	return vx_ipc_charge(perm, VLIMIT_SHMEM, pages, security_shm_free);
}

/**
 * __vx_sem_alloc() - NSEMS: charge the semaphores of a new set (ipc/sem.c
 *	newary())
 * @perm: the set, its blob just made (and charged for SEMARY)
 * @nsems: its number of semaphores
 *
 * Return: 0, or -ENOSPC at the hard limit (the blob freed).
 */
int __vx_sem_alloc(struct kern_ipc_perm *perm, int nsems)
{
	return vx_ipc_charge(perm, VLIMIT_NSEMS, nsems, security_sem_free);
}

/* Called from an RCU callback when the set is freed. */
static void hook_sem_free_security(struct kern_ipc_perm *perm)
{
	struct vx_ipc *b = vx_ipc(perm);
	struct vx_info *vxi = b->vxi;

	if (!vxi)
		return;
	b->vxi = NULL;
	vx_limit_uncharge(&vxi->limits, VLIMIT_SEMARY, 1);
	vx_limit_uncharge(&vxi->limits, VLIMIT_NSEMS, b->charge);
	vx_put(vxi);
}

/* Called from an RCU callback when the segment is freed. */
static void hook_shm_free_security(struct kern_ipc_perm *perm)
{
	struct vx_ipc *b = vx_ipc(perm);
	struct vx_info *vxi = b->vxi;

	if (!vxi)
		return;
	b->vxi = NULL;
	vx_limit_uncharge(&vxi->limits, VLIMIT_SHMEM, b->charge);
	vx_put(vxi);
}

/*
 * NOFILE and OPENFD: a struct file made by a guest task is charged to
 * its context; OPENFD bounds the same count a second time.
 */
static int hook_file_alloc_security(struct file *file)
{
	struct vx_info *vxi = vx_limit_current();
	struct vx_limits *l;

	if (!vxi)
		return 0;
	l = &vxi->limits;
	if (vx_limit_over(l, VLIMIT_OPENFD,
			  atomic_long_read(&l->lim[VLIMIT_NOFILE].cur), 1) ||
	    !vx_limit_charge(l, VLIMIT_NOFILE, 1))
		return -EMFILE;
	refcount_inc(&vxi->ident.usecnt);
	vx_file(file)->vxi = vxi;
	return 0;
}

/* From __fput(): a task_work, a workqueue, any task; never current's. */
static void hook_file_free_security(struct file *file)
{
	struct vx_info *vxi = vx_file(file)->vxi;

	if (!vxi)
		return;
	vx_file(file)->vxi = NULL;
	vx_limit_uncharge(&vxi->limits, VLIMIT_NOFILE, 1);
	vx_put(vxi);
}

static struct security_hook_list vx_limit_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(file_alloc_security, hook_file_alloc_security),
	LSM_HOOK_INIT(file_free_security, hook_file_free_security),
	LSM_HOOK_INIT(sem_free_security, hook_sem_free_security),
	LSM_HOOK_INIT(shm_free_security, hook_shm_free_security),
};

/**
 * vx_add_limit_hooks() - register the limit hooks
 *
 * task_alloc, socket_create, sk_alloc_security, sk_free_security,
 * sk_clone_security and sem_alloc_security are registered by task.c,
 * inet.c and ipc.c, which call the vx_limit_*() functions above.
 */
void __init vx_add_limit_hooks(void)
{
	security_add_hooks(vx_limit_hooks, ARRAY_SIZE(vx_limit_hooks),
			   &vx_lsmid);
}

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/limit-kunit.h"
#endif
