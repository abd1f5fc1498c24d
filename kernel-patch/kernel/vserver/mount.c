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
 *    root) only by the context that created it, never the host's;
 *  - a mount may be changed (its flags by a bind remount or
 *    mount_setattr(2), its propagation, its place by MS_MOVE or
 *    move_mount(2)) only when it lives outside the host's initial mount
 *    namespace (the guest's own namespace, or a detached copy it made),
 *    or when its superblock is the guest's own.  Per-mount flags are
 *    shared by everybody who sees the mount: a bind remount read-only of
 *    a host mount made it read-only for the host.
 *
 * CAP_SYS_ADMIN in the bcaps lifts all of this.
 */

#include <linux/fs.h>
#include <linux/lsm_hooks.h>
#include <linux/mount.h>
#include <linux/nsproxy.h>
#include <linux/path.h>
#include <linux/string.h>
#include <linux/vserver.h>
#include <uapi/linux/mount.h>

/* struct mount: the namespace a mount lives in. */
#include "../../fs/mount.h"

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

/**
 * vx_mount_change_allowed() - the rule for changing a mount
 * @creator: the context that created the mount's superblock
 * @xid: the guest
 * @host_ns: the mount lives in the host's initial mount namespace
 * @recurse: the change applies to the mounts below it too
 * @admin: the guest's bcaps keep CAP_SYS_ADMIN
 *
 * Outside the host's namespace a mount is the guest's copy (its own
 * namespace, or a detached tree it made with open_tree() or fsmount()):
 * flags and propagation of a copy do not reach the mount it was copied
 * from.  In the host's namespace only a mount of a superblock the guest
 * created may change, and not recursively, since the mounts below it may
 * be the host's.
 *
 * Return: true if the change may go on.
 */
static bool vx_mount_change_allowed(u32 creator, u32 xid, bool host_ns,
				    bool recurse, bool admin)
{
	if (admin || !host_ns)
		return true;
	return creator == xid && !recurse;
}

/* Is @mnt in the host's initial mount namespace? */
static bool vx_mount_in_host_ns(struct vfsmount *mnt)
{
	return READ_ONCE(real_mount(mnt)->mnt_ns) == init_nsproxy.mnt_ns;
}

/* The change rule for current: 0 or -EPERM. */
static int vx_mount_change(struct vfsmount *mnt, bool recurse)
{
	struct vx_info *vxi = vx_current_guest();

	if (!vxi || vx_mount_change_allowed(vx_sb(mnt->mnt_sb)->xid,
					    vxi->ident.id,
					    vx_mount_in_host_ns(mnt), recurse,
					    vx_bcaps_admin(READ_ONCE(vxi->bcaps))))
		return 0;
	return -EPERM;
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

#define VX_MS_PROPAGATION	(MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)

/*
 * mount(2), in the order path_mount() takes the flags: a bind remount
 * changes the mount's flags, a remount the superblock (sb_remount), a
 * bind or a new mount attaches (sb_kern_mount for new superblocks); then
 * propagation and MS_MOVE.  MS_MOVE names its source by a string that
 * path_mount() looks up after this hook: resolving it here as well would
 * race with a guest that swaps a symlink in between, so in the host's
 * namespace MS_MOVE is refused and move_mount(2) gives the exact rule.
 */
static int hook_sb_mount(const char *dev_name, const struct path *path,
			 const char *type, unsigned long flags, void *data)
{
	struct vx_info *vxi = vx_current_guest();

	if (!vxi)
		return 0;
	if ((flags & (MS_REMOUNT | MS_BIND)) == (MS_REMOUNT | MS_BIND))
		return vx_mount_change(path->mnt, false);
	if (flags & (MS_REMOUNT | MS_BIND))
		return 0;
	if (flags & VX_MS_PROPAGATION)
		return vx_mount_change(path->mnt, flags & MS_REC);
	if ((flags & MS_MOVE) && !vx_bcaps_admin(READ_ONCE(vxi->bcaps)) &&
	    current->nsproxy->mnt_ns == init_nsproxy.mnt_ns)
		return -EPERM;
	return 0;
}

/*
 * move_mount(2): the mount moved is changed.  MOVE_MOUNT_SET_GROUP takes
 * the same hook and changes the propagation of @to, which must then be
 * the root of a mount of the same superblock: such a @to is checked as
 * well (a plain move onto the root of a host mount of that superblock is
 * refused with it).
 */
static int hook_move_mount(const struct path *from, const struct path *to)
{
	int err = vx_mount_change(from->mnt, false);

	if (!err && to->dentry == to->mnt->mnt_root &&
	    to->mnt->mnt_sb == from->mnt->mnt_sb)
		err = vx_mount_change(to->mnt, false);
	return err;
}

/**
 * __vx_mount_setattr() - may current change a mount with mount_setattr(2)?
 * @path: the mount's root, as looked up by the call
 * @recurse: AT_RECURSIVE was given
 *
 * mount_setattr(2) has no LSM hook in 6.12: fs/namespace.c calls this
 * through vx_mount_setattr().
 *
 * Return: 0, or -EPERM when a guest may not change the mount.
 */
int __vx_mount_setattr(const struct path *path, bool recurse)
{
	return vx_mount_change(path->mnt, recurse);
}

static struct security_hook_list vx_mount_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(sb_alloc_security, hook_sb_alloc_security),
	LSM_HOOK_INIT(sb_kern_mount, hook_sb_kern_mount),
	LSM_HOOK_INIT(sb_remount, hook_sb_remount),
	LSM_HOOK_INIT(sb_mount, hook_sb_mount),
	LSM_HOOK_INIT(move_mount, hook_move_mount),
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
