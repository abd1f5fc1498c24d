/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: network isolation of sockets (socket hooks).
 */
#ifndef _VSERVER_INET_H
#define _VSERVER_INET_H

#include <linux/init.h>

void __init nx_add_inet_hooks(void);

#endif /* _VSERVER_INET_H */
