/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the id-space core on a space of its own (no /proc, no
 * member tasks): hashing, references, the one-time rule, PERSISTENT.
 * Included at the end of kernel/vserver/idspace.c.
 */

#include <kunit/test.h>

#include "idspace-test.h"

/* ids far above what the in-guest tests use. */
#define VX_TEST_ID	65101
#define VX_TEST_ONE_TIME	(VX_ID_SETUP | VX_ID_ADMIN)

struct vx_test_obj {
	struct vx_ident ident;
	int extra;
};

static void vx_test_init(struct vx_ident *ident)
{
	container_of(ident, struct vx_test_obj, ident)->extra = ident->id;
}

static int vx_test_changes;

static void vx_test_flags_changed(struct vx_ident *ident, u64 old)
{
	lockdep_assert_held(&ident->lock);
	vx_test_changes++;
}

static struct vx_idspace vx_test_space = {
	.slot = VX_SLOT_XID,
	.proc_name = "vx-test",
	.one_time = VX_TEST_ONE_TIME,
	.obj_size = sizeof(struct vx_test_obj),
	.init = vx_test_init,
	.flags_changed = vx_test_flags_changed,
	.hash_lock = __SPIN_LOCK_UNLOCKED(vx_test_space.hash_lock),
};

static struct vx_idspace vx_test_other = {
	.slot = VX_SLOT_NID,
	.proc_name = "vx-test-other",
	.obj_size = sizeof(struct vx_test_obj),
	.hash_lock = __SPIN_LOCK_UNLOCKED(vx_test_other.hash_lock),
};

static void test_vx_mask_merge(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, vx_mask_merge(0xf0, 0x0f, 0x00), 0xf0ULL);
	KUNIT_EXPECT_EQ(test, vx_mask_merge(0xf0, 0x0f, 0xff), 0x0fULL);
	KUNIT_EXPECT_EQ(test, vx_mask_merge(0xf0, 0x0f, 0x18), 0xe8ULL);
	KUNIT_EXPECT_EQ(test, vx_mask_merge(~0ULL, 0, 1ULL << 63),
			~0ULL >> 1);
}

static void test_vx_flags_effective_mask(struct kunit *test)
{
	const u64 ot = VX_TEST_ONE_TIME;

	/* Set one-time bits may change (be cleared)... */
	KUNIT_EXPECT_EQ(test, vx_flags_effective_mask(VX_ID_SETUP, ot, ot),
			VX_ID_SETUP);
	/* ...cleared ones never come back. */
	KUNIT_EXPECT_EQ(test, vx_flags_effective_mask(VX_ID_SETUP, 0, ot),
			0ULL);
	KUNIT_EXPECT_EQ(test, vx_flags_effective_mask(~0ULL, VX_ID_ADMIN, ot),
			~ot | VX_ID_ADMIN);
	/* Ordinary flags are not affected. */
	KUNIT_EXPECT_EQ(test, vx_flags_effective_mask(VX_ID_PERSISTENT, 0, ot),
			VX_ID_PERSISTENT);
	/* Each space has its own one-time bits. */
	KUNIT_EXPECT_EQ(test, vx_flags_effective_mask(VXF_STATE_INIT, 0,
						      VXF_ONE_TIME), 0ULL);
	KUNIT_EXPECT_EQ(test, vx_flags_effective_mask(VXF_STATE_INIT, 0,
						      NXF_ONE_TIME),
			VXF_STATE_INIT);
}

