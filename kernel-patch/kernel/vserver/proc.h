/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: HIDE/ADMIN/WATCH attributes of /proc entries.
 */
#ifndef _VSERVER_PROC_H
#define _VSERVER_PROC_H

#include <linux/types.h>

struct inode;

u32 vx_proc_iattr(const struct inode *inode);
int vx_proc_set_iattr(struct inode *inode, u32 flags);
bool vx_proc_hideable(const struct inode *inode);
int vx_proc_inode_check(const struct inode *inode);

#endif /* _VSERVER_PROC_H */
