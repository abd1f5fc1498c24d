/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: process isolation between contexts (task hooks).
 */
#ifndef _VSERVER_TASK_H
#define _VSERVER_TASK_H

#include <linux/init.h>

void __init vx_add_task_hooks(void);

#endif /* _VSERVER_TASK_H */