static void test_vx_ident_new_lookup(struct kunit *test)
{
	int active = vx_idspace_count_active(&vx_test_space);
	int total = vx_idspace_count_total(&vx_test_space);
	struct vx_ident *ident, *found;

	ident = vx_ident_new(&vx_test_space, VX_TEST_ID, VX_ID_ADMIN);
	KUNIT_ASSERT_FALSE(test, IS_ERR(ident));
	KUNIT_EXPECT_EQ(test, ident->id, VX_TEST_ID);
	KUNIT_EXPECT_PTR_EQ(test, ident->space, &vx_test_space);
	KUNIT_EXPECT_EQ(test, container_of(ident, struct vx_test_obj,
					   ident)->extra, VX_TEST_ID);
	/* The hash's reference and the caller's. */
	KUNIT_EXPECT_EQ(test, refcount_read(&ident->usecnt), 2);
	KUNIT_EXPECT_EQ(test, vx_idspace_count_active(&vx_test_space),
			active + 1);

	found = vx_ident_lookup(&vx_test_space, VX_TEST_ID);
	KUNIT_EXPECT_PTR_EQ(test, found, ident);
	KUNIT_EXPECT_EQ(test, refcount_read(&ident->usecnt), 3);
	vx_ident_put(found);
	/* Another space does not see it. */
	KUNIT_EXPECT_NULL(test, vx_ident_lookup(&vx_test_other, VX_TEST_ID));

	KUNIT_EXPECT_EQ(test, PTR_ERR(vx_ident_new(&vx_test_space, VX_TEST_ID,
						   0)), -EEXIST);
	vx_test_drop(ident);
	KUNIT_EXPECT_NULL(test, vx_ident_lookup(&vx_test_space, VX_TEST_ID));
	KUNIT_EXPECT_EQ(test, vx_idspace_count_active(&vx_test_space), active);
	rcu_barrier();
	KUNIT_EXPECT_EQ(test, vx_idspace_count_total(&vx_test_space), total);
}

static void test_vx_ident_busy_in_setup(struct kunit *test)
{
	struct vx_ident *ident;

	ident = vx_ident_new(&vx_test_space, VX_TEST_ID + 1, VX_ID_SETUP);
	KUNIT_ASSERT_FALSE(test, IS_ERR(ident));
	KUNIT_EXPECT_EQ(test, PTR_ERR(vx_ident_new(&vx_test_space,
						   VX_TEST_ID + 1, 0)),
			-EEXIST);
	vx_test_space.busy_in_setup = true;
	KUNIT_EXPECT_EQ(test, PTR_ERR(vx_ident_new(&vx_test_space,
						   VX_TEST_ID + 1, 0)),
			-EBUSY);
	vx_test_space.busy_in_setup = false;
	vx_test_drop(ident);
}

static void test_vx_ident_set_flags(struct kunit *test)
{
	struct vx_ident *ident;
	int changes;

	ident = vx_ident_new(&vx_test_space, VX_TEST_ID + 2, VX_TEST_ONE_TIME);
	KUNIT_ASSERT_FALSE(test, IS_ERR(ident));
	changes = vx_test_changes;
	KUNIT_EXPECT_EQ(test, vx_ident_set_flags(ident, 0, VX_ID_SETUP), 0);
	KUNIT_EXPECT_EQ(test, vx_test_changes, changes + 1);
	KUNIT_EXPECT_FALSE(test, ident->flags & VX_ID_SETUP);
	/* Setting it again is silently masked out. */
	KUNIT_EXPECT_EQ(test, vx_ident_set_flags(ident, VX_ID_SETUP,
						 VX_ID_SETUP), 0);
	KUNIT_EXPECT_FALSE(test, ident->flags & VX_ID_SETUP);
	/* Any other bit is stored, and the one-time rule still holds. */
	KUNIT_EXPECT_EQ(test, vx_ident_set_flags(ident, 1ULL << 60 | VX_ID_SETUP,
						 1ULL << 60 | VX_ID_SETUP), 0);
	KUNIT_EXPECT_EQ(test, vx_test_changes, changes + 3);
	KUNIT_EXPECT_TRUE(test, ident->flags & (1ULL << 60));
	KUNIT_EXPECT_FALSE(test, ident->flags & VX_ID_SETUP);
	/* A full mask also clears the one-time bits that are still set. */
	KUNIT_EXPECT_EQ(test, vx_ident_set_flags(ident, 0x1, ~0ULL), 0);
	KUNIT_EXPECT_EQ(test, ident->flags, 0x1ULL);
	KUNIT_EXPECT_EQ(test, vx_ident_set_flags(ident, VX_TEST_ONE_TIME,
						 ~0ULL), 0);
	KUNIT_EXPECT_EQ(test, ident->flags, 0ULL);
	vx_test_drop(ident);
}

