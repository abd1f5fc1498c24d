// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: inode attributes.
 *
 * BARRIER (directories): no task of a guest may look up or use the
 * directory, so a guest that escapes its chroot cannot walk up past the
 * directory that holds the guest roots.  IMMUTABLE: the data and the
 * attributes of the inode never change.  IMMUTABLE with IXUNLINK (a
 * unified file shared by guests): still never written, but its names may
 * be unlinked or renamed away.  IXUNLINK alone: the names stay.  COW is
 * stored for the copy-on-write link breaking.
 *
 * The bits live in the security.vserver xattr (4 bytes, little endian),
 * so they persist wherever the filesystem keeps security xattrs (ext4,
 * tmpfs, ...), and are cached in the inode's LSM blob.  Only the host
 * may write that xattr directly (backup and restore); everybody else
 * goes through set_iattr.  The inode hooks also apply the sysfs rule
 * (sysfs.c): one LSM slot per hook.
 */

#include <linux/dcache.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fileattr.h>
#include <linux/lsm_hooks.h>
#include <linux/magic.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/mnt_idmapping.h>
#include <linux/namei.h>
#include <linux/uaccess.h>
#include <linux/vserver.h>
#include <linux/xattr.h>
#include <uapi/linux/vserver/inode.h>

#include "ccap.h"
#include "context.h"
#include "inode.h"
#include "ipc.h"
#include "proc.h"
#include "sysfs.h"

#define VX_XATTR_NAME	XATTR_SECURITY_PREFIX "vserver"

/* The bits kept in the xattr. */
#define VX_IATTR_STORED	(IATTR_BARRIER | IATTR_IXUNLINK | IATTR_IMMUTABLE | \
			 IATTR_COW)

/* Set once an inode of this boot carried attribute bits. */
static bool vx_iattr_seen __read_mostly;

/*
 * While no inode has attributes and no guest exists, the inode hooks have
 * nothing to check: one load and the static branch, then return.
 */
static __always_inline bool vx_inode_hooks_idle(void)
{
	return !READ_ONCE(vx_iattr_seen) &&
	       !vx_guests_present();
}

static __always_inline u32 vx_iattr(const struct inode *inode)
{
	return inode->i_security ? READ_ONCE(vx_inode(inode)->iattr) : 0;
}

/**
 * vx_iattr_valid() - which attribute bits mean something for an inode
 * @mode: the inode's file type and mode
 * @procfs: the inode belongs to procfs
 *
 * Return: IATTR_* bits settable on such an inode.
 */
static u32 vx_iattr_valid(umode_t mode, bool procfs)
{
	u32 valid = IATTR_IXUNLINK | IATTR_IMMUTABLE;

	if (procfs)
		return IATTR_FLAGS;
	if (S_ISDIR(mode))
		valid |= IATTR_BARRIER;
	if (S_ISREG(mode))
		valid |= IATTR_COW;
	return valid;
}

/**
 * vx_iattr_merge() - apply a set_iattr request to the stored bits
 * @old: the current bits
 * @flags: the requested values
 * @mask: the bits to change
 * @valid: vx_iattr_valid() of the inode
 *
 * Return: the new bits, or -EINVAL when @mask names a bit that does not
 * apply to the inode (BARRIER on a file, COW on a directory, ...).
 */
static long vx_iattr_merge(u32 old, u32 flags, u32 mask, u32 valid)
{
	if (mask & ~valid)
		return -EINVAL;
	return (old & ~mask) | (flags & mask);
}

/* Immutable data; unlink protected when IMMUTABLE xor IXUNLINK. */
static bool vx_data_locked(u32 iattr)
{
	return iattr & IATTR_IMMUTABLE;
}

static bool vx_names_locked(u32 iattr)
{
	return !(iattr & IATTR_IMMUTABLE) != !(iattr & IATTR_IXUNLINK);
}

static void vx_iattr_load(struct dentry *dentry, struct inode *inode)
{
	__le32 raw;
	u32 iattr;
	int len;

	if (!(inode->i_opflags & IOP_XATTR))
		return;
	len = __vfs_getxattr(dentry, inode, VX_XATTR_NAME, &raw, sizeof(raw));
	iattr = len == sizeof(raw) ? le32_to_cpu(raw) & VX_IATTR_STORED : 0;
	if (iattr && !READ_ONCE(vx_iattr_seen))
		WRITE_ONCE(vx_iattr_seen, true);
	WRITE_ONCE(vx_inode(inode)->iattr, iattr);
}

