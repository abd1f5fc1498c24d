// Shared pieces of the benchmark suites.
#pragma once

#include <benchmark/benchmark.h>

namespace vbench {

// Skips the benchmark (with a reason) when the kernel has no vserver(2),
// as on the unpatched kernel of configuration (a).
bool skip_without_vserver(benchmark::State& state);

}  // namespace vbench
