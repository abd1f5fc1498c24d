// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: abstract unix sockets between contexts.
 *
 * Abstract unix socket names (a leading NUL, autobind names included)
 * live in one table per network namespace, which guests share with the
 * host.  A task reaches (connect(), sendto(), a datagram connect()) an
 * abstract socket only if the socket was created in its own context, as
 * if each context had its own abstract namespace: any other fails with
 * ECONNREFUSED, what an unbound name gives.  This holds in both
 * directions, so a host client never talks to a guest that bound a name
 * before the host's service did; the spectator reaches every socket.
 * Pathname sockets are filesystem objects (the barrier and the mounts
 * decide who reaches them), unnamed ones are reached only through a
 * descriptor somebody handed over: neither is checked here.
 */

#include <linux/lsm_hooks.h>
#include <linux/net.h>
#include <linux/un.h>
#include <linux/vserver.h>
#include <net/af_unix.h>
#include <net/sock.h>

#include "common.h"
#include "context.h"
#include "unix.h"

/**
 * vx_unix_reaches() - the rule for abstract unix sockets
 * @from: xid of the task that connects or sends
 * @to: xid of the context that created the socket it addresses
 *
 * Return: true if the task may reach the socket.
 */
static bool vx_unix_reaches(u32 from, u32 to)
{
	return from == to || from == VX_ID_SPECTATOR;
}

/* Is @other bound to an abstract name?  Called under its state lock. */
static bool vx_unix_abstract(const struct sock *other)
{
	/* Pairs with the smp_store_release() of the address in unix_bind(). */
	const struct unix_address *addr = smp_load_acquire(&unix_sk(other)->addr);

	return addr && addr->len > offsetof(struct sockaddr_un, sun_path) &&
	       !addr->name->sun_path[0];
}

static int vx_unix_check(const struct sock *other)
{
	if (!vx_guests_present() ||
	    !vx_unix_abstract(other))
		return 0;
	if (vx_unix_reaches(vx_current_xid(), nx_sock(other)->xid))
		return 0;
	return -ECONNREFUSED;
}

static int hook_unix_stream_connect(struct sock *sock, struct sock *other,
				    struct sock *newsk)
{
	return vx_unix_check(other);
}

static int hook_unix_may_send(struct socket *sock, struct socket *other)
{
	return vx_unix_check(other->sk);
}

static struct security_hook_list vx_unix_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(unix_stream_connect, hook_unix_stream_connect),
	LSM_HOOK_INIT(unix_may_send, hook_unix_may_send),
};

/**
 * vx_add_unix_hooks() - register the unix socket hooks
 */
void __init vx_add_unix_hooks(void)
{
	security_add_hooks(vx_unix_hooks, ARRAY_SIZE(vx_unix_hooks), &vx_lsmid);
}

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/unix-kunit.h"
#endif
