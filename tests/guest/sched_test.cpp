// The token-bucket scheduler against the real kernel (docs/scheduler.md):
// a pinned busy loop in a context limited to 1/4 runs about a quarter of
// the time while the host and an unlimited guest on the same CPU are not
// held; SCHED_PAUSE stops a context and clearing it resumes it; a held
// task dies at once from SIGKILL; the idle time rate gives an idle CPU
// back; the commands' answers, sanitising and errors;
// /proc/virtual/<xid>/sched.
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <functional>
#include <new>
#include <string>

#include <gtest/gtest.h>

#include "guest.hpp"
#include "vsys/sched.hpp"

using namespace vtest;

namespace {

double now_s(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

bool pin_cpu0() {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(0, &set);
  return sched_setaffinity(0, sizeof(set), &set) == 0;
}

// A quarter of a CPU in short cycles, so that a few seconds average well:
// 1 token every 4 ticks, none to start with, run again at 2, at most 8.
vsys::Sched quarter() {
  vsys::Sched s;
  s.mask = VXSM_FILL_RATE | VXSM_INTERVAL | VXSM_TOKENS | VXSM_TOKENS_MIN | VXSM_TOKENS_MAX;
  s.fill_rate[0] = 1;
  s.interval[0] = 4;
  s.tokens = 0;
  s.tokens_min = 2;
  s.tokens_max = 8;
  return s;
}

// What a hog shares with the test: its progress and its measured share.
struct Shared {
  std::atomic<std::uint64_t> spins{0};
  std::atomic<int> ready{0};
  std::atomic<double> share{-1};
};

Shared* shared_page() {
  void* p =
      mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  return new (p) Shared;
}

// A busy loop pinned to CPU 0 in a forked child: setup() (in the child,
// 0 for success) first, then it spins, counting, and after warmup seconds
// measures its share of CPU 0 (thread CPU time over wall time) for
// seconds, stores it and spins on.  The child is killed by the caller.
pid_t spawn_hog(Shared* sh, const std::function<int()>& setup, double warmup = 0.3,
                double seconds = 3.0) {
  pid_t pid = fork();
  if (pid != 0) return pid;
  if (!pin_cpu0()) _exit(1);
  sh->ready = 2;  // in setup(), whose last call may hold it for good
  if (setup() != 0) {
    sh->ready = -1;
    _exit(1);
  }
  sh->ready = 1;
  double start = now_s(CLOCK_MONOTONIC);
  while (now_s(CLOCK_MONOTONIC) - start < warmup) sh->spins++;
  double wall0 = now_s(CLOCK_MONOTONIC), cpu0 = now_s(CLOCK_THREAD_CPUTIME_ID);
  while (now_s(CLOCK_MONOTONIC) - wall0 < seconds) sh->spins++;
  sh->share = (now_s(CLOCK_THREAD_CPUTIME_ID) - cpu0) / (now_s(CLOCK_MONOTONIC) - wall0);
  for (;;) sh->spins++;
}

// Waits (up to 10 s) for the hog to be ready: 1 once its setup returned,
// -1 when it failed, 0 when it never started.  With in_setup, 2 too: the
// setup started and has not returned, which is all a hog whose setup
// holds it (SCHED_HARD or PAUSE on an empty bucket that never refills:
// the return from set_cflags holds it when a tick came meanwhile) will say.
int wait_ready(const Shared* sh, bool in_setup) {
  for (int i = 0; i < 10000 && (sh->ready == 0 || (sh->ready == 2 && !in_setup)); ++i) usleep(1000);
  return sh->ready;
}

// Waits (up to 30 s) for the hog's share; -1 when it failed or never came.
double wait_share(const Shared* sh) {
  for (int i = 0; i < 3000; ++i) {
    if (sh->ready < 0) return -1;
    double s = sh->share;
    if (s >= 0) return s;
    usleep(10000);
  }
  return -1;
}

void kill_reap(pid_t pid) {
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

// setup() of a hog in a new context xid: created, the scheduler set,
// extra flags set, out of setup.
std::function<int()> in_context(vsys::xid_t xid, const vsys::Sched& s, std::uint64_t flags) {
  return [=] {
    if (!vsys::ctx_create(xid, VXF_INIT_SET)) return 10;
    if (!vsys::set_sched(xid, s)) return 11;
    if (!vsys::set_cflags(xid, {flags, flags | VXF_STATE_SETUP})) return 12;
    return 0;
  };
}

std::function<int()> on_host() {
  return [] { return 0; };
}

// The hog's spin count after the counter stood still (or not) for
// a while: true when it did not move during ms milliseconds.
bool stands_still(const Shared* sh, int ms) {
  std::uint64_t before = sh->spins;
  usleep(ms * 1000);
  return sh->spins == before;
}

TEST(SchedTest, QuarterLimitRunsAQuarterOfTheCpu) {
  Shared* sh = shared_page();
  ASSERT_NE(sh, nullptr);
  pid_t hog = spawn_hog(sh, in_context(1601, quarter(), VXF_SCHED_HARD));
  double share = wait_share(sh);
  // The bucket was working: the context was held on CPU 0.
  auto info = vsys::sched_info(1601, 0);
  kill_reap(hog);
  wait_gone(1601);
  EXPECT_GT(share, 0.15);
  EXPECT_LT(share, 0.35);
  ASSERT_TRUE(info.has_value()) << info.error().message();
  EXPECT_GT(info->hold_msec, 1000u);
  EXPECT_EQ(info->token_usec, 4000u);  // HZ 250
}

TEST(SchedTest, WithoutSchedHardTheBucketDoesNotLimit) {
  // Control: the same parameters without SCHED_HARD leave the CPU to the
  // guest (nothing else runs on CPU 0 but the sleeping test).
  Shared* sh = shared_page();
  ASSERT_NE(sh, nullptr);
  pid_t hog = spawn_hog(sh, in_context(1602, quarter(), 0), 0.1, 1.5);
  double share = wait_share(sh);
  auto info = vsys::sched_info(1602, 0);
  kill_reap(hog);
  wait_gone(1602);
  EXPECT_GT(share, 0.8);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->hold_msec, 0u);
  // CPU time, in user or kernel mode (clock_gettime() may be a system
  // call under TCG, whose clock source the vDSO cannot read).
  EXPECT_GT(info->user_msec + info->sys_msec, 500u);
}

TEST(SchedTest, HostAndUnlimitedGuestAreNotHeld) {
  // A limited guest hog beside a host hog, then beside an unlimited guest
  // hog, all on CPU 0: the other one gets the three quarters left.
  Shared* limited = shared_page();
  ASSERT_NE(limited, nullptr);
  pid_t l = spawn_hog(limited, in_context(1603, quarter(), VXF_SCHED_HARD), 0.3, 6.0);
  for (int round = 0; round < 2; ++round) {
    Shared* other = shared_page();
    ASSERT_NE(other, nullptr);
    auto setup = round == 0 ? on_host() : in_context(1604, quarter(), 0);
    pid_t o = spawn_hog(other, setup, 0.3, 2.0);
    double share = wait_share(other);
    kill_reap(o);
    EXPECT_GT(share, 0.55) << (round == 0 ? "host" : "unlimited guest");
  }
  wait_gone(1604);
  double lshare = wait_share(limited);
  kill_reap(l);
  wait_gone(1603);
  EXPECT_LT(lshare, 0.35);
}

TEST(SchedTest, PauseStopsEveryTaskAndClearingResumes) {
  Shared* sh = shared_page();
  ASSERT_NE(sh, nullptr);
  // No hard limit: PAUSE alone holds.
  pid_t hog = spawn_hog(sh, in_context(1605, quarter(), 0), 100, 1);
  ASSERT_EQ(wait_ready(sh, false), 1);
  EXPECT_FALSE(stands_still(sh, 100));  // control: it runs
  ASSERT_TRUE(vsys::set_cflags(1605, {VXF_SCHED_PAUSE, VXF_SCHED_PAUSE}));
  usleep(100000);  // a few ticks: held on its next one
  EXPECT_TRUE(stands_still(sh, 500));
  EXPECT_EQ(vsys::virt_stat(1605).value_or(vsys::VirtStat{}).nr_onhold, 1u);
  ASSERT_TRUE(vsys::set_cflags(1605, {0, VXF_SCHED_PAUSE}));
  usleep(50000);
  EXPECT_FALSE(stands_still(sh, 200));
  EXPECT_EQ(vsys::virt_stat(1605).value_or(vsys::VirtStat{}).nr_onhold, 0u);
  auto info = vsys::sched_info(1605, 0);
  ASSERT_TRUE(info.has_value());
  EXPECT_GE(info->hold_msec, 500u);
  kill_reap(hog);
  wait_gone(1605);
}

// A held task (bucket empty for good, or paused) dies from SIGKILL at once.
void expect_killable(vsys::xid_t xid, const vsys::Sched& s, std::uint64_t flags, bool ctx_kill) {
  Shared* sh = shared_page();
  ASSERT_NE(sh, nullptr);
  pid_t hog = spawn_hog(sh, in_context(xid, s, flags), 100, 1);
  int ready = wait_ready(sh, true);
  ASSERT_TRUE(ready == 1 || ready == 2) << ready;
  usleep(100000);
  EXPECT_TRUE(stands_still(sh, 300)) << "not held";
  if (ctx_kill)
    EXPECT_TRUE(vsys::ctx_kill(xid, 0, SIGKILL));
  else
    kill(hog, SIGKILL);
  int status = 0;
  pid_t got = reap_within(hog, &status, 2000);
  EXPECT_EQ(got, hog) << "a held task did not die within 2 s";
  if (got != hog) kill_reap(hog);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  EXPECT_TRUE(wait_gone(xid));
}

TEST(SchedTest, HeldTaskIsKillable) {
  vsys::Sched never = quarter();
  never.fill_rate[0] = 0;  // the bucket never fills again
  expect_killable(1606, never, VXF_SCHED_HARD, false);
  expect_killable(1607, never, VXF_SCHED_HARD, true);
  expect_killable(1608, quarter(), VXF_SCHED_PAUSE, false);
}

TEST(SchedTest, IdleTimeRateGivesTheIdleCpuBack) {
  // Rate 1/4 in real time, 4 per tick of idle time: with CPU 0 otherwise
  // idle the context gets most of it; without the idle rate a quarter.
  vsys::Sched s = quarter();
  s.mask |= VXSM_FILL_RATE2 | VXSM_INTERVAL2 | VXSM_IDLE_TIME;
  s.fill_rate[1] = 4;
  s.interval[1] = 1;
  Shared* sh = shared_page();
  ASSERT_NE(sh, nullptr);
  pid_t hog = spawn_hog(sh, in_context(1609, s, VXF_SCHED_HARD), 0.3, 2.0);
  double share = wait_share(sh);
  auto got = vsys::get_sched(1609, 0);
  kill_reap(hog);
  wait_gone(1609);
  EXPECT_GT(share, 0.5);
  ASSERT_TRUE(got.has_value());
  EXPECT_TRUE(got->mask & VXSM_IDLE_TIME);
}

// A context parked in setup for the command tests.
class SchedCmdTest : public ::testing::Test {
 protected:
  static constexpr vsys::xid_t kXid = 1610;
  Guest g{kXid};
};

TEST_F(SchedCmdTest, DefaultsAreVs2s) {
  ASSERT_EQ(g.create_errno(), 0);
  auto s = vsys::get_sched(kXid, -1);
  ASSERT_TRUE(s.has_value()) << s.error().message();
  long hz = 1000000 / vsys::sched_info(0, 0).value_or(vsys::SchedInfo{}).token_usec;
  EXPECT_EQ(hz, 250);
  EXPECT_EQ(s->fill_rate[0], 1);
  EXPECT_EQ(s->interval[0], 4);
  EXPECT_EQ(s->fill_rate[1], 1);
  EXPECT_EQ(s->interval[1], 8);
  EXPECT_EQ(s->tokens, hz / 4);
  EXPECT_EQ(s->tokens_min, hz / 16);
  EXPECT_EQ(s->tokens_max, hz / 2);
  EXPECT_FALSE(s->mask & VXSM_IDLE_TIME);
}

TEST_F(SchedCmdTest, SetGetRoundTripAndSanitising) {
  ASSERT_EQ(g.create_errno(), 0);
  vsys::Sched s;
  s.mask = VXSM_FILL_RATE | VXSM_FILL_RATE2 | VXSM_INTERVAL | VXSM_INTERVAL2 | VXSM_TOKENS |
           VXSM_TOKENS_MIN | VXSM_TOKENS_MAX | VXSM_PRIO_BIAS | VXSM_MSEC;
  s.fill_rate[0] = -3;  // -> 0
  s.fill_rate[1] = 5;
  s.interval[0] = 100;  // ms
  s.interval[1] = 0;    // -> a second
  s.tokens = 7;
  s.tokens_min = -1;  // -> HZ/3
  s.tokens_max = 0;   // -> HZ
  s.prio_bias = 99;   // -> 20
  ASSERT_TRUE(vsys::set_sched(kXid, s));
  auto t = vsys::get_sched(kXid, -1);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->fill_rate[0], 0);
  EXPECT_EQ(t->fill_rate[1], 5);
  EXPECT_EQ(t->interval[0], 25);  // ticks
  EXPECT_EQ(t->interval[1], 250);
  EXPECT_EQ(t->tokens, 7);
  EXPECT_EQ(t->tokens_min, 83);
  EXPECT_EQ(t->tokens_max, 250);
  EXPECT_EQ(t->prio_bias, 20);
  auto ms = vsys::get_sched(kXid, -1, true);
  ASSERT_TRUE(ms.has_value());
  EXPECT_EQ(ms->interval[0], 100);
  EXPECT_EQ(ms->interval[1], 1000);
  // The bucket of CPU 0 took the values, tokens included.
  auto b = vsys::get_sched(kXid, 0);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->fill_rate[1], 5);
  EXPECT_EQ(b->tokens_max, 250);
  EXPECT_LE(b->tokens, 7);
  // tokens_min above tokens_max comes down to it; the bias to -20.
  vsys::Sched m;
  m.mask = VXSM_TOKENS_MIN | VXSM_TOKENS_MAX | VXSM_PRIO_BIAS;
  m.tokens_min = 40;
  m.tokens_max = 30;
  m.prio_bias = -50;
  ASSERT_TRUE(vsys::set_sched(kXid, m));
  t = vsys::get_sched(kXid, -1);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->tokens_min, 30);
  EXPECT_EQ(t->tokens_max, 30);
  EXPECT_EQ(t->prio_bias, -20);
  EXPECT_EQ(t->fill_rate[1], 5);  // outside the mask: kept
}

