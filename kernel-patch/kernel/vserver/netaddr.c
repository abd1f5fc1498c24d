// SPDX-License-Identifier: GPL-2.0
/*
 * Linux-VServer: the address rules of network contexts.
 *
 * Pure functions over a struct nx_addrs: which addresses a guest may
 * bind, how INADDR_ANY and 127.0.0.1 are rewritten, which source address
 * a connection gets, and how entries are added and removed.  The callers
 * hold the context's lock.
 */

#include <linux/in.h>
#include <linux/inet.h>
#include <linux/ipv6.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <net/ipv6.h>

#include "netaddr.h"

/**
 * nx_default_lback() - the loopback address of a network context
 * @nid: the network context id
 *
 * Return: 127.(nid >> 8).(nid & 255).1, network byte order.
 */
__be32 nx_default_lback(u32 nid)
{
	return htonl(INADDR_LOOPBACK | ((nid & 0xFFFF) << 8));
}

/**
 * nx_addrs_init() - an empty address set
 * @a: the set
 * @nid: its network context id (for the loopback address)
 */
void nx_addrs_init(struct nx_addrs *a, u32 nid)
{
	memset(a, 0, sizeof(*a));
	a->bcast = htonl(INADDR_BROADCAST);
	a->lback = nx_default_lback(nid);
}

/**
 * nx_addr4_match() - does an IPv4 entry cover an address?
 * @e: the entry
 * @addr: the address
 *
 * Return: ADDR: equal; MASK: in the network; RANGE: ip <= addr < ip2.
 */
bool nx_addr4_match(const struct nx_addr4 *e, __be32 addr)
{
	switch (e->type) {
	case NXA_TYPE_ADDR:
		return addr == e->ip;
	case NXA_TYPE_MASK:
		return !((addr ^ e->ip) & e->mask);
	case NXA_TYPE_RANGE:
		return ntohl(e->ip) <= ntohl(addr) && ntohl(addr) < ntohl(e->ip2);
	}
	return false;
}

/**
 * nx_v4_has() - is an IPv4 address one of the guest's?
 * @a: the address set
 * @addr: the address
 *
 * Return: true for an address an entry covers, the broadcast of an entry's
 * network, the context's broadcast or its loopback address.
 */
bool nx_v4_has(const struct nx_addrs *a, __be32 addr)
{
	int i;

	if (addr == a->lback || (a->bcast && addr == a->bcast))
		return true;
	for (i = 0; i < a->n4; i++) {
		const struct nx_addr4 *e = &a->v4[i];

		if (nx_addr4_match(e, addr))
			return true;
		if (e->type != NXA_TYPE_RANGE && e->mask != htonl(~0U) &&
		    addr == (e->ip | ~e->mask))
			return true;
	}
	return false;
}

/**
 * nx_v4_map_bind() - check and rewrite an IPv4 address a guest binds
 * @a: the guest's address set
 * @flags: NXF_* flags of the guest
 * @multicast: the guest has NXC_MULTICAST
 * @addr: the address; INADDR_ANY becomes the first address with
 *	SINGLE_IP, 127.0.0.1 the context's loopback with LBACK_REMAP
 *
 * Return: 0, or -EADDRNOTAVAIL for an address that is not the guest's.
 */
int nx_v4_map_bind(const struct nx_addrs *a, u64 flags, bool multicast,
		   __be32 *addr)
{
	if (*addr == htonl(INADDR_ANY)) {
		if ((flags & NXF_SINGLE_IP) && a->n4)
			*addr = a->v4[0].ip;
		return 0;
	}
	if (*addr == htonl(INADDR_LOOPBACK) && (flags & NXF_LBACK_REMAP)) {
		*addr = a->lback;
		return 0;
	}
	if (ipv4_is_multicast(*addr))
		return multicast ? 0 : -EADDRNOTAVAIL;
	return nx_v4_has(a, *addr) ? 0 : -EADDRNOTAVAIL;
}

/**
 * nx_v4_map_connect() - check and rewrite an IPv4 destination
 * @a: the guest's address set
 * @flags: NXF_* flags of the guest
 * @daddr: the destination; 127.0.0.1 becomes the context's loopback
 *	with LBACK_REMAP
 *
 * INADDR_ANY as a destination is routed to the loopback: it is taken for
 * 127.0.0.1.
 *
 * Return: 0, or -EPERM for a loopback destination that is not the
 * guest's own (unless LBACK_ALLOW).
 */
int nx_v4_map_connect(const struct nx_addrs *a, u64 flags, __be32 *daddr)
{
	if (*daddr == htonl(INADDR_ANY))
		*daddr = htonl(INADDR_LOOPBACK);
	if (!ipv4_is_loopback(*daddr))
		return 0;
	if ((flags & NXF_LBACK_REMAP) && *daddr == htonl(INADDR_LOOPBACK))
		*daddr = a->lback;
	if (*daddr == a->lback || (flags & NXF_LBACK_ALLOW))
		return 0;
	return -EPERM;
}

