/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: security contexts, internal interface.
 */
#ifndef _VSERVER_CONTEXT_H
#define _VSERVER_CONTEXT_H

#include <linux/capability.h>
#include <linux/lsm_hooks.h>
#include <linux/sched.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <uapi/linux/vserver/context.h>

#define VX_NAME "vserver"

/* Context state bits (vx_info.state). */
#define VXS_HASHED	0x0001
#define VXS_SHUTDOWN	0x0100

/**
 * struct vx_info - one guest security context
 * @hlist: link in the context hash
 * @xid: context id, 2..65535
 * @usecnt: references (hash, tasks, transient users)
 * @tasks: tasks currently in the context
 * @lock: protects @flags, @state, @initpid, @name and the exit fields
 * @state: VXS_* bits
 * @flags: VXF_* flags
 * @bcaps: bounding capabilities (bit 63: CAP_CONTEXT)
 * @ccaps: context capabilities (VXC_*)
 * @umask: CLONE_NEW* bits the guest may still use
 * @initpid: tgid of the guest init, 0 before one is named
 * @reboot_cmd: last reboot(2) command issued in the guest
 * @exit_code: exit code of the last task that left
 * @exit_wq: woken when the context shuts down
 * @proc_dir: /proc/virtual/<xid>
 * @name: display name (VHIN_CONTEXT)
 * @rcu: frees the context after readers of other tasks' blobs are done
 */
struct vx_info {
	struct hlist_node hlist;
	u32 xid;
	refcount_t usecnt;
	atomic_t tasks;
	spinlock_t lock;
	unsigned int state;
	u64 flags;
	u64 bcaps;
	u64 ccaps;
	u64 umask;
	pid_t initpid;
	int reboot_cmd;
	int exit_code;
	wait_queue_head_t exit_wq;
	struct proc_dir_entry *proc_dir;
	char name[VHI_NAME_LEN];
	struct rcu_head rcu;
};

/* Every capability of this kernel plus CAP_CONTEXT. */
#define VX_BCAPS_FULL	(CAP_VALID_MASK | BIT_ULL(VXC_CAP_CONTEXT_BIT))
/* Namespace bits the unshare mask can allow. */
#define VX_UMASK_VALID	(CLONE_FS | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | \
			 CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | \
			 CLONE_NEWCGROUP | CLONE_NEWTIME)

/**
 * struct vx_task - per-task LSM blob
 * @vxi: the task's context, NULL for the host and the spectator
 * @xid: the task's xid (0 host, 1 spectator, else @vxi->xid)
 * @counted: the task is counted in @vxi->tasks
 * @nxi: the task's network context, NULL for the host and the spectator
 * @nid: the task's nid (0 host, 1 spectator, else @nxi->nid)
 * @nx_counted: the task is counted in @nxi->tasks
 */
struct vx_task {
	struct vx_info *vxi;
	u32 xid;
	bool counted;
	struct nx_info *nxi;
	u32 nid;
	bool nx_counted;
};

/**
 * struct vx_inode - per-inode LSM blob
 * @iattr: IATTR_BARRIER, IXUNLINK, IMMUTABLE and COW bits of the inode
 */
struct vx_inode {
	u32 iattr;
};

extern struct lsm_blob_sizes vx_blob_sizes;
extern const struct lsm_id vx_lsmid;

/* The VCMD_get_vci feature word of this kernel. */
static inline u32 vx_vci(void)
{
	return 1U << VCI_KCBIT_NO_DYNAMIC | 1U << VCI_KCBIT_NETV2 |
	       (IS_ENABLED(CONFIG_VSERVER_PROC_SECURE) ?
		1U << VCI_KCBIT_PROC_SECURE : 0);
}

static inline struct vx_task *vx_task(const struct task_struct *p)
{
	return p->security + vx_blob_sizes.lbs_task;
}

static inline u32 vx_task_xid(const struct task_struct *p)
{
	return READ_ONCE(vx_task(p)->xid);
}

static inline u32 vx_current_xid(void)
{
	return vx_task_xid(current);
}

/* An id that names a guest context (not host, not spectator). */
static inline bool vx_xid_is_guest(u32 xid)
{
	return xid >= VX_ID_MIN_GUEST && xid <= VX_ID_MAX_GUEST;
}

u64 vx_mask_merge(u64 old, u64 value, u64 mask);
u64 vx_cflags_effective_mask(u64 mask, u64 current_flags);

struct vx_info *vx_lookup(u32 xid);
void vx_put(struct vx_info *vxi);
struct vx_info *vx_create(u32 xid, u64 flags);
int vx_migrate(struct vx_info *vxi, u64 mflags);
void vx_migrate_spectator(void);
int vx_set_flags(struct vx_info *vxi, u64 value, u64 mask);
int vx_count_active(void);
int vx_count_total(void);

void vx_task_attach(struct task_struct *p, struct vx_info *vxi, u32 xid);
void vx_task_release(struct task_struct *p);

int vx_proc_create(struct vx_info *vxi);
void vx_proc_remove(struct vx_info *vxi);
int __init vx_proc_init(void);
struct seq_file;
int vx_proc_info_show(struct seq_file *m, void *v);
struct proc_dir_entry *vx_proc_id_dir(struct proc_dir_entry *parent, u32 id,
				      int (*info)(struct seq_file *, void *),
				      int (*status)(struct seq_file *, void *));
bool vx_proc_id_visible(const struct proc_dir_entry *de,
			const struct proc_dir_entry *parent, u32 viewer);

struct vx_info *vx_current_guest(void);
bool vx_has_cap_context(void);

/**
 * struct vx_syscall - the system call a task is executing
 * @nr: its number (native ABI)
 * @arg0: first argument
 * @arg1: second argument
 * @arg2: third argument
 * @own_uts: the task's UTS namespace is not the host's
 * @ioc_rdev: for ioctl(), the device its descriptor opens (0: not one, or
 *	not looked up yet: vx_syscall_device())
 * @ioc_blk: @ioc_rdev is a block device (else a character device)
 */
struct vx_syscall {
	long nr;
	unsigned long arg0;
	unsigned long arg1;
	unsigned long arg2;
	bool own_uts;
	dev_t ioc_rdev;
	bool ioc_blk;
};

bool vx_current_syscall(struct vx_syscall *sc);
void vx_syscall_device(struct vx_syscall *sc);
bool vx_grant_allows(u64 ccaps, u64 umask, int cap,
		     const struct vx_syscall *sc);
bool vx_compat_refused(int cap);
bool vx_call_refused(int cap, const struct vx_syscall *sc);
bool nx_raw_icmp_allows(u64 ncaps, int cap, const struct vx_syscall *sc);
bool nx_tun_create_allows(u64 ncaps, int cap, const struct vx_syscall *sc);
int vx_kill_all(struct vx_info *vxi, int sig, bool spare_init);
int vx_ccap_xattr_check(const char *name, bool write);

struct inode;
u32 vx_proc_iattr(const struct inode *inode);
int vx_proc_set_iattr(struct inode *inode, u32 flags);
bool vx_proc_hideable(const struct inode *inode);
int vx_proc_inode_check(const struct inode *inode);

void __init vx_add_task_hooks(void);
void __init vx_add_cap_hooks(void);
void __init vx_add_mount_hooks(void);
void __init vx_add_inode_hooks(void);

#endif /* _VSERVER_CONTEXT_H */
