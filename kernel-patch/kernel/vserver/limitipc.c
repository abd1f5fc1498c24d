// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: SEMARY, NSEMS and SHMEM, the SysV semaphore sets, their
 * semaphores and the pages of shm segments of a context.  The sets are
 * charged by sem_alloc_security (ipc.c), the sizes by two core hooks
 * once newary() and newseg() know them; the free hooks give them back
 * through the object's ipc blob.
 *
 * MSGQUEUE: the bytes of the POSIX message queues a context creates,
 * counted as RLIMIT_MSGQUEUE counts them (room for every message and
 * its tree node), charged in mqueue_get_inode() and given back when the
 * queue's inode is evicted, through the struct vx_charge the queue
 * keeps; EMFILE at the hard limit, mqueue's own errno for its rlimit.
 */

#include <linux/ipc.h>
#include <linux/lsm_hooks.h>
#include <linux/security.h>
#include <linux/vserver.h>

#include "common.h"
#include "context.h"
#include "limit.h"
#include "limitint.h"

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

/**
 * __vx_mq_charge() - MSGQUEUE: charge a new POSIX message queue
 * @c: the queue's charge, empty
 * @bytes: its size as RLIMIT_MSGQUEUE counts it
 *
 * Return: 0, or -EMFILE when the queue would pass the hard limit of
 * current's context (@c stays empty).
 */
int __vx_mq_charge(struct vx_charge *c, unsigned long bytes)
{
	struct vx_info *vxi = vx_limit_current();

	if (!vxi)
		return 0;
	if ((long)bytes < 0 ||
	    !vx_limit_charge(&vxi->limits, VLIMIT_MSGQUEUE, bytes))
		return -EMFILE;
	refcount_inc(&vxi->ident.usecnt);
	c->vxi = vxi;
	c->n = bytes;
	return 0;
}

/**
 * __vx_mq_uncharge() - MSGQUEUE: the queue's inode is evicted
 * @c: the queue's charge, not empty
 */
void __vx_mq_uncharge(struct vx_charge *c)
{
	struct vx_info *vxi = c->vxi;

	c->vxi = NULL;
	vx_limit_uncharge(&vxi->limits, VLIMIT_MSGQUEUE, c->n);
	c->n = 0;
	vx_put(vxi);
}

static struct security_hook_list vx_limit_ipc_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(sem_free_security, hook_sem_free_security),
	LSM_HOOK_INIT(shm_free_security, hook_shm_free_security),
};

/**
 * vx_add_limit_ipc_hooks() - register the SysV free hooks of the limits
 */
void __init vx_add_limit_ipc_hooks(void)
{
	security_add_hooks(vx_limit_ipc_hooks, ARRAY_SIZE(vx_limit_ipc_hooks),
			   &vx_lsmid);
}
