// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: the id-space core of contexts and network contexts.
 *
 * Both kinds live the same life.  An id is hashed in its space while it
 * is alive; the hash holds one reference, every member task one more
 * (and, for network contexts, every socket).  When the last member task
 * exits and the id is not PERSISTENT it shuts down: it leaves the hash,
 * its /proc/<root>/<id> directory goes away and wait_exit() callers wake
 * up.  The memory goes with the last reference.  The one-time flags
 * (STATE_SETUP, STATE_INIT, STATE_ADMIN) can only be cleared.
 */

#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/vserver.h>
#include <uapi/linux/vserver/switch.h>

#include "../../fs/proc/internal.h"
#include "idspace.h"
#include "switch.h"
#include "vshelper.h"

atomic_t vx_guests_count = ATOMIC_INIT(0);

/**
 * vx_mask_merge() - apply the vserver mask-merge rule
 * @old: current value
 * @value: requested value
 * @mask: bits of @value to take
 *
 * Return: (@old & ~@mask) | (@value & @mask).
 */
u64 vx_mask_merge(u64 old, u64 value, u64 mask)
{
	return (old & ~mask) | (value & mask);
}

/**
 * vx_flags_effective_mask() - restrict a flag mask by the one-time rule
 * @mask: mask requested by the caller
 * @flags: flags the id has now
 * @one_time: the space's one-time bits
 *
 * A one-time bit may only change while it is set, so once cleared it can
 * never come back.
 *
 * Return: the mask that may be applied.
 */
u64 vx_flags_effective_mask(u64 mask, u64 flags, u64 one_time)
{
	return (mask & ~one_time) | (mask & flags & one_time);
}

static struct vx_ident *__vx_ident_find(struct vx_idspace *s, u32 id)
{
	struct vx_ident *ident;

	hash_for_each_possible(s->hash, ident, hlist, id)
		if (ident->id == id)
			return ident;
	return NULL;
}

/**
 * vx_ident_lookup() - find a live id and take a reference
 * @s: the space
 * @id: the id
 *
 * Return: the id object, or NULL if no such id is hashed.
 */
struct vx_ident *vx_ident_lookup(struct vx_idspace *s, u32 id)
{
	struct vx_ident *ident;

	spin_lock(&s->hash_lock);
	ident = __vx_ident_find(s, id);
	if (ident)
		refcount_inc(&ident->usecnt);
	spin_unlock(&s->hash_lock);
	return ident;
}

/**
 * vx_ident_put() - drop a reference; the last one frees the object
 * @ident: the id object (may be NULL)
 *
 * May be called from any context, including RCU callbacks and softirq.
 */
void vx_ident_put(struct vx_ident *ident)
{
	if (ident && refcount_dec_and_test(&ident->usecnt)) {
		atomic_dec(&ident->space->allocated);
		/* The ident is the first member of its vx_info or nx_info. */
		kfree_rcu(ident, rcu);
	}
}

/*
 * An id's /proc/<root>/<id> directory is made after the id is hashed and
 * removed before it is unhashed, both under vx_proc_lock: an id reused
 * at once (ctx_create of the same id as soon as the old one is out of
 * the hash) finds the name free, and an id shut down before its creator
 * made the directory gets none, so no directory outlives its id.
 */
static DEFINE_MUTEX(vx_proc_lock);

static void vx_ident_proc_remove(struct vx_ident *ident)
{
	mutex_lock(&vx_proc_lock);
	proc_remove(ident->proc_dir);
	ident->proc_dir = NULL;
	mutex_unlock(&vx_proc_lock);
}

/*
 * Take a dead id out of its hash, run its down helper (unless @helper is
 * false: a creation undone) and its release, then wake wait_exit();
 * process context only.
 */
static void vx_ident_unhash(struct vx_ident *ident, bool helper)
{
	struct vx_idspace *s = ident->space;

	vx_ident_proc_remove(ident);
	spin_lock(&s->hash_lock);
	hash_del(&ident->hlist);
	spin_unlock(&s->hash_lock);
	atomic_dec(&s->hashed);
	if (helper && s->helper_down &&
	    (READ_ONCE(ident->flags) & VX_ID_SC_HELPER))
		vx_vshelper_call(s->helper_down, ident->id, 0, true);
	if (s->release)
		s->release(ident);
	spin_lock_bh(&ident->lock);
	ident->state |= VX_IDS_RELEASED;
	spin_unlock_bh(&ident->lock);
	wake_up_all(&ident->exit_wq);
	atomic_dec(&vx_guests_count);
	vx_ident_put(ident);
}

