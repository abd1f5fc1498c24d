// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: network context table and task membership.
 *
 * A network context is hashed by nid while it is alive; the hash holds
 * one reference, every member task and every socket of a member one more.
 * It leaves the hash when its last task goes (unless PERSISTENT); sockets
 * it still owns keep the memory until they close.
 */

#define pr_fmt(fmt) "vserver: " fmt

#include <linux/hashtable.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vserver.h>

#include "context.h"
#include "network.h"

static DEFINE_HASHTABLE(nx_hash, 4);
static DEFINE_SPINLOCK(nx_hash_lock);
static atomic_t nx_allocated = ATOMIC_INIT(0);
static atomic_t nx_hashed = ATOMIC_INIT(0);

static struct nx_info *__nx_find(u32 nid)
{
	struct nx_info *nxi;

	hash_for_each_possible(nx_hash, nxi, hlist, nid)
		if (nxi->nid == nid)
			return nxi;
	return NULL;
}

/**
 * nx_lookup() - find a live network context and take a reference
 * @nid: network context id
 *
 * Return: the context, or NULL.
 */
struct nx_info *nx_lookup(u32 nid)
{
	struct nx_info *nxi;

	spin_lock(&nx_hash_lock);
	nxi = __nx_find(nid);
	if (nxi)
		refcount_inc(&nxi->usecnt);
	spin_unlock(&nx_hash_lock);
	return nxi;
}

/**
 * nx_put() - drop a reference; the last one frees the context
 * @nxi: the context (may be NULL)
 */
void nx_put(struct nx_info *nxi)
{
	if (nxi && refcount_dec_and_test(&nxi->usecnt)) {
		atomic_dec(&nx_allocated);
		kfree_rcu(nxi, rcu);
	}
}

static bool nx_try_shutdown(struct nx_info *nxi)
{
	bool dead;

	spin_lock_bh(&nxi->lock);
	dead = !atomic_read(&nxi->tasks) && !(nxi->flags & NXF_PERSISTENT) &&
	       !(nxi->state & NXS_SHUTDOWN);
	if (dead)
		nxi->state = (nxi->state | NXS_SHUTDOWN) & ~NXS_HASHED;
	spin_unlock_bh(&nxi->lock);
	return dead;
}

static void nx_unhash(struct nx_info *nxi)
{
	spin_lock(&nx_hash_lock);
	hash_del(&nxi->hlist);
	spin_unlock(&nx_hash_lock);
	atomic_dec(&nx_hashed);
	nx_proc_remove(nxi);
	static_branch_slow_dec_deferred(&vx_guests_active);
	nx_put(nxi);
}

static void nx_task_leave(struct nx_info *nxi)
{
	if (atomic_dec_and_test(&nxi->tasks) && nx_try_shutdown(nxi))
		nx_unhash(nxi);
}

/**
 * nx_create() - allocate and hash a new network context
 * @nid: 2..65535
 * @flags: initial NXF_* flags
 *
 * Return: the context with a reference for the caller, or ERR_PTR
 * (-EEXIST if @nid is in use, -ENOMEM).
 */
struct nx_info *nx_create(u32 nid, u64 flags)
{
	struct nx_info *nxi;

	nxi = kzalloc(sizeof(*nxi), GFP_KERNEL);
	if (!nxi)
		return ERR_PTR(-ENOMEM);
	nxi->nid = nid;
	nxi->flags = flags;
	nxi->state = NXS_HASHED;
	nx_addrs_init(&nxi->addrs, nid);
	refcount_set(&nxi->usecnt, 2);
	spin_lock_init(&nxi->lock);

	spin_lock(&nx_hash_lock);
	if (__nx_find(nid)) {
		spin_unlock(&nx_hash_lock);
		kfree(nxi);
		return ERR_PTR(-EEXIST);
	}
	hash_add(nx_hash, &nxi->hlist, nid);
	spin_unlock(&nx_hash_lock);
	atomic_inc(&nx_allocated);
	atomic_inc(&nx_hashed);
	static_branch_inc(&vx_guests_active.key);
	if (nx_proc_create(nxi))
		pr_warn("no /proc/virtnet entry for nid %u\n", nid);
	return nxi;
}

