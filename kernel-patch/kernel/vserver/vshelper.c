// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: the vshelper, a host program the kernel runs when a
 * guest reboots, halts or powers off, and, for ids with SC_HELPER, when a
 * context or network context starts and stops.
 *
 * The program is /proc/sys/kernel/vshelper (default /sbin/vshelper; empty
 * runs nothing), only the host may change it.  It runs as a child of
 * kthreadd, outside every context, as "<path> <action> <id>", with
 * HOME, TERM and PATH set and VS_CMD, VS_PID and VS_UID describing the
 * call.  Reboots run it without waiting for it to finish; state changes
 * wait for its exit status.
 */

#include <linux/cred.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/reboot.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/sysctl.h>
#include <linux/umh.h>
#include <linux/uidgid.h>

#include "idspace.h"
#include "vshelper.h"

#define VX_VSHELPER_LEN 256

static char vx_vshelper_path[VX_VSHELPER_LEN] = "/sbin/vshelper";
static DEFINE_MUTEX(vx_vshelper_lock);	/* writers of the path, readers */

/**
 * vx_vshelper_reboot_action() - the helper's action for a reboot(2) command
 * @cmd: LINUX_REBOOT_CMD_*
 *
 * Return: "restart", "halt", "poweroff", or NULL for a command that does
 * not end a guest.
 */
const char *vx_vshelper_reboot_action(unsigned int cmd)
{
	switch (cmd) {
	case LINUX_REBOOT_CMD_RESTART:
	case LINUX_REBOOT_CMD_RESTART2:
		return "restart";
	case LINUX_REBOOT_CMD_HALT:
		return "halt";
	case LINUX_REBOOT_CMD_POWER_OFF:
		return "poweroff";
	default:
		return NULL;
	}
}

/**
 * vx_vshelper_call() - run the vshelper for an id
 * @action: "restart", "halt", "poweroff", "startup", "shutdown", "netup",
 *	"netdown"
 * @id: the xid or nid
 * @cmd: the reboot(2) command for VS_CMD, 0 for state changes
 * @wait: wait for the helper's exit status (else only for its exec)
 *
 * Return: 0 when no helper is set, or the helper ran (and, with @wait,
 * exited 0); -ENOEXEC when it exited non-zero; the error of the exec.
 */
int vx_vshelper_call(const char *action, u32 id, int cmd, bool wait)
{
	char path[VX_VSHELPER_LEN], ids[12], vs_cmd[20], vs_pid[20], vs_uid[20];
	char *argv[] = { path, (char *)action, ids, NULL };
	char *envp[] = { "HOME=/", "TERM=linux",
			 "PATH=/sbin:/usr/sbin:/bin:/usr/bin",
			 vs_cmd, vs_pid, vs_uid, NULL };
	int ret;

	mutex_lock(&vx_vshelper_lock);
	strscpy(path, vx_vshelper_path, sizeof(path));
	mutex_unlock(&vx_vshelper_lock);
	if (!path[0])
		return 0;
	snprintf(ids, sizeof(ids), "%u", id);
	snprintf(vs_cmd, sizeof(vs_cmd), "VS_CMD=%08x", cmd);
	snprintf(vs_pid, sizeof(vs_pid), "VS_PID=%d", task_pid_nr(current));
	snprintf(vs_uid, sizeof(vs_uid), "VS_UID=%u",
		 from_kuid(&init_user_ns, current_uid()));
	ret = call_usermodehelper(path, argv, envp,
				  wait ? UMH_WAIT_PROC : UMH_WAIT_EXEC);
	if (ret > 0)
		return -ENOEXEC;
	return ret;
}

#ifdef CONFIG_SYSCTL
/* Only the host names the program the kernel runs as root. */
static int vx_vshelper_sysctl(const struct ctl_table *table, int write,
			      void *buffer, size_t *lenp, loff_t *ppos)
{
	int ret;

	if (write && vx_task_id(current, VX_SLOT_XID) != VX_ID_HOST)
		return -EPERM;
	mutex_lock(&vx_vshelper_lock);
	ret = proc_dostring(table, write, buffer, lenp, ppos);
	mutex_unlock(&vx_vshelper_lock);
	return ret;
}

static struct ctl_table vx_vshelper_table[] = {
	{
		.procname = "vshelper",
		.data = vx_vshelper_path,
		.maxlen = VX_VSHELPER_LEN,
		.mode = 0644,
		.proc_handler = vx_vshelper_sysctl,
	},
};

static int __init vx_vshelper_init(void)
{
	if (!register_sysctl("kernel", vx_vshelper_table))
		pr_warn("kernel.vshelper not registered\n");
	return 0;
}
late_initcall(vx_vshelper_init);
#endif

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/vshelper-kunit.h"
#endif
