/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Linux-VServer: inode attributes (barrier, immutable-unlink, COW, procfs
 * visibility) and the argument structures of the INODE commands.
 */
#ifndef _UAPI_LINUX_VSERVER_INODE_H
#define _UAPI_LINUX_VSERVER_INODE_H

#include <linux/types.h>
#include <linux/vserver/switch.h>

/* Attribute bits (vcmd_ctx_iattr_v1.flags and .mask). */
#define IATTR_TAG		0x01000000U
#define IATTR_ADMIN		0x00000001U
#define IATTR_WATCH		0x00000002U
#define IATTR_HIDE		0x00000004U
#define IATTR_FLAGS		(IATTR_ADMIN | IATTR_WATCH | IATTR_HIDE)
#define IATTR_BARRIER		0x00010000U
#define IATTR_IXUNLINK		0x00020000U
#define IATTR_IMMUTABLE		0x00040000U
#define IATTR_COW		0x00080000U

/* Default visibility of new non-process /proc entries (secure proc). */
#define IATTR_PROC_DEFAULT	(IATTR_ADMIN | IATTR_HIDE)
/* A symlink in /proc. */
#define IATTR_PROC_SYMLINK	IATTR_ADMIN

#define VCMD_get_iattr		VC_CMD(INODE, 1, 1)
#define VCMD_set_iattr		VC_CMD(INODE, 2, 1)
#define VCMD_fget_iattr		VC_CMD(INODE, 3, 0)
#define VCMD_fset_iattr		VC_CMD(INODE, 4, 0)

/**
 * struct vcmd_ctx_iattr_v1 - argument of VCMD_get_iattr/VCMD_set_iattr
 * @name: user pointer to the path; the last component is not followed
 *	when it is a symlink
 * @tag: the file's tag (xid) when IATTR_TAG is in @mask
 * @flags: IATTR_* bits: on get the current ones, on set the new values
 * @mask: on get the bits meaningful for this inode, on set the bits to
 *	change
 */
struct vcmd_ctx_iattr_v1 {
	__aligned_u64 name;
	__u32 tag;
	__u32 flags;
	__u32 mask;
};

/**
 * struct vcmd_ctx_fiattr_v0 - argument of VCMD_fget_iattr/VCMD_fset_iattr
 * @tag: as in struct vcmd_ctx_iattr_v1
 * @flags: as in struct vcmd_ctx_iattr_v1
 * @mask: as in struct vcmd_ctx_iattr_v1
 *
 * The id of the command is the file descriptor.
 */
struct vcmd_ctx_fiattr_v0 {
	__u32 tag;
	__u32 flags;
	__u32 mask;
};

#endif /* _UAPI_LINUX_VSERVER_INODE_H */