TEST_F(SchedCmdTest, V3AndV4MapOntoV5) {
  ASSERT_EQ(g.create_errno(), 0);
  // v3: only the VXSM_V3_MASK fields, one rate for both.
  vcmd_set_sched_v3 v3{0xffffffffu, 3, 12, 5, 2, 60, 4};
  ASSERT_EQ(raw_vserver(VCMD_set_sched_v3, kXid, &v3), 0) << errno;
  auto t = vsys::get_sched(kXid, -1);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->fill_rate[0], 3);
  EXPECT_EQ(t->interval[0], 12);
  EXPECT_EQ(t->fill_rate[1], 1);  // FILL_RATE2 is not a v3 field
  EXPECT_EQ(t->tokens_min, 2);
  EXPECT_EQ(t->tokens_max, 60);
  EXPECT_EQ(t->prio_bias, 4);
  // v4: the v5 mask, so FILL_RATE2 and CPU_ID too.
  vcmd_set_sched_v4 v4{VXSM_FILL_RATE2 | VXSM_INTERVAL2 | VXSM_CPU_ID, 9, 40, 0, 0, 0, 0, 0, 0};
  ASSERT_EQ(raw_vserver(VCMD_set_sched_v4, kXid, &v4), 0) << errno;
  auto b = vsys::get_sched(kXid, 0);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->fill_rate[1], 9);
  EXPECT_EQ(b->interval[1], 40);
  EXPECT_EQ(b->fill_rate[0], 3);
}

