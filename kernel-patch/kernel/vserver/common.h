/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: what every file of kernel/vserver needs: the module's
 * name, its LSM blobs and the current guest.
 */
#ifndef _VSERVER_COMMON_H
#define _VSERVER_COMMON_H

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/ipc.h>
#include <linux/lsm_hooks.h>
#include <linux/sched.h>
#include <linux/types.h>
#include <net/sock.h>

#define VX_NAME "vserver"

#undef pr_fmt
#define pr_fmt(fmt) VX_NAME ": " fmt

struct vx_info;
struct nx_info;
struct vx_task;

extern struct lsm_blob_sizes vx_blob_sizes;
extern const struct lsm_id vx_lsmid;

/**
 * struct vx_inode - per-inode LSM blob
 * @iattr: IATTR_BARRIER, IXUNLINK, IMMUTABLE and COW bits of the inode
 * @xid: for a POSIX message queue, the context of the task that created
 *	it (0 for every other inode)
 */
struct vx_inode {
	u32 iattr;
	u32 xid;
};

/**
 * struct vx_ipc - per-object LSM blob of SysV shm segments, message
 *	queues and semaphore sets
 * @xid: the context of the task that created the object (0: host)
 * @vxi: the context a semaphore set (SEMARY, NSEMS) or a shm segment
 *	(SHMEM) is charged to, referenced; NULL for none
 * @charge: the semaphores of a set, the pages of a segment
 */
struct vx_ipc {
	u32 xid;
	struct vx_info *vxi;
	long charge;
};

/**
 * struct nx_sock - per-socket LSM blob
 * @nxi: the network context that owns the socket, NULL for the host
 * @xid: the context of the task that created it (0: host or kernel)
 * @vxi: the context it is charged to (NSOCK), referenced; NULL for none
 */
struct nx_sock {
	struct nx_info *nxi;
	u32 xid;
	struct vx_info *vxi;
};

/**
 * struct vx_file - per-file LSM blob
 * @fown_xid: the context of the task that last set the file's owner
 *	(F_SETOWN and the like), whose signals it sends
 * @vxi: the context the file is charged to (NOFILE), referenced; NULL
 *	for none
 * @locks: the file locks held through the file and charged to @vxi
 *	(LOCKS), given back when they are released or, at the latest, when
 *	the file is freed
 */
struct vx_file {
	u32 fown_xid;
	struct vx_info *vxi;
	atomic_t locks;
};

/**
 * struct vx_sb - per-superblock LSM blob
 * @xid: the context of the task that created it (0: host or kernel)
 */
struct vx_sb {
	u32 xid;
};

/* The task blob: memberships in the id spaces (struct vx_task, idspace.h). */
static inline struct vx_task *vx_task(const struct task_struct *p)
{
	return p->security + vx_blob_sizes.lbs_task;
}

static inline struct vx_inode *vx_inode(const struct inode *inode)
{
	return inode->i_security + vx_blob_sizes.lbs_inode;
}

static inline struct nx_sock *nx_sock(const struct sock *sk)
{
	return sk->sk_security + vx_blob_sizes.lbs_sock;
}

static inline struct vx_ipc *vx_ipc(const struct kern_ipc_perm *perm)
{
	return perm->security + vx_blob_sizes.lbs_ipc;
}

static inline struct vx_file *vx_file(const struct file *file)
{
	return file->f_security + vx_blob_sizes.lbs_file;
}

static inline struct vx_sb *vx_sb(const struct super_block *sb)
{
	return sb->s_security + vx_blob_sizes.lbs_superblock;
}

/* The tun device blob: the nid that created the device. */
static inline u32 *nx_tun_owner(void *security)
{
	return security + vx_blob_sizes.lbs_tun_dev;
}

struct vx_info *vx_current_guest(void);

/**
 * vx_bcaps_admin() - do a context's bcaps keep CAP_SYS_ADMIN?
 * @bcaps: the bounding word
 *
 * Return: true when a guest bounded by @bcaps still acts as an
 * administrator for the mount, sysctl and xattr rules.
 */
static inline bool vx_bcaps_admin(u64 bcaps)
{
	return bcaps & BIT_ULL(CAP_SYS_ADMIN);
}

#endif /* _VSERVER_COMMON_H */
