/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: command table and permission model of vserver(2).
 */
#ifndef _VSERVER_SWITCH_H
#define _VSERVER_SWITCH_H

#include <linux/types.h>
#include <uapi/linux/vserver/switch.h>

struct vx_ident;
struct vx_idspace;

/* Command flags. */
#define VCF_INFO	0x01
#define VCF_ADMIN	0x02
#define VCF_ARES	0x06	/* includes VCF_ADMIN */
#define VCF_SETUP	0x08
#define VCF_ZIDOK	0x10
#define VCF_MIGRATE	0x20	/* id 1 moves the caller to the spectator */

/**
 * struct vx_cmd - one dispatchable command
 * @cmd: the command word
 * @perm: permission level: 0 needs CAP_CONTEXT only, >1 also CAP_SYS_ADMIN
 * @flags: VCF_* flags
 * @space: the id space the id names (&vx_xids, &nx_nids), NULL when the
 *	id is something else (a pid, a descriptor, a new id)
 * @fn: handler; @ident is the looked up id of @space, or NULL
 */
struct vx_cmd {
	u32 cmd;
	u8 perm;
	u8 flags;
	struct vx_idspace *space;
	long (*fn)(struct vx_ident *ident, u32 id, void __user *data);
};

/**
 * struct vx_caller - what the permission model needs to know of the caller
 * @cap_context: holds CAP_CONTEXT (see kernel/vserver/Kconfig help)
 * @sys_admin: capable(CAP_SYS_ADMIN)
 * @sys_resource: capable(CAP_SYS_RESOURCE)
 * @xid: the caller's xid
 * @in_setup: the caller's own context is still in STATE_SETUP
 */
struct vx_caller {
	bool cap_context;
	bool sys_admin;
	bool sys_resource;
	u32 xid;
	bool in_setup;
};

const struct vx_cmd *vx_cmd_find(u32 cmd);
int vx_cmd_permit(const struct vx_cmd *c, const struct vx_caller *who);
int vx_cmd_target_ok(const struct vx_cmd *c, u64 target_flags);

long vx_create_cmd(struct vx_idspace *s, u32 id, const void __user *data,
		   u64 flags);
long vx_get_word(struct vx_ident *ident, u64 *word, void __user *data);
long vx_set_word(struct vx_ident *ident, u64 *word, void __user *data);

/*
 * Handlers (ctxcmd.c, netcmd.c, idcmd.c, inodecmd.c, spacecmd.c,
 * limitcmd.c, schedcmd.c).
 */
