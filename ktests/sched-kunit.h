/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the token-bucket scheduler's arithmetic on synthetic
 * time: refill, spend, hold and release, the idle time rate, the
 * sanitising of set_sched and the v3/v4 to v5 mapping.
 * Included at the end of kernel/vserver/sched.c.
 */

#include <kunit/test.h>

#define TOK	((s64)VX_TOKEN_NS)

/* A bucket of @tokens ticks, @fill tokens every @interval ticks. */
static void vx_test_bucket(struct vx_bucket *b, s64 tokens, s32 fill,
			   u64 interval, s32 min, s32 max)
{
	memset(b, 0, sizeof(*b));
	vx_sched_param_default(&b->p);
	b->p.fill_rate[0] = fill;
	b->p.interval_ns[0] = interval * TOK;
	b->p.tokens_min = min;
	b->p.tokens_max = max;
	b->tokens = tokens * TOK;
}

static void test_vx_sched_fill(struct kunit *test)
{
	/* 1 token per 4 ticks: 16 ticks give 4, 2 ticks half a token. */
	KUNIT_EXPECT_EQ(test, vx_sched_fill(16 * TOK, 1, 4 * TOK), 4 * TOK);
	KUNIT_EXPECT_EQ(test, vx_sched_fill(2 * TOK, 1, 4 * TOK), TOK / 2);
	KUNIT_EXPECT_EQ(test, vx_sched_fill(10 * TOK, 3, 4 * TOK),
			(u64)(7 * TOK + TOK / 2));
	/* No rate, no interval: nothing. */
	KUNIT_EXPECT_EQ(test, vx_sched_fill(100 * TOK, 0, 4 * TOK), 0ULL);
	KUNIT_EXPECT_EQ(test, vx_sched_fill(100 * TOK, -5, 4 * TOK), 0ULL);
	KUNIT_EXPECT_EQ(test, vx_sched_fill(100 * TOK, 1, 0), 0ULL);
	/* Years at the highest rate stop at the cap, no overflow. */
	KUNIT_EXPECT_EQ(test, vx_sched_fill(U64_MAX, S32_MAX, 1), VX_FILL_CAP);
}

static void test_vx_bucket_refill(struct kunit *test)
{
	struct vx_bucket b;

	vx_test_bucket(&b, 0, 1, 4, 2, 10);
	b.last = 1000;
	vx_bucket_refill(&b, 1000 + 8 * TOK, 0);
	KUNIT_EXPECT_EQ(test, b.tokens, 2 * TOK);
	KUNIT_EXPECT_EQ(test, b.last, 1000 + 8 * TOK);
	KUNIT_EXPECT_EQ(test, b.token_ns, (u64)(2 * TOK));
	/* Time going back adds nothing. */
	vx_bucket_refill(&b, 500, 0);
	KUNIT_EXPECT_EQ(test, b.tokens, 2 * TOK);
	/* A long time: clipped at tokens_max. */
	vx_bucket_refill(&b, 1000 + 1000 * TOK, 0);
	KUNIT_EXPECT_EQ(test, b.tokens, 10 * TOK);
	KUNIT_EXPECT_EQ(test, b.token_ns, (u64)(10 * TOK));
	/* A debt is paid first. */
	b.tokens = -3 * TOK;
	b.last = 0;
	vx_bucket_refill(&b, 8 * TOK, 0);
	KUNIT_EXPECT_EQ(test, b.tokens, -1 * TOK);
}

static void test_vx_bucket_spend_hold_release(struct kunit *test)
{
	struct vx_bucket b;

	vx_test_bucket(&b, 2, 1, 4, 3, 10);
	KUNIT_EXPECT_FALSE(test, vx_bucket_charge(&b, TOK));
	KUNIT_EXPECT_TRUE(test, vx_bucket_may_run(&b));
	/* Empty: on hold, with half a tick of debt. */
	KUNIT_EXPECT_TRUE(test, vx_bucket_charge(&b, TOK + TOK / 2));
	KUNIT_EXPECT_EQ(test, b.tokens, -TOK / 2);
	KUNIT_EXPECT_FALSE(test, vx_bucket_may_run(&b));
	/* 3.5 ticks to tokens_min at 1/4: 14 ticks. */
	KUNIT_EXPECT_EQ(test, vx_bucket_wait_ns(&b), (u64)(14 * TOK + 1));
	/* Hysteresis: 2 tokens is not enough to run again... */
	b.last = 0;
	vx_bucket_refill(&b, 10 * TOK, 0);
	KUNIT_EXPECT_EQ(test, b.tokens, 2 * TOK);
	KUNIT_EXPECT_FALSE(test, vx_bucket_may_run(&b));
	KUNIT_EXPECT_EQ(test, vx_bucket_wait_ns(&b), (u64)(4 * TOK + 1));
	/* ...tokens_min is. */
	vx_bucket_refill(&b, 14 * TOK, 0);
	KUNIT_EXPECT_TRUE(test, vx_bucket_may_run(&b));
	KUNIT_EXPECT_EQ(test, vx_bucket_wait_ns(&b), 0ULL);
	/* Running on down to 0 tokens, not to tokens_min. */
	KUNIT_EXPECT_FALSE(test, vx_bucket_charge(&b, 2 * TOK));
	KUNIT_EXPECT_TRUE(test, vx_bucket_charge(&b, TOK));
	/* A rate of 0 never refills. */
	b.p.fill_rate[0] = 0;
	KUNIT_EXPECT_EQ(test, vx_bucket_wait_ns(&b), U64_MAX);
}

