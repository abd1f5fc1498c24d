/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux-VServer: the address set of a network context and its rules.
 */
#ifndef _VSERVER_NETADDR_H
#define _VSERVER_NETADDR_H

#include <linux/in6.h>
#include <linux/types.h>
#include <uapi/linux/vserver/network.h>

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

#endif /* _VSERVER_NETADDR_H */
