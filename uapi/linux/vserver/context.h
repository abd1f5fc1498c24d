/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Linux-VServer: security contexts (xids), their flags and the argument
 * structures of the context commands of vserver(2).
 */
#ifndef _UAPI_LINUX_VSERVER_CONTEXT_H
#define _UAPI_LINUX_VSERVER_CONTEXT_H

#include <linux/types.h>
#include <linux/vserver/switch.h>

/* Context flags (vcmd_ctx_flags_v0.flagword). */
#define VXF_INFO_SCHED		0x00000002ULL
#define VXF_INFO_NPROC		0x00000004ULL
#define VXF_INFO_PRIVATE	0x00000008ULL
#define VXF_INFO_INIT		0x00000010ULL
#define VXF_INFO_HIDE		0x00000020ULL
#define VXF_INFO_ULIMIT		0x00000040ULL
#define VXF_INFO_NSPACE		0x00000080ULL
#define VXF_SCHED_HARD		0x00000100ULL
#define VXF_SCHED_PRIO		0x00000200ULL
#define VXF_SCHED_PAUSE		0x00000400ULL
#define VXF_VIRT_MEM		0x00010000ULL
#define VXF_VIRT_UPTIME		0x00020000ULL
#define VXF_VIRT_CPU		0x00040000ULL
#define VXF_VIRT_LOAD		0x00080000ULL
#define VXF_VIRT_TIME		0x00100000ULL
#define VXF_HIDE_MOUNT		0x01000000ULL
#define VXF_HIDE_VINFO		0x04000000ULL
#define VXF_STATE_SETUP		(1ULL << 32)
#define VXF_STATE_INIT		(1ULL << 33)
#define VXF_STATE_ADMIN		(1ULL << 34)
#define VXF_SC_HELPER		(1ULL << 36)
#define VXF_REBOOT_KILL		(1ULL << 37)
#define VXF_PERSISTENT		(1ULL << 38)
#define VXF_FORK_RSS		(1ULL << 48)
#define VXF_PROLIFIC		(1ULL << 49)
#define VXF_IGNEG_NICE		(1ULL << 52)

/* Bits that can only be cleared, never set again. */
#define VXF_ONE_TIME		(VXF_STATE_SETUP | VXF_STATE_INIT | \
				 VXF_STATE_ADMIN)
/* Flags of a context created without an explicit flag word. */
#define VXF_INIT_SET		(VXF_STATE_SETUP | VXF_STATE_INIT | \
				 VXF_STATE_ADMIN)
/* Every flag bit the kernel acts on; others are stored (as vs2.3) and ignored. */
#define VXF_KNOWN		(VXF_INFO_SCHED | VXF_INFO_NPROC | \
				 VXF_INFO_PRIVATE | VXF_INFO_INIT | \
				 VXF_INFO_HIDE | VXF_INFO_ULIMIT | \
				 VXF_INFO_NSPACE | VXF_SCHED_HARD | \
				 VXF_SCHED_PRIO | VXF_SCHED_PAUSE | \
				 VXF_VIRT_MEM | VXF_VIRT_UPTIME | \
				 VXF_VIRT_CPU | VXF_VIRT_LOAD | \
				 VXF_VIRT_TIME | VXF_HIDE_MOUNT | \
				 VXF_HIDE_VINFO | VXF_ONE_TIME | \
				 VXF_SC_HELPER | VXF_REBOOT_KILL | \
				 VXF_PERSISTENT | VXF_FORK_RSS | \
				 VXF_PROLIFIC | VXF_IGNEG_NICE)

