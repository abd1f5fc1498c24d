// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: /proc/virtual, the context table as seen from user space.
 *
 * /proc/virtual/{info,status} describe the interface and the table;
 * /proc/virtual/<xid>/{info,status} one context each.  A guest lists and
 * opens only the directory of its own xid.
 */

#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/vserver.h>
#include <uapi/linux/vserver/inode.h>
#include <uapi/linux/vserver/switch.h>

#include "../../fs/proc/internal.h"
#include "context.h"
#include "network.h"

static struct proc_dir_entry *vx_proc_root;

/**
 * vx_proc_info_show() - the VCI lines of /proc/virtual/info and
 *	/proc/virtnet/info
 * @m: the seq_file
 * @v: unused
 *
 * Return: 0.
 */
int vx_proc_info_show(struct seq_file *m, void *v)
{
	seq_printf(m, "VCIVersion:\t%04x:%04x\n",
		   VCI_VERSION >> 16, VCI_VERSION & 0xFFFF);
	seq_printf(m, "VCISyscall:\t%d\n", VC_NR_VSERVER_X86_64);
	seq_printf(m, "VCIKernel:\t%08x\n", vx_vci());
	return 0;
}

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
	seq_printf(m, "CFlags:\t%016llx\n", READ_ONCE(vxi->flags));
	seq_printf(m, "CIPid:\t%d\n", READ_ONCE(vxi->initpid));
	vx_put(vxi);
	return 0;
}

static int vx_proc_status_show(struct seq_file *m, void *v)
{
	seq_printf(m, "#CTotal:\t%d\n", vx_count_total());
	seq_printf(m, "#CActive:\t%d\n", vx_count_active());
	return 0;
}

/* Run @show on the context whose xid is the entry's data. */
static int vx_proc_with_vxi(struct seq_file *m,
			    void (*show)(struct seq_file *, struct vx_info *))
{
	struct vx_info *vxi = vx_lookup((u32)(uintptr_t)m->private);

	if (!vxi)
		return -ESRCH;
	show(m, vxi);
	vx_put(vxi);
	return 0;
}

static void vx_show_info(struct seq_file *m, struct vx_info *vxi)
{
	seq_printf(m, "ID:\t%u\n", vxi->xid);
	seq_printf(m, "Info:\t%p\n", vxi);
	seq_printf(m, "Init:\t%d\n", READ_ONCE(vxi->initpid));
	seq_printf(m, "OOM:\t%lld\n", 0LL);
}

static void vx_show_status(struct seq_file *m, struct vx_info *vxi)
{
	seq_printf(m, "UseCnt:\t%u\n", refcount_read(&vxi->usecnt));
	seq_printf(m, "Tasks:\t%d\n", atomic_read(&vxi->tasks));
	seq_printf(m, "Flags:\t%016llx\n", READ_ONCE(vxi->flags));
	/* vs2.3 printed cap_t's two words high first: the same 16 digits. */
	seq_printf(m, "BCaps:\t%016llx\n", READ_ONCE(vxi->bcaps));
	seq_printf(m, "CCaps:\t%016llx\n", READ_ONCE(vxi->ccaps));
	seq_printf(m, "Umask:\t%016llx\n", READ_ONCE(vxi->umask));
}

static int vx_proc_xid_info(struct seq_file *m, void *v)
{
	return vx_proc_with_vxi(m, vx_show_info);
}

static int vx_proc_xid_status(struct seq_file *m, void *v)
{
	return vx_proc_with_vxi(m, vx_show_status);
}

/**
 * vx_proc_id_dir() - create <parent>/<id> with an info and a status file
 * @parent: /proc/virtual or /proc/virtnet
 * @id: the xid or nid, also the data of the three entries
 * @info: show function of <id>/info
 * @status: show function of <id>/status
 *
 * The entries are not hidden: which contexts see the directory is decided
 * per caller (vx_proc_id_visible()), so its dentry is never trusted from
 * the cache either.
 *
 * Return: the directory, or NULL when out of memory.
 */
struct proc_dir_entry *vx_proc_id_dir(struct proc_dir_entry *parent, u32 id,
				      int (*info)(struct seq_file *, void *),
				      int (*status)(struct seq_file *, void *))
{
	void *key = (void *)(uintptr_t)id;
	struct proc_dir_entry *dir, *i, *s;
	char name[8];

	snprintf(name, sizeof(name), "%u", id);
	dir = proc_mkdir_data(name, 0555, parent, key);
	if (!dir)
		return NULL;
	pde_force_lookup(dir);
	dir->vx_flags = 0;
	i = proc_create_single_data("info", 0444, dir, info, key);
	s = proc_create_single_data("status", 0444, dir, status, key);
	if (!i || !s) {
		proc_remove(dir);
		return NULL;
	}
	i->vx_flags = 0;
	s->vx_flags = 0;
	return dir;
}

/**
 * vx_proc_id_visible() - the per-context rule of /proc/virtual and
 *	/proc/virtnet
 * @de: a /proc entry
 * @parent: /proc/virtual or /proc/virtnet
 * @viewer: the viewer's xid or nid
 *
 * Return: false for the <id> directory of another context, when the
 * viewer is a guest.
 */
bool vx_proc_id_visible(const struct proc_dir_entry *de,
			const struct proc_dir_entry *parent, u32 viewer)
{
	if (viewer <= VX_ID_SPECTATOR || de->parent != parent ||
	    !S_ISDIR(de->mode))
		return true;
	return (u32)(uintptr_t)de->data == viewer;
}

/**
 * vx_proc_create() - create /proc/virtual/<xid>
 * @vxi: the new context
 *
 * Return: 0 or -ENOMEM.
 */
int vx_proc_create(struct vx_info *vxi)
{
	if (!vx_proc_root)
		return 0;
	vxi->proc_dir = vx_proc_id_dir(vx_proc_root, vxi->xid,
				       vx_proc_xid_info, vx_proc_xid_status);
	return vxi->proc_dir ? 0 : -ENOMEM;
}

/**
 * vx_proc_remove() - remove /proc/virtual/<xid>
 * @vxi: the context going away
 */
void vx_proc_remove(struct vx_info *vxi)
{
	proc_remove(vxi->proc_dir);
	vxi->proc_dir = NULL;
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
	return vx_proc_id_visible(de, vx_proc_root, xid) &&
	       nx_proc_de_visible(de, nx_current_nid());
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

/**
 * vx_proc_init() - create /proc/virtual
 *
 * Return: 0 or -ENOMEM.
 */
int __init vx_proc_init(void)
{
	vx_proc_root = proc_mkdir("virtual", NULL);
	if (!vx_proc_root)
		return -ENOMEM;
	if (!proc_create_single("info", 0444, vx_proc_root, vx_proc_info_show) ||
	    !proc_create_single("status", 0444, vx_proc_root,
				vx_proc_status_show))
		return -ENOMEM;
	return 0;
}

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/proc-kunit.h"
#endif
