// libvsys: typed calls of the token-bucket scheduler commands of
// vserver(2) (set_sched v5, get_sched, sched_info, set_prio_bias,
// get_prio_bias) and the reading of /proc/virtual/<xid>/sched.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <linux/vserver/sched.h>

#include "vsys/context.hpp"
#include "vsys/error.hpp"

namespace vsys {

// A set_sched request or a get_sched answer: the VXSM_* mask names the
// fields set (on get: VXSM_CPU_ID asks for one CPU's bucket, VXSM_MSEC
// for the intervals in ms).  Tokens are ticks of CPU time.
struct Sched {
  std::uint32_t mask = 0;
  std::int32_t cpu_id = -1;
  std::int32_t bucket_id = 0;
  std::int32_t fill_rate[2] = {0, 0};
  std::int32_t interval[2] = {0, 0};
  std::int32_t tokens = 0;
  std::int32_t tokens_min = 0;
  std::int32_t tokens_max = 0;
  std::int32_t prio_bias = 0;
};

// What a context used and waited on one CPU (sched_info).
struct SchedInfo {
  std::uint64_t user_msec = 0;
  std::uint64_t sys_msec = 0;
  std::uint64_t hold_msec = 0;
  std::uint32_t token_usec = 0;  // the length of one token (one tick)
};

Result<void> set_sched(xid_t xid, const Sched& s);
// get_sched; cpu -1 for the context's template, else that CPU's bucket.
Result<Sched> get_sched(xid_t xid, int cpu, bool msec = false);
Result<SchedInfo> sched_info(xid_t xid, int cpu);
Result<void> set_prio_bias(xid_t xid, int cpu, int bias);
Result<int> get_prio_bias(xid_t xid, int cpu);

// One "cpu N:" line of /proc/virtual/<xid>/sched (times and tokens in
// ticks).
struct SchedCpu {
  int cpu = 0;
  std::uint64_t user = 0;
  std::uint64_t sys = 0;
  std::uint64_t hold = 0;
  std::uint64_t token_time = 0;
  std::uint64_t idle_time = 0;
  bool held = false;
  bool idle_rate = false;
  std::int64_t tokens = 0;
  int tokens_min = 0;
  int tokens_max = 0;
};

// The cpu lines of a /proc/virtual/<xid>/sched text; EINVAL names the
// first line that does not parse.
Result<std::vector<SchedCpu>> parse_sched_proc(std::string_view text);
// parse_sched_proc() of /proc/virtual/<xid>/sched.
Result<std::vector<SchedCpu>> read_sched_proc(xid_t xid);

}  // namespace vsys
