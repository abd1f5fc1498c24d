// Entry point of the benchmark suites.
//
//   vserver_bench [--benchmark_...]      run the suites; exit 1 when a
//                                        benchmark errored or skipped, or
//                                        when the filter matched nothing
//   vserver_bench --make-idle-contexts=N create N persistent idle contexts
//                                        (xids 30000..) and exit: bench/suite
//                                        runs it on the host before a scale
//                                        run enters its guest
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "bench_util.hpp"

namespace {

// The console output, remembering every benchmark that did not measure.
class CheckingReporter : public benchmark::ConsoleReporter {
 public:
  CheckingReporter() : ConsoleReporter(isatty(STDOUT_FILENO) ? OO_Defaults : OO_Tabular) {}
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& r : runs)
      if (r.error_occurred) failed.insert(r.benchmark_name() + ": " + r.error_message);
    ConsoleReporter::ReportRuns(runs);
  }
  std::set<std::string> failed;
};

constexpr std::string_view kIdleFlag = "--make-idle-contexts=";

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::string_view(argv[1]).starts_with(kIdleFlag)) {
    int want = std::atoi(argv[1] + kIdleFlag.size());
    int made = vbench::make_idle_contexts(want);
    if (made == want) return 0;
    fmt::print(stderr, "vserver_bench: made {} of {} idle contexts\n", made, want);
    return 1;
  }
  vbench::record_environment();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  CheckingReporter reporter;
  size_t ran = benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  for (const auto& f : reporter.failed) fmt::print(stderr, "vserver_bench: FAILED {}\n", f);
  if (ran == 0) fmt::print(stderr, "vserver_bench: no benchmark matched the filter\n");
  return ran == 0 || !reporter.failed.empty() ? 1 : 0;
}
