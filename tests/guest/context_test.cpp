// The context commands of vserver(2) against the real kernel: success and
// error paths.  Runs as root inside the QEMU guest.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "guest.hpp"

using namespace vtest;

namespace {

TEST(VersionTest, GetVersionIsVci0x00020308) {
  auto v = vsys::get_version();
  ASSERT_TRUE(v.has_value()) << v.error().message();
  EXPECT_EQ(*v, 0x00020308u);
}

TEST(VersionTest, GetVciAdvertisesNoDynamicIds) {
  auto v = vsys::get_vci();
  ASSERT_TRUE(v.has_value());
  EXPECT_TRUE(*v & (1u << VCI_KCBIT_NO_DYNAMIC));
}

TEST(SwitchTest, UnknownCommandsAreEnosys) {
  errno = 0;
  EXPECT_EQ(raw_vserver(VC_CMD(SYSTEST, 1, 0), 0, nullptr), -1);
  EXPECT_EQ(errno, ENOSYS);
  EXPECT_EQ(raw_vserver(0xffffffffu, 0, nullptr), -1);
  EXPECT_EQ(errno, ENOSYS);
  // A version of a known command that does not exist.
  EXPECT_EQ(raw_vserver(VC_CMD(VPROC, 1, 2), 5, nullptr), -1);
  EXPECT_EQ(errno, ENOSYS);
}

TEST(SwitchTest, UnprivilegedCallerSeesNoSyscall) {
  int rc = in_child([] {
    if (setgid(65534) || setuid(65534)) return 100;
    int version = err_of(vsys::get_version()), vci = err_of(vsys::get_vci());
    return version == vci ? version : 101;
  });
  EXPECT_EQ(rc, ENOSYS) << "101: get_version and get_vci differ";
}

TEST(TaskXidTest, HostTasksAreXid0) {
  EXPECT_EQ(vsys::task_xid(0).value_or(99), 0u);
  EXPECT_EQ(vsys::task_xid(1).value_or(99), 0u);
  EXPECT_EQ(err_of(vsys::task_xid(999999)), ESRCH);
}

TEST(CreateTest, CreateMovesTheCallerIn) {
  int rc = in_child([] {
    auto x = vsys::ctx_create(100, VXF_INIT_SET);
    if (!x || *x != 100) return 1;
    return vsys::task_xid(0).value_or(0) == 100 ? 0 : 2;
  });
  EXPECT_EQ(rc, 0);
  EXPECT_TRUE(wait_gone(100));
}

TEST(CreateTest, V0UsesDefaultFlags) {
  Guest g(101, std::nullopt);
  ASSERT_EQ(g.create_errno(), 0);
  auto f = vsys::get_cflags(101);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->value, VXF_INIT_SET);
}

TEST(CreateTest, BadIdsAreEinval) {
  for (vsys::xid_t xid : {0u, 1u, 65536u, 0xfffffffeu}) {
    int rc = in_child([xid] { return err_of(vsys::ctx_create(xid, 0)); });
    EXPECT_EQ(rc, EINVAL) << xid;
  }
}

// vs2.3 stored the whole flag word, bits of other kernels included.
TEST(CreateTest, UnknownFlagBitsAreStored) {
  int rc = in_child([] {
    if (!vsys::ctx_create(102, VXF_INIT_SET | 1ULL << 60)) return 1;
    auto f = vsys::get_cflags(102);
    return f && (f->value & (1ULL << 60)) ? 0 : 2;
  });
  EXPECT_EQ(rc, 0);
}

TEST(CreateTest, ExistingIsEexistOrEbusyInSetup) {
  Guest done(103, VXF_STATE_ADMIN);
  ASSERT_EQ(done.create_errno(), 0);
  EXPECT_EQ(in_child([] { return err_of(vsys::ctx_create(103, 0)); }), EEXIST);
  Guest setup(104, VXF_INIT_SET);
  ASSERT_EQ(setup.create_errno(), 0);
  EXPECT_EQ(in_child([] { return err_of(vsys::ctx_create(104, 0)); }), EBUSY);
}

