// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: sysfs and its kin in a guest.
 *
 * sysfs decides on file modes alone: a root-owned 0644 attribute is
 * writable by uid 0, whatever its capabilities.  Guest root keeps uid 0
 * (and CAP_DAC_OVERRIDE in the default bcaps), so it wrote PCI config
 * space, module parameters and cpuN/online, and read the raw PCI BARs
 * (resource*, 0600) and option ROMs.  debugfs, tracefs, securityfs,
 * configfs, efivarfs and pstore trust uid 0 the same way.
 *
 * On these filesystems a guest whose bcaps lack CAP_SYS_ADMIN is
 * "others": it reads and searches what everybody may read and search,
 * and writes nothing (EACCES, the answer of a mode check); it cannot
 * change modes or owners either (EPERM, as for a file one does not own).
 * Raw hardware attributes are root-only (0600, 0400), so they are closed
 * by the same rule, with every road behind the open: read, write, mmap.
 * What is world-readable stays readable (lspci reads the 64 bytes of
 * config space an unprivileged user reads).  An administrator lets a
 * guest act as root here by keeping CAP_SYS_ADMIN in its bcaps.
 */

#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/stat.h>

#include "context.h"
#include "sysfs.h"

/* fs/configfs/mount.c keeps its magic to itself. */
#define VX_CONFIGFS_MAGIC	0x62656570

/**
 * vx_sysfs_fenced() - is @magic a filesystem whose modes trust uid 0?
 * @magic: the superblock's s_magic
 *
 * Return: true for sysfs, debugfs, tracefs, securityfs, configfs,
 * efivarfs and pstore.
 */
static bool vx_sysfs_fenced(unsigned long magic)
{
	switch (magic) {
	case SYSFS_MAGIC:
	case DEBUGFS_MAGIC:
	case TRACEFS_MAGIC:
	case SECURITYFS_MAGIC:
	case VX_CONFIGFS_MAGIC:
	case EFIVARFS_MAGIC:
	case PSTOREFS_MAGIC:
		return true;
	}
	return false;
}

/**
 * vx_sysfs_may() - the rule: a guest gets the permissions of "others"
 * @mode: the inode's mode
 * @mask: MAY_* bits asked for
 *
 * Writes are refused even where the mode would let everybody write.
 *
 * Return: true if the access is allowed.
 */
static bool vx_sysfs_may(umode_t mode, int mask)
{
	if (mask & (MAY_WRITE | MAY_APPEND))
		return false;
	if ((mask & MAY_READ) && !(mode & 0004))
		return false;
	return !(mask & MAY_EXEC) || (mode & 0001);
}

/* A guest whose bcaps lack CAP_SYS_ADMIN, on a fenced filesystem. */
static bool vx_sysfs_bounded(const struct inode *inode)
{
	struct vx_info *vxi;

	if (!vx_sysfs_fenced(inode->i_sb->s_magic))
		return false;
	vxi = vx_current_guest();
	return vxi && !vx_bcaps_admin(READ_ONCE(vxi->bcaps));
}

/**
 * vx_sysfs_permission() - the inode_permission rule on sysfs and its kin
 * @inode: the inode checked
 * @mask: MAY_* bits asked for
 *
 * Return: 0, or -EACCES for a bounded guest asking more than "others" get.
 */
int vx_sysfs_permission(const struct inode *inode, int mask)
{
	if (!vx_sysfs_bounded(inode) || vx_sysfs_may(inode->i_mode, mask))
		return 0;
	return -EACCES;
}

/**
 * vx_sysfs_setattr() - the inode_setattr rule on sysfs and its kin
 * @inode: the inode whose mode, owner or times would change
 *
 * chmod would let the guest write as "others"; kernfs keeps the new mode
 * for everybody.
 *
 * Return: 0, or -EPERM for a bounded guest.
 */
int vx_sysfs_setattr(const struct inode *inode)
{
	return vx_sysfs_bounded(inode) ? -EPERM : 0;
}

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/sysfs-kunit.h"
#endif
