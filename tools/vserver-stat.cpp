// vserver-stat: one line per running context (processes, memory, CPU
// time, uptime, name), as a table or as JSON; the JSON also carries each
// guest's limits (current value, highest value, hits; rlimit_stat) and
// its token-bucket scheduler (CPU and hold times, tokens per CPU).
#include <unistd.h>

#include <map>

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "common.hpp"
#include "format.hpp"
#include "vsys/limit.hpp"
#include "vsys/procfs.hpp"
#include "vsys/sched.hpp"

namespace {

struct Row {
  unsigned procs = 0;
  std::uint64_t vsz = 0, rss = 0, utime = 0, stime = 0;
  std::uint64_t first_start = UINT64_MAX;  // ticks after boot
};

std::uint64_t centis(std::uint64_t ticks, long hz) { return ticks * 100 / hz; }

// {"nproc": {"current": N, "max": N, "hits": N}, ...} for a guest; the
// limits the kernel does not report are left out.
nlohmann::json limits_json(vsys::xid_t xid) {
  nlohmann::json out = nlohmann::json::object();
  for (std::uint32_t id = 0; id < NUM_LIMITS; ++id) {
    auto st = vsys::rlimit_stat(xid, id);
    if (!st) continue;
    out[std::string(vsys::limit_name(id))] = {
        {"current", st->value}, {"max", st->maximum}, {"hits", st->hits}};
  }
  return out;
}

// {"user_msec": N, "sys_msec": N, "hold_msec": N, "token_usec": N,
//  "cpus": [{"cpu": 0, "user_msec": N, "sys_msec": N, "hold_msec": N,
//            "tokens": N, "tokens_min": N, "tokens_max": N}, ...]}
// for a guest: sched_info and get_sched of each CPU, the totals summed.
nlohmann::json sched_json(vsys::xid_t xid) {
  nlohmann::json cpus = nlohmann::json::array();
  std::uint64_t user = 0, sys = 0, hold = 0;
  std::uint32_t token_usec = 0;
  const long n = sysconf(_SC_NPROCESSORS_CONF);
  for (int cpu = 0; cpu < n; ++cpu) {
    auto info = vsys::sched_info(xid, cpu);
    auto bucket = vsys::get_sched(xid, cpu);
    if (!info || !bucket) continue;  // no such CPU
    user += info->user_msec;
    sys += info->sys_msec;
    hold += info->hold_msec;
    token_usec = info->token_usec;
    cpus.push_back({{"cpu", cpu},
                    {"user_msec", info->user_msec},
                    {"sys_msec", info->sys_msec},
                    {"hold_msec", info->hold_msec},
                    {"tokens", bucket->tokens},
                    {"tokens_min", bucket->tokens_min},
                    {"tokens_max", bucket->tokens_max}});
  }
  return {{"user_msec", user},
          {"sys_msec", sys},
          {"hold_msec", hold},
          {"token_usec", token_usec},
          {"cpus", cpus}};
}

}  // namespace

int main(int argc, char** argv) {
  bool json = false;
  CLI::App app{"Show the running security contexts: CTX PROC VSZ RSS userTIME sysTIME UPTIME NAME.",
               "vserver-stat"};
  app.add_flag("--json", json, "print JSON instead of the table");
  bool done;
  int rc = vtool::parse_args(app, argc, argv, done);
  if (done) return rc;

  const long hz = sysconf(_SC_CLK_TCK);
  const long page = sysconf(_SC_PAGESIZE);
  auto uptime = vsys::read_uptime();
  if (!uptime) return vtool::fail("vserver-stat", uptime.error());
  std::map<vsys::xid_t, Row> rows;
  for (pid_t pid : vsys::list_pids()) {
    auto xid = vsys::task_xid(pid);
    if (!xid) {
      if (xid.error().code() == ESRCH) continue;  // exited meanwhile
      return vtool::fail("vserver-stat", xid.error());
    }
    auto st = vsys::read_proc_stat(pid);
    if (!st) continue;
    Row& r = rows[*xid];
    r.procs++;
    r.vsz += st->vsize;
    r.rss += st->rss * page;
    r.utime += st->utime;
    r.stime += st->stime;
    r.first_start = std::min(r.first_start, st->starttime);
  }
  auto now = static_cast<std::uint64_t>(*uptime * 100);
  nlohmann::json out = nlohmann::json::array();
  if (!json)
    fmt::print("{:<6} {:<7} {:<7} {:<6} {:<9} {:<8} {:<7} {}\n", "CTX", "PROC", "VSZ", "RSS",
               "userTIME", "sysTIME", "UPTIME", "NAME");
  for (const auto& [xid, r] : rows) {
    std::uint64_t up = now - std::min(now, centis(r.first_start, hz));
    std::string name = xid == 0 ? "root server" : vtool::context_name(xid);
    if (json) {
      out.push_back({{"ctx", xid},
                     {"proc", r.procs},
                     {"vsz", r.vsz},
                     {"rss", r.rss},
                     {"user_centis", centis(r.utime, hz)},
                     {"sys_centis", centis(r.stime, hz)},
                     {"uptime_centis", up},
                     {"name", name}});
      if (xid >= VX_ID_MIN_GUEST) {
        out.back()["limits"] = limits_json(xid);
        out.back()["sched"] = sched_json(xid);
      }
      continue;
    }
    fmt::print("{:<6} {:<7} {:<7} {:<6} {:<9} {:<8} {:<7} {}\n", xid, r.procs,
               vtool::format_size(r.vsz), vtool::format_size(r.rss),
               vtool::format_cputime(centis(r.utime, hz)),
               vtool::format_cputime(centis(r.stime, hz)), vtool::format_uptime(up), name);
  }
  if (json) fmt::print("{}\n", out.dump(2));
  return 0;
}