TEST_F(SchedCmdTest, PrioBiasPerCpu) {
  ASSERT_EQ(g.create_errno(), 0);
  ASSERT_TRUE(vsys::set_prio_bias(kXid, -1, 7));
  EXPECT_EQ(vsys::get_prio_bias(kXid, 0).value_or(-99), 7);
  ASSERT_TRUE(vsys::set_prio_bias(kXid, 0, -30));
  EXPECT_EQ(vsys::get_prio_bias(kXid, 0).value_or(-99), -20);
  EXPECT_EQ(err_of(vsys::get_prio_bias(kXid, -1)), EINVAL);
  EXPECT_EQ(err_of(vsys::get_prio_bias(kXid, 4096)), EINVAL);
  EXPECT_EQ(err_of(vsys::set_prio_bias(kXid, 4096, 0)), EINVAL);
}

TEST_F(SchedCmdTest, BadRequestsAreRefused) {
  ASSERT_EQ(g.create_errno(), 0);
  vsys::Sched s;
  s.mask = 0x80;  // no such field
  EXPECT_EQ(err_of(vsys::set_sched(kXid, s)), EINVAL);
  s.mask = VXSM_CPU_ID | VXSM_TOKENS;
  s.cpu_id = 4096;
  EXPECT_EQ(err_of(vsys::set_sched(kXid, s)), EINVAL);
  s.cpu_id = -2;
  EXPECT_EQ(err_of(vsys::set_sched(kXid, s)), EINVAL);
  s.mask = VXSM_BUCKET_ID;
  s.bucket_id = 1;
  EXPECT_EQ(err_of(vsys::set_sched(kXid, s)), EINVAL);
  // Nothing changed on a refusal.
  EXPECT_EQ(vsys::get_sched(kXid, -1).value_or(vsys::Sched{}).tokens, 250 / 4);
  EXPECT_EQ(err_of(vsys::get_sched(kXid, 4096)), EINVAL);
  EXPECT_EQ(err_of(vsys::sched_info(kXid, -5)), EINVAL);
  EXPECT_EQ(err_of(vsys::sched_info(kXid, 4096)), EINVAL);
  // Bad pointers, no such context.
  auto* bad = reinterpret_cast<void*>(8);
  for (std::uint32_t cmd : {VCMD_set_sched, VCMD_set_sched_v4, VCMD_set_sched_v3, VCMD_get_sched,
                            VCMD_sched_info, VCMD_set_prio_bias, VCMD_get_prio_bias}) {
    errno = 0;
    EXPECT_EQ(raw_vserver(cmd, kXid, bad), -1) << std::hex << cmd;
    EXPECT_EQ(errno, EFAULT) << std::hex << cmd;
  }
  EXPECT_EQ(err_of(vsys::get_sched(1699, -1)), ESRCH);
  EXPECT_EQ(err_of(vsys::set_sched(1699, vsys::Sched{})), ESRCH);
}

