/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the /proc views of namespace sets.
 * Included at the end of kernel/vserver/spaceproc.c.
 */

#include <kunit/test.h>

/* Counts come from the stored masks of both sets of every context. */
static void test_vx_space_count(struct kunit *test)
{
	struct vx_spaces *sp = kunit_kzalloc(test, sizeof(*sp), GFP_KERNEL);
	struct vx_space_counts c = { };

	KUNIT_ASSERT_NOT_NULL(test, sp);
	vx_spaces_init(sp);
	vx_space_count(sp, &c);
	KUNIT_EXPECT_EQ(test, c.sets, 0);
	KUNIT_EXPECT_EQ(test, vx_space_set(sp, CLONE_NEWUTS | CLONE_FS, 0), 0);
	KUNIT_EXPECT_EQ(test, vx_space_set(sp, CLONE_NEWNS, 1), 0);
	vx_space_count(sp, &c);
	vx_space_count(sp, &c);
	KUNIT_EXPECT_EQ(test, c.sets, 4);
	KUNIT_EXPECT_EQ(test, c.fs, 2);
	KUNIT_EXPECT_EQ(test, c.ns[VX_NS_MNT], 2);
	KUNIT_EXPECT_EQ(test, c.ns[VX_NS_UTS],
			IS_ENABLED(CONFIG_UTS_NS) ? 2 : 0);
	KUNIT_EXPECT_EQ(test, c.ns[VX_NS_IPC], 0);
	vx_spaces_release(sp);
}

/* The nsproxy file names the stored kinds and the uts names. */
static void test_vx_space_show(struct kunit *test)
{
	struct vx_spaces *sp = kunit_kzalloc(test, sizeof(*sp), GFP_KERNEL);
	char *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	struct seq_file m = { .buf = buf, .size = PAGE_SIZE };
	char row[64];

	KUNIT_ASSERT_NOT_NULL(test, sp);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	vx_spaces_init(sp);
	KUNIT_EXPECT_EQ(test, vx_space_set(sp, CLONE_NEWNS, 1), 0);
	vx_space_show(&m, sp, 1);
	KUNIT_ASSERT_LT(test, m.count, m.size);
	buf[m.count] = '\0';
	snprintf(row, sizeof(row), "Mnt:\t%u\n",
		 sp->space[1].ns[VX_NS_MNT]->inum);
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "Space:\t1\nMask:\t00020000\n"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, row));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "UTS:\t-\n"));
	KUNIT_EXPECT_NULL(test, strstr(buf, "Root:"));
	KUNIT_EXPECT_NULL(test, strstr(buf, "NodeName:"));

	m.count = 0;
	KUNIT_EXPECT_EQ(test, vx_space_set(sp, CLONE_NEWUTS | CLONE_NEWIPC, 0),
			0);
	vx_space_show(&m, sp, 0);
	KUNIT_ASSERT_LT(test, m.count, m.size);
	buf[m.count] = '\0';
	snprintf(row, sizeof(row), "NodeName:\t%s\n", init_uts_ns.name.nodename);
	KUNIT_EXPECT_EQ(test, !!strstr(buf, row), IS_ENABLED(CONFIG_UTS_NS));
	KUNIT_EXPECT_EQ(test, !!strstr(buf, "SHM:\t"), IS_ENABLED(CONFIG_IPC_NS));
	vx_spaces_release(sp);
}

static struct kunit_case vx_spaceproc_cases[] = {
	KUNIT_CASE(test_vx_space_count),
	KUNIT_CASE(test_vx_space_show),
	{}
};

static struct kunit_suite vx_spaceproc_suite = {
	.name = "vserver_spaceproc",
	.test_cases = vx_spaceproc_cases,
};

kunit_test_suite(vx_spaceproc_suite);
