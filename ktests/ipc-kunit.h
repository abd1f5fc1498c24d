/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the SysV IPC and message queue rules.
 * Included at the end of kernel/vserver/ipc.c.
 */

#include <kunit/test.h>

static void test_vx_ipc_reaches_own_context(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, vx_ipc_reaches(0, 0, true));
	KUNIT_EXPECT_TRUE(test, vx_ipc_reaches(0, 0, false));
	KUNIT_EXPECT_TRUE(test, vx_ipc_reaches(42, 42, true));
	KUNIT_EXPECT_TRUE(test, vx_ipc_reaches(42, 42, false));
}

static void test_vx_ipc_reaches_by_key(struct kunit *test)
{
	/* Neither way between host and guest, nor between guests. */
	KUNIT_EXPECT_FALSE(test, vx_ipc_reaches(42, 0, true));
	KUNIT_EXPECT_FALSE(test, vx_ipc_reaches(0, 42, true));
	KUNIT_EXPECT_FALSE(test, vx_ipc_reaches(42, 43, true));
	KUNIT_EXPECT_FALSE(test, vx_ipc_reaches(42, 1, true));
	/* The spectator reaches every key. */
	KUNIT_EXPECT_TRUE(test, vx_ipc_reaches(1, 42, true));
	KUNIT_EXPECT_TRUE(test, vx_ipc_reaches(1, 0, true));
}

static void test_vx_ipc_reaches_by_id(struct kunit *test)
{
	/* A guest reaches no other context's ids, the host every id. */
	KUNIT_EXPECT_FALSE(test, vx_ipc_reaches(42, 0, false));
	KUNIT_EXPECT_FALSE(test, vx_ipc_reaches(42, 43, false));
	KUNIT_EXPECT_FALSE(test, vx_ipc_reaches(42, 1, false));
	KUNIT_EXPECT_TRUE(test, vx_ipc_reaches(0, 42, false));
	KUNIT_EXPECT_TRUE(test, vx_ipc_reaches(1, 42, false));
}

static void test_vx_ipc_ns_joins(struct kunit *test)
{
	/* In guest 42's own namespace: the host and 42 are one. */
	KUNIT_EXPECT_TRUE(test, vx_ipc_ns_joins(42, 0, 42));
	KUNIT_EXPECT_TRUE(test, vx_ipc_ns_joins(42, 42, 0));
	/* Not for another guest, not in the host's or a shared namespace. */
	KUNIT_EXPECT_FALSE(test, vx_ipc_ns_joins(42, 43, 42));
	KUNIT_EXPECT_FALSE(test, vx_ipc_ns_joins(42, 0, 43));
	KUNIT_EXPECT_FALSE(test, vx_ipc_ns_joins(0, 0, 42));
	KUNIT_EXPECT_FALSE(test, vx_ipc_ns_joins(0, 42, 0));
	KUNIT_EXPECT_FALSE(test, vx_ipc_ns_joins(1, 42, 0));
}

static void test_vx_ipc_ctl_errno(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, vx_ipc_ctl_errno(IPC_RMID), -EPERM);
	KUNIT_EXPECT_EQ(test, vx_ipc_ctl_errno(IPC_SET), -EPERM);
	KUNIT_EXPECT_EQ(test, vx_ipc_ctl_errno(SHM_LOCK), -EPERM);
	KUNIT_EXPECT_EQ(test, vx_ipc_ctl_errno(SHM_UNLOCK), -EPERM);
	KUNIT_EXPECT_EQ(test, vx_ipc_ctl_errno(SHM_STAT_ANY), -EINVAL);
	KUNIT_EXPECT_EQ(test, vx_ipc_ctl_errno(MSG_STAT_ANY), -EINVAL);
	KUNIT_EXPECT_EQ(test, vx_ipc_ctl_errno(SEM_STAT_ANY), -EINVAL);
	KUNIT_EXPECT_EQ(test, vx_ipc_ctl_errno(IPC_STAT), -EACCES);
	KUNIT_EXPECT_EQ(test, vx_ipc_ctl_errno(SETVAL), -EACCES);
}

static void test_vx_ipc_ns_owner_after(struct kunit *test)
{
	/* Made by the host: handed to the guest. */
	KUNIT_EXPECT_EQ(test, vx_ipc_ns_owner_after(0, 42), 42U);
	/* The guest's own, stored again. */
	KUNIT_EXPECT_EQ(test, vx_ipc_ns_owner_after(42, 42), 42U);
	/* Another guest's, or already shared: nobody's. */
	KUNIT_EXPECT_EQ(test, vx_ipc_ns_owner_after(43, 42), 1U);
	KUNIT_EXPECT_EQ(test, vx_ipc_ns_owner_after(1, 42), 1U);
}

static void test_vx_ipc_ns_owner_initial(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, vx_ipc_ns_owner(&init_ipc_ns), 0U);
}

static struct kunit_case vx_ipc_cases[] = {
	KUNIT_CASE(test_vx_ipc_reaches_own_context),
	KUNIT_CASE(test_vx_ipc_reaches_by_key),
	KUNIT_CASE(test_vx_ipc_reaches_by_id),
	KUNIT_CASE(test_vx_ipc_ns_joins),
	KUNIT_CASE(test_vx_ipc_ctl_errno),
	KUNIT_CASE(test_vx_ipc_ns_owner_after),
	KUNIT_CASE(test_vx_ipc_ns_owner_initial),
	{}
};

static struct kunit_suite vx_ipc_suite = {
	.name = "vserver_ipc",
	.test_cases = vx_ipc_cases,
};

kunit_test_suite(vx_ipc_suite);
