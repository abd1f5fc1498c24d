/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the vshelper's actions and its off switch.
 * Included at the end of kernel/vserver/vshelper.c.
 */

#include <kunit/test.h>

static void test_vx_vshelper_reboot_actions(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, vx_vshelper_reboot_action(LINUX_REBOOT_CMD_RESTART),
			   "restart");
	KUNIT_EXPECT_STREQ(test, vx_vshelper_reboot_action(LINUX_REBOOT_CMD_RESTART2),
			   "restart");
	KUNIT_EXPECT_STREQ(test, vx_vshelper_reboot_action(LINUX_REBOOT_CMD_HALT),
			   "halt");
	KUNIT_EXPECT_STREQ(test, vx_vshelper_reboot_action(LINUX_REBOOT_CMD_POWER_OFF),
			   "poweroff");
	KUNIT_EXPECT_NULL(test, vx_vshelper_reboot_action(LINUX_REBOOT_CMD_KEXEC));
	KUNIT_EXPECT_NULL(test, vx_vshelper_reboot_action(LINUX_REBOOT_CMD_CAD_ON));
}

static void test_vx_vshelper_default_and_off(struct kunit *test)
{
	char saved[VX_VSHELPER_LEN];

	KUNIT_EXPECT_STREQ(test, vx_vshelper_path, "/sbin/vshelper");
	strscpy(saved, vx_vshelper_path, sizeof(saved));
	vx_vshelper_path[0] = '\0';
	/* An empty path runs nothing and succeeds, waiting or not. */
	KUNIT_EXPECT_EQ(test, vx_vshelper_call("startup", 42, 0, true), 0);
	KUNIT_EXPECT_EQ(test, vx_vshelper_call("restart", 42, 1, false), 0);
	strscpy(vx_vshelper_path, saved, sizeof(vx_vshelper_path));
}

static struct kunit_case vx_vshelper_cases[] = {
	KUNIT_CASE(test_vx_vshelper_reboot_actions),
	KUNIT_CASE(test_vx_vshelper_default_and_off),
	{}
};

static struct kunit_suite vx_vshelper_suite = {
	.name = "vserver_vshelper",
	.test_cases = vx_vshelper_cases,
};

kunit_test_suite(vx_vshelper_suite);
