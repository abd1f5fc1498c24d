/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: the calls made from core kernel files.
 *
 * Each hook is a static inline function.  Without CONFIG_VSERVER it is a
 * constant the compiler folds away; with it, a static key keeps the hook
 * at one patched jump while no guest context exists.
 */
#ifndef _LINUX_VSERVER_H
#define _LINUX_VSERVER_H

#include <linux/capability.h>
#include <linux/atomic.h>
#include <linux/pid_types.h>
#include <linux/stat.h>
#include <linux/types.h>
#include <uapi/linux/vserver/context.h>
#include <uapi/linux/vserver/inode.h>

struct task_struct;
struct proc_dir_entry;
struct kernel_siginfo;
struct net_device;
struct in_ifaddr;
struct inet6_ifaddr;
struct sock;
struct sockaddr_in;
struct net;
struct fib_info;
struct fib6_info;
struct seq_file;
struct pid_namespace;
struct pid;
struct ctl_table_header;
struct ctl_table;
struct fileattr;
struct inode;
struct path;
struct kern_ipc_perm;
struct sysinfo;
struct file_lock_core;
struct vx_info;

/**
 * struct vx_charge - what one object charges to a context (MSGQUEUE)
 * @vxi: the context, referenced; NULL for none
 * @n: the amount charged
 *
 * Empty without CONFIG_VSERVER.
 */
struct vx_charge {
#ifdef CONFIG_VSERVER
	struct vx_info *vxi;
	unsigned long n;
#endif
};

/* An object's charge starts empty. */
static inline void vx_charge_init(struct vx_charge *c)
{
	*c = (struct vx_charge){};
}

/**
 * vx_proc_default_flags() - HIDE/ADMIN/WATCH bits of a new /proc entry
 * @mode: the entry's mode
 *
 * With CONFIG_VSERVER_PROC_SECURE a new entry is visible to the host only
 * (symlinks to everybody) until vprocunhide or set_iattr says otherwise.
 *
 * Return: the IATTR_FLAGS bits to start with.
 */
static inline u8 vx_proc_default_flags(umode_t mode)
{
	if (!IS_ENABLED(CONFIG_VSERVER_PROC_SECURE))
		return 0;
	return S_ISLNK(mode) ? IATTR_PROC_SYMLINK : IATTR_PROC_DEFAULT;
}

#ifdef CONFIG_VSERVER

/*
 * The number of guest contexts (and the spectator, once seen): the hooks
 * do nothing while it is 0.  A plain counter rather than a static key:
 * switching a static key patches every hook site with text_poke_bp(), and
 * under QEMU's multi-threaded TCG a CPU walking /proc met a stale int3 at
 * a site just patched (Oops: int3 in vx_task_visible, a guest coming and
 * going beside `ps`); a read of one shared word costs next to nothing.
 */
extern atomic_t vx_guests_count;

static __always_inline bool vx_guests_present(void)
{
	return unlikely(atomic_read(&vx_guests_count) != 0);
}

/* /proc/<pid>/vinfo and ninfo (fs/proc/base.c) */
int proc_pid_vinfo(struct seq_file *m, struct pid_namespace *ns,
		   struct pid *pid, struct task_struct *task);
int proc_pid_ninfo(struct seq_file *m, struct pid_namespace *ns,
		   struct pid *pid, struct task_struct *task);

bool __vx_task_visible(const struct task_struct *p);
bool __vx_pid_task_visible(struct pid *pid);
bool __vx_pid_visible(struct pid *pid, enum pid_type type);
bool __vx_kill_all_target(const struct task_struct *p);
bool __vx_proc_de_visible(const struct proc_dir_entry *de);
struct task_struct *__vx_signal_target(struct task_struct *p,
				       const struct kernel_siginfo *info);
void vx_task_exit(struct task_struct *p);
void __vx_bound_caps(struct task_struct *p, kernel_cap_t *a, kernel_cap_t *b,
		     kernel_cap_t *c, kernel_cap_t *d, kernel_cap_t *e);
