// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: the namespace sets ("spaces") of a context.
 *
 * set_space stores the caller's namespaces of the kinds a mask names
 * (and, for CLONE_FS, its root and working directory) in one of the
 * context's sets; enter_space moves the caller into them with the
 * kernel's own setns machinery (prepare_nsset(), the namespaces'
 * install operations, commit_nsset()), so every rule of setns(2)
 * applies.  The uts names of the context (vhi_name) are those of the
 * UTS namespace in set 0.  The references are dropped when the context
 * dies, in process context (vx_spaces_release()).
 */

#include <linux/cred.h>
#include <linux/fs_struct.h>
#include <linux/nsproxy.h>
#include <linux/proc_ns.h>
#include <linux/rwsem.h>
#include <linux/sched/task.h>
#include <linux/string.h>
#include <linux/utsname.h>
#include <uapi/linux/vserver/context.h>

#include "space.h"

/**
 * struct vx_ns_type - one namespace kind of a set
 * @flag: its CLONE_* bit
 * @ops: its /proc/<pid>/ns operations: get, put, install
 */
struct vx_ns_type {
	u64 flag;
	const struct proc_ns_operations *ops;
};

static const struct vx_ns_type vx_ns_types[VX_NR_NS] = {
#ifdef CONFIG_USER_NS
	[VX_NS_USER] = { CLONE_NEWUSER, &userns_operations },
#endif
	[VX_NS_MNT] = { CLONE_NEWNS, &mntns_operations },
#ifdef CONFIG_UTS_NS
	[VX_NS_UTS] = { CLONE_NEWUTS, &utsns_operations },
#endif
#ifdef CONFIG_IPC_NS
	[VX_NS_IPC] = { CLONE_NEWIPC, &ipcns_operations },
#endif
#ifdef CONFIG_PID_NS
	/* The namespace the caller's children are born in, as setns sets. */
	[VX_NS_PID] = { CLONE_NEWPID, &pidns_for_children_operations },
#endif
#ifdef CONFIG_NET_NS
	[VX_NS_NET] = { CLONE_NEWNET, &netns_operations },
#endif
};

/**
 * vx_ns_kind_flag() - the CLONE_NEW* bit of a namespace kind
 * @k: the kind
 *
 * Return: the bit, 0 for a kind this kernel is built without.
 */
u64 vx_ns_kind_flag(enum vx_ns_kind k)
{
	return vx_ns_types[k].flag;
}

/**
 * vx_space_kinds() - the kinds a set can hold
 *
 * Return: CLONE_FS and the CLONE_NEW* bit of every namespace kind this
 * kernel can keep in a set: what set_space and enter_space accept.
 */
u64 vx_space_kinds(void)
{
	u64 mask = CLONE_FS;
	int k;

	for (k = 0; k < VX_NR_NS; k++)
		mask |= vx_ns_types[k].flag;
	return mask;
}

/**
 * vx_space_mask() - the mask get_space_mask reports
 *
 * util-vserver's ctx_create unshares every kind of this mask but the
 * mount and fs ones and stores them as the new guest's set 0.  A new user
 * namespace would leave the guest's root unmapped, a network namespace
 * would take the guest out of its network context's rules and a pid
 * namespace would renumber the guest's tasks, none of which vs2.3 guests
 * had, so those kinds are left out; set_space and enter_space still take
 * them when asked by name.
 *
 * Return: vx_space_kinds() without user, network and pid namespaces.
 */
u64 vx_space_mask(void)
{
	return vx_space_kinds() &
	       ~(u64)(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWPID);
}

/**
 * vx_space_mask_v0() - the mask get_space_mask_v0 reports
 *
 * Return: vx_space_mask(); the first version knew no pid or network
 * kinds, which vx_space_mask() leaves out already.
 */
u64 vx_space_mask_v0(void)
{
	return vx_space_mask() & ~(u64)(CLONE_NEWPID | CLONE_NEWNET);
}

/**
 * vx_space_check() - is a mask and set index acceptable?
 * @mask: the CLONE_* bits asked for
 * @index: the set
 * @allowed: the bits acceptable here
 *
 * Return: 0, or -EINVAL for an index beyond the sets or a bit outside
 * @allowed.
 */
int vx_space_check(u64 mask, u32 index, u64 allowed)
{
	if (index >= VX_SPACES || (mask & ~allowed))
		return -EINVAL;
	return 0;
}

