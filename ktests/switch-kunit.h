/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the vserver(2) command table and permission model.
 * Included at the end of kernel/vserver/switch.c.
 */

#include <kunit/test.h>

/* Command words as published for vs2.3 (reference section 3). */
static void test_vx_cmd_encoding(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, VCMD_get_version, 0x00000000);
	KUNIT_EXPECT_EQ(test, VCMD_get_vci, 0x00010000);
	KUNIT_EXPECT_EQ(test, VCMD_task_xid, 0x2e010000);
	KUNIT_EXPECT_EQ(test, VCMD_task_tag, 0x2e030000);
	KUNIT_EXPECT_EQ(test, VCMD_vx_info, 0x2e050000);
	KUNIT_EXPECT_EQ(test, VCMD_ctx_stat, 0x28000000);
	KUNIT_EXPECT_EQ(test, VCMD_ctx_create_v0, 0x09010000);
	KUNIT_EXPECT_EQ(test, VCMD_ctx_create, 0x09010001);
	KUNIT_EXPECT_EQ(test, VCMD_ctx_migrate_v0, 0x0b010000);
	KUNIT_EXPECT_EQ(test, VCMD_ctx_migrate, 0x0b010001);
	KUNIT_EXPECT_EQ(test, VCMD_ctx_kill, 0x0c010000);
	KUNIT_EXPECT_EQ(test, VCMD_wait_exit, 0x30630000);
	KUNIT_EXPECT_EQ(test, VCMD_get_cflags, 0x34010000);
	KUNIT_EXPECT_EQ(test, VCMD_set_cflags, 0x34020000);
	KUNIT_EXPECT_EQ(test, VCMD_set_vhi_name, 0x02010000);
	KUNIT_EXPECT_EQ(test, VCMD_get_vhi_name, 0x02020000);
	KUNIT_EXPECT_EQ(test, VC_CATEGORY(VCMD_wait_exit), VC_CAT_EVENT);
	KUNIT_EXPECT_EQ(test, VC_COMMAND(VCMD_wait_exit), 99);
	KUNIT_EXPECT_EQ(test, VC_VERSION(VCMD_ctx_create), 1);
}

static void test_vx_cmd_find(struct kunit *test)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vx_cmds); i++)
		KUNIT_EXPECT_PTR_EQ(test, vx_cmd_find(vx_cmds[i].cmd),
				    &vx_cmds[i]);
	/* Known to vs2.3 but not to this kernel yet, and plain garbage. */
	KUNIT_EXPECT_NULL(test, vx_cmd_find(VC_CMD(SYSTEST, 1, 0)));
	KUNIT_EXPECT_NULL(test, vx_cmd_find(VC_CMD(VPROC, 1, 2)));
	KUNIT_EXPECT_NULL(test, vx_cmd_find(0xffffffff));
}

/* task_tag is dispatched, so PPTAG is advertised; files have no tag. */
static void test_vx_vci_pptag(struct kunit *test)
{
	KUNIT_EXPECT_NOT_NULL(test, vx_cmd_find(VCMD_task_tag));
	KUNIT_EXPECT_TRUE(test, vx_vci() & BIT(VCI_KCBIT_PPTAG));
	KUNIT_EXPECT_TRUE(test, vx_vci() & BIT(VCI_KCBIT_NO_DYNAMIC));
	KUNIT_EXPECT_EQ(test, (vx_vci() >> VCI_KCBIT_TAGGED) & 7, 0);
}

struct vx_permit_case {
	const char *what;
	u32 cmd;
	struct vx_caller who;
	int expect;
};

#define ROOT_HOST	{ true, true, true, 0, false }
#define ROOT_SPECT	{ true, true, true, 1, false }
#define ROOT_GUEST	{ true, true, true, 42, false }
#define SETUP_GUEST	{ true, true, true, 42, true }
#define NO_CONTEXT	{ false, true, true, 0, false }
#define NO_ADMIN	{ true, false, true, 0, false }
#define NO_RESOURCE	{ true, true, false, 0, false }

