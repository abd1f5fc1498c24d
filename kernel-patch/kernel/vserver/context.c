// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: what is particular to security contexts.
 *
 * The table, lifetime and task membership are the id-space core's
 * (idspace.c); a context adds its capability words, its init and the
 * exit record wait_exit() reports, and its /proc/virtual/<xid> files.
 */

#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/vserver.h>

#include "context.h"

/* Clearing STATE_INIT from inside names the caller the guest init. */
static void vx_flags_changed(struct vx_ident *ident, u64 old)
{
	struct vx_info *vxi = vx_info_of(ident);

	if ((old & ~ident->flags & VXF_STATE_INIT) &&
	    vx_task_ident(current, VX_SLOT_XID) == ident)
		vxi->initpid = task_tgid_nr(current);
}

static void vx_member_exit(struct vx_ident *ident, struct task_struct *p)
{
	struct vx_info *vxi = vx_info_of(ident);

	vx_sched_task_exit(vxi, p);
	vxi->exit_code = p->exit_code;
	/* The last thread of the init is gone: the context has no init. */
	if (p->tgid == vxi->initpid && !atomic_read(&p->signal->live))
		WRITE_ONCE(vxi->initpid, 0);
}

static void vx_show_info(struct seq_file *m, struct vx_ident *ident)
{
	struct vx_info *vxi = vx_info_of(ident);

	seq_printf(m, "ID:\t%u\n", ident->id);
	seq_printf(m, "Info:\t%p\n", vxi);
	seq_printf(m, "Init:\t%d\n", READ_ONCE(vxi->initpid));
	seq_printf(m, "OOM:\t%lld\n", 0LL);
}

static void vx_show_status(struct seq_file *m, struct vx_ident *ident)
{
	struct vx_info *vxi = vx_info_of(ident);

	seq_printf(m, "UseCnt:\t%u\n", refcount_read(&ident->usecnt));
	seq_printf(m, "Tasks:\t%d\n", atomic_read(&ident->tasks));
	seq_printf(m, "Flags:\t%016llx\n", READ_ONCE(ident->flags));
	/* vs2.3 printed cap_t's two words high first: the same 16 digits. */
	seq_printf(m, "BCaps:\t%016llx\n", READ_ONCE(vxi->bcaps));
	seq_printf(m, "CCaps:\t%016llx\n", READ_ONCE(vxi->ccaps));
	seq_printf(m, "Umask:\t%016llx\n", READ_ONCE(vxi->umask));
	seq_printf(m, "Spaces:\t%08llx %08llx\n",
		   vx_space_stored(&vxi->spaces, 0),
		   vx_space_stored(&vxi->spaces, 1));
}

static void vx_count_spaces(struct vx_ident *ident, void *counts)
{
	vx_space_count(&vx_info_of(ident)->spaces, counts);
}

/* /proc/virtual/status: what the contexts' sets hold, and init's shares. */
static void vx_show_root_status(struct seq_file *m, struct vx_idspace *s)
{
	struct vx_space_counts c = { };

	vx_idspace_for_each(s, vx_count_spaces, &c);
	vx_space_counts_show(m, &c);
}

/* A new context has every capability (the bound is lowered, never raised)
 * and no namespace set.
 */
static void vx_info_init(struct vx_ident *ident)
{
	BUILD_BUG_ON(offsetof(struct vx_info, ident) != 0);
	vx_info_of(ident)->bcaps = VX_BCAPS_FULL;
	vx_spaces_init(&vx_info_of(ident)->spaces);
	vx_cvirt_init(&vx_info_of(ident)->cvirt);
	vx_limits_init(&vx_info_of(ident)->limits);
	vx_sched_init(&vx_info_of(ident)->sched, vx_info_of(ident)->sched_pc);
}

/* A dead context lets go of its namespaces (process context). */
static void vx_info_release(struct vx_ident *ident)
{
	vx_spaces_release(&vx_info_of(ident)->spaces);
	vx_cvirt_release(&vx_info_of(ident)->cvirt);
}

struct vx_idspace vx_xids = {
	.slot = VX_SLOT_XID,
	.proc_name = "virtual",
	.one_time = VXF_ONE_TIME,
	.busy_in_setup = true,
	.obj_size = sizeof(struct vx_info),
	.init = vx_info_init,
	.show_info = vx_show_info,
	.show_status = vx_show_status,
	.show_root_status = vx_show_root_status,
	.flags_changed = vx_flags_changed,
	.task_exit = vx_member_exit,
	.release = vx_info_release,
	.helper_up = "startup",
	.helper_down = "shutdown",
	.hash_lock = __SPIN_LOCK_UNLOCKED(vx_xids.hash_lock),
};

/**
 * vx_xids_setup() - size a context for this machine's CPUs
 *
 * A context ends with one scheduler bucket per possible CPU id; called
 * at boot, before any context exists.
 */
void __init vx_xids_setup(void)
{
	vx_xids.obj_size = struct_size_t(struct vx_info, sched_pc, nr_cpu_ids);
}

/**
 * vx_migrate() - move current into @vxi
 * @vxi: target context (referenced by the caller)
 * @mflags: VXM_SET_INIT and/or VXM_SET_REAPER
 *
 * Return: 0, -EACCES for a private context that left setup, -EFAULT for
 * a context that is shutting down.
 */
int vx_migrate(struct vx_info *vxi, u64 mflags)
{
	int err = vx_ident_migrate(&vxi->ident);

	if (err)
		return err;
	if (mflags & VXM_SET_INIT) {
		spin_lock_bh(&vxi->ident.lock);
		vxi->initpid = task_tgid_nr(current);
		vxi->ident.flags &= ~VXF_STATE_INIT;
		spin_unlock_bh(&vxi->ident.lock);
	}
	if (mflags & VXM_SET_REAPER) {
		/* Orphans of the guest are reparented to us, as prctl does. */
		current->signal->is_child_subreaper = 1;
		current->signal->has_child_subreaper = 1;
	}
	return 0;
}

/**
 * vx_current_guest() - current's context if its capabilities are bounded
 *
 * Return: the context (not referenced: current keeps it alive) of a guest
 * task outside STATE_SETUP, NULL for host, spectator and setup.
 */
struct vx_info *vx_current_guest(void)
{
	struct vx_info *vxi = vx_task_vxi(current);

	if (!vxi || (READ_ONCE(vxi->ident.flags) & VXF_STATE_SETUP))
		return NULL;
	return vxi;
}

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/context-kunit.h"
#endif