long vc_task_xid(struct vx_ident *ident, u32 id, void __user *data);
long vc_task_tag(struct vx_ident *ident, u32 id, void __user *data);
long vc_vx_info(struct vx_ident *ident, u32 id, void __user *data);
long vc_ctx_stat(struct vx_ident *ident, u32 id, void __user *data);
long vc_virt_stat(struct vx_ident *ident, u32 id, void __user *data);
long vc_ctx_create_v0(struct vx_ident *ident, u32 id, void __user *data);
long vc_ctx_create(struct vx_ident *ident, u32 id, void __user *data);
long vc_ctx_migrate_v0(struct vx_ident *ident, u32 id, void __user *data);
long vc_ctx_migrate(struct vx_ident *ident, u32 id, void __user *data);
long vc_get_vhi_name(struct vx_ident *ident, u32 id, void __user *data);
long vc_set_vhi_name(struct vx_ident *ident, u32 id, void __user *data);
long vc_wait_exit(struct vx_ident *ident, u32 id, void __user *data);
long vc_ctx_kill(struct vx_ident *ident, u32 id, void __user *data);
long vc_get_flags(struct vx_ident *ident, u32 id, void __user *data);
long vc_set_flags(struct vx_ident *ident, u32 id, void __user *data);
long vc_set_cflags(struct vx_ident *ident, u32 id, void __user *data);
long vc_get_bcaps(struct vx_ident *ident, u32 id, void __user *data);
long vc_set_bcaps(struct vx_ident *ident, u32 id, void __user *data);
long vc_get_ccaps(struct vx_ident *ident, u32 id, void __user *data);
long vc_set_ccaps(struct vx_ident *ident, u32 id, void __user *data);
long vc_get_umask(struct vx_ident *ident, u32 id, void __user *data);
long vc_set_umask(struct vx_ident *ident, u32 id, void __user *data);
long vc_task_nid(struct vx_ident *ident, u32 id, void __user *data);
long vc_net_create_v0(struct vx_ident *ident, u32 id, void __user *data);
long vc_net_create(struct vx_ident *ident, u32 id, void __user *data);
long vc_nx_info(struct vx_ident *ident, u32 id, void __user *data);
long vc_net_migrate(struct vx_ident *ident, u32 id, void __user *data);
long vc_get_ncaps(struct vx_ident *ident, u32 id, void __user *data);
long vc_set_ncaps(struct vx_ident *ident, u32 id, void __user *data);
long vc_net_add(struct vx_ident *ident, u32 id, void __user *data);
long vc_net_remove(struct vx_ident *ident, u32 id, void __user *data);
long vc_net_add_ipv4_v1(struct vx_ident *ident, u32 id, void __user *data);
long vc_net_rem_ipv4_v1(struct vx_ident *ident, u32 id, void __user *data);
long vc_net_add_ipv4(struct vx_ident *ident, u32 id, void __user *data);
long vc_net_rem_ipv4(struct vx_ident *ident, u32 id, void __user *data);
long vc_net_add_ipv6(struct vx_ident *ident, u32 id, void __user *data);
long vc_net_remove_ipv6(struct vx_ident *ident, u32 id, void __user *data);
long vc_get_iattr(struct vx_ident *ident, u32 id, void __user *data);
long vc_set_iattr(struct vx_ident *ident, u32 id, void __user *data);
long vc_fget_iattr(struct vx_ident *ident, u32 id, void __user *data);
long vc_fset_iattr(struct vx_ident *ident, u32 id, void __user *data);
long vc_enter_space_v0(struct vx_ident *ident, u32 id, void __user *data);
long vc_enter_space_v1(struct vx_ident *ident, u32 id, void __user *data);
long vc_enter_space(struct vx_ident *ident, u32 id, void __user *data);
long vc_set_space_v1(struct vx_ident *ident, u32 id, void __user *data);
long vc_set_space(struct vx_ident *ident, u32 id, void __user *data);
long vc_get_space_mask_v0(struct vx_ident *ident, u32 id, void __user *data);
long vc_get_space_mask(struct vx_ident *ident, u32 id, void __user *data);
long vc_get_space_default(struct vx_ident *ident, u32 id, void __user *data);
long vc_get_rlimit(struct vx_ident *ident, u32 id, void __user *data);
long vc_set_rlimit(struct vx_ident *ident, u32 id, void __user *data);
long vc_get_rlimit_mask(struct vx_ident *ident, u32 id, void __user *data);
long vc_reset_hits(struct vx_ident *ident, u32 id, void __user *data);
long vc_reset_minmax(struct vx_ident *ident, u32 id, void __user *data);
long vc_rlimit_stat(struct vx_ident *ident, u32 id, void __user *data);
long vc_set_sched_v3(struct vx_ident *ident, u32 id, void __user *data);
long vc_set_sched_v4(struct vx_ident *ident, u32 id, void __user *data);
long vc_set_sched(struct vx_ident *ident, u32 id, void __user *data);
long vc_get_sched(struct vx_ident *ident, u32 id, void __user *data);
long vc_sched_info(struct vx_ident *ident, u32 id, void __user *data);
long vc_set_prio_bias(struct vx_ident *ident, u32 id, void __user *data);
long vc_get_prio_bias(struct vx_ident *ident, u32 id, void __user *data);

/*
 * The VCMD_get_vci feature word of this kernel.  PPTAG: task_tag exists
 * (every 2.3 kernel set it); the TAGGED field stays 0, files carry no tag.
 * HARDCPU and IDLETIME: the token-bucket scheduler and its idle time rate.
 */
static inline u32 vx_vci(void)
{
	return 1U << VCI_KCBIT_NO_DYNAMIC | 1U << VCI_KCBIT_NETV2 |
	       1U << VCI_KCBIT_PPTAG |
	       1U << VCI_KCBIT_HARDCPU | 1U << VCI_KCBIT_IDLETIME |
	       1U << VCI_KCBIT_SPACES |
	       (IS_ENABLED(CONFIG_VSERVER_PROC_SECURE) ?
		1U << VCI_KCBIT_PROC_SECURE : 0);
}

#endif /* _VSERVER_SWITCH_H */
