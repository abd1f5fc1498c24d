// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: what the commands of both kinds share: the flag words
 * of contexts (get/set_cflags) and network contexts (get/set_nflags) and
 * the creation with flags (ctx_create, net_create), whose argument
 * structs have one layout for both.
 */

#include <linux/uaccess.h>
#include <uapi/linux/vserver/context.h>
#include <uapi/linux/vserver/network.h>

#include "idspace.h"
#include "switch.h"

long vc_get_flags(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vcmd_ctx_flags_v0 vc;

	BUILD_BUG_ON(sizeof(struct vcmd_net_flags_v0) != sizeof(vc));
	vc.flagword = READ_ONCE(ident->flags);
	vc.mask = vx_flags_effective_mask(~0ULL, vc.flagword,
					  ident->space->one_time);
	return copy_to_user(data, &vc, sizeof(vc)) ? -EFAULT : 0;
}

long vc_set_flags(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vcmd_ctx_flags_v0 vc;

	if (copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	return vx_ident_set_flags(ident, vc.flagword, vc.mask);
}

/**
 * vx_create_cmd() - ctx_create and net_create: a new id, current in it
 * @s: the space
 * @id: the id asked for
 * @data: its { flagword } struct, or NULL for @flags
 * @flags: the default flags
 *
 * Return: @id or the errno of vx_ident_create(), -EFAULT.
 */
long vx_create_cmd(struct vx_idspace *s, u32 id, const void __user *data,
		   u64 flags)
{
	struct vcmd_ctx_create vc = { .flagword = flags };

	BUILD_BUG_ON(sizeof(struct vcmd_net_create) != sizeof(vc));
	if (data && copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	return vx_ident_create(s, id, vc.flagword);
}
