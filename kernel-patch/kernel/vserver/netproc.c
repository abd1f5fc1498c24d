// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: /proc/virtnet, the network context table.
 *
 * /proc/virtnet/{info,status} describe the interface and the table,
 * /proc/virtnet/<nid>/{info,status} one network context each.  A guest
 * lists and opens only the directory of its own nid.
 */

#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/vserver.h>

#include "../../fs/proc/internal.h"
#include "context.h"
#include "network.h"

static struct proc_dir_entry *nx_proc_root;

static int nx_proc_status_show(struct seq_file *m, void *v)
{
	seq_printf(m, "#CTotal:\t%d\n", nx_count_total());
	seq_printf(m, "#CActive:\t%d\n", nx_count_active());
	return 0;
}

static int nx_proc_with_nxi(struct seq_file *m,
			    void (*show)(struct seq_file *, struct nx_info *))
{
	struct nx_info *nxi = nx_lookup((u32)(uintptr_t)m->private);

	if (!nxi)
		return -ESRCH;
	show(m, nxi);
	nx_put(nxi);
	return 0;
}

static void nx_show_info(struct seq_file *m, struct nx_info *nxi)
{
	struct nx_addrs a;
	int i;

	spin_lock_bh(&nxi->lock);
	a = nxi->addrs;
	spin_unlock_bh(&nxi->lock);
	seq_printf(m, "ID:\t%u\n", nxi->nid);
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

static void nx_show_status(struct seq_file *m, struct nx_info *nxi)
{
	seq_printf(m, "UseCnt:\t%u\n", refcount_read(&nxi->usecnt));
	seq_printf(m, "Tasks:\t%d\n", atomic_read(&nxi->tasks));
	seq_printf(m, "Flags:\t%016llx\n", READ_ONCE(nxi->flags));
	seq_printf(m, "NCaps:\t%016llx\n", READ_ONCE(nxi->ncaps));
}

/**
 * proc_pid_ninfo() - /proc/<pid>/ninfo, the network context of a task
 * @m: the seq_file
 * @ns: the pid namespace of the /proc mount
 * @pid: the task's pid
 * @task: the task
 *
 * Return: 0.
 */
int proc_pid_ninfo(struct seq_file *m, struct pid_namespace *ns,
		   struct pid *pid, struct task_struct *task)
{
	u32 nid = READ_ONCE(vx_task(task)->nid);
	struct nx_info *nxi = nid > 1 ? nx_lookup(nid) : NULL;
	struct nx_addrs a;
	int i;

	seq_printf(m, "NID:\t%u\n", nid);
	if (!nxi)
		return 0;
	spin_lock_bh(&nxi->lock);
	a = nxi->addrs;
	spin_unlock_bh(&nxi->lock);
	seq_printf(m, "NCaps:\t%016llx\n", READ_ONCE(nxi->ncaps));
	seq_printf(m, "NFlags:\t%016llx\n", READ_ONCE(nxi->flags));
	seq_printf(m, "V4Root[bcast]:\t%pI4\n", &a.bcast);
	seq_printf(m, "V4Root[lback]:\t%pI4\n", &a.lback);
	for (i = 0; i < a.n4; i++)
		seq_printf(m, "V4Root[%d]:\t%pI4/%pI4\n", i, &a.v4[i].ip,
			   &a.v4[i].mask);
	for (i = 0; i < a.n6; i++)
		seq_printf(m, "V6Root[%d]:\t%pI6c/%u\n", i, &a.v6[i].ip,
			   a.v6[i].prefix);
	nx_put(nxi);
	return 0;
}

static int nx_proc_nid_info(struct seq_file *m, void *v)
{
	return nx_proc_with_nxi(m, nx_show_info);
}

static int nx_proc_nid_status(struct seq_file *m, void *v)
{
	return nx_proc_with_nxi(m, nx_show_status);
}

/**
 * nx_proc_create() - create /proc/virtnet/<nid>
 * @nxi: the new network context
 *
 * Return: 0 or -ENOMEM.
 */
int nx_proc_create(struct nx_info *nxi)
{
	if (!nx_proc_root)
		return 0;
	nxi->proc_dir = vx_proc_id_dir(nx_proc_root, nxi->nid,
				       nx_proc_nid_info, nx_proc_nid_status);
	return nxi->proc_dir ? 0 : -ENOMEM;
}

/**
 * nx_proc_remove() - remove /proc/virtnet/<nid>
 * @nxi: the network context going away
 */
void nx_proc_remove(struct nx_info *nxi)
{
	proc_remove(nxi->proc_dir);
	nxi->proc_dir = NULL;
}

/**
 * nx_proc_de_visible() - the per-nid rule of /proc/virtnet
 * @de: a /proc entry
 * @nid: the viewer's nid
 *
 * Return: false for the directory of another network context.
 */
bool nx_proc_de_visible(const struct proc_dir_entry *de, u32 nid)
{
	return vx_proc_id_visible(de, nx_proc_root, nid);
}

/**
 * nx_proc_init() - create /proc/virtnet
 *
 * Return: 0 or -ENOMEM.
 */
int __init nx_proc_init(void)
{
	nx_proc_root = proc_mkdir("virtnet", NULL);
	if (!nx_proc_root)
		return -ENOMEM;
	if (!proc_create_single("info", 0444, nx_proc_root, vx_proc_info_show) ||
	    !proc_create_single("status", 0444, nx_proc_root,
				nx_proc_status_show))
		return -ENOMEM;
	return 0;
}