static void test_vx_ident_persistent(struct kunit *test)
{
	struct vx_ident *ident;

	ident = vx_ident_new(&vx_test_space, VX_TEST_ID + 3, VX_ID_PERSISTENT);
	KUNIT_ASSERT_FALSE(test, IS_ERR(ident));
	/* Other flag changes leave a persistent id alone. */
	KUNIT_EXPECT_EQ(test, vx_ident_set_flags(ident, 0x2, 0x2), 0);
	KUNIT_EXPECT_TRUE(test, ident->state & VX_IDS_HASHED);
	/* Clearing PERSISTENT with no task left shuts it down. */
	KUNIT_EXPECT_EQ(test, vx_ident_set_flags(ident, 0, VX_ID_PERSISTENT),
			0);
	KUNIT_EXPECT_TRUE(test, ident->state & VX_IDS_SHUTDOWN);
	KUNIT_EXPECT_FALSE(test, ident->state & VX_IDS_HASHED);
	/* Released too: wait_exit() callers may go. */
	KUNIT_EXPECT_TRUE(test, ident->state & VX_IDS_RELEASED);
	KUNIT_EXPECT_NULL(test, vx_ident_lookup(&vx_test_space,
						VX_TEST_ID + 3));
	/* Only the caller's reference is left. */
	KUNIT_EXPECT_EQ(test, refcount_read(&ident->usecnt), 1);
	vx_ident_put(ident);
}

static void test_vx_ident_create_checks(struct kunit *test)
{
	/* Host, spectator and ids past 65535 are no guest's. */
	KUNIT_EXPECT_EQ(test, vx_ident_create(&vx_test_space, 0, 0),
			(long)-EINVAL);
	KUNIT_EXPECT_EQ(test, vx_ident_create(&vx_test_space, 1, 0),
			(long)-EINVAL);
	KUNIT_EXPECT_EQ(test, vx_ident_create(&vx_test_space, 65536, 0),
			(long)-EINVAL);
	KUNIT_EXPECT_NULL(test, vx_ident_lookup(&vx_test_space, 0));
}

/* Flag bits the kernel does not know are kept, as vs2.3 did. */
static void test_vx_ident_new_keeps_every_flag(struct kunit *test)
{
	struct vx_ident *ident;

	ident = vx_ident_new(&vx_test_space, VX_TEST_ID + 4,
			     1ULL << 60 | VX_ID_ADMIN);
	KUNIT_ASSERT_FALSE(test, IS_ERR(ident));
	KUNIT_EXPECT_EQ(test, ident->flags, 1ULL << 60 | VX_ID_ADMIN);
	vx_test_drop(ident);
}

static void test_vx_idspace_de_visible(struct kunit *test)
{
	struct proc_dir_entry root = { .mode = S_IFDIR | 0555 };
	struct proc_dir_entry dir = {
		.mode = S_IFDIR | 0555, .parent = &root,
		.data = (void *)(uintptr_t)42,
	};
	struct proc_dir_entry file = {
		.mode = S_IFREG | 0444, .parent = &root,
		.data = (void *)(uintptr_t)43,
	};
	struct vx_idspace s = { .proc_root = &root };

	KUNIT_EXPECT_TRUE(test, vx_idspace_de_visible(&s, &dir, VX_ID_HOST));
	KUNIT_EXPECT_TRUE(test, vx_idspace_de_visible(&s, &dir,
						      VX_ID_SPECTATOR));
	KUNIT_EXPECT_TRUE(test, vx_idspace_de_visible(&s, &dir, 42));
	KUNIT_EXPECT_FALSE(test, vx_idspace_de_visible(&s, &dir, 43));
	/* Files of the root (info, status) are everybody's. */
	KUNIT_EXPECT_TRUE(test, vx_idspace_de_visible(&s, &file, 42));
	/* So are directories elsewhere. */
	dir.parent = NULL;
	KUNIT_EXPECT_TRUE(test, vx_idspace_de_visible(&s, &dir, 43));
}

static struct kunit_case vx_idspace_cases[] = {
	KUNIT_CASE(test_vx_mask_merge),
	KUNIT_CASE(test_vx_flags_effective_mask),
	KUNIT_CASE(test_vx_ident_new_lookup),
	KUNIT_CASE(test_vx_ident_busy_in_setup),
	KUNIT_CASE(test_vx_ident_set_flags),
	KUNIT_CASE(test_vx_ident_persistent),
	KUNIT_CASE(test_vx_ident_create_checks),
	KUNIT_CASE(test_vx_ident_new_keeps_every_flag),
	KUNIT_CASE(test_vx_idspace_de_visible),
	{}
};

static struct kunit_suite vx_idspace_suite = {
	.name = "vserver_idspace",
	.test_cases = vx_idspace_cases,
};

kunit_test_suite(vx_idspace_suite);
