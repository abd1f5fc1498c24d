// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: which sysctls a guest may write.
 *
 * Most sysctls are writable by uid 0 on their mode alone, and the host's
 * (kernel.core_pattern, kernel.modprobe, vm.*, the initial network
 * namespace's net.*) act on the whole machine.  A guest whose bcaps lack
 * CAP_SYS_ADMIN writes only those of namespaces it owns: the tables of a
 * network or user namespace other than the initial ones, the SysV IPC
 * and mqueue tables (kernel.msgmax, kernel.shmmni, kernel.sem,
 * fs.mqueue.*, ...) of an IPC namespace its own context made or was
 * handed by the host (vx_ipc_ns_owner(), ipc.c), and, with SET_UTSNAME
 * in its own UTS namespace, kernel.hostname and kernel.domainname.
 * Everything else reads as read-only (EACCES): the host's IPC namespace,
 * which a guest without one of its own shares, and one two contexts
 * share.  The rule is applied when the file is opened and again on each
 * write.
 */

#include <linux/ipc_namespace.h>

#include <linux/nsproxy.h>
#include <linux/sysctl.h>
#include <linux/user_namespace.h>
#include <linux/utsname.h>
#include <linux/vserver.h>
#include <net/net_namespace.h>

#include "context.h"
#include "ipc.h"

/**
 * vx_sysctl_set_owned() - does @head belong to a namespace a guest made?
 * @head: the header of a sysctl table
 *
 * Return: false for the global tables and those of the initial network
 * and user namespaces.
 */
static bool vx_sysctl_set_owned(const struct ctl_table_header *head)
{
	if (head->set == &head->root->default_set)
		return false;
#ifdef CONFIG_NET
	if (head->set == &init_net.sysctls)
		return false;
#endif
	return head->set != &init_user_ns.set;
}

/**
 * vx_sysctl_ipc_ns() - the IPC namespace of a SysV IPC or mqueue table
 * @head: the header of a sysctl table
 *
 * Every IPC namespace registers its tables in sets of its own, which
 * share the is_seen function of the initial namespace's sets.
 *
 * Return: the namespace, NULL for any other table.
 */
static const struct ipc_namespace *
vx_sysctl_ipc_ns(const struct ctl_table_header *head)
{
	const struct ctl_table_set *set = head->set;

	if (!set->is_seen)
		return NULL;
#ifdef CONFIG_SYSVIPC_SYSCTL
	if (set->is_seen == init_ipc_ns.ipc_set.is_seen)
		return container_of_const(set, struct ipc_namespace, ipc_set);
#endif
#ifdef CONFIG_POSIX_MQUEUE_SYSCTL
	if (set->is_seen == init_ipc_ns.mq_set.is_seen)
		return container_of_const(set, struct ipc_namespace, mq_set);
#endif
	return NULL;
}

/* kernel.hostname and kernel.domainname act on the caller's UTS namespace. */
static bool vx_sysctl_is_uts(const struct ctl_table *table)
{
	return table->data == init_uts_ns.name.nodename ||
	       table->data == init_uts_ns.name.domainname;
}

/**
 * vx_sysctl_writable() - the write rule
 * @admin: the guest's bcaps keep CAP_SYS_ADMIN
 * @owned: the table belongs to a namespace other than the host's
 * @uts: the sysctl is a UTS name
 * @uts_ok: the guest has SET_UTSNAME and its own UTS namespace
 *
 * Return: true if the guest may write the sysctl.
 */
static bool vx_sysctl_writable(bool admin, bool owned, bool uts, bool uts_ok)
{
	return admin || owned || (uts && uts_ok);
}

int __vx_sysctl_mode(const struct ctl_table_header *head,
		     const struct ctl_table *table, int mode)
{
	struct vx_info *vxi = vx_current_guest();
	const struct ipc_namespace *ipc;
	bool uts_ok, owned;

	if (!vxi)
		return mode;
	uts_ok = (READ_ONCE(vxi->ccaps) & VXC_SET_UTSNAME) &&
		 current->nsproxy && current->nsproxy->uts_ns != &init_uts_ns;
	ipc = vx_sysctl_ipc_ns(head);
	if (ipc)
		owned = vx_ipc_ns_owner(ipc) == vxi->ident.id;
	else
		owned = vx_sysctl_set_owned(head);
	if (vx_sysctl_writable(vx_bcaps_admin(READ_ONCE(vxi->bcaps)), owned,
			       vx_sysctl_is_uts(table), uts_ok))
		return mode;
	return mode & ~0222;
}

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/sysctl-kunit.h"
#endif
