/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the address rules of network contexts.
 * Included at the end of kernel/vserver/netaddr.c.
 */

#include <kunit/test.h>

#define IP4(a, b, c, d)	htonl(((a) << 24) | ((b) << 16) | ((c) << 8) | (d))

/* Compare two addresses in network order (sparse: __be32 is no integer). */
#define NX_EXPECT_IP4(test, a, b) \
	KUNIT_EXPECT_EQ(test, (__force u32)(a), (__force u32)(b))
static void test_nx_lback(struct kunit *test)
{
	NX_EXPECT_IP4(test, nx_default_lback(2), IP4(127, 0, 2, 1));
	NX_EXPECT_IP4(test, nx_default_lback(0x1234), IP4(127, 0x12, 0x34, 1));
}

static void test_nx_addr4_match(struct kunit *test)
{
	struct nx_addr4 addr = { .type = NXA_TYPE_ADDR, .ip = IP4(10, 0, 0, 2),
				 .mask = IP4(255, 255, 255, 0) };
	struct nx_addr4 net = { .type = NXA_TYPE_MASK, .ip = IP4(10, 1, 0, 0),
				.mask = IP4(255, 255, 0, 0) };
	struct nx_addr4 range = { .type = NXA_TYPE_RANGE, .ip = IP4(10, 2, 0, 10),
				  .ip2 = IP4(10, 2, 0, 20) };

	KUNIT_EXPECT_TRUE(test, nx_addr4_match(&addr, IP4(10, 0, 0, 2)));
	KUNIT_EXPECT_FALSE(test, nx_addr4_match(&addr, IP4(10, 0, 0, 3)));
	KUNIT_EXPECT_TRUE(test, nx_addr4_match(&net, IP4(10, 1, 200, 7)));
	KUNIT_EXPECT_FALSE(test, nx_addr4_match(&net, IP4(10, 2, 0, 1)));
	KUNIT_EXPECT_TRUE(test, nx_addr4_match(&range, IP4(10, 2, 0, 10)));
	KUNIT_EXPECT_TRUE(test, nx_addr4_match(&range, IP4(10, 2, 0, 19)));
	KUNIT_EXPECT_FALSE(test, nx_addr4_match(&range, IP4(10, 2, 0, 20)));
	KUNIT_EXPECT_FALSE(test, nx_addr4_match(&range, IP4(10, 2, 0, 9)));
}

static void test_nx_v4_bind(struct kunit *test)
{
	struct nx_addrs *a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	struct nx_addr4 e = { .type = NXA_TYPE_ADDR, .ip = IP4(10, 0, 0, 2),
			      .mask = IP4(255, 255, 255, 0) };
	__be32 addr;

	nx_addrs_init(a, 42);
	KUNIT_ASSERT_EQ(test, nx_addr4_add(a, &e), 0);
	addr = IP4(10, 0, 0, 2);
	KUNIT_EXPECT_EQ(test, nx_v4_map_bind(a, 0, false, &addr), 0);
	addr = IP4(10, 0, 0, 3);
	KUNIT_EXPECT_EQ(test, nx_v4_map_bind(a, 0, false, &addr), -EADDRNOTAVAIL);
	addr = IP4(10, 0, 0, 255);	/* the network's broadcast */
	KUNIT_EXPECT_EQ(test, nx_v4_map_bind(a, 0, false, &addr), 0);
	addr = 0;
	KUNIT_EXPECT_EQ(test, nx_v4_map_bind(a, 0, false, &addr), 0);
	NX_EXPECT_IP4(test, addr, 0);
	KUNIT_EXPECT_EQ(test, nx_v4_map_bind(a, NXF_SINGLE_IP, false, &addr), 0);
	NX_EXPECT_IP4(test, addr, IP4(10, 0, 0, 2));
	addr = htonl(INADDR_LOOPBACK);
	KUNIT_EXPECT_EQ(test, nx_v4_map_bind(a, NXF_LBACK_REMAP, false, &addr), 0);
	NX_EXPECT_IP4(test, addr, IP4(127, 0, 42, 1));
	addr = htonl(INADDR_LOOPBACK);
	KUNIT_EXPECT_EQ(test, nx_v4_map_bind(a, 0, false, &addr), -EADDRNOTAVAIL);
	addr = IP4(224, 0, 0, 1);
	KUNIT_EXPECT_EQ(test, nx_v4_map_bind(a, 0, false, &addr), -EADDRNOTAVAIL);
	KUNIT_EXPECT_EQ(test, nx_v4_map_bind(a, 0, true, &addr), 0);
}

