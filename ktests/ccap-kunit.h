/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the grant rules of ccaps and the unshare mask.
 * Included at the end of kernel/vserver/ccap.c.
 */

#include <kunit/test.h>

static struct vx_syscall vx_call(long nr, unsigned long a0, unsigned long a1)
{
	return (struct vx_syscall){ .nr = nr, .arg0 = a0, .arg1 = a1 };
}

static void test_vx_ccap_grants_one_call(struct kunit *test)
{
	struct vx_syscall sc = vx_call(__NR_setrlimit, 0, 0);

	KUNIT_EXPECT_TRUE(test, vx_grant_allows(VXC_SET_RLIMIT, 0,
						CAP_SYS_RESOURCE, &sc));
	/* Another ccap, another capability, another call: no grant. */
	KUNIT_EXPECT_FALSE(test, vx_grant_allows(VXC_SYSLOG, 0,
						 CAP_SYS_RESOURCE, &sc));
	KUNIT_EXPECT_FALSE(test, vx_grant_allows(VXC_SET_RLIMIT, 0,
						 CAP_SYS_ADMIN, &sc));
	sc = vx_call(__NR_write, 0, 0);
	KUNIT_EXPECT_FALSE(test, vx_grant_allows(~0ULL, ~0ULL,
						 CAP_SYS_RESOURCE, &sc));
}

static void test_vx_ccap_utsname_needs_own_ns(struct kunit *test)
{
	struct vx_syscall sc = vx_call(__NR_sethostname, 0, 0);

	KUNIT_EXPECT_FALSE(test, vx_grant_allows(VXC_SET_UTSNAME, 0,
						 CAP_SYS_ADMIN, &sc));
	sc.own_uts = true;
	KUNIT_EXPECT_TRUE(test, vx_grant_allows(VXC_SET_UTSNAME, 0,
						CAP_SYS_ADMIN, &sc));
}

static void test_vx_ccap_ioctl_by_command(struct kunit *test)
{
	struct vx_syscall sc = vx_call(__NR_ioctl, 3, TIOCSTI);

	KUNIT_EXPECT_TRUE(test, vx_grant_allows(VXC_TIOCSTI, 0,
						CAP_SYS_ADMIN, &sc));
	sc.arg1 = TIOCSCTTY;
	KUNIT_EXPECT_FALSE(test, vx_grant_allows(VXC_TIOCSTI, 0,
						 CAP_SYS_ADMIN, &sc));
	sc.arg1 = 0x4C00;	/* LOOP_SET_FD */
	sc.ioc_rdev = MKDEV(LOOP_MAJOR, 3);
	sc.ioc_blk = true;
	KUNIT_EXPECT_TRUE(test, vx_grant_allows(VXC_ADMIN_CLOOP, 0,
						CAP_SYS_ADMIN, &sc));
	KUNIT_EXPECT_FALSE(test, vx_grant_allows(VXC_ADMIN_MAPPER, 0,
						 CAP_SYS_ADMIN, &sc));
	sc.ioc_rdev = MKDEV(MISC_MAJOR, LOOP_CTRL_MINOR);
	sc.ioc_blk = false;
	KUNIT_EXPECT_TRUE(test, vx_grant_allows(VXC_ADMIN_CLOOP, 0,
						CAP_SYS_ADMIN, &sc));
	/* The same command on another device (a disk): no grant. */
	sc.ioc_rdev = MKDEV(8, 0);
	sc.ioc_blk = true;
	KUNIT_EXPECT_FALSE(test, vx_grant_allows(VXC_ADMIN_CLOOP, 0,
						 CAP_SYS_ADMIN, &sc));
	sc.arg1 = _IOWR(0xfd, 0, int);
	KUNIT_EXPECT_FALSE(test, vx_grant_allows(VXC_ADMIN_MAPPER, 0,
						 CAP_SYS_ADMIN, &sc));
	sc.ioc_rdev = MKDEV(MISC_MAJOR, MAPPER_CTRL_MINOR);
	sc.ioc_blk = false;
	KUNIT_EXPECT_TRUE(test, vx_grant_allows(VXC_ADMIN_MAPPER, 0,
						CAP_SYS_ADMIN, &sc));
}

