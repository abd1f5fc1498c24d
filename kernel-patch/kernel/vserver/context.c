// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: context table, lifetime and task membership.
 *
 * A context is hashed by xid while it is alive.  The hash holds one
 * reference, every member task one more.  When the last task leaves (and
 * the context is not PERSISTENT) the context is shut down: it leaves the
 * hash, its /proc directory goes away and wait_exit() callers wake up.
 */

#define pr_fmt(fmt) "vserver: " fmt

#include <linux/hashtable.h>
#include <linux/jump_label.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/vserver.h>

#include "context.h"
#include "network.h"

DEFINE_STATIC_KEY_DEFERRED_FALSE(vx_guests_active, HZ);

static DEFINE_HASHTABLE(vx_hash, 4);
static DEFINE_SPINLOCK(vx_hash_lock);
static atomic_t vx_allocated = ATOMIC_INIT(0);
static atomic_t vx_hashed = ATOMIC_INIT(0);

/**
 * vx_mask_merge() - apply the vserver mask-merge rule
 * @old: current value
 * @value: requested value
 * @mask: bits of @value to take
 *
 * Return: (@old & ~@mask) | (@value & @mask).
 */
u64 vx_mask_merge(u64 old, u64 value, u64 mask)
{
	return (old & ~mask) | (value & mask);
}

/**
 * vx_cflags_effective_mask() - restrict a set_cflags mask by the one-time rule
 * @mask: mask requested by the caller
 * @current_flags: flags the context has now
 *
 * A one-time bit (STATE_SETUP, STATE_INIT, STATE_ADMIN) may only change
 * while it is set, so once cleared it can never come back.
 *
 * Return: the mask that may be applied.
 */
u64 vx_cflags_effective_mask(u64 mask, u64 current_flags)
{
	return (mask & ~VXF_ONE_TIME) | (mask & current_flags & VXF_ONE_TIME);
}

static struct vx_info *__vx_find(u32 xid)
{
	struct vx_info *vxi;

	hash_for_each_possible(vx_hash, vxi, hlist, xid)
		if (vxi->xid == xid)
			return vxi;
	return NULL;
}

/**
 * vx_lookup() - find a live context and take a reference
 * @xid: guest context id
 *
 * Return: the context, or NULL if no such context is hashed.
 */
struct vx_info *vx_lookup(u32 xid)
{
	struct vx_info *vxi;

	spin_lock(&vx_hash_lock);
	vxi = __vx_find(xid);
	if (vxi)
		refcount_inc(&vxi->usecnt);
	spin_unlock(&vx_hash_lock);
	return vxi;
}

/**
 * vx_put() - drop a reference; the last one frees the context
 * @vxi: the context (may be NULL)
 *
 * May be called from any context, including RCU callbacks.
 */
void vx_put(struct vx_info *vxi)
{
	if (vxi && refcount_dec_and_test(&vxi->usecnt)) {
		atomic_dec(&vx_allocated);
		kfree_rcu(vxi, rcu);
	}
}

/* Take a dead context out of the hash; process context only. */
static void vx_unhash(struct vx_info *vxi)
{
	spin_lock(&vx_hash_lock);
	hash_del(&vxi->hlist);
	spin_unlock(&vx_hash_lock);
	atomic_dec(&vx_hashed);
	wake_up_all(&vxi->exit_wq);
	vx_proc_remove(vxi);
	static_branch_slow_dec_deferred(&vx_guests_active);
	vx_put(vxi);
}

/* Mark @vxi shut down if it has no reason to live; true if it was. */
static bool vx_try_shutdown(struct vx_info *vxi)
{
	bool dead;

	spin_lock(&vxi->lock);
	dead = !atomic_read(&vxi->tasks) && !(vxi->flags & VXF_PERSISTENT) &&
	       !(vxi->state & VXS_SHUTDOWN);
	if (dead) {
		vxi->state |= VXS_SHUTDOWN;
		vxi->state &= ~VXS_HASHED;
	}
	spin_unlock(&vxi->lock);
	return dead;
}

static void vx_task_leave(struct vx_info *vxi)
{
	if (atomic_dec_and_test(&vxi->tasks) && vx_try_shutdown(vxi))
		vx_unhash(vxi);
}

/**
 * vx_create() - allocate and hash a new context
 * @xid: guest id, 2..65535
 * @flags: initial VXF_* flags
 *
 * Return: the context with a reference for the caller, or ERR_PTR:
 * -EEXIST if @xid is in use, -EBUSY if it is in use and still in setup,
 * -ENOMEM.
 */
struct vx_info *vx_create(u32 xid, u64 flags)
{
	struct vx_info *vxi, *old;
	int err;

	vxi = kzalloc(sizeof(*vxi), GFP_KERNEL);
	if (!vxi)
		return ERR_PTR(-ENOMEM);
	vxi->xid = xid;
	vxi->flags = flags;
	vxi->bcaps = VX_BCAPS_FULL;
	vxi->state = VXS_HASHED;
	refcount_set(&vxi->usecnt, 2);
	spin_lock_init(&vxi->lock);
	init_waitqueue_head(&vxi->exit_wq);

	spin_lock(&vx_hash_lock);
	old = __vx_find(xid);
	if (old) {
		err = (READ_ONCE(old->flags) & VXF_STATE_SETUP) ? -EBUSY : -EEXIST;
		spin_unlock(&vx_hash_lock);
		kfree(vxi);
		return ERR_PTR(err);
	}
	hash_add(vx_hash, &vxi->hlist, xid);
	spin_unlock(&vx_hash_lock);
	atomic_inc(&vx_allocated);
	atomic_inc(&vx_hashed);
	static_branch_inc(&vx_guests_active.key);
	if (vx_proc_create(vxi))
		pr_warn("no /proc/virtual entry for xid %u\n", xid);
	return vxi;
}

