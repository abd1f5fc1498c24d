// Shared pieces of the benchmark suites.
#pragma once

#include <string>

#include <benchmark/benchmark.h>

namespace vbench {

// Skips the benchmark (with a reason) when the kernel has no vserver(2),
// as on the unpatched kernel of configuration (a).
bool skip_without_vserver(benchmark::State& state);

// Ends the benchmark with an error naming the call and errno.
void fail(benchmark::State& state, const std::string& call);

// Adds what the run measured under to the JSON "context": kernel
// release and version, xid, nid, bcaps and the bounding set (from /proc).
void record_environment();

// Creates N persistent idle contexts (xids 30000..); returns how many.
int make_idle_contexts(int n);

}  // namespace vbench