static void test_nx_v4_connect(struct kunit *test)
{
	struct nx_addrs *a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	struct nx_addr4 e1 = { .type = NXA_TYPE_ADDR, .ip = IP4(10, 0, 0, 2),
			       .mask = IP4(255, 255, 255, 0) };
	struct nx_addr4 e2 = { .type = NXA_TYPE_ADDR, .ip = IP4(192, 168, 1, 5),
			       .mask = IP4(255, 255, 255, 0) };
	__be32 d;

	nx_addrs_init(a, 7);
	NX_EXPECT_IP4(test, nx_v4_source(a, IP4(8, 8, 8, 8)), 0);
	KUNIT_ASSERT_EQ(test, nx_addr4_add(a, &e1), 0);
	KUNIT_ASSERT_EQ(test, nx_addr4_add(a, &e2), 0);
	NX_EXPECT_IP4(test, nx_v4_source(a, IP4(192, 168, 1, 9)),
		      IP4(192, 168, 1, 5));
	NX_EXPECT_IP4(test, nx_v4_source(a, IP4(8, 8, 8, 8)), IP4(10, 0, 0, 2));
	d = htonl(INADDR_LOOPBACK);
	KUNIT_EXPECT_EQ(test, nx_v4_map_connect(a, NXF_LBACK_REMAP, &d), 0);
	NX_EXPECT_IP4(test, d, IP4(127, 0, 7, 1));
	NX_EXPECT_IP4(test, nx_v4_source(a, d), IP4(127, 0, 7, 1));
	d = IP4(127, 0, 8, 1);	/* another guest's loopback */
	KUNIT_EXPECT_EQ(test, nx_v4_map_connect(a, NXF_LBACK_REMAP, &d), -EPERM);
	d = htonl(INADDR_LOOPBACK);
	KUNIT_EXPECT_EQ(test, nx_v4_map_connect(a, 0, &d), -EPERM);
	KUNIT_EXPECT_EQ(test, nx_v4_map_connect(a, NXF_LBACK_ALLOW, &d), 0);
}

static void test_nx_addr4_add_remove(struct kunit *test)
{
	struct nx_addrs *a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	struct nx_addr4 e = { .type = NXA_TYPE_ADDR, .ip = IP4(10, 0, 0, 2),
			      .mask = IP4(255, 255, 255, 0) };
	struct nx_addr4 bad = e;
	int i;

	nx_addrs_init(a, 3);
	KUNIT_EXPECT_EQ(test, nx_addr4_add(a, &e), 0);
	KUNIT_EXPECT_EQ(test, nx_addr4_add(a, &e), -EEXIST);
	bad.mask = IP4(255, 0, 255, 0);
	KUNIT_EXPECT_EQ(test, nx_addr4_add(a, &bad), -EINVAL);
	bad = e;
	bad.type = NXA_TYPE_RANGE;
	bad.ip2 = bad.ip;
	KUNIT_EXPECT_EQ(test, nx_addr4_add(a, &bad), -EINVAL);
	bad.type = 0x77;
	KUNIT_EXPECT_EQ(test, nx_addr4_add(a, &bad), -EINVAL);
	for (i = 1; i < NX_MAX_ADDRS; i++) {
		e.ip = IP4(10, 0, 1, i);
		KUNIT_EXPECT_EQ(test, nx_addr4_add(a, &e), 0);
	}
	e.ip = IP4(10, 0, 2, 1);
	KUNIT_EXPECT_EQ(test, nx_addr4_add(a, &e), -ENOSPC);
	KUNIT_EXPECT_EQ(test, nx_addr4_remove(a, &e), -ESRCH);
	e.ip = IP4(10, 0, 1, 3);
	KUNIT_EXPECT_EQ(test, nx_addr4_remove(a, &e), 0);
	KUNIT_EXPECT_EQ(test, a->n4, NX_MAX_ADDRS - 1);
	KUNIT_EXPECT_FALSE(test, nx_v4_has(a, IP4(10, 0, 1, 3)));
	KUNIT_EXPECT_TRUE(test, nx_v4_has(a, IP4(10, 0, 1, 4)));
}

static void test_nx_v6(struct kunit *test)
{
	struct nx_addrs *a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	struct nx_addr6 e = { .type = NXA_TYPE_ADDR };
	struct in6_addr other;

	nx_addrs_init(a, 3);
	e.ip.s6_addr[0] = 0xfd;
	e.ip.s6_addr[15] = 2;
	KUNIT_EXPECT_EQ(test, nx_addr6_add(a, &e), 0);
	KUNIT_EXPECT_EQ(test, nx_addr6_add(a, &e), -EEXIST);
	KUNIT_EXPECT_TRUE(test, nx_v6_has(a, &e.ip));
	other = e.ip;
	other.s6_addr[15] = 3;
	KUNIT_EXPECT_FALSE(test, nx_v6_has(a, &other));
	e.type = NXA_TYPE_MASK;
	e.prefix = 129;
	KUNIT_EXPECT_EQ(test, nx_addr6_add(a, &e), -EINVAL);
	e.prefix = 64;
	memset(&e.mask, 0xff, 8);
	KUNIT_EXPECT_EQ(test, nx_addr6_add(a, &e), 0);
	KUNIT_EXPECT_TRUE(test, nx_v6_has(a, &other));
	KUNIT_EXPECT_EQ(test, nx_addr6_remove(a, &e), 0);
	KUNIT_EXPECT_EQ(test, nx_addr6_remove(a, &e), -ESRCH);
}

