/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the guest sysctl write rule.
 * Included at the end of kernel/vserver/sysctl.c.
 */

#include <kunit/test.h>

static void test_vx_sysctl_writable(struct kunit *test)
{
	/* The host's tables: only with CAP_SYS_ADMIN in the bcaps. */
	KUNIT_EXPECT_FALSE(test, vx_sysctl_writable(false, false, false, true));
	KUNIT_EXPECT_TRUE(test, vx_sysctl_writable(true, false, false, false));
	/* A namespace the guest made. */
	KUNIT_EXPECT_TRUE(test, vx_sysctl_writable(false, true, false, false));
	/* UTS names need SET_UTSNAME in an own UTS namespace. */
	KUNIT_EXPECT_FALSE(test, vx_sysctl_writable(false, false, true, false));
	KUNIT_EXPECT_TRUE(test, vx_sysctl_writable(false, false, true, true));
}

static void test_vx_sysctl_uts(struct kunit *test)
{
	struct ctl_table t = { .data = init_uts_ns.name.nodename };

	KUNIT_EXPECT_TRUE(test, vx_sysctl_is_uts(&t));
	t.data = init_uts_ns.name.domainname;
	KUNIT_EXPECT_TRUE(test, vx_sysctl_is_uts(&t));
	t.data = init_uts_ns.name.release;
	KUNIT_EXPECT_FALSE(test, vx_sysctl_is_uts(&t));
}

static void test_vx_sysctl_set_owned(struct kunit *test)
{
	struct ctl_table_root root = {};
	struct ctl_table_header head = { .root = &root };
	struct ctl_table_set other = {};

	head.set = &root.default_set;
	KUNIT_EXPECT_FALSE(test, vx_sysctl_set_owned(&head));
	head.set = &init_user_ns.set;
	KUNIT_EXPECT_FALSE(test, vx_sysctl_set_owned(&head));
	head.set = &other;
	KUNIT_EXPECT_TRUE(test, vx_sysctl_set_owned(&head));
}

static void test_vx_sysctl_ipc_ns(struct kunit *test)
{
	struct ctl_table_root root = {};
	struct ctl_table_header head = { .root = &root };
	struct ctl_table_set other = {};

	head.set = &other;
	KUNIT_EXPECT_NULL(test, vx_sysctl_ipc_ns(&head));
	head.set = &init_user_ns.set;
	KUNIT_EXPECT_NULL(test, vx_sysctl_ipc_ns(&head));
#ifdef CONFIG_SYSVIPC_SYSCTL
	head.set = &init_ipc_ns.ipc_set;
	KUNIT_EXPECT_PTR_EQ(test, vx_sysctl_ipc_ns(&head),
			    (const struct ipc_namespace *)&init_ipc_ns);
#endif
#ifdef CONFIG_POSIX_MQUEUE_SYSCTL
	head.set = &init_ipc_ns.mq_set;
	KUNIT_EXPECT_PTR_EQ(test, vx_sysctl_ipc_ns(&head),
			    (const struct ipc_namespace *)&init_ipc_ns);
#endif
}

static struct kunit_case vx_sysctl_cases[] = {
	KUNIT_CASE(test_vx_sysctl_writable),
	KUNIT_CASE(test_vx_sysctl_uts),
	KUNIT_CASE(test_vx_sysctl_set_owned),
	KUNIT_CASE(test_vx_sysctl_ipc_ns),
	{}
};

static struct kunit_suite vx_sysctl_suite = {
	.name = "vserver_sysctl",
	.test_cases = vx_sysctl_cases,
};

kunit_test_suite(vx_sysctl_suite);
