// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: the vserver(2) system call and its dispatcher.
 *
 * Every command has a permission level and flags (as in vs2.3); the
 * checks run in a fixed order so that the errno a caller sees is the
 * one of the first rule it breaks.
 */

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/syscalls.h>
#include <uapi/linux/vserver/context.h>
#include <uapi/linux/vserver/inode.h>
#include <uapi/linux/vserver/limit.h>
#include <uapi/linux/vserver/network.h>
#include <uapi/linux/vserver/sched.h>
#include <uapi/linux/vserver/space.h>

#include "cap.h"
#include "context.h"
#include "network.h"
#include "switch.h"

static long vc_get_version(struct vx_ident *ident, u32 id, void __user *data)
{
	return VCI_VERSION;
}

static long vc_get_vci(struct vx_ident *ident, u32 id, void __user *data)
{
	return vx_vci();
}

/* A command on @space ids (XID, NID) or on something else (NONE). */
#define XID	(&vx_xids)
#define NID	(&nx_nids)
#define NONE	NULL
#define VCMD(name, perm, space, flags) \
	{ VCMD_ ## name, perm, flags, space, vc_ ## name }
#define VCMD_FN(name, fn, perm, space, flags) \
	{ VCMD_ ## name, perm, flags, space, fn }

static const struct vx_cmd vx_cmds[] = {
	VCMD(get_version,	0, NONE, 0),
	VCMD(get_vci,		0, NONE, 0),
	VCMD(task_xid,		2, NONE, 0),
	VCMD(task_tag,		2, NONE, 0),
	VCMD(vx_info,		3, XID, VCF_INFO),
	VCMD(ctx_stat,		3, XID, VCF_INFO),
	VCMD(virt_stat,		3, XID, VCF_INFO),
	VCMD(ctx_create_v0,	5, NONE, 0),
	VCMD(ctx_create,	5, NONE, 0),
	VCMD(ctx_migrate_v0,	5, XID, VCF_ADMIN | VCF_MIGRATE),
	VCMD(ctx_migrate,	5, XID, VCF_ADMIN | VCF_MIGRATE),
	VCMD(ctx_kill,		6, XID, VCF_ARES),
	VCMD(wait_exit,		4, XID, VCF_INFO),
	VCMD_FN(get_cflags, vc_get_flags, 3, XID, VCF_INFO),
	VCMD(set_cflags,	7, XID, VCF_ARES | VCF_SETUP),
	VCMD(get_vhi_name,	3, XID, VCF_INFO),
	VCMD(set_vhi_name,	7, XID, VCF_ARES | VCF_SETUP),
	VCMD(get_bcaps,		3, XID, VCF_INFO),
	VCMD(set_bcaps,		7, XID, VCF_ARES | VCF_SETUP),
	VCMD(get_ccaps,		3, XID, VCF_INFO),
	VCMD(set_ccaps,		7, XID, VCF_ARES | VCF_SETUP),
	VCMD(get_umask,		3, XID, VCF_INFO),
	VCMD(set_umask,		7, XID, VCF_ARES | VCF_SETUP),
	VCMD(task_nid,		2, NONE, 0),
	VCMD(nx_info,		3, NID, VCF_INFO),
	VCMD(net_create_v0,	5, NONE, 0),
	VCMD(net_create,	5, NONE, 0),
	VCMD(net_migrate,	5, NID, VCF_ADMIN | VCF_MIGRATE),
	VCMD_FN(get_nflags, vc_get_flags, 3, NID, VCF_INFO),
	VCMD_FN(set_nflags, vc_set_flags, 7, NID, VCF_ARES | VCF_SETUP),
	VCMD(get_ncaps,		3, NID, VCF_INFO),
	VCMD(set_ncaps,		7, NID, VCF_ARES | VCF_SETUP),
	VCMD(net_add,		8, NID, VCF_ARES | VCF_SETUP),
	VCMD(net_remove,	8, NID, VCF_ARES | VCF_SETUP),
	VCMD(net_add_ipv4_v1,	8, NID, VCF_ARES | VCF_SETUP),
	VCMD(net_rem_ipv4_v1,	8, NID, VCF_ARES | VCF_SETUP),
	VCMD(net_add_ipv4,	8, NID, VCF_ARES | VCF_SETUP),
	VCMD(net_rem_ipv4,	8, NID, VCF_ARES | VCF_SETUP),
	VCMD(net_add_ipv6,	8, NID, VCF_ARES | VCF_SETUP),
	VCMD(net_remove_ipv6,	8, NID, VCF_ARES | VCF_SETUP),
	VCMD(get_iattr,		2, NONE, 0),
	VCMD(set_iattr,		7, NONE, 0),
	VCMD(fget_iattr,	2, NONE, 0),
	VCMD(fset_iattr,	7, NONE, 0),
	VCMD(enter_space_v0,	5, XID, VCF_ADMIN),
	VCMD(enter_space_v1,	5, XID, VCF_ADMIN),
	VCMD(enter_space,	5, XID, VCF_ADMIN),
	VCMD(set_space_v1,	7, XID, VCF_ARES | VCF_SETUP),
	VCMD(set_space,		7, XID, VCF_ARES | VCF_SETUP),
	VCMD(get_space_mask_v0,	0, NONE, 0),
	VCMD(get_space_mask,	0, NONE, 0),
	VCMD(get_space_default,	0, NONE, 0),
	VCMD(get_rlimit,	3, XID, VCF_INFO),
	VCMD(set_rlimit,	7, XID, VCF_ARES | VCF_SETUP),
	VCMD(get_rlimit_mask,	0, NONE, 0),
	VCMD(reset_hits,	2, XID, 0),
	VCMD(reset_minmax,	2, XID, 0),
	VCMD(rlimit_stat,	3, XID, VCF_INFO),
	VCMD(set_sched_v3,	7, XID, VCF_ARES | VCF_SETUP),
	VCMD(set_sched_v4,	7, XID, VCF_ARES | VCF_SETUP),
	VCMD(set_sched,		7, XID, VCF_ARES | VCF_SETUP),
	VCMD(get_sched,		3, XID, VCF_INFO),
	VCMD(sched_info,	3, XID, VCF_INFO | VCF_ZIDOK),
	VCMD(set_prio_bias,	7, XID, VCF_ARES | VCF_SETUP),
	VCMD(get_prio_bias,	3, XID, VCF_INFO),
};

#undef XID
#undef NID
#undef NONE

/**
 * vx_cmd_find() - look a command word up in the dispatch table
 * @cmd: command word from user space
 *
 * Return: the table entry, or NULL for a command this kernel lacks.
 */
const struct vx_cmd *vx_cmd_find(u32 cmd)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vx_cmds); i++)
		if (vx_cmds[i].cmd == cmd)
			return &vx_cmds[i];
	return NULL;
}