bool __vx_ccapable(int cap, u64 ccap);
int __vx_oom_score_adj(int adj);
int __vx_reboot(unsigned int cmd);
bool __vx_igneg_nice(void);
bool __nx_dev_visible(const struct net_device *dev);
bool __nx_ifa4_visible(const struct in_ifaddr *ifa);
bool __nx_ifa6_visible(const struct inet6_ifaddr *ifa);
bool __nx_sk_visible(const struct sock *sk);
void __nx_hide_lback(const struct sock *sk, struct sockaddr_in *sin);
bool __nx_ifindex_visible(struct net *net, int ifindex);
bool __nx_fib4_visible(struct fib_info *fi, u8 type, __be32 dst);
bool __nx_fib6_visible(struct fib6_info *rt);
void __vx_fileattr_show(const struct inode *inode, struct fileattr *fa);
int __vx_sysctl_mode(const struct ctl_table_header *head,
		     const struct ctl_table *table, int mode);
int __vx_mount_setattr(const struct path *path, bool recurse);
bool __vx_ipc_visible(const struct kern_ipc_perm *perm);
void __vx_loadavg(unsigned long *avnrun, unsigned int *running, int *threads);
void __vx_meminfo(struct sysinfo *i, long *cached, long *available,
		  unsigned long *sreclaimable);
void __vx_sysinfo(struct sysinfo *info);
bool __vx_cpu_visible(unsigned int cpu);
int __vx_shm_alloc(struct kern_ipc_perm *perm, unsigned long pages);
int __vx_sem_alloc(struct kern_ipc_perm *perm, int nsems);
bool __vx_lock_avail(const struct file_lock_core *flc, int n);
void __vx_lock_charge(const struct file_lock_core *flc);
void __vx_lock_uncharge(const struct file_lock_core *flc);
int __vx_mq_charge(struct vx_charge *c, unsigned long bytes);
void __vx_mq_uncharge(struct vx_charge *c);
void __vx_sched_tick(struct task_struct *p, int user_tick);

/**
 * vx_task_visible() - may current see (and act on) task @p?
 * @p: the target task
 *
 * Host (xid 0) and spectator (xid 1) see every task; a guest sees only
 * the tasks of its own context.
 *
 * Return: true when @p is visible to current.
 */
static inline bool vx_task_visible(const struct task_struct *p)
{
	if (!vx_guests_present())
		return true;
	return __vx_task_visible(p);
}

/**
 * vx_pid_task_visible() - may current see the task of @pid?
 * @pid: a pid the caller looked up and holds (pidfd_open())
 *
 * The check is made on the looked-up pid, never on its number again: a
 * number may go to another task in between, a struct pid never does.
 *
 * Return: false when @pid's task is one current may not see, or when a
 * guest asks about a pid with no task (yet); true otherwise.
 */
static inline bool vx_pid_task_visible(struct pid *pid)
{
	if (!vx_guests_present())
		return true;
	return __vx_pid_task_visible(pid);
}

/**
 * vx_pid_visible() - may current name @pid as the owner of a file?
 * @pid: a pid found by number, in an RCU read-side section
 * @type: PIDTYPE_PGID for a process group, else the task of @pid
 *
 * Return: false when @pid has tasks and current can see none of them:
 * F_SETOWN to such a pid fails as if it did not exist.
 */
static inline bool vx_pid_visible(struct pid *pid, enum pid_type type)
{
	if (!vx_guests_present())
		return true;
	return __vx_pid_visible(pid, type);
}

/**
 * vx_kill_all_target() - is @p reached by kill(-1, sig) from current?
 * @p: a task iterated by kill(-1)
 *
 * Return: true when @p is visible and is not the init of current's guest.
 */
