// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: handlers of the context commands (create, migrate,
 * info, stat, virt_stat, flags, names, wait_exit, kill, bcaps, ccaps,
 * umask).
 */

#include <linux/err.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vserver.h>

#include "context.h"
#include "signal.h"
#include "switch.h"

/*
 * The task @pid (init pid namespace) if current may see it; called under
 * rcu_read_lock().
 */
static struct task_struct *vx_visible_task(u32 pid)
{
	struct task_struct *p = find_task_by_pid_ns(pid, &init_pid_ns);

	return p && vx_task_visible(p) ? p : NULL;
}

long vc_task_xid(struct vx_ident *ident, u32 id, void __user *data)
{
	struct task_struct *p;
	long xid = -ESRCH;

	if (!id)
		return vx_current_xid();
	rcu_read_lock();
	p = vx_visible_task(id);
	if (p)
		xid = vx_task_xid(p);
	rcu_read_unlock();
	return xid;
}

/*
 * Files carry no tag yet, so every task's filesystem tag is 0 (untagged);
 * a pid the caller cannot see is -ESRCH, as for task_xid.
 */
long vc_task_tag(struct vx_ident *ident, u32 id, void __user *data)
{
	long tag = -ESRCH;

	if (!id)
		return 0;
	rcu_read_lock();
	if (vx_visible_task(id))
		tag = 0;
	rcu_read_unlock();
	return tag;
}

long vc_vx_info(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vx_info *vxi = vx_info_of(ident);
	struct vcmd_vx_info_v0 vc = { .xid = vxi->ident.id };

	vc.initpid = READ_ONCE(vxi->initpid);
	return copy_to_user(data, &vc, sizeof(vc)) ? -EFAULT : 0;
}

long vc_ctx_stat(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vx_info *vxi = vx_info_of(ident);
	struct vcmd_ctx_stat_v0 vc = {
		.usecnt = refcount_read(&vxi->ident.usecnt),
		.tasks = atomic_read(&vxi->ident.tasks),
	};

	return copy_to_user(data, &vc, sizeof(vc)) ? -EFAULT : 0;
}

/*
 * The creator enters the new context; with VIRT_UPTIME it also joins the
 * context's time namespace, which a multi-threaded caller cannot
 * (-EUSERS, checked before anything is made).
 */
static long vx_ctx_create(u32 id, u64 flags)
{
	long ret = vx_cvirt_may_enter(flags);

	if (ret)
		return ret;
	ret = vx_ident_create(&vx_xids, id, flags);
	if (ret < 0)
		return ret;
	return vx_cvirt_flags_set(vx_task_vxi(current), 0) ?: ret;
}

long vc_ctx_create_v0(struct vx_ident *ident, u32 id, void __user *data)
{
	return vx_ctx_create(id, VXF_INIT_SET);
}

