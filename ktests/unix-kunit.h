/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the abstract unix socket rule.
 * Included at the end of kernel/vserver/unix.c.
 */

#include <kunit/test.h>

static void test_vx_unix_reaches_own_context(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, vx_unix_reaches(0, 0));
	KUNIT_EXPECT_TRUE(test, vx_unix_reaches(42, 42));
}

static void test_vx_unix_reaches_across(struct kunit *test)
{
	/* Neither way between host and guest, nor between guests. */
	KUNIT_EXPECT_FALSE(test, vx_unix_reaches(42, 0));
	KUNIT_EXPECT_FALSE(test, vx_unix_reaches(0, 42));
	KUNIT_EXPECT_FALSE(test, vx_unix_reaches(42, 43));
	KUNIT_EXPECT_FALSE(test, vx_unix_reaches(42, 1));
	/* The spectator reaches every socket. */
	KUNIT_EXPECT_TRUE(test, vx_unix_reaches(1, 42));
	KUNIT_EXPECT_TRUE(test, vx_unix_reaches(1, 0));
}

static struct kunit_case vx_unix_cases[] = {
	KUNIT_CASE(test_vx_unix_reaches_own_context),
	KUNIT_CASE(test_vx_unix_reaches_across),
	{}
};

static struct kunit_suite vx_unix_suite = {
	.name = "vserver_unix",
	.test_cases = vx_unix_cases,
};

kunit_test_suite(vx_unix_suite);
