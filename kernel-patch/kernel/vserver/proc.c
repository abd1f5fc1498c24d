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
 * vx_proc_create() - create /proc/virtual/<xid>
 * @vxi: the new context
 *
 * Return: 0 or -ENOMEM.
 */
int vx_proc_create(struct vx_info *vxi)
{
	void *key = (void *)(uintptr_t)vxi->xid;
	struct proc_dir_entry *info, *status;
	char name[8];

	if (!vx_proc_root)
		return 0;
	snprintf(name, sizeof(name), "%u", vxi->xid);
	vxi->proc_dir = proc_mkdir_data(name, 0555, vx_proc_root, key);
	if (!vxi->proc_dir)
		return -ENOMEM;
	/* Who may see it depends on the caller: never trust a cached dentry. */
	pde_force_lookup(vxi->proc_dir);
	/* Not hidden: the per-context rule above already applies. */
	vxi->proc_dir->vx_flags = 0;
	info = proc_create_single_data("info", 0444, vxi->proc_dir,
				       vx_proc_xid_info, key);
	status = proc_create_single_data("status", 0444, vxi->proc_dir,
					 vx_proc_xid_status, key);
	if (!info || !status) {
		vx_proc_remove(vxi);
		return -ENOMEM;
	}
	info->vx_flags = 0;
	status->vx_flags = 0;
	return 0;
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
	if (!nx_proc_de_visible(de, nx_current_nid()))
		return false;
	if (xid <= VX_ID_SPECTATOR || de->parent != vx_proc_root ||
	    !S_ISDIR(de->mode))
		return true;
	return (u32)(uintptr_t)de->data == xid;
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