/*
 * set_sched takes any tokens_min and interval: a wait whose product
 * needs 128 bits is still computed, one beyond 64 bits is U64_MAX (x86's
 * divq trapped on it: vsfuzz --seed 11 panicked the kernel).
 */
static void test_vx_bucket_wait_huge(struct kunit *test)
{
	struct vx_bucket b;

	/* 250e6 ticks at 1000 tokens per 1e6 ticks: 250e9 ticks. */
	vx_test_bucket(&b, 0, 1000, 1000000, 250000000, S32_MAX);
	KUNIT_EXPECT_EQ(test, vx_bucket_wait_ns(&b),
			(u64)250000000 * TOK * 1000 + 1);
	/* S32_MAX ticks at 1 token per U32_MAX ticks: beyond 64 bits. */
	vx_test_bucket(&b, 0, 1, U32_MAX, S32_MAX, S32_MAX);
	KUNIT_EXPECT_EQ(test, vx_bucket_wait_ns(&b), U64_MAX);
	b.tokens = S64_MIN / 2;
	KUNIT_EXPECT_EQ(test, vx_bucket_wait_ns(&b), U64_MAX);
}

/*
 * A pinned busy loop under a 1/4 rate, tick by tick: the share over a
 * long run is the rate, whatever tokens_min and tokens_max.
 */
static void test_vx_bucket_long_run_share(struct kunit *test)
{
	static const s32 mins[] = { 0, 1, HZ / 16, HZ / 3 };
	int i;

	for (i = 0; i < ARRAY_SIZE(mins); i++) {
		struct vx_bucket b;
		u64 now, ran = 0, ticks = 100 * HZ;
		bool held = false;

		vx_test_bucket(&b, 0, 1, 4, mins[i], HZ / 2);
		for (now = TOK; now <= ticks * TOK; now += TOK) {
			vx_bucket_refill(&b, now, 0);
			if (held) {
				held = !vx_bucket_may_run(&b);
				continue;
			}
			ran++;
			held = vx_bucket_charge(&b, TOK);
		}
		/* Within a tokens_min + 2 ticks of a quarter. */
		KUNIT_EXPECT_LE_MSG(test, abs((s64)ran - (s64)ticks / 4),
				    (s64)mins[i] + 2, "tokens_min %d", mins[i]);
	}
}

static void test_vx_bucket_idle_rate(struct kunit *test)
{
	struct vx_bucket b;

	vx_test_bucket(&b, 0, 0, 4, 1, 100);
	b.p.fill_rate[1] = 1;
	b.p.interval_ns[1] = 2 * TOK;
	/* Without the idle time rate, idle time gives nothing. */
	vx_bucket_refill(&b, 10 * TOK, 8 * TOK);
	KUNIT_EXPECT_EQ(test, b.tokens, 0LL);
	/* Turned on: counted from the idle time of that moment. */
	vx_bucket_apply(&b, &b.p, VXSM_IDLE_TIME, 8 * TOK);
	KUNIT_EXPECT_TRUE(test, b.p.idle_time);
	KUNIT_EXPECT_EQ(test, b.idle_last, (u64)(8 * TOK));
	vx_bucket_refill(&b, 20 * TOK, 16 * TOK);
	KUNIT_EXPECT_EQ(test, b.tokens, 4 * TOK);
	KUNIT_EXPECT_EQ(test, b.idle_ns, (u64)(4 * TOK));
	/* Both rates add up. */
	b.p.fill_rate[0] = 1;
	vx_bucket_refill(&b, 28 * TOK, 20 * TOK);
	KUNIT_EXPECT_EQ(test, b.tokens, 8 * TOK);
	/* A set_sched without VXSM_IDLE_TIME turns it off. */
	vx_bucket_apply(&b, &b.p, VXSM_PRIO_BIAS, 20 * TOK);
	KUNIT_EXPECT_FALSE(test, b.p.idle_time);
	vx_bucket_refill(&b, 28 * TOK, 100 * TOK);
	KUNIT_EXPECT_EQ(test, b.tokens, 8 * TOK);
}

