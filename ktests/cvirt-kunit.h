/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the guest's own view: load folding, time namespace
 * offsets, the memory bound, the VIRT_CPU filter.
 * Included at the end of kernel/vserver/cvirt.c.
 */

#include <kunit/test.h>

static void test_vx_load_fold_known_inputs(struct kunit *test)
{
	unsigned long load[3] = { 0, 0, 0 };
	int i;

	/* One sample of two tasks: 2 * (1 - e^(-5/60)) and so on. */
	vx_load_fold(load, 2);
	KUNIT_EXPECT_EQ(test, load[0], 328UL);
	KUNIT_EXPECT_EQ(test, load[1], 68UL);
	KUNIT_EXPECT_EQ(test, load[2], 22UL);
	/* 1000 s of two tasks: the 1-minute average reaches 2.00. */
	for (i = 1; i < 200; i++)
		vx_load_fold(load, 2);
	KUNIT_EXPECT_EQ(test, load[0], 2 * FIXED_1);
	KUNIT_EXPECT_EQ(test, load[1], 3981UL);
	KUNIT_EXPECT_EQ(test, load[2], 2762UL);
	/* A minute idle: the 1-minute average falls to about 2/e. */
	for (i = 0; i < 12; i++)
		vx_load_fold(load, 0);
	KUNIT_EXPECT_EQ(test, load[0], 1501UL);
	KUNIT_EXPECT_EQ(test, load[1], 3254UL);
	KUNIT_EXPECT_EQ(test, load[2], 2583UL);
	KUNIT_EXPECT_EQ(test, LOAD_INT(load[0] + FIXED_1 / 200), 0UL);
	KUNIT_EXPECT_EQ(test, LOAD_FRAC(load[0] + FIXED_1 / 200), 73UL);
}

static void test_vx_load_idle_stays_zero(struct kunit *test)
{
	unsigned long load[3] = { 0, 0, 0 };
	int i;

	for (i = 0; i < 50; i++)
		vx_load_fold(load, 0);
	KUNIT_EXPECT_EQ(test, load[0], 0UL);
	KUNIT_EXPECT_EQ(test, load[1], 0UL);
	KUNIT_EXPECT_EQ(test, load[2], 0UL);
}

static void test_vx_task_state_active(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, vx_task_state_active(TASK_RUNNING));
	KUNIT_EXPECT_TRUE(test, vx_task_state_active(TASK_UNINTERRUPTIBLE));
	KUNIT_EXPECT_FALSE(test, vx_task_state_active(TASK_INTERRUPTIBLE));
	KUNIT_EXPECT_FALSE(test, vx_task_state_active(TASK_IDLE));
	KUNIT_EXPECT_FALSE(test, vx_task_state_active(TASK_UNINTERRUPTIBLE |
						       TASK_FROZEN));
	KUNIT_EXPECT_FALSE(test, vx_task_state_active(__TASK_STOPPED));
	KUNIT_EXPECT_FALSE(test, vx_task_state_active(TASK_KILLABLE &
						       ~TASK_UNINTERRUPTIBLE));
}

/* A clock of the namespace: the host's plus the offset. */
static s64 vx_ns_clock(u64 host_ns, struct timespec64 off)
{
	struct timespec64 t = timespec64_add(ns_to_timespec64(host_ns), off);

	return timespec64_to_ns(&t);
}

static void test_vx_timens_offsets(struct kunit *test)
{
	const u64 boot = 5 * NSEC_PER_SEC + 250, mono = 4 * NSEC_PER_SEC + 100;
	struct timens_offsets o;

	vx_timens_offsets(&o, boot, mono);
	KUNIT_EXPECT_EQ(test, timespec64_to_ns(&o.boottime), -(s64)boot);
	KUNIT_EXPECT_EQ(test, timespec64_to_ns(&o.monotonic), -(s64)mono);
	/* A normalised timespec: the nanoseconds stay in [0, 1 s). */
	KUNIT_EXPECT_EQ(test, o.boottime.tv_sec, -6LL);
	KUNIT_EXPECT_EQ(test, o.boottime.tv_nsec, NSEC_PER_SEC - 250);
	/* At the creation both clocks read 0 inside. */
	KUNIT_EXPECT_EQ(test, vx_ns_clock(boot, o.boottime), 0LL);
	KUNIT_EXPECT_EQ(test, vx_ns_clock(mono, o.monotonic), 0LL);
	/* 3 s later, 1 s of it suspended: boottime 3 s, monotonic 2 s. */
	KUNIT_EXPECT_EQ(test, vx_ns_clock(boot + 3 * NSEC_PER_SEC, o.boottime),
			3LL * NSEC_PER_SEC);
	KUNIT_EXPECT_EQ(test, vx_ns_clock(mono + 2 * NSEC_PER_SEC, o.monotonic),
			2LL * NSEC_PER_SEC);
	KUNIT_EXPECT_GE(test, vx_ns_clock(boot + 3 * NSEC_PER_SEC, o.boottime),
			vx_ns_clock(mono + 2 * NSEC_PER_SEC, o.monotonic));
}

/* What free(1) prints as "used": never negative (it is unsigned). */
static bool vx_free_used_ok(const struct vx_mem_view *v)
{
	return v->free + v->buffers + v->cached + v->sreclaimable <= v->total;
}

