// ctx_kill on a context that left STATE_ADMIN ("shutdown only": pid 1,
// forced to SIGINT while other tasks live) and wait_exit interrupted by
// a signal or given a bad pointer.  Runs as root in the QEMU guest.
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include <gtest/gtest.h>

#include "guest.hpp"

using namespace vtest;

namespace {

// The signal that ended child pid, 0 if it did not die from one.
int death_signal(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, 0) != pid || !WIFSIGNALED(status)) return 0;
  return WTERMSIG(status);
}

TEST(KillWaitTest, SealedContextTakesOnlyAShutdownThroughInit) {
  Guest g(1120);
  ASSERT_EQ(g.create_errno(), 0);
  pid_t init = spawn_init(1120);
  ASSERT_GT(init, 0);
  ASSERT_TRUE(vsys::set_cflags(1120, {0, VXF_STATE_ADMIN}));
  EXPECT_EQ(err_of(vsys::ctx_kill(1120, 0, SIGKILL)), EACCES);
  EXPECT_EQ(err_of(vsys::ctx_kill(1120, -1, SIGKILL)), EACCES);
  EXPECT_EQ(err_of(vsys::ctx_kill(1120, g.pids()[0], SIGKILL)), EACCES);
  EXPECT_EQ(err_of(vsys::ctx_kill(1120, init, SIGKILL)), EACCES) << "only pid 1 names the init";
  ASSERT_TRUE(vsys::ctx_kill(1120, 1, SIGKILL));
  EXPECT_EQ(death_signal(init), SIGINT) << "two tasks: the signal is forced to SIGINT";
  EXPECT_EQ(waitpid(g.pids()[0], nullptr, WNOHANG), 0) << "the other task was hit";
}

// When the init exits the context has none: a sealed context can still be
// stopped, and a reused pid is not taken for the init.
TEST(KillWaitTest, InitExitClearsTheInitPid) {
  Guest g(1122);
  ASSERT_EQ(g.create_errno(), 0);
  pid_t init = spawn_init(1122);
  ASSERT_GT(init, 0);
  EXPECT_EQ(vsys::vx_info(1122).value_or(vsys::VxInfo{0, 0}).initpid, init) << "control";
  kill(init, SIGKILL);
  waitpid(init, nullptr, 0);
  EXPECT_EQ(vsys::vx_info(1122).value_or(vsys::VxInfo{0, 1}).initpid, 0);
  ASSERT_TRUE(vsys::set_cflags(1122, {0, VXF_STATE_ADMIN}));
  EXPECT_EQ(err_of(vsys::ctx_kill(1122, 0, SIGKILL)), 0);
  EXPECT_TRUE(wait_gone(1122));
}

TEST(KillWaitTest, SealedContextWithOnlyItsInitGetsTheSignalAsked) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t init = fork();
  if (init == 0) {
    // Clearing STATE_INIT from inside names the caller the guest init.
    char ok = vsys::ctx_create(1121, VXF_INIT_SET) && vsys::set_cflags(1121, {0, VXF_STATE_INIT});
    if (write(fds[1], &ok, 1) != 1) _exit(1);
    for (;;) pause();
  }
  close(fds[1]);
  char ok = 0;
  ASSERT_EQ(read(fds[0], &ok, 1), 1);
  close(fds[0]);
  if (!ok) kill(init, SIGKILL);
  ASSERT_TRUE(ok);
  EXPECT_EQ(vsys::vx_info(1121).value_or(vsys::VxInfo{0, 0}).initpid, init);
  ASSERT_TRUE(vsys::set_cflags(1121, {0, VXF_STATE_ADMIN}));
  EXPECT_EQ(vsys::ctx_stat(1121).value_or(vsys::CtxStat{0, 0}).tasks, 1u);
  EXPECT_EQ(err_of(vsys::ctx_kill(1121, 0, SIGKILL)), EACCES);
  ASSERT_TRUE(vsys::ctx_kill(1121, 1, SIGTERM));
  EXPECT_EQ(death_signal(init), SIGTERM);
  EXPECT_TRUE(wait_gone(1121));
}

void no_op(int) {}

// A child blocked in wait_exit(xid, data) with a no-op SIGUSR1 handler
// installed with sa_flags; it exits with wait_exit's errno, 0 on success.
// bad_data passes an unmapped address instead of a valid struct.
pid_t spawn_waiter(vsys::xid_t xid, int sa_flags, bool bad_data = false) {
  // Blocked across fork: a signal sent before the handler exists waits.
  sigset_t usr1, old;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  sigprocmask(SIG_BLOCK, &usr1, &old);
  pid_t pid = fork();
  if (pid == 0) {
    struct sigaction sa {};
    sa.sa_handler = no_op;
    sa.sa_flags = sa_flags;
    sigaction(SIGUSR1, &sa, nullptr);
    sigprocmask(SIG_SETMASK, &old, nullptr);
    vcmd_wait_exit_v0 vc{};
    void* data = &vc;
    if (bad_data) {
      data = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (data == MAP_FAILED || munmap(data, 4096) != 0) _exit(100);
    }
    _exit(raw_vserver(VCMD_wait_exit, xid, data) == -1 ? errno : 0);
  }
  sigprocmask(SIG_SETMASK, &old, nullptr);
  return pid;
}

// Exit status of child pid (255 + signal if one killed it); without
// block, -1 while it still runs.
int exit_code(pid_t pid, bool block) {
  int status = 0;
  if (waitpid(pid, &status, block ? 0 : WNOHANG) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 255 + WTERMSIG(status);
}

TEST(KillWaitTest, WaitExitInterruptedBySignalIsEintr) {
  Guest g(1130);
  ASSERT_EQ(g.create_errno(), 0);
  pid_t waiter = spawn_waiter(1130, 0);
  int code = -1;
  // A signal that lands before the call only runs the handler: repeat.
  for (int i = 0; i < 300 && code < 0; ++i) {
    kill(waiter, SIGUSR1);
    usleep(10000);
    code = exit_code(waiter, false);
  }
  if (code < 0) {
    kill(waiter, SIGKILL);
    waitpid(waiter, nullptr, 0);
  }
  EXPECT_EQ(code, EINTR);
  EXPECT_EQ(vsys::ctx_stat(1130).value_or(vsys::CtxStat{0, 0}).tasks, 1u);
}

TEST(KillWaitTest, WaitExitRestartsUnderSaRestart) {
  Guest g(1131);
  ASSERT_EQ(g.create_errno(), 0);
  pid_t waiter = spawn_waiter(1131, SA_RESTART);
  usleep(100000);
  for (int i = 0; i < 20; ++i) {
    kill(waiter, SIGUSR1);
    usleep(10000);
  }
  EXPECT_EQ(exit_code(waiter, false), -1) << "wait_exit returned on a signal";
  g.stop();
  EXPECT_EQ(exit_code(waiter, true), 0);
}

// wait_exit checks NULL first but copies its result out only when the
// context is gone: an unmapped pointer blocks, then faults.
TEST(KillWaitTest, WaitExitFaultsAfterShutdown) {
  Guest g(1132);
  ASSERT_EQ(g.create_errno(), 0);
  pid_t waiter = spawn_waiter(1132, 0, true);
  usleep(200000);
  EXPECT_EQ(exit_code(waiter, false), -1) << "did not block";
  g.stop();
  EXPECT_EQ(exit_code(waiter, true), EFAULT);
  EXPECT_TRUE(wait_gone(1132));
}

}  // namespace