/**
 * vx_space_uts_field() - the uts name a vhi_name field stands for
 * @uts: the names of a UTS namespace
 * @field: VHIN_SYSNAME .. VHIN_DOMAINNAME
 *
 * Return: the name (VHI_NAME_LEN bytes), NULL for VHIN_CONTEXT and for
 * unknown fields.
 */
char *vx_space_uts_field(struct new_utsname *uts, u32 field)
{
	switch (field) {
	case VHIN_SYSNAME:
		return uts->sysname;
	case VHIN_NODENAME:
		return uts->nodename;
	case VHIN_RELEASE:
		return uts->release;
	case VHIN_VERSION:
		return uts->version;
	case VHIN_MACHINE:
		return uts->machine;
	case VHIN_DOMAINNAME:
		return uts->domainname;
	}
	return NULL;
}

/**
 * vx_spaces_init() - empty sets of a new context
 * @sp: the sets
 */
void vx_spaces_init(struct vx_spaces *sp)
{
	mutex_init(&sp->lock);
}

/* Drop what set @s holds of the kinds in @mask. */
static void vx_space_drop(struct vx_space *s, u64 mask)
{
	int k;

	for (k = 0; k < VX_NR_NS; k++) {
		if (!s->ns[k] || !(mask & vx_ns_types[k].flag))
			continue;
		vx_ns_types[k].ops->put(s->ns[k]);
		s->ns[k] = NULL;
	}
	if ((mask & CLONE_FS) && (s->mask & CLONE_FS)) {
		path_put(&s->root);
		path_put(&s->pwd);
	}
	WRITE_ONCE(s->mask, s->mask & ~mask);
}

/**
 * vx_spaces_release() - drop every namespace of a dying context
 * @sp: the sets
 *
 * Process context only: putting a mount or network namespace sleeps.
 * A set_space that comes later stores nothing.
 */
void vx_spaces_release(struct vx_spaces *sp)
{
	int i;

	mutex_lock(&sp->lock);
	sp->released = true;
	for (i = 0; i < VX_SPACES; i++)
		vx_space_drop(&sp->space[i], ~0ULL);
	mutex_unlock(&sp->lock);
}

/**
 * vx_space_set() - set_space: store the caller's namespaces in a set
 * @sp: the context's sets
 * @mask: the kinds to store (CLONE_FS, CLONE_NEW*); other kinds of the
 *	set stay as they are
 * @index: the set
 *
 * Return: 0, -EINVAL for a bad mask or index or a namespace the caller
 * cannot name (a pid namespace without its init yet), -ESRCH when the
 * context died.
 */
int vx_space_set(struct vx_spaces *sp, u64 mask, u32 index)
{
	struct ns_common *ns[VX_NR_NS] = { };
	struct vx_space *s;
	int err, k;

	err = vx_space_check(mask, index, vx_space_kinds());
	if (err)
		return err;
	for (k = 0; k < VX_NR_NS; k++) {
		if (!(mask & vx_ns_types[k].flag))
			continue;
		ns[k] = vx_ns_types[k].ops->get(current);
		if (!ns[k]) {
			err = -EINVAL;
			goto out;
		}
	}
	mutex_lock(&sp->lock);
	if (sp->released) {
		mutex_unlock(&sp->lock);
		err = -ESRCH;
		goto out;
	}
	s = &sp->space[index];
	vx_space_drop(s, mask);
	for (k = 0; k < VX_NR_NS; k++) {
		if (!(mask & vx_ns_types[k].flag))
			continue;
		s->ns[k] = ns[k];
		ns[k] = NULL;
	}
	if (mask & CLONE_FS) {
		get_fs_root(current->fs, &s->root);
		get_fs_pwd(current->fs, &s->pwd);
	}
	WRITE_ONCE(s->mask, s->mask | mask);
	mutex_unlock(&sp->lock);
out:
	for (k = 0; k < VX_NR_NS; k++)
		if (ns[k])
			vx_ns_types[k].ops->put(ns[k]);
	return err;
}

/* Is @ns the caller's namespace of kind @k already? */
static bool vx_ns_is_current(int k, struct ns_common *ns)
{
	struct ns_common *cur = vx_ns_types[k].ops->get(current);

	if (cur)
		vx_ns_types[k].ops->put(cur);
	return cur == ns;
}

