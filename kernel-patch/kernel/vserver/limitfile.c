// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: NOFILE and OPENFD, the struct files of a context.
 */

#include <linux/fs.h>
#include <linux/lsm_hooks.h>

#include "common.h"
#include "context.h"
#include "limit.h"
#include "limitint.h"

/*
 * NOFILE and OPENFD: a struct file made by a guest task is charged to
 * its context; OPENFD bounds the same count a second time.
 */
static int hook_file_alloc_security(struct file *file)
{
	struct vx_info *vxi = vx_limit_current();
	struct vx_limits *l;

	if (!vxi)
		return 0;
	l = &vxi->limits;
	if (vx_limit_over(l, VLIMIT_OPENFD,
			  atomic_long_read(&l->lim[VLIMIT_NOFILE].cur), 1) ||
	    !vx_limit_charge(l, VLIMIT_NOFILE, 1))
		return -EMFILE;
	refcount_inc(&vxi->ident.usecnt);
	vx_file(file)->vxi = vxi;
	return 0;
}

/* From __fput(): a task_work, a workqueue, any task; never current's. */
static void hook_file_free_security(struct file *file)
{
	struct vx_info *vxi = vx_file(file)->vxi;

	if (!vxi)
		return;
	vx_file(file)->vxi = NULL;
	vx_limit_uncharge(&vxi->limits, VLIMIT_NOFILE, 1);
	vx_put(vxi);
}

static struct security_hook_list vx_limit_file_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(file_alloc_security, hook_file_alloc_security),
	LSM_HOOK_INIT(file_free_security, hook_file_free_security),
};

/**
 * vx_add_limit_file_hooks() - register the file hooks of the limits
 */
void __init vx_add_limit_file_hooks(void)
{
	security_add_hooks(vx_limit_file_hooks, ARRAY_SIZE(vx_limit_file_hooks),
			   &vx_lsmid);
}
