/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: signals a file sends to its owner (F_SETOWN).
 */
#ifndef _VSERVER_FOWNER_H
#define _VSERVER_FOWNER_H

#include <linux/init.h>

void __init vx_add_fowner_hooks(void);

#endif /* _VSERVER_FOWNER_H */
