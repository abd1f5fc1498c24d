/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the namespace sets of a context.
 * Included at the end of kernel/vserver/space.c.
 */

#include <kunit/test.h>
#include <linux/ipc_namespace.h>

/* Command words of vs2.3 (reference section 3.5). */
static void test_vx_space_cmd_words(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, VCMD_enter_space_v0, 0x0a010000);
	KUNIT_EXPECT_EQ(test, VCMD_enter_space_v1, 0x0a010001);
	KUNIT_EXPECT_EQ(test, VCMD_enter_space, 0x0a010002);
	KUNIT_EXPECT_EQ(test, VCMD_set_space_v1, 0x0a030001);
	KUNIT_EXPECT_EQ(test, VCMD_set_space, 0x0a030002);
	KUNIT_EXPECT_EQ(test, VCMD_get_space_mask_v0, 0x0a040000);
	KUNIT_EXPECT_EQ(test, VCMD_get_space_mask, 0x36000001);
	KUNIT_EXPECT_EQ(test, VCMD_get_space_default, 0x36010000);
}

/* The masks follow the namespaces this kernel is configured with. */
static void test_vx_space_masks(struct kunit *test)
{
	u64 all = vx_space_kinds();
	u64 reported = vx_space_mask();

	KUNIT_EXPECT_TRUE(test, all & CLONE_FS);
	KUNIT_EXPECT_TRUE(test, all & CLONE_NEWNS);
	KUNIT_EXPECT_EQ(test, !!(all & CLONE_NEWUTS), IS_ENABLED(CONFIG_UTS_NS));
	KUNIT_EXPECT_EQ(test, !!(all & CLONE_NEWIPC), IS_ENABLED(CONFIG_IPC_NS));
	KUNIT_EXPECT_EQ(test, !!(all & CLONE_NEWUSER), IS_ENABLED(CONFIG_USER_NS));
	KUNIT_EXPECT_EQ(test, !!(all & CLONE_NEWPID), IS_ENABLED(CONFIG_PID_NS));
	KUNIT_EXPECT_EQ(test, !!(all & CLONE_NEWNET), IS_ENABLED(CONFIG_NET_NS));
	KUNIT_EXPECT_EQ(test, all & (CLONE_NEWCGROUP | CLONE_NEWTIME), 0);
	/* util-vserver unshares what is reported: no user, net or pid. */
	KUNIT_EXPECT_EQ(test, reported,
			all & ~(u64)(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWPID));
	KUNIT_EXPECT_EQ(test, vx_space_mask_v0(), reported);
	KUNIT_EXPECT_EQ(test, VX_SPACE_DEFAULT & ~reported, 0);
}

static void test_vx_space_check(struct kunit *test)
{
	u64 all = vx_space_kinds();

	KUNIT_EXPECT_EQ(test, vx_space_check(0, 0, all), 0);
	KUNIT_EXPECT_EQ(test, vx_space_check(all, 1, all), 0);
	KUNIT_EXPECT_EQ(test, vx_space_check(0, VX_SPACES, all), -EINVAL);
	KUNIT_EXPECT_EQ(test, vx_space_check(CLONE_NEWCGROUP, 0, all), -EINVAL);
	KUNIT_EXPECT_EQ(test, vx_space_check(CLONE_VM, 0, all), -EINVAL);
	KUNIT_EXPECT_EQ(test, vx_space_check(CLONE_NEWUTS, 0, CLONE_NEWNS),
			-EINVAL);
}

static void test_vx_space_uts_field(struct kunit *test)
{
	struct new_utsname u;

	KUNIT_EXPECT_PTR_EQ(test, vx_space_uts_field(&u, VHIN_SYSNAME),
			    &u.sysname[0]);
	KUNIT_EXPECT_PTR_EQ(test, vx_space_uts_field(&u, VHIN_NODENAME),
			    &u.nodename[0]);
	KUNIT_EXPECT_PTR_EQ(test, vx_space_uts_field(&u, VHIN_RELEASE),
			    &u.release[0]);
	KUNIT_EXPECT_PTR_EQ(test, vx_space_uts_field(&u, VHIN_VERSION),
			    &u.version[0]);
	KUNIT_EXPECT_PTR_EQ(test, vx_space_uts_field(&u, VHIN_MACHINE),
			    &u.machine[0]);
	KUNIT_EXPECT_PTR_EQ(test, vx_space_uts_field(&u, VHIN_DOMAINNAME),
			    &u.domainname[0]);
	KUNIT_EXPECT_NULL(test, vx_space_uts_field(&u, VHIN_CONTEXT));
	KUNIT_EXPECT_NULL(test, vx_space_uts_field(&u, VHIN_DOMAINNAME + 1));
	KUNIT_EXPECT_EQ(test, sizeof(u.nodename), VHI_NAME_LEN);
}

