/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: network contexts (nids) and their address sets.
 */
#ifndef _VSERVER_NETWORK_H
#define _VSERVER_NETWORK_H

#include <linux/in6.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/vserver.h>
#include <net/sock.h>
#include <uapi/linux/vserver/network.h>

#include "context.h"

struct proc_dir_entry;

/**
 * struct nx_addr4 - one IPv4 entry of a network context
 * @ip: address (ADDR), network (MASK) or first address (RANGE)
 * @ip2: end of a RANGE, exclusive
 * @mask: netmask
 * @type: NXA_TYPE_ADDR, NXA_TYPE_MASK or NXA_TYPE_RANGE
 * @flags: NXA_LOOPBACK
 */
struct nx_addr4 {
	__be32 ip;
	__be32 ip2;
	__be32 mask;
	u16 type;
	u16 flags;
};

/**
 * struct nx_addr6 - one IPv6 entry of a network context
 * @ip: address or network
 * @mask: netmask (all ones for NXA_TYPE_ADDR)
 * @prefix: prefix length
 * @type: NXA_TYPE_ADDR or NXA_TYPE_MASK
 * @flags: entry flags
 */
struct nx_addr6 {
	struct in6_addr ip;
	struct in6_addr mask;
	u32 prefix;
	u16 type;
	u16 flags;
};

/**
 * struct nx_addrs - the address set of a network context
 * @v4: IPv4 entries, @n4 of them used
 * @n4: number of IPv4 entries
 * @v6: IPv6 entries, @n6 of them used
 * @n6: number of IPv6 entries
 * @bcast: IPv4 broadcast address
 * @lback: IPv4 loopback address of the context (127.x.y.1)
 */
struct nx_addrs {
	struct nx_addr4 v4[NX_MAX_ADDRS];
	int n4;
	struct nx_addr6 v6[NX_MAX_ADDRS];
	int n6;
	__be32 bcast;
	__be32 lback;
};

/**
 * struct nx_info - a network context
 * @hlist: entry in the nid hash
 * @usecnt: references: the hash, member tasks, sockets, lookups
 * @tasks: member tasks
 * @nid: network context id
 * @lock: protects @flags, @ncaps, @state and @addrs (bottom halves off)
 * @state: NXS_* bits
 * @flags: NXF_* flags
 * @ncaps: NXC_* capabilities
 * @addrs: the address set
 * @proc_dir: /proc/virtnet/<nid>
 * @rcu: frees the context after lockless readers are done
 */
struct nx_info {
	struct hlist_node hlist;
	refcount_t usecnt;
	atomic_t tasks;
	u32 nid;
	spinlock_t lock;
	unsigned int state;
	u64 flags;
	u64 ncaps;
	struct nx_addrs addrs;
	struct proc_dir_entry *proc_dir;
	struct rcu_head rcu;
};

#define NXS_HASHED	0x0001
#define NXS_SHUTDOWN	0x0004

/**
 * struct nx_sock - per-socket LSM blob
 * @nxi: the network context that owns the socket, NULL for the host
 */
struct nx_sock {
	struct nx_info *nxi;
};

static inline struct nx_sock *nx_sock(const struct sock *sk)
{
	return sk->sk_security + vx_blob_sizes.lbs_sock;
}

/* The socket's network context; NULL for host sockets or while no guest exists. */
static __always_inline struct nx_info *nx_sk(const struct sock *sk)
{
	if (!static_branch_unlikely(&vx_guests_active.key) || !sk->sk_security)
		return NULL;
	return READ_ONCE(nx_sock(sk)->nxi);
}

/* netaddr.c: the pure rules. */
__be32 nx_default_lback(u32 nid);
void nx_addrs_init(struct nx_addrs *a, u32 nid);
bool nx_addr4_match(const struct nx_addr4 *e, __be32 addr);
bool nx_v4_has(const struct nx_addrs *a, __be32 addr);
int nx_v4_map_bind(const struct nx_addrs *a, u64 flags, bool multicast,
		   __be32 *addr);
int nx_v4_map_connect(const struct nx_addrs *a, u64 flags, __be32 *daddr);
__be32 nx_v4_source(const struct nx_addrs *a, __be32 daddr);
int nx_addr4_add(struct nx_addrs *a, const struct nx_addr4 *e);
int nx_addr4_remove(struct nx_addrs *a, const struct nx_addr4 *e);
bool nx_v6_has(const struct nx_addrs *a, const struct in6_addr *addr);
int nx_v6_map_bind(const struct nx_addrs *a, u64 flags, bool multicast,
		   struct in6_addr *addr);
int nx_addr6_add(struct nx_addrs *a, const struct nx_addr6 *e);
int nx_addr6_remove(struct nx_addrs *a, const struct nx_addr6 *e);
bool nx_mcast_join(int level, int optname);
bool nx_hdrincl(int level, int optname);
bool nx_v4_shown(const struct nx_addrs *a, u64 flags, __be32 addr);
bool nx_v6_shown(const struct nx_addrs *a, u64 flags,
		 const struct in6_addr *addr);

/* network.c: the table and task membership. */
struct nx_info *nx_lookup(u32 nid);
void nx_put(struct nx_info *nxi);
struct nx_info *nx_create(u32 nid, u64 flags);
int nx_migrate(struct nx_info *nxi);
void nx_migrate_spectator(void);
int nx_set_flags(struct nx_info *nxi, u64 value, u64 mask);
struct nx_info *nx_current(void);
u32 nx_current_nid(void);
void nx_task_attach(struct task_struct *p, struct nx_info *nxi, u32 nid);
void nx_task_release(struct task_struct *p);
void nx_task_exit(struct task_struct *p);
int nx_count_active(void);
int nx_count_total(void);

/* netproc.c */
int nx_proc_create(struct nx_info *nxi);
void nx_proc_remove(struct nx_info *nxi);
int __init nx_proc_init(void);
bool nx_proc_de_visible(const struct proc_dir_entry *de, u32 nid);

/* inet.c */
void __init nx_add_inet_hooks(void);

/* tun.c */
bool nx_tun_usable(u32 nid, u32 owner);
void __init nx_add_tun_hooks(void);

#endif /* _VSERVER_NETWORK_H */
