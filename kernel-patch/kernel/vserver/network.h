/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: network contexts (nids).
 */
#ifndef _VSERVER_NETWORK_H
#define _VSERVER_NETWORK_H

#include <linux/types.h>
#include <linux/vserver.h>
#include <net/sock.h>
#include <uapi/linux/vserver/network.h>

#include "idspace.h"
#include "netaddr.h"

/**
 * struct nx_info - a network context
 * @ident: the id-space core (nid, references, tasks, lock, state, flags);
 *	@ident.lock also protects @ncaps and @addrs
 * @ncaps: NXC_* capabilities
 * @addrs: the address set
 */
struct nx_info {
	struct vx_ident ident;
	u64 ncaps;
	struct nx_addrs addrs;
};

extern struct vx_idspace nx_nids;

/* The network context of an ident of the nid space; NULL stays NULL. */
static inline struct nx_info *nx_info_of(struct vx_ident *ident)
{
	return ident ? container_of(ident, struct nx_info, ident) : NULL;
}

/* The socket's network context; NULL for host sockets or while no guest exists. */
static __always_inline struct nx_info *nx_sk(const struct sock *sk)
{
	if (!vx_guests_present() || !sk->sk_security)
		return NULL;
	return READ_ONCE(nx_sock(sk)->nxi);
}

/* current's network context, NULL for host and spectator (not referenced). */
static inline struct nx_info *nx_current(void)
{
	return nx_info_of(vx_task_ident(current, VX_SLOT_NID));
}

/* current's nid: 0 host, 1 spectator, else the network context id. */
static inline u32 nx_current_nid(void)
{
	return vx_task_id(current, VX_SLOT_NID);
}

static inline struct nx_info *nx_lookup(u32 nid)
{
	return nx_info_of(vx_ident_lookup(&nx_nids, nid));
}

static inline void nx_put(struct nx_info *nxi)
{
	if (nxi)
		vx_ident_put(&nxi->ident);
}

static inline int nx_set_flags(struct nx_info *nxi, u64 value, u64 mask)
{
	return vx_ident_set_flags(&nxi->ident, value, mask);
}

#endif /* _VSERVER_NETWORK_H */
