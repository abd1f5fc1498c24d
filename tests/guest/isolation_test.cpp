// Process isolation between contexts: /proc, signals, ptrace, scheduling
// calls and /proc/virtual, as seen from the host, a guest and the
// spectator.  Runs as root inside the QEMU guest.
#include <sched.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/core.h>
#include <gtest/gtest.h>

#include "guest.hpp"
#include "vsys/context.hpp"
#include "vsys/inode.hpp"
#include "vsys/procfs.hpp"

using namespace vtest;

namespace {

bool listed(pid_t pid) {
  auto pids = vsys::list_pids();
  return std::find(pids.begin(), pids.end(), pid) != pids.end();
}

// Bitmask of what a task in a fresh guest 'xid' observes about pid.
enum Seen { kListed = 1, kStat = 2, kKill = 4, kPtrace = 8 };

int observe_from_guest(vsys::xid_t xid, pid_t pid) {
  return in_child([=] {
    if (!vsys::ctx_create(xid, VXF_INIT_SET)) return 100;
    int seen = 0;
    if (listed(pid)) seen |= kListed;
    struct stat st;
    if (stat(("/proc/" + std::to_string(pid)).c_str(), &st) == 0) seen |= kStat;
    if (kill(pid, 0) == 0 || errno != ESRCH) seen |= kKill;
    if (ptrace(PTRACE_ATTACH, pid, nullptr, nullptr) == 0 || errno != ESRCH) seen |= kPtrace;
    return seen;
  });
}

TEST(IsolationTest, GuestSeesOnlyItsOwnProcesses) {
  Guest a(200, VXF_INIT_SET, 2);
  ASSERT_EQ(a.create_errno(), 0);
  for (pid_t victim : {a.pids()[0], a.pids()[1], getpid(), 1})
    EXPECT_EQ(observe_from_guest(201, victim), 0) << "pid " << victim;
}

TEST(IsolationTest, GuestSeesItself) {
  int rc = in_child([] {
    if (!vsys::ctx_create(202, VXF_INIT_SET)) return 100;
    pid_t me = getpid();
    auto pids = vsys::list_pids();
    if (pids.size() != 1 || pids[0] != me) return 1;
    return kill(me, 0) == 0 ? 0 : 2;
  });
  EXPECT_EQ(rc, 0);
}

TEST(IsolationTest, HostAndSpectatorSeeEveryContext) {
  Guest a(203), b(204);
  ASSERT_EQ(a.create_errno(), 0);
  ASSERT_EQ(b.create_errno(), 0);
  EXPECT_TRUE(listed(a.pids()[0]));
  EXPECT_TRUE(listed(b.pids()[0]));
  EXPECT_EQ(kill(a.pids()[0], 0), 0);
  int rc = in_child([&] {
    if (!vsys::ctx_migrate(1, 0)) return 100;
    bool all = listed(a.pids()[0]) && listed(b.pids()[0]) && listed(1);
    return all && kill(b.pids()[0], 0) == 0 ? 0 : 1;
  });
  EXPECT_EQ(rc, 0);
}

TEST(IsolationTest, KillAllFromAGuestStaysInside) {
  // The runner ignores SIGUSR2; parked guest processes and the host victim
  // have the default action (terminate).
  signal(SIGUSR2, SIG_IGN);
  Guest other(205), mine(206, VXF_INIT_SET, 2);
  ASSERT_EQ(other.create_errno(), 0);
  ASSERT_EQ(mine.create_errno(), 0);
  pid_t host_victim = fork();
  if (host_victim == 0) {
    signal(SIGUSR2, SIG_DFL);
    for (;;) pause();
  }
  int rc = in_child([] {
    if (!vsys::ctx_migrate(206, 0)) return 100;
    return kill(-1, SIGUSR2) == 0 ? 0 : errno;
  });
  EXPECT_EQ(rc, 0);
  usleep(200000);
  // Both are our children: still running means waitpid(WNOHANG) == 0.
  EXPECT_EQ(waitpid(host_victim, nullptr, WNOHANG), 0) << "host process was hit";
  EXPECT_EQ(waitpid(other.pids()[0], nullptr, WNOHANG), 0) << "other guest was hit";
  EXPECT_TRUE(wait_gone(206)) << "own guest was not hit";
  kill(host_victim, SIGKILL);
  waitpid(host_victim, nullptr, 0);
}

TEST(IsolationTest, SchedulingCallsOnOtherContextsAreEsrch) {
  Guest a(207);
  ASSERT_EQ(a.create_errno(), 0);
  pid_t target = a.pids()[0];
  // A root task of another context at nice -5: a guest's getpriority() of
  // its process group or user would report it, or -20 of the host's
  // kernel threads (also root, in process group 0), if it saw them.
  ASSERT_EQ(setpriority(PRIO_PROCESS, target, -5), 0);
  int rc = in_child([target] {
    if (!vsys::ctx_create(208, VXF_INIT_SET)) return 100;
    int bad = 0;
    if (setpriority(PRIO_PROCESS, target, 5) == 0 || errno != ESRCH) bad |= 1;
    if (getpgid(target) >= 0 || errno != ESRCH) bad |= 2;
    if (getsid(target) >= 0 || errno != ESRCH) bad |= 4;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(0, &set);
    if (sched_setaffinity(target, sizeof(set), &set) == 0 || errno != ESRCH) bad |= 8;
    if (sched_getaffinity(target, sizeof(set), &set) == 0 || errno != ESRCH) bad |= 16;
    if (setpgid(target, target) == 0 || errno != ESRCH) bad |= 32;
    errno = 0;
    if (getpriority(PRIO_PROCESS, target) != -1 || errno != ESRCH) bad |= 64;
    rlimit rl{1024, 1024};
    if (prlimit(target, RLIMIT_NOFILE, &rl, nullptr) == 0 || errno != ESRCH) bad |= 128;
    return bad;
  });
  EXPECT_EQ(rc, 0);
  // Calls that look the pid up themselves (patch 0015); an exit status
  // holds 8 bits, hence a second child.
  rc = in_child([target] {
    if (!vsys::ctx_create(208, VXF_INIT_SET)) return 100;
    int bad = 0;
    rlimit rl{};
    if (prlimit(target, RLIMIT_NOFILE, nullptr, &rl) == 0 || errno != ESRCH) bad |= 1;
    if (syscall(SYS_pidfd_open, target, 0) >= 0 || errno != ESRCH) bad |= 2;
    errno = 0;
    if (getpriority(PRIO_PGRP, 0) != 0 || errno != 0) bad |= 4;
    if (getpriority(PRIO_USER, 0) != 0 || errno != 0) bad |= 8;
    return bad;
  });
  EXPECT_EQ(rc, 0);
  // The host still may.
  EXPECT_EQ(getpriority(PRIO_PROCESS, target), -5);
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, target, 0));
  EXPECT_GE(pidfd, 0);
  close(pidfd);
  EXPECT_EQ(setpriority(PRIO_PROCESS, target, 5), 0);
  EXPECT_EQ(getpgid(target) >= 0, true);
  rlimit rl{};
  EXPECT_EQ(prlimit(target, RLIMIT_NOFILE, nullptr, &rl), 0);
  EXPECT_EQ(prlimit(target, RLIMIT_NOFILE, &rl, nullptr), 0);
}