/*
 * A set holds one reference per stored namespace until the release,
 * after which nothing is stored.  The test thread lives in the initial
 * namespaces, so only those are stored and entered (a no-op).
 */
static void test_vx_space_set_release(struct kunit *test)
{
	struct vx_spaces *sp = kunit_kzalloc(test, sizeof(*sp), GFP_KERNEL);
	struct ns_common *uts = &init_uts_ns.ns;
	unsigned int before = refcount_read(&uts->count);
	char name[VHI_NAME_LEN];

	KUNIT_ASSERT_NOT_NULL(test, sp);
	vx_spaces_init(sp);
	KUNIT_EXPECT_EQ(test, vx_space_get_uts(sp, VHIN_NODENAME, name),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, vx_space_enter(sp, CLONE_NEWUTS, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, vx_space_set(sp, CLONE_NEWUTS | CLONE_FS, 0), 0);
	KUNIT_EXPECT_EQ(test, vx_space_stored(sp, 0),
			(u64)(CLONE_NEWUTS | CLONE_FS));
	KUNIT_EXPECT_EQ(test, vx_space_stored(sp, 1), 0);
	KUNIT_EXPECT_PTR_EQ(test, sp->space[0].ns[VX_NS_UTS], uts);
	KUNIT_EXPECT_EQ(test, refcount_read(&uts->count), before + 1);
	/* Storing again replaces, it does not add a reference. */
	KUNIT_EXPECT_EQ(test, vx_space_set(sp, CLONE_NEWUTS, 0), 0);
	KUNIT_EXPECT_EQ(test, refcount_read(&uts->count), before + 1);
	/* ... and leaves the other kinds of the set alone. */
	KUNIT_EXPECT_EQ(test, vx_space_set(sp, CLONE_NEWIPC, 0), 0);
	KUNIT_EXPECT_EQ(test, vx_space_stored(sp, 0),
			(u64)(CLONE_NEWUTS | CLONE_NEWIPC | CLONE_FS));
	KUNIT_EXPECT_PTR_EQ(test, sp->space[0].ns[VX_NS_UTS], uts);
	KUNIT_EXPECT_PTR_EQ(test, sp->space[0].ns[VX_NS_IPC], &init_ipc_ns.ns);
	KUNIT_EXPECT_EQ(test, vx_space_get_uts(sp, VHIN_NODENAME, name), 0);
	KUNIT_EXPECT_STREQ(test, name, init_utsname()->nodename);
	KUNIT_EXPECT_EQ(test, vx_space_get_uts(sp, VHIN_CONTEXT, name),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, vx_space_enter(sp, CLONE_NEWNET, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, vx_space_enter(sp, CLONE_NEWUTS, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, vx_space_enter(sp, 0, VX_SPACES), -EINVAL);
	KUNIT_EXPECT_EQ(test, vx_space_enter(sp, CLONE_NEWUTS, 0), 0);
	KUNIT_EXPECT_EQ(test, vx_space_set(sp, CLONE_NEWUTS, VX_SPACES),
			-EINVAL);
	vx_spaces_release(sp);
	KUNIT_EXPECT_EQ(test, refcount_read(&uts->count), before);
	KUNIT_EXPECT_EQ(test, vx_space_stored(sp, 0), 0);
	KUNIT_EXPECT_NULL(test, sp->space[0].ns[VX_NS_UTS]);
	KUNIT_EXPECT_EQ(test, vx_space_set(sp, CLONE_NEWUTS, 0), -ESRCH);
	KUNIT_EXPECT_EQ(test, refcount_read(&uts->count), before);
}

static struct kunit_case vx_space_cases[] = {
	KUNIT_CASE(test_vx_space_cmd_words),
	KUNIT_CASE(test_vx_space_masks),
	KUNIT_CASE(test_vx_space_check),
	KUNIT_CASE(test_vx_space_uts_field),
	KUNIT_CASE(test_vx_space_set_release),
	{}
};

static struct kunit_suite vx_space_suite = {
	.name = "vserver_space",
	.test_cases = vx_space_cases,
};

kunit_test_suite(vx_space_suite);
