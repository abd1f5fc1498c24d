// Syscall-level costs of the patch, run inside the booted kernel.  Compare
// the same benchmark across kernels or contexts as ratios: absolute times
// under QEMU/TCG are distorted.
#include <unistd.h>

#include <benchmark/benchmark.h>

#include "vsys/context.hpp"

namespace {

// Baseline: the cheapest real syscall.
void BM_getppid(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(getppid());
}
BENCHMARK(BM_getppid);

// The vserver syscall's dispatch path (table lookup, permission checks).
void BM_vserver_get_version(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(vsys::get_version());
}
BENCHMARK(BM_vserver_get_version);

// A pid lookup plus the visibility check.
void BM_vserver_task_xid(benchmark::State& state) {
  pid_t self = getpid();
  for (auto _ : state) benchmark::DoNotOptimize(vsys::task_xid(self));
}
BENCHMARK(BM_vserver_task_xid);

}  // namespace