TEST(SchedCmdHostTest, SchedInfoOfTheHostGivesTheTokenLength) {
  auto info = vsys::sched_info(0, 0);
  ASSERT_TRUE(info.has_value()) << info.error().message();
  EXPECT_EQ(info->token_usec, 4000u);  // HZ 250
  EXPECT_EQ(info->user_msec, 0u);
  EXPECT_EQ(err_of(vsys::get_sched(0, -1)), ESRCH);  // no ZIDOK there
  auto vci = vsys::get_vci();
  ASSERT_TRUE(vci.has_value());
  EXPECT_TRUE(*vci & (1u << VCI_KCBIT_HARDCPU));
  EXPECT_TRUE(*vci & (1u << VCI_KCBIT_IDLETIME));
}

TEST(SchedCmdHostTest, SealedGuestCannotLiftItsOwnLimit) {
  // A guest out of setup (with CAP_SYS_ADMIN and CAP_CONTEXT) may read
  // its scheduler but not set it or its flags (EPERM); an unprivileged
  // task sees no system call.
  int rc = in_bounded(1611, {(1ULL << 63) | (1ULL << CAP_SYS_ADMIN), 0, 0}, [] {
    int bits = 0;
    vsys::Sched s;
    s.mask = VXSM_FILL_RATE;
    s.fill_rate[0] = 1000;
    if (err_of(vsys::set_sched(1611, s)) != EPERM) bits |= 1;
    if (err_of(vsys::set_sched(static_cast<vsys::xid_t>(-1), s)) != EPERM) bits |= 2;
    if (err_of(vsys::set_prio_bias(1611, -1, -20)) != EPERM) bits |= 4;
    if (err_of(vsys::set_cflags(1611, {0, VXF_SCHED_HARD})) != EPERM) bits |= 8;
    if (err_of(vsys::get_sched(1611, -1)) != 0) bits |= 16;  // control
    return bits;
  });
  EXPECT_EQ(rc, 0);
  rc = in_child([] {
    if (setresuid(65534, 65534, 65534) != 0) return 100;
    return err_of(vsys::get_sched(1611, -1)) == ENOSYS ? 0 : 1;
  });
  EXPECT_EQ(rc, 0);
}