/* Mark @ident shut down if it has no reason to live; true if it was. */
static bool vx_ident_try_shutdown(struct vx_ident *ident)
{
	bool dead;

	spin_lock_bh(&ident->lock);
	dead = !atomic_read(&ident->tasks) &&
	       !(ident->flags & VX_ID_PERSISTENT) &&
	       !(ident->state & VX_IDS_SHUTDOWN);
	if (dead)
		ident->state = (ident->state | VX_IDS_SHUTDOWN) & ~VX_IDS_HASHED;
	spin_unlock_bh(&ident->lock);
	return dead;
}

static void vx_ident_task_leave(struct vx_ident *ident)
{
	if (atomic_dec_and_test(&ident->tasks) && vx_ident_try_shutdown(ident))
		vx_ident_unhash(ident, true);
}

/* /proc/<root>/<id>/{info,status}: the entry's data is the ident. */
static int vx_ident_show(struct seq_file *m,
			 void (*show)(struct seq_file *, struct vx_ident *))
{
	struct vx_ident *ident = m->private;

	if (READ_ONCE(ident->state) & VX_IDS_SHUTDOWN)
		return -ESRCH;
	show(m, ident);
	return 0;
}

static int vx_ident_info_show(struct seq_file *m, void *v)
{
	struct vx_ident *ident = m->private;

	return vx_ident_show(m, ident->space->show_info);
}

static int vx_ident_status_show(struct seq_file *m, void *v)
{
	struct vx_ident *ident = m->private;

	return vx_ident_show(m, ident->space->show_status);
}

/*
 * The directory's data is the id (the visibility rule reads it), its
 * files' the ident, which outlives them: proc_remove() waits for their
 * readers before the hash's reference is dropped.  The entries are not
 * hidden; who sees the directory is decided per caller
 * (vx_idspace_de_visible()), so its dentry is never trusted from the
 * cache either.
 */
static int __vx_ident_proc_create(struct vx_ident *ident)
{
	const struct vx_ident_file *f;
	struct proc_dir_entry *dir, *i, *s;
	char name[8];

	if (!ident->space->proc_root ||
	    (READ_ONCE(ident->state) & VX_IDS_SHUTDOWN))
		return 0;
	snprintf(name, sizeof(name), "%u", ident->id);
	dir = proc_mkdir_data(name, 0555, ident->space->proc_root,
			      (void *)(uintptr_t)ident->id);
	if (!dir)
		return -ENOMEM;
	pde_force_lookup(dir);
	dir->vx_flags = 0;
	i = proc_create_single_data("info", 0444, dir, vx_ident_info_show,
				    ident);
	s = proc_create_single_data("status", 0444, dir, vx_ident_status_show,
				    ident);
	if (!i || !s) {
		proc_remove(dir);
		return -ENOMEM;
	}
	i->vx_flags = 0;
	s->vx_flags = 0;
	for (f = ident->space->files; f && f->name; f++) {
		i = proc_create_single_data(f->name, 0444, dir, f->show, ident);
		if (!i) {
			proc_remove(dir);
			return -ENOMEM;
		}
		i->vx_flags = 0;
	}
	ident->proc_dir = dir;
	return 0;
}

static int vx_ident_proc_create(struct vx_ident *ident)
{
	int err;

	mutex_lock(&vx_proc_lock);
	err = __vx_ident_proc_create(ident);
	mutex_unlock(&vx_proc_lock);
	return err;
}

