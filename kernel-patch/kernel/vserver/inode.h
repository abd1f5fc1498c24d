/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: inode attributes (barrier, immutable, unlink, COW).
 */
#ifndef _VSERVER_INODE_H
#define _VSERVER_INODE_H

#include <linux/init.h>
#include <linux/types.h>

struct dentry;

void vx_iattr_get(struct dentry *dentry, u32 *flags, u32 *mask);
long vx_iattr_set(struct dentry *dentry, u32 flags, u32 mask);

void __init vx_add_inode_hooks(void);

#endif /* _VSERVER_INODE_H */