/* naddress --ip fd00::5/64: one address, its prefix kept for display. */
static void test_nx_v6_addr_keeps_prefix(struct kunit *test)
{
	struct nx_addrs *a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	struct nx_addr6 e = { .type = NXA_TYPE_ADDR, .prefix = 64 };
	struct in6_addr other;

	nx_addrs_init(a, 3);
	e.ip.s6_addr[0] = 0xfd;
	e.ip.s6_addr[15] = 5;
	memset(&e.mask, 0xff, 8);
	KUNIT_EXPECT_EQ(test, nx_addr6_add(a, &e), 0);
	KUNIT_ASSERT_EQ(test, a->n6, 1);
	KUNIT_EXPECT_EQ(test, a->v6[0].prefix, 64);
	KUNIT_EXPECT_EQ(test, a->v6[0].mask.s6_addr[15], 0xff);
	other = e.ip;
	other.s6_addr[15] = 6;
	KUNIT_EXPECT_FALSE(test, nx_v6_has(a, &other));
	KUNIT_EXPECT_TRUE(test, nx_v6_has(a, &e.ip));
	/* Removed by the same entry; a prefix beyond 128 is refused. */
	KUNIT_EXPECT_EQ(test, nx_addr6_remove(a, &e), 0);
	e.prefix = 129;
	KUNIT_EXPECT_EQ(test, nx_addr6_add(a, &e), -EINVAL);
	KUNIT_EXPECT_EQ(test, a->n6, 0);
}

static void test_nx_shown(struct kunit *test)
{
	struct nx_addrs *a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	struct nx_addr4 e = { .type = NXA_TYPE_ADDR, .ip = IP4(10, 0, 0, 2),
			      .mask = IP4(255, 255, 255, 0) };
	struct nx_addr6 e6 = { .type = NXA_TYPE_ADDR };
	struct in6_addr other = {};

	nx_addrs_init(a, 3);
	KUNIT_EXPECT_EQ(test, nx_addr4_add(a, &e), 0);
	KUNIT_EXPECT_TRUE(test, nx_v4_shown(a, 0, IP4(10, 0, 0, 2)));
	/* the host's address in the same network is not the guest's */
	KUNIT_EXPECT_FALSE(test, nx_v4_shown(a, 0, IP4(10, 0, 0, 1)));
	KUNIT_EXPECT_FALSE(test, nx_v4_shown(a, 0, IP4(10, 9, 0, 1)));
	/* lo's 127.0.0.1 only for a guest that may use loopback */
	KUNIT_EXPECT_FALSE(test, nx_v4_shown(a, 0, IP4(127, 0, 0, 1)));
	KUNIT_EXPECT_TRUE(test, nx_v4_shown(a, NXF_LBACK_REMAP,
					    IP4(127, 0, 0, 1)));
	KUNIT_EXPECT_TRUE(test, nx_v4_shown(a, NXF_LBACK_ALLOW,
					    IP4(127, 0, 0, 1)));
	e6.ip.s6_addr[0] = 0xfd;
	e6.ip.s6_addr[15] = 2;
	KUNIT_EXPECT_EQ(test, nx_addr6_add(a, &e6), 0);
	KUNIT_EXPECT_TRUE(test, nx_v6_shown(a, 0, &e6.ip));
	other.s6_addr[15] = 1;	/* ::1 */
	KUNIT_EXPECT_FALSE(test, nx_v6_shown(a, NXF_LBACK_REMAP, &other));
	KUNIT_EXPECT_TRUE(test, nx_v6_shown(a, NXF_LBACK_ALLOW, &other));
	other = e6.ip;
	other.s6_addr[15] = 1;
	KUNIT_EXPECT_FALSE(test, nx_v6_shown(a, NXF_LBACK_ALLOW, &other));
}