/* Hash @ident, just allocated; the caller frees it on an error. */
static int vx_ident_add(struct vx_idspace *s, struct vx_ident *ident, u32 id,
			u64 flags)
{
	struct vx_ident *old;
	int err = 0;

	ident->space = s;
	ident->id = id;
	ident->flags = flags;
	ident->state = VX_IDS_HASHED;
	refcount_set(&ident->usecnt, 2);
	spin_lock_init(&ident->lock);
	lockdep_set_class(&ident->lock, &s->lock_key);
	init_waitqueue_head(&ident->exit_wq);

	spin_lock(&s->hash_lock);
	old = __vx_ident_find(s, id);
	if (old)
		err = s->busy_in_setup &&
		      (READ_ONCE(old->flags) & VX_ID_SETUP) ? -EBUSY : -EEXIST;
	else
		hash_add(s->hash, &ident->hlist, id);
	spin_unlock(&s->hash_lock);
	if (err)
		return err;
	atomic_inc(&s->allocated);
	atomic_inc(&s->hashed);
	atomic_inc(&vx_guests_count);
	if (vx_ident_proc_create(ident))
		pr_warn("no /proc/%s entry for id %u\n", s->proc_name, id);
	return 0;
}

/**
 * vx_ident_new() - allocate and hash a new id
 * @s: the space
 * @id: the id, 2..65535
 * @flags: its initial flags
 *
 * Return: the id object with two references, the hash's and the
 * caller's, or ERR_PTR: -EEXIST if @id is in use (-EBUSY while it is in
 * setup, in a space with @busy_in_setup), -ENOMEM.
 */
struct vx_ident *vx_ident_new(struct vx_idspace *s, u32 id, u64 flags)
{
	struct vx_ident *ident = kzalloc(s->obj_size, GFP_KERNEL);
	int err;

	if (!ident)
		return ERR_PTR(-ENOMEM);
	ident->id = id;
	if (s->init)
		s->init(ident);
	err = vx_ident_add(s, ident, id, flags);
	if (err) {
		kfree(ident);	/* first member of the kind's object */
		return ERR_PTR(err);
	}
	return ident;
}

/*
 * Make @p a member of @ident (NULL: host or spectator) under @id; the
 * id's task count with @p (0 for none).
 */
static int vx_member_join(struct task_struct *p, enum vx_slot slot,
			  struct vx_ident *ident, u32 id)
{
	struct vx_member *m = vx_member(p, slot);
	int tasks = 0;

	if (ident) {
		refcount_inc(&ident->usecnt);
		tasks = atomic_inc_return(&ident->tasks);
	}
	WRITE_ONCE(m->ident, ident);
	m->counted = !!ident;
	WRITE_ONCE(m->id, id);
	return tasks;
}

/*
 * @p leaves its id in @slot: uncounted if it still was (a task freed
 * without do_exit, or current migrating), then unreferenced.
 */
static void vx_member_leave(struct task_struct *p, enum vx_slot slot)
{
	struct vx_member *m = vx_member(p, slot);
	struct vx_ident *ident = m->ident;

	if (!ident)
		return;
	WRITE_ONCE(m->ident, NULL);
	if (m->counted)
		vx_ident_task_leave(ident);
	m->counted = false;
	vx_ident_put(ident);
}

/**
 * vx_task_inherit() - a new task joins its parent's ids (task_alloc)
 * @p: the new task
 * @parent: the task that forks it
 *
 * Return: the task count of @p's context with @p (0 on the host), each
 * fork its own value even when several race: the NPROC check of
 * task_alloc is made on it.
 */
int vx_task_inherit(struct task_struct *p, const struct task_struct *parent)
{
	enum vx_slot slot;
	int tasks = 0;

	for (slot = 0; slot < VX_NR_SLOTS; slot++) {
		struct vx_member *m = vx_member(parent, slot);
		int n = vx_member_join(p, slot, m->ident, m->id);

		if (slot == VX_SLOT_XID)
			tasks = n;
	}
	return tasks;
}

/**
 * vx_task_release() - the task struct goes away (task_free)
 * @p: the task
 */
void vx_task_release(struct task_struct *p)
{
	enum vx_slot slot;

	for (slot = 0; slot < VX_NR_SLOTS; slot++)
		vx_member_leave(p, slot);
}

/**
 * vx_task_exit() - a task stops counting in its ids (do_exit)
 * @p: the exiting task
 *
 * An id dies when its last task exits, not when the zombie is reaped.
 */