static const struct vx_mem_view vx_host_view = {
	.total = 262144, .free = 200000, .available = 220000, .shared = 3000,
	.buffers = 1000, .cached = 20000, .sreclaimable = 4000,
	.totalswap = 0, .freeswap = 0,
};

static void test_vx_mem_limit_below_host(struct kunit *test)
{
	struct vx_mem_use u = { .limit = 16384, .usage = 4096, .file = 1024,
				.shmem = 100, .sreclaimable = 50,
				.swap_limit = PAGE_COUNTER_MAX };
	struct vx_mem_view v = vx_host_view;

	vx_mem_bound(&v, &u);
	KUNIT_EXPECT_EQ(test, v.total, 16384UL);
	KUNIT_EXPECT_EQ(test, v.free, 16384UL - 4096);
	KUNIT_EXPECT_EQ(test, v.buffers, 0UL);
	KUNIT_EXPECT_EQ(test, v.cached, 1024UL);
	KUNIT_EXPECT_EQ(test, v.sreclaimable, 50UL);
	KUNIT_EXPECT_EQ(test, v.shared, 100UL);
	KUNIT_EXPECT_EQ(test, v.available, 16384UL - 4096 + 1024 + 50);
	KUNIT_EXPECT_EQ(test, v.totalswap, 0UL);
	KUNIT_EXPECT_TRUE(test, vx_free_used_ok(&v));
	/* 16 MiB more used: MemFree drops by as much. */
	u.usage += 4096;
	v = vx_host_view;
	vx_mem_bound(&v, &u);
	KUNIT_EXPECT_EQ(test, v.free, 16384UL - 8192);
}

static void test_vx_mem_limit_above_host(struct kunit *test)
{
	struct vx_mem_use u = { .limit = 1UL << 30, .usage = 70000,
				.file = 10000, .swap_limit = PAGE_COUNTER_MAX };
	struct vx_mem_view v = vx_host_view;

	vx_mem_bound(&v, &u);
	KUNIT_EXPECT_EQ(test, v.total, 262144UL);
	/* The host has less free memory than the limit leaves. */
	KUNIT_EXPECT_EQ(test, v.free, 192144UL);
	u.usage = 4096;
	v = vx_host_view;
	vx_mem_bound(&v, &u);
	KUNIT_EXPECT_EQ(test, v.free, 200000UL);
	KUNIT_EXPECT_EQ(test, v.cached, 4096UL);
	KUNIT_EXPECT_EQ(test, v.sreclaimable, 0UL);
	KUNIT_EXPECT_LE(test, v.available, v.total);
	KUNIT_EXPECT_TRUE(test, vx_free_used_ok(&v));
}

static void test_vx_mem_usage_above_limit(struct kunit *test)
{
	struct vx_mem_use u = { .limit = 16384, .usage = 20000, .file = 30000,
				.shmem = 30000, .sreclaimable = 500,
				.swap_limit = 100, .swap_usage = 300 };
	struct vx_mem_view v = vx_host_view;

	v.totalswap = 50000;
	v.freeswap = 50000;
	vx_mem_bound(&v, &u);
	KUNIT_EXPECT_EQ(test, v.total, 16384UL);
	KUNIT_EXPECT_EQ(test, v.free, 0UL);
	KUNIT_EXPECT_EQ(test, v.cached, 16384UL);
	KUNIT_EXPECT_EQ(test, v.sreclaimable, 0UL);
	KUNIT_EXPECT_EQ(test, v.shared, 16384UL);
	KUNIT_EXPECT_EQ(test, v.available, 16384UL);
	KUNIT_EXPECT_TRUE(test, vx_free_used_ok(&v));
	KUNIT_EXPECT_EQ(test, v.totalswap, 100UL);
	KUNIT_EXPECT_EQ(test, v.freeswap, 0UL);
}

static void test_vx_cpu_shown(struct kunit *test)
{
	const struct cpumask *one = cpumask_of(1);

	KUNIT_EXPECT_TRUE(test, vx_cpu_shown(VXF_VIRT_CPU, one, 1));
	KUNIT_EXPECT_FALSE(test, vx_cpu_shown(VXF_VIRT_CPU, one, 0));
	KUNIT_EXPECT_FALSE(test, vx_cpu_shown(VXF_VIRT_CPU | VXF_VIRT_MEM,
					      one, 2));
	/* Without the flag every CPU is shown. */
	KUNIT_EXPECT_TRUE(test, vx_cpu_shown(0, one, 0));
	KUNIT_EXPECT_TRUE(test, vx_cpu_shown(VXF_VIRT_LOAD, one, 0));
	KUNIT_EXPECT_TRUE(test, vx_cpu_shown(VXF_VIRT_CPU, cpu_possible_mask,
					     0));
}

static struct kunit_case vx_cvirt_cases[] = {
	KUNIT_CASE(test_vx_load_fold_known_inputs),
	KUNIT_CASE(test_vx_load_idle_stays_zero),
	KUNIT_CASE(test_vx_task_state_active),
	KUNIT_CASE(test_vx_timens_offsets),
	KUNIT_CASE(test_vx_mem_limit_below_host),
	KUNIT_CASE(test_vx_mem_limit_above_host),
	KUNIT_CASE(test_vx_mem_usage_above_limit),
	KUNIT_CASE(test_vx_cpu_shown),
	{}
};

static struct kunit_suite vx_cvirt_suite = {
	.name = "vserver_cvirt",
	.test_cases = vx_cvirt_cases,
};

kunit_test_suite(vx_cvirt_suite);