static void test_vx_sched_merge_sanitises(struct kunit *test)
{
	struct vcmd_sched_v5 vc = {
		.mask = VXSM_SET_MASK,
		.fill_rate = { -1, 3 },
		.interval = { 0, -7 },
		.tokens = 500,
		.tokens_min = -1,
		.tokens_max = 0,
		.prio_bias = 50,
	};
	struct vx_sched_param p;

	vx_sched_param_default(&p);
	vx_sched_merge(&p, &vc);
	KUNIT_EXPECT_EQ(test, p.fill_rate[0], 0);
	KUNIT_EXPECT_EQ(test, p.fill_rate[1], 3);
	KUNIT_EXPECT_EQ(test, p.interval_ns[0], (u64)HZ * TOK);
	KUNIT_EXPECT_EQ(test, p.interval_ns[1], (u64)HZ * TOK);
	KUNIT_EXPECT_EQ(test, p.tokens_max, HZ);
	KUNIT_EXPECT_EQ(test, p.tokens_min, HZ / 3);
	KUNIT_EXPECT_EQ(test, p.tokens, HZ);	/* at most tokens_max */
	KUNIT_EXPECT_EQ(test, p.prio_bias, 20);
	KUNIT_EXPECT_FALSE(test, p.idle_time);

	/* tokens_min above tokens_max is tokens_max; the bias -20 at least. */
	vc = (struct vcmd_sched_v5) {
		.mask = VXSM_TOKENS_MIN | VXSM_TOKENS_MAX | VXSM_PRIO_BIAS |
			VXSM_IDLE_TIME,
		.tokens_min = 40, .tokens_max = 30, .prio_bias = -99,
	};
	vx_sched_merge(&p, &vc);
	KUNIT_EXPECT_EQ(test, p.tokens_min, 30);
	KUNIT_EXPECT_EQ(test, p.tokens_max, 30);
	KUNIT_EXPECT_EQ(test, p.prio_bias, -20);
	KUNIT_EXPECT_TRUE(test, p.idle_time);
	/* Fields outside the mask stay. */
	KUNIT_EXPECT_EQ(test, p.fill_rate[1], 3);

	/* Intervals in ms with VXSM_MSEC, and back. */
	vc = (struct vcmd_sched_v5) {
		.mask = VXSM_INTERVAL | VXSM_INTERVAL2 | VXSM_MSEC,
		.interval = { 100, 3 },
	};
	vx_sched_merge(&p, &vc);
	KUNIT_EXPECT_EQ(test, p.interval_ns[0], 100 * NSEC_PER_MSEC);
	KUNIT_EXPECT_EQ(test, p.interval_ns[1], 3 * NSEC_PER_MSEC);
	KUNIT_EXPECT_EQ(test, vx_sched_interval_out(p.interval_ns[0], true),
			100);
	KUNIT_EXPECT_EQ(test, vx_sched_interval_out(p.interval_ns[0], false),
			(s32)(100 * NSEC_PER_MSEC / VX_TOKEN_NS));
	KUNIT_EXPECT_EQ(test, vx_sched_interval_out(U64_MAX, true), S32_MAX);
}

static void test_vx_bucket_apply(struct kunit *test)
{
	struct vx_sched_param p;
	struct vx_bucket b;

	vx_test_bucket(&b, 50, 1, 4, 5, 100);
	vx_sched_param_default(&p);
	p.fill_rate[0] = 7;
	p.tokens = 3;
	p.tokens_max = 20;
	/* Only the fields of the mask. */
	vx_bucket_apply(&b, &p, VXSM_FILL_RATE, 0);
	KUNIT_EXPECT_EQ(test, b.p.fill_rate[0], 7);
	KUNIT_EXPECT_EQ(test, b.p.tokens_max, 100);
	KUNIT_EXPECT_EQ(test, b.tokens, 50 * TOK);
	/* A smaller bucket clips the tokens. */
	vx_bucket_apply(&b, &p, VXSM_TOKENS_MAX, 0);
	KUNIT_EXPECT_EQ(test, b.tokens, 20 * TOK);
	vx_bucket_apply(&b, &p, VXSM_TOKENS, 0);
	KUNIT_EXPECT_EQ(test, b.tokens, 3 * TOK);
	/* tokens_min never above tokens_max, even when mixed per CPU. */
	p.tokens_max = 2;
	vx_bucket_apply(&b, &p, VXSM_TOKENS_MAX, 0);
	KUNIT_EXPECT_EQ(test, b.p.tokens_min, 2);
	KUNIT_EXPECT_EQ(test, b.tokens, 2 * TOK);
}

