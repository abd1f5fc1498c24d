// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: what a guest may mount.
 *
 * SECURE_MOUNT lets a guest whose bcaps lack CAP_SYS_ADMIN call the
 * mount system calls (ccap.c).  The hooks here narrow what such a call
 * may attach or change, whichever mount API it used:
 *
 *  - a filesystem on a block device, proc or devpts; any other type
 *    (tmpfs, sysfs, devtmpfs, NFS with its binary mount data, ...) needs
 *    BINARY_MOUNT as well;
 *  - without DEV_MOUNT, only a superblock whose device nodes do not open:
 *    superblocks created by a guest are marked so, and one that already
 *    existed (the host's devtmpfs, a disk the host has mounted) is
 *    refused, since attaching it would bring its device nodes along;
 *  - a superblock may be reconfigured (remount, fspick, umount of the
 *    root) only by the context that created it, never the host's.
 */

#include <linux/fs.h>
#include <linux/lsm_hooks.h>
#include <linux/string.h>
#include <linux/vserver.h>

#include "context.h"
#include "mount.h"

/**
 * vx_mount_type_secure() - may SECURE_MOUNT alone mount this type?
 * @type: the filesystem type
 *
 * Return: true for filesystems on a block device, proc and devpts.
 */
static bool vx_mount_type_secure(const struct file_system_type *type)
{
	return (type->fs_flags & FS_REQUIRES_DEV) ||
	       !strcmp(type->name, "proc") || !strcmp(type->name, "devpts");
}

/**
 * vx_mount_allowed() - the mount rule for a superblock about to be attached
 * @ccaps: the guest's ccaps
 * @sb: the superblock the mount resolved to
 * @admin: the guest's bcaps keep CAP_SYS_ADMIN
 *
 * devpts clears SB_I_NODEV itself: its nodes are the pseudo-terminals of
 * that instance only, which every guest may open.
 *
 * Return: 0 or -EPERM.
 */
static int vx_mount_allowed(u64 ccaps, const struct super_block *sb, bool admin)
{
	if (!admin && !(ccaps & VXC_BINARY_MOUNT) &&
	    !vx_mount_type_secure(sb->s_type))
		return -EPERM;
	if (!(ccaps & VXC_DEV_MOUNT) && !(sb->s_iflags & SB_I_NODEV) &&
	    strcmp(sb->s_type->name, "devpts"))
		return -EPERM;
	return 0;
}

/**
 * vx_sb_owned() - may a guest reconfigure this superblock?
 * @creator: the context that created the superblock
 * @xid: the guest
 * @admin: the guest's bcaps keep CAP_SYS_ADMIN
 *
 * Return: true for the guest's own superblocks, or any with CAP_SYS_ADMIN.
 */
static bool vx_sb_owned(u32 creator, u32 xid, bool admin)
{
	return admin || creator == xid;
}

static int hook_sb_alloc_security(struct super_block *sb)
{
	struct vx_info *vxi = vx_task_vxi(current);

	vx_sb(sb)->xid = vxi ? vxi->ident.id : 0;
	vxi = vx_current_guest();
	if (vxi && !(READ_ONCE(vxi->ccaps) & VXC_DEV_MOUNT))
		sb->s_iflags |= SB_I_NODEV;
	return 0;
}

/* Called by both mount APIs once the superblock is known, before attaching. */
static int hook_sb_kern_mount(const struct super_block *sb)
{
	struct vx_info *vxi = vx_current_guest();

	if (!vxi)
		return 0;
	return vx_mount_allowed(READ_ONCE(vxi->ccaps), sb,
				vx_bcaps_admin(READ_ONCE(vxi->bcaps)));
}

static int hook_sb_remount(struct super_block *sb, void *mnt_opts)
{
	struct vx_info *vxi = vx_current_guest();

	if (!vxi || vx_sb_owned(vx_sb(sb)->xid, vxi->ident.id,
				vx_bcaps_admin(READ_ONCE(vxi->bcaps))))
		return 0;
	return -EPERM;
}

static struct security_hook_list vx_mount_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(sb_alloc_security, hook_sb_alloc_security),
	LSM_HOOK_INIT(sb_kern_mount, hook_sb_kern_mount),
	LSM_HOOK_INIT(sb_remount, hook_sb_remount),
};

/**
 * vx_add_mount_hooks() - register the hooks that narrow guest mounts
 */
void __init vx_add_mount_hooks(void)
{
	security_add_hooks(vx_mount_hooks, ARRAY_SIZE(vx_mount_hooks),
			   &vx_lsmid);
}

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/mount-kunit.h"
#endif