/**
 * nx_v4_source() - the source address of a guest's connection
 * @a: the guest's address set
 * @daddr: the destination (after nx_v4_map_connect())
 *
 * Return: the loopback address for loopback destinations, else the first
 * ADDR entry on the destination's network, else the first ADDR entry;
 * 0 when the guest has no address to offer.
 */
__be32 nx_v4_source(const struct nx_addrs *a, __be32 daddr)
{
	__be32 first = 0;
	int i;

	if (ipv4_is_loopback(daddr))
		return a->lback;
	for (i = 0; i < a->n4; i++) {
		const struct nx_addr4 *e = &a->v4[i];

		if (e->type != NXA_TYPE_ADDR)
			continue;
		if (!((daddr ^ e->ip) & e->mask))
			return e->ip;
		if (!first)
			first = e->ip;
	}
	return first;
}

static bool nx_mask4_valid(__be32 mask)
{
	u32 m = ntohl(mask);

	return !(m & (~m >> 1));	/* ones followed by zeros only */
}

static bool nx_addr4_same(const struct nx_addr4 *x, const struct nx_addr4 *y)
{
	return x->type == y->type && x->flags == y->flags && x->ip == y->ip &&
	       x->ip2 == y->ip2 && x->mask == y->mask;
}

/**
 * nx_addr4_add() - append an IPv4 entry
 * @a: the address set
 * @e: the entry (type ADDR, MASK or RANGE)
 *
 * Return: 0, -EINVAL (bad type, non-contiguous mask, empty range),
 * -EEXIST (already there) or -ENOSPC (NX_MAX_ADDRS entries).
 */
int nx_addr4_add(struct nx_addrs *a, const struct nx_addr4 *e)
{
	int i;

	if (e->type != NXA_TYPE_ADDR && e->type != NXA_TYPE_MASK &&
	    e->type != NXA_TYPE_RANGE)
		return -EINVAL;
	if (!nx_mask4_valid(e->mask))
		return -EINVAL;
	if (e->type == NXA_TYPE_RANGE && ntohl(e->ip2) <= ntohl(e->ip))
		return -EINVAL;
	for (i = 0; i < a->n4; i++)
		if (nx_addr4_same(&a->v4[i], e))
			return -EEXIST;
	if (a->n4 == NX_MAX_ADDRS)
		return -ENOSPC;
	a->v4[a->n4++] = *e;
	return 0;
}

/**
 * nx_addr4_remove() - remove the IPv4 entry equal to @e
 * @a: the address set
 * @e: the entry
 *
 * Return: 0 or -ESRCH when no entry matches exactly.
 */
int nx_addr4_remove(struct nx_addrs *a, const struct nx_addr4 *e)
{
	int i;

	for (i = 0; i < a->n4; i++) {
		if (!nx_addr4_same(&a->v4[i], e))
			continue;
		memmove(&a->v4[i], &a->v4[i + 1],
			(a->n4 - i - 1) * sizeof(a->v4[0]));
		a->n4--;
		return 0;
	}
	return -ESRCH;
}

/**
 * nx_v6_has() - is an IPv6 address one of the guest's?
 * @a: the address set
 * @addr: the address
 *
 * Return: true when an ADDR entry equals it or a MASK entry covers it.
 */
bool nx_v6_has(const struct nx_addrs *a, const struct in6_addr *addr)
{
	int i;

	for (i = 0; i < a->n6; i++)
		if (!ipv6_masked_addr_cmp(&a->v6[i].ip, &a->v6[i].mask, addr))
			return true;
	return false;
}

/**
 * nx_v6_map_bind() - check and rewrite an IPv6 address a guest binds
 * @a: the guest's address set
 * @flags: NXF_* flags of the guest
 * @multicast: the guest has NXC_MULTICAST
 * @addr: the address; :: becomes the guest's IPv6 address with SINGLE_IP
 *	when it has exactly one (an ADDR entry); a v4-mapped address follows
 *	the IPv4 rules (nx_v4_map_bind())
 *
 * Return: 0, or -EADDRNOTAVAIL for an address that is not the guest's.
 */
int nx_v6_map_bind(const struct nx_addrs *a, u64 flags, bool multicast,
		   struct in6_addr *addr)
{
	if (ipv6_addr_v4mapped(addr))
		return nx_v4_map_bind(a, flags, multicast, &addr->s6_addr32[3]);
	if (ipv6_addr_any(addr)) {
		if ((flags & NXF_SINGLE_IP) && a->n6 == 1 &&
		    a->v6[0].type == NXA_TYPE_ADDR)
			*addr = a->v6[0].ip;
		return 0;
	}
	if (nx_v6_has(a, addr) ||
	    (ipv6_addr_loopback(addr) && (flags & NXF_LBACK_ALLOW)) ||
	    (ipv6_addr_is_multicast(addr) && multicast))
		return 0;
	return -EADDRNOTAVAIL;
}

