// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: bounded root in a guest.
 *
 * Every capability check of a guest task is bounded by its context's
 * bcaps, in every user namespace, so a user namespace created inside a
 * guest cannot lift the bound.  While the context is in STATE_SETUP the
 * bound does not apply (the setup helper configures the guest from
 * inside).  Some operations are refused to guests whatever their
 * capabilities: loading kernel code (modules, kexec) or having the host
 * load it (module autoload), open_by_handle_at() and, without
 * VXC_SYSLOG, the kernel log.  Mappings below mmap_min_addr
 * take the bound like any CAP_SYS_RAWIO check.  User namespaces need
 * CLONE_NEWUSER in the context's unshare mask.
 */

#include <linux/cred.h>
#include <linux/lsm_hooks.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/security.h>
#include <linux/uaccess.h>
#include <linux/vserver.h>

#include "cap.h"
#include "ccap.h"
#include "context.h"
#include "network.h"

/**
 * vx_caps_bound() - the bounding rule
 * @bcaps: the context's bounding word
 * @cap: a capability number
 *
 * Only the bits of capabilities this kernel has and CAP_CONTEXT count:
 * the word may hold any other bit set_bcaps stored.
 *
 * Return: true if @cap is inside @bcaps.
 */
static bool vx_caps_bound(u64 bcaps, int cap)
{
	return cap >= 0 && cap < 64 && (bcaps & VX_BCAPS_FULL & BIT_ULL(cap));
}

/**
 * vx_has_cap_context() - does current hold CAP_CONTEXT?
 *
 * Return: true for host and spectator, and for guests whose bcaps keep
 * bit 63 (or that are still in setup).
 */
bool vx_has_cap_context(void)
{
	struct vx_info *vxi = vx_current_guest();

	return !vxi || vx_caps_bound(READ_ONCE(vxi->bcaps),
				     VXC_CAP_CONTEXT_BIT);
}

void __vx_bound_caps(struct task_struct *p, kernel_cap_t *a, kernel_cap_t *b,
		     kernel_cap_t *c, kernel_cap_t *d, kernel_cap_t *e)
{
	struct vx_info *vxi;
	u64 mask = ~0ULL;

	rcu_read_lock();
	vxi = vx_task_vxi(p);
	if (vxi && !(READ_ONCE(vxi->ident.flags) & VXF_STATE_SETUP))
		mask = READ_ONCE(vxi->bcaps);
	rcu_read_unlock();
	a->val &= mask;
	b->val &= mask;
	c->val &= mask;
	d->val &= mask;
	e->val &= mask;
}

/**
 * __vx_igneg_nice() - does current's context ignore refused negative nice?
 *
 * Return: true for a task of a guest context with VXF_IGNEG_NICE.
 */
bool __vx_igneg_nice(void)
{
	struct vx_info *vxi = vx_task_vxi(current);

	return vxi && (READ_ONCE(vxi->ident.flags) & VXF_IGNEG_NICE);
}

/*
 * Every check made while a guest task runs is bounded, on current's own
 * credentials and on any other credentials it acts through:
 * file_ns_capable() asks about the opener's (f_cred), sk_ns_capable() and
 * netlink about the socket's.  A descriptor opened before a fork, or
 * before the task's credentials were replaced (capset(), setuid()), holds
 * a cred that is no longer current's: /proc/self/pagemap read by a forked
 * child showed PFNs to a guest without CAP_SYS_ADMIN.  Outside task
 * context current acts for nobody: only its own credentials count there.
 * A capability outside the bcaps may still be granted for one system call
 * by a ccap or the unshare mask (ccap.c).
 */