TEST(CreateTest, V0BadAndExistingIds) {
  for (vsys::xid_t xid : {0u, 1u, 65536u}) {
    int rc = in_child([xid] { return err_of(vsys::ctx_create(xid, std::nullopt)); });
    EXPECT_EQ(rc, EINVAL) << xid;
  }
  Guest done(107, VXF_STATE_ADMIN);
  ASSERT_EQ(done.create_errno(), 0);
  EXPECT_EQ(in_child([] { return err_of(vsys::ctx_create(107, std::nullopt)); }), EEXIST);
  Guest setup(108);
  ASSERT_EQ(setup.create_errno(), 0);
  EXPECT_EQ(in_child([] { return err_of(vsys::ctx_create(108, std::nullopt)); }), EBUSY);
}

// (NULL is not a bad pointer here: it asks for the default flags, see
// BadPointerTest.NullDataMeansTheDefaults.)
TEST(CreateTest, BadDataPointersAreEfault) {
  errno = 0;
  EXPECT_EQ(raw_vserver(VCMD_ctx_create, 105, reinterpret_cast<void*>(8)), -1);
  EXPECT_EQ(errno, EFAULT);
  EXPECT_EQ(vsys::task_xid(0).value_or(99), 0u);
}

TEST(CreateTest, ContextDiesWithItsLastTask) {
  Guest g(106);
  ASSERT_EQ(g.create_errno(), 0);
  EXPECT_TRUE(vsys::vx_info(106).has_value());
  g.stop();
  EXPECT_TRUE(wait_gone(106));
}

TEST(InfoTest, VxInfoAndCtxStat) {
  Guest g(110, VXF_INIT_SET, 3);
  ASSERT_EQ(g.create_errno(), 0);
  auto info = vsys::vx_info(110);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->xid, 110u);
  EXPECT_EQ(info->initpid, 0);
  auto st = vsys::ctx_stat(110);
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(st->tasks, 3u);
  EXPECT_GE(st->usecnt, 4u);  // hash + three tasks
  for (pid_t p : g.pids()) EXPECT_EQ(vsys::task_xid(p).value_or(0), 110u);
}

TEST(InfoTest, HostSpectatorAndMissingAreEsrch) {
  EXPECT_EQ(err_of(vsys::vx_info(0)), ESRCH);
  EXPECT_EQ(err_of(vsys::vx_info(1)), ESRCH);
  EXPECT_EQ(err_of(vsys::vx_info(4242)), ESRCH);
  EXPECT_EQ(err_of(vsys::ctx_stat(4242)), ESRCH);
  EXPECT_EQ(err_of(vsys::get_cflags(70000)), ESRCH);
}

TEST(InfoTest, NullDataIsEfault) {
  Guest g(111);
  ASSERT_EQ(g.create_errno(), 0);
  errno = 0;
  EXPECT_EQ(raw_vserver(VCMD_vx_info, 111, nullptr), -1);
  EXPECT_EQ(errno, EFAULT);
  EXPECT_EQ(raw_vserver(VCMD_get_cflags, 111, reinterpret_cast<void*>(16)), -1);
  EXPECT_EQ(errno, EFAULT);
}

TEST(MigrateTest, HostTaskMigratesAndBecomesInit) {
  Guest g(120);
  ASSERT_EQ(g.create_errno(), 0);
  int rc = in_child([] {
    if (!vsys::ctx_migrate(120, VXM_SET_INIT)) return 1;
    if (vsys::task_xid(0).value_or(0) != 120) return 2;
    return vsys::vx_info(120).value_or(vsys::VxInfo{0, 0}).initpid == getpid() ? 0 : 3;
  });
  EXPECT_EQ(rc, 0);
}

