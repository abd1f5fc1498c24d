// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: handlers of the SCHED commands: set_sched (v5, and v4
 * and v3 mapped onto it), get_sched, sched_info, set_prio_bias and
 * get_prio_bias.
 *
 * A set_sched with a mask bit this kernel does not know, a CPU that does
 * not exist or a bucket other than 0 fails with EINVAL before anything
 * changes; the values themselves are sanitised as vs2 did (sched.c).
 */

#include <linux/uaccess.h>
#include <uapi/linux/vserver/sched.h>

#include "context.h"
#include "sched.h"
#include "switch.h"

/* The checks of a v5 request that no sanitising can repair. */
static int vx_sched_check(const struct vcmd_sched_v5 *vc)
{
	if (vc->mask & ~VXSM_V5_MASK)
		return -EINVAL;
	if ((vc->mask & VXSM_CPU_ID) && vc->cpu_id != -1 &&
	    (vc->cpu_id < 0 || vc->cpu_id >= nr_cpu_ids ||
	     !cpu_possible(vc->cpu_id)))
		return -EINVAL;
	if ((vc->mask & VXSM_BUCKET_ID) && vc->bucket_id)
		return -EINVAL;
	return 0;
}

static long vx_set_sched(struct vx_ident *ident,
			 const struct vcmd_sched_v5 *vc)
{
	int err = vx_sched_check(vc);

	return err ?: vx_sched_set(vx_info_of(ident), vc);
}

long vc_set_sched_v3(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vcmd_set_sched_v3 v3;
	struct vcmd_sched_v5 vc;

	if (copy_from_user(&v3, data, sizeof(v3)))
		return -EFAULT;
	vx_sched_from_v3(&vc, &v3);
	return vx_set_sched(ident, &vc);
}

long vc_set_sched_v4(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vcmd_set_sched_v4 v4;
	struct vcmd_sched_v5 vc;

	if (copy_from_user(&v4, data, sizeof(v4)))
		return -EFAULT;
	vx_sched_from_v4(&vc, &v4);
	return vx_set_sched(ident, &vc);
}

long vc_set_sched(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vcmd_sched_v5 vc;

	if (copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	return vx_set_sched(ident, &vc);
}

long vc_get_sched(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vcmd_sched_v5 vc;
	int err;

	if (copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	err = vx_sched_get(vx_info_of(ident), &vc);
	if (err)
		return err;
	return copy_to_user(data, &vc, sizeof(vc)) ? -EFAULT : 0;
}

/* ZIDOK: id 0 (the host) answers the token length only. */
long vc_sched_info(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vcmd_sched_info vc;
	int err;

	if (copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	err = vx_sched_info(vx_info_of(ident), &vc);
	if (err)
		return err;
	return copy_to_user(data, &vc, sizeof(vc)) ? -EFAULT : 0;
}

long vc_set_prio_bias(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vcmd_prio_bias vc;

	if (copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	return vx_sched_set_prio_bias(vx_info_of(ident), vc.cpu_id,
				      vc.prio_bias);
}

long vc_get_prio_bias(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vcmd_prio_bias vc;
	int err;

	if (copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	err = vx_sched_get_prio_bias(vx_info_of(ident), vc.cpu_id,
				     &vc.prio_bias);
	if (err)
		return err;
	return copy_to_user(data, &vc, sizeof(vc)) ? -EFAULT : 0;
}
