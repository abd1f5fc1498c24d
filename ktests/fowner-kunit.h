/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the delivery rule of file owner signals.
 * Included at the end of kernel/vserver/fowner.c.
 */

#include <kunit/test.h>

static void test_vx_fown_reaches_host_and_spectator(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, vx_fown_reaches(0, 0));
	KUNIT_EXPECT_TRUE(test, vx_fown_reaches(0, 42));
	KUNIT_EXPECT_TRUE(test, vx_fown_reaches(1, 42));
}

static void test_vx_fown_reaches_guest(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, vx_fown_reaches(42, 42));
	KUNIT_EXPECT_FALSE(test, vx_fown_reaches(42, 0));
	KUNIT_EXPECT_FALSE(test, vx_fown_reaches(42, 1));
	KUNIT_EXPECT_FALSE(test, vx_fown_reaches(42, 43));
}

static struct kunit_case vx_fowner_cases[] = {
	KUNIT_CASE(test_vx_fown_reaches_host_and_spectator),
	KUNIT_CASE(test_vx_fown_reaches_guest),
	{}
};

static struct kunit_suite vx_fowner_suite = {
	.name = "vserver_fowner",
	.test_cases = vx_fowner_cases,
};

kunit_test_suite(vx_fowner_suite);