/* Called with the inode locked. */
static int vx_iattr_store(struct dentry *dentry, u32 iattr)
{
	struct inode *inode = d_inode(dentry);
	__le32 raw = cpu_to_le32(iattr);
	int err;

	if (!(inode->i_opflags & IOP_XATTR))
		return -EOPNOTSUPP;
	if (iattr)
		err = __vfs_setxattr_noperm(&nop_mnt_idmap, dentry, VX_XATTR_NAME,
					    &raw, sizeof(raw), 0);
	else
		err = __vfs_removexattr(&nop_mnt_idmap, dentry, VX_XATTR_NAME);
	if (err == -ENODATA)
		err = 0;
	if (!err)
		WRITE_ONCE(vx_inode(inode)->iattr, iattr);
	if (!err && iattr)
		WRITE_ONCE(vx_iattr_seen, true);
	return err;
}

static bool vx_in_guest(void)
{
	return vx_current_xid() > VX_ID_SPECTATOR;
}

static void hook_d_instantiate(struct dentry *dentry, struct inode *inode)
{
	if (inode)
		vx_iattr_load(dentry, inode);
}

static __always_inline bool vx_is_procfs(const struct inode *inode)
{
	return inode->i_sb->s_magic == PROC_SUPER_MAGIC;
}

static int hook_inode_permission(struct inode *inode, int mask)
{
	u32 iattr;
	int err;

	if (vx_inode_hooks_idle())
		return 0;

	if (vx_is_procfs(inode))
		return vx_proc_inode_check(inode);
	err = vx_sysfs_permission(inode, mask);
	if (err)
		return err;
	err = vx_mqueue_permission(inode);
	if (err)
		return err;
	iattr = vx_iattr(inode);
	if (!iattr)
		return 0;
	if ((iattr & IATTR_BARRIER) && S_ISDIR(inode->i_mode) && vx_in_guest())
		return -EACCES;
	if ((mask & (MAY_WRITE | MAY_APPEND)) && vx_data_locked(iattr))
		return -EPERM;
	return 0;
}

static int hook_inode_getattr(const struct path *path)
{
	struct inode *inode = d_inode(path->dentry);

	if (vx_inode_hooks_idle())
		return 0;

	if (vx_is_procfs(inode))
		return vx_proc_inode_check(inode);
	return vx_mqueue_permission(inode);
}

static int hook_inode_readlink(struct dentry *dentry)
{
	struct inode *inode = d_inode(dentry);

	if (vx_inode_hooks_idle())
		return 0;

	return vx_is_procfs(inode) ? vx_proc_inode_check(inode) : 0;
}

static int hook_inode_setattr(struct mnt_idmap *idmap, struct dentry *dentry,
			      struct iattr *attr)
{
	if (vx_inode_hooks_idle())
		return 0;
	if (vx_sysfs_setattr(d_inode(dentry)))
		return -EPERM;
	if (vx_data_locked(vx_iattr(d_inode(dentry))))
		return -EPERM;
	return vx_mqueue_permission(d_inode(dentry));
}

static int hook_inode_link(struct dentry *old_dentry, struct inode *dir,
			   struct dentry *new_dentry)
{
	if (vx_inode_hooks_idle())
		return 0;
	return vx_names_locked(vx_iattr(d_inode(old_dentry))) ? -EPERM : 0;
}

static int hook_inode_unlink(struct inode *dir, struct dentry *dentry)
{
	if (vx_inode_hooks_idle())
		return 0;
	if (vx_names_locked(vx_iattr(d_inode(dentry))))
		return -EPERM;
	return vx_mqueue_permission(d_inode(dentry));
}

static int hook_inode_rmdir(struct inode *dir, struct dentry *dentry)
{
	return hook_inode_unlink(dir, dentry);
}

