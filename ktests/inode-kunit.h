/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the inode attribute rules.
 * Included at the end of kernel/vserver/inode.c.
 */

#include <kunit/test.h>

static void test_vx_iattr_valid(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, vx_iattr_valid(S_IFDIR | 0755, false) &
		IATTR_BARRIER);
	KUNIT_EXPECT_FALSE(test, vx_iattr_valid(S_IFDIR | 0755, false) &
		IATTR_COW);
	KUNIT_EXPECT_TRUE(test, vx_iattr_valid(S_IFREG | 0644, false) &
		IATTR_COW);
	KUNIT_EXPECT_FALSE(test, vx_iattr_valid(S_IFREG | 0644, false) &
		IATTR_BARRIER);
	KUNIT_EXPECT_EQ(test, vx_iattr_valid(S_IFREG | 0444, true),
			IATTR_FLAGS);
	KUNIT_EXPECT_FALSE(test, vx_iattr_valid(S_IFDIR | 0755, false) &
		IATTR_FLAGS);
}

static void test_vx_iattr_merge(struct kunit *test)
{
	u32 dir = vx_iattr_valid(S_IFDIR | 0755, false);
	u32 file = vx_iattr_valid(S_IFREG | 0644, false);

	KUNIT_EXPECT_EQ(test, vx_iattr_merge(0, IATTR_BARRIER, IATTR_BARRIER,
					     dir), (long)IATTR_BARRIER);
	/* Only the masked bits change. */
	KUNIT_EXPECT_EQ(test, vx_iattr_merge(IATTR_BARRIER, 0, IATTR_IMMUTABLE,
					     dir), (long)IATTR_BARRIER);
	KUNIT_EXPECT_EQ(test, vx_iattr_merge(IATTR_IMMUTABLE, 0,
					     IATTR_IMMUTABLE, file), 0L);
	/* Bits that do not apply: EINVAL, even when clearing them. */
	KUNIT_EXPECT_EQ(test, vx_iattr_merge(0, IATTR_BARRIER, IATTR_BARRIER,
					     file), (long)-EINVAL);
	KUNIT_EXPECT_EQ(test, vx_iattr_merge(0, 0, IATTR_HIDE, dir),
			(long)-EINVAL);
	KUNIT_EXPECT_EQ(test, vx_iattr_merge(0, 0, 0x80000000U, file),
			(long)-EINVAL);
}

static void test_vx_iattr_locks(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, vx_data_locked(IATTR_IMMUTABLE));
	KUNIT_EXPECT_TRUE(test, vx_data_locked(IATTR_IMMUTABLE |
					       IATTR_IXUNLINK));
	KUNIT_EXPECT_FALSE(test, vx_data_locked(IATTR_IXUNLINK));
	/* Names: immutable xor ixunlink. */
	KUNIT_EXPECT_TRUE(test, vx_names_locked(IATTR_IMMUTABLE));
	KUNIT_EXPECT_TRUE(test, vx_names_locked(IATTR_IXUNLINK));
	KUNIT_EXPECT_FALSE(test, vx_names_locked(IATTR_IMMUTABLE |
						 IATTR_IXUNLINK));
	KUNIT_EXPECT_FALSE(test, vx_names_locked(IATTR_COW | IATTR_BARRIER));
}

static struct kunit_case vx_inode_cases[] = {
	KUNIT_CASE(test_vx_iattr_valid),
	KUNIT_CASE(test_vx_iattr_merge),
	KUNIT_CASE(test_vx_iattr_locks),
	{}
};

static struct kunit_suite vx_inode_suite = {
	.name = "vserver_inode",
	.test_cases = vx_inode_cases,
};

kunit_test_suite(vx_inode_suite);
