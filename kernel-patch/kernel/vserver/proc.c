// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: what a task sees of /proc.
 *
 * /proc/<pid>/vinfo and ninfo show a task's context and network context.
 * Entries carry HIDE/ADMIN/WATCH bits (set_iattr); a context directory of
 * /proc/virtual or /proc/virtnet is shown to its own context only (the
 * id-space core's rule).
 */

#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/vserver.h>
#include <uapi/linux/vserver/inode.h>
#include <uapi/linux/vserver/switch.h>

#include "../../fs/proc/internal.h"
#include "context.h"
#include "network.h"
#include "proc.h"

/**
 * proc_pid_vinfo() - /proc/<pid>/vinfo, the context of a task
 * @m: the seq_file
 * @ns: the pid namespace of the /proc mount
 * @pid: the task's pid
 * @task: the task
 *
 * Return: 0.
 */
int proc_pid_vinfo(struct seq_file *m, struct pid_namespace *ns,
		   struct pid *pid, struct task_struct *task)
{
	u32 xid = vx_task_xid(task);
	struct vx_info *vxi = xid > 1 ? vx_lookup(xid) : NULL;

	seq_printf(m, "XID:\t%u\n", xid);
	if (!vxi)
		return 0;
	seq_printf(m, "BCaps:\t%016llx\n", READ_ONCE(vxi->bcaps));
	seq_printf(m, "CCaps:\t%016llx\n", READ_ONCE(vxi->ccaps));
	seq_printf(m, "CFlags:\t%016llx\n", READ_ONCE(vxi->ident.flags));
	seq_printf(m, "CIPid:\t%d\n", READ_ONCE(vxi->initpid));
	vx_put(vxi);
	return 0;
}

/**
 * proc_pid_ninfo() - /proc/<pid>/ninfo, the network context of a task
 * @m: the seq_file
 * @ns: the pid namespace of the /proc mount
 * @pid: the task's pid
 * @task: the task
 *
 * Return: 0.
 */
int proc_pid_ninfo(struct seq_file *m, struct pid_namespace *ns,
		   struct pid *pid, struct task_struct *task)
{
	u32 nid = vx_task_id(task, VX_SLOT_NID);
	struct nx_info *nxi = nid > 1 ? nx_lookup(nid) : NULL;
	struct nx_addrs a;
	int i;

	seq_printf(m, "NID:\t%u\n", nid);
	if (!nxi)
		return 0;
	spin_lock_bh(&nxi->ident.lock);
	a = nxi->addrs;
	spin_unlock_bh(&nxi->ident.lock);
	seq_printf(m, "NCaps:\t%016llx\n", READ_ONCE(nxi->ncaps));
	seq_printf(m, "NFlags:\t%016llx\n", READ_ONCE(nxi->ident.flags));
	seq_printf(m, "V4Root[bcast]:\t%pI4\n", &a.bcast);
	seq_printf(m, "V4Root[lback]:\t%pI4\n", &a.lback);
	for (i = 0; i < a.n4; i++)
		seq_printf(m, "V4Root[%d]:\t%pI4/%pI4\n", i, &a.v4[i].ip,
			   &a.v4[i].mask);
	for (i = 0; i < a.n6; i++)
		seq_printf(m, "V6Root[%d]:\t%pI6c/%u\n", i, &a.v6[i].ip,
			   a.v6[i].prefix);
	nx_put(nxi);
	return 0;
}

/**
 * vx_proc_flags_visible() - the HIDE/ADMIN/WATCH rule
 * @flags: IATTR_FLAGS bits of a /proc entry
 * @xid: the viewer's context
 *
 * Return: true unless @flags hide the entry from @xid: a hidden entry is
 * visible to the host with ADMIN and to the spectator with WATCH only.
 */
static bool vx_proc_flags_visible(u32 flags, u32 xid)
{
	if (!(flags & IATTR_HIDE))
		return true;
	return ((flags & IATTR_ADMIN) && xid == VX_ID_HOST) ||
	       ((flags & IATTR_WATCH) && xid == VX_ID_SPECTATOR);
}

/*
 * An entry must pass the HIDE rule; a context directory is visible to
 * the host, the spectator and its own context only.
 */
bool __vx_proc_de_visible(const struct proc_dir_entry *de)
{
	u32 xid = vx_current_xid();

	if (!vx_proc_flags_visible(READ_ONCE(de->vx_flags), xid))
		return false;
	return vx_idspace_de_visible(&vx_xids, de, xid) &&
	       vx_idspace_de_visible(&nx_nids, de, nx_current_nid());
}

/**
 * vx_proc_iattr() - the HIDE/ADMIN/WATCH bits of a /proc inode
 * @inode: an inode of procfs
 *
 * Return: the bits of its entry, 0 for process directories.
 */
u32 vx_proc_iattr(const struct inode *inode)
{
	struct proc_dir_entry *de = PDE(inode);

	return de ? READ_ONCE(de->vx_flags) : 0;
}

/**
 * vx_proc_hideable() - does a /proc inode have HIDE/ADMIN/WATCH bits?
 * @inode: an inode of procfs
 *
 * Return: true for entries (struct proc_dir_entry) but the /proc root;
 * process directories and sysctl entries below /proc/sys have none and
 * share the visibility of their parent.
 */
bool vx_proc_hideable(const struct inode *inode)
{
	struct proc_dir_entry *de = PDE(inode);

	return de && de != &proc_root;
}

/**
 * vx_proc_set_iattr() - change the HIDE/ADMIN/WATCH bits of a /proc entry
 * @inode: an inode of procfs
 * @flags: the new IATTR_FLAGS bits
 *
 * Return: 0, or -EINVAL where vx_proc_hideable() is false.
 */
int vx_proc_set_iattr(struct inode *inode, u32 flags)
{
	if (!vx_proc_hideable(inode))
		return -EINVAL;
	WRITE_ONCE(PDE(inode)->vx_flags, flags & IATTR_FLAGS);
	return 0;
}

/**
 * vx_proc_inode_check() - may current use a /proc inode it already reached?
 * @inode: an inode of procfs
 *
 * Lookup and readdir hide entries (vx_proc_de_visible()); this catches
 * dentries that stayed in the cache from an earlier lookup by another
 * context.
 *
 * Return: 0, or -ENOENT for an entry hidden from current.
 */
int vx_proc_inode_check(const struct inode *inode)
{
	struct proc_dir_entry *de = PDE(inode);

	if (!de || vx_proc_flags_visible(READ_ONCE(de->vx_flags),
					 vx_current_xid()))
		return 0;
	return -ENOENT;
}

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/proc-kunit.h"
#endif
