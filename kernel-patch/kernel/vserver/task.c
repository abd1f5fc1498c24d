// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: task hooks, process isolation between contexts.
 *
 * The host (xid 0) and the spectator (xid 1) see every task.  A guest
 * sees only the tasks of its own context; everything else behaves as if
 * the pid did not exist (ESRCH).
 */

#include <linux/lsm_hooks.h>
#include <linux/ptrace.h>
#include <linux/sched/signal.h>
#include <linux/vserver.h>

#include "context.h"
#include "limit.h"
#include "task.h"

/**
 * vx_xid_sees() - visibility rule between two xids
 * @viewer: xid of the looking task
 * @target: xid of the task looked at
 *
 * Return: true if a task of @viewer may see a task of @target.
 */
static bool vx_xid_sees(u32 viewer, u32 target)
{
	return viewer <= VX_ID_SPECTATOR || viewer == target;
}

bool __vx_task_visible(const struct task_struct *p)
{
	return vx_xid_sees(vx_current_xid(), vx_task_xid(p));
}

bool __vx_pid_task_visible(struct pid *pid)
{
	struct task_struct *p;
	bool visible;

	rcu_read_lock();
	p = pid_task(pid, PIDTYPE_PID);
	visible = p ? __vx_task_visible(p) :
		      vx_current_xid() <= VX_ID_SPECTATOR;
	rcu_read_unlock();
	return visible;
}

bool __vx_pid_visible(struct pid *pid, enum pid_type type)
{
	struct task_struct *p;
	bool any = false;

	if (type != PIDTYPE_PGID)
		type = PIDTYPE_PID;
	/* Caller holds rcu_read_lock(). */
	hlist_for_each_entry_rcu(p, &pid->tasks[type], pid_links[type]) {
		if (__vx_task_visible(p))
			return true;
		any = true;
	}
	return !any;
}

bool __vx_kill_all_target(const struct task_struct *p)
{
	struct vx_info *vxi = vx_task_vxi(current);

	if (!__vx_task_visible(p))
		return false;
	/* kill(-1) from a guest spares the guest init. */
	return !vxi || !vxi->initpid || p->tgid != vxi->initpid;
}

struct task_struct *__vx_signal_target(struct task_struct *p,
				       const struct kernel_siginfo *info)
{
	bool from_user = info == SEND_SIG_NOINFO ||
			 (info > SEND_SIG_PRIV && SI_FROMUSER(info));

	if (!p || !from_user || __vx_task_visible(p))
		return p;
	return NULL;
}

static int vx_check_target(struct task_struct *p)
{
	return vx_task_visible(p) ? 0 : -ESRCH;
}

/*
 * A guest at its NPROC limit cannot fork (EAGAIN, limit.c): the new task
 * joins first, and a refused one is uncounted by security_task_free().
 */
static int hook_task_alloc(struct task_struct *task, unsigned long clone_flags)
{
	int err = vx_limit_task_alloc(vx_task_inherit(task, current));

	if (err)
		return err;
	/* A new task is charged from its first nanosecond. */
	vx_sched_task_start(&vx_task(task)->sched, vx_task_vxi(task), 0);
	return 0;
}

static void hook_task_free(struct task_struct *task)
{
	vx_task_release(task);
}

/*
 * Signals from user space to tasks of another context fail as if the
 * pid did not exist.  Kernel generated signals never reach this hook.
 * kill(pid) never gets here for a hidden task (vx_signal_target() makes
 * the pid unresolvable first, as kill_pid_info_type() would loop on an
 * ESRCH from here); process groups, tgkill and pidfds do.
 */
static int hook_task_kill(struct task_struct *p, struct kernel_siginfo *info,
			  int sig, const struct cred *cred)
{
	return vx_check_target(p);
}

/*
 * A guest cannot trace (or read the private /proc files of) tasks it
 * cannot see.  The host may attach to a guest task only while the guest
 * is still administrable (STATE_ADMIN).
 */
static int hook_ptrace_access_check(struct task_struct *child,
				    unsigned int mode)
{
	u32 target = vx_task_xid(child);
	struct vx_info *vxi;
	int err = 0;

	if (vx_check_target(child))
		return -ESRCH;
	if (!(mode & PTRACE_MODE_ATTACH) || !vx_xid_is_guest(target) ||
	    vx_current_xid() == target)
		return 0;
	vxi = vx_lookup(target);
	if (vxi && !(READ_ONCE(vxi->ident.flags) & VXF_STATE_ADMIN))
		err = -EPERM;
	vx_put(vxi);
	return err;
}

static int hook_task_setpgid(struct task_struct *p, pid_t pgid)
{
	return vx_check_target(p);
}

static int hook_task_setnice(struct task_struct *p, int nice)
{
	return vx_check_target(p);
}

static int hook_task_setioprio(struct task_struct *p, int ioprio)
{
	return vx_check_target(p);
}

/* prlimit64() on another context's task: as if it did not exist. */
static int hook_task_setrlimit(struct task_struct *p, unsigned int resource,
			       struct rlimit *new_rlim)
{
	return vx_check_target(p);
}

/*
 * capget() of a task the caller cannot see: as if it did not exist, not
 * the host task's capability sets.
 */
static int hook_capget(const struct task_struct *target,
		       kernel_cap_t *effective, kernel_cap_t *inheritable,
		       kernel_cap_t *permitted)
{
	return vx_task_visible(target) ? 0 : -ESRCH;
}

static struct security_hook_list vx_task_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(task_alloc, hook_task_alloc),
	LSM_HOOK_INIT(task_free, hook_task_free),
	LSM_HOOK_INIT(task_kill, hook_task_kill),
	LSM_HOOK_INIT(ptrace_access_check, hook_ptrace_access_check),
	LSM_HOOK_INIT(task_setpgid, hook_task_setpgid),
	LSM_HOOK_INIT(task_getpgid, vx_check_target),
	LSM_HOOK_INIT(task_getsid, vx_check_target),
	LSM_HOOK_INIT(task_setnice, hook_task_setnice),
	LSM_HOOK_INIT(task_setioprio, hook_task_setioprio),
	LSM_HOOK_INIT(task_getioprio, vx_check_target),
	LSM_HOOK_INIT(task_setscheduler, vx_check_target),
	LSM_HOOK_INIT(task_getscheduler, vx_check_target),
	LSM_HOOK_INIT(task_movememory, vx_check_target),
	LSM_HOOK_INIT(task_setrlimit, hook_task_setrlimit),
	LSM_HOOK_INIT(capget, hook_capget),
};

/**
 * vx_add_task_hooks() - register the task hooks
 */
void __init vx_add_task_hooks(void)
{
	security_add_hooks(vx_task_hooks, ARRAY_SIZE(vx_task_hooks), &vx_lsmid);
}

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/task-kunit.h"
#endif
