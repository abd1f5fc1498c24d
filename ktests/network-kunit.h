/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of what is particular to network contexts: their address
 * set, the -EEXIST rule and the network flags on the id-space core.
 * Included at the end of kernel/vserver/network.c.
 */

#include <kunit/test.h>

#include "idspace-test.h"

/* nids far above what the in-guest tests use. */
#define NX_TEST_NID	65201

/* A new network context with a reference for the test (vx_ident_new()). */
static struct nx_info *nx_create(u32 id, u64 flags)
{
	struct vx_ident *ident = vx_ident_new(&nx_nids, id, flags);

	return IS_ERR(ident) ? ERR_CAST(ident) : nx_info_of(ident);
}

static void test_nx_create_lookup(struct kunit *test)
{
	int active = vx_idspace_count_active(&nx_nids);
	struct nx_info *nxi, *found;

	nxi = nx_create(NX_TEST_NID, NXF_INIT_SET);
	KUNIT_ASSERT_FALSE(test, IS_ERR(nxi));
	KUNIT_EXPECT_EQ(test, vx_idspace_count_active(&nx_nids), active + 1);
	KUNIT_EXPECT_EQ(test, nxi->addrs.n4, 0);
	KUNIT_EXPECT_EQ(test, (__force u32)nxi->addrs.lback,
			(__force u32)nx_default_lback(NX_TEST_NID));
	found = nx_lookup(NX_TEST_NID);
	KUNIT_EXPECT_PTR_EQ(test, found, nxi);
	nx_put(found);
	vx_test_drop(&nxi->ident);
	KUNIT_EXPECT_NULL(test, nx_lookup(NX_TEST_NID));
	KUNIT_EXPECT_EQ(test, vx_idspace_count_active(&nx_nids), active);
}

static void test_nx_create_exists_in_setup(struct kunit *test)
{
	struct nx_info *nxi;

	nxi = nx_create(NX_TEST_NID + 1, NXF_STATE_SETUP);
	KUNIT_ASSERT_FALSE(test, IS_ERR(nxi));
	/* Unlike contexts (EBUSY), an nid in setup is just in use. */
	KUNIT_EXPECT_EQ(test, PTR_ERR(nx_create(NX_TEST_NID + 1, 0)),
			-EEXIST);
	vx_test_drop(&nxi->ident);
}

static void test_nx_set_flags_one_time(struct kunit *test)
{
	struct nx_info *nxi = nx_create(NX_TEST_NID + 2,
					NXF_STATE_SETUP | NXF_STATE_ADMIN);

	KUNIT_ASSERT_FALSE(test, IS_ERR(nxi));
	KUNIT_EXPECT_EQ(test, nx_set_flags(nxi, 0, NXF_STATE_ADMIN), 0);
	KUNIT_EXPECT_EQ(test, nx_set_flags(nxi, NXF_STATE_ADMIN,
					   NXF_STATE_ADMIN), 0);
	KUNIT_EXPECT_FALSE(test, nxi->ident.flags & NXF_STATE_ADMIN);
	/* Bits unknown to network contexts are stored, not one-time. */
	KUNIT_EXPECT_EQ(test, nx_set_flags(nxi, VXF_STATE_INIT,
					   VXF_STATE_INIT), 0);
	KUNIT_EXPECT_TRUE(test, nxi->ident.flags & VXF_STATE_INIT);
	KUNIT_EXPECT_EQ(test, nx_set_flags(nxi, 0, VXF_STATE_INIT), 0);
	KUNIT_EXPECT_EQ(test, nx_set_flags(nxi, VXF_STATE_INIT,
					   VXF_STATE_INIT), 0);
	KUNIT_EXPECT_TRUE(test, nxi->ident.flags & VXF_STATE_INIT);
	KUNIT_EXPECT_EQ(test, nx_set_flags(nxi, NXF_SINGLE_IP, ~0ULL), 0);
	KUNIT_EXPECT_EQ(test, nxi->ident.flags, NXF_SINGLE_IP);
	vx_test_drop(&nxi->ident);
}

static struct kunit_case nx_network_cases[] = {
	KUNIT_CASE(test_nx_create_lookup),
	KUNIT_CASE(test_nx_create_exists_in_setup),
	KUNIT_CASE(test_nx_set_flags_one_time),
	{}
};

static struct kunit_suite nx_network_suite = {
	.name = "vserver_network",
	.test_cases = nx_network_cases,
};

kunit_test_suite(nx_network_suite);