/**
 * nx_task_attach() - make @p a member of @nxi
 * @p: a task being created, or current
 * @nxi: the network context, NULL for host or spectator
 * @nid: the nid to record
 */
void nx_task_attach(struct task_struct *p, struct nx_info *nxi, u32 nid)
{
	struct vx_task *t = vx_task(p);

	if (nxi) {
		refcount_inc(&nxi->usecnt);
		atomic_inc(&nxi->tasks);
	}
	WRITE_ONCE(t->nxi, nxi);
	t->nx_counted = !!nxi;
	WRITE_ONCE(t->nid, nid);
}

/**
 * nx_task_exit() - @p leaves its network context for good (do_exit)
 * @p: the exiting task
 */
void nx_task_exit(struct task_struct *p)
{
	struct vx_task *t = vx_task(p);

	if (!t->nxi || !t->nx_counted)
		return;
	t->nx_counted = false;
	nx_task_leave(t->nxi);
}

/**
 * nx_task_release() - drop @p's network context (task freed, or current
 *	migrating)
 * @p: the task
 *
 * A task that never ran do_exit (a failed fork) is still counted.
 */
void nx_task_release(struct task_struct *p)
{
	struct vx_task *t = vx_task(p);
	struct nx_info *nxi = t->nxi;

	if (!nxi)
		return;
	WRITE_ONCE(t->nxi, NULL);
	if (t->nx_counted)
		nx_task_leave(nxi);
	t->nx_counted = false;
	nx_put(nxi);
}

/**
 * nx_migrate() - move current into @nxi
 * @nxi: the target (referenced by the caller)
 *
 * Return: 0, -EACCES for a private context, -EFAULT if it shuts down.
 */
int nx_migrate(struct nx_info *nxi)
{
	int err = 0;

	spin_lock_bh(&nxi->lock);
	if (nxi->state & NXS_SHUTDOWN)
		err = -EFAULT;
	else if ((nxi->flags & NXF_INFO_PRIVATE) &&
		 !(nxi->flags & NXF_STATE_SETUP))
		err = -EACCES;
	else
		atomic_inc(&nxi->tasks);	/* hold it while we switch */
	spin_unlock_bh(&nxi->lock);
	if (err)
		return err;
	if (vx_task(current)->nxi != nxi) {
		nx_task_release(current);
		nx_task_attach(current, nxi, nxi->nid);
	}
	nx_task_leave(nxi);
	return 0;
}

/**
 * nx_migrate_spectator() - move current into network context 1
 */
void nx_migrate_spectator(void)
{
	nx_task_release(current);
	nx_task_attach(current, NULL, VX_ID_SPECTATOR);
}

/**
 * nx_set_flags() - set_nflags on a network context
 * @nxi: the context
 * @value: new values
 * @mask: bits to change (one-time bits only clear)
 *
 * Return: 0 or -EINVAL for unknown bits.
 */
int nx_set_flags(struct nx_info *nxi, u64 value, u64 mask)
{
	u64 old;

	if (value & mask & ~NXF_KNOWN)
		return -EINVAL;
	spin_lock_bh(&nxi->lock);
	old = nxi->flags;
	mask = (mask & ~NXF_ONE_TIME) | (mask & old & NXF_ONE_TIME);
	nxi->flags = vx_mask_merge(old, value, mask);
	spin_unlock_bh(&nxi->lock);
	if ((old & ~nxi->flags & NXF_PERSISTENT) && nx_try_shutdown(nxi))
		nx_unhash(nxi);
	return 0;
}

/**
 * nx_current() - current's network context
 *
 * Return: the context (not referenced: current keeps it), NULL for the
 * host and the spectator.
 */
struct nx_info *nx_current(void)
{
	return READ_ONCE(vx_task(current)->nxi);
}

/**
 * nx_current_nid() - current's nid
 *
 * Return: 0 host, 1 spectator, else the network context id.
 */
u32 nx_current_nid(void)
{
	return READ_ONCE(vx_task(current)->nid);
}

/**
 * nx_count_active() - hashed network contexts
 *
 * Return: the count.
 */
int nx_count_active(void)
{
	return atomic_read(&nx_hashed);
}

/**
 * nx_count_total() - allocated network contexts
 *
 * Return: the count.
 */
int nx_count_total(void)
{
	return atomic_read(&nx_allocated);
}
