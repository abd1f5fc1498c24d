/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: the bounded root: bcaps and the capability hooks.
 */
#ifndef _VSERVER_CAP_H
#define _VSERVER_CAP_H

#include <linux/init.h>
#include <linux/types.h>

bool vx_has_cap_context(void);

void __init vx_add_cap_hooks(void);

#endif /* _VSERVER_CAP_H */
