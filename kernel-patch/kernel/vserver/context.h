/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: security contexts (xids).
 */
#ifndef _VSERVER_CONTEXT_H
#define _VSERVER_CONTEXT_H

#include <linux/capability.h>
#include <linux/types.h>
#include <uapi/linux/vserver/context.h>

#include "cvirt.h"
#include "idspace.h"
#include "limit.h"
#include "sched.h"
#include "space.h"

/**
 * struct vx_info - one guest security context
 * @ident: the id-space core (xid, references, tasks, lock, state, flags);
 *	@ident.lock also protects @initpid, @name and the exit fields
 * @bcaps: bounding capabilities (bit 63: CAP_CONTEXT)
 * @ccaps: context capabilities (VXC_*)
 * @umask: CLONE_NEW* bits the guest may still use
 * @initpid: tgid of the guest init, 0 before one is named
 * @reboot_cmd: last reboot(2) command issued in the guest
 * @exit_code: exit code of the last task that left
 * @name: display name (VHIN_CONTEXT)
 * @spaces: the namespace sets (set_space, enter_space, the uts names)
 * @cvirt: the guest's own view: clocks, load averages (cvirt.c)
 * @limits: the resource limits (set_rlimit, /proc/virtual/<xid>/limit)
 * @sched: the token-bucket scheduler's template and wait queue
 * @sched_pc: its buckets, one per possible CPU id (nr_cpu_ids of them:
 *	the object is allocated with vx_xids.obj_size)
 */
struct vx_info {
	struct vx_ident ident;
	u64 bcaps;
	u64 ccaps;
	u64 umask;
	pid_t initpid;
	int reboot_cmd;
	int exit_code;
	char name[VHI_NAME_LEN];
	struct vx_spaces spaces;
	struct vx_cvirt cvirt;
	struct vx_limits limits;
	struct vx_sched sched;
	struct vx_bucket sched_pc[];
};

/* Every capability of this kernel plus CAP_CONTEXT. */
#define VX_BCAPS_FULL	(CAP_VALID_MASK | BIT_ULL(VXC_CAP_CONTEXT_BIT))
/* Namespace bits the unshare mask can allow. */
#define VX_UMASK_VALID	(CLONE_FS | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | \
			 CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | \
			 CLONE_NEWCGROUP | CLONE_NEWTIME)

extern struct vx_idspace vx_xids;

/* The context of an ident of the xid space; NULL stays NULL. */
static inline struct vx_info *vx_info_of(struct vx_ident *ident)
{
	return ident ? container_of(ident, struct vx_info, ident) : NULL;
}

static inline u32 vx_task_xid(const struct task_struct *p)
{
	return vx_task_id(p, VX_SLOT_XID);
}

static inline u32 vx_current_xid(void)
{
	return vx_task_xid(current);
}

/* @p's context, NULL for host and spectator (not referenced). */
static inline struct vx_info *vx_task_vxi(const struct task_struct *p)
{
	return vx_info_of(vx_task_ident(p, VX_SLOT_XID));
}

static inline struct vx_info *vx_lookup(u32 xid)
{
	return vx_info_of(vx_ident_lookup(&vx_xids, xid));
}

static inline void vx_put(struct vx_info *vxi)
{
	if (vxi)
		vx_ident_put(&vxi->ident);
}

int vx_migrate(struct vx_info *vxi, u64 mflags);
void __init vx_xids_setup(void);

static inline int vx_set_flags(struct vx_info *vxi, u64 value, u64 mask)
{
	return vx_ident_set_flags(&vxi->ident, value, mask);
}

#endif /* _VSERVER_CONTEXT_H */
