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
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "common.hpp"
#include "vsys/sched.hpp"

namespace {

constexpr const char* kTool = "vsched";

// The fields of a set_sched request: the --dir file, the options and the
// help of each (one table for both).
struct Field {
  const char* file;
  const char* options;
  std::int32_t* (*at)(vsys::Sched&);
  std::uint32_t mask;
  const char* help;
};
const Field kFields[] = {
    {"fill-rate", "--fill-rate", [](vsys::Sched& s) { return &s.fill_rate[0]; }, VXSM_FILL_RATE,
     "tokens added per interval"},
    {"interval", "--interval", [](vsys::Sched& s) { return &s.interval[0]; }, VXSM_INTERVAL,
     "refill interval, in ticks"},
    {"tokens", "--tokens", [](vsys::Sched& s) { return &s.tokens; }, VXSM_TOKENS,
     "tokens in the bucket now"},
    {"tokens-min", "--tokens-min,--tokens_min", [](vsys::Sched& s) { return &s.tokens_min; },
     VXSM_TOKENS_MIN, "tokens a held context needs to run again"},
    {"tokens-max", "--tokens-max,--tokens_max", [](vsys::Sched& s) { return &s.tokens_max; },
     VXSM_TOKENS_MAX, "bucket size"},
    {"prio-bias", "--prio-bias,--prio_bias,--priority-bias,--priority_bias",
     [](vsys::Sched& s) { return &s.prio_bias; }, VXSM_PRIO_BIAS, "priority bias, -20..20"},
    {"fill-rate2", "--fill-rate2", [](vsys::Sched& s) { return &s.fill_rate[1]; }, VXSM_FILL_RATE2,
     "tokens per interval2 of idle time"},
    {"interval2", "--interval2", [](vsys::Sched& s) { return &s.interval[1]; }, VXSM_INTERVAL2,
     "idle time interval, in ticks"},
    {"cpu-id", "--cpu-id", [](vsys::Sched& s) { return &s.cpu_id; }, VXSM_CPU_ID,
     "only the bucket of this CPU (-1: all)"},
    {"bucket-id", "--bucket-id", [](vsys::Sched& s) { return &s.bucket_id; }, VXSM_BUCKET_ID,
     "the bucket (0)"},
};

const Field* field_of_file(const std::string& name) {
  const std::string n = name == "priority-bias" ? "prio-bias" : name;
  for (const auto& f : kFields)
    if (n == f.file) return &f;
  return nullptr;
}

// One --dir file into s, unless the command line gave that field; the
// files of the idle time rate turn it on, as "idle-time" does.
int read_entry(vsys::Sched& s, std::uint32_t given, const std::filesystem::path& p) {
  const std::string name = p.filename();
  if (name == "idle-time") {
    s.mask |= VXSM_IDLE_TIME;
    return 0;
  }
  const Field* f = field_of_file(name);
  if (!f || (given & f->mask)) return 0;  // not a scheduler file, or given
  std::ifstream in(p);
  std::string text;
  std::getline(in, text);
  std::int32_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    return vtool::fail(kTool, p.string() + ": is not a number");
  *f->at(s) = v;
  s.mask |= f->mask;
  if (f->mask & (VXSM_FILL_RATE2 | VXSM_INTERVAL2)) s.mask |= VXSM_IDLE_TIME;
  return 0;
}

// The files of dir into s (its subdirectories into more, one per CPU).
int read_dir(const std::filesystem::path& dir, vsys::Sched& s, std::uint32_t given,
             std::vector<vsys::Sched>* more) {
  std::error_code ec;
  std::vector<std::filesystem::path> entries;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) entries.push_back(e.path());
  if (ec) return vtool::fail(kTool, fmt::format("cannot read {}: {}", dir.string(), ec.message()));
  std::sort(entries.begin(), entries.end());
  for (const auto& p : entries) {
    if (std::filesystem::is_directory(p, ec)) continue;
    if (int rc = read_entry(s, given, p)) return rc;
  }
  if (!more) return 0;
  for (const auto& p : entries) {
    if (!std::filesystem::is_directory(p, ec)) continue;
    vsys::Sched cpu;
    cpu.mask = s.mask & (VXSM_IDLE_TIME | VXSM_FORCE);
    if (int rc = read_dir(p, cpu, 0, nullptr)) return rc;
    more->push_back(cpu);
  }
  return 0;
}

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
  for (const auto& f : kFields)
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
      if (int r = read_dir(dir, s, given, &per_cpu)) return r;
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