/* Context capabilities (ccaps): narrow exceptions to the bcaps. */
#define VXC_SET_UTSNAME		0x00000001ULL
#define VXC_SET_RLIMIT		0x00000002ULL
#define VXC_FS_SECURITY		0x00000004ULL
#define VXC_FS_TRUSTED		0x00000008ULL
#define VXC_TIOCSTI		0x00000010ULL
/* Moved to the network caps in vs2.3; accepted and ignored here. */
#define VXC_RAW_ICMP		0x00000100ULL
#define VXC_SYSLOG		0x00001000ULL
#define VXC_OOM_ADJUST		0x00002000ULL
#define VXC_AUDIT_CONTROL	0x00004000ULL
#define VXC_SECURE_MOUNT	0x00010000ULL
#define VXC_SECURE_REMOUNT	0x00020000ULL
#define VXC_BINARY_MOUNT	0x00040000ULL
#define VXC_DEV_MOUNT		0x00080000ULL
#define VXC_QUOTA_CTL		0x00100000ULL
#define VXC_ADMIN_MAPPER	0x00200000ULL
#define VXC_ADMIN_CLOOP		0x00400000ULL
#define VXC_KTHREAD		0x01000000ULL
#define VXC_NAMESPACE		0x02000000ULL
#define VXC_KNOWN		(VXC_SET_UTSNAME | VXC_SET_RLIMIT | \
				 VXC_FS_SECURITY | VXC_FS_TRUSTED | \
				 VXC_TIOCSTI | VXC_RAW_ICMP | VXC_SYSLOG | \
				 VXC_OOM_ADJUST | VXC_AUDIT_CONTROL | \
				 VXC_SECURE_MOUNT | VXC_SECURE_REMOUNT | \
				 VXC_BINARY_MOUNT | VXC_DEV_MOUNT | \
				 VXC_QUOTA_CTL | VXC_ADMIN_MAPPER | \
				 VXC_ADMIN_CLOOP | VXC_KTHREAD | VXC_NAMESPACE)

/* Bit of the bcaps word that stands for CAP_CONTEXT (vs2.3 capability 63). */
#define VXC_CAP_CONTEXT_BIT	63

/* ctx_migrate flag word. */
#define VXM_SET_INIT		0x00000001ULL
#define VXM_SET_REAPER		0x00000002ULL
#define VXM_KNOWN		(VXM_SET_INIT | VXM_SET_REAPER)

#define VCMD_task_xid		VC_CMD(VINFO, 1, 0)
#define VCMD_task_tag		VC_CMD(VINFO, 3, 0)
#define VCMD_vx_info		VC_CMD(VINFO, 5, 0)
#define VCMD_ctx_stat		VC_CMD(VSTAT, 0, 0)
#define VCMD_virt_stat		VC_CMD(VSTAT, 3, 0)
#define VCMD_ctx_create_v0	VC_CMD(VPROC, 1, 0)
#define VCMD_ctx_create		VC_CMD(VPROC, 1, 1)
#define VCMD_ctx_migrate_v0	VC_CMD(PROCMIG, 1, 0)
#define VCMD_ctx_migrate	VC_CMD(PROCMIG, 1, 1)
#define VCMD_ctx_kill		VC_CMD(PROCTRL, 1, 0)
#define VCMD_wait_exit		VC_CMD(EVENT, 99, 0)
#define VCMD_get_cflags		VC_CMD(FLAGS, 1, 0)
#define VCMD_set_cflags		VC_CMD(FLAGS, 2, 0)
#define VCMD_get_ccaps		VC_CMD(FLAGS, 3, 1)
#define VCMD_set_ccaps		VC_CMD(FLAGS, 4, 1)
#define VCMD_get_bcaps		VC_CMD(FLAGS, 9, 0)
#define VCMD_set_bcaps		VC_CMD(FLAGS, 10, 0)
#define VCMD_get_umask		VC_CMD(FLAGS, 13, 0)
#define VCMD_set_umask		VC_CMD(FLAGS, 14, 0)
#define VCMD_set_vhi_name	VC_CMD(VHOST, 1, 0)
#define VCMD_get_vhi_name	VC_CMD(VHOST, 2, 0)

/**
 * struct vcmd_vx_info_v0 - answer of VCMD_vx_info
 * @xid: the context id
 * @initpid: pid (in the initial pid namespace) of the guest init, 0 if none
 */
struct vcmd_vx_info_v0 {
	__u32 xid;
	__u32 initpid;
};

/**
 * struct vcmd_ctx_stat_v0 - answer of VCMD_ctx_stat
 * @usecnt: references held on the context
 * @tasks: tasks (threads included) that belong to the context
 */
struct vcmd_ctx_stat_v0 {
	__u32 usecnt;
	__u32 tasks;
};