static inline bool vx_kill_all_target(const struct task_struct *p)
{
	if (!vx_guests_present())
		return true;
	return __vx_kill_all_target(p);
}

/**
 * vx_signal_target() - the target of kill(pid), or NULL if it is hidden
 * @p: the task the pid resolves to (may be NULL)
 * @info: the signal's siginfo
 *
 * A signal from user space to a task of another context fails as if the
 * pid did not exist; kernel generated signals are not affected.
 *
 * Return: @p, or NULL when current may not signal it.
 */
static inline struct task_struct *
vx_signal_target(struct task_struct *p, const struct kernel_siginfo *info)
{
	if (!vx_guests_present())
		return p;
	return __vx_signal_target(p, info);
}

/**
 * vx_proc_de_visible() - may current see the /proc entry @de?
 * @de: a non-process /proc entry found by lookup or readdir
 *
 * Return: true when current may see @de.
 */
static inline bool vx_proc_de_visible(const struct proc_dir_entry *de)
{
	if (!vx_guests_present())
		return true;
	return __vx_proc_de_visible(de);
}

/**
 * vx_bound_caps() - apply @p's bounding set to capability sets shown to users
 * @p: the task described
 * @a: a capability set of @p (and @b to @e likewise)
 * @b: idem
 * @c: idem
 * @d: idem
 * @e: idem
 *
 * /proc/<pid>/status shows what a guest task can really use.
 */
static inline void vx_bound_caps(struct task_struct *p, kernel_cap_t *a,
				 kernel_cap_t *b, kernel_cap_t *c,
				 kernel_cap_t *d, kernel_cap_t *e)
{
	if (vx_guests_present())
		__vx_bound_caps(p, a, b, c, d, e);
}

/**
 * vx_ccapable() - capable(), or granted at this site by a context capability
 * @cap: the capability
 * @ccap: the VXC_* bit that grants @cap here to a guest whose bcaps
 *	removed it (the guest must still hold @cap in its credentials)
 *
 * Return: true if current may go on.
 */
static inline bool vx_ccapable(int cap, u64 ccap)
{
	if (capable(cap))
		return true;
	return vx_guests_present() &&
	       __vx_ccapable(cap, ccap);
}

/**
 * vx_oom_score_adj() - the oom_score_adj current may set
 * @adj: the value asked for (OOM_SCORE_ADJ_MIN..OOM_SCORE_ADJ_MAX)
 *
 * Return: @adj, raised above OOM_SCORE_ADJ_MIN in a guest, which can
 * never make a task unkillable.
 */
static inline int vx_oom_score_adj(int adj)
{
	if (vx_guests_present())
		return __vx_oom_score_adj(adj);
	return adj;
}

/**
 * vx_reboot() - reboot(2) from a guest ends the guest, never the host
 * @cmd: the LINUX_REBOOT_CMD_* asked for
 *
 * Return: 0 for host tasks (the call goes on); for a guest an errno, or
 * no return at all when the guest is shut down.
 */
static inline int vx_reboot(unsigned int cmd)
{
	if (vx_guests_present())
		return __vx_reboot(cmd);
	return 0;
}

/**
 * vx_nice_denied() - the result of a refused attempt to lower a nice value
 * @err: the errno mainline fails with
 * @prev: the call's result so far (-ESRCH: no task handled yet)
 *
 * A guest with IGNEG_NICE sees the attempt succeed without effect.
 *
 * Return: @err, or for such a guest @prev (0 instead of -ESRCH).
 */
static inline int vx_nice_denied(int err, int prev)
{
	if (vx_guests_present() && __vx_igneg_nice())
		return prev == -ESRCH ? 0 : prev;
	return err;
}

/**
 * nx_dev_visible() - may current see the network interface @dev?
 * @dev: an interface listed by rtnetlink or /proc/net/dev
 *
 * A guest with NXF_HIDE_NETIF sees only the interfaces that carry one of
 * its addresses (see nx_ifa4_visible() and nx_ifa6_visible()).
 *
 * Return: true when @dev may be shown to current.
 */
