// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: reboot(2) inside a guest.
 *
 * A guest never reboots, halts or powers off the host, whatever its
 * capabilities and even in STATE_SETUP.  RESTART, RESTART2, HALT and
 * POWER_OFF end the guest instead, as reboot(2) ends a child pid
 * namespace: the command is recorded for wait_exit, the host's vshelper
 * is started once per guest ("restart", "halt" or "poweroff" and the
 * xid, vshelper.c) so that the host can restart or stop the guest, every
 * task of the context is killed and the caller exits.
 */

#include <linux/reboot.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/vserver.h>

#include "context.h"
#include "signal.h"
#include "vshelper.h"

/**
 * vx_reboot_action() - what reboot(2) does to a guest
 * @cmd: the LINUX_REBOOT_CMD_* asked for
 *
 * Return: 1 when the command ends the guest, or the errno (negative) the
 * call fails with.
 */
static int vx_reboot_action(unsigned int cmd)
{
	switch (cmd) {
	case LINUX_REBOOT_CMD_RESTART:
	case LINUX_REBOOT_CMD_RESTART2:
	case LINUX_REBOOT_CMD_HALT:
	case LINUX_REBOOT_CMD_POWER_OFF:
		return 1;
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return -EINVAL;	/* as in a child pid namespace */
	default:
		return -EPERM;	/* kexec, suspend: the host's business */
	}
}

int __vx_reboot(unsigned int cmd)
{
	struct vx_info *vxi = vx_task_vxi(current);
	int action, err;
	bool first;

	if (!vxi)
		return 0;
	action = vx_reboot_action(cmd);
	if (action < 0)
		return action;
	spin_lock_bh(&vxi->ident.lock);
	first = !(vxi->ident.state & VX_IDS_REBOOT);
	vxi->ident.state |= VX_IDS_REBOOT;
	vxi->reboot_cmd = cmd;
	spin_unlock_bh(&vxi->ident.lock);
	if (first) {
		err = vx_vshelper_call(vx_vshelper_reboot_action(cmd),
				       vxi->ident.id, cmd, false);
		if (err)
			pr_notice_ratelimited("xid %u: vshelper not run: %d\n",
					      vxi->ident.id, err);
	}
	vx_kill_all(vxi, SIGKILL, false);
	do_exit(0);
}

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/helper-kunit.h"
#endif
