// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: SysV IPC objects and POSIX message queues between
 * contexts.
 *
 * A guest made without an IPC namespace of its own shares the host's
 * keys, ids and queue names.  Every SysV object (the ipc blob) and every
 * message queue inode (the inode blob) records the context of the task
 * that created it, and a task reaches an object only when it is of its
 * own context:
 *
 * - by key (shmget(), msgget(), semget() of an existing key) and by
 *   name (mq_open(), mq_unlink()): neither way between host and guest,
 *   so a guest that takes a key or a name first cannot stand in for a
 *   host service; EACCES, the kernel's own answer for an object the
 *   caller may not use;
 * - by id (shmat(), shmctl(), msgsnd(), msgrcv(), msgctl(), semop(),
 *   semctl()): a guest reaches only its own objects (EACCES where the
 *   kernel checks the mode, EPERM for IPC_RMID, IPC_SET, SHM_LOCK and
 *   SHM_UNLOCK, EINVAL for the *_STAT_ANY slots, as for an unused slot);
 *   the host keeps reaching every object by id, so its administrator
 *   still lists and removes a guest's objects (ipcs, ipcrm -m ID);
 * - /proc/sysvipc/{shm,msg,sem} lists only what the reader reaches by
 *   id (a core hook in ipc/util.c).
 *
 * The spectator (xid 1) reaches everything.  In an IPC namespace a guest
 * owns (below), the guest and the host are one: a host task that entered
 * it reaches the guest's objects by key and name, and the other way.  Isolation does not depend
 * on the guest having an IPC namespace of its own: the rule holds in a
 * shared one too.  What stays shared there: a key or a queue name taken
 * by one context is taken for all (IPC_CREAT | IPC_EXCL gives EEXIST,
 * O_CREAT | O_EXCL too), and the *_INFO counts cover the whole
 * namespace.
 *
 * An IPC namespace belongs to the context whose task created it: the
 * mqueue superblock of the namespace records that xid (mount.c).  When
 * set_space stores a namespace in a context's set, one the host made
 * becomes that context's, and one another context made becomes
 * nobody's: shared by two contexts, neither owns it.  A guest writes the
 * IPC sysctls of its namespace only when it is its own (sysctl.c).
 */

#include <linux/fs.h>
#include <linux/ipc.h>
#include <linux/ipc_namespace.h>
#include <linux/lsm_hooks.h>
#include <linux/mount.h>
#include <linux/msg.h>
#include <linux/nsproxy.h>
#include <linux/sched.h>
#include <linux/sem.h>
#include <linux/shm.h>
#include <linux/vserver.h>
#include <uapi/linux/shm.h>

#include "common.h"
#include "context.h"
#include "ipc.h"
#include "limit.h"

/* ipc/mqueue.c keeps it to itself. */
#define VX_MQUEUE_MAGIC	0x19800202

/**
 * vx_ipc_reaches() - the rule for SysV objects and message queues
 * @from: xid of the task that asks
 * @to: xid of the context that created the object
 * @by_key: the object is looked up by key or name, not by id
 *
 * Return: true if the task may reach the object.
 */
static bool vx_ipc_reaches(u32 from, u32 to, bool by_key)
{
	if (from == to || from == VX_ID_SPECTATOR)
		return true;
	return from == 0 && !by_key;
}

/**
 * vx_ipc_ns_joins() - are host and guest one in a guest's own namespace?
 * @owner: the context that owns the IPC namespace (vx_ipc_ns_owner())
 * @from: xid of the task that asks
 * @to: xid of the context that created the object
 *
 * In an IPC namespace a guest owns, the host's tasks (which entered it
 * with enter_space, say) and the guest's reach each other's objects.
 *
 * Return: true if @from reaches @to there.
 */
static bool vx_ipc_ns_joins(u32 owner, u32 from, u32 to)
{
	return owner > VX_ID_SPECTATOR && (from == 0 || from == owner) &&
	       (to == 0 || to == owner);
}

/**
 * vx_ipc_ctl_errno() - the answer to a refused *ctl() command
 * @cmd: the command
 *
 * Return: -EPERM for the commands the kernel answers with EPERM when the
 * caller is not the owner, -EINVAL for a *_STAT_ANY slot (an unused
 * slot), -EACCES for the rest.
 */
static int vx_ipc_ctl_errno(int cmd)
{
	switch (cmd) {
	case IPC_RMID:
	case IPC_SET:
	case SHM_LOCK:
	case SHM_UNLOCK:
		return -EPERM;
	case SHM_STAT_ANY:
	case MSG_STAT_ANY:
	case SEM_STAT_ANY:
		return -EINVAL;
	}
	return -EACCES;
}

