/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the tun device ownership rule.
 * Included at the end of kernel/vserver/tun.c.
 */

#include <kunit/test.h>

static void test_nx_tun_usable(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, nx_tun_usable(0, 700));	/* host */
	KUNIT_EXPECT_TRUE(test, nx_tun_usable(1, 700));	/* spectator */
	KUNIT_EXPECT_TRUE(test, nx_tun_usable(700, 700));
	KUNIT_EXPECT_FALSE(test, nx_tun_usable(700, 0));	/* the host's */
	KUNIT_EXPECT_FALSE(test, nx_tun_usable(700, 701));
}

static struct kunit_case nx_tun_cases[] = {
	KUNIT_CASE(test_nx_tun_usable),
	{}
};

static struct kunit_suite nx_tun_suite = {
	.name = "vserver_tun",
	.test_cases = nx_tun_cases,
};

kunit_test_suite(nx_tun_suite);
