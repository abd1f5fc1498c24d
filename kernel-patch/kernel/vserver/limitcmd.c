// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: handlers of the RLIMIT commands (get_rlimit, set_rlimit,
 * get_rlimit_mask, reset_hits, reset_minmax) and rlimit_stat.
 */

#include <linux/uaccess.h>
#include <uapi/linux/vserver/limit.h>

#include "context.h"
#include "limit.h"
#include "switch.h"

long vc_get_rlimit(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vx_info *vxi = vx_info_of(ident);
	struct vcmd_ctx_rlimit_v0 vc;
	u64 soft, hard;

	if (copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	if (!vx_limit_valid(vc.id))
		return -EINVAL;
	vx_limit_get(&vxi->limits, vc.id, &soft, &hard);
	vc.minimum = CRLIM_UNSET;
	vc.softlimit = soft;
	vc.maximum = hard;
	return copy_to_user(data, &vc, sizeof(vc)) ? -EFAULT : 0;
}

/* minimum is ignored; CRLIM_KEEP leaves a value, soft never exceeds hard. */
long vc_set_rlimit(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vx_info *vxi = vx_info_of(ident);
	struct vcmd_ctx_rlimit_v0 vc;

	if (copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	if (!vx_limit_valid(vc.id))
		return -EINVAL;
	spin_lock_bh(&ident->lock);
	vx_limit_set(&vxi->limits, vc.id, vc.softlimit, vc.maximum);
	spin_unlock_bh(&ident->lock);
	return 0;
}

/* The id is ignored: the mask is the kernel's. */
long vc_get_rlimit_mask(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vcmd_ctx_rlimit_mask_v0 vc = { .maximum = VLIMIT_MASK_VS23 };

	return copy_to_user(data, &vc, sizeof(vc)) ? -EFAULT : 0;
}

long vc_reset_hits(struct vx_ident *ident, u32 id, void __user *data)
{
	vx_limit_reset_hits(&vx_info_of(ident)->limits);
	return 0;
}

long vc_reset_minmax(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vx_info *vxi = vx_info_of(ident);
	long now[NUM_LIMITS];

	vx_limit_values(vxi, now);
	vx_limit_reset_minmax(&vxi->limits, now);
	return 0;
}

long vc_rlimit_stat(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vx_info *vxi = vx_info_of(ident);
	struct vcmd_rlimit_stat_v0 vc;
	long now[NUM_LIMITS];
	struct vx_limit *lim;

	if (copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	if (!vx_limit_accounted(vc.id))
		return -EINVAL;
	vx_limit_values(vxi, now);
	lim = &vxi->limits.lim[vc.id];
	vc.hits = atomic_read(&lim->hits);
	vc.value = now[vc.id];
	vc.minimum = READ_ONCE(lim->rmin);
	vc.maximum = READ_ONCE(lim->rmax);
	return copy_to_user(data, &vc, sizeof(vc)) ? -EFAULT : 0;
}