/**
 * vx_cmd_permit() - may @who run command @c at all?
 * @c: the command
 * @who: the caller
 *
 * Return: 0, -ENOSYS without CAP_CONTEXT (the syscall looks absent, as
 * on vs2.3),
 * -EPERM without CAP_SYS_ADMIN (perm > 1) or CAP_SYS_RESOURCE (ARES),
 * or when an ADMIN command comes from a guest that is not in setup.
 */
int vx_cmd_permit(const struct vx_cmd *c, const struct vx_caller *who)
{
	if (!who->cap_context)
		return -ENOSYS;
	if (c->perm > 1 && !who->sys_admin)
		return -EPERM;
	if ((c->flags & VCF_ARES) == VCF_ARES && !who->sys_resource)
		return -EPERM;
	if (!(c->flags & VCF_ADMIN) || who->xid == VX_ID_HOST)
		return 0;
	if ((c->flags & VCF_SETUP) && who->in_setup)
		return 0;
	return -EPERM;
}

/**
 * vx_cmd_target_ok() - may an ADMIN command act on a context?
 * @c: the command
 * @target_flags: VXF_* or NXF_* flags of the target
 *
 * Return: 0, or -EACCES when the target left STATE_ADMIN (ctx_kill and
 * set_cflags/set_nflags are exempt: they apply their own rules, "shutdown
 * only" and "only let a PERSISTENT id go").
 */
