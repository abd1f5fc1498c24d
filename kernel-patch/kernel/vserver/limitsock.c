// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: NSOCK, the sockets of a context.  socket() is checked
 * against the hard limit (socket_create); sockets are charged when they
 * are allocated in task context (sk_alloc_security) and accepted
 * connections to the listener's context (sk_clone_security, in softirq);
 * sk_free_security gives them back through the socket, never current.
 */

#include <linux/lsm_hooks.h>
#include <net/sock.h>

#include "common.h"
#include "context.h"
#include "limit.h"
#include "limitint.h"

/**
 * vx_limit_socket_create() - NSOCK: may current create a socket?
 * @kern: a socket the kernel makes for itself (never refused)
 *
 * Return: 0, or -ENOBUFS when one socket more would pass the hard limit.
 */
int vx_limit_socket_create(int kern)
{
	struct vx_info *vxi = vx_limit_current();
	struct vx_limits *l;

	if (!vxi || kern)
		return 0;
	l = &vxi->limits;
	if (vx_limit_over(l, VLIMIT_NSOCK,
			  atomic_long_read(&l->lim[VLIMIT_NSOCK].cur), 1))
		return -ENOBUFS;
	return 0;
}

/* @sk is charged to @vxi (or to nobody), which it references. */
static void vx_limit_sk_charge(struct sock *sk, struct vx_info *vxi)
{
	if (vxi) {
		refcount_inc(&vxi->ident.usecnt);
		vx_limit_add(&vxi->limits, VLIMIT_NSOCK, 1);
	}
	nx_sock(sk)->vxi = vxi;
}

/**
 * vx_limit_sk_alloc() - NSOCK: charge a socket allocated in task context
 * @sk: the new socket (its blob zeroed)
 *
 * socket() was checked against the limit already (socket_create); what
 * the kernel allocates in a guest task is counted without a check.
 */
void vx_limit_sk_alloc(struct sock *sk)
{
	vx_limit_sk_charge(sk, vx_limit_current());
}

/**
 * vx_limit_sk_free() - NSOCK: a socket dies, its context gets it back
 * @sk: the socket
 *
 * May run in softirq or from an RCU callback: the charge is found in
 * the socket, never through current.
 */
void vx_limit_sk_free(struct sock *sk)
{
	struct vx_info *vxi = nx_sock(sk)->vxi;

	if (!vxi)
		return;
	nx_sock(sk)->vxi = NULL;
	vx_limit_uncharge(&vxi->limits, VLIMIT_NSOCK, 1);
	vx_put(vxi);
}

/**
 * vx_limit_sk_clone() - NSOCK: an accepted connection counts for the
 *	listener's context
 * @sk: the listener
 * @newsk: the new socket, charged to current if it was allocated in
 *	task context (the listener's backlog run by its owner)
 *
 * Usually called in softirq, where current is whatever task the
 * interrupt hit: the charge goes to the listener's context, and cannot
 * be refused there.
 */
void vx_limit_sk_clone(const struct sock *sk, struct sock *newsk)
{
	struct vx_info *vxi = NULL;

	if (sk->sk_security)
		vxi = READ_ONCE(nx_sock(sk)->vxi);
	vx_limit_sk_free(newsk);
	vx_limit_sk_charge(newsk, vxi);
}
