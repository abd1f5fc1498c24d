/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: the id-space core shared by contexts and network contexts.
 */
#ifndef _VSERVER_IDSPACE_H
#define _VSERVER_IDSPACE_H

#include <linux/hashtable.h>
#include <linux/lockdep.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <uapi/linux/vserver/context.h>
#include <uapi/linux/vserver/network.h>
#include <uapi/linux/vserver/switch.h>

#include "common.h"
#include "sched.h"

struct proc_dir_entry;
struct seq_file;
struct task_struct;

/* Slots of a task's membership, one per id space. */
enum vx_slot {
	VX_SLOT_XID,
	VX_SLOT_NID,
	VX_NR_SLOTS,
};

/* The flag bits both kinds share (the values coincide, see abi.h). */
#define VX_ID_PRIVATE		VXF_INFO_PRIVATE
#define VX_ID_SETUP		VXF_STATE_SETUP
#define VX_ID_ADMIN		VXF_STATE_ADMIN
#define VX_ID_PERSISTENT	VXF_PERSISTENT
#define VX_ID_SC_HELPER		VXF_SC_HELPER

/* State bits (vx_ident.state). */
#define VX_IDS_HASHED		0x0001
#define VX_IDS_SHUTDOWN		0x0100
#define VX_IDS_REBOOT		0x1000	/* a guest reboot ran the vshelper */
#define VX_IDS_RELEASED		0x8000	/* shut down, helper and release done */

struct vx_ident;

/**
 * struct vx_ident_file - a file of /proc/<root>/<id> beyond info and status
 * @name: its name
 * @show: its single_open() show function; the seq_file's private data
 *	is the ident, which may be shutting down
 */
struct vx_ident_file {
	const char *name;
	int (*show)(struct seq_file *m, void *v);
};

/**
 * struct vx_idspace - one id space: the xids or the nids
 * @slot: the task membership slot of this space
 * @proc_name: name of its /proc directory ("virtual", "virtnet")
 * @one_time: flag bits that never come back once cleared
 * @busy_in_setup: creating an id that exists in setup gives -EBUSY, not
 *	-EEXIST (the context rule of vs2.3)
 * @obj_size: size of the kind's object (struct vx_info, struct nx_info),
 *	whose first member is its struct vx_ident
 * @init: optional, sets the kind's own fields of a new zeroed object
 * @show_info: prints /proc/<root>/<id>/info
 * @show_status: prints /proc/<root>/<id>/status
 * @flags_changed: optional, called under the id's lock after a flag change
 * @task_exit: optional, called under the id's lock when a member exits
 * @release: optional, called in process context when the id dies (shut
 *	down and unhashed), before the hash drops its reference: for what
 *	must not wait for the last, possibly atomic, vx_ident_put()
 * @files: optional, more files of /proc/<root>/<id>, ended by an entry
 *	without a name
 * @show_root_status: optional, prints the kind's own lines of
 *	/proc/<root>/status after the counts
 * @helper_up: vshelper action run (and waited for) when an id with
 *	SC_HELPER is created; its failure undoes the creation
 * @helper_down: vshelper action run (and waited for) when an id with
 *	SC_HELPER dies, before wait_exit() callers wake
 * @hash: the live ids
 * @hash_lock: protects @hash
 * @allocated: ids allocated, hashed or not
 * @hashed: ids in @hash
 * @lock_key: lockdep class of the ids' locks (nids are locked in softirq)
 * @proc_root: /proc/<proc_name>
 */
struct vx_idspace {
	enum vx_slot slot;
	const char *proc_name;
	u64 one_time;
	bool busy_in_setup;
	size_t obj_size;
	void (*init)(struct vx_ident *ident);
	void (*show_info)(struct seq_file *m, struct vx_ident *ident);
	void (*show_status)(struct seq_file *m, struct vx_ident *ident);
	void (*flags_changed)(struct vx_ident *ident, u64 old);
	void (*task_exit)(struct vx_ident *ident, struct task_struct *p);
	void (*release)(struct vx_ident *ident);
	const struct vx_ident_file *files;
	void (*show_root_status)(struct seq_file *m, struct vx_idspace *s);
	const char *helper_up;
	const char *helper_down;
	DECLARE_HASHTABLE(hash, 4);
	spinlock_t hash_lock;	/* protects @hash */
	atomic_t allocated;
	atomic_t hashed;
	struct lock_class_key lock_key;
	struct proc_dir_entry *proc_root;
};