TEST(IsolationTest, HostPtraceNeedsStateAdmin) {
  Guest admin(209), locked(210, VXF_STATE_INIT);
  ASSERT_EQ(admin.create_errno(), 0);
  ASSERT_EQ(locked.create_errno(), 0);
  pid_t a = admin.pids()[0], l = locked.pids()[0];
  int rc = in_child([a, l] {
    if (ptrace(PTRACE_ATTACH, a, nullptr, nullptr) != 0) return 1;
    waitpid(a, nullptr, 0);
    ptrace(PTRACE_DETACH, a, nullptr, nullptr);
    if (ptrace(PTRACE_ATTACH, l, nullptr, nullptr) == 0) return 2;
    return errno == EPERM ? 0 : 3;
  });
  EXPECT_EQ(rc, 0);
}

TEST(ProcVirtualTest, InfoAndStatusFormats) {
  Guest g(211, VXF_INIT_SET, 2);
  ASSERT_EQ(g.create_errno(), 0);
  std::string info = slurp("/proc/virtual/info");
  EXPECT_NE(info.find("VCIVersion:\t0002:0308\n"), std::string::npos) << info;
  EXPECT_NE(info.find("VCISyscall:\t236\n"), std::string::npos) << info;
  EXPECT_NE(info.find(fmt::format("VCIKernel:\t{:08x}\n", *vsys::get_vci())), std::string::npos)
      << info;
  std::string all = slurp("/proc/virtual/status");
  EXPECT_NE(all.find("#CTotal:\t"), std::string::npos) << all;
  EXPECT_NE(all.find("#CActive:\t"), std::string::npos) << all;
  std::string xinfo = slurp("/proc/virtual/211/info");
  EXPECT_NE(xinfo.find("ID:\t211\n"), std::string::npos) << xinfo;
  EXPECT_NE(xinfo.find("\nInit:\t"), std::string::npos) << xinfo;
  EXPECT_NE(xinfo.find("\nOOM:\t0\n"), std::string::npos) << xinfo;
  std::string status = slurp("/proc/virtual/211/status");
  EXPECT_EQ(status.rfind("UseCnt:\t", 0), 0u) << status;
  EXPECT_NE(status.find("Tasks:\t2\n"), std::string::npos) << status;
  EXPECT_NE(status.find("Flags:\t0000000700000000\n"), std::string::npos) << status;
  // A new context keeps every capability; no ccaps, no unshare mask yet.
  EXPECT_NE(status.find("BCaps:\t" + fmt::format("{:016x}", vsys::get_bcaps(211)->value) + "\n"),
            std::string::npos)
      << status;
  EXPECT_NE(status.find("CCaps:\t0000000000000000\nUmask:\t0000000000000000\n"), std::string::npos)
      << status;
}

