/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: what a guest may do on sysfs and the other filesystems
 * whose file modes trust uid 0 (called from the inode hooks).
 */
#ifndef _VSERVER_SYSFS_H
#define _VSERVER_SYSFS_H

#include <linux/fs.h>

int vx_sysfs_permission(const struct inode *inode, int mask);
int vx_sysfs_setattr(const struct inode *inode);

#endif /* _VSERVER_SYSFS_H */