TEST(SchedProcTest, ShowsTheTemplateAndEveryCpu) {
  Shared* sh = shared_page();
  ASSERT_NE(sh, nullptr);
  pid_t hog = spawn_hog(sh, in_context(1612, quarter(), VXF_SCHED_HARD), 100, 1);
  ASSERT_EQ(wait_ready(sh, false), 1);
  usleep(1500000);
  std::string text = slurp("/proc/virtual/1612/sched");
  auto cpus = vsys::read_sched_proc(1612);
  kill_reap(hog);
  wait_gone(1612);
  EXPECT_NE(text.find("FillRate:\t       1,1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Interval:\t       4,8\n"), std::string::npos) << text;
  EXPECT_NE(text.find("TokensMin:\t       2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("TokensMax:\t       8\n"), std::string::npos) << text;
  EXPECT_NE(text.find("PrioBias:\t       0\n"), std::string::npos) << text;
  ASSERT_TRUE(cpus.has_value()) << cpus.error().message();
  ASSERT_GE(cpus->size(), 1u);
  const auto& c0 = cpus->front();
  EXPECT_EQ(c0.cpu, 0);
  EXPECT_GT(c0.user + c0.sys, 50u);  // ticks: about a quarter of 1.5 s
  EXPECT_GT(c0.hold, 100u);          // and held the rest
  EXPECT_GT(c0.token_time, 50u);
  EXPECT_LE(c0.tokens, 8);
  EXPECT_GE(c0.tokens, -2);
  EXPECT_EQ(c0.tokens_min, 2);
  EXPECT_EQ(c0.tokens_max, 8);
  EXPECT_FALSE(c0.idle_rate);
}

}  // namespace
