/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the guest rule on sysfs and its kin.
 * Included at the end of kernel/vserver/sysfs.c.
 */

#include <kunit/test.h>

static void test_vx_sysfs_fenced(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, vx_sysfs_fenced(SYSFS_MAGIC));
	KUNIT_EXPECT_TRUE(test, vx_sysfs_fenced(DEBUGFS_MAGIC));
	KUNIT_EXPECT_TRUE(test, vx_sysfs_fenced(TRACEFS_MAGIC));
	KUNIT_EXPECT_TRUE(test, vx_sysfs_fenced(SECURITYFS_MAGIC));
	KUNIT_EXPECT_TRUE(test, vx_sysfs_fenced(VX_CONFIGFS_MAGIC));
	KUNIT_EXPECT_TRUE(test, vx_sysfs_fenced(EFIVARFS_MAGIC));
	KUNIT_EXPECT_TRUE(test, vx_sysfs_fenced(PSTOREFS_MAGIC));
	/* Filesystems a guest owns or that check capabilities themselves. */
	KUNIT_EXPECT_FALSE(test, vx_sysfs_fenced(TMPFS_MAGIC));
	KUNIT_EXPECT_FALSE(test, vx_sysfs_fenced(PROC_SUPER_MAGIC));
	KUNIT_EXPECT_FALSE(test, vx_sysfs_fenced(BPF_FS_MAGIC));
}

static void test_vx_sysfs_may(struct kunit *test)
{
	/* A module parameter, cpuN/online, PCI config: read, never write. */
	KUNIT_EXPECT_TRUE(test, vx_sysfs_may(S_IFREG | 0644, MAY_READ));
	KUNIT_EXPECT_FALSE(test, vx_sysfs_may(S_IFREG | 0644, MAY_WRITE));
	KUNIT_EXPECT_FALSE(test, vx_sysfs_may(S_IFREG | 0644,
					      MAY_READ | MAY_WRITE));
	KUNIT_EXPECT_FALSE(test, vx_sysfs_may(S_IFREG | 0644, MAY_APPEND));
	/* PCI resource*, rom (0600), firmware tables (0400): not at all. */
	KUNIT_EXPECT_FALSE(test, vx_sysfs_may(S_IFREG | 0600, MAY_READ));
	KUNIT_EXPECT_FALSE(test, vx_sysfs_may(S_IFREG | 0400, MAY_READ));
	/* World-writable does not count. */
	KUNIT_EXPECT_FALSE(test, vx_sysfs_may(S_IFREG | 0666, MAY_WRITE));
	/* Directories: searched and listed as others may; debugfs is 0700. */
	KUNIT_EXPECT_TRUE(test, vx_sysfs_may(S_IFDIR | 0755,
					     MAY_EXEC | MAY_NOT_BLOCK));
	KUNIT_EXPECT_TRUE(test, vx_sysfs_may(S_IFDIR | 0755, MAY_READ));
	KUNIT_EXPECT_FALSE(test, vx_sysfs_may(S_IFDIR | 0700, MAY_EXEC));
	KUNIT_EXPECT_FALSE(test, vx_sysfs_may(S_IFDIR | 0755,
					      MAY_WRITE | MAY_EXEC));
	/* An empty mask (an access(F_OK)-like check) asks nothing. */
	KUNIT_EXPECT_TRUE(test, vx_sysfs_may(S_IFREG | 0600, 0));
}

static struct kunit_case vx_sysfs_cases[] = {
	KUNIT_CASE(test_vx_sysfs_fenced),
	KUNIT_CASE(test_vx_sysfs_may),
	{}
};

static struct kunit_suite vx_sysfs_suite = {
	.name = "vserver_sysfs",
	.test_cases = vx_sysfs_cases,
};

kunit_test_suite(vx_sysfs_suite);