static inline bool nx_dev_visible(const struct net_device *dev)
{
	if (!vx_guests_present())
		return true;
	return __nx_dev_visible(dev);
}

/**
 * nx_ifa4_visible() - may current see the IPv4 interface address @ifa?
 * @ifa: an address listed by rtnetlink or SIOCGIFCONF
 *
 * Return: true unless current is a guest with NXF_HIDE_NETIF and @ifa
 * is neither one of its addresses nor loopback it may use.
 */
static inline bool nx_ifa4_visible(const struct in_ifaddr *ifa)
{
	if (!vx_guests_present())
		return true;
	return __nx_ifa4_visible(ifa);
}

/**
 * nx_ifa6_visible() - may current see the IPv6 interface address @ifa?
 * @ifa: an address listed by rtnetlink or /proc/net/if_inet6
 *
 * Return: as nx_ifa4_visible(), for IPv6.
 */
static inline bool nx_ifa6_visible(const struct inet6_ifaddr *ifa)
{
	if (!vx_guests_present())
		return true;
	return __nx_ifa6_visible(ifa);
}

/**
 * nx_sk_visible() - may current see the socket @sk in a socket listing?
 * @sk: a socket of /proc/net/{tcp,udp,raw,unix}* or a diag dump; may be
 *	a request or time-wait socket
 *
 * A guest (nid >= 2) sees only the sockets of its network context.
 *
 * Return: true when @sk may be listed for current.
 */
static inline bool nx_sk_visible(const struct sock *sk)
{
	if (!vx_guests_present())
		return true;
	return __nx_sk_visible(sk);
}

/**
 * nx_hide_lback() - show a guest's loopback address as 127.0.0.1
 * @sk: the socket whose name is reported
 * @sin: the address getsockname(), getpeername() or accept() reports
 *
 * With NXF_HIDE_LBACK the context's own loopback address (127.x.y.1)
 * reads as 127.0.0.1, the address the guest believes it uses.
 */
static inline void nx_hide_lback(const struct sock *sk, struct sockaddr_in *sin)
{
	if (vx_guests_present())
		__nx_hide_lback(sk, sin);
}

/**
 * nx_ifindex_visible() - may current bind a socket to interface @ifindex?
 * @net: the socket's network namespace
 * @ifindex: the interface index SO_BINDTODEVICE or SO_BINDTOIFINDEX gives;
 *	0 unbinds
 *
 * A guest with NXF_HIDE_NETIF binds only to the interfaces it sees (see
 * nx_dev_visible()); a hidden index answers as one that does not exist.
 *
 * Return: true when the socket may be bound to @ifindex.
 */
static inline bool nx_ifindex_visible(struct net *net, int ifindex)
{
	if (!vx_guests_present())
		return true;
	return __nx_ifindex_visible(net, ifindex);
}

/**
 * nx_fib4_visible() - may current see an IPv4 route?
 * @fi: the route's nexthop information, may be NULL
 * @type: RTN_* type of the route
 * @dst: its destination
 *
 * A guest with NXF_HIDE_NETIF sees a route when every interface it goes
 * through is visible (nx_dev_visible()), and a local route only for an
 * address it sees (/proc/net/route, RTM_GETROUTE dumps).
 *
 * Return: true when the route may be listed for current.
 */
static inline bool nx_fib4_visible(struct fib_info *fi, u8 type,
				   __be32 dst)
{
	if (!vx_guests_present())
		return true;
	return __nx_fib4_visible(fi, type, dst);
}

/**
 * nx_fib6_visible() - may current see an IPv6 route?
 * @rt: the route
 *
 * Return: as nx_fib4_visible(), for IPv6 (/proc/net/ipv6_route,
 * RTM_GETROUTE dumps).
 */
