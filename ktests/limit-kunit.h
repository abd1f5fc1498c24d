/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the limit arithmetic: set/get with CRLIM_KEEP and
 * CRLIM_INFINITY, soft above hard, charges and hits, watermarks, the
 * resets and the masks; the rules LOCKS and MSGQUEUE use (a check that
 * charges nothing, a split lock charged past the limit, byte charges).
 * Included at the end of kernel/vserver/limit.c.
 */

#include <kunit/test.h>

static struct vx_limits *vx_test_limits(struct kunit *test)
{
	struct vx_limits *l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, l);
	vx_limits_init(l);
	return l;
}

static void test_vx_limit_defaults(struct kunit *test)
{
	struct vx_limits *l = vx_test_limits(test);
	u64 soft, hard;

	vx_limit_get(l, VLIMIT_NPROC, &soft, &hard);
	KUNIT_EXPECT_EQ(test, soft, CRLIM_INFINITY);
	KUNIT_EXPECT_EQ(test, hard, CRLIM_INFINITY);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&l->lim[VLIMIT_NPROC].cur), 0L);
	KUNIT_EXPECT_EQ(test, atomic_read(&l->lim[VLIMIT_NPROC].hits), 0);
	/* Nothing is refused without a limit. */
	KUNIT_EXPECT_TRUE(test, vx_limit_charge(l, VLIMIT_NOFILE, 1000000));
}

static void test_vx_limit_keep_and_infinity(struct kunit *test)
{
	struct vx_limits *l = vx_test_limits(test);
	u64 soft, hard;

	/* A hard limit below the (infinite) soft one lowers the soft one. */
	vx_limit_set(l, VLIMIT_NOFILE, CRLIM_KEEP, 10);
	vx_limit_get(l, VLIMIT_NOFILE, &soft, &hard);
	KUNIT_EXPECT_EQ(test, hard, 10ULL);
	KUNIT_EXPECT_EQ(test, soft, 10ULL);
	vx_limit_set(l, VLIMIT_NOFILE, 5, CRLIM_KEEP);
	vx_limit_get(l, VLIMIT_NOFILE, &soft, &hard);
	KUNIT_EXPECT_EQ(test, soft, 5ULL);
	KUNIT_EXPECT_EQ(test, hard, 10ULL);
	/* KEEP for both changes nothing. */
	vx_limit_set(l, VLIMIT_NOFILE, CRLIM_KEEP, CRLIM_KEEP);
	vx_limit_get(l, VLIMIT_NOFILE, &soft, &hard);
	KUNIT_EXPECT_EQ(test, soft, 5ULL);
	KUNIT_EXPECT_EQ(test, hard, 10ULL);
	/* INFINITY lifts the hard limit; the soft one stays. */
	vx_limit_set(l, VLIMIT_NOFILE, CRLIM_KEEP, CRLIM_INFINITY);
	vx_limit_get(l, VLIMIT_NOFILE, &soft, &hard);
	KUNIT_EXPECT_EQ(test, soft, 5ULL);
	KUNIT_EXPECT_EQ(test, hard, CRLIM_INFINITY);
	/* Other limits are untouched. */
	vx_limit_get(l, VLIMIT_NSOCK, &soft, &hard);
	KUNIT_EXPECT_EQ(test, hard, CRLIM_INFINITY);
}

static void test_vx_limit_soft_above_hard(struct kunit *test)
{
	struct vx_limits *l = vx_test_limits(test);
	u64 soft, hard;

	vx_limit_set(l, VLIMIT_NSOCK, 20, 10);
	vx_limit_get(l, VLIMIT_NSOCK, &soft, &hard);
	KUNIT_EXPECT_EQ(test, soft, 10ULL);
	KUNIT_EXPECT_EQ(test, hard, 10ULL);
	/* UNSET (0) is a limit of nothing at all. */
	vx_limit_set(l, VLIMIT_NSOCK, CRLIM_KEEP, CRLIM_UNSET);
	vx_limit_get(l, VLIMIT_NSOCK, &soft, &hard);
	KUNIT_EXPECT_EQ(test, hard, 0ULL);
	KUNIT_EXPECT_EQ(test, soft, 0ULL);
	KUNIT_EXPECT_FALSE(test, vx_limit_charge(l, VLIMIT_NSOCK, 1));
}

