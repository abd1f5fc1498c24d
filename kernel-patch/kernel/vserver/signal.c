// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: signalling the tasks of a context (ctx_kill, reboot).
 */

#include <linux/pid.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/signal.h>
#include <linux/uaccess.h>

#include "context.h"
#include "signal.h"

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
		if (vx_task_xid(p) != vxi->ident.id || task_pid_nr(p) <= 1)
			continue;
		if (spare_init && task_tgid_nr(p) == READ_ONCE(vxi->initpid))
			continue;
		err = vx_signal(p, sig);
		count++;
	}
	read_unlock(&tasklist_lock);
	return count ? err : -ESRCH;
}

/**
 * vx_kill_pid() - signal one process of a context
 * @vxi: the context
 * @nr: its pid in the initial pid namespace
 * @sig: the signal
 *
 * Return: 0, the signal's error, or -ESRCH when @nr is not in @vxi.
 */
int vx_kill_pid(struct vx_info *vxi, pid_t nr, int sig)
{
	struct task_struct *p;
	int err = -ESRCH;

	rcu_read_lock();
	p = find_task_by_pid_ns(nr, &init_pid_ns);
	if (p && vx_task_xid(p) == vxi->ident.id)
		err = vx_signal(p, sig);
	rcu_read_unlock();
	return err;
}
