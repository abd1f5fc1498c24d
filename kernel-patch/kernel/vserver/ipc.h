/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: SysV IPC objects and POSIX message queues between
 * contexts.
 */
#ifndef _VSERVER_IPC_H
#define _VSERVER_IPC_H

#include <linux/init.h>
#include <linux/types.h>

struct inode;
struct ipc_namespace;

void __init vx_add_ipc_hooks(void);
int vx_mqueue_permission(const struct inode *inode);
u32 vx_ipc_ns_owner(const struct ipc_namespace *ns);
void vx_ipc_ns_stored(struct ipc_namespace *ns, u32 xid);

#endif /* _VSERVER_IPC_H */
