// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: ctx_kill, signalling the tasks of a context from the host.
 */

#include <linux/pid.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/signal.h>
#include <linux/uaccess.h>

#include "context.h"
#include "switch.h"

static int vx_signal(struct task_struct *p, int sig)
{
	return group_send_sig_info(sig, SEND_SIG_PRIV, p, PIDTYPE_TGID);
}

/**
 * vx_kill_all() - signal every process of a context
 * @vxi: the context
 * @sig: the signal
 * @spare_init: leave the guest init alone (kill(-1) semantics)
 *
 * Return: 0, the error of the last signal sent, or -ESRCH if none was.
 */
int vx_kill_all(struct vx_info *vxi, int sig, bool spare_init)
{
	struct task_struct *p;
	int count = 0, err = 0;

	read_lock(&tasklist_lock);
	for_each_process(p) {
		if (vx_task_xid(p) != vxi->xid || task_pid_nr(p) <= 1)
			continue;
		if (spare_init && task_tgid_nr(p) == READ_ONCE(vxi->initpid))
			continue;
		err = vx_signal(p, sig);
		count++;
	}
	read_unlock(&tasklist_lock);
	return count ? err : -ESRCH;
}

static int vx_kill_pid(struct vx_info *vxi, pid_t nr, int sig)
{
	struct task_struct *p;
	int err = -ESRCH;

	rcu_read_lock();
	p = find_task_by_pid_ns(nr, &init_pid_ns);
	if (p && vx_task_xid(p) == vxi->xid)
		err = vx_signal(p, sig);
	rcu_read_unlock();
	return err;
}

long vc_ctx_kill(struct vx_info *vxi, u32 id, void __user *data)
{
	struct vcmd_ctx_kill_v0 vc;
	bool admin;
	pid_t init;

	if (copy_from_user(&vc, data, sizeof(vc)))
		return -EFAULT;
	if (!valid_signal(vc.sig))
		return -EINVAL;
	admin = READ_ONCE(vxi->flags) & VXF_STATE_ADMIN;
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
		if (!admin && atomic_read(&vxi->tasks) > 1)
			vc.sig = SIGINT;
		return vx_kill_pid(vxi, init, vc.sig);
	default:
		if (vc.pid < 0)
			return -EINVAL;
		return vx_kill_pid(vxi, vc.pid, vc.sig);
	}
}
