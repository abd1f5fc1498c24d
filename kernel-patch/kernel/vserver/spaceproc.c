// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: the namespace sets of contexts as /proc shows them.
 *
 * /proc/virtual/<xid>/nsproxy and nsproxy1 describe set 0 and set 1 of a
 * context (stored kinds, namespace inode numbers as /proc/<pid>/ns shows
 * them, root and working directory, uts names, ipc limits);
 * /proc/virtual/status counts what all sets hold and how shared the
 * initial task's namespaces are (vs2.3's #NSProxy and #InitTask lines).
 */

#include <linux/fs_struct.h>
#include <linux/init_task.h>
#include <linux/ipc_namespace.h>
#include <linux/ns_common.h>
#include <linux/nsproxy.h>
#include <linux/sched/task.h>
#include <linux/seq_file.h>
#include <linux/utsname.h>

#include "context.h"

/* Row names of the kinds, in enum vx_ns_kind order. */
static const char *const vx_ns_names[VX_NR_NS] = {
	[VX_NS_USER] = "User",
	[VX_NS_MNT] = "Mnt",
	[VX_NS_UTS] = "UTS",
	[VX_NS_IPC] = "IPC",
	[VX_NS_PID] = "PID",
	[VX_NS_NET] = "Net",
};

static void vx_space_show_uts(struct seq_file *m, struct ns_common *ns)
{
	struct new_utsname *u = &container_of(ns, struct uts_namespace, ns)->name;

	seq_printf(m, "SysName:\t%.*s\n", (int)sizeof(u->sysname), u->sysname);
	seq_printf(m, "NodeName:\t%.*s\n", (int)sizeof(u->nodename),
		   u->nodename);
	seq_printf(m, "Release:\t%.*s\n", (int)sizeof(u->release), u->release);
	seq_printf(m, "Version:\t%.*s\n", (int)sizeof(u->version), u->version);
	seq_printf(m, "Machine:\t%.*s\n", (int)sizeof(u->machine), u->machine);
	seq_printf(m, "DomainName:\t%.*s\n", (int)sizeof(u->domainname),
		   u->domainname);
}

static void vx_space_show_ipc(struct seq_file *m, struct ns_common *ns)
{
	struct ipc_namespace *i = container_of(ns, struct ipc_namespace, ns);

	seq_printf(m, "SEMS:\t%d %d %d %d\n", i->sem_ctls[0], i->sem_ctls[1],
		   i->sem_ctls[2], i->sem_ctls[3]);
	seq_printf(m, "MSG:\t%u %u %u\n", i->msg_ctlmax, i->msg_ctlmnb,
		   i->msg_ctlmni);
	seq_printf(m, "SHM:\t%zu %zu %d\n", i->shm_ctlmax, i->shm_ctlall,
		   i->shm_ctlmni);
}

/**
 * vx_space_show() - /proc/virtual/<xid>/nsproxy (set 0) or nsproxy1 (set 1)
 * @m: the file
 * @sp: the context's sets
 * @index: the set
 *
 * Prints the stored mask, one row per namespace kind (its inode number,
 * or "-" when the set holds none), the root and working directory when
 * the set holds CLONE_FS, then the uts names and the ipc limits of the
 * set's UTS and IPC namespaces.
 */
void vx_space_show(struct seq_file *m, struct vx_spaces *sp, u32 index)
{
	struct vx_space *s = &sp->space[index];
	int k;

	mutex_lock(&sp->lock);
	seq_printf(m, "Space:\t%u\n", index);
	seq_printf(m, "Mask:\t%08llx\n", s->mask);
	for (k = 0; k < VX_NR_NS; k++) {
		if (s->ns[k])
			seq_printf(m, "%s:\t%u\n", vx_ns_names[k], s->ns[k]->inum);
		else
			seq_printf(m, "%s:\t-\n", vx_ns_names[k]);
	}
	if (s->mask & CLONE_FS) {
		seq_puts(m, "Root:\t");
		seq_path(m, &s->root, "\n\\");
		seq_puts(m, "\nPwd:\t");
		seq_path(m, &s->pwd, "\n\\");
		seq_putc(m, '\n');
	}
	if (s->ns[VX_NS_UTS])
		vx_space_show_uts(m, s->ns[VX_NS_UTS]);
	if (s->ns[VX_NS_IPC])
		vx_space_show_ipc(m, s->ns[VX_NS_IPC]);
	mutex_unlock(&sp->lock);
}

static int vx_nsproxy_show(struct seq_file *m, u32 index)
{
	struct vx_ident *ident = m->private;

	if (READ_ONCE(ident->state) & VX_IDS_SHUTDOWN)
		return -ESRCH;
	vx_space_show(m, &vx_info_of(ident)->spaces, index);
	return 0;
}

/**
 * vx_nsproxy_proc_show() - /proc/virtual/<xid>/nsproxy
 * @m: the file; its private data is the context's ident
 * @v: unused
 *
 * Return: 0, or -ESRCH for a context that is shutting down.
 */
int vx_nsproxy_proc_show(struct seq_file *m, void *v)
{
	return vx_nsproxy_show(m, 0);
}

/**
 * vx_nsproxy1_proc_show() - /proc/virtual/<xid>/nsproxy1
 * @m: the file; its private data is the context's ident
 * @v: unused
 *
 * Return: 0, or -ESRCH for a context that is shutting down.
 */
int vx_nsproxy1_proc_show(struct seq_file *m, void *v)
{
	return vx_nsproxy_show(m, 1);
}

/**
 * vx_space_count() - add what a context's sets hold to @c
 * @sp: the context's sets
 * @c: the sums
 *
 * Reads the stored masks without the lock (the counts are informational),
 * so it may run under a spinlock.
 */
void vx_space_count(struct vx_spaces *sp, struct vx_space_counts *c)
{
	u32 i;
	int k;

	for (i = 0; i < VX_SPACES; i++) {
		u64 mask = vx_space_stored(sp, i);

		if (!mask)
			continue;
		c->sets++;
		if (mask & CLONE_FS)
			c->fs++;
		for (k = 0; k < VX_NR_NS; k++)
			if (mask & vx_ns_kind_flag(k))
				c->ns[k]++;
	}
}

/**
 * vx_space_counts_show() - the #NSProxy and #InitTask lines
 * @m: /proc/virtual/status
 * @c: the sums of every context
 *
 * #NSProxy: sets holding anything, then sets holding CLONE_FS, mount,
 * uts, ipc, user, pid and network namespaces (vs2.3's order, network
 * added last).  #InitTask: references to the initial task, to its
 * namespace set and users of its fs_struct.
 */
void vx_space_counts_show(struct seq_file *m, const struct vx_space_counts *c)
{
	seq_printf(m, "#NSProxy:\t%u %u %u %u %u %u %u %u\n", c->sets, c->fs,
		   c->ns[VX_NS_MNT], c->ns[VX_NS_UTS], c->ns[VX_NS_IPC],
		   c->ns[VX_NS_USER], c->ns[VX_NS_PID], c->ns[VX_NS_NET]);
	seq_printf(m, "#InitTask:\t%u %u %d\n",
		   refcount_read(&init_task.usage),
		   refcount_read(&init_nsproxy.count),
		   READ_ONCE(init_fs.users));
}

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/spaceproc-kunit.h"
#endif