static int hook_inode_rename(struct inode *old_dir, struct dentry *old_dentry,
			     struct inode *new_dir, struct dentry *new_dentry)
{
	if (vx_inode_hooks_idle())
		return 0;
	if (vx_names_locked(vx_iattr(d_inode(old_dentry))))
		return -EPERM;
	if (d_is_positive(new_dentry) &&
	    vx_names_locked(vx_iattr(d_inode(new_dentry))))
		return -EPERM;
	return 0;
}

/*
 * security.vserver: written by the host only (set_iattr, or a restore by
 * host root).  Other xattrs of an immutable inode never change.
 */
static int vx_iattr_xattr_check(struct dentry *dentry, const char *name)
{
	if (vx_inode_hooks_idle())
		return 0;
	if (!strcmp(name, VX_XATTR_NAME))
		return vx_current_xid() == VX_ID_HOST ? 0 : -EPERM;
	return vx_data_locked(vx_iattr(d_inode(dentry))) ? -EPERM : 0;
}

static int hook_inode_setxattr(struct mnt_idmap *idmap, struct dentry *dentry,
			       const char *name, const void *value, size_t size,
			       int flags)
{
	return vx_iattr_xattr_check(dentry, name) ?:
	       vx_ccap_xattr_check(name, true);
}

static int hook_inode_removexattr(struct mnt_idmap *idmap,
				  struct dentry *dentry, const char *name)
{
	return vx_iattr_xattr_check(dentry, name) ?:
	       vx_ccap_xattr_check(name, true);
}

static int hook_inode_getxattr(struct dentry *dentry, const char *name)
{
	if (vx_inode_hooks_idle())
		return 0;
	return vx_ccap_xattr_check(name, false);
}

static void hook_inode_post_setxattr(struct dentry *dentry, const char *name,
				     const void *value, size_t size, int flags)
{
	if (!strcmp(name, VX_XATTR_NAME))
		vx_iattr_load(dentry, d_inode(dentry));
}

static void hook_inode_post_removexattr(struct dentry *dentry, const char *name)
{
	if (!strcmp(name, VX_XATTR_NAME))
		WRITE_ONCE(vx_inode(d_inode(dentry))->iattr, 0);
}

/*
 * Locked data stays locked through descriptors opened before the
 * attribute was set: write(), fallocate(), clone and copy ranges check
 * the file, and so do new shared writable mappings.  Only a regular
 * file's data is the inode's: writing to an open device, fifo or socket
 * stays allowed, as with mainline's immutable flag (opening one for
 * writing is refused by the inode check).
 */
static int vx_file_write_check(struct file *file)
{
	if (!file || !READ_ONCE(vx_iattr_seen) ||
	    !S_ISREG(file_inode(file)->i_mode))
		return 0;
	return vx_data_locked(vx_iattr(file_inode(file))) ? -EPERM : 0;
}

static int hook_file_permission(struct file *file, int mask)
{
	return (mask & (MAY_WRITE | MAY_APPEND)) ? vx_file_write_check(file) : 0;
}

static int hook_mmap_file(struct file *file, unsigned long reqprot,
			  unsigned long prot, unsigned long flags)
{
	return (flags & MAP_SHARED) && (prot & PROT_WRITE) ?
	       vx_file_write_check(file) : 0;
}

static int hook_file_mprotect(struct vm_area_struct *vma,
			      unsigned long reqprot, unsigned long prot)
{
	return (vma->vm_flags & VM_SHARED) && (prot & PROT_WRITE) ?
	       vx_file_write_check(vma->vm_file) : 0;
}

static struct security_hook_list vx_inode_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(d_instantiate, hook_d_instantiate),
	LSM_HOOK_INIT(inode_permission, hook_inode_permission),
	LSM_HOOK_INIT(inode_getattr, hook_inode_getattr),
	LSM_HOOK_INIT(inode_readlink, hook_inode_readlink),
	LSM_HOOK_INIT(inode_setattr, hook_inode_setattr),
	LSM_HOOK_INIT(inode_link, hook_inode_link),
	LSM_HOOK_INIT(inode_unlink, hook_inode_unlink),
	LSM_HOOK_INIT(inode_rmdir, hook_inode_rmdir),
	LSM_HOOK_INIT(inode_rename, hook_inode_rename),
	LSM_HOOK_INIT(inode_setxattr, hook_inode_setxattr),
	LSM_HOOK_INIT(inode_removexattr, hook_inode_removexattr),
	LSM_HOOK_INIT(inode_getxattr, hook_inode_getxattr),
	LSM_HOOK_INIT(inode_post_setxattr, hook_inode_post_setxattr),
	LSM_HOOK_INIT(inode_post_removexattr, hook_inode_post_removexattr),
	LSM_HOOK_INIT(file_permission, hook_file_permission),
	LSM_HOOK_INIT(mmap_file, hook_mmap_file),
	LSM_HOOK_INIT(file_mprotect, hook_file_mprotect),
};

