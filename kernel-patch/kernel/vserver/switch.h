/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: command table and permission model of vserver(2).
 */
#ifndef _VSERVER_SWITCH_H
#define _VSERVER_SWITCH_H

#include <linux/types.h>

struct vx_info;
struct nx_info;

/* Argument kinds: which object the id names. */
#define VCA_NONE	0
#define VCA_VXI		1
#define VCA_NXI		2

/* Command flags. */
#define VCF_INFO	0x01
#define VCF_ADMIN	0x02
#define VCF_ARES	0x06	/* includes VCF_ADMIN */
#define VCF_SETUP	0x08
#define VCF_ZIDOK	0x10

/**
 * struct vx_cmd - one dispatchable command
 * @cmd: the command word
 * @perm: permission level: 0 needs CAP_CONTEXT only, >1 also CAP_SYS_ADMIN
 * @args: VCA_* kind of the id
 * @flags: VCF_* flags
 * @fn: handler; @vxi is the looked up context (VCA_VXI) or NULL
 * @nfn: handler of a VCA_NXI command, given the looked up network context
 */
struct vx_cmd {
	u32 cmd;
	u8 perm;
	u8 args;
	u8 flags;
	long (*fn)(struct vx_info *vxi, u32 id, void __user *data);
	long (*nfn)(struct nx_info *nxi, u32 id, void __user *data);
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

/* Handlers, one per command (ctxcmd.c, signal.c, cap.c, inode.c, netcmd.c). */
long vc_task_xid(struct vx_info *vxi, u32 id, void __user *data);
long vc_vx_info(struct vx_info *vxi, u32 id, void __user *data);
long vc_ctx_stat(struct vx_info *vxi, u32 id, void __user *data);
long vc_ctx_create_v0(struct vx_info *vxi, u32 id, void __user *data);
long vc_ctx_create(struct vx_info *vxi, u32 id, void __user *data);
long vc_ctx_migrate_v0(struct vx_info *vxi, u32 id, void __user *data);
long vc_ctx_migrate(struct vx_info *vxi, u32 id, void __user *data);
long vc_get_cflags(struct vx_info *vxi, u32 id, void __user *data);
long vc_set_cflags(struct vx_info *vxi, u32 id, void __user *data);
long vc_get_vhi_name(struct vx_info *vxi, u32 id, void __user *data);
long vc_set_vhi_name(struct vx_info *vxi, u32 id, void __user *data);
long vc_wait_exit(struct vx_info *vxi, u32 id, void __user *data);
long vc_ctx_kill(struct vx_info *vxi, u32 id, void __user *data);
long vc_get_bcaps(struct vx_info *vxi, u32 id, void __user *data);
long vc_set_bcaps(struct vx_info *vxi, u32 id, void __user *data);
long vc_get_ccaps(struct vx_info *vxi, u32 id, void __user *data);
long vc_set_ccaps(struct vx_info *vxi, u32 id, void __user *data);
long vc_get_umask(struct vx_info *vxi, u32 id, void __user *data);
long vc_set_umask(struct vx_info *vxi, u32 id, void __user *data);
long vc_task_nid(struct vx_info *vxi, u32 id, void __user *data);
long vc_net_create_v0(struct vx_info *vxi, u32 id, void __user *data);
long vc_net_create(struct vx_info *vxi, u32 id, void __user *data);
long vc_nx_info(struct nx_info *nxi, u32 id, void __user *data);
long vc_net_migrate(struct nx_info *nxi, u32 id, void __user *data);
long vc_get_nflags(struct nx_info *nxi, u32 id, void __user *data);
long vc_set_nflags(struct nx_info *nxi, u32 id, void __user *data);
long vc_get_ncaps(struct nx_info *nxi, u32 id, void __user *data);
long vc_set_ncaps(struct nx_info *nxi, u32 id, void __user *data);
long vc_net_add(struct nx_info *nxi, u32 id, void __user *data);
long vc_net_remove(struct nx_info *nxi, u32 id, void __user *data);
long vc_net_add_ipv4_v1(struct nx_info *nxi, u32 id, void __user *data);
long vc_net_rem_ipv4_v1(struct nx_info *nxi, u32 id, void __user *data);
long vc_net_add_ipv4(struct nx_info *nxi, u32 id, void __user *data);
long vc_net_rem_ipv4(struct nx_info *nxi, u32 id, void __user *data);
long vc_net_add_ipv6(struct nx_info *nxi, u32 id, void __user *data);
long vc_net_remove_ipv6(struct nx_info *nxi, u32 id, void __user *data);
long vc_get_iattr(struct vx_info *vxi, u32 id, void __user *data);
long vc_set_iattr(struct vx_info *vxi, u32 id, void __user *data);
long vc_fget_iattr(struct vx_info *vxi, u32 id, void __user *data);
long vc_fset_iattr(struct vx_info *vxi, u32 id, void __user *data);

#endif /* _VSERVER_SWITCH_H */