// /proc/virtual is hidden from guests (secure proc) until the host unhides it.
class UnhiddenProcVirtual {
 public:
  UnhiddenProcVirtual() {
    for (const char* p : kPaths) EXPECT_TRUE(vsys::set_iattr(p, 0, IATTR_HIDE));
  }
  ~UnhiddenProcVirtual() {
    for (const char* p : kPaths) (void)vsys::set_iattr(p, IATTR_HIDE, IATTR_HIDE);
  }

 private:
  static constexpr const char* kPaths[] = {"/proc/virtual", "/proc/virtual/info",
                                           "/proc/virtual/status"};
};

TEST(ProcVirtualTest, HiddenFromGuestsByDefault) {
  int rc = in_child([] {
    if (!vsys::ctx_create(215, VXF_INIT_SET)) return 100;
    struct stat st;
    return stat("/proc/virtual", &st) == 0 ? 1 : errno;
  });
  EXPECT_EQ(rc, ENOENT);
  EXPECT_TRUE(std::filesystem::exists("/proc/virtual/info")) << "the host still sees it";
}

TEST(ProcVirtualTest, GuestListsOnlyItsOwnXid) {
  UnhiddenProcVirtual unhidden;
  Guest other(212);
  ASSERT_EQ(other.create_errno(), 0);
  EXPECT_TRUE(std::filesystem::exists("/proc/virtual/212"));
  int rc = in_child([] {
    if (!vsys::ctx_create(213, VXF_INIT_SET)) return 100;
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator("/proc/virtual"))
      names.push_back(e.path().filename());
    std::sort(names.begin(), names.end());
    if (names != std::vector<std::string>{"213", "info", "status"}) return 1;
    struct stat st;
    if (stat("/proc/virtual/212", &st) == 0 || errno != ENOENT) return 2;
    return stat("/proc/virtual/213/status", &st) == 0 ? 0 : 3;
  });
  EXPECT_EQ(rc, 0);
}

TEST(ProcVirtualTest, DirectoryGoesAwayWithTheContext) {
  {
    Guest g(214);
    ASSERT_EQ(g.create_errno(), 0);
    EXPECT_TRUE(std::filesystem::exists("/proc/virtual/214/status"));
  }
  EXPECT_TRUE(wait_gone(214));
  EXPECT_FALSE(std::filesystem::exists("/proc/virtual/214"));
}

}  // namespace