static __always_inline bool vx_ipc_idle(void)
{
	return !vx_guests_present();
}

/* May @p reach @perm, an object of current's IPC namespace? */
static bool vx_ipc_task_reaches(const struct task_struct *p,
				const struct kern_ipc_perm *perm, bool by_key)
{
	u32 from = vx_task_xid(p), to = READ_ONCE(vx_ipc(perm)->xid);

	if (vx_ipc_reaches(from, to, by_key))
		return true;
	return current->nsproxy &&
	       vx_ipc_ns_joins(vx_ipc_ns_owner(current->nsproxy->ipc_ns),
			       from, to);
}

static int vx_ipc_check(const struct kern_ipc_perm *perm, bool by_key)
{
	if (vx_ipc_idle() || vx_ipc_task_reaches(current, perm, by_key))
		return 0;
	return -EACCES;
}

/**
 * __vx_ipc_visible() - does /proc/sysvipc show @perm to current?
 * @perm: the object
 *
 * Return: true when current reaches the object by id.
 */
bool __vx_ipc_visible(const struct kern_ipc_perm *perm)
{
	return vx_ipc_task_reaches(current, perm, false);
}

static int hook_ipc_alloc(struct kern_ipc_perm *perm)
{
	vx_ipc(perm)->xid = vx_current_xid();
	return 0;
}

/* A semaphore set is also charged to its context (SEMARY, limit.c). */
static int hook_sem_alloc(struct kern_ipc_perm *perm)
{
	hook_ipc_alloc(perm);
	return vx_limit_sem_alloc(perm);
}

/* Every ipcperms(): get of an existing key, *ctl() STAT, at, snd, rcv, op. */
static int hook_ipc_permission(struct kern_ipc_perm *perm, short flag)
{
	return vx_ipc_check(perm, false);
}

/*
 * get of an existing key, after ipcperms().  Checked even while no guest
 * exists: a key a guest took stays the guest's after it is gone.
 */
static int hook_ipc_associate(struct kern_ipc_perm *perm, int flg)
{
	if (vx_ipc_task_reaches(current, perm, true))
		return 0;
	return -EACCES;
}

/* The *ctl() commands, some of which skip ipcperms(); NULL for *_INFO. */
static int hook_ipc_ctl(struct kern_ipc_perm *perm, int cmd)
{
	if (!perm || vx_ipc_idle() ||
	    vx_ipc_task_reaches(current, perm, false))
		return 0;
	return vx_ipc_ctl_errno(cmd);
}

static int hook_shm_shmat(struct kern_ipc_perm *perm, char __user *shmaddr,
			  int shmflg)
{
	return vx_ipc_check(perm, false);
}

static int hook_msg_queue_msgsnd(struct kern_ipc_perm *perm,
				 struct msg_msg *msg, int msqflg)
{
	return vx_ipc_check(perm, false);
}

/* @target receives: current, or a waiting receiver a sender hands to. */
static int hook_msg_queue_msgrcv(struct kern_ipc_perm *perm,
				 struct msg_msg *msg,
				 struct task_struct *target, long type,
				 int mode)
{
	if (vx_ipc_idle() || vx_ipc_task_reaches(target, perm, false))
		return 0;
	return -EACCES;
}

static int hook_sem_semop(struct kern_ipc_perm *perm, struct sembuf *sops,
			  unsigned int nsops, int alter)
{
	return vx_ipc_check(perm, false);
}

/* A message queue inode records who created it (the root: the mounter). */
static int hook_inode_alloc_security(struct inode *inode)
{
	if (inode->i_sb->s_magic == VX_MQUEUE_MAGIC)
		vx_inode(inode)->xid = vx_current_xid();
	return 0;
}

/**
 * vx_mqueue_permission() - may current use a message queue by its name?
 * @inode: any inode
 *
 * Called from the inode_permission (mq_open(), open() in a mounted
 * mqueue), inode_unlink (mq_unlink(), unlink()), inode_getattr (stat())
 * and inode_setattr (chmod(), chown()) hooks while guests exist.  A
 * queue is reached by its name only, so the rule by key applies: not the
 * host's queues from a guest, and not a guest's from the host, but in a
 * namespace the guest owns.  Other inodes, the mqueue root directory
 * included, are not checked.
 *
 * Return: 0, or -EACCES for a queue of another context.
 */
