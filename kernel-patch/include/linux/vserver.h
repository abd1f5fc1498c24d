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

#include <linux/jump_label.h>
#include <linux/types.h>

struct task_struct;
struct proc_dir_entry;
struct kernel_siginfo;

#ifdef CONFIG_VSERVER

DECLARE_STATIC_KEY_FALSE(vx_guests_active);

bool __vx_task_visible(const struct task_struct *p);
bool __vx_kill_all_target(const struct task_struct *p);
bool __vx_proc_de_visible(const struct proc_dir_entry *de);
struct task_struct *__vx_signal_target(struct task_struct *p,
				       const struct kernel_siginfo *info);
void vx_task_exit(struct task_struct *p);

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
	if (!static_branch_unlikely(&vx_guests_active))
		return true;
	return __vx_task_visible(p);
}

/**
 * vx_kill_all_target() - is @p reached by kill(-1, sig) from current?
 * @p: a task iterated by kill(-1)
 *
 * Return: true when @p is visible and is not the init of current's guest.
 */
static inline bool vx_kill_all_target(const struct task_struct *p)
{
	if (!static_branch_unlikely(&vx_guests_active))
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
	if (!static_branch_unlikely(&vx_guests_active))
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
	if (!static_branch_unlikely(&vx_guests_active))
		return true;
	return __vx_proc_de_visible(de);
}

#else /* !CONFIG_VSERVER */

static inline bool vx_task_visible(const struct task_struct *p)
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

#endif /* CONFIG_VSERVER */

#endif /* _LINUX_VSERVER_H */