void vx_task_exit(struct task_struct *p)
{
	int slot;

	/* The network context first, as a context's waiters expect. */
	for (slot = VX_NR_SLOTS - 1; slot >= 0; slot--) {
		struct vx_member *m = vx_member(p, slot);
		struct vx_ident *ident = m->ident;

		if (!ident || !m->counted)
			continue;
		m->counted = false;
		if (ident->space->task_exit) {
			spin_lock_bh(&ident->lock);
			ident->space->task_exit(ident, p);
			spin_unlock_bh(&ident->lock);
		}
		vx_ident_task_leave(ident);
	}
}

/**
 * vx_ident_migrate() - move current into @ident
 * @ident: the target (referenced by the caller)
 *
 * Return: 0, -EACCES for a private id that left setup, -EFAULT for an id
 * that is shutting down.
 */
int vx_ident_migrate(struct vx_ident *ident)
{
	enum vx_slot slot = ident->space->slot;
	int err = 0;

	spin_lock_bh(&ident->lock);
	if (ident->state & VX_IDS_SHUTDOWN)
		err = -EFAULT;
	else if ((ident->flags & VX_ID_PRIVATE) &&
		 !(ident->flags & VX_ID_SETUP))
		err = -EACCES;
	else
		atomic_inc(&ident->tasks);	/* hold it while we switch */
	spin_unlock_bh(&ident->lock);
	if (err)
		return err;
	if (vx_task_ident(current, slot) != ident) {
		vx_member_leave(current, slot);
		vx_member_join(current, slot, ident, ident->id);
	}
	vx_ident_task_leave(ident);
	return 0;
}

/* A creation whose up helper failed: the id goes, its down helper unrun. */
static void vx_ident_undo(struct vx_ident *ident)
{
	spin_lock_bh(&ident->lock);
	ident->flags &= ~VX_ID_PERSISTENT;
	spin_unlock_bh(&ident->lock);
	if (vx_ident_try_shutdown(ident))
		vx_ident_unhash(ident, false);
}

/**
 * vx_ident_create() - ctx_create and net_create: a new id, current in it
 * @s: the space
 * @id: the id asked for
 * @flags: its flags
 *
 * The id is hashed in setup, so nobody sees it half made, and takes its
 * creator even when private; it leaves setup unless @flags keep it.
 *
 * Every bit of @flags is stored, as vs2.3 did; only those the kernel
 * knows have an effect.  With SC_HELPER the space's up helper runs
 * before the caller moves in; the id can be seen (in setup) meanwhile.
 *
 * Return: @id, or -EINVAL for an id that is no guest's, -ENOEXEC when the
 * up helper failed (the id is gone again), or the error of vx_ident_new()
 * or vx_ident_migrate().
 */
long vx_ident_create(struct vx_idspace *s, u32 id, u64 flags)
{
	struct vx_ident *ident;
	int err;

	if (!vx_xid_is_guest(id))
		return -EINVAL;
	ident = vx_ident_new(s, id, flags | VX_ID_SETUP);
	if (IS_ERR(ident))
		return PTR_ERR(ident);
	if (s->helper_up && (flags & VX_ID_SC_HELPER) &&
	    vx_vshelper_call(s->helper_up, id, 0, true)) {
		vx_ident_undo(ident);
		vx_ident_put(ident);
		return -ENOEXEC;
	}
	err = vx_ident_migrate(ident);
	if (!(flags & VX_ID_SETUP))
		vx_ident_set_flags(ident, 0, VX_ID_SETUP);
	vx_ident_put(ident);
	return err ? err : id;
}

/**
 * vx_ident_migrate_spectator() - move current to id 1 of a space
 * @s: the space
 *
 * The spectator sees less of /proc than the host (WATCH, not ADMIN), so
 * the hooks stay switched on from the first spectator of the boot.
 */
void vx_ident_migrate_spectator(struct vx_idspace *s)
{
	static atomic_t seen = ATOMIC_INIT(0);

	if (!atomic_cmpxchg(&seen, 0, 1))
		atomic_inc(&vx_guests_count);
	vx_member_leave(current, s->slot);
	vx_member_join(current, s->slot, NULL, VX_ID_SPECTATOR);
}