/*
 * The grant rules read the device the file_ioctl hook recorded for the
 * task, never a second lookup of the descriptor, and only in an ioctl().
 */
static void test_vx_ioctl_device_is_the_recorded_one(struct kunit *test)
{
	struct vx_task *t = vx_task(current);
	struct vx_task saved = *t;
	struct vx_syscall sc = vx_call(__NR_ioctl, 1000000, 0x4C00);

	t->ioc_rdev = MKDEV(LOOP_MAJOR, 3);
	t->ioc_blk = true;
	vx_syscall_device(&sc);
	KUNIT_EXPECT_EQ(test, sc.ioc_rdev, MKDEV(LOOP_MAJOR, 3));
	KUNIT_EXPECT_TRUE(test, sc.ioc_blk);
	KUNIT_EXPECT_TRUE(test, vx_grant_allows(VXC_ADMIN_CLOOP, 0,
						CAP_SYS_ADMIN, &sc));
	/* Another file recorded (a disk): the same descriptor gets no grant. */
	t->ioc_rdev = MKDEV(8, 0);
	sc = vx_call(__NR_ioctl, 1000000, 0x4C00);
	vx_syscall_device(&sc);
	KUNIT_EXPECT_FALSE(test, vx_grant_allows(VXC_ADMIN_CLOOP, 0,
						 CAP_SYS_ADMIN, &sc));
	/* Not an ioctl(): nothing is read. */
	sc = vx_call(__NR_write, 1000000, 0);
	vx_syscall_device(&sc);
	KUNIT_EXPECT_EQ(test, sc.ioc_rdev, 0);
	*t = saved;
}

static void test_vx_umask_rule(struct kunit *test)
{
	struct vx_syscall sc = vx_call(__NR_unshare, CLONE_NEWNS, 0);

	KUNIT_EXPECT_TRUE(test, vx_grant_allows(0, CLONE_NEWNS,
						CAP_SYS_ADMIN, &sc));
	KUNIT_EXPECT_FALSE(test, vx_grant_allows(0, CLONE_NEWUTS,
						 CAP_SYS_ADMIN, &sc));
	/* Every namespace asked for must be in the mask. */
	sc.arg0 = CLONE_NEWNS | CLONE_NEWNET;
	KUNIT_EXPECT_FALSE(test, vx_grant_allows(0, CLONE_NEWNS,
						 CAP_SYS_ADMIN, &sc));
	KUNIT_EXPECT_TRUE(test, vx_grant_allows(0, CLONE_NEWNS | CLONE_NEWNET,
						CAP_SYS_ADMIN, &sc));
	/* A user namespace needs no capability: nothing to grant. */
	sc.arg0 = CLONE_NEWUSER;
	KUNIT_EXPECT_FALSE(test, vx_grant_allows(0, CLONE_NEWUSER,
						 CAP_SYS_ADMIN, &sc));
	sc = vx_call(__NR_clone, CLONE_NEWPID | SIGCHLD, 0);
	KUNIT_EXPECT_TRUE(test, vx_grant_allows(0, CLONE_NEWPID,
						CAP_SYS_ADMIN, &sc));
	KUNIT_EXPECT_FALSE(test, vx_grant_allows(0, CLONE_NEWPID,
						 CAP_SYS_RESOURCE, &sc));
}

static void test_vx_open_by_handle_refused(struct kunit *test)
{
	struct vx_syscall sc = vx_call(__NR_open_by_handle_at, 0, 0);

	KUNIT_EXPECT_TRUE(test, vx_call_refused(CAP_DAC_READ_SEARCH, &sc));
	KUNIT_EXPECT_FALSE(test, vx_call_refused(CAP_SYS_ADMIN, &sc));
	sc.nr = __NR_openat;
	KUNIT_EXPECT_FALSE(test, vx_call_refused(CAP_DAC_READ_SEARCH, &sc));
}

