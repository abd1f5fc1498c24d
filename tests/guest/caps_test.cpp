// Bounded root: root inside a guest with util-vserver's default bcaps
// tries dangerous operations and is refused; granting the matching bcap,
// ccap or unshare bit allows them, or not ("always denied" rows).  The
// host (xid 0) is unaffected.  Runs as root inside the QEMU guest.
#include <linux/reboot.h>
#include <sched.h>
#include <signal.h>
#include <sys/reboot.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <fstream>
#include <functional>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "caps_ops.hpp"
#include "guest.hpp"
#include "vsys/names.hpp"

using namespace vtest;

namespace {

struct Grant {
  const char* bcaps = nullptr;  // added to the default bcaps
  std::uint64_t ccaps = 0;
  std::uint64_t umask = 0;
};

constexpr int kNotOnHost = -1;

struct Row {
  const char* name;
  int (*op)();
  int denied;   // result with default bcaps plus base
  Grant base;   // given in both runs
  Grant grant;  // given in the second run only
  int granted;  // result after the grant (an errno: always denied)
  int host;     // result on the host, or kNotOnHost
};

constexpr Grant kNone{};

// One row per call, wrapped by hand to keep the columns readable.
// clang-format off
const Row kRows[] = {
    // Kernel code never comes from a guest.
    {"load_module", ops::load_module, EPERM, kNone, {"CAP_SYS_MODULE"}, EPERM, ENOEXEC},
    {"kexec_load", ops::kexec_load, EPERM, kNone, {"CAP_SYS_ADMIN"}, EPERM, 0},
    {"bpf_map_create", ops::bpf_map, EPERM, kNone, {"CAP_BPF"}, 0, 0},
    {"perf_event_cpu_wide", ops::perf_cpu_wide, EACCES, kNone, {"CAP_PERFMON"}, 0, 0},
    // CAP_DAC_READ_SEARCH is in the default bcaps; the call is refused anyway.
    {"open_by_handle_at", ops::open_by_handle, EPERM, kNone,
     {"CAP_SYS_ADMIN,CAP_DAC_READ_SEARCH"}, EPERM, 0},
    {"ioperm", ops::ioperm_port, EPERM, kNone, {"CAP_SYS_RAWIO"}, 0, 0},
    {"iopl", ops::iopl_3, EPERM, kNone, {"CAP_SYS_RAWIO"}, 0, 0},
    {"mknod_block_device", ops::mknod_block, EPERM, kNone, {"CAP_MKNOD"}, 0, 0},
    {"set_clock", ops::set_clock, EPERM, kNone, {"CAP_SYS_TIME"}, 0, 0},
    {"raw_socket", ops::raw_socket, EPERM, kNone, {"CAP_NET_RAW"}, 0, 0},
    {"mount_tmpfs", ops::mount_tmpfs, EPERM, kNone, {"CAP_SYS_ADMIN"}, 0, 0},
    // SECURE_MOUNT alone: block device filesystems, proc and devpts.
    {"mount_proc_secure_mount", ops::mount_proc, EPERM, kNone, {nullptr, VXC_SECURE_MOUNT}, 0, 0},
    {"mount_tmpfs_secure_mount", ops::mount_tmpfs, EPERM, kNone, {nullptr, VXC_SECURE_MOUNT},
     EPERM, kNotOnHost},
    {"mount_tmpfs_binary_mount", ops::mount_tmpfs, EPERM, {nullptr, VXC_SECURE_MOUNT},
     {nullptr, VXC_BINARY_MOUNT}, 0, kNotOnHost},
    // Without DEV_MOUNT the guest's own mounts are nodev.
    {"dev_node_on_guest_mount", ops::dev_node_on_own_mount, EACCES,
     {"CAP_MKNOD", VXC_SECURE_MOUNT | VXC_BINARY_MOUNT}, {nullptr, VXC_DEV_MOUNT}, 0, 0},
    // The host's devtmpfs is an existing superblock with device nodes
    // (refused without DEV_MOUNT), and mounting it reconfigures the
    // host's superblock (refused even with DEV_MOUNT), by either API.
    {"mount_host_devtmpfs", ops::mount_devtmpfs, EPERM,
     {nullptr, VXC_SECURE_MOUNT | VXC_BINARY_MOUNT}, {nullptr, VXC_DEV_MOUNT}, EPERM, 0},
    {"fsmount_host_devtmpfs", ops::fsmount_devtmpfs, EPERM,
     {nullptr, VXC_SECURE_MOUNT | VXC_BINARY_MOUNT}, {nullptr, VXC_DEV_MOUNT}, EPERM, 0},
    // Bind mounts attach no new superblock: SECURE_MOUNT, by either API.
    {"bind_mount", ops::bind_mount, EPERM, kNone, {nullptr, VXC_SECURE_MOUNT}, 0, 0},
    {"open_tree_move_mount", ops::open_tree_move_mount, EPERM, kNone, {nullptr, VXC_SECURE_MOUNT},
     0, 0},
    // Only the guest's own superblocks may be reconfigured.
    {"remount_host_proc", ops::remount_host_proc, EPERM, {nullptr, VXC_SECURE_MOUNT},
     {"CAP_SYS_ADMIN"}, 0, 0},
    {"raise_rlimit", ops::raise_rlimit, EPERM, kNone, {"CAP_SYS_RESOURCE"}, 0, 0},
    {"raise_rlimit_ccap", ops::raise_rlimit, EPERM, kNone, {nullptr, VXC_SET_RLIMIT}, 0,
     kNotOnHost},
    {"set_hostname", ops::set_hostname, EPERM, kNone, {"CAP_SYS_ADMIN"}, 0, 0},
    {"set_hostname_ccap", ops::set_hostname, EPERM, kNone, {nullptr, VXC_SET_UTSNAME}, 0,
     kNotOnHost},
    {"read_kernel_log", ops::read_kernel_log, EPERM, kNone, {nullptr, VXC_SYSLOG}, 0, 0},
    {"clear_kernel_log", ops::clear_kernel_log, EPERM, kNone, {"CAP_SYSLOG", VXC_SYSLOG}, 0, 0},
    {"oom_score_adj_lower", ops::oom_lower, EACCES, kNone, {nullptr, VXC_OOM_ADJUST}, 0, 0},
    // Never unkillable in a guest: -1000 is stored as -999.
    {"oom_score_adj_unkillable", ops::oom_unkillable, EACCES, kNone, {"CAP_SYS_RESOURCE"},
     ops::kClamped, 0},
    {"oom_score_adj_unkillable_ccap", ops::oom_unkillable, EACCES, kNone,
     {nullptr, VXC_OOM_ADJUST}, ops::kClamped, kNotOnHost},
    {"tiocsti_other_tty", ops::tiocsti_other_tty, EPERM, kNone, {nullptr, VXC_TIOCSTI}, 0, 0},
    {"trusted_xattr", ops::trusted_xattr, EPERM, kNone, {nullptr, VXC_FS_TRUSTED}, 0, 0},
    {"security_xattr", ops::security_xattr, EPERM, kNone, {nullptr, VXC_FS_SECURITY}, 0, 0},
    // Each xattr ccap covers its own namespace only.
    {"security_xattr_with_fs_trusted", ops::security_xattr, EPERM, kNone,
     {nullptr, VXC_FS_TRUSTED}, EPERM, kNotOnHost},
    // ADMIN_CLOOP: loop ioctls on loop devices only (ENXIO: unbound).
    {"loop_set_capacity", ops::loop_set_capacity, EPERM, kNone, {nullptr, VXC_ADMIN_CLOOP}, ENXIO,
     ENXIO},
    {"unshare_mount_ns", ops::unshare_mount_ns, EPERM, kNone, {"CAP_SYS_ADMIN"}, 0, 0},
    {"unshare_mount_ns_umask", ops::unshare_mount_ns, EPERM, kNone, {nullptr, 0, CLONE_NEWNS}, 0,
     kNotOnHost},
    {"unshare_net_ns_outside_umask", ops::unshare_net_ns, EPERM, kNone,
     {nullptr, 0, CLONE_NEWNS}, EPERM, kNotOnHost},
    {"setns_mount_ns", ops::setns_mount_ns, EPERM, kNone, {"CAP_SYS_ADMIN"}, 0, 0},
    {"unshare_user_ns", ops::user_ns, EPERM, kNone, {nullptr, 0, CLONE_NEWUSER}, 0, 0},
    // The user namespace is refused (100 + EPERM); granted, it works but
    // the host's clock and devices stay out of reach (EPERM).
    {"user_ns_then_host_ops", ops::user_ns_then_host_ops, 100 + EPERM, kNone,
     {nullptr, 0, CLONE_NEWUSER}, EPERM, kNotOnHost},
    // Mainline lets root of a new user namespace make a network
    // namespace; a guest stays bounded inside its user namespace.
    {"user_ns_then_net_ns", ops::user_ns_then_net_ns, 100 + EPERM, kNone,
     {nullptr, 0, CLONE_NEWUSER}, EPERM, 0},
    // CAP_CONTEXT (with CAP_SYS_ADMIN) is not in the default bcaps: the
    // syscall looks absent.
    {"vserver_syscall", ops::vserver_syscall, ENOSYS, kNone, {"CAP_CONTEXT,CAP_SYS_ADMIN"}, 0,
     kNotOnHost},
};
// clang-format on

// Each row uses xids 400 + 2 * index and the next, below CapsTest's 480
// while there are at most 40 rows; beyond, from 1300 (free up to 1399).
static_assert(std::size(kRows) <= 90, "matrix xids would reach 1400");

std::uint64_t bcaps_of(const char* list) {
  return list ? vsys::parse_flags(vsys::bcap_names(), list)->value : 0;
}

// Runs op as root in a new bounded guest xid (in_bounded) with the base
// grants, plus the second run's grants if any.
int in_guest(vsys::xid_t xid, int (*op)(), const Grant& base, const Grant* grant) {
  Bounds b{bcaps_of(base.bcaps), base.ccaps, base.umask};
  if (grant) {
    b.bcaps |= bcaps_of(grant->bcaps);
    b.ccaps |= grant->ccaps;
    b.umask |= grant->umask;
  }
  return in_bounded(xid, b, op);
}

std::string row_name(const ::testing::TestParamInfo<Row>& info) { return info.param.name; }

class CapsMatrix : public ::testing::TestWithParam<Row> {};

TEST_P(CapsMatrix, DeniedByDefaultThenGranted) {
  const Row& row = GetParam();
  auto idx = std::find_if(std::begin(kRows), std::end(kRows),
                          [&](const Row& r) { return std::string(r.name) == row.name; }) -
             std::begin(kRows);
  vsys::xid_t xid = idx < 40 ? 400 + static_cast<vsys::xid_t>(idx) * 2
                             : 1300 + static_cast<vsys::xid_t>(idx - 40) * 2;
  EXPECT_EQ(in_guest(xid, row.op, row.base, nullptr), row.denied) << "default guest";
  EXPECT_EQ(in_guest(xid + 1, row.op, row.base, &row.grant), row.granted) << "granted";
}

class HostMatrix : public ::testing::TestWithParam<Row> {};

// On the host, in a child with its own UTS namespace (the hostname row).
TEST_P(HostMatrix, HostIsUnaffected) {
  int (*op)() = GetParam().op;
  EXPECT_EQ(in_child([op] { return unshare(CLONE_NEWUTS) == 0 ? op() : 201; }), GetParam().host);
}

std::vector<Row> host_rows() {
  std::vector<Row> rows;
  std::copy_if(std::begin(kRows), std::end(kRows), std::back_inserter(rows),
               [](const Row& r) { return r.host != kNotOnHost; });
  return rows;
}

INSTANTIATE_TEST_SUITE_P(Guest, CapsMatrix, ::testing::ValuesIn(kRows), row_name);
INSTANTIATE_TEST_SUITE_P(Host, HostMatrix, ::testing::ValuesIn(host_rows()), row_name);

TEST(CapsTest, BcapsCcapsUmaskRoundTrip) {
  Guest g(480);
  ASSERT_EQ(g.create_errno(), 0);
  auto b = vsys::get_bcaps(480);
  ASSERT_TRUE(b.has_value());
  EXPECT_TRUE(b->value & (1ULL << 63)) << "a new context keeps CAP_CONTEXT";
  ASSERT_TRUE(vsys::set_bcaps(480, {0, 1ULL << 21}));  // drop CAP_SYS_ADMIN
  EXPECT_FALSE(vsys::get_bcaps(480)->value & (1ULL << 21));
  EXPECT_TRUE(vsys::get_bcaps(480)->value & (1ULL << 0)) << "mask-merge keeps the rest";
  // Bits this kernel does not know are stored and reported (vs2.3).
  ASSERT_TRUE(vsys::set_bcaps(480, {1ULL << 50, 1ULL << 50}));
  EXPECT_TRUE(vsys::get_bcaps(480)->value & (1ULL << 50));
  ASSERT_TRUE(vsys::set_ccaps(480, {VXC_SYSLOG | VXC_RAW_ICMP, ~0ULL}));
  EXPECT_EQ(vsys::get_ccaps(480)->value, VXC_SYSLOG | VXC_RAW_ICMP);
  ASSERT_TRUE(vsys::set_ccaps(480, {1ULL << 40, 1ULL << 40}));
  EXPECT_EQ(vsys::get_ccaps(480)->value, VXC_SYSLOG | VXC_RAW_ICMP | 1ULL << 40);
  ASSERT_TRUE(vsys::set_umask(480, {CLONE_NEWUSER | CLONE_NEWNS, ~0ULL}));
  EXPECT_EQ(vsys::get_umask(480)->value, static_cast<std::uint64_t>(CLONE_NEWUSER | CLONE_NEWNS));
  ASSERT_TRUE(vsys::set_umask(480, {CLONE_VM, CLONE_VM}));
  EXPECT_EQ(vsys::get_umask(480)->value,
            static_cast<std::uint64_t>(CLONE_NEWUSER | CLONE_NEWNS | CLONE_VM));
}

TEST(CapsTest, BadPointersAndIds) {
  EXPECT_EQ(raw_vserver(VCMD_get_bcaps, 480, nullptr), -1);
  EXPECT_EQ(errno, ESRCH) << "no such context";
  Guest g(481);
  ASSERT_EQ(g.create_errno(), 0);
  for (std::uint32_t cmd : {VCMD_get_bcaps, VCMD_set_bcaps, VCMD_get_ccaps, VCMD_set_ccaps,
                            VCMD_get_umask, VCMD_set_umask}) {
    EXPECT_EQ(raw_vserver(cmd, 481, nullptr), -1) << std::hex << cmd;
    EXPECT_EQ(errno, EFAULT) << std::hex << cmd;
  }
}

TEST(CapsTest, ProcStatusShowsTheBoundedSets) {
  int rc = in_child([] {
    if (!vsys::ctx_create(482, VXF_INIT_SET)) return 200;
    if (!vsys::set_bcaps(482, {vsys::default_guest_bcaps(), ~0ULL})) return 201;
    if (!vsys::set_cflags(482, {0, VXF_STATE_SETUP})) return 202;
    // Root's permitted, effective and bounding sets are full: each shows
    // exactly the bcaps.
    std::ifstream in("/proc/self/status");
    std::string line;
    int seen = 0;
    while (std::getline(in, line))
      for (const char* set : {"CapPrm:\t", "CapEff:\t", "CapBnd:\t"})
        if (line.rfind(set, 0) == 0) {
          if (std::stoull(line.substr(8), nullptr, 16) != vsys::default_guest_bcaps())
            return 10 + seen;
          ++seen;
        }
    return seen == 3 ? 0 : 2;
  });
  EXPECT_EQ(rc, 0);
}

TEST(CapsTest, SetupStateIsNotBounded) {
  int rc = in_child([] {
    if (!vsys::ctx_create(483, VXF_INIT_SET)) return 200;
    if (!vsys::set_bcaps(483, {vsys::default_guest_bcaps(), ~0ULL})) return 201;
    return ops::raw_socket();  // still in STATE_SETUP
  });
  EXPECT_EQ(rc, 0);
}

// SET_UTSNAME acts on the guest's own UTS namespace, never the host's.
TEST(CapsTest, SetUtsnameNeverRenamesTheHost) {
  struct utsname before {};
  uname(&before);
  int rc = in_child([] {
    if (!vsys::ctx_create(484, VXF_INIT_SET)) return 200;
    if (!vsys::set_bcaps(484, {vsys::default_guest_bcaps(), ~0ULL})) return 201;
    if (!vsys::set_ccaps(484, {VXC_SET_UTSNAME, ~0ULL})) return 202;
    if (!vsys::set_cflags(484, {0, VXF_STATE_SETUP})) return 203;
    return ops::set_hostname();  // still in the host's UTS namespace
  });
  EXPECT_EQ(rc, EPERM);
  struct utsname after {};
  uname(&after);
  EXPECT_STREQ(before.nodename, after.nodename);
}

// True once pid is gone or a zombie (killed, not yet reaped by init).
bool dead_or_zombie(pid_t pid) {
  for (int i = 0; i < 100; ++i) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat;
    if (!std::getline(in, stat)) return true;
    auto paren = stat.rfind(')');
    if (paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] == 'Z')
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

// reboot(2) in a guest (CAP_SYS_BOOT is in the default bcaps) ends the
// guest: every task of the context dies, wait_exit reports the command,
// and the host goes on (this test keeps running).
TEST(CapsTest, RebootEndsTheGuestNotTheHost) {
  int ready[2], go[2];
  ASSERT_EQ(pipe(ready), 0);
  ASSERT_EQ(pipe(go), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (!vsys::ctx_create(485, VXF_INIT_SET) ||
        !vsys::set_bcaps(485, {vsys::default_guest_bcaps(), ~0ULL}) ||
        !vsys::set_cflags(485, {0, VXF_STATE_SETUP}))
      _exit(200);
    pid_t sibling = fork();
    if (sibling == 0) {
      pause();
      _exit(0);
    }
    if (write(ready[1], &sibling, sizeof(sibling)) != sizeof(sibling)) _exit(201);
    char c;
    if (read(go[0], &c, 1) != 1) _exit(202);
    syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_RESTART,
            nullptr);
    _exit(99);  // reboot returned: the guest was not ended
  }
  pid_t sibling = 0;
  ASSERT_EQ(read(ready[0], &sibling, sizeof(sibling)), static_cast<ssize_t>(sizeof(sibling)));
  auto waiter = std::async(std::launch::async, [] { return vsys::wait_exit(485); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ASSERT_EQ(write(go[1], "g", 1), 1);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_FALSE(WIFEXITED(status) && WEXITSTATUS(status) == 99) << "reboot returned";
  auto info = waiter.get();
  ASSERT_TRUE(info.has_value()) << info.error().message();
  EXPECT_EQ(info->reboot_cmd, static_cast<int>(LINUX_REBOOT_CMD_RESTART));
  EXPECT_TRUE(wait_gone(485));
  EXPECT_TRUE(dead_or_zombie(sibling)) << "the guest's other task survived";
  for (int fd : {ready[0], ready[1], go[0], go[1]}) close(fd);
}

TEST(CapsTest, RebootCadAndKexecRefusedInGuest) {
  int rc = in_child([] {
    if (!vsys::ctx_create(486, VXF_INIT_SET)) return 200;
    if (!vsys::set_bcaps(486, {vsys::default_guest_bcaps(), ~0ULL})) return 201;
    if (!vsys::set_cflags(486, {0, VXF_STATE_SETUP})) return 202;
    long cad = syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
                       LINUX_REBOOT_CMD_CAD_OFF, nullptr);
    if (cad != -1 || errno != EINVAL) return 10;
    long kexec = syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
                         LINUX_REBOOT_CMD_KEXEC, nullptr);
    return kexec == -1 ? errno : 0;
  });
  EXPECT_EQ(rc, EPERM);
}