/**
 * vx_ident_set_flags() - set_cflags or set_nflags
 * @ident: the id
 * @value: new flag values
 * @mask: which bits to change (one-time bits only clear)
 *
 * Every bit of @mask is stored, known to this kernel or not (vs2.3 kept
 * the whole word, util-vserver sends bits of older and newer kernels);
 * only the bits the kernel knows have an effect.  Clearing PERSISTENT
 * from an id without tasks shuts it down.
 *
 * Return: 0.
 */
int vx_ident_set_flags(struct vx_ident *ident, u64 value, u64 mask)
{
	struct vx_idspace *s = ident->space;
	u64 old;

	spin_lock_bh(&ident->lock);
	old = ident->flags;
	mask = vx_flags_effective_mask(mask, old, s->one_time);
	ident->flags = vx_mask_merge(old, value, mask);
	if (s->flags_changed)
		s->flags_changed(ident, old);
	spin_unlock_bh(&ident->lock);
	if ((old & ~ident->flags & VX_ID_PERSISTENT) &&
	    vx_ident_try_shutdown(ident))
		vx_ident_unhash(ident, true);
	return 0;
}

/**
 * vx_idspace_count_active() - number of hashed ids
 * @s: the space
 *
 * Return: the count.
 */
int vx_idspace_count_active(struct vx_idspace *s)
{
	return atomic_read(&s->hashed);
}

/**
 * vx_idspace_count_total() - number of allocated ids (hashed or not)
 * @s: the space
 *
 * Return: the count.
 */
int vx_idspace_count_total(struct vx_idspace *s)
{
	return atomic_read(&s->allocated);
}

/**
 * vx_idspace_for_each() - call @fn for every hashed id
 * @s: the space
 * @fn: called under the space's hash lock: must not sleep
 * @data: passed to @fn
 */
void vx_idspace_for_each(struct vx_idspace *s,
			 void (*fn)(struct vx_ident *ident, void *data),
			 void *data)
{
	struct vx_ident *ident;
	int bkt;

	spin_lock(&s->hash_lock);
	hash_for_each(s->hash, bkt, ident, hlist)
		fn(ident, data);
	spin_unlock(&s->hash_lock);
}

/**
 * vx_idspace_de_visible() - the per-id rule of /proc/<root>
 * @s: the space
 * @de: a /proc entry
 * @viewer: the viewer's id in @s
 *
 * Return: false for the <id> directory of another id, when the viewer
 * is a guest.
 */
bool vx_idspace_de_visible(struct vx_idspace *s,
			   const struct proc_dir_entry *de, u32 viewer)
{
	if (viewer <= VX_ID_SPECTATOR || de->parent != s->proc_root ||
	    !S_ISDIR(de->mode))
		return true;
	return (u32)(uintptr_t)de->data == viewer;
}

/* /proc/<root>/info: the interface. */
static int vx_idspace_info_show(struct seq_file *m, void *v)
{
	seq_printf(m, "VCIVersion:\t%04x:%04x\n",
		   VCI_VERSION >> 16, VCI_VERSION & 0xFFFF);
	seq_printf(m, "VCISyscall:\t%d\n", VC_NR_VSERVER_X86_64);
	seq_printf(m, "VCIKernel:\t%08x\n", vx_vci());
	return 0;
}

/* /proc/<root>/status: the table. */
static int vx_idspace_status_show(struct seq_file *m, void *v)
{
	struct vx_idspace *s = m->private;

	seq_printf(m, "#CTotal:\t%d\n", vx_idspace_count_total(s));
	seq_printf(m, "#CActive:\t%d\n", vx_idspace_count_active(s));
	if (s->show_root_status)
		s->show_root_status(m, s);
	return 0;
}

/**
 * vx_idspace_init() - set a space up and create /proc/<root>
 * @s: the space, its static fields filled in
 *
 * Ids created before /proc exists have no directory.
 *
 * Return: 0 or -ENOMEM.
 */
int __init vx_idspace_init(struct vx_idspace *s)
{
	struct proc_dir_entry *root;

	root = proc_mkdir(s->proc_name, NULL);
	if (!root)
		return -ENOMEM;
	if (!proc_create_single("info", 0444, root, vx_idspace_info_show) ||
	    !proc_create_single_data("status", 0444, root,
				     vx_idspace_status_show, s))
		return -ENOMEM;
	s->proc_root = root;
	return 0;
}

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/idspace-kunit.h"
#endif
