/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the guest mount rule.
 * Included at the end of kernel/vserver/mount.c.
 */

#include <kunit/test.h>
#include <linux/fs_struct.h>
#include <linux/sched/task.h>

static struct file_system_type vx_test_blockfs = {
	.name = "blockfs", .fs_flags = FS_REQUIRES_DEV,
};

static struct file_system_type vx_test_proc = { .name = "proc" };
static struct file_system_type vx_test_devpts = { .name = "devpts" };
static struct file_system_type vx_test_tmpfs = { .name = "tmpfs" };

static void test_vx_mount_type_secure(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, vx_mount_type_secure(&vx_test_blockfs));
	KUNIT_EXPECT_TRUE(test, vx_mount_type_secure(&vx_test_proc));
	KUNIT_EXPECT_TRUE(test, vx_mount_type_secure(&vx_test_devpts));
	KUNIT_EXPECT_FALSE(test, vx_mount_type_secure(&vx_test_tmpfs));
}

/* A superblock of @type, created by a guest (nodev) or not. */
static void vx_test_sb(struct super_block *sb, struct file_system_type *type,
		       bool nodev)
{
	memset(sb, 0, sizeof(*sb));
	sb->s_type = type;
	sb->s_iflags = nodev ? SB_I_NODEV : 0;
}

static void test_vx_mount_allowed(struct kunit *test)
{
	struct super_block *sb = kunit_kzalloc(test, sizeof(*sb), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, sb);
	vx_test_sb(sb, &vx_test_blockfs, true);
	KUNIT_EXPECT_EQ(test, vx_mount_allowed(0, sb, false), 0);
	/* A disk the host mounted already: its device nodes would open. */
	vx_test_sb(sb, &vx_test_blockfs, false);
	KUNIT_EXPECT_EQ(test, vx_mount_allowed(0, sb, false), -EPERM);
	KUNIT_EXPECT_EQ(test, vx_mount_allowed(VXC_DEV_MOUNT, sb, false), 0);
	/* Other types need BINARY_MOUNT, unless CAP_SYS_ADMIN is kept. */
	vx_test_sb(sb, &vx_test_tmpfs, true);
	KUNIT_EXPECT_EQ(test, vx_mount_allowed(0, sb, false), -EPERM);
	KUNIT_EXPECT_EQ(test, vx_mount_allowed(VXC_BINARY_MOUNT, sb, false), 0);
	KUNIT_EXPECT_EQ(test, vx_mount_allowed(0, sb, true), 0);
	/* The host's devtmpfs: a BINARY_MOUNT type that opens devices. */
	vx_test_sb(sb, &vx_test_tmpfs, false);
	KUNIT_EXPECT_EQ(test, vx_mount_allowed(VXC_BINARY_MOUNT, sb, false),
			-EPERM);
	KUNIT_EXPECT_EQ(test, vx_mount_allowed(0, sb, true), -EPERM);
	KUNIT_EXPECT_EQ(test, vx_mount_allowed(VXC_BINARY_MOUNT |
					       VXC_DEV_MOUNT, sb, false), 0);
	/* devpts opens only its own pseudo-terminals. */
	vx_test_sb(sb, &vx_test_devpts, false);
	KUNIT_EXPECT_EQ(test, vx_mount_allowed(0, sb, false), 0);
}

static void test_vx_sb_owned(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, vx_sb_owned(700, 700, false));
	KUNIT_EXPECT_FALSE(test, vx_sb_owned(0, 700, false));	/* host's */
	KUNIT_EXPECT_FALSE(test, vx_sb_owned(701, 700, false));
	KUNIT_EXPECT_TRUE(test, vx_sb_owned(0, 700, true));
}

static void test_vx_mount_change_allowed(struct kunit *test)
{
	/* The host's namespace: only the guest's own superblocks... */
	KUNIT_EXPECT_FALSE(test, vx_mount_change_allowed(0, 700, true, false,
							 false));
	KUNIT_EXPECT_FALSE(test, vx_mount_change_allowed(701, 700, true, false,
							 false));
	KUNIT_EXPECT_TRUE(test, vx_mount_change_allowed(700, 700, true, false,
							false));
	/* ... and not recursively: the mounts below may be the host's. */
	KUNIT_EXPECT_FALSE(test, vx_mount_change_allowed(700, 700, true, true,
							 false));
	/* Another namespace (the guest's own, a detached copy): anything. */
	KUNIT_EXPECT_TRUE(test, vx_mount_change_allowed(0, 700, false, false,
							false));
	KUNIT_EXPECT_TRUE(test, vx_mount_change_allowed(0, 700, false, true,
							false));
	/* CAP_SYS_ADMIN in the bcaps lifts the rule. */
	KUNIT_EXPECT_TRUE(test, vx_mount_change_allowed(0, 700, true, true,
							true));
}

/* The root mount of the kernel's namespace is in the host's namespace. */
static void test_vx_mount_in_host_ns(struct kunit *test)
{
	struct path root;

	get_fs_root(init_task.fs, &root);
	KUNIT_EXPECT_TRUE(test, vx_mount_in_host_ns(root.mnt));
	path_put(&root);
}

static struct kunit_case vx_mount_cases[] = {
	KUNIT_CASE(test_vx_mount_type_secure),
	KUNIT_CASE(test_vx_mount_allowed),
	KUNIT_CASE(test_vx_sb_owned),
	KUNIT_CASE(test_vx_mount_change_allowed),
	KUNIT_CASE(test_vx_mount_in_host_ns),
	{}
};

static struct kunit_suite vx_mount_suite = {
	.name = "vserver_mount",
	.test_cases = vx_mount_cases,
};

kunit_test_suite(vx_mount_suite);
