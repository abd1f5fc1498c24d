/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: tun/tap devices owned by network contexts.
 */
#ifndef _VSERVER_TUN_H
#define _VSERVER_TUN_H

#include <linux/init.h>
#include <linux/types.h>

bool nx_tun_usable(u32 nid, u32 owner);
void __init nx_add_tun_hooks(void);

#endif /* _VSERVER_TUN_H */