static const struct vx_permit_case vx_permit_cases[] = {
	{ "unprivileged get_version looks absent", VCMD_get_version,
	  NO_CONTEXT, -ENOSYS },
	{ "get_version needs only CAP_CONTEXT", VCMD_get_version,
	  NO_ADMIN, 0 },
	{ "task_xid needs CAP_SYS_ADMIN", VCMD_task_xid, NO_ADMIN, -EPERM },
	{ "task_tag needs CAP_SYS_ADMIN", VCMD_task_tag, NO_ADMIN, -EPERM },
	{ "task_tag from a guest", VCMD_task_tag, ROOT_GUEST, 0 },
	{ "create from a guest is allowed", VCMD_ctx_create, ROOT_GUEST, 0 },
	{ "migrate is host only", VCMD_ctx_migrate, ROOT_GUEST, -EPERM },
	{ "migrate is host only, even in setup", VCMD_ctx_migrate,
	  SETUP_GUEST, -EPERM },
	{ "spectator is not host", VCMD_ctx_migrate, ROOT_SPECT, -EPERM },
	{ "host migrates", VCMD_ctx_migrate, ROOT_HOST, 0 },
	{ "kill needs CAP_SYS_RESOURCE", VCMD_ctx_kill, NO_RESOURCE, -EPERM },
	{ "kill from a guest", VCMD_ctx_kill, SETUP_GUEST, -EPERM },
	{ "set_cflags from the host", VCMD_set_cflags, ROOT_HOST, 0 },
	{ "set_cflags from a guest in setup", VCMD_set_cflags,
	  SETUP_GUEST, 0 },
	{ "set_cflags from a guest after setup", VCMD_set_cflags,
	  ROOT_GUEST, -EPERM },
	{ "set_cflags needs CAP_SYS_RESOURCE", VCMD_set_cflags,
	  NO_RESOURCE, -EPERM },
	{ "get_cflags from a guest", VCMD_get_cflags, ROOT_GUEST, 0 },
};

static void test_vx_cmd_permit(struct kunit *test)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vx_permit_cases); i++) {
		const struct vx_permit_case *c = &vx_permit_cases[i];
		const struct vx_cmd *cmd = vx_cmd_find(c->cmd);

		KUNIT_ASSERT_NOT_NULL(test, cmd);
		KUNIT_EXPECT_EQ_MSG(test, vx_cmd_permit(cmd, &c->who),
				    c->expect, "%s", c->what);
	}
}

static void test_vx_cmd_target_ok(struct kunit *test)
{
	const struct vx_cmd *migrate = vx_cmd_find(VCMD_ctx_migrate);
	const struct vx_cmd *kill = vx_cmd_find(VCMD_ctx_kill);
	const struct vx_cmd *info = vx_cmd_find(VCMD_vx_info);

	KUNIT_EXPECT_EQ(test, vx_cmd_target_ok(migrate, VXF_STATE_ADMIN), 0);
	KUNIT_EXPECT_EQ(test, vx_cmd_target_ok(migrate, 0), -EACCES);
	/* ctx_kill has its own "shutdown only" rule. */
	KUNIT_EXPECT_EQ(test, vx_cmd_target_ok(kill, 0), 0);
	/* set_cflags lets a sealed PERSISTENT id go (idcmd.c). */
	KUNIT_EXPECT_EQ(test, vx_cmd_target_ok(vx_cmd_find(VCMD_set_cflags), 0),
			0);
	KUNIT_EXPECT_EQ(test, vx_cmd_target_ok(info, 0), 0);
}

/* The space commands carry vs2.3's levels; VCI announces them (bit 10). */
static void test_vx_cmd_spaces(struct kunit *test)
{
	static const u32 enter[] = { VCMD_enter_space_v0, VCMD_enter_space_v1,
				     VCMD_enter_space };
	static const u32 get[] = { VCMD_get_space_mask_v0,
				   VCMD_get_space_mask,
				   VCMD_get_space_default };
	const struct vx_cmd *c;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(enter); i++) {
		c = vx_cmd_find(enter[i]);
		KUNIT_ASSERT_NOT_NULL(test, c);
		KUNIT_EXPECT_EQ(test, c->perm, 5);
		KUNIT_EXPECT_EQ(test, c->flags, VCF_ADMIN);
		KUNIT_EXPECT_PTR_EQ(test, c->space, &vx_xids);
	}
	for (i = 0; i < ARRAY_SIZE(get); i++) {
		c = vx_cmd_find(get[i]);
		KUNIT_ASSERT_NOT_NULL(test, c);
		KUNIT_EXPECT_EQ(test, c->perm, 0);
		KUNIT_EXPECT_NULL(test, c->space);
	}
	c = vx_cmd_find(VCMD_set_space);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_EQ(test, c->perm, 7);
	KUNIT_EXPECT_EQ(test, c->flags, VCF_ARES | VCF_SETUP);
	KUNIT_EXPECT_NOT_NULL(test, vx_cmd_find(VCMD_set_space_v1));
	/* set_space_v0 was never dispatched by vs2.3. */
	KUNIT_EXPECT_NULL(test, vx_cmd_find(VC_CMD(PROCALT, 3, 0)));
	KUNIT_EXPECT_TRUE(test, vx_vci() & (1U << VCI_KCBIT_SPACES));
}

static struct kunit_case vx_switch_cases[] = {
	KUNIT_CASE(test_vx_cmd_encoding),
	KUNIT_CASE(test_vx_cmd_find),
	KUNIT_CASE(test_vx_vci_pptag),
	KUNIT_CASE(test_vx_cmd_permit),
	KUNIT_CASE(test_vx_cmd_target_ok),
	KUNIT_CASE(test_vx_cmd_spaces),
	{}
};

static struct kunit_suite vx_switch_suite = {
	.name = "vserver_switch",
	.test_cases = vx_switch_cases,
};

kunit_test_suite(vx_switch_suite);