TEST(MigrateTest, SetInitNamesTheInitInProcVirtual) {
  Guest g(1141);
  ASSERT_EQ(g.create_errno(), 0);
  const std::string info = "/proc/virtual/1141/info";
  EXPECT_NE(slurp(info).find("Init:\t0\n"), std::string::npos) << slurp(info);
  pid_t init = spawn_init(1141);
  ASSERT_GT(init, 0);
  std::string line = "Init:\t" + std::to_string(init) + "\n";
  EXPECT_NE(slurp(info).find(line), std::string::npos) << slurp(info);
  auto f = vsys::get_cflags(1141);
  ASSERT_TRUE(f.has_value());
  EXPECT_FALSE(f->value & VXF_STATE_INIT) << "VXM_SET_INIT clears STATE_INIT";
  kill(init, SIGKILL);
  waitpid(init, nullptr, 0);
}

// VXM_SET_REAPER makes the migrating task a child subreaper: a grandchild
// orphaned in the guest is reparented to it, not to the harness init.
TEST(MigrateTest, SetReaperAdoptsOrphans) {
  Guest g(1140);
  ASSERT_EQ(g.create_errno(), 0);
  int plain = in_child([] {
    int on = -1;
    if (!vsys::ctx_migrate(1140, 0) || prctl(PR_GET_CHILD_SUBREAPER, &on)) return 100;
    return on;
  });
  EXPECT_EQ(plain, 0) << "a plain migration made a subreaper";
  int rc = in_child([] {
    int on = -1;
    if (!vsys::ctx_migrate(1140, VXM_SET_REAPER)) return 100;
    if (prctl(PR_GET_CHILD_SUBREAPER, &on) || on != 1) return 1;
    int fds[2];
    if (pipe(fds)) return 101;
    pid_t middle = fork();
    if (middle == 0) {
      pid_t orphan = fork();
      if (orphan == 0) {  // wait for the middle one to die, report the new parent
        pid_t first = getppid();
        for (int i = 0; i < 500 && getppid() == first; ++i) usleep(10000);
        pid_t now = getppid();
        _exit(write(fds[1], &now, sizeof(now)) == sizeof(now) ? 0 : 1);
      }
      _exit(write(fds[1], &orphan, sizeof(orphan)) == sizeof(orphan) ? 0 : 1);
    }
    waitpid(middle, nullptr, 0);
    pid_t orphan = 0, parent = 0;
    if (read(fds[0], &orphan, sizeof(orphan)) != sizeof(orphan)) return 102;
    if (read(fds[0], &parent, sizeof(parent)) != sizeof(parent)) return 103;
    if (parent != getpid()) return 2;
    return waitpid(orphan, nullptr, 0) == orphan ? 0 : 3;
  });
  EXPECT_EQ(rc, 0) << "1: no subreaper, 2: orphan reparented elsewhere, 3: cannot reap it";
}

TEST(MigrateTest, V0AndUnknownFlags) {
  Guest g(121);
  ASSERT_EQ(g.create_errno(), 0);
  EXPECT_EQ(in_child([] { return err_of(vsys::ctx_migrate(121)); }), 0);
  EXPECT_EQ(in_child([] { return err_of(vsys::ctx_migrate(121, 4)); }), EINVAL);
}

TEST(MigrateTest, TargetWithoutStateAdminIsEacces) {
  Guest g(122, VXF_STATE_INIT);
  ASSERT_EQ(g.create_errno(), 0);
  EXPECT_EQ(in_child([] { return err_of(vsys::ctx_migrate(122, 0)); }), EACCES);
}

TEST(MigrateTest, PrivateContextRefusesAfterSetup) {
  Guest g(123, VXF_STATE_ADMIN | VXF_INFO_PRIVATE);
  ASSERT_EQ(g.create_errno(), 0);
  EXPECT_EQ(in_child([] { return err_of(vsys::ctx_migrate(123, 0)); }), EACCES);
}

TEST(MigrateTest, FromAGuestIsEperm) {
  Guest target(124);
  ASSERT_EQ(target.create_errno(), 0);
  int rc = in_child([] {
    if (!vsys::ctx_create(125, VXF_STATE_ADMIN)) return 100;
    return err_of(vsys::ctx_migrate(124, 0));
  });
  EXPECT_EQ(rc, EPERM);
}

