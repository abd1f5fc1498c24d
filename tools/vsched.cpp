// vsched: the token-bucket scheduler of a context (util-vserver's options).
//   vsched [--xid XID] [--fill-rate N] [--interval N] [--tokens N]
//          [--tokens-min N] [--tokens-max N] [--prio-bias N]
//          [--fill-rate2 N] [--interval2 N] [--cpu-id N] [--bucket-id N]
//          [--idle-time] [--force] [--dir DIR [--missingok]] [--] [COMMAND...]
// One set_sched (v5) with the fields given.  --dir reads the files
// fill-rate, interval, tokens, tokens-min, tokens-max, prio-bias (or
// priority-bias), fill-rate2 and interval2 (both turn the idle time rate
// on), cpu-id, bucket-id and idle-time (its presence) of an
// /etc/vservers/NAME/sched directory for the fields not given on the
// line, then each of its subdirectories as one more request for one CPU
// (its own cpu-id file).  The idle time rate stays on only if every
// request says so (--idle-time), as on vs2.
#include <filesystem>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "common.hpp"
#include "sched_dir.hpp"
#include "vsys/sched.hpp"

namespace {

constexpr const char* kTool = "vsched";

}  // namespace

int main(int argc, char** argv) {
  vsys::Sched s;
  std::uint32_t given = 0;
  bool has_xid = false, idle = false, force = false, missingok = false;
  vsys::xid_t xid = 0;
  std::string dir, cpu_mask;
  std::vector<std::string> command;

  CLI::App app{"Set the token-bucket scheduler of a security context.", kTool};
  app.add_option("--xid,--ctx", xid, "context id (default: the caller's)")
      ->check(CLI::Range(2, 65535))
      ->each([&](const std::string&) { has_xid = true; });
  for (const auto& f : vtool::sched_fields())
    app.add_option(f.options, *f.at(s), f.help)->each([&given, mask = f.mask](const std::string&) {
      given |= mask;
    });
  app.add_flag("--idle-time", idle, "use the idle time rate (every update must say so)");
  app.add_flag("--force", force, "apply now on every CPU (this kernel always does)");
  app.add_option("--dir", dir, "read the settings from the files of DIR");
  app.add_flag("--missingok", missingok, "a missing --dir is no error");
  app.add_option("--cpu_mask", cpu_mask, "deprecated, no effect");
  app.add_option("command", command, "command to run afterwards");
  app.positionals_at_end();
  bool done;
  int rc = vtool::parse_args(app, argc, argv, done);
  if (done) return rc;

  if (!cpu_mask.empty())
    fmt::print(stderr,
               "vsched: WARNING: the '--cpu_mask' parameter is deprecated and will not "
               "have any effect\n");
  s.mask = given | (idle ? VXSM_IDLE_TIME : 0) | (force ? VXSM_FORCE : 0);
  if (!has_xid && command.empty())
    return vtool::fail(kTool, "without a program, '--xid' must be used");
  if (s.mask == 0 && dir.empty() && command.empty())
    return vtool::fail(kTool, "neither an option nor a program was given");
  if (!has_xid) {
    auto self = vsys::task_xid(0);
    if (!self) return vtool::fail(kTool, self.error());
    xid = *self;
  }

  std::vector<vsys::Sched> per_cpu;
  bool apply = s.mask != 0;
  if (!dir.empty()) {
    std::error_code ec;
    if (std::filesystem::is_directory(dir, ec)) {
      if (auto r = vtool::read_sched_dir(dir, s, given, per_cpu); !r)
        return vtool::fail(kTool, r.error());
      apply = true;
    } else if (!missingok) {
      return vtool::fail(kTool, "no directory " + dir);
    }
  }
  if (apply) {
    auto r = vsys::set_sched(xid, s);
    if (!r) return vtool::fail(kTool, r.error());
  }
  for (const auto& cpu : per_cpu) {
    auto r = vsys::set_sched(xid, cpu);
    if (!r) return vtool::fail(kTool, r.error());
  }
  if (!command.empty()) return vtool::fail(kTool, vtool::exec_command(command));
  return 0;
}