/* ctx_create, net_create and ctx_migrate take NULL for their defaults. */
long vc_ctx_create(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vcmd_ctx_create vc = { .flagword = VXF_INIT_SET };

	if (data && copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	return vx_ctx_create(id, vc.flagword);
}

/* A task that enters a VIRT_UPTIME context joins its time namespace. */
static long vx_ctx_enter(struct vx_info *vxi, u64 mflags)
{
	int err = vx_cvirt_may_enter(READ_ONCE(vxi->ident.flags));

	return err ?: vx_migrate(vxi, mflags) ?: vx_cvirt_enter(vxi);
}

/* A NULL @ident is the spectator (switch.c): no context, no init. */
long vc_ctx_migrate_v0(struct vx_ident *ident, u32 id, void __user *data)
{
	if (!ident) {
		vx_ident_migrate_spectator(&vx_xids);
		return VX_ID_SPECTATOR;
	}
	return vx_ctx_enter(vx_info_of(ident), 0);
}

long vc_ctx_migrate(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vx_info *vxi = vx_info_of(ident);
	struct vcmd_ctx_migrate vc = { .flagword = 0 };

	if (data && copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	if (vc.flagword & ~VXM_KNOWN)
		return -EINVAL;
	if (!vxi)
		return vc_ctx_migrate_v0(NULL, id, NULL);
	return vx_ctx_enter(vxi, vc.flagword);
}

/*
 * set_cflags of a context: a newly set VIRT_LOAD starts the load
 * sampling, a newly set VIRT_UPTIME moves the caller into the time
 * namespace when it belongs to the context (see vx_cvirt_flags_set()).
 */
long vc_set_cflags(struct vx_ident *ident, u32 id, void __user *data)
{
	u64 old = READ_ONCE(ident->flags);
	long ret = vc_set_flags(ident, id, data);

	if (ret)
		return ret;
	vx_sched_flags_set(vx_info_of(ident), old);
	return vx_cvirt_flags_set(vx_info_of(ident), old);
}

long vc_virt_stat(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vcmd_virt_stat_v0 vc;

	vx_cvirt_stat(vx_info_of(ident), &vc);
	return copy_to_user(data, &vc, sizeof(vc)) ? -EFAULT : 0;
}

/*
 * The context name lives in the context; the uts fields are those of the
 * UTS namespace in the context's namespace set 0 (EINVAL without one).
 */
long vc_get_vhi_name(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vx_info *vxi = vx_info_of(ident);
	struct vcmd_vhi_name_v0 vc;
	int err;

	if (copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	if (vc.field == VHIN_CONTEXT) {
		spin_lock(&vxi->ident.lock);
		memcpy(vc.name, vxi->name, sizeof(vc.name));
		spin_unlock(&vxi->ident.lock);
	} else {
		err = vx_space_get_uts(&vxi->spaces, vc.field, vc.name);
		if (err)
			return err;
	}
	return copy_to_user(data, &vc, sizeof(vc)) ? -EFAULT : 0;
}

long vc_set_vhi_name(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vx_info *vxi = vx_info_of(ident);
	struct vcmd_vhi_name_v0 vc;

	if (copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	if (strnlen(vc.name, sizeof(vc.name)) == sizeof(vc.name))
		return -EINVAL;
	if (vc.field != VHIN_CONTEXT)
		return vx_space_set_uts(&vxi->spaces, vc.field, vc.name);
	spin_lock(&vxi->ident.lock);
	strscpy(vxi->name, vc.name, sizeof(vxi->name));
	spin_unlock(&vxi->ident.lock);
	return 0;
}

long vc_wait_exit(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vx_info *vxi = vx_info_of(ident);
	struct vcmd_wait_exit_v0 vc;
	int err;

	if (!data)
		return -EFAULT;
	err = wait_event_interruptible(vxi->ident.exit_wq,
				       READ_ONCE(vxi->ident.state) & VX_IDS_RELEASED);
	if (err)
		return err;
	spin_lock(&vxi->ident.lock);
	vc.reboot_cmd = vxi->reboot_cmd;
	vc.exit_code = vxi->exit_code;
	spin_unlock(&vxi->ident.lock);
	return copy_to_user(data, &vc, sizeof(vc)) ? -EFAULT : 0;
}

long vc_ctx_kill(struct vx_ident *ident, u32 id, void __user *data)
{
	struct vx_info *vxi = vx_info_of(ident);
	struct vcmd_ctx_kill_v0 vc;
	bool admin;
	pid_t init;

	if (copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	if (!valid_signal(vc.sig))
		return -EINVAL;
	admin = READ_ONCE(vxi->ident.flags) & VXF_STATE_ADMIN;
	init = READ_ONCE(vxi->initpid);
	/* Without STATE_ADMIN only a shutdown through init is allowed. */
	if (!admin && (vc.pid > 1 || (vc.pid < 1 && init)))
		return -EACCES;
	switch (vc.pid) {
	case 0:
		return vx_kill_all(vxi, vc.sig, false);
	case -1:
		return vx_kill_all(vxi, vc.sig, true);
	case 1:
		if (!init)
			return -ESRCH;
		if (!admin && atomic_read(&vxi->ident.tasks) > 1)
			vc.sig = SIGINT;
		return vx_kill_pid(vxi, init, vc.sig);
	default:
		if (vc.pid < 0)
			return -EINVAL;
		return vx_kill_pid(vxi, vc.pid, vc.sig);
	}
}

long vc_get_bcaps(struct vx_ident *ident, u32 id, void __user *data)
{
	return vx_get_word(ident, &vx_info_of(ident)->bcaps, data);
}

long vc_set_bcaps(struct vx_ident *ident, u32 id, void __user *data)
{
	return vx_set_word(ident, &vx_info_of(ident)->bcaps, data);
}

long vc_get_ccaps(struct vx_ident *ident, u32 id, void __user *data)
{
	return vx_get_word(ident, &vx_info_of(ident)->ccaps, data);
}

long vc_set_ccaps(struct vx_ident *ident, u32 id, void __user *data)
{
	return vx_set_word(ident, &vx_info_of(ident)->ccaps, data);
}

long vc_get_umask(struct vx_ident *ident, u32 id, void __user *data)
{
	return vx_get_word(ident, &vx_info_of(ident)->umask, data);
}

long vc_set_umask(struct vx_ident *ident, u32 id, void __user *data)
{
	return vx_set_word(ident, &vx_info_of(ident)->umask, data);
}
