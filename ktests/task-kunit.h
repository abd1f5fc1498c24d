/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the task visibility rule.
 * Included at the end of kernel/vserver/task.c.
 */

#include <kunit/test.h>

static void test_vx_xid_sees_host_and_spectator(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, vx_xid_sees(0, 0));
	KUNIT_EXPECT_TRUE(test, vx_xid_sees(0, 42));
	KUNIT_EXPECT_TRUE(test, vx_xid_sees(1, 42));
	KUNIT_EXPECT_TRUE(test, vx_xid_sees(1, 0));
}

static void test_vx_xid_sees_guest(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, vx_xid_sees(42, 42));
	KUNIT_EXPECT_FALSE(test, vx_xid_sees(42, 43));
	KUNIT_EXPECT_FALSE(test, vx_xid_sees(42, 0));
	KUNIT_EXPECT_FALSE(test, vx_xid_sees(42, 1));
	KUNIT_EXPECT_FALSE(test, vx_xid_sees(65535, 2));
}

static void test_vx_task_visible_current(struct kunit *test)
{
	/* The KUnit thread runs in the host context. */
	KUNIT_EXPECT_EQ(test, vx_current_xid(), 0U);
	KUNIT_EXPECT_TRUE(test, __vx_task_visible(current));
	KUNIT_EXPECT_TRUE(test, __vx_kill_all_target(current));
}

static struct kunit_case vx_task_cases[] = {
	KUNIT_CASE(test_vx_xid_sees_host_and_spectator),
	KUNIT_CASE(test_vx_xid_sees_guest),
	KUNIT_CASE(test_vx_task_visible_current),
	{}
};

static struct kunit_suite vx_task_suite = {
	.name = "vserver_task",
	.test_cases = vx_task_cases,
};

kunit_test_suite(vx_task_suite);
