// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: NOFILE and OPENFD, the struct files of a context, and
 * LOCKS, the file locks held through them.
 *
 * A lock (POSIX, OFD, flock or lease) is charged to the context of the
 * file it is held through (the file blob's @vxi, so never through
 * current) while it sits in its inode's lock lists: fs/locks.c calls
 * vx_lock_charge() when it links a lock in and vx_lock_uncharge() when
 * it unlinks one.  The file blob counts its charged locks too: its free
 * hook gives back whatever is left, so the charge drains to 0 even for
 * a lock unlinked while no guest existed (the hooks are off then).
 * POSIX and flock requests that would add locks are refused with ENOLCK
 * at the hard limit (vx_lock_avail()); an unlock never is, though
 * unlocking the middle of a lock splits it in two and may pass the limit
 * by one; leases are counted, not refused.
 */

#include <linux/filelock.h>
#include <linux/fs.h>
#include <linux/lsm_hooks.h>
#include <linux/vserver.h>

#include "common.h"
#include "context.h"
#include "limit.h"
#include "limitint.h"

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
	int locks;

	if (!vxi)
		return;
	vx_file(file)->vxi = NULL;
	locks = atomic_xchg(&vx_file(file)->locks, 0);
	if (locks)
		vx_limit_uncharge(&vxi->limits, VLIMIT_LOCKS, locks);
	vx_limit_uncharge(&vxi->limits, VLIMIT_NOFILE, 1);
	vx_put(vxi);
}

/* The context a lock is charged to, through its file; NULL for none. */
static struct vx_info *vx_lock_vxi(const struct file_lock_core *flc)
{
	return flc->flc_file ? vx_file(flc->flc_file)->vxi : NULL;
}

/**
 * __vx_lock_avail() - LOCKS: may a lock request add @n locks?
 * @flc: the request, under its inode's flc_lock
 * @n: the locks it would link in (a POSIX lock splitting another: 2)
 *
 * Whoever asks, the request is measured against the context of the
 * file it goes through, the one the new locks would be charged to.
 *
 * Return: false, with a hit counted, when @n more locks would pass the
 * hard limit; true otherwise and always for an unlock.
 */
bool __vx_lock_avail(const struct file_lock_core *flc, int n)
{
	struct vx_info *vxi = vx_lock_vxi(flc);
	struct vx_limits *l;

	if (!vxi || flc->flc_type == F_UNLCK)
		return true;
	l = &vxi->limits;
	return !vx_limit_over(l, VLIMIT_LOCKS,
			      atomic_long_read(&l->lim[VLIMIT_LOCKS].cur), n);
}

/**
 * __vx_lock_charge() - LOCKS: a lock was linked into its inode's lists
 * @flc: the lock, under its inode's flc_lock
 */
void __vx_lock_charge(const struct file_lock_core *flc)
{
	struct vx_info *vxi = vx_lock_vxi(flc);

	if (!vxi)
		return;
	atomic_inc(&vx_file(flc->flc_file)->locks);
	vx_limit_add(&vxi->limits, VLIMIT_LOCKS, 1);
}

/**
 * __vx_lock_uncharge() - LOCKS: a lock was unlinked from its inode's lists
 * @flc: the lock, under its inode's flc_lock
 *
 * A lock linked while the hooks were off was never charged: it may
 * take back the charge of another lock of its file, never more than the
 * file holds, so the file and the context stay in step.
 */
void __vx_lock_uncharge(const struct file_lock_core *flc)
{
	struct vx_info *vxi = vx_lock_vxi(flc);

	if (vxi && atomic_add_unless(&vx_file(flc->flc_file)->locks, -1, 0))
		vx_limit_uncharge(&vxi->limits, VLIMIT_LOCKS, 1);
}

static struct security_hook_list vx_limit_file_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(file_alloc_security, hook_file_alloc_security),
	LSM_HOOK_INIT(file_free_security, hook_file_free_security),
};

/**
 * vx_add_limit_file_hooks() - register the file hooks of the limits
 */
void __init vx_add_limit_file_hooks(void)
{
	security_add_hooks(vx_limit_file_hooks, ARRAY_SIZE(vx_limit_file_hooks),
			   &vx_lsmid);
}
