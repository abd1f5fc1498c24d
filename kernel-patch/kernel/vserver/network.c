// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: what is particular to network contexts.
 *
 * The table, lifetime and task membership are the id-space core's
 * (idspace.c); a network context adds its capabilities, its address set
 * and its /proc/virtnet/<nid> files.  Sockets of a member hold a
 * reference too (inet.c), so a context that left the hash keeps its
 * memory until they close.
 */

#include <linux/seq_file.h>
#include <linux/vserver.h>

#include "network.h"

static void nx_show_info(struct seq_file *m, struct vx_ident *ident)
{
	struct nx_info *nxi = nx_info_of(ident);
	struct nx_addrs a;
	int i;

	spin_lock_bh(&ident->lock);
	a = nxi->addrs;
	spin_unlock_bh(&ident->lock);
	seq_printf(m, "ID:\t%u\n", ident->id);
	seq_printf(m, "Info:\t%p\n", nxi);
	seq_printf(m, "Bcast:\t%pI4\n", &a.bcast);
	seq_printf(m, "Lback:\t%pI4\n", &a.lback);
	for (i = 0; i < a.n4; i++)
		seq_printf(m, "%d:\t[%pI4-%pI4/%pI4:%04x]\n", i, &a.v4[i].ip,
			   &a.v4[i].ip2, &a.v4[i].mask, a.v4[i].type);
	for (i = 0; i < a.n6; i++)
		seq_printf(m, "%d:\t[%pI6c/%pI6c/%u:%04x]\n", i, &a.v6[i].ip,
			   &a.v6[i].mask, a.v6[i].prefix, a.v6[i].type);
}

static void nx_show_status(struct seq_file *m, struct vx_ident *ident)
{
	seq_printf(m, "UseCnt:\t%u\n", refcount_read(&ident->usecnt));
	seq_printf(m, "Tasks:\t%d\n", atomic_read(&ident->tasks));
	seq_printf(m, "Flags:\t%016llx\n", READ_ONCE(ident->flags));
	seq_printf(m, "NCaps:\t%016llx\n", READ_ONCE(nx_info_of(ident)->ncaps));
}

static void nx_info_init(struct vx_ident *ident)
{
	BUILD_BUG_ON(offsetof(struct nx_info, ident) != 0);
	nx_addrs_init(&nx_info_of(ident)->addrs, ident->id);
}

static const struct vx_ident_file nx_files[] = {
	{ "info", nx_show_info },
	{ "status", nx_show_status },
	{ }
};

struct vx_idspace nx_nids = {
	.slot = VX_SLOT_NID,
	.proc_name = "virtnet",
	.one_time = NXF_ONE_TIME,
	.obj_size = sizeof(struct nx_info),
	.init = nx_info_init,
	.files = nx_files,
	.helper_up = "netup",
	.helper_down = "netdown",
	.hash_lock = __SPIN_LOCK_UNLOCKED(nx_nids.hash_lock),
};

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/network-kunit.h"
#endif
