#include "bench_util.hpp"

#include "vsys/context.hpp"

namespace vbench {

bool skip_without_vserver(benchmark::State& state) {
  if (vsys::get_version()) return false;
  state.SkipWithError("no vserver(2) in this kernel");
  return true;
}

}  // namespace vbench
