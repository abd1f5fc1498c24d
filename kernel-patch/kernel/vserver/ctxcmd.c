// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: handlers of the context commands (create, migrate,
 * info, stat, flags, names, wait_exit).
 */

#include <linux/err.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vserver.h>

#include "context.h"
#include "switch.h"

long vc_task_xid(struct vx_info *vxi, u32 id, void __user *data)
{
	struct task_struct *p;
	long xid = -ESRCH;

	if (!id)
		return vx_current_xid();
	rcu_read_lock();
	p = find_task_by_pid_ns(id, &init_pid_ns);
	if (p && vx_task_visible(p))
		xid = vx_task_xid(p);
	rcu_read_unlock();
	return xid;
}

long vc_vx_info(struct vx_info *vxi, u32 id, void __user *data)
{
	struct vcmd_vx_info_v0 vc = { .xid = vxi->xid };

	vc.initpid = READ_ONCE(vxi->initpid);
	return copy_to_user(data, &vc, sizeof(vc)) ? -EFAULT : 0;
}

long vc_ctx_stat(struct vx_info *vxi, u32 id, void __user *data)
{
	struct vcmd_ctx_stat_v0 vc = {
		.usecnt = refcount_read(&vxi->usecnt),
		.tasks = atomic_read(&vxi->tasks),
	};

	return copy_to_user(data, &vc, sizeof(vc)) ? -EFAULT : 0;
}

static long vx_do_create(u32 id, u64 flags)
{
	struct vx_info *vxi;
	int err;

	if (!vx_xid_is_guest(id))
		return -EINVAL;
	if (flags & ~VXF_KNOWN)
		return -EINVAL;
	/*
	 * A fresh context accepts its creator even if private; it is hashed
	 * in setup already, so nobody sees it half made.
	 */
	vxi = vx_create(id, flags | VXF_STATE_SETUP);
	if (IS_ERR(vxi))
		return PTR_ERR(vxi);
	err = vx_migrate(vxi, 0);
	if (!(flags & VXF_STATE_SETUP))
		vx_set_flags(vxi, 0, VXF_STATE_SETUP);
	vx_put(vxi);
	return err ? err : id;
}

long vc_ctx_create_v0(struct vx_info *vxi, u32 id, void __user *data)
{
	return vx_do_create(id, VXF_INIT_SET);
}

/* ctx_create, net_create and ctx_migrate take NULL for their defaults. */
long vc_ctx_create(struct vx_info *vxi, u32 id, void __user *data)
{
	struct vcmd_ctx_create vc = { .flagword = VXF_INIT_SET };

	if (data && copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	return vx_do_create(id, vc.flagword);
}

long vc_ctx_migrate_v0(struct vx_info *vxi, u32 id, void __user *data)
{
	return vx_migrate(vxi, 0);
}

long vc_ctx_migrate(struct vx_info *vxi, u32 id, void __user *data)
{
	struct vcmd_ctx_migrate vc = { .flagword = 0 };

	if (data && copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	if (vc.flagword & ~VXM_KNOWN)
		return -EINVAL;
	return vx_migrate(vxi, vc.flagword);
}

long vc_get_cflags(struct vx_info *vxi, u32 id, void __user *data)
{
	struct vcmd_ctx_flags_v0 vc;

	vc.flagword = READ_ONCE(vxi->flags);
	vc.mask = vx_cflags_effective_mask(~0ULL, vc.flagword);
	return copy_to_user(data, &vc, sizeof(vc)) ? -EFAULT : 0;
}

long vc_set_cflags(struct vx_info *vxi, u32 id, void __user *data)
{
	struct vcmd_ctx_flags_v0 vc;

	if (copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	return vx_set_flags(vxi, vc.flagword, vc.mask);
}

/*
 * Only the context name lives in the context; the uts fields belong to
 * the context's namespace set, which this kernel does not keep yet, so
 * they fail with EINVAL as for a context without namespaces.
 */
long vc_get_vhi_name(struct vx_info *vxi, u32 id, void __user *data)
{
	struct vcmd_vhi_name_v0 vc;

	if (copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	if (vc.field != VHIN_CONTEXT)
		return -EINVAL;
	spin_lock(&vxi->lock);
	memcpy(vc.name, vxi->name, sizeof(vc.name));
	spin_unlock(&vxi->lock);
	return copy_to_user(data, &vc, sizeof(vc)) ? -EFAULT : 0;
}

long vc_set_vhi_name(struct vx_info *vxi, u32 id, void __user *data)
{
	struct vcmd_vhi_name_v0 vc;

	if (copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	if (vc.field != VHIN_CONTEXT)
		return -EINVAL;
	if (strnlen(vc.name, sizeof(vc.name)) == sizeof(vc.name))
		return -EINVAL;
	spin_lock(&vxi->lock);
	strscpy(vxi->name, vc.name, sizeof(vxi->name));
	spin_unlock(&vxi->lock);
	return 0;
}

long vc_wait_exit(struct vx_info *vxi, u32 id, void __user *data)
{
	struct vcmd_wait_exit_v0 vc;
	int err;

	if (!data)
		return -EFAULT;
	err = wait_event_interruptible(vxi->exit_wq,
				       READ_ONCE(vxi->state) & VXS_SHUTDOWN);
	if (err)
		return err;
	spin_lock(&vxi->lock);
	vc.reboot_cmd = vxi->reboot_cmd;
	vc.exit_code = vxi->exit_code;
	spin_unlock(&vxi->lock);
	return copy_to_user(data, &vc, sizeof(vc)) ? -EFAULT : 0;
}
