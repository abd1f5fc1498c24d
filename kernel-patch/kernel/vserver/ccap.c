// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: context capabilities (ccaps) and the unshare mask.
 *
 * A ccap lets a guest use a capability that its bcaps removed, for one
 * narrow purpose only.  The capable() hook sees nothing but the
 * capability number, so the purpose is read from the system call the
 * task is executing: its number and, for ioctl(), unshare() and clone(),
 * its register arguments.  Compat (32-bit) system calls get no grant.
 *
 * Where the purpose cannot be told from the call (xattr names, the value
 * written to oom_score_adj; what a mount attaches, in mount.c) a second hook
 * narrows the grant again.
 */

#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/if_tun.h>
#include <linux/major.h>
#include <linux/miscdevice.h>
#include <linux/net.h>
#include <linux/in.h>
#include <linux/oom.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/tty.h>
#include <linux/string.h>
#include <linux/utsname.h>
#include <linux/vserver.h>
#include <linux/xattr.h>
#include <asm/syscall.h>
#include <uapi/linux/capability.h>

#include "ccap.h"
#include "context.h"
#include "network.h"

/* ioctl types of the loop and device-mapper control interfaces */
#define VX_IOC_TYPE_LOOP	0x4C
#define VX_IOC_TYPE_DM		0xfd

/* A rule needs the caller in a UTS namespace other than the host's. */
#define VX_RULE_OWN_UTS		0x1
/* A rule matches ioctl() by the type byte of its command. */
#define VX_RULE_IOC_TYPE	0x2
/* A rule matches ioctl() by its exact command. */
#define VX_RULE_IOC_CMD		0x4
/* A rule needs the ioctl's descriptor on a loop device or loop-control. */
#define VX_RULE_LOOP_DEV	0x8
/* A rule needs the ioctl's descriptor on the device-mapper control node. */
#define VX_RULE_DM_DEV		0x10

/**
 * struct vx_ccap_rule - one narrow use a ccap allows
 * @ccap: VXC_* bits, any of which enables the rule
 * @cap: the capability granted
 * @nr: the system call during which it is granted
 * @flags: VX_RULE_* conditions
 * @arg: ioctl type or command for the VX_RULE_IOC_* conditions
 */
struct vx_ccap_rule {
	u64 ccap;
	int cap;
	long nr;
	unsigned int flags;
	unsigned long arg;
};

#define VX_XATTR_CCAPS	(VXC_FS_TRUSTED | VXC_FS_SECURITY)