TEST(MigrateTest, IdOneIsTheSpectator) {
  int rc = in_child([] {
    if (!vsys::ctx_migrate(1, 0)) return 1;
    return vsys::task_xid(0).value_or(0) == 1 ? 0 : 2;
  });
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(in_child([] { return err_of(vsys::ctx_migrate(4343, 0)); }), ESRCH);
}

TEST(FlagsTest, MaskMergeAndOneTimeBits) {
  Guest g(130);
  ASSERT_EQ(g.create_errno(), 0);
  ASSERT_TRUE(vsys::set_cflags(130, {VXF_PERSISTENT | VXF_HIDE_MOUNT, VXF_PERSISTENT}));
  auto f = vsys::get_cflags(130);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->value, VXF_INIT_SET | VXF_PERSISTENT);
  ASSERT_TRUE(vsys::set_cflags(130, {0, VXF_STATE_SETUP}));
  ASSERT_TRUE(vsys::set_cflags(130, {VXF_STATE_SETUP, VXF_STATE_SETUP}));
  f = vsys::get_cflags(130);
  EXPECT_FALSE(f->value & VXF_STATE_SETUP);
  EXPECT_FALSE(f->mask & VXF_STATE_SETUP);
  EXPECT_TRUE(f->mask & VXF_STATE_INIT);
  // Bits this kernel does not know are stored and reported (vs2.3).
  ASSERT_TRUE(vsys::set_cflags(130, {1ULL << 61, 1ULL << 61}));
  EXPECT_TRUE(vsys::get_cflags(130)->value & (1ULL << 61));
  ASSERT_TRUE(vsys::set_cflags(130, {0, VXF_PERSISTENT}));
}

TEST(FlagsTest, GuestMayConfigureItselfOnlyDuringSetup) {
  int rc = in_child([] {
    if (!vsys::ctx_create(131, VXF_INIT_SET)) return 100;
    if (!vsys::set_cflags(131, {VXF_HIDE_MOUNT, VXF_HIDE_MOUNT})) return 101;
    if (!vsys::set_cflags(131, {0, VXF_STATE_SETUP})) return 102;
    return err_of(vsys::set_cflags(131, {0, VXF_HIDE_MOUNT}));
  });
  EXPECT_EQ(rc, EPERM);
}

TEST(FlagsTest, PersistentContextOutlivesItsTasks) {
  int rc = in_child([] { return err_of(vsys::ctx_create(132, VXF_INIT_SET | VXF_PERSISTENT)); });
  ASSERT_EQ(rc, 0);
  auto st = vsys::ctx_stat(132);
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(st->tasks, 0u);
  ASSERT_TRUE(vsys::set_cflags(132, {0, VXF_PERSISTENT}));
  EXPECT_TRUE(wait_gone(132));
}

TEST(NameTest, ContextNameRoundTrips) {
  Guest g(140);
  ASSERT_EQ(g.create_errno(), 0);
  EXPECT_EQ(vsys::get_vhi_name(140, VHIN_CONTEXT).value_or("?"), "");
  ASSERT_TRUE(vsys::set_vhi_name(140, VHIN_CONTEXT, "web-guest"));
  EXPECT_EQ(vsys::get_vhi_name(140, VHIN_CONTEXT).value_or("?"), "web-guest");
  EXPECT_EQ(err_of(vsys::get_vhi_name(140, VHIN_NODENAME)), EINVAL);
  EXPECT_EQ(err_of(vsys::set_vhi_name(140, static_cast<vhi_name_field>(9), "x")), EINVAL);
}