static void test_nx_raw_icmp(struct kunit *test)
{
	struct vx_syscall sc = vx_call(__NR_socket, AF_INET, SOCK_RAW);

	sc.arg2 = IPPROTO_ICMP;
	KUNIT_EXPECT_TRUE(test, nx_raw_icmp_allows(NXC_RAW_ICMP, CAP_NET_RAW,
						   &sc));
	KUNIT_EXPECT_FALSE(test, nx_raw_icmp_allows(0, CAP_NET_RAW, &sc));
	KUNIT_EXPECT_FALSE(test, nx_raw_icmp_allows(NXC_RAW_ICMP, CAP_NET_ADMIN,
						    &sc));
	sc.arg2 = IPPROTO_TCP;
	KUNIT_EXPECT_FALSE(test, nx_raw_icmp_allows(NXC_RAW_ICMP, CAP_NET_RAW,
						    &sc));
	sc.arg2 = IPPROTO_ICMP;
	sc.arg0 = AF_INET6;
	KUNIT_EXPECT_FALSE(test, nx_raw_icmp_allows(NXC_RAW_ICMP, CAP_NET_RAW,
						    &sc));
}

static void test_nx_tun_create(struct kunit *test)
{
	struct vx_syscall sc = vx_call(__NR_ioctl, 0, TUNSETIFF);

	sc.ioc_rdev = MKDEV(MISC_MAJOR, TUN_MINOR);
	KUNIT_EXPECT_TRUE(test, nx_tun_create_allows(NXC_TUN_CREATE,
						     CAP_NET_ADMIN, &sc));
	KUNIT_EXPECT_FALSE(test, nx_tun_create_allows(0, CAP_NET_ADMIN, &sc));
	KUNIT_EXPECT_FALSE(test, nx_tun_create_allows(NXC_TUN_CREATE,
						      CAP_NET_RAW, &sc));
	sc.arg1 = TUNSETPERSIST;
	KUNIT_EXPECT_FALSE(test, nx_tun_create_allows(NXC_TUN_CREATE,
						      CAP_NET_ADMIN, &sc));
	sc.arg1 = TUNSETIFF;
	sc.ioc_rdev = MKDEV(MISC_MAJOR, LOOP_CTRL_MINOR);	/* not tun */
	KUNIT_EXPECT_FALSE(test, nx_tun_create_allows(NXC_TUN_CREATE,
						      CAP_NET_ADMIN, &sc));
	sc = vx_call(__NR_open, 0, TUNSETIFF);
	KUNIT_EXPECT_FALSE(test, nx_tun_create_allows(NXC_TUN_CREATE,
						      CAP_NET_ADMIN, &sc));
}

static void test_vx_oom_adj_host(struct kunit *test)
{
	/* The KUnit thread is a host task: unkillable stays possible. */
	KUNIT_EXPECT_EQ(test, __vx_oom_score_adj(OOM_SCORE_ADJ_MIN),
			OOM_SCORE_ADJ_MIN);
	KUNIT_EXPECT_EQ(test, __vx_oom_score_adj(-500), -500);
}

static struct kunit_case vx_ccap_cases[] = {
	KUNIT_CASE(test_vx_ccap_grants_one_call),
	KUNIT_CASE(test_vx_ccap_utsname_needs_own_ns),
	KUNIT_CASE(test_vx_ccap_ioctl_by_command),
	KUNIT_CASE(test_vx_ioctl_device_is_the_recorded_one),
	KUNIT_CASE(test_vx_umask_rule),
	KUNIT_CASE(test_vx_open_by_handle_refused),
	KUNIT_CASE(test_nx_raw_icmp),
	KUNIT_CASE(test_nx_tun_create),
	KUNIT_CASE(test_vx_oom_adj_host),
	{}
};

static struct kunit_suite vx_ccap_suite = {
	.name = "vserver_ccap",
	.test_cases = vx_ccap_cases,
};

kunit_test_suite(vx_ccap_suite);