static const struct vx_ccap_rule vx_ccap_rules[] = {
	{ VXC_SET_UTSNAME, CAP_SYS_ADMIN, __NR_sethostname, VX_RULE_OWN_UTS },
	{ VXC_SET_UTSNAME, CAP_SYS_ADMIN, __NR_setdomainname, VX_RULE_OWN_UTS },
	{ VXC_SET_RLIMIT, CAP_SYS_RESOURCE, __NR_setrlimit },
	{ VXC_SET_RLIMIT, CAP_SYS_RESOURCE, __NR_prlimit64 },
	{ VXC_SECURE_MOUNT, CAP_SYS_ADMIN, __NR_mount },
	{ VXC_SECURE_MOUNT, CAP_SYS_ADMIN, __NR_umount2 },
	{ VXC_SECURE_MOUNT, CAP_SYS_ADMIN, __NR_open_tree },
	{ VXC_SECURE_MOUNT, CAP_SYS_ADMIN, __NR_move_mount },
	{ VXC_SECURE_MOUNT, CAP_SYS_ADMIN, __NR_fsopen },
	{ VXC_SECURE_MOUNT, CAP_SYS_ADMIN, __NR_fsconfig },
	{ VXC_SECURE_MOUNT, CAP_SYS_ADMIN, __NR_fsmount },
	{ VXC_SECURE_MOUNT, CAP_SYS_ADMIN, __NR_fspick },
	{ VXC_SECURE_MOUNT, CAP_SYS_ADMIN, __NR_mount_setattr },
	{ VXC_QUOTA_CTL, CAP_SYS_ADMIN, __NR_quotactl },
	{ VXC_QUOTA_CTL, CAP_SYS_ADMIN, __NR_quotactl_fd },
	{ VX_XATTR_CCAPS, CAP_SYS_ADMIN, __NR_setxattr },
	{ VX_XATTR_CCAPS, CAP_SYS_ADMIN, __NR_lsetxattr },
	{ VX_XATTR_CCAPS, CAP_SYS_ADMIN, __NR_fsetxattr },
	{ VX_XATTR_CCAPS, CAP_SYS_ADMIN, __NR_getxattr },
	{ VX_XATTR_CCAPS, CAP_SYS_ADMIN, __NR_lgetxattr },
	{ VX_XATTR_CCAPS, CAP_SYS_ADMIN, __NR_fgetxattr },
	{ VX_XATTR_CCAPS, CAP_SYS_ADMIN, __NR_removexattr },
	{ VX_XATTR_CCAPS, CAP_SYS_ADMIN, __NR_lremovexattr },
	{ VX_XATTR_CCAPS, CAP_SYS_ADMIN, __NR_fremovexattr },
	{ VXC_TIOCSTI, CAP_SYS_ADMIN, __NR_ioctl, VX_RULE_IOC_CMD, TIOCSTI },
	{ VXC_ADMIN_CLOOP, CAP_SYS_ADMIN, __NR_ioctl,
	  VX_RULE_IOC_TYPE | VX_RULE_LOOP_DEV, VX_IOC_TYPE_LOOP },
	{ VXC_ADMIN_MAPPER, CAP_SYS_ADMIN, __NR_ioctl,
	  VX_RULE_IOC_TYPE | VX_RULE_DM_DEV, VX_IOC_TYPE_DM },
};

/* Namespaces whose creation needs CAP_SYS_ADMIN. */
#define VX_UMASK_NEED_CAP	(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | \
				 CLONE_NEWPID | CLONE_NEWNET | \
				 CLONE_NEWCGROUP | CLONE_NEWTIME)

static bool vx_rule_matches(const struct vx_ccap_rule *r, u64 ccaps, int cap,
			    const struct vx_syscall *sc)
{
	if (!(ccaps & r->ccap) || cap != r->cap || sc->nr != r->nr)
		return false;
	if ((r->flags & VX_RULE_OWN_UTS) && !sc->own_uts)
		return false;
	if ((r->flags & VX_RULE_IOC_CMD) && (unsigned int)sc->arg1 != r->arg)
		return false;
	if ((r->flags & VX_RULE_IOC_TYPE) &&
	    _IOC_TYPE((unsigned int)sc->arg1) != r->arg)
		return false;
	if ((r->flags & VX_RULE_LOOP_DEV) &&
	    !(sc->ioc_blk ? MAJOR(sc->ioc_rdev) == LOOP_MAJOR :
	      sc->ioc_rdev == MKDEV(MISC_MAJOR, LOOP_CTRL_MINOR)))
		return false;
	if ((r->flags & VX_RULE_DM_DEV) &&
	    (sc->ioc_blk || sc->ioc_rdev != MKDEV(MISC_MAJOR, MAPPER_CTRL_MINOR)))
		return false;
	return true;
}

/**
 * vx_umask_allows() - does the unshare mask cover this unshare() or clone()?
 * @umask: the context's unshare mask
 * @cap: the capability checked
 * @sc: the system call being executed
 *
 * Return: true for CAP_SYS_ADMIN in unshare() or clone() when every
 * namespace bit asked for is in @umask.
 */
static bool vx_umask_allows(u64 umask, int cap, const struct vx_syscall *sc)
{
	u64 flags = sc->arg0;

	if (cap != CAP_SYS_ADMIN ||
	    (sc->nr != __NR_unshare && sc->nr != __NR_clone))
		return false;
	return (flags & VX_UMASK_NEED_CAP) &&
	       !(flags & VX_UMASK_VALID & ~umask);
}

