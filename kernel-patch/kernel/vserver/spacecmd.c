// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: handlers of the space commands (set_space, enter_space,
 * get_space_mask, get_space_default).
 */

#include <linux/nsproxy.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <uapi/linux/vserver/space.h>

#include "context.h"
#include "ipc.h"
#include "space.h"
#include "switch.h"

/* Read a v1 or v2 argument; NULL means mask 0 in set 0. */
static int vx_space_arg(const void __user *data, bool v2,
			struct vcmd_space_mask_v2 *vc)
{
	struct vcmd_space_mask_v1 v1 = { .mask = 0 };

	memset(vc, 0, sizeof(*vc));
	if (!data)
		return 0;
	if (v2)
		return copy_from_user(vc, data, sizeof(*vc)) ? -EFAULT : 0;
	if (copy_from_user(&v1, data, sizeof(v1)))
		return -EFAULT;
	vc->mask = v1.mask;
	return 0;
}

static long vx_enter_cmd(struct vx_ident *ident, const void __user *data,
			 bool v2)
{
	struct vcmd_space_mask_v2 vc;
	int err = vx_space_arg(data, v2, &vc);

	if (err)
		return err;
	/* Nobody enters a private context's namespaces (vs2.3). */
	if (READ_ONCE(ident->flags) & VXF_INFO_PRIVATE)
		return -EACCES;
	return vx_space_enter(&vx_info_of(ident)->spaces, vc.mask, vc.index);
}

long vc_enter_space_v0(struct vx_ident *ident, u32 id, void __user *data)
{
	return vx_enter_cmd(ident, NULL, false);
}

long vc_enter_space_v1(struct vx_ident *ident, u32 id, void __user *data)
{
	return vx_enter_cmd(ident, data, false);
}

long vc_enter_space(struct vx_ident *ident, u32 id, void __user *data)
{
	return vx_enter_cmd(ident, data, true);
}

static long vx_set_cmd(struct vx_ident *ident, const void __user *data,
		       bool v2)
{
	struct vcmd_space_mask_v2 vc;
	int err = vx_space_arg(data, v2, &vc);

	if (err)
		return err;
	err = vx_space_set(&vx_info_of(ident)->spaces, vc.mask, vc.index);
	if (!err && (vc.mask & CLONE_NEWIPC))
		vx_ipc_ns_stored(current->nsproxy->ipc_ns, ident->id);
	return err;
}

long vc_set_space_v1(struct vx_ident *ident, u32 id, void __user *data)
{
	return vx_set_cmd(ident, data, false);
}

long vc_set_space(struct vx_ident *ident, u32 id, void __user *data)
{
	return vx_set_cmd(ident, data, true);
}

static long vx_put_mask(void __user *data, u64 mask)
{
	struct vcmd_space_mask_v1 vc = { .mask = mask };

	return copy_to_user(data, &vc, sizeof(vc)) ? -EFAULT : 0;
}

long vc_get_space_mask_v0(struct vx_ident *ident, u32 id, void __user *data)
{
	return vx_put_mask(data, vx_space_mask_v0());
}

long vc_get_space_mask(struct vx_ident *ident, u32 id, void __user *data)
{
	return vx_put_mask(data, vx_space_mask());
}

long vc_get_space_default(struct vx_ident *ident, u32 id, void __user *data)
{
	return vx_put_mask(data, VX_SPACE_DEFAULT & vx_space_mask());
}