static int hook_capable(const struct cred *cred, struct user_namespace *ns,
			int cap, unsigned int opts)
{
	struct vx_syscall sc;
	struct vx_info *vxi;
	struct nx_info *nxi;
	bool in_call, bound;

	if (!vx_guests_present())
		return 0;
	if (!in_task() && cred != current_cred() &&
	    cred != rcu_access_pointer(current->real_cred))
		return 0;
	vxi = vx_current_guest();
	if (!vxi)
		return 0;
	bound = vx_caps_bound(READ_ONCE(vxi->bcaps), cap);
	/* The common case, a capability inside the bound: no more to do. */
	if (bound && cap != CAP_DAC_READ_SEARCH)
		return 0;
	in_call = vx_current_syscall(&sc);
	if (in_call ? vx_call_refused(cap, &sc) : vx_compat_refused(cap))
		return -EPERM;
	if (bound)
		return 0;
	/* Grants are for one native system call: none outside of one. */
	if (!in_call)
		return -EPERM;
	vx_syscall_device(&sc);
	if (vx_grant_allows(READ_ONCE(vxi->ccaps), READ_ONCE(vxi->umask),
			    cap, &sc))
		return 0;
	nxi = nx_current();
	if (nxi &&
	    (nx_raw_icmp_allows(READ_ONCE(nxi->ncaps), cap, &sc) ||
	     nx_tun_create_allows(READ_ONCE(nxi->ncaps), cap, &sc)))
		return 0;
	return -EPERM;
}

/*
 * A mapping below mmap_min_addr needs CAP_SYS_RAWIO, but cap_mmap_addr()
 * asks cap_capable() directly, past the capable hook: bound it here.
 */
static int hook_mmap_addr(unsigned long addr)
{
	if (addr >= dac_mmap_min_addr)
		return 0;
	return hook_capable(current_cred(), &init_user_ns, CAP_SYS_RAWIO,
			    CAP_OPT_NONE);
}

/* The device of an ioctl()'s file, as the kernel looked it up (ccap.c). */
static int hook_file_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	if (vx_guests_present() &&
	    vx_task_vxi(current))
		vx_syscall_ioctl_file(file);
	return 0;
}

static int hook_syslog(int type)
{
	struct vx_info *vxi = vx_current_guest();

	if (!vxi || (READ_ONCE(vxi->ccaps) & VXC_SYSLOG))
		return 0;
	return -EPERM;
}

/* No kernel code from a guest, whatever its bcaps say, even in setup. */
static int hook_kernel_load_data(enum kernel_load_data_id id, bool contents)
{
	return vx_task_vxi(current) ? -EPERM : 0;
}

static int hook_kernel_read_file(struct file *file,
				 enum kernel_read_file_id id, bool contents)
{
	if (id == READING_FIRMWARE)
		return 0;
	return vx_task_vxi(current) ? -EPERM : 0;
}

/*
 * No module autoload from a guest: socket() of a family that is not
 * loaded, a filesystem type, a line discipline, a binary format... would
 * make the host run modprobe (as root, in the host) for the guest.  The
 * caller gets the kernel's answer for what is missing (EAFNOSUPPORT from
 * socket(), ENODEV from mount()).
 */
static int hook_kernel_module_request(char *kmod_name)
{
	return vx_task_vxi(current) ? -EPERM : 0;
}

static int hook_userns_create(const struct cred *cred)
{
	struct vx_info *vxi = vx_current_guest();

	if (!vxi || (READ_ONCE(vxi->umask) & CLONE_NEWUSER))
		return 0;
	return -EPERM;
}

static struct security_hook_list vx_cap_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(capable, hook_capable),
	LSM_HOOK_INIT(mmap_addr, hook_mmap_addr),
	LSM_HOOK_INIT(file_ioctl, hook_file_ioctl),
	LSM_HOOK_INIT(syslog, hook_syslog),
	LSM_HOOK_INIT(kernel_load_data, hook_kernel_load_data),
	LSM_HOOK_INIT(kernel_read_file, hook_kernel_read_file),
	LSM_HOOK_INIT(kernel_module_request, hook_kernel_module_request),
	LSM_HOOK_INIT(userns_create, hook_userns_create),
};

/**
 * vx_add_cap_hooks() - register the capability hooks
 */
void __init vx_add_cap_hooks(void)
{
	security_add_hooks(vx_cap_hooks, ARRAY_SIZE(vx_cap_hooks), &vx_lsmid);
}

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/cap-kunit.h"
#endif