/**
 * vx_grant_allows() - the grant rule of ccaps and the unshare mask
 * @ccaps: the context's ccaps
 * @umask: the context's unshare mask
 * @cap: a capability the bcaps removed
 * @sc: the system call being executed
 *
 * Return: true when a ccap or the unshare mask grants @cap for @sc.
 */
bool vx_grant_allows(u64 ccaps, u64 umask, int cap, const struct vx_syscall *sc)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vx_ccap_rules); i++)
		if (vx_rule_matches(&vx_ccap_rules[i], ccaps, cap, sc))
			return true;
	return vx_umask_allows(umask, cap, sc);
}

/**
 * nx_raw_icmp_allows() - the RAW_ICMP network capability
 * @ncaps: NXC_* capabilities of the task's network context
 * @cap: the capability checked
 * @sc: the system call being executed
 *
 * Return: true for CAP_NET_RAW in socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)
 * when @ncaps has NXC_RAW_ICMP: ping works, raw TCP or UDP does not.
 */
bool nx_raw_icmp_allows(u64 ncaps, int cap, const struct vx_syscall *sc)
{
	return (ncaps & NXC_RAW_ICMP) && cap == CAP_NET_RAW &&
	       sc->nr == __NR_socket && sc->arg0 == AF_INET &&
	       (sc->arg1 & SOCK_TYPE_MASK) == SOCK_RAW &&
	       sc->arg2 == IPPROTO_ICMP;
}

/**
 * nx_tun_create_allows() - the TUN_CREATE network capability
 * @ncaps: NXC_* capabilities of the task's network context
 * @cap: the capability checked
 * @sc: the system call being executed
 *
 * Return: true for CAP_NET_ADMIN in ioctl(fd, TUNSETIFF) on /dev/net/tun
 * when @ncaps has NXC_TUN_CREATE: the guest creates (or attaches to) a
 * tun/tap device, nothing more.
 */
bool nx_tun_create_allows(u64 ncaps, int cap, const struct vx_syscall *sc)
{
	return (ncaps & NXC_TUN_CREATE) && cap == CAP_NET_ADMIN &&
	       sc->nr == __NR_ioctl && sc->arg1 == TUNSETIFF && !sc->ioc_blk &&
	       sc->ioc_rdev == MKDEV(MISC_MAJOR, TUN_MINOR);
}

/**
 * vx_call_refused() - capabilities a guest never uses in a system call
 * @cap: the capability checked
 * @sc: the system call being executed
 *
 * open_by_handle_at() with CAP_DAC_READ_SEARCH opens any inode of a
 * filesystem by its handle, outside any chroot: the classic container
 * escape.  util-vserver's default bcaps keep CAP_DAC_READ_SEARCH, so it
 * is refused here whatever the bcaps say.
 *
 * Return: true if @cap must be refused to a guest during @sc.
 */
bool vx_call_refused(int cap, const struct vx_syscall *sc)
{
	return cap == CAP_DAC_READ_SEARCH && sc->nr == __NR_open_by_handle_at;
}

/**
 * vx_compat_refused() - capabilities a guest never uses in a compat call
 * @cap: the capability checked
 *
 * A 32-bit (compat or x32) system call cannot be told apart here, so the
 * open_by_handle_at() refusal covers CAP_DAC_READ_SEARCH in all of them.
 *
 * Return: true if @cap must be refused to a guest in the current call.
 */
bool vx_compat_refused(int cap)
{
	return cap == CAP_DAC_READ_SEARCH && in_task() && in_compat_syscall();
}

/**
 * vx_syscall_ioctl_file() - record the file an ioctl() acts on
 * @file: the file the file_ioctl hook is called for
 *
 * The grant rules read the device of the very file the kernel looked up
 * for the ioctl(): looking the descriptor up a second time could find
 * another file, put there by a second thread with dup2() in between.
 */
void vx_syscall_ioctl_file(const struct file *file)
{
	struct vx_task *t = vx_task(current);
	umode_t mode = file_inode(file)->i_mode;

	t->ioc_blk = S_ISBLK(mode);
	t->ioc_rdev = (S_ISCHR(mode) || S_ISBLK(mode)) ?
		      file_inode(file)->i_rdev : 0;
}

