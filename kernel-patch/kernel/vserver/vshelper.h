/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: the host's helper for guest reboots and state changes.
 */
#ifndef _VSERVER_VSHELPER_H
#define _VSERVER_VSHELPER_H

#include <linux/types.h>

int vx_vshelper_call(const char *action, u32 id, int cmd, bool wait);
const char *vx_vshelper_reboot_action(unsigned int cmd);

#endif /* _VSERVER_VSHELPER_H */