static inline bool nx_fib6_visible(struct fib6_info *rt)
{
	if (!vx_guests_present())
		return true;
	return __nx_fib6_visible(rt);
}

/**
 * vx_sysctl_mode() - the mode of a sysctl as current may use it
 * @head: the header of the table holding @table
 * @table: the sysctl
 * @mode: its mode for everybody else
 *
 * A guest writes only the sysctls of namespaces it owns (see
 * kernel/vserver/sysctl.c); the others read as not writable.
 *
 * Return: @mode, without its write bits where current may not write.
 */
static inline int vx_sysctl_mode(const struct ctl_table_header *head,
				 const struct ctl_table *table, int mode)
{
	if (vx_guests_present())
		return __vx_sysctl_mode(head, table, mode);
	return mode;
}

/**
 * vx_mount_setattr() - may current change a mount with mount_setattr(2)?
 * @path: the mount's root
 * @recurse: the change applies to the mounts below it too
 *
 * A guest changes only mounts outside the host's initial mount namespace
 * or of superblocks it created (see kernel/vserver/mount.c).
 *
 * Return: 0, or -EPERM.
 */
static inline int vx_mount_setattr(const struct path *path, bool recurse)
{
	if (vx_guests_present())
		return __vx_mount_setattr(path, recurse);
	return 0;
}

/**
 * vx_ipc_visible() - does /proc/sysvipc show a SysV IPC object to current?
 * @perm: the object
 *
 * A guest sees only the objects its own context created, the host and
 * the spectator see every object.
 *
 * Return: true when the object is listed.
 */
static inline bool vx_ipc_visible(const struct kern_ipc_perm *perm)
{
	if (!vx_guests_present())
		return true;
	return __vx_ipc_visible(perm);
}

/**
 * vx_shm_alloc() - charge a new SysV shm segment to current's context
 * @perm: the segment, whose security blob was just made
 * @pages: its size in pages
 *
 * Return: 0, or -ENOSPC when the segment would pass the context's SHMEM
 * hard limit; the security blob is then freed already.
 */
static inline int vx_shm_alloc(struct kern_ipc_perm *perm, unsigned long pages)
{
	if (!vx_guests_present())
		return 0;
	return __vx_shm_alloc(perm, pages);
}

/**
 * vx_sem_alloc() - charge the semaphores of a new set to current's context
 * @perm: the set, whose security blob was just made
 * @nsems: its number of semaphores
 *
 * Return: 0, or -ENOSPC when the set would pass the context's NSEMS hard
 * limit; the security blob is then freed already.
 */
static inline int vx_sem_alloc(struct kern_ipc_perm *perm, int nsems)
{
	if (!vx_guests_present())
		return 0;
	return __vx_sem_alloc(perm, nsems);
}

/**
 * vx_lock_avail() - may a file lock request link @n new locks in?
 * @flc: the request (fs/locks.c, under its inode's flc_lock)
 * @n: how many locks it would add
 *
 * Return: false when they would pass the LOCKS hard limit of the
 * context the request's file is charged to; true for an unlock.
 */
static inline bool vx_lock_avail(const struct file_lock_core *flc, int n)
{
	if (!vx_guests_present() || !n)
		return true;
	return __vx_lock_avail(flc, n);
}

/**
 * vx_lock_charge() - a file lock was linked into its inode's lists
 * @flc: the lock
 */
static inline void vx_lock_charge(const struct file_lock_core *flc)
{
	if (vx_guests_present())
		__vx_lock_charge(flc);
}

/**
 * vx_lock_uncharge() - a file lock was unlinked from its inode's lists
 * @flc: the lock
 *
 * Skipped while no guest exists: the file's free hook then gives the
 * charge back.
 */
static inline void vx_lock_uncharge(const struct file_lock_core *flc)
{
	if (vx_guests_present())
		__vx_lock_uncharge(flc);
}

