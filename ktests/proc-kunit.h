/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the /proc entry visibility rule (HIDE/ADMIN/WATCH).
 * Included at the end of kernel/vserver/proc.c.
 */

#include <kunit/test.h>

static void test_vx_proc_unhidden_visible_to_all(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, vx_proc_flags_visible(0, VX_ID_HOST));
	KUNIT_EXPECT_TRUE(test, vx_proc_flags_visible(0, 42));
	KUNIT_EXPECT_TRUE(test, vx_proc_flags_visible(IATTR_ADMIN, 42));
}

static void test_vx_proc_hidden(struct kunit *test)
{
	u32 def = IATTR_PROC_DEFAULT;

	KUNIT_EXPECT_TRUE(test, vx_proc_flags_visible(def, VX_ID_HOST));
	KUNIT_EXPECT_FALSE(test, vx_proc_flags_visible(def, VX_ID_SPECTATOR));
	KUNIT_EXPECT_FALSE(test, vx_proc_flags_visible(def, 42));
	KUNIT_EXPECT_TRUE(test, vx_proc_flags_visible(IATTR_HIDE | IATTR_WATCH,
						      VX_ID_SPECTATOR));
	KUNIT_EXPECT_FALSE(test, vx_proc_flags_visible(IATTR_HIDE | IATTR_WATCH,
						       VX_ID_HOST));
	KUNIT_EXPECT_FALSE(test, vx_proc_flags_visible(IATTR_HIDE, VX_ID_HOST));
	KUNIT_EXPECT_FALSE(test, vx_proc_flags_visible(IATTR_FLAGS, 42));
}

static void test_vx_proc_default_flags(struct kunit *test)
{
	u8 want = IS_ENABLED(CONFIG_VSERVER_PROC_SECURE) ?
		  IATTR_PROC_DEFAULT : 0;

	KUNIT_EXPECT_EQ(test, vx_proc_default_flags(S_IFREG | 0444), want);
	KUNIT_EXPECT_EQ(test, vx_proc_default_flags(S_IFDIR | 0555), want);
	KUNIT_EXPECT_FALSE(test, vx_proc_default_flags(S_IFLNK | 0777) &
		IATTR_HIDE);
}

static struct kunit_case vx_proc_cases[] = {
	KUNIT_CASE(test_vx_proc_unhidden_visible_to_all),
	KUNIT_CASE(test_vx_proc_hidden),
	KUNIT_CASE(test_vx_proc_default_flags),
	{}
};

static struct kunit_suite vx_proc_suite = {
	.name = "vserver_proc",
	.test_cases = vx_proc_cases,
};

kunit_test_suite(vx_proc_suite);
