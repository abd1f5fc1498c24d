/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: what a guest may mount (superblock hooks).
 */
#ifndef _VSERVER_MOUNT_H
#define _VSERVER_MOUNT_H

#include <linux/init.h>

void __init vx_add_mount_hooks(void);

#endif /* _VSERVER_MOUNT_H */