/**
 * struct vx_ident - what every context and network context has: embedded
 *	first in struct vx_info and struct nx_info
 * @hlist: link in the space's hash
 * @space: the space the id belongs to
 * @id: the xid or nid, 2..65535
 * @usecnt: references: the hash, member tasks, sockets, transient users
 * @tasks: member tasks
 * @lock: protects @state, @flags and the kind's own fields; taken with
 *	bottom halves off here (network contexts are read in softirq)
 * @state: VX_IDS_* bits
 * @flags: VXF_* or NXF_* flags
 * @exit_wq: woken when the id is released (VX_IDS_RELEASED)
 * @proc_dir: /proc/<root>/<id>
 * @rcu: frees the object after lockless readers are done
 */
struct vx_ident {
	struct hlist_node hlist;
	struct vx_idspace *space;
	u32 id;
	refcount_t usecnt;
	atomic_t tasks;
	spinlock_t lock;	/* see @lock above */
	unsigned int state;
	u64 flags;
	wait_queue_head_t exit_wq;
	struct proc_dir_entry *proc_dir;
	struct rcu_head rcu;
};

/**
 * struct vx_member - a task's membership in one space
 * @ident: the id it belongs to, NULL for the host and the spectator
 * @id: 0 host, 1 spectator, else @ident->id
 * @counted: the task is counted in @ident->tasks
 */
struct vx_member {
	struct vx_ident *ident;
	u32 id;
	bool counted;
};

/**
 * struct vx_task - per-task LSM blob
 * @slot: membership in each space, indexed by enum vx_slot
 * @ioc_rdev: the device node the task's ioctl() acts on, recorded by the
 *	file_ioctl hook for the ccap grants (ccap.c); 0 for another file
 * @ioc_blk: @ioc_rdev is a block device
 * @sched: the token-bucket scheduler's charge and hold (sched.c)
 */
struct vx_task {
	struct vx_member slot[VX_NR_SLOTS];
	dev_t ioc_rdev;
	bool ioc_blk;
	struct vx_sched_task sched;
};

static inline struct vx_member *vx_member(const struct task_struct *p,
					  enum vx_slot slot)
{
	return &vx_task(p)->slot[slot];
}

/* The id of @p in @slot: 0 host, 1 spectator, else the guest's id. */
static inline u32 vx_task_id(const struct task_struct *p, enum vx_slot slot)
{
	return READ_ONCE(vx_member(p, slot)->id);
}

/* The id object of @p in @slot, NULL for host and spectator. */
static inline struct vx_ident *vx_task_ident(const struct task_struct *p,
					     enum vx_slot slot)
{
	return READ_ONCE(vx_member(p, slot)->ident);
}

/* An id that names a guest (not host, not spectator). */
static inline bool vx_xid_is_guest(u32 xid)
{
	return xid >= VX_ID_MIN_GUEST && xid <= VX_ID_MAX_GUEST;
}

u64 vx_mask_merge(u64 old, u64 value, u64 mask);
u64 vx_flags_effective_mask(u64 mask, u64 flags, u64 one_time);

struct vx_ident *vx_ident_lookup(struct vx_idspace *s, u32 id);
void vx_ident_put(struct vx_ident *ident);
struct vx_ident *vx_ident_new(struct vx_idspace *s, u32 id, u64 flags);
long vx_ident_create(struct vx_idspace *s, u32 id, u64 flags);
int vx_ident_migrate(struct vx_ident *ident);
void vx_ident_migrate_spectator(struct vx_idspace *s);
int vx_ident_set_flags(struct vx_ident *ident, u64 value, u64 mask);
int vx_idspace_count_active(struct vx_idspace *s);
int vx_idspace_count_total(struct vx_idspace *s);
void vx_idspace_for_each(struct vx_idspace *s,
			 void (*fn)(struct vx_ident *ident, void *data),
			 void *data);

int vx_task_inherit(struct task_struct *p, const struct task_struct *parent);
void vx_task_release(struct task_struct *p);

int __init vx_idspace_init(struct vx_idspace *s);
bool vx_idspace_de_visible(struct vx_idspace *s,
			   const struct proc_dir_entry *de, u32 viewer);

#endif /* _VSERVER_IDSPACE_H */
