/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: abstract unix sockets between contexts.
 */
#ifndef _VSERVER_UNIX_H
#define _VSERVER_UNIX_H

#include <linux/init.h>

void __init vx_add_unix_hooks(void);

#endif /* _VSERVER_UNIX_H */
