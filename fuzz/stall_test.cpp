// Host checks of vsfuzz's stall watchdog: when a worker counts as stuck,
// the /proc parsing, and the description of real blocked and stopped
// processes.
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "shared.hpp"
#include "stall.hpp"

using namespace vsfuzz;

namespace {

TEST(VsfuzzStall, StuckOnlyAfterTheLimitWithoutProgress) {
  StallWatch w(60, 2, 100);
  const std::vector<bool> running{false, false};
  for (double t = 100; t < 159; t += 10) {
    w.note(0, static_cast<std::uint64_t>(t), t);  // worker 0 progresses
    w.note(1, 5, t);                              // worker 1 stopped at 5
  }
  EXPECT_TRUE(w.stuck(159.9, running).empty());
  w.note(0, 160, 160);
  w.note(1, 5, 160);
  EXPECT_EQ(w.stuck(160, running), std::vector<int>{1});
  EXPECT_DOUBLE_EQ(w.idle(1, 160), 60);
  EXPECT_DOUBLE_EQ(w.idle(0, 160), 0);
  // Progress again: not stuck any more.
  w.note(1, 6, 161);
  EXPECT_TRUE(w.stuck(161, running).empty());
}

TEST(VsfuzzStall, DoneWorkersAndADisabledWatchNeverStall) {
  StallWatch w(60, 2, 0);
  EXPECT_EQ(w.stuck(1000, {false, true}), std::vector<int>{0});
  EXPECT_TRUE(w.stuck(1000, {true, true}).empty());
  StallWatch off(0, 2, 0);
  EXPECT_TRUE(off.stuck(1e9, {false, false}).empty());
}

TEST(VsfuzzStall, ParsesStatLinesWithOddNames) {
  auto t = parse_task_stat("4711 (a) (b c) S 12 4711 4711 0 -1");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->pid, 4711);
  EXPECT_EQ(t->comm, "a) (b c");
  EXPECT_EQ(t->state, 'S');
  EXPECT_EQ(t->ppid, 12);
  EXPECT_FALSE(parse_task_stat("garbage"));
  EXPECT_FALSE(parse_task_stat("12 (x)"));
}

TEST(VsfuzzStall, DescendantsFollowTheTreeOnly) {
  const std::vector<TaskStat> all = {
      {1, "init", 'S', 0},    {10, "vsfuzz", 'S', 1}, {11, "w0", 'S', 10},  {12, "w1", 'D', 10},
      {13, "child", 'T', 11}, {14, "grand", 'S', 13}, {20, "other", 'S', 1}};
  std::vector<pid_t> pids;
  for (const auto& t : descendants(all, {10})) pids.push_back(t.pid);
  std::sort(pids.begin(), pids.end());
  EXPECT_EQ(pids, (std::vector<pid_t>{11, 12, 13, 14}));
  EXPECT_TRUE(descendants(all, {14}).empty());
}

TEST(VsfuzzStall, NamesTheVserverCommandASyscallSitsIn) {
  // set_cflags is VC_CMD(FLAGS, 2, 0) = 0x34020000; id -1 is the caller's.
  EXPECT_EQ(
      describe_syscall("236 0x34020000 0xffffffff 0x7f0000001000 0x0 0x0 0x0 0x7ffc 0x4011\n"),
      "vserver(set_cflags, id -1, data 0x7f0000001000)");
  EXPECT_EQ(describe_syscall("236 0x7f7f0001 0x7d0 0x0 0x0 0x0 0x0 0x1 0x2"),
            "vserver(0x7f7f0001, id 2000, data 0x0)");
  EXPECT_EQ(describe_syscall("0 0x3 0x7ffc 0x10 0x0 0x0 0x0 0x1 0x2"),
            "syscall 0(0x3, 0x7ffc, 0x10, 0x0, 0x0, 0x0)");
  EXPECT_EQ(describe_syscall("-1 0x7ffc 0x4011"), "not in a syscall");
  EXPECT_EQ(describe_syscall("running\n"), "running");
}

// The state of pid, once it is no longer R (or after 5 s).
char settled_state(pid_t pid) {
  char state = '?';
  for (int i = 0; i < 500; ++i) {
    const auto lines = describe_task(pid);
    if (lines.empty()) return '?';
    const auto at = lines[0].find(" state ");
    state = at == std::string::npos ? '?' : lines[0][at + 7];
    if (state != 'R') break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return state;
}

TEST(VsfuzzStall, DescribesABlockedAndAStoppedChild) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t reader = fork();
  ASSERT_GE(reader, 0);
  if (reader == 0) {
    close(fds[1]);
    char c;
    _exit(read(fds[0], &c, 1) == 1 ? 0 : 1);  // blocks until the test writes
  }
  close(fds[0]);
  EXPECT_EQ(settled_state(reader), 'S');
  const auto lines = describe_task(reader);
  ASSERT_FALSE(lines.empty());
  EXPECT_NE(lines[0].find("pid " + std::to_string(reader) + " ("), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("syscall 0(0x"), std::string::npos) << lines[0];  // read(2)
  const auto mine = descendants(list_tasks(), {getpid()});
  EXPECT_TRUE(
      std::any_of(mine.begin(), mine.end(), [&](const TaskStat& t) { return t.pid == reader; }));

  ASSERT_EQ(kill(reader, SIGSTOP), 0);
  int status = 0;
  ASSERT_EQ(waitpid(reader, &status, WUNTRACED), reader);
  EXPECT_TRUE(WIFSTOPPED(status));
  EXPECT_EQ(settled_state(reader), 'T');
  kill(reader, SIGCONT);
  ASSERT_EQ(write(fds[1], "x", 1), 1);
  close(fds[1]);
  ASSERT_EQ(waitpid(reader, &status, 0), reader);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_TRUE(describe_task(reader).empty());  // gone
}

void on_alarm(int) {}

// In a child: a read(2) that only a signal ends, entered 50 ms after a
// 10 ms timer was armed (the first SIGALRM lands in user space, as for a
// worker preempted before its wait_exit).  0 when it ended with EINTR.
// The child is killed after 2 s: 2 then.
int late_blocking_call(bool repeating) {
  const pid_t pid = fork();
  if (pid == 0) {
    struct sigaction sa {};
    sa.sa_handler = on_alarm;  // no SA_RESTART
    sigaction(SIGALRM, &sa, nullptr);
    int fds[2];
    if (pipe(fds) != 0) _exit(3);
    auto call = [&]() -> long {
      const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(50);
      while (std::chrono::steady_clock::now() < until) {
      }
      char c;
      return read(fds[0], &c, 1);
    };
    long ret;
    if (repeating) {
      ret = interrupted_within(10000, call);
    } else {
      itimerval it{};
      it.it_value.tv_usec = 10000;
      setitimer(ITIMER_REAL, &it, nullptr);
      ret = call();
    }
    _exit(ret == -1 && errno == EINTR ? 0 : 1);
  }
  int status = 0;
  for (int i = 0; i < 200; ++i) {
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 4;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return 2;
}

TEST(VsfuzzTimer, ABlockingCallEndsWhenTheFirstSignalCameEarly) {
  EXPECT_EQ(late_blocking_call(true), 0);
  // Control: with one signal only, the same call waits for good.
  EXPECT_EQ(late_blocking_call(false), 2);
}

}  // namespace
