// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: /proc/virtual/<xid>/limit, vs2.3's table of a
 * context's limits.
 */

#include <linux/seq_file.h>

#include "common.h"
#include "context.h"
#include "limit.h"

/* The rows of /proc/virtual/<xid>/limit, in vs2.3's order. */
static const struct {
	const char *name;
	u32 id;
} vx_limit_rows[] = {
	{ "PROC", VLIMIT_NPROC },
	{ "VM", VLIMIT_AS },
	{ "VML", VLIMIT_MEMLOCK },
	{ "RSS", VLIMIT_RSS },
	{ "ANON", VLIMIT_ANON },
	{ "RMAP", VLIMIT_MAPPED },
	{ "FILES", VLIMIT_NOFILE },
	{ "OFD", VLIMIT_OPENFD },
	{ "LOCKS", VLIMIT_LOCKS },
	{ "SOCK", VLIMIT_NSOCK },
	{ "MSGQ", VLIMIT_MSGQUEUE },
	{ "SHM", VLIMIT_SHMEM },
	{ "SEMA", VLIMIT_SEMARY },
	{ "SEMS", VLIMIT_NSEMS },
	{ "DENT", VLIMIT_DENTRY },
};

/**
 * vx_limit_proc_show() - /proc/virtual/<xid>/limit
 * @m: the seq_file; its private data is the context's struct vx_ident
 * @v: unused
 *
 * vs2.3's format: a header, then per limit the value, the watermarks,
 * soft and hard limits (-1 for none) and the hits.
 *
 * Return: 0, or -ESRCH once the context is shut down.
 */
int vx_limit_proc_show(struct seq_file *m, void *v)
{
	struct vx_ident *ident = m->private;
	struct vx_info *vxi = vx_info_of(ident);
	long now[NUM_LIMITS];
	int i;

	if (READ_ONCE(ident->state) & VX_IDS_SHUTDOWN)
		return -ESRCH;
	vx_limit_values(vxi, now);
	seq_puts(m, "Limit\t current\t     min/max\t\t    soft/hard\t\thits\n");
	for (i = 0; i < ARRAY_SIZE(vx_limit_rows); i++) {
		struct vx_limit *lim = &vxi->limits.lim[vx_limit_rows[i].id];

		seq_printf(m, "%s:\t%8ld\t%8ld/%8ld\t%8lld/%8lld\t%6d\n",
			   vx_limit_rows[i].name, now[vx_limit_rows[i].id],
			   READ_ONCE(lim->rmin), READ_ONCE(lim->rmax),
			   (long long)READ_ONCE(lim->soft),
			   (long long)READ_ONCE(lim->hard),
			   atomic_read(&lim->hits));
	}
	return 0;
}