/**
 * struct vcmd_virt_stat_v0 - answer of VCMD_virt_stat
 * @offset: host CLOCK_BOOTTIME when the task that created the context
 *	started, in ns: what the clocks of its time namespace (VIRT_UPTIME)
 *	are behind the host's
 * @uptime: the context's uptime (host CLOCK_BOOTTIME minus @offset), in ns
 * @nr_threads: tasks (threads included) of the context
 * @nr_running: its runnable tasks, counted now
 * @nr_uninterruptible: its tasks in uninterruptible sleep that count in
 *	the load, counted now
 * @nr_onhold: tasks held by the token-bucket scheduler now
 * @nr_forks: tasks forked by the context's tasks since it was created
 * @load: 1, 5 and 15 minute load averages of the context (VIRT_LOAD),
 *	fixed point with 11 fractional bits (FSHIFT)
 */
struct vcmd_virt_stat_v0 {
	__u64 offset;
	__u64 uptime;
	__u32 nr_threads;
	__u32 nr_running;
	__u32 nr_uninterruptible;
	__u32 nr_onhold;
	__u32 nr_forks;
	__u32 load[3];
};

/**
 * struct vcmd_ctx_create - argument of VCMD_ctx_create (version 1)
 * @flagword: initial context flags (VXF_*)
 */
struct vcmd_ctx_create {
	__u64 flagword;
};

/**
 * struct vcmd_ctx_migrate - argument of VCMD_ctx_migrate (version 1)
 * @flagword: VXM_SET_INIT and/or VXM_SET_REAPER
 */
struct vcmd_ctx_migrate {
	__u64 flagword;
};

/**
 * struct vcmd_ctx_kill_v0 - argument of VCMD_ctx_kill
 * @pid: 0 all tasks but pid 1, -1 all but the guest init, 1 the guest
 *	init, otherwise one task of the context
 * @sig: signal number
 */
struct vcmd_ctx_kill_v0 {
	__s32 pid;
	__s32 sig;
};

/**
 * struct vcmd_wait_exit_v0 - answer of VCMD_wait_exit
 * @reboot_cmd: last reboot(2) command issued inside the guest
 * @exit_code: exit code of the last task that left the context
 */
struct vcmd_wait_exit_v0 {
	__s32 reboot_cmd;
	__s32 exit_code;
};

/**
 * struct vcmd_ctx_flags_v0 - argument of VCMD_get_cflags/VCMD_set_cflags
 * @flagword: flag values (VXF_*)
 * @mask: which bits of @flagword to change; on get, the bits that may
 *	still change (one-time bits already cleared are excluded)
 */
struct vcmd_ctx_flags_v0 {
	__u64 flagword;
	__u64 mask;
};

/**
 * struct vcmd_bcaps - argument of VCMD_get_bcaps/VCMD_set_bcaps
 * @bcaps: bounding capabilities of the context; bit N is capability N,
 *	bit 63 is CAP_CONTEXT
 * @bmask: which bits of @bcaps to change (all bits on get)
 */
struct vcmd_bcaps {
	__u64 bcaps;
	__u64 bmask;
};

/**
 * struct vcmd_ctx_caps_v1 - argument of VCMD_get_ccaps/VCMD_set_ccaps
 * @ccaps: context capabilities (VXC_*)
 * @cmask: which bits of @ccaps to change (all bits on get)
 */
struct vcmd_ctx_caps_v1 {
	__u64 ccaps;
	__u64 cmask;
};

/**
 * struct vcmd_umask - argument of VCMD_get_umask/VCMD_set_umask
 * @umask: CLONE_NEW* bits a guest may still unshare or clone
 * @mask: which bits of @umask to change (all bits on get)
 */
struct vcmd_umask {
	__u64 umask;
	__u64 mask;
};

enum vhi_name_field {
	VHIN_CONTEXT = 0,
	VHIN_SYSNAME,
	VHIN_NODENAME,
	VHIN_RELEASE,
	VHIN_VERSION,
	VHIN_MACHINE,
	VHIN_DOMAINNAME,
};

#define VHI_NAME_LEN		65

/**
 * struct vcmd_vhi_name_v0 - argument of VCMD_get_vhi_name/VCMD_set_vhi_name
 * @field: which name (enum vhi_name_field)
 * @name: NUL terminated value, at most 64 characters
 */
struct vcmd_vhi_name_v0 {
	__u32 field;
	char name[VHI_NAME_LEN];
};

#endif /* _UAPI_LINUX_VSERVER_CONTEXT_H */