/**
 * vx_mq_charge() - charge a new POSIX message queue to current's context
 * @c: the queue's charge, empty (vx_charge_init())
 * @bytes: the queue's size as RLIMIT_MSGQUEUE counts it
 *
 * Return: 0, or -EMFILE when it would pass the context's MSGQUEUE hard
 * limit.
 */
static inline int vx_mq_charge(struct vx_charge *c, unsigned long bytes)
{
	if (!vx_guests_present())
		return 0;
	return __vx_mq_charge(c, bytes);
}

/**
 * vx_mq_uncharge() - give a POSIX message queue's charge back
 * @c: the queue's charge (made by vx_mq_charge(), or still empty)
 *
 * Not switched off with the guests: the queue may outlive its context.
 */
static inline void vx_mq_uncharge(struct vx_charge *c)
{
	if (c->vxi)
		__vx_mq_uncharge(c);
}

/**
 * vx_fileattr_show() - show vserver attributes in FS_IOC_GETFLAGS/FSGETXATTR
 * @inode: the inode asked about
 * @fa: the filesystem's attributes, as read
 * @err: the result of reading them
 *
 * The vserver IMMUTABLE bit reads as the "i" of lsattr.  Display only:
 * setting the flags acts on the filesystem's own bits.
 *
 * Return: @err.
 */
static inline int vx_fileattr_show(const struct inode *inode,
				   struct fileattr *fa, int err)
{
	if (!err)
		__vx_fileattr_show(inode, fa);
	return err;
}

/**
 * vx_loadavg() - /proc/loadavg as current's context sees it
 * @avnrun: the three load averages /proc/loadavg prints (rounded)
 * @running: runnable tasks
 * @threads: tasks
 *
 * A guest with VIRT_LOAD gets its own averages and task counts.
 */
static inline void vx_loadavg(unsigned long *avnrun, unsigned int *running,
			      int *threads)
{
	if (vx_guests_present())
		__vx_loadavg(avnrun, running, threads);
}

/**
 * vx_meminfo() - /proc/meminfo as current's context sees it
 * @i: the figures of si_meminfo() and si_swapinfo()
 * @cached: Cached, in pages
 * @available: MemAvailable, in pages
 * @sreclaimable: SReclaimable, in pages
 *
 * A guest with VIRT_MEM in a memory cgroup with a limit sees that limit
 * as its memory and the cgroup's use.
 */
static inline void vx_meminfo(struct sysinfo *i, long *cached,
			      long *available, unsigned long *sreclaimable)
{
	if (vx_guests_present())
		__vx_meminfo(i, cached, available, sreclaimable);
}

/**
 * vx_sysinfo() - sysinfo(2) as current's context sees it
 * @info: the answer, before its memory figures are scaled to mem_unit
 *
 * Loads and procs of a VIRT_LOAD guest, memory of a VIRT_MEM guest (see
 * vx_loadavg() and vx_meminfo()); the uptime follows the time namespace
 * of a VIRT_UPTIME guest already.
 */
static inline void vx_sysinfo(struct sysinfo *info)
{
	if (vx_guests_present())
		__vx_sysinfo(info);
}

/**
 * vx_cpu_visible() - does /proc/stat show @cpu to current?
 * @cpu: a CPU
 *
 * Return: false for a CPU a VIRT_CPU guest's task may not run on.
 */
static inline bool vx_cpu_visible(unsigned int cpu)
{
	if (!vx_guests_present())
		return true;
	return __vx_cpu_visible(cpu);
}

/**
 * vx_sched_tick() - charge the running task's CPU time to its context
 * @p: current
 * @user_tick: the tick interrupted user mode
 *
 * The token-bucket scheduler (kernel/vserver/sched.c): the CPU time a
 * guest task used since its last charge leaves its context's bucket on
 * this CPU; with SCHED_HARD an empty bucket, or SCHED_PAUSE, holds the
 * task on its way back to user space.  Host tasks are not charged.
 */