/**
 * vx_add_inode_hooks() - register the inode attribute hooks
 */
void __init vx_add_inode_hooks(void)
{
	security_add_hooks(vx_inode_hooks, ARRAY_SIZE(vx_inode_hooks),
			   &vx_lsmid);
}

/**
 * __vx_fileattr_show() - add the vserver IMMUTABLE bit to lsattr's view
 * @inode: the inode
 * @fa: its filesystem attributes
 */
void __vx_fileattr_show(const struct inode *inode, struct fileattr *fa)
{
	if (!vx_data_locked(vx_iattr(inode)))
		return;
	fa->flags |= FS_IMMUTABLE_FL;
	fa->fsx_xflags |= FS_XFLAG_IMMUTABLE;
}

/**
 * vx_iattr_get() - the attributes get_iattr reports
 * @dentry: the file
 * @flags: its IATTR_* bits
 * @mask: the bits that mean something for it
 */
void vx_iattr_get(struct dentry *dentry, u32 *flags, u32 *mask)
{
	struct inode *inode = d_inode(dentry);
	bool procfs = vx_is_procfs(inode);

	*flags = IATTR_TAG | vx_iattr(inode);
	if (IS_IMMUTABLE(inode))
		*flags |= IATTR_IMMUTABLE;
	if (procfs)
		*flags |= vx_proc_iattr(inode);
	/* IXUNLINK, IMMUTABLE and COW are always reported meaningful. */
	*mask = IATTR_IXUNLINK | IATTR_IMMUTABLE | IATTR_COW |
		vx_iattr_valid(inode->i_mode, procfs);
	if (procfs && !vx_proc_hideable(inode))
		*mask &= ~IATTR_FLAGS;
}

/**
 * vx_iattr_set() - change attributes (set_iattr)
 * @dentry: the file, on a mount the caller holds write access to
 * @flags: the new values
 * @mask: the bits to change
 *
 * Return: 0, -EPERM without CAP_LINUX_IMMUTABLE or for a guest moving a
 * barrier, -EINVAL for bits that do not apply, or the xattr's error.
 */
long vx_iattr_set(struct dentry *dentry, u32 flags, u32 mask)
{
	struct inode *inode = d_inode(dentry);
	bool procfs = vx_is_procfs(inode);
	long merged;
	int err;

	if (!capable(CAP_LINUX_IMMUTABLE))
		return -EPERM;
	/* A barrier is the host's fence: guests never move it. */
	if ((mask & IATTR_BARRIER) && vx_in_guest())
		return -EPERM;
	if (procfs && vx_proc_hideable(inode)) {
		merged = vx_iattr_merge(vx_proc_iattr(inode), flags, mask,
					IATTR_FLAGS);
		return merged < 0 ? merged : vx_proc_set_iattr(inode, merged);
	}
	if (procfs) {
		/*
		 * No entry of its own (sysctls below /proc/sys, process
		 * directories, a process's net/): vs2.3 kept the bits with
		 * the inode, where get_iattr reports them and they hide
		 * nothing; vprocunhide sets them on every such file.
		 */
		merged = vx_iattr_merge(vx_iattr(inode), flags, mask,
					IATTR_FLAGS);
		if (merged >= 0 && inode->i_security)
			WRITE_ONCE(vx_inode(inode)->iattr, merged);
		return merged < 0 ? merged : 0;
	}
	inode_lock(inode);
	merged = vx_iattr_merge(vx_iattr(inode), flags, mask,
				vx_iattr_valid(inode->i_mode, false));
	err = merged < 0 ? merged : vx_iattr_store(dentry, merged);
	inode_unlock(inode);
	return err;
}

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/inode-kunit.h"
#endif