static void test_vx_limit_hits(struct kunit *test)
{
	struct vx_limits *l = vx_test_limits(test);
	struct vx_limit *lim = &l->lim[VLIMIT_NOFILE];

	vx_limit_set(l, VLIMIT_NOFILE, 1, 3);
	/* The soft limit (1) never blocks. */
	KUNIT_EXPECT_TRUE(test, vx_limit_charge(l, VLIMIT_NOFILE, 1));
	KUNIT_EXPECT_TRUE(test, vx_limit_charge(l, VLIMIT_NOFILE, 1));
	KUNIT_EXPECT_TRUE(test, vx_limit_charge(l, VLIMIT_NOFILE, 1));
	/* The hard limit (3) does, and counts a hit; nothing is charged. */
	KUNIT_EXPECT_FALSE(test, vx_limit_charge(l, VLIMIT_NOFILE, 1));
	KUNIT_EXPECT_FALSE(test, vx_limit_charge(l, VLIMIT_NOFILE, 2));
	KUNIT_EXPECT_EQ(test, atomic_long_read(&lim->cur), 3L);
	KUNIT_EXPECT_EQ(test, atomic_read(&lim->hits), 2);
	vx_limit_uncharge(l, VLIMIT_NOFILE, 1);
	KUNIT_EXPECT_TRUE(test, vx_limit_charge(l, VLIMIT_NOFILE, 1));
	/* A limit counted elsewhere: the same rule through avail. */
	vx_limit_set(l, VLIMIT_NPROC, CRLIM_KEEP, 5);
	KUNIT_EXPECT_TRUE(test, vx_limit_avail(l, VLIMIT_NPROC, 4, 1));
	KUNIT_EXPECT_FALSE(test, vx_limit_avail(l, VLIMIT_NPROC, 5, 1));
	KUNIT_EXPECT_EQ(test, atomic_read(&l->lim[VLIMIT_NPROC].hits), 1);
	/* A refused count (racing forks counted first) is no watermark. */
	KUNIT_EXPECT_FALSE(test, vx_limit_avail(l, VLIMIT_NPROC, 7, 1));
	KUNIT_EXPECT_EQ(test, READ_ONCE(l->lim[VLIMIT_NPROC].rmax), 5L);
	vx_limit_reset_hits(l);
	KUNIT_EXPECT_EQ(test, atomic_read(&lim->hits), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&l->lim[VLIMIT_NPROC].hits), 0);
	/* Resetting the hits keeps the charge. */
	KUNIT_EXPECT_EQ(test, atomic_long_read(&lim->cur), 3L);
}

static void test_vx_limit_watermarks(struct kunit *test)
{
	struct vx_limits *l = vx_test_limits(test);
	struct vx_limit *lim = &l->lim[VLIMIT_NSOCK];
	long now[NUM_LIMITS] = { 0 };

	KUNIT_EXPECT_TRUE(test, vx_limit_charge(l, VLIMIT_NSOCK, 3));
	vx_limit_uncharge(l, VLIMIT_NSOCK, 2);
	KUNIT_EXPECT_EQ(test, lim->rmax, 3L);
	KUNIT_EXPECT_EQ(test, lim->rmin, 0L);
	/* reset_minmax: both watermarks at the value now. */
	now[VLIMIT_NSOCK] = atomic_long_read(&lim->cur);
	vx_limit_reset_minmax(l, now);
	KUNIT_EXPECT_EQ(test, lim->rmin, 1L);
	KUNIT_EXPECT_EQ(test, lim->rmax, 1L);
	KUNIT_EXPECT_TRUE(test, vx_limit_charge(l, VLIMIT_NSOCK, 1));
	KUNIT_EXPECT_EQ(test, lim->rmax, 2L);
	KUNIT_EXPECT_EQ(test, lim->rmin, 1L);
	vx_limit_uncharge(l, VLIMIT_NSOCK, 2);
	KUNIT_EXPECT_EQ(test, lim->rmin, 0L);
	KUNIT_EXPECT_EQ(test, lim->rmax, 2L);
	/* A refused charge moves no watermark. */
	vx_limit_set(l, VLIMIT_NSOCK, CRLIM_KEEP, 2);
	KUNIT_EXPECT_FALSE(test, vx_limit_charge(l, VLIMIT_NSOCK, 5));
	KUNIT_EXPECT_EQ(test, lim->rmax, 2L);
}

static void test_vx_limit_mask(struct kunit *test)
{
	/* get_rlimit_mask's maximum word is vs2.3.9's. */
	KUNIT_EXPECT_EQ(test, VLIMIT_MASK_VS23, 0x004B14C0U);
	KUNIT_EXPECT_TRUE(test, vx_limit_valid(VLIMIT_NPROC));
	KUNIT_EXPECT_TRUE(test, vx_limit_valid(VLIMIT_NOFILE));
	KUNIT_EXPECT_TRUE(test, vx_limit_valid(VLIMIT_NSOCK));
	KUNIT_EXPECT_TRUE(test, vx_limit_valid(VLIMIT_OPENFD));
	KUNIT_EXPECT_TRUE(test, vx_limit_valid(VLIMIT_DENTRY));
	/* The extension: stored and reported. */
	KUNIT_EXPECT_TRUE(test, vx_limit_valid(VLIMIT_SEMARY));
	KUNIT_EXPECT_TRUE(test, vx_limit_valid(VLIMIT_RSS));
	KUNIT_EXPECT_TRUE(test, vx_limit_valid(VLIMIT_AS));
	/* Not limits of a context, or no limit at all. */
	KUNIT_EXPECT_FALSE(test, vx_limit_valid(VLIMIT_CPU));
	KUNIT_EXPECT_FALSE(test, vx_limit_valid(VLIMIT_NICE));
	KUNIT_EXPECT_FALSE(test, vx_limit_valid(VLIMIT_ANON));
	KUNIT_EXPECT_FALSE(test, vx_limit_valid(NUM_LIMITS));
	KUNIT_EXPECT_FALSE(test, vx_limit_valid(~0U));
	/* Reported only: the memory rows. */
	KUNIT_EXPECT_TRUE(test, vx_limit_accounted(VLIMIT_ANON));
	KUNIT_EXPECT_TRUE(test, vx_limit_accounted(VLIMIT_MAPPED));
	KUNIT_EXPECT_TRUE(test, vx_limit_accounted(VLIMIT_MEMLOCK));
	KUNIT_EXPECT_FALSE(test, vx_limit_accounted(VLIMIT_CPU));
	KUNIT_EXPECT_FALSE(test, vx_limit_accounted(NUM_LIMITS));
}