/**
 * vx_task_attach() - make @p a member of @vxi
 * @p: a task that is being created or is current
 * @vxi: the context, NULL for host or spectator
 * @xid: the xid to record
 */
void vx_task_attach(struct task_struct *p, struct vx_info *vxi, u32 xid)
{
	struct vx_task *t = vx_task(p);

	if (vxi) {
		refcount_inc(&vxi->usecnt);
		atomic_inc(&vxi->tasks);
	}
	WRITE_ONCE(t->vxi, vxi);
	t->counted = !!vxi;
	WRITE_ONCE(t->xid, xid);
}

/**
 * vx_task_exit() - a task leaves its context for good (do_exit)
 * @p: the exiting task
 */
void vx_task_exit(struct task_struct *p)
{
	struct vx_task *t = vx_task(p);
	struct vx_info *vxi = t->vxi;

	nx_task_exit(p);
	if (!vxi || !t->counted)
		return;
	t->counted = false;
	spin_lock(&vxi->lock);
	vxi->exit_code = p->exit_code;
	/* The last thread of the init is gone: the context has no init. */
	if (p->tgid == vxi->initpid && !atomic_read(&p->signal->live))
		WRITE_ONCE(vxi->initpid, 0);
	spin_unlock(&vxi->lock);
	vx_task_leave(vxi);
}

/**
 * vx_task_release() - the task struct goes away (security_task_free)
 * @p: the task
 *
 * A task that never ran do_exit (a failed fork) is still counted.
 */
void vx_task_release(struct task_struct *p)
{
	struct vx_task *t = vx_task(p);

	if (t->vxi && t->counted)
		vx_task_leave(t->vxi);
	vx_put(t->vxi);
	t->vxi = NULL;
}

static void vx_current_detach(void)
{
	struct vx_task *t = vx_task(current);
	struct vx_info *old = t->vxi;

	if (!old)
		return;
	t->vxi = NULL;
	if (t->counted)
		vx_task_leave(old);
	t->counted = false;
	vx_put(old);
}

/**
 * vx_migrate() - move current into @vxi
 * @vxi: target context (referenced by the caller)
 * @mflags: VXM_SET_INIT and/or VXM_SET_REAPER
 *
 * Return: 0, -EACCES for a private context that left setup, -EFAULT for
 * a context that is shutting down.
 */
int vx_migrate(struct vx_info *vxi, u64 mflags)
{
	spin_lock(&vxi->lock);
	if (vxi->state & VXS_SHUTDOWN) {
		spin_unlock(&vxi->lock);
		return -EFAULT;
	}
	if ((vxi->flags & VXF_INFO_PRIVATE) &&
	    !(vxi->flags & VXF_STATE_SETUP)) {
		spin_unlock(&vxi->lock);
		return -EACCES;
	}
	/* Count the newcomer before it leaves its old context. */
	atomic_inc(&vxi->tasks);
	if (mflags & VXM_SET_INIT) {
		vxi->initpid = task_tgid_nr(current);
		vxi->flags &= ~VXF_STATE_INIT;
	}
	spin_unlock(&vxi->lock);
	if (vx_task(current)->vxi != vxi) {
		vx_current_detach();
		vx_task_attach(current, vxi, vxi->xid);
	}
	atomic_dec(&vxi->tasks);
	if (mflags & VXM_SET_REAPER) {
		/* Orphans of the guest are reparented to us, as prctl does. */
		current->signal->is_child_subreaper = 1;
		current->signal->has_child_subreaper = 1;
	}
	return 0;
}

/**
 * vx_migrate_spectator() - move current into the spectator context (xid 1)
 *
 * The spectator sees less of /proc than the host (WATCH, not ADMIN), so
 * the hooks stay switched on from the first spectator of the boot.
 */
void vx_migrate_spectator(void)
{
	static atomic_t seen = ATOMIC_INIT(0);

	if (!atomic_cmpxchg(&seen, 0, 1))
		static_branch_inc(&vx_guests_active.key);
	vx_current_detach();
	vx_task_attach(current, NULL, VX_ID_SPECTATOR);
}

/**
 * vx_set_flags() - set_cflags on a context
 * @vxi: the context
 * @value: new flag values
 * @mask: which bits to change
 *
 * Return: 0 or -EINVAL for unknown bits.
 */
int vx_set_flags(struct vx_info *vxi, u64 value, u64 mask)
{
	bool inside = vx_task(current)->vxi == vxi;
	u64 old;

	if (value & mask & ~VXF_KNOWN)
		return -EINVAL;
	spin_lock(&vxi->lock);
	old = vxi->flags;
	mask = vx_cflags_effective_mask(mask, old);
	vxi->flags = vx_mask_merge(old, value, mask);
	/* Clearing STATE_INIT from inside names the caller guest init. */
	if (inside && (old & ~vxi->flags & VXF_STATE_INIT))
		vxi->initpid = task_tgid_nr(current);
	spin_unlock(&vxi->lock);
	if ((old & ~vxi->flags & VXF_PERSISTENT) && vx_try_shutdown(vxi))
		vx_unhash(vxi);
	return 0;
}

/**
 * vx_count_active() - number of hashed contexts
 *
 * Return: the count.
 */
int vx_count_active(void)
{
	return atomic_read(&vx_hashed);
}

/**
 * vx_count_total() - number of allocated contexts (hashed or not)
 *
 * Return: the count.
 */
int vx_count_total(void)
{
	return atomic_read(&vx_allocated);
}

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/context-kunit.h"
#endif