/* Install the namespaces of @s in @kinds into current, as setns(2) does. */
static int vx_space_install(struct vx_space *s, u64 kinds)
{
	struct nsset nsset = { };
	u64 flags = 0;
	int err, k;

	for (k = 0; k < VX_NR_NS; k++)
		if ((kinds & vx_ns_types[k].flag) &&
		    !vx_ns_is_current(k, s->ns[k]))
			flags |= vx_ns_types[k].flag;
	if (!flags)
		return 0;
	err = prepare_nsset(flags, &nsset);
	if (err)
		return err;
	for (k = 0; k < VX_NR_NS && !err; k++)
		if (flags & vx_ns_types[k].flag)
			err = s->ns[k]->ops->install(&nsset, s->ns[k]);
	if (!err)
		commit_nsset(&nsset);
	put_nsset(&nsset);
	return err;
}

/**
 * vx_space_enter() - enter_space: move the caller into a set
 * @sp: the context's sets
 * @mask: the kinds to enter, 0 for all the set holds
 * @index: the set
 *
 * The namespaces are entered with setns(2)'s rules (a multithreaded
 * caller cannot change its mount or user namespace, for one); CLONE_FS
 * then sets the caller's root and working directory to the stored ones.
 *
 * Return: 0, -EINVAL for a bad index or a kind the set does not hold,
 * the error of a namespace's install (-EPERM, -EINVAL), -ENOMEM.
 */
int vx_space_enter(struct vx_spaces *sp, u64 mask, u32 index)
{
	struct vx_space *s;
	int err;

	err = vx_space_check(0, index, 0);
	if (err)
		return err;
	mutex_lock(&sp->lock);
	s = &sp->space[index];
	if (!mask)
		mask = s->mask;
	err = vx_space_check(mask, index, s->mask);
	if (!err)
		err = vx_space_install(s, mask);
	if (!err && (mask & CLONE_FS)) {
		set_fs_root(current->fs, &s->root);
		set_fs_pwd(current->fs, &s->pwd);
	}
	mutex_unlock(&sp->lock);
	return err;
}

/* The UTS namespace of set 0, or NULL; under @sp->lock. */
static struct uts_namespace *vx_space_uts(struct vx_spaces *sp)
{
	struct ns_common *ns = sp->space[0].ns[VX_NS_UTS];

	return ns ? container_of(ns, struct uts_namespace, ns) : NULL;
}

/**
 * vx_space_get_uts() - get_vhi_name of a uts field
 * @sp: the context's sets
 * @field: VHIN_SYSNAME .. VHIN_DOMAINNAME
 * @name: VHI_NAME_LEN bytes for the name
 *
 * Return: 0, or -EINVAL for a field that is no uts name or a context
 * whose set 0 holds no UTS namespace (as vs2.3).
 */
int vx_space_get_uts(struct vx_spaces *sp, u32 field, char *name)
{
	struct uts_namespace *uts;
	int err = -EINVAL;

	mutex_lock(&sp->lock);
	uts = vx_space_uts(sp);
	if (uts && vx_space_uts_field(&uts->name, field)) {
		down_read(&uts_sem);
		memcpy(name, vx_space_uts_field(&uts->name, field),
		       VHI_NAME_LEN);
		up_read(&uts_sem);
		err = 0;
	}
	mutex_unlock(&sp->lock);
	return err;
}

/**
 * vx_space_set_uts() - set_vhi_name of a uts field
 * @sp: the context's sets
 * @field: VHIN_SYSNAME .. VHIN_DOMAINNAME
 * @name: the new name, NUL-terminated within VHI_NAME_LEN bytes
 *
 * Writes the UTS namespace of set 0, as sethostname(2) does in it.  A
 * set 0 that holds the host's own UTS namespace (set_space from a task
 * that had not unshared it) is not renamed through the context.
 *
 * Return: 0, -EINVAL as vx_space_get_uts(), or -EPERM for the host's
 * initial UTS namespace.
 */
int vx_space_set_uts(struct vx_spaces *sp, u32 field, const char *name)
{
	struct uts_namespace *uts;
	char *dst;
	int err = -EINVAL;

	mutex_lock(&sp->lock);
	uts = vx_space_uts(sp);
	dst = uts ? vx_space_uts_field(&uts->name, field) : NULL;
	if (dst && uts == &init_uts_ns) {
		err = -EPERM;
	} else if (dst) {
		down_write(&uts_sem);
		strscpy_pad(dst, name, VHI_NAME_LEN);
		up_write(&uts_sem);
		if (field == VHIN_NODENAME)
			uts_proc_notify(UTS_PROC_HOSTNAME);
		else if (field == VHIN_DOMAINNAME)
			uts_proc_notify(UTS_PROC_DOMAINNAME);
		err = 0;
	}
	mutex_unlock(&sp->lock);
	return err;
}

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/space-kunit.h"
#endif
