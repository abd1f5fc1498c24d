/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: helpers shared by the limit*.c files (after context.h).
 */
#ifndef _VSERVER_LIMITINT_H
#define _VSERVER_LIMITINT_H

#include <linux/preempt.h>
#include <linux/vserver.h>

#include "context.h"
#include "limit.h"

/* Move the watermarks to @v if it lies outside them (racy on purpose). */
static inline void vx_limit_watermark(struct vx_limit *lim, long v)
{
	if (v > READ_ONCE(lim->rmax))
		WRITE_ONCE(lim->rmax, v);
	if (v < READ_ONCE(lim->rmin))
		WRITE_ONCE(lim->rmin, v);
}

static __always_inline bool vx_limit_idle(void)
{
	return !vx_guests_present();
}

/* The context current's allocations are charged to, NULL for none. */
static inline struct vx_info *vx_limit_current(void)
{
	if (vx_limit_idle() || !in_task())
		return NULL;
	return vx_task_vxi(current);
}

#endif /* _VSERVER_LIMITINT_H */
