// Process-level costs: context switches, fork, exec, and the life of a
// context.  Each iteration is one round trip or one child.
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <benchmark/benchmark.h>

#include "bench_util.hpp"
#include "vsys/context.hpp"

namespace {

void pin_to_cpu0() {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(0, &set);
  sched_setaffinity(0, sizeof(set), &set);
}

// Two processes bounce one byte through two pipes: two context switches
// per iteration.
void BM_pipe_pingpong(benchmark::State& state) {
  int to_child[2], to_parent[2];
  if (pipe(to_child) || pipe(to_parent)) return vbench::fail(state, "pipe");
  pin_to_cpu0();
  pid_t child = fork();
  if (child < 0) return vbench::fail(state, "fork");
  if (child == 0) {
    close(to_child[1]);
    close(to_parent[0]);
    char c;
    while (read(to_child[0], &c, 1) == 1 && write(to_parent[1], &c, 1) == 1) {
    }
    _exit(0);
  }
  close(to_child[0]);
  close(to_parent[1]);
  char c = 'x';
  for (auto _ : state) {
    if (write(to_child[1], &c, 1) != 1 || read(to_parent[0], &c, 1) != 1) {
      vbench::fail(state, "pipe round trip");
      break;
    }
  }
  close(to_child[1]);  // the child reads EOF and exits
  waitpid(child, nullptr, 0);
  close(to_parent[0]);
}
BENCHMARK(BM_pipe_pingpong)->UseRealTime();

// Two processes on one CPU yielding to each other.
void BM_sched_yield_pingpong(benchmark::State& state) {
  pin_to_cpu0();
  pid_t child = fork();
  if (child < 0) return vbench::fail(state, "fork");
  if (child == 0) {
    for (;;) sched_yield();
  }
  for (auto _ : state) sched_yield();
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
}
BENCHMARK(BM_sched_yield_pingpong)->UseRealTime();

void BM_fork_exit_wait(benchmark::State& state) {
  for (auto _ : state) {
    pid_t pid = fork();
    if (pid == 0) _exit(0);
    if (pid < 0 || waitpid(pid, nullptr, 0) != pid) {
      vbench::fail(state, "fork/waitpid");
      break;
    }
  }
}
BENCHMARK(BM_fork_exit_wait)->UseRealTime();

// exec of a static binary (busybox true); a failed exec (exit 127)
// ends the benchmark instead of timing fork+exit.
void BM_fork_exec_wait(benchmark::State& state) {
  for (auto _ : state) {
    pid_t pid = fork();
    if (pid == 0) {
      execl("/bin/busybox", "true", static_cast<char*>(nullptr));
      _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid) {
      vbench::fail(state, "fork/waitpid");
      break;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      state.SkipWithError("exec of /bin/busybox true failed (child status not 0)");
      break;
    }
  }
}
BENCHMARK(BM_fork_exec_wait)->UseRealTime();

// A child creates a context (ctx_create migrates it in) and exits, which
// destroys the context: compare with BM_fork_exit_wait.  One item is one
// create+migrate+exit, so the JSON also has the rate (items_per_second).
void BM_ctx_create_exit(benchmark::State& state) {
  if (vbench::skip_without_vserver(state)) return;
  vsys::xid_t xid = 20000;
  for (auto _ : state) {
    pid_t pid = fork();
    if (pid == 0) _exit(vsys::ctx_create(xid, VXF_INIT_SET) ? 0 : 1);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status)) {
      state.SkipWithError("ctx_create in the child failed");
      break;
    }
    xid = xid == 29999 ? 20000 : xid + 1;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ctx_create_exit)->UseRealTime();

}  // namespace