static void test_nx_v6_bind(struct kunit *test)
{
	struct nx_addrs *a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	struct nx_addr4 e4 = { .type = NXA_TYPE_ADDR, .ip = IP4(10, 0, 0, 2),
			       .mask = IP4(255, 255, 255, 0) };
	struct nx_addr6 e = { .type = NXA_TYPE_ADDR };
	struct in6_addr any = {}, addr, mapped = {};

	nx_addrs_init(a, 4);
	e.ip.s6_addr[0] = 0xfd;
	e.ip.s6_addr[15] = 2;
	KUNIT_EXPECT_EQ(test, nx_addr6_add(a, &e), 0);
	KUNIT_EXPECT_EQ(test, nx_addr4_add(a, &e4), 0);
	/* :: stays :: without SINGLE_IP, becomes the one address with it */
	addr = any;
	KUNIT_EXPECT_EQ(test, nx_v6_map_bind(a, 0, false, &addr), 0);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_any(&addr));
	KUNIT_EXPECT_EQ(test, nx_v6_map_bind(a, NXF_SINGLE_IP, false, &addr), 0);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&addr, &e.ip));
	/* not with two IPv6 entries */
	e.ip.s6_addr[15] = 3;
	KUNIT_EXPECT_EQ(test, nx_addr6_add(a, &e), 0);
	addr = any;
	KUNIT_EXPECT_EQ(test, nx_v6_map_bind(a, NXF_SINGLE_IP, false, &addr), 0);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_any(&addr));
	/* foreign, loopback, multicast */
	addr = e.ip;
	addr.s6_addr[15] = 9;
	KUNIT_EXPECT_EQ(test, nx_v6_map_bind(a, 0, false, &addr),
			-EADDRNOTAVAIL);
	addr = any;
	addr.s6_addr[15] = 1;
	KUNIT_EXPECT_EQ(test, nx_v6_map_bind(a, 0, false, &addr),
			-EADDRNOTAVAIL);
	KUNIT_EXPECT_EQ(test, nx_v6_map_bind(a, NXF_LBACK_ALLOW, false, &addr),
			0);
	addr = any;
	addr.s6_addr[0] = 0xff;
	addr.s6_addr[1] = 0x15;
	KUNIT_EXPECT_EQ(test, nx_v6_map_bind(a, 0, false, &addr),
			-EADDRNOTAVAIL);
	KUNIT_EXPECT_EQ(test, nx_v6_map_bind(a, 0, true, &addr), 0);
	/* v4-mapped follows the IPv4 rules */
	ipv6_addr_set_v4mapped(IP4(10, 0, 0, 2), &mapped);
	KUNIT_EXPECT_EQ(test, nx_v6_map_bind(a, 0, false, &mapped), 0);
	ipv6_addr_set_v4mapped(IP4(10, 0, 0, 3), &mapped);
	KUNIT_EXPECT_EQ(test, nx_v6_map_bind(a, 0, false, &mapped),
			-EADDRNOTAVAIL);
}

static void test_nx_mcast_join(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, nx_mcast_join(SOL_IP, IP_ADD_MEMBERSHIP));
	KUNIT_EXPECT_TRUE(test, nx_mcast_join(SOL_IP, MCAST_JOIN_GROUP));
	KUNIT_EXPECT_TRUE(test, nx_mcast_join(SOL_IPV6, IPV6_ADD_MEMBERSHIP));
	KUNIT_EXPECT_TRUE(test, nx_mcast_join(SOL_IPV6,
					      MCAST_JOIN_SOURCE_GROUP));
	/* leaving a group and other options stay free */
	KUNIT_EXPECT_FALSE(test, nx_mcast_join(SOL_IP, IP_DROP_MEMBERSHIP));
	KUNIT_EXPECT_FALSE(test, nx_mcast_join(SOL_IP, IP_TTL));
	KUNIT_EXPECT_FALSE(test, nx_mcast_join(SOL_SOCKET, IP_ADD_MEMBERSHIP));
}

static void test_nx_hdrincl(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, nx_hdrincl(SOL_IP, IP_HDRINCL));
	KUNIT_EXPECT_TRUE(test, nx_hdrincl(SOL_IPV6, IPV6_HDRINCL));
	KUNIT_EXPECT_FALSE(test, nx_hdrincl(SOL_IPV6, IP_HDRINCL));
	KUNIT_EXPECT_FALSE(test, nx_hdrincl(SOL_IP, IP_TTL));
}

static struct kunit_case nx_addr_cases[] = {
	KUNIT_CASE(test_nx_lback),
	KUNIT_CASE(test_nx_addr4_match),
	KUNIT_CASE(test_nx_v4_bind),
	KUNIT_CASE(test_nx_v4_connect),
	KUNIT_CASE(test_nx_addr4_add_remove),
	KUNIT_CASE(test_nx_v6),
	KUNIT_CASE(test_nx_v6_addr_keeps_prefix),
	KUNIT_CASE(test_nx_shown),
	KUNIT_CASE(test_nx_v6_bind),
	KUNIT_CASE(test_nx_mcast_join),
	KUNIT_CASE(test_nx_hdrincl),
	{}
};

static struct kunit_suite nx_addr_suite = {
	.name = "vserver_netaddr",
	.test_cases = nx_addr_cases,
};

kunit_test_suite(nx_addr_suite);
