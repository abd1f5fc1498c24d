/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the context table and the flag rules.
 * Included at the end of kernel/vserver/context.c.
 */

#include <kunit/test.h>

/* xids far above what the in-guest tests use. */
#define VX_TEST_XID	65001

static void test_vx_mask_merge(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, vx_mask_merge(0xf0, 0x0f, 0x00), 0xf0ULL);
	KUNIT_EXPECT_EQ(test, vx_mask_merge(0xf0, 0x0f, 0xff), 0x0fULL);
	KUNIT_EXPECT_EQ(test, vx_mask_merge(0xf0, 0x0f, 0x18), 0xe8ULL);
	KUNIT_EXPECT_EQ(test, vx_mask_merge(~0ULL, 0, 1ULL << 63),
			~0ULL >> 1);
}

static void test_vx_cflags_effective_mask(struct kunit *test)
{
	/* Set one-time bits may change (be cleared)... */
	KUNIT_EXPECT_EQ(test, vx_cflags_effective_mask(VXF_STATE_SETUP,
						       VXF_INIT_SET),
			VXF_STATE_SETUP);
	/* ...cleared ones never come back. */
	KUNIT_EXPECT_EQ(test, vx_cflags_effective_mask(VXF_STATE_SETUP, 0),
			0ULL);
	KUNIT_EXPECT_EQ(test, vx_cflags_effective_mask(~0ULL,
						       VXF_STATE_ADMIN),
			~VXF_ONE_TIME | VXF_STATE_ADMIN);
	/* Ordinary flags are not affected. */
	KUNIT_EXPECT_EQ(test, vx_cflags_effective_mask(VXF_PERSISTENT, 0),
			VXF_PERSISTENT);
}

static void vx_test_drop(struct vx_info *vxi)
{
	if (vx_try_shutdown(vxi))
		vx_unhash(vxi);
	vx_put(vxi);
}

static void test_vx_create_lookup(struct kunit *test)
{
	struct vx_info *vxi, *found, *dup;
	int active = vx_count_active();

	vxi = vx_create(VX_TEST_XID, VXF_STATE_ADMIN);
	KUNIT_ASSERT_FALSE(test, IS_ERR(vxi));
	KUNIT_EXPECT_EQ(test, vx_count_active(), active + 1);

	found = vx_lookup(VX_TEST_XID);
	KUNIT_EXPECT_PTR_EQ(test, found, vxi);
	vx_put(found);

	dup = vx_create(VX_TEST_XID, 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(dup), -EEXIST);

	vx_test_drop(vxi);
	KUNIT_EXPECT_NULL(test, vx_lookup(VX_TEST_XID));
	KUNIT_EXPECT_EQ(test, vx_count_active(), active);
}

static void test_vx_create_busy_in_setup(struct kunit *test)
{
	struct vx_info *vxi, *dup;

	vxi = vx_create(VX_TEST_XID + 1, VXF_INIT_SET);
	KUNIT_ASSERT_FALSE(test, IS_ERR(vxi));
	dup = vx_create(VX_TEST_XID + 1, 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(dup), -EBUSY);
	vx_test_drop(vxi);
}

static void test_vx_set_flags_one_time(struct kunit *test)
{
	struct vx_info *vxi = vx_create(VX_TEST_XID + 2, VXF_INIT_SET);

	KUNIT_ASSERT_FALSE(test, IS_ERR(vxi));
	KUNIT_EXPECT_EQ(test, vx_set_flags(vxi, 0, VXF_STATE_SETUP), 0);
	KUNIT_EXPECT_FALSE(test, vxi->flags & VXF_STATE_SETUP);
	/* Setting it again is silently masked out. */
	KUNIT_EXPECT_EQ(test, vx_set_flags(vxi, VXF_STATE_SETUP,
					   VXF_STATE_SETUP), 0);
	KUNIT_EXPECT_FALSE(test, vxi->flags & VXF_STATE_SETUP);
	/* Unknown bits are refused, known ones merged. */
	KUNIT_EXPECT_EQ(test, vx_set_flags(vxi, 1ULL << 60, 1ULL << 60),
			-EINVAL);
	/* A full mask also clears the one-time bits that are still set. */
	KUNIT_EXPECT_EQ(test, vx_set_flags(vxi, VXF_HIDE_MOUNT, ~0ULL), 0);
	KUNIT_EXPECT_EQ(test, vxi->flags, VXF_HIDE_MOUNT);
	KUNIT_EXPECT_EQ(test, vx_set_flags(vxi, VXF_INIT_SET, ~0ULL), 0);
	KUNIT_EXPECT_EQ(test, vxi->flags, 0ULL);
	vx_test_drop(vxi);
}

static void test_vx_persistent_survives(struct kunit *test)
{
	struct vx_info *vxi = vx_create(VX_TEST_XID + 3, VXF_PERSISTENT);

	KUNIT_ASSERT_FALSE(test, IS_ERR(vxi));
	/* No task and persistent: still alive. */
	KUNIT_EXPECT_FALSE(test, vx_try_shutdown(vxi));
	/* Clearing PERSISTENT with no task left shuts it down. */
	KUNIT_EXPECT_EQ(test, vx_set_flags(vxi, 0, VXF_PERSISTENT), 0);
	KUNIT_EXPECT_TRUE(test, vxi->state & VXS_SHUTDOWN);
	KUNIT_EXPECT_NULL(test, vx_lookup(VX_TEST_XID + 3));
	vx_put(vxi);
}

static struct kunit_case vx_context_cases[] = {
	KUNIT_CASE(test_vx_mask_merge),
	KUNIT_CASE(test_vx_cflags_effective_mask),
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