TEST(NameTest, UnterminatedNameIsEinval) {
  Guest g(141);
  ASSERT_EQ(g.create_errno(), 0);
  vcmd_vhi_name_v0 vc{};
  vc.field = VHIN_CONTEXT;
  std::fill(std::begin(vc.name), std::end(vc.name), 'x');
  errno = 0;
  EXPECT_EQ(raw_vserver(VCMD_set_vhi_name, 141, &vc), -1);
  EXPECT_EQ(errno, EINVAL);
}

TEST(KillTest, PidZeroKillsEveryProcess) {
  Guest g(150, VXF_INIT_SET, 3);
  ASSERT_EQ(g.create_errno(), 0);
  ASSERT_TRUE(vsys::ctx_kill(150, 0, SIGKILL));
  EXPECT_TRUE(wait_gone(150));
}

TEST(KillTest, OnePidOnlyIfItBelongsToTheContext) {
  Guest g(151, VXF_INIT_SET, 2);
  ASSERT_EQ(g.create_errno(), 0);
  EXPECT_EQ(err_of(vsys::ctx_kill(151, getpid(), SIGKILL)), ESRCH);
  ASSERT_TRUE(vsys::ctx_kill(151, g.pids()[1], SIGKILL));
  for (int i = 0; i < 200 && vsys::ctx_stat(151).value_or(vsys::CtxStat{0, 2}).tasks != 1; ++i)
    usleep(10000);
  EXPECT_EQ(vsys::ctx_stat(151).value_or(vsys::CtxStat{0, 0}).tasks, 1u);
  EXPECT_EQ(err_of(vsys::ctx_kill(151, 1, SIGKILL)), ESRCH);  // no init yet
  EXPECT_EQ(err_of(vsys::ctx_kill(151, 0, 99)), EINVAL);
}

// A guest whose first process became its init (VXM_SET_INIT) plus one more.
TEST(KillTest, MinusOneSparesInitAndOneReachesIt) {
  Guest g(155, VXF_INIT_SET, 1);
  ASSERT_EQ(g.create_errno(), 0);
  pid_t init = spawn_init(155);
  ASSERT_GT(init, 0);
  ASSERT_TRUE(vsys::ctx_kill(155, -1, SIGKILL));
  waitpid(g.pids()[0], nullptr, 0);
  EXPECT_EQ(waitpid(init, nullptr, WNOHANG), 0) << "init was hit by pid -1";
  ASSERT_TRUE(vsys::ctx_kill(155, 1, SIGKILL));
  int status = 0;
  EXPECT_EQ(waitpid(init, &status, 0), init);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  EXPECT_TRUE(wait_gone(155));
}

TEST(KillTest, WithoutStateAdminOnlyShutdownIsAllowed) {
  Guest g(152, VXF_STATE_INIT, 2);
  ASSERT_EQ(g.create_errno(), 0);
  EXPECT_EQ(err_of(vsys::ctx_kill(152, g.pids()[1], SIGKILL)), EACCES);
  EXPECT_EQ(err_of(vsys::ctx_kill(152, 0, SIGKILL)), 0);  // no init: allowed
  EXPECT_TRUE(wait_gone(152));
}

TEST(KillTest, FromAGuestIsEperm) {
  Guest g(153);
  ASSERT_EQ(g.create_errno(), 0);
  int rc = in_child([] {
    if (!vsys::ctx_create(154, VXF_INIT_SET)) return 100;
    return err_of(vsys::ctx_kill(153, 0, SIGKILL));
  });
  EXPECT_EQ(rc, EPERM);
}

TEST(WaitExitTest, WakesWhenTheContextShutsDown) {
  Guest g(160);
  ASSERT_EQ(g.create_errno(), 0);
  vsys::Result<vsys::ExitInfo> result = std::unexpected(vsys::Error(0, "unset"));
  std::thread waiter([&] { result = vsys::wait_exit(160); });
  usleep(100000);
  g.stop();
  waiter.join();
  ASSERT_TRUE(result.has_value()) << result.error().message();
  EXPECT_EQ(result->exit_code, SIGKILL);
  EXPECT_EQ(err_of(vsys::wait_exit(160)), ESRCH);
}

}  // namespace