static inline void vx_sched_tick(struct task_struct *p, int user_tick)
{
	if (vx_guests_present())
		__vx_sched_tick(p, user_tick);
}

#else /* !CONFIG_VSERVER */

static inline bool vx_task_visible(const struct task_struct *p)
{
	return true;
}

static inline bool vx_pid_task_visible(struct pid *pid)
{
	return true;
}

static inline bool vx_pid_visible(struct pid *pid, enum pid_type type)
{
	return true;
}

static inline bool vx_kill_all_target(const struct task_struct *p)
{
	return true;
}

static inline bool vx_proc_de_visible(const struct proc_dir_entry *de)
{
	return true;
}

static inline struct task_struct *
vx_signal_target(struct task_struct *p, const struct kernel_siginfo *info)
{
	return p;
}

static inline void vx_task_exit(struct task_struct *p)
{
}

static inline void vx_bound_caps(struct task_struct *p, kernel_cap_t *a,
				 kernel_cap_t *b, kernel_cap_t *c,
				 kernel_cap_t *d, kernel_cap_t *e)
{
}

static inline bool vx_ccapable(int cap, u64 ccap)
{
	return capable(cap);
}

static inline int vx_oom_score_adj(int adj)
{
	return adj;
}

static inline int vx_reboot(unsigned int cmd)
{
	return 0;
}

static inline int vx_nice_denied(int err, int prev)
{
	return err;
}

static inline bool nx_dev_visible(const struct net_device *dev)
{
	return true;
}

static inline bool nx_ifa4_visible(const struct in_ifaddr *ifa)
{
	return true;
}

static inline bool nx_ifa6_visible(const struct inet6_ifaddr *ifa)
{
	return true;
}

static inline bool nx_sk_visible(const struct sock *sk)
{
	return true;
}

static inline void nx_hide_lback(const struct sock *sk, struct sockaddr_in *sin)
{
}

static inline bool nx_ifindex_visible(struct net *net, int ifindex)
{
	return true;
}

static inline bool nx_fib4_visible(struct fib_info *fi, u8 type,
				   __be32 dst)
{
	return true;
}

static inline bool nx_fib6_visible(struct fib6_info *rt)
{
	return true;
}

static inline int vx_sysctl_mode(const struct ctl_table_header *head,
				 const struct ctl_table *table, int mode)
{
	return mode;
}

static inline int vx_mount_setattr(const struct path *path, bool recurse)
{
	return 0;
}

static inline int vx_fileattr_show(const struct inode *inode,
				   struct fileattr *fa, int err)
{
	return err;
}

static inline bool vx_ipc_visible(const struct kern_ipc_perm *perm)
{
	return true;
}

static inline void vx_loadavg(unsigned long *avnrun, unsigned int *running,
			      int *threads)
{
}

static inline void vx_meminfo(struct sysinfo *i, long *cached,
			      long *available, unsigned long *sreclaimable)
{
}

static inline void vx_sysinfo(struct sysinfo *info)
{
}

static inline bool vx_cpu_visible(unsigned int cpu)
{
	return true;
}

static inline int vx_shm_alloc(struct kern_ipc_perm *perm, unsigned long pages)
{
	return 0;
}

static inline int vx_sem_alloc(struct kern_ipc_perm *perm, int nsems)
{
	return 0;
}

static inline bool vx_lock_avail(const struct file_lock_core *flc, int n)
{
	return true;
}

static inline void vx_lock_charge(const struct file_lock_core *flc)
{
}

static inline void vx_lock_uncharge(const struct file_lock_core *flc)
{
}

static inline int vx_mq_charge(struct vx_charge *c, unsigned long bytes)
{
	return 0;
}

static inline void vx_mq_uncharge(struct vx_charge *c)
{
}

static inline void vx_sched_tick(struct task_struct *p, int user_tick)
{
}

#endif /* CONFIG_VSERVER */

#endif /* _LINUX_VSERVER_H */