/**
 * vx_syscall_device() - for an ioctl(), the device its descriptor opens
 * @sc: a system call from vx_current_syscall(); its @ioc_rdev and
 *	@ioc_blk are set when it is an ioctl() on a device node
 *
 * The device is the one vx_syscall_ioctl_file() recorded: the file_ioctl
 * hook runs in every ioctl() before the driver can check a capability.
 */
void vx_syscall_device(struct vx_syscall *sc)
{
	const struct vx_task *t = vx_task(current);

	if (sc->nr != __NR_ioctl)
		return;
	sc->ioc_rdev = t->ioc_rdev;
	sc->ioc_blk = t->ioc_blk;
}

/**
 * vx_current_syscall() - the native system call current is executing
 * @sc: filled with its number and first three arguments (the ioctl
 *	device is left for vx_syscall_device())
 *
 * Return: false outside a native system call of a user task.
 */
bool vx_current_syscall(struct vx_syscall *sc)
{
	struct pt_regs *regs;
	unsigned long args[6];

	if (!in_task() || (current->flags & (PF_KTHREAD | PF_IO_WORKER)) ||
	    in_compat_syscall())
		return false;
	regs = task_pt_regs(current);
	sc->nr = syscall_get_nr(current, regs);
	if (sc->nr < 0)
		return false;
	syscall_get_arguments(current, regs, args);
	sc->arg0 = args[0];
	sc->arg1 = args[1];
	sc->arg2 = args[2];
	sc->own_uts = current->nsproxy &&
		      current->nsproxy->uts_ns != &init_uts_ns;
	sc->ioc_rdev = 0;
	sc->ioc_blk = false;
	return true;
}

/**
 * __vx_ccapable() - does a ccap give current @cap although bcaps removed it?
 * @cap: the capability
 * @ccap: the VXC_* bit that grants it at the calling site
 *
 * Return: true for a guest holding @ccap with @cap effective in its
 * credentials.
 */
bool __vx_ccapable(int cap, u64 ccap)
{
	struct vx_info *vxi = vx_current_guest();

	return vxi && (READ_ONCE(vxi->ccaps) & ccap) &&
	       cap_raised(current_cred()->cap_effective, cap);
}

/**
 * __vx_oom_score_adj() - the oom_score_adj a guest may set
 * @adj: the value asked for
 *
 * Return: @adj, but never OOM_SCORE_ADJ_MIN (unkillable) in a guest.
 */
int __vx_oom_score_adj(int adj)
{
	if (vx_current_guest() && adj <= OOM_SCORE_ADJ_MIN)
		return OOM_SCORE_ADJ_MIN + 1;
	return adj;
}

/*
 * The xattr syscalls get CAP_SYS_ADMIN from FS_TRUSTED or FS_SECURITY;
 * the name decides which of the two it needed.
 */
/**
 * vx_ccap_xattr_check() - narrow an xattr grant to the ccap that names it
 * @name: the xattr
 * @write: set or remove (else get)
 *
 * Return: 0, or -EPERM (-ENODATA for reads) when the name's class is not
 * covered by the guest's ccaps and its bcaps lack CAP_SYS_ADMIN.
 */
int vx_ccap_xattr_check(const char *name, bool write)
{
	struct vx_info *vxi = vx_current_guest();
	u64 ccaps;

	if (!vxi || (vx_bcaps_admin(READ_ONCE(vxi->bcaps))))
		return 0;
	ccaps = READ_ONCE(vxi->ccaps);
	if (!strncmp(name, XATTR_TRUSTED_PREFIX, XATTR_TRUSTED_PREFIX_LEN) &&
	    !(ccaps & VXC_FS_TRUSTED))
		return write ? -EPERM : -ENODATA;
	if (write &&
	    !strncmp(name, XATTR_SECURITY_PREFIX, XATTR_SECURITY_PREFIX_LEN) &&
	    strcmp(name, XATTR_NAME_CAPS) && !(ccaps & VXC_FS_SECURITY))
		return -EPERM;
	return 0;
}

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/ccap-kunit.h"
#endif
