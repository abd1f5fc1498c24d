/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: context capabilities (ccaps), the unshare mask and the
 * system call they are granted for.
 */
#ifndef _VSERVER_CCAP_H
#define _VSERVER_CCAP_H

#include <linux/types.h>

struct file;

/**
 * struct vx_syscall - the system call a task is executing
 * @nr: its number (native ABI)
 * @arg0: first argument
 * @arg1: second argument
 * @arg2: third argument
 * @own_uts: the task's UTS namespace is not the host's
 * @ioc_rdev: for ioctl(), the device its descriptor opens (0: not one, or
 *	not looked up yet: vx_syscall_device())
 * @ioc_blk: @ioc_rdev is a block device (else a character device)
 */
struct vx_syscall {
	long nr;
	unsigned long arg0;
	unsigned long arg1;
	unsigned long arg2;
	bool own_uts;
	dev_t ioc_rdev;
	bool ioc_blk;
};

bool vx_current_syscall(struct vx_syscall *sc);
void vx_syscall_device(struct vx_syscall *sc);
void vx_syscall_ioctl_file(const struct file *file);
bool vx_grant_allows(u64 ccaps, u64 umask, int cap,
		     const struct vx_syscall *sc);
bool vx_compat_refused(int cap);
bool vx_call_refused(int cap, const struct vx_syscall *sc);
bool nx_raw_icmp_allows(u64 ncaps, int cap, const struct vx_syscall *sc);
bool nx_tun_create_allows(u64 ncaps, int cap, const struct vx_syscall *sc);
int vx_ccap_xattr_check(const char *name, bool write);

#endif /* _VSERVER_CCAP_H */
