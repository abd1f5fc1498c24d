/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of what reboot(2) does in a guest.
 * Included at the end of kernel/vserver/helper.c.
 */

#include <kunit/test.h>

static void test_vx_reboot_ends_the_guest(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, vx_reboot_action(LINUX_REBOOT_CMD_RESTART), 1);
	KUNIT_EXPECT_EQ(test, vx_reboot_action(LINUX_REBOOT_CMD_RESTART2), 1);
	KUNIT_EXPECT_EQ(test, vx_reboot_action(LINUX_REBOOT_CMD_HALT), 1);
	KUNIT_EXPECT_EQ(test, vx_reboot_action(LINUX_REBOOT_CMD_POWER_OFF), 1);
}

static void test_vx_reboot_refuses_the_rest(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, vx_reboot_action(LINUX_REBOOT_CMD_CAD_ON), -EINVAL);
	KUNIT_EXPECT_EQ(test, vx_reboot_action(LINUX_REBOOT_CMD_CAD_OFF), -EINVAL);
	KUNIT_EXPECT_EQ(test, vx_reboot_action(LINUX_REBOOT_CMD_KEXEC), -EPERM);
	KUNIT_EXPECT_EQ(test, vx_reboot_action(LINUX_REBOOT_CMD_SW_SUSPEND), -EPERM);
	KUNIT_EXPECT_EQ(test, vx_reboot_action(0x12345678), -EPERM);
}

static void test_vx_reboot_host_untouched(struct kunit *test)
{
	/* The KUnit thread is a host task: the call goes on as usual. */
	KUNIT_EXPECT_EQ(test, __vx_reboot(LINUX_REBOOT_CMD_CAD_ON), 0);
}

static struct kunit_case vx_helper_cases[] = {
	KUNIT_CASE(test_vx_reboot_ends_the_guest),
	KUNIT_CASE(test_vx_reboot_refuses_the_rest),
	KUNIT_CASE(test_vx_reboot_host_untouched),
	{}
};

static struct kunit_suite vx_helper_suite = {
	.name = "vserver_helper",
	.test_cases = vx_helper_cases,
};

kunit_test_suite(vx_helper_suite);
