/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the capability bounding rule.
 * Included at the end of kernel/vserver/cap.c.
 */

#include <kunit/test.h>

static void test_vx_caps_bound(struct kunit *test)
{
	u64 insecure = BIT_ULL(CAP_CHOWN) | BIT_ULL(CAP_KILL) |
		       BIT_ULL(CAP_NET_BIND_SERVICE);

	KUNIT_EXPECT_TRUE(test, vx_caps_bound(insecure, CAP_CHOWN));
	KUNIT_EXPECT_TRUE(test, vx_caps_bound(insecure, CAP_NET_BIND_SERVICE));
	KUNIT_EXPECT_FALSE(test, vx_caps_bound(insecure, CAP_SYS_ADMIN));
	KUNIT_EXPECT_FALSE(test, vx_caps_bound(insecure, CAP_NET_RAW));
	/* Out of range never passes, even with every bit set. */
	KUNIT_EXPECT_FALSE(test, vx_caps_bound(~0ULL, -1));
	KUNIT_EXPECT_FALSE(test, vx_caps_bound(~0ULL, 64));
	KUNIT_EXPECT_TRUE(test, vx_caps_bound(~0ULL, VXC_CAP_CONTEXT_BIT));
}

static void test_vx_bcaps_full(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, vx_caps_bound(VX_BCAPS_FULL, CAP_LAST_CAP));
	KUNIT_EXPECT_TRUE(test, vx_caps_bound(VX_BCAPS_FULL,
					      VXC_CAP_CONTEXT_BIT));
	/* Bits between the last capability and CAP_CONTEXT are not caps. */
	KUNIT_EXPECT_FALSE(test, vx_caps_bound(VX_BCAPS_FULL, CAP_LAST_CAP + 1));
	KUNIT_EXPECT_FALSE(test, vx_caps_bound(VX_BCAPS_FULL, 62));
}

/*
 * util-vserver's vattribute --secure stores ~insecure: bits 41..62 are
 * kept in the word but bound nothing, CAP_CONTEXT still counts.
 */
static void test_vx_bcaps_unknown_bits_bound_nothing(struct kunit *test)
{
	const u64 secure = 0xffffffffb44c04ffULL;

	KUNIT_EXPECT_FALSE(test, vx_caps_bound(secure, CAP_LAST_CAP + 1));
	KUNIT_EXPECT_FALSE(test, vx_caps_bound(secure, 62));
	KUNIT_EXPECT_TRUE(test, vx_caps_bound(secure, VXC_CAP_CONTEXT_BIT));
	KUNIT_EXPECT_TRUE(test, vx_caps_bound(secure, CAP_CHOWN));
	KUNIT_EXPECT_TRUE(test, vx_caps_bound(secure, CAP_LAST_CAP));
	KUNIT_EXPECT_FALSE(test, vx_caps_bound(secure, CAP_SYS_ADMIN));
	KUNIT_EXPECT_FALSE(test, vx_caps_bound(secure, CAP_NET_RAW));
}

static void test_vx_umask_valid(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, VX_UMASK_VALID & CLONE_NEWUSER);
	KUNIT_EXPECT_TRUE(test, VX_UMASK_VALID & CLONE_NEWNET);
	KUNIT_EXPECT_FALSE(test, VX_UMASK_VALID & CLONE_VM);
	KUNIT_EXPECT_FALSE(test, VX_UMASK_VALID & CLONE_THREAD);
}

static void test_vx_host_holds_cap_context(struct kunit *test)
{
	/* The KUnit thread is a host task. */
	KUNIT_EXPECT_NULL(test, vx_current_guest());
	KUNIT_EXPECT_TRUE(test, vx_has_cap_context());
}

static struct kunit_case vx_cap_cases[] = {
	KUNIT_CASE(test_vx_caps_bound),
	KUNIT_CASE(test_vx_bcaps_full),
	KUNIT_CASE(test_vx_bcaps_unknown_bits_bound_nothing),
	KUNIT_CASE(test_vx_umask_valid),
	KUNIT_CASE(test_vx_host_holds_cap_context),
	{}
};

static struct kunit_suite vx_cap_suite = {
	.name = "vserver_cap",
	.test_cases = vx_cap_cases,
};

kunit_test_suite(vx_cap_suite);
