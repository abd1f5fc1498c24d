#include "vsys/sched.hpp"

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <fmt/core.h>

#include "call.hpp"

namespace vsys {

using detail::call;
using detail::call_void;

namespace {

// Sched is vcmd_sched_v5 with defaults (the same fields, the same
// types): one as the other.
template <class To, class From>
To convert(const From& f) {
  To t{};
  t.mask = f.mask;
  t.cpu_id = f.cpu_id;
  t.bucket_id = f.bucket_id;
  for (int i = 0; i < 2; i++) {
    t.fill_rate[i] = f.fill_rate[i];
    t.interval[i] = f.interval[i];
  }
  t.tokens = f.tokens;
  t.tokens_min = f.tokens_min;
  t.tokens_max = f.tokens_max;
  t.prio_bias = f.prio_bias;
  return t;
}

}  // namespace

Result<void> set_sched(xid_t xid, const Sched& s) {
  vcmd_sched_v5 vc = convert<vcmd_sched_v5>(s);
  return call_void(VCMD_set_sched, xid, &vc, "set_sched");
}

Result<Sched> get_sched(xid_t xid, int cpu, bool msec) {
  vcmd_sched_v5 vc{};
  vc.cpu_id = cpu;
  if (cpu >= 0) vc.mask |= VXSM_CPU_ID;
  if (msec) vc.mask |= VXSM_MSEC;
  return map(call(VCMD_get_sched, xid, &vc, "get_sched"), [&](long) { return convert<Sched>(vc); });
}

Result<SchedInfo> sched_info(xid_t xid, int cpu) {
  vcmd_sched_info vc{};
  vc.cpu_id = cpu;
  return map(call(VCMD_sched_info, xid, &vc, "sched_info"), [&](long) {
    return SchedInfo{vc.user_msec, vc.sys_msec, vc.hold_msec, vc.token_usec};
  });
}

Result<void> set_prio_bias(xid_t xid, int cpu, int bias) {
  vcmd_prio_bias vc{cpu, bias};
  return call_void(VCMD_set_prio_bias, xid, &vc, "set_prio_bias");
}

Result<int> get_prio_bias(xid_t xid, int cpu) {
  vcmd_prio_bias vc{cpu, 0};
  return map(call(VCMD_get_prio_bias, xid, &vc, "get_prio_bias"),
             [&](long) { return static_cast<int>(vc.prio_bias); });
}

Result<std::vector<SchedCpu>> parse_sched_proc(std::string_view text) {
  std::vector<SchedCpu> out;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with("cpu ")) continue;
    SchedCpu c;
    char state[3] = {};
    unsigned long long user = 0, sys = 0, hold = 0, tt = 0, it = 0;
    long long tokens = 0;
    int n = std::sscanf(line.c_str(), "cpu %d: %llu %llu %llu %llu %llu %2c %lld %d %d", &c.cpu,
                        &user, &sys, &hold, &tt, &it, state, &tokens, &c.tokens_min, &c.tokens_max);
    if (n != 10) return std::unexpected(Error(EINVAL, fmt::format("parse sched line '{}'", line)));
    c.user = user;
    c.sys = sys;
    c.hold = hold;
    c.token_time = tt;
    c.idle_time = it;
    c.held = state[0] == 'H';
    c.idle_rate = state[1] == 'I';
    c.tokens = tokens;
    out.push_back(c);
  }
  return out;
}

Result<std::vector<SchedCpu>> read_sched_proc(xid_t xid) {
  std::string path = fmt::format("/proc/virtual/{}/sched", xid);
  std::ifstream in(path);
  if (!in) return std::unexpected(Error(errno ? errno : ENOENT, "read " + path));
  std::stringstream text;
  text << in.rdbuf();
  return parse_sched_proc(text.str());
}

}  // namespace vsys
