// Entry point of the benchmark suites.  VBENCH_CONTEXTS=N first creates N
// persistent idle contexts (xids 30000..), to measure the cost of a
// populated context table; they are removed again at the end.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include <benchmark/benchmark.h>

#include "vsys/context.hpp"

namespace {

constexpr vsys::xid_t kFirstIdle = 30000;

int make_idle_contexts(int n) {
  for (int i = 0; i < n; ++i) {
    pid_t pid = fork();
    if (pid == 0) _exit(vsys::ctx_create(kFirstIdle + i, VXF_INIT_SET | VXF_PERSISTENT) ? 0 : 1);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status)) return i;
  }
  return n;
}

void drop_idle_contexts(int n) {
  for (int i = 0; i < n; ++i) (void)vsys::set_cflags(kFirstIdle + i, {0, VXF_PERSISTENT});
}

}  // namespace

int main(int argc, char** argv) {
  const char* env = std::getenv("VBENCH_CONTEXTS");
  int want = env ? std::atoi(env) : 0;
  int made = make_idle_contexts(want);
  benchmark::AddCustomContext("vserver_idle_contexts", std::to_string(made));
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  drop_idle_contexts(made);
  return made == want ? 0 : 1;
}
