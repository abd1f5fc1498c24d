// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: signals a file sends to its owner.
 *
 * F_SETOWN (and F_SETOWN_EX, FIOSETOWN, SIOCSPGRP) name the task or
 * process group that gets SIGIO, SIGURG or the F_SETSIG signal of a file.
 * A guest cannot name a pid it cannot see (vx_pid_visible() in f_setown(),
 * ESRCH as for a pid that does not exist), and the signals of an owner a
 * guest set reach only the tasks of that guest, also when the process
 * group it named holds tasks of the host.  The host and the spectator
 * reach every task, as with kill().
 */

#include <linux/fs.h>
#include <linux/lsm_hooks.h>
#include <linux/sched.h>

#include "common.h"
#include "context.h"
#include "fowner.h"

/**
 * vx_fown_reaches() - the delivery rule of file owner signals
 * @setter: xid of the task that set the owner
 * @target: xid of a task the signal would reach
 *
 * Return: true if the signal may be delivered.
 */
static bool vx_fown_reaches(u32 setter, u32 target)
{
	return setter <= VX_ID_SPECTATOR || setter == target;
}

/* Called under the owner's lock by __f_setown(), in the setting task. */
static void hook_file_set_fowner(struct file *file)
{
	vx_file(file)->fown_xid = vx_current_xid();
}

static int hook_file_send_sigiotask(struct task_struct *tsk,
				    struct fown_struct *fown, int sig)
{
	u32 setter = READ_ONCE(vx_file(fown->file)->fown_xid);

	return vx_fown_reaches(setter, vx_task_xid(tsk)) ? 0 : -EPERM;
}

static struct security_hook_list vx_fowner_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(file_set_fowner, hook_file_set_fowner),
	LSM_HOOK_INIT(file_send_sigiotask, hook_file_send_sigiotask),
};

/**
 * vx_add_fowner_hooks() - register the file owner hooks
 */
void __init vx_add_fowner_hooks(void)
{
	security_add_hooks(vx_fowner_hooks, ARRAY_SIZE(vx_fowner_hooks),
			   &vx_lsmid);
}

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/fowner-kunit.h"
#endif