static void test_vx_limit_locks_rules(struct kunit *test)
{
	struct vx_limits *l = vx_test_limits(test);
	struct vx_limit *lim = &l->lim[VLIMIT_LOCKS];

	vx_limit_set(l, VLIMIT_LOCKS, CRLIM_KEEP, 2);
	/* A request is checked first (vx_limit_over), charged when linked. */
	KUNIT_EXPECT_FALSE(test, vx_limit_over(l, VLIMIT_LOCKS, 0, 1));
	vx_limit_add(l, VLIMIT_LOCKS, 1);
	/* A lock splitting another links two: one too many at 1 of 2. */
	KUNIT_EXPECT_TRUE(test, vx_limit_over(l, VLIMIT_LOCKS, 1, 2));
	KUNIT_EXPECT_EQ(test, atomic_read(&lim->hits), 1);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&lim->cur), 1L);
	KUNIT_EXPECT_FALSE(test, vx_limit_over(l, VLIMIT_LOCKS, 1, 1));
	vx_limit_add(l, VLIMIT_LOCKS, 1);
	/* An unlock splitting a lock is never refused: one past the limit. */
	vx_limit_add(l, VLIMIT_LOCKS, 1);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&lim->cur), 3L);
	KUNIT_EXPECT_EQ(test, lim->rmax, 3L);
	KUNIT_EXPECT_EQ(test, atomic_read(&lim->hits), 1);
	/* Released locks (or the file's rest at its free) drain it. */
	vx_limit_uncharge(l, VLIMIT_LOCKS, 3);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&lim->cur), 0L);
	KUNIT_EXPECT_EQ(test, lim->rmin, 0L);
}

static void test_vx_limit_msgqueue_bytes(struct kunit *test)
{
	struct vx_limits *l = vx_test_limits(test);
	struct vx_limit *lim = &l->lim[VLIMIT_MSGQUEUE];

	vx_limit_set(l, VLIMIT_MSGQUEUE, CRLIM_KEEP, 1000);
	KUNIT_EXPECT_TRUE(test, vx_limit_charge(l, VLIMIT_MSGQUEUE, 320));
	KUNIT_EXPECT_TRUE(test, vx_limit_charge(l, VLIMIT_MSGQUEUE, 320));
	KUNIT_EXPECT_TRUE(test, vx_limit_charge(l, VLIMIT_MSGQUEUE, 320));
	KUNIT_EXPECT_FALSE(test, vx_limit_charge(l, VLIMIT_MSGQUEUE, 320));
	KUNIT_EXPECT_EQ(test, atomic_long_read(&lim->cur), 960L);
	/* Up to the hard limit exactly, not a byte more. */
	KUNIT_EXPECT_TRUE(test, vx_limit_charge(l, VLIMIT_MSGQUEUE, 40));
	KUNIT_EXPECT_FALSE(test, vx_limit_charge(l, VLIMIT_MSGQUEUE, 1));
	KUNIT_EXPECT_EQ(test, atomic_read(&lim->hits), 2);
	KUNIT_EXPECT_EQ(test, lim->rmax, 1000L);
	vx_limit_uncharge(l, VLIMIT_MSGQUEUE, 1000);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&lim->cur), 0L);
}

static struct kunit_case vx_limit_cases[] = {
	KUNIT_CASE(test_vx_limit_defaults),
	KUNIT_CASE(test_vx_limit_keep_and_infinity),
	KUNIT_CASE(test_vx_limit_soft_above_hard),
	KUNIT_CASE(test_vx_limit_hits),
	KUNIT_CASE(test_vx_limit_watermarks),
	KUNIT_CASE(test_vx_limit_mask),
	KUNIT_CASE(test_vx_limit_locks_rules),
	KUNIT_CASE(test_vx_limit_msgqueue_bytes),
	{}
};

static struct kunit_suite vx_limit_suite = {
	.name = "vserver_limit",
	.test_cases = vx_limit_cases,
};

kunit_test_suite(vx_limit_suite);