int vx_mqueue_permission(const struct inode *inode)
{
	u32 from, to;

	if (inode->i_sb->s_magic != VX_MQUEUE_MAGIC || !S_ISREG(inode->i_mode))
		return 0;
	from = vx_current_xid();
	to = READ_ONCE(vx_inode(inode)->xid);
	/* The superblock of a namespace's queues records its owner. */
	if (vx_ipc_reaches(from, to, true) ||
	    vx_ipc_ns_joins(READ_ONCE(vx_sb(inode->i_sb)->xid), from, to))
		return 0;
	return -EACCES;
}

/**
 * vx_ipc_ns_owner() - the context that created an IPC namespace
 * @ns: the namespace
 *
 * The mqueue superblock of a namespace is made with it, by the task that
 * creates it, and records that task's xid (sb_alloc_security, mount.c);
 * set_space may change it (vx_ipc_ns_stored()).
 *
 * Return: that xid (VX_ID_SPECTATOR for a namespace two contexts share);
 * 0 for the initial namespace, and for every namespace when the kernel
 * has no POSIX message queues (no guest owns one then).
 */
u32 vx_ipc_ns_owner(const struct ipc_namespace *ns)
{
#ifdef CONFIG_POSIX_MQUEUE
	if (ns != &init_ipc_ns && ns->mq_mnt)
		return READ_ONCE(vx_sb(ns->mq_mnt->mnt_sb)->xid);
#endif
	return 0;
}

/**
 * vx_ipc_ns_owner_after() - the owner of an IPC namespace after set_space
 * @owner: its owner so far
 * @xid: the context whose set now holds it
 *
 * Return: @xid for a namespace the host (or the spectator) made, which
 * the host hands to the guest; VX_ID_SPECTATOR, which no guest is, for a
 * namespace that another context made: two contexts share it and
 * neither owns it any more.
 */
static u32 vx_ipc_ns_owner_after(u32 owner, u32 xid)
{
	if (owner == 0 || owner == xid)
		return xid;
	return VX_ID_SPECTATOR;
}

/**
 * vx_ipc_ns_stored() - set_space stored an IPC namespace in a context
 * @ns: the namespace
 * @xid: the context whose set holds it now
 *
 * A namespace made by the host becomes the guest's own; one made by
 * another context becomes nobody's (vx_ipc_ns_owner_after()).  The
 * initial namespace stays the host's.
 */
void vx_ipc_ns_stored(struct ipc_namespace *ns, u32 xid)
{
#ifdef CONFIG_POSIX_MQUEUE
	struct vx_sb *sb;
	u32 owner, was;

	if (ns == &init_ipc_ns || !ns->mq_mnt)
		return;
	sb = vx_sb(ns->mq_mnt->mnt_sb);
	owner = READ_ONCE(sb->xid);
	do {
		was = owner;
		owner = cmpxchg(&sb->xid, was, vx_ipc_ns_owner_after(was, xid));
	} while (owner != was);
#endif
}

static struct security_hook_list vx_ipc_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(ipc_permission, hook_ipc_permission),
	LSM_HOOK_INIT(msg_queue_alloc_security, hook_ipc_alloc),
	LSM_HOOK_INIT(msg_queue_associate, hook_ipc_associate),
	LSM_HOOK_INIT(msg_queue_msgctl, hook_ipc_ctl),
	LSM_HOOK_INIT(msg_queue_msgsnd, hook_msg_queue_msgsnd),
	LSM_HOOK_INIT(msg_queue_msgrcv, hook_msg_queue_msgrcv),
	LSM_HOOK_INIT(shm_alloc_security, hook_ipc_alloc),
	LSM_HOOK_INIT(shm_associate, hook_ipc_associate),
	LSM_HOOK_INIT(shm_shmctl, hook_ipc_ctl),
	LSM_HOOK_INIT(shm_shmat, hook_shm_shmat),
	LSM_HOOK_INIT(sem_alloc_security, hook_sem_alloc),
	LSM_HOOK_INIT(sem_associate, hook_ipc_associate),
	LSM_HOOK_INIT(sem_semctl, hook_ipc_ctl),
	LSM_HOOK_INIT(sem_semop, hook_sem_semop),
	LSM_HOOK_INIT(inode_alloc_security, hook_inode_alloc_security),
};

/**
 * vx_add_ipc_hooks() - register the SysV IPC and message queue hooks
 */
void __init vx_add_ipc_hooks(void)
{
	security_add_hooks(vx_ipc_hooks, ARRAY_SIZE(vx_ipc_hooks), &vx_lsmid);
}

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/ipc-kunit.h"
#endif