TEST(CapsTest, RebootWithoutSysBootIsEperm) {
  int rc = in_child([] {
    if (!vsys::ctx_create(487, VXF_INIT_SET)) return 200;
    std::uint64_t bcaps = vsys::default_guest_bcaps() & ~(1ULL << 22);
    if (!vsys::set_bcaps(487, {bcaps, ~0ULL})) return 201;
    if (!vsys::set_cflags(487, {0, VXF_STATE_SETUP})) return 202;
    long r = syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_RESTART,
                     nullptr);
    return r == -1 ? errno : 0;
  });
  EXPECT_EQ(rc, EPERM);
}

// IGNEG_NICE: a refused negative nice succeeds without effect.
int lower_nice_in_guest(vsys::xid_t xid, std::uint64_t flags) {
  return in_child([=] {
    if (!vsys::ctx_create(xid, VXF_INIT_SET | flags)) return 200;
    if (!vsys::set_bcaps(xid, {vsys::default_guest_bcaps(), ~0ULL})) return 201;
    if (!vsys::set_cflags(xid, {0, VXF_STATE_SETUP})) return 202;
    rlimit rl{0, 0};  // RLIMIT_NICE 0: only CAP_SYS_NICE could lower it
    if (setrlimit(RLIMIT_NICE, &rl) != 0) return 203;
    int rc = setpriority(PRIO_PROCESS, 0, -5) == 0 ? 0 : errno;
    errno = 0;
    int now = getpriority(PRIO_PROCESS, 0);
    if (errno != 0) return 204;
    return now == 0 ? rc : 100 + now;  // the nice value never changed
  });
}

TEST(CapsTest, IgnegNiceIgnoresRefusedNegativeNice) {
  EXPECT_EQ(lower_nice_in_guest(488, 0), EACCES);
  EXPECT_EQ(lower_nice_in_guest(489, VXF_IGNEG_NICE), 0);
}

}  // namespace
