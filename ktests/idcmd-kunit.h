/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the flag rule for ids that left STATE_ADMIN.
 * Included at the end of kernel/vserver/idcmd.c.
 */

#include <kunit/test.h>

static void test_vx_sealed_flags_only_let_go(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, vx_sealed_flags_ok(0, VX_ID_PERSISTENT));
	/* Setting it, or anything besides it, is refused. */
	KUNIT_EXPECT_FALSE(test, vx_sealed_flags_ok(VX_ID_PERSISTENT,
						    VX_ID_PERSISTENT));
	KUNIT_EXPECT_FALSE(test, vx_sealed_flags_ok(0, VX_ID_PERSISTENT |
						       VX_ID_ADMIN));
	KUNIT_EXPECT_FALSE(test, vx_sealed_flags_ok(VX_ID_ADMIN, VX_ID_ADMIN));
	KUNIT_EXPECT_FALSE(test, vx_sealed_flags_ok(0, 0));
}

static struct kunit_case vx_idcmd_cases[] = {
	KUNIT_CASE(test_vx_sealed_flags_only_let_go),
	{}
};

static struct kunit_suite vx_idcmd_suite = {
	.name = "vserver_idcmd",
	.test_cases = vx_idcmd_cases,
};

kunit_test_suite(vx_idcmd_suite);