static bool nx_addr6_same(const struct nx_addr6 *x, const struct nx_addr6 *y)
{
	return x->type == y->type && x->prefix == y->prefix &&
	       ipv6_addr_equal(&x->ip, &y->ip) &&
	       ipv6_addr_equal(&x->mask, &y->mask);
}

/*
 * ADDR entries get an all-ones mask (the guest has that one address),
 * MASK entries keep theirs; both keep the prefix they were given (as
 * vs2.3 did: naddress --ip fd00::2/64 reads back as /64).
 */
static int nx_addr6_normalize(const struct nx_addr6 *in, struct nx_addr6 *out)
{
	*out = *in;
	if ((in->type != NXA_TYPE_ADDR && in->type != NXA_TYPE_MASK) ||
	    in->prefix > 128)
		return -EINVAL;
	if (in->type == NXA_TYPE_ADDR)
		memset(&out->mask, 0xff, sizeof(out->mask));
	return 0;
}

/**
 * nx_addr6_add() - append an IPv6 entry
 * @a: the address set
 * @e: the entry (type ADDR or MASK with a prefix of at most 128)
 *
 * Return: 0, -EINVAL, -EEXIST or -ENOSPC.
 */
int nx_addr6_add(struct nx_addrs *a, const struct nx_addr6 *e)
{
	struct nx_addr6 n;
	int i, err;

	err = nx_addr6_normalize(e, &n);
	if (err)
		return err;
	for (i = 0; i < a->n6; i++)
		if (nx_addr6_same(&a->v6[i], &n))
			return -EEXIST;
	if (a->n6 == NX_MAX_ADDRS)
		return -ENOSPC;
	a->v6[a->n6++] = n;
	return 0;
}

/**
 * nx_addr6_remove() - remove the IPv6 entry equal to @e
 * @a: the address set
 * @e: the entry
 *
 * Return: 0, -EINVAL for a bad entry, -ESRCH when none matches.
 */
int nx_addr6_remove(struct nx_addrs *a, const struct nx_addr6 *e)
{
	struct nx_addr6 n;
	int i, err;

	err = nx_addr6_normalize(e, &n);
	if (err)
		return err;
	for (i = 0; i < a->n6; i++) {
		if (!nx_addr6_same(&a->v6[i], &n))
			continue;
		memmove(&a->v6[i], &a->v6[i + 1],
			(a->n6 - i - 1) * sizeof(a->v6[0]));
		a->n6--;
		return 0;
	}
	return -ESRCH;
}

/**
 * nx_v4_shown() - is an interface's IPv4 address listed to the guest?
 * @a: the guest's address set
 * @flags: NXF_* flags of the guest
 * @addr: the interface address (ifa_local)
 *
 * Return: true for one of the guest's addresses, and for loopback
 * addresses when the guest may use loopback (LBACK_REMAP or LBACK_ALLOW).
 */
bool nx_v4_shown(const struct nx_addrs *a, u64 flags, __be32 addr)
{
	if (ipv4_is_loopback(addr))
		return flags & (NXF_LBACK_REMAP | NXF_LBACK_ALLOW);
	return nx_v4_has(a, addr);
}

/**
 * nx_v6_shown() - is an interface's IPv6 address listed to the guest?
 * @a: the guest's address set
 * @flags: NXF_* flags of the guest
 * @addr: the interface address
 *
 * Return: true for one of the guest's addresses, and for ::1 with
 * LBACK_ALLOW.
 */
bool nx_v6_shown(const struct nx_addrs *a, u64 flags,
		 const struct in6_addr *addr)
{
	if (ipv6_addr_loopback(addr))
		return flags & NXF_LBACK_ALLOW;
	return nx_v6_has(a, addr);
}

/**
 * nx_mcast_join() - does a socket option join a multicast group?
 * @level: setsockopt() level
 * @optname: setsockopt() option
 *
 * Return: true for the IPv4 and IPv6 group joins (any-source and
 * source-specific), which a guest may do only with NXC_MULTICAST.
 */
bool nx_mcast_join(int level, int optname)
{
	if (level == SOL_IP)
		return optname == IP_ADD_MEMBERSHIP ||
		       optname == IP_ADD_SOURCE_MEMBERSHIP ||
		       optname == MCAST_JOIN_GROUP ||
		       optname == MCAST_JOIN_SOURCE_GROUP;
	if (level == SOL_IPV6)
		return optname == IPV6_ADD_MEMBERSHIP ||
		       optname == MCAST_JOIN_GROUP ||
		       optname == MCAST_JOIN_SOURCE_GROUP;
	return false;
}

/**
 * nx_hdrincl() - does a socket option let a raw socket write IP headers?
 * @level: setsockopt() level
 * @optname: setsockopt() option
 *
 * Return: true for IP_HDRINCL and IPV6_HDRINCL.
 */
bool nx_hdrincl(int level, int optname)
{
	return (level == SOL_IP && optname == IP_HDRINCL) ||
	       (level == SOL_IPV6 && optname == IPV6_HDRINCL);
}

#ifdef CONFIG_VSERVER_KUNIT_TEST
#include "tests/netaddr-kunit.h"
#endif
