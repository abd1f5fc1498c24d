// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: what the commands of both kinds share: the flag words
 * of contexts (get/set_cflags) and network contexts (get/set_nflags) and
 * the creation with flags (ctx_create, net_create), and the capability
 * words (bcaps, ccaps, umask, ncaps), whose argument structs have one
 * layout for both.
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

/**
 * vx_sealed_flags_ok() - may a flag change reach an id that left STATE_ADMIN?
 * @value: new flag values
 * @mask: the bits to change
 *
 * A sealed id takes no change but one: clearing PERSISTENT, without which
 * a sealed id with no task could never go away.
 *
 * Return: true for exactly that change.
 */
static bool vx_sealed_flags_ok(u64 value, u64 mask)
{
	return mask == VX_ID_PERSISTENT && !(value & VX_ID_PERSISTENT);
}

long vc_set_flags(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vcmd_ctx_flags_v0 vc;

	if (copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	if (!(READ_ONCE(ident->flags) & VX_ID_ADMIN) &&
	    !vx_sealed_flags_ok(vc.flagword, vc.mask))
		return -EACCES;
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

/**
 * vx_get_word() - get_bcaps, get_ccaps, get_umask and get_ncaps
 * @ident: the id that holds @word
 * @word: the word
 * @data: the { __u64 value; __u64 mask; } struct all four share
 *
 * Return: 0 or -EFAULT.
 */
long vx_get_word(struct vx_ident *ident, u64 *word, void __user *data)
{
	u64 vc[2];

	BUILD_BUG_ON(sizeof(struct vcmd_bcaps) != sizeof(vc));
	BUILD_BUG_ON(sizeof(struct vcmd_ctx_caps_v1) != sizeof(vc));
	BUILD_BUG_ON(sizeof(struct vcmd_umask) != sizeof(vc));
	BUILD_BUG_ON(sizeof(struct vcmd_net_caps_v0) != sizeof(vc));

	spin_lock_bh(&ident->lock);
	vc[0] = *word;
	spin_unlock_bh(&ident->lock);
	vc[1] = ~0ULL;
	return copy_to_user(data, vc, sizeof(vc)) ? -EFAULT : 0;
}

/**
 * vx_set_word() - set_bcaps, set_ccaps, set_umask and set_ncaps
 * @ident: the id that holds @word
 * @word: the word
 * @data: the { __u64 value; __u64 mask; } struct
 *
 * The whole word is stored, as vs2.3 did: util-vserver sends words made
 * for every kernel (its --secure bcaps are ~insecure, bits 41..63 set).
 * Only the bits this kernel knows have an effect (vx_caps_bound(), the
 * ccap, unshare-mask and NXC_* checks), and get reports the word as stored.
 *
 * Return: 0 or -EFAULT.
 */
long vx_set_word(struct vx_ident *ident, u64 *word, void __user *data)
{
	u64 vc[2];

	if (copy_from_user(vc, data, sizeof(vc)))
		return -EFAULT;
	spin_lock_bh(&ident->lock);
	*word = vx_mask_merge(*word, vc[0], vc[1]);
	spin_unlock_bh(&ident->lock);
	return 0;
}

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/idcmd-kunit.h"
#endif
