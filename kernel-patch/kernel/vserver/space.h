/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: the namespace sets ("spaces") of a context.
 */
#ifndef _VSERVER_SPACE_H
#define _VSERVER_SPACE_H

#include <linux/mutex.h>
#include <linux/path.h>
#include <linux/sched.h>
#include <linux/types.h>
#include <uapi/linux/vserver/space.h>

struct new_utsname;
struct ns_common;

/* The namespace kinds a set holds, in the order they are entered. */
enum vx_ns_kind {
	VX_NS_USER,
	VX_NS_MNT,
	VX_NS_UTS,
	VX_NS_IPC,
	VX_NS_PID,
	VX_NS_NET,
	VX_NR_NS,
};

/* What get_space_default reports: the set util-vserver keeps by default. */
#define VX_SPACE_DEFAULT	(CLONE_FS | CLONE_NEWNS | CLONE_NEWUTS | \
				 CLONE_NEWIPC)

/**
 * struct vx_space - one namespace set of a context
 * @mask: CLONE_* bits stored so far (vs2.3's vx_nsmask)
 * @ns: the namespaces of the kinds in @mask, referenced
 * @root: root directory, valid when @mask has CLONE_FS
 * @pwd: working directory, valid when @mask has CLONE_FS
 */
struct vx_space {
	u64 mask;
	struct ns_common *ns[VX_NR_NS];
	struct path root;
	struct path pwd;
};

/**
 * struct vx_spaces - the namespace sets of a context
 * @lock: serialises set, enter, the uts names and the release
 * @released: the context died; nothing is stored any more
 * @space: the sets, index 0 is the guest's own
 */
struct vx_spaces {
	struct mutex lock;	/* see above */
	bool released;
	struct vx_space space[VX_SPACES];
};

/**
 * struct vx_space_counts - what the sets of all contexts hold
 * @sets: sets holding anything
 * @fs: sets holding a root and working directory
 * @ns: sets holding a namespace, per kind
 */
struct vx_space_counts {
	unsigned int sets;
	unsigned int fs;
	unsigned int ns[VX_NR_NS];
};

struct seq_file;

u64 vx_ns_kind_flag(enum vx_ns_kind k);
u64 vx_space_kinds(void);
u64 vx_space_mask(void);
u64 vx_space_mask_v0(void);
int vx_space_check(u64 mask, u32 index, u64 allowed);
char *vx_space_uts_field(struct new_utsname *uts, u32 field);

void vx_spaces_init(struct vx_spaces *sp);
void vx_spaces_release(struct vx_spaces *sp);
int vx_space_set(struct vx_spaces *sp, u64 mask, u32 index);
int vx_space_enter(struct vx_spaces *sp, u64 mask, u32 index);
int vx_space_get_uts(struct vx_spaces *sp, u32 field, char *name);
int vx_space_set_uts(struct vx_spaces *sp, u32 field, const char *name);
void vx_space_show(struct seq_file *m, struct vx_spaces *sp, u32 index);
void vx_space_count(struct vx_spaces *sp, struct vx_space_counts *c);
void vx_space_counts_show(struct seq_file *m, const struct vx_space_counts *c);
int vx_nsproxy_proc_show(struct seq_file *m, void *v);
int vx_nsproxy1_proc_show(struct seq_file *m, void *v);

/* The stored mask of set @index, for /proc (racy, informational). */
static inline u64 vx_space_stored(struct vx_spaces *sp, u32 index)
{
	return READ_ONCE(sp->space[index].mask);
}

#endif /* _VSERVER_SPACE_H */