static void test_vx_sched_v3_v4_map(struct kunit *test)
{
	struct vcmd_set_sched_v3 v3 = {
		.set_mask = 0xffffffff, .fill_rate = 2, .interval = 8,
		.tokens = 9, .tokens_min = 3, .tokens_max = 40,
		.priority_bias = -4,
	};
	struct vcmd_set_sched_v4 v4 = {
		.set_mask = VXSM_FILL_RATE | VXSM_CPU_ID | VXSM_MSEC,
		.fill_rate = 5, .interval = 10, .tokens = 1,
		.tokens_min = 2, .tokens_max = 3, .prio_bias = 6,
		.cpu_id = 1, .bucket_id = 0,
	};
	struct vcmd_sched_v5 vc;

	vx_sched_from_v3(&vc, &v3);
	KUNIT_EXPECT_EQ(test, vc.mask, (u32)VXSM_V3_MASK);
	KUNIT_EXPECT_EQ(test, vc.cpu_id, -1);
	KUNIT_EXPECT_EQ(test, vc.bucket_id, 0);
	KUNIT_EXPECT_EQ(test, vc.fill_rate[0], 2);
	KUNIT_EXPECT_EQ(test, vc.fill_rate[1], 2);
	KUNIT_EXPECT_EQ(test, vc.interval[0], 8);
	KUNIT_EXPECT_EQ(test, vc.interval[1], 8);
	KUNIT_EXPECT_EQ(test, vc.tokens, 9);
	KUNIT_EXPECT_EQ(test, vc.tokens_min, 3);
	KUNIT_EXPECT_EQ(test, vc.tokens_max, 40);
	KUNIT_EXPECT_EQ(test, vc.prio_bias, -4);

	vx_sched_from_v4(&vc, &v4);
	KUNIT_EXPECT_EQ(test, vc.mask, v4.set_mask);
	KUNIT_EXPECT_EQ(test, vc.cpu_id, 1);
	KUNIT_EXPECT_EQ(test, vc.fill_rate[0], 5);
	KUNIT_EXPECT_EQ(test, vc.fill_rate[1], 5);
	KUNIT_EXPECT_EQ(test, vc.interval[0], 10);
	KUNIT_EXPECT_EQ(test, vc.interval[1], 10);
	KUNIT_EXPECT_EQ(test, vc.tokens_max, 3);
	KUNIT_EXPECT_EQ(test, vc.prio_bias, 6);
}

static void test_vx_sched_defaults(struct kunit *test)
{
	struct vx_sched_param p;

	vx_sched_param_default(&p);
	KUNIT_EXPECT_EQ(test, p.fill_rate[0], 1);
	KUNIT_EXPECT_EQ(test, p.interval_ns[0], (u64)(4 * TOK));
	KUNIT_EXPECT_EQ(test, p.fill_rate[1], 1);
	KUNIT_EXPECT_EQ(test, p.interval_ns[1], (u64)(8 * TOK));
	KUNIT_EXPECT_EQ(test, p.tokens, HZ / 4);
	KUNIT_EXPECT_EQ(test, p.tokens_min, HZ / 16);
	KUNIT_EXPECT_EQ(test, p.tokens_max, HZ / 2);
	KUNIT_EXPECT_FALSE(test, p.idle_time);
}

static struct kunit_case vx_sched_cases[] = {
	KUNIT_CASE(test_vx_sched_fill),
	KUNIT_CASE(test_vx_bucket_refill),
	KUNIT_CASE(test_vx_bucket_spend_hold_release),
	KUNIT_CASE(test_vx_bucket_wait_huge),
	KUNIT_CASE(test_vx_bucket_long_run_share),
	KUNIT_CASE(test_vx_bucket_idle_rate),
	KUNIT_CASE(test_vx_sched_merge_sanitises),
	KUNIT_CASE(test_vx_bucket_apply),
	KUNIT_CASE(test_vx_sched_v3_v4_map),
	KUNIT_CASE(test_vx_sched_defaults),
	{}
};

static struct kunit_suite vx_sched_suite = {
	.name = "vserver_sched",
	.test_cases = vx_sched_cases,
};

kunit_test_suite(vx_sched_suite);
