/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of what is particular to contexts: their defaults, the
 * -EBUSY rule and the context flags on the id-space core.
 * Included at the end of kernel/vserver/context.c.
 */

#include <kunit/test.h>

#include "idspace-test.h"

/* xids far above what the in-guest tests use. */
#define VX_TEST_XID	65001

/* A new context with a reference for the test (vx_ident_new()). */
static struct vx_info *vx_create(u32 id, u64 flags)
{
	struct vx_ident *ident = vx_ident_new(&vx_xids, id, flags);

	return IS_ERR(ident) ? ERR_CAST(ident) : vx_info_of(ident);
}

static void test_vx_create_lookup(struct kunit *test)
{
	int active = vx_idspace_count_active(&vx_xids);
	struct vx_info *vxi, *found, *dup;

	vxi = vx_create(VX_TEST_XID, VXF_STATE_ADMIN);
	KUNIT_ASSERT_FALSE(test, IS_ERR(vxi));
	KUNIT_EXPECT_EQ(test, vx_idspace_count_active(&vx_xids), active + 1);
	KUNIT_EXPECT_EQ(test, vxi->ident.id, VX_TEST_XID);
	/* A new context has every capability and no ccap, no umask. */
	KUNIT_EXPECT_EQ(test, vxi->bcaps, VX_BCAPS_FULL);
	KUNIT_EXPECT_EQ(test, vxi->ccaps, 0ULL);
	KUNIT_EXPECT_EQ(test, vxi->umask, 0ULL);

	found = vx_lookup(VX_TEST_XID);
	KUNIT_EXPECT_PTR_EQ(test, found, vxi);
	vx_put(found);

	dup = vx_create(VX_TEST_XID, 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(dup), -EEXIST);

	vx_test_drop(&vxi->ident);
	KUNIT_EXPECT_NULL(test, vx_lookup(VX_TEST_XID));
	KUNIT_EXPECT_EQ(test, vx_idspace_count_active(&vx_xids), active);
}

static void test_vx_create_busy_in_setup(struct kunit *test)
{
	struct vx_info *vxi, *dup;

	vxi = vx_create(VX_TEST_XID + 1, VXF_INIT_SET);
	KUNIT_ASSERT_FALSE(test, IS_ERR(vxi));
	dup = vx_create(VX_TEST_XID + 1, 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(dup), -EBUSY);
	vx_test_drop(&vxi->ident);
}

static void test_vx_set_flags_one_time(struct kunit *test)
{
	struct vx_info *vxi = vx_create(VX_TEST_XID + 2, VXF_INIT_SET);

	KUNIT_ASSERT_FALSE(test, IS_ERR(vxi));
	KUNIT_EXPECT_EQ(test, vx_set_flags(vxi, 0, VXF_STATE_SETUP), 0);
	KUNIT_EXPECT_FALSE(test, vxi->ident.flags & VXF_STATE_SETUP);
	/* Setting it again is silently masked out. */
	KUNIT_EXPECT_EQ(test, vx_set_flags(vxi, VXF_STATE_SETUP,
					   VXF_STATE_SETUP), 0);
	KUNIT_EXPECT_FALSE(test, vxi->ident.flags & VXF_STATE_SETUP);
	/* STATE_INIT is one-time for contexts. */
	KUNIT_EXPECT_EQ(test, vx_set_flags(vxi, 0, VXF_STATE_INIT), 0);
	KUNIT_EXPECT_EQ(test, vx_set_flags(vxi, VXF_STATE_INIT,
					   VXF_STATE_INIT), 0);
	KUNIT_EXPECT_FALSE(test, vxi->ident.flags & VXF_STATE_INIT);
	/* Cleared from outside, it names no init. */
	KUNIT_EXPECT_EQ(test, vxi->initpid, 0);
	/* Bits this kernel does not know are stored as vs2.3 did. */
	KUNIT_EXPECT_EQ(test, vx_set_flags(vxi, 1ULL << 60, 1ULL << 60), 0);
	KUNIT_EXPECT_TRUE(test, vxi->ident.flags & (1ULL << 60));
	KUNIT_EXPECT_EQ(test, vx_set_flags(vxi, 0, 1ULL << 60), 0);
	KUNIT_EXPECT_FALSE(test, vxi->ident.flags & (1ULL << 60));
	/* A full mask also clears the one-time bits that are still set. */
	KUNIT_EXPECT_EQ(test, vx_set_flags(vxi, VXF_HIDE_MOUNT, ~0ULL), 0);
	KUNIT_EXPECT_EQ(test, vxi->ident.flags, VXF_HIDE_MOUNT);
	KUNIT_EXPECT_EQ(test, vx_set_flags(vxi, VXF_INIT_SET, ~0ULL), 0);
	KUNIT_EXPECT_EQ(test, vxi->ident.flags, 0ULL);
	vx_test_drop(&vxi->ident);
}

static void test_vx_persistent_survives(struct kunit *test)
{
	struct vx_info *vxi = vx_create(VX_TEST_XID + 3, VXF_PERSISTENT);

	KUNIT_ASSERT_FALSE(test, IS_ERR(vxi));
	/* No task and persistent: still alive after a flag change. */
	KUNIT_EXPECT_EQ(test, vx_set_flags(vxi, VXF_HIDE_MOUNT,
					   VXF_HIDE_MOUNT), 0);
	KUNIT_EXPECT_PTR_EQ(test, vx_lookup(VX_TEST_XID + 3), vxi);
	vx_put(vxi);
	/* Clearing PERSISTENT with no task left shuts it down. */
	KUNIT_EXPECT_EQ(test, vx_set_flags(vxi, 0, VXF_PERSISTENT), 0);
	KUNIT_EXPECT_TRUE(test, vxi->ident.state & VX_IDS_SHUTDOWN);
	KUNIT_EXPECT_NULL(test, vx_lookup(VX_TEST_XID + 3));
	vx_put(vxi);
}

static struct kunit_case vx_context_cases[] = {
	KUNIT_CASE(test_vx_create_lookup),
	KUNIT_CASE(test_vx_create_busy_in_setup),
	KUNIT_CASE(test_vx_set_flags_one_time),
	KUNIT_CASE(test_vx_persistent_survives),
	{}
};

static struct kunit_suite vx_context_suite = {
	.name = "vserver_context",
	.test_cases = vx_context_cases,
};

kunit_test_suite(vx_context_suite);
