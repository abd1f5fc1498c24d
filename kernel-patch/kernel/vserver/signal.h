/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: signalling the tasks of a context.
 */
#ifndef _VSERVER_SIGNAL_H
#define _VSERVER_SIGNAL_H

#include <linux/types.h>

struct vx_info;

int vx_kill_all(struct vx_info *vxi, int sig, bool spare_init);
int vx_kill_pid(struct vx_info *vxi, pid_t nr, int sig);

#endif /* _VSERVER_SIGNAL_H */