int vx_cmd_target_ok(const struct vx_cmd *c, u64 target_flags)
{
	if (!(c->flags & VCF_ADMIN) || c->cmd == VCMD_ctx_kill ||
	    c->cmd == VCMD_set_cflags || c->cmd == VCMD_set_nflags)
		return 0;
	return (target_flags & VX_ID_ADMIN) ? 0 : -EACCES;
}

/*
 * CAP_CONTEXT (63) is no capability of 6.12: CAP_LAST_CAP is 40 and
 * capset() refuses bit 63.  A task holds it as a root task of vs2.3 did:
 * it has effective capabilities in the initial user namespace (not an
 * unprivileged user, nor a task that dropped them all) and its context's
 * bcaps keep bit 63.
 */
static bool vx_current_cap_context(void)
{
	const struct cred *cred = current_cred();

	return cred->user_ns == &init_user_ns &&
	       !cap_isclear(cred->cap_effective) && vx_has_cap_context();
}

static void vx_current_caller(struct vx_caller *who)
{
	struct vx_ident *ident = vx_task_ident(current, VX_SLOT_XID);

	who->xid = vx_current_xid();
	who->sys_admin = capable(CAP_SYS_ADMIN);
	who->sys_resource = capable(CAP_SYS_RESOURCE);
	who->in_setup = ident && (READ_ONCE(ident->flags) & VX_ID_SETUP);
	who->cap_context = vx_current_cap_context();
}

static long vx_dispatch(const struct vx_cmd *c, u32 id, void __user *data)
{
	struct vx_idspace *space = c->space;
	struct vx_ident *ident;
	long ret;

	if (!space)
		return c->fn(NULL, id, data);
	/* The handler checks its argument, then moves current (ident NULL). */
	if ((c->flags & VCF_MIGRATE) && id == VX_ID_SPECTATOR)
		return c->fn(NULL, id, data);
	if ((s32)id < 0)
		id = vx_task_id(current, space->slot);
	/* A ZIDOK command on the host: the handler gets no ident. */
	if (id == VX_ID_HOST && (c->flags & VCF_ZIDOK))
		return c->fn(NULL, id, data);
	if (!vx_xid_is_guest(id))
		return -ESRCH;
	ident = vx_ident_lookup(space, id);
	if (!ident)
		return -ESRCH;
	ret = vx_cmd_target_ok(c, READ_ONCE(ident->flags));
	if (!ret)
		ret = c->fn(ident, id, data);
	vx_ident_put(ident);
	return ret;
}

/**
 * sys_vserver - the Linux-VServer control system call
 * @cmd: command word (VC_CMD())
 * @id: xid, pid or other object id, depending on @cmd
 * @data: command specific argument structure, may be NULL for some
 *
 * Return: >= 0 on success (an id or a value for some commands).
 * Possible returned errors are: ENOSYS (unknown command, or no
 * CAP_CONTEXT), EPERM, EACCES, ESRCH, EINVAL, EFAULT, EEXIST, EBUSY.
 */
SYSCALL_DEFINE3(vserver, u32, cmd, u32, id, void __user *, data)
{
	const struct vx_cmd *c = vx_cmd_find(cmd);
	struct vx_caller who;
	int err;

	if (!c)
		return -ENOSYS;
	vx_current_caller(&who);
	err = vx_cmd_permit(c, &who);
	if (err)
		return err;
	return vx_dispatch(c, id, data);
}

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/switch-kunit.h"
#endif
