// vlimit: the resource limits of a context (util-vserver's options).
//   vlimit [-c|--xid XID] [-n] [-d] [-a|--all] [[-M|-S|-H] --RESOURCE VALUE]...
//          [--dir DIR [--missingok]] [--] [COMMAND [ARGS...]]
// RESOURCE: a limit name (nproc, nofile, nsock, as, rss, ...) or its
// number; -M/-S/-H say which value the next limit option sets (hard when
// none is given, combinable).  VALUE as util-vserver: 1000, 1k, 1K, 1m,
// 1M, inf.  --dir reads DIR/RESOURCE (all three values) and
// DIR/RESOURCE.{min,soft,hard} for the limits not given on the line.
// A hard RSS or AS limit also puts the context's tasks in the memory
// cgroup /sys/fs/cgroup/vserver/XID with memory.max (docs/limits.md).
// The options are read in order (what -M/-S/-H apply to depends on it),
// so vlimit parses its arguments itself rather than with CLI11.
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <optional>

#include <fmt/core.h>

#include "common.hpp"
#include "memcg.hpp"
#include "rlimit_dir.hpp"
#include "vsys/limit.hpp"

namespace {

constexpr const char* kTool = "vlimit";
constexpr const char* kUsage =
    "Usage: vlimit [-c|--xid XID] [-n] [-d] [-a|--all] [[-M|-S|-H] --RESOURCE VALUE]...\n"
    "              [--dir DIR [--missingok]] [--] [COMMAND [ARGS...]]\n"
    "Show or set the resource limits of a security context.\n"
    "  -c, --xid XID   the context (default: the caller's)\n"
    "  -a, --all       show every limit the kernel keeps\n"
    "  -n              do not resolve limit names\n"
    "  -d              show values in decimal (default: hexadecimal)\n"
    "  -M, -S, -H      the next --RESOURCE sets the minimum, soft or hard value\n"
    "                  (hard when none is given)\n"
    "  --dir DIR       read DIR/RESOURCE and DIR/RESOURCE.{min,soft,hard}\n"
    "  --missingok     a missing --dir is no error\n"
    "RESOURCE: cpu fsize data stack core rss nproc nofile memlock as locks\n"
    "sigpending msgqueue nice rtprio rttime nsock openfd anon shmem semary nsems\n"
    "dentry mapped, or a number; VALUE: N, Nk, NK, Nm, NM or inf.\n";

struct Options {
  vsys::xid_t xid = 0;
  bool has_xid = false, all = false, numeric = false, decimal = false, missingok = false;
  std::string dir;
  vtool::RlimitSet limits{};
  std::uint32_t given = 0;  // bit n: limit n was set on the command line or in --dir
  std::vector<std::string> command;
};

std::string show_value(std::uint64_t v, bool decimal) {
  if (v == CRLIM_INFINITY) return "inf";
  return decimal ? fmt::format("{}", v) : fmt::format("{:#x}", v);
}

// util-vserver's table: the name, then minimum, soft and hard at columns
// 10, 30 and 50; "N/A" for what the kernel does not keep.
void show_all(vsys::xid_t xid, const Options& o, std::uint32_t mask) {
  for (std::uint32_t id = 0; id < NUM_LIMITS; ++id) {
    if (!(mask & (1U << id))) continue;
    auto lim = vsys::get_rlimit(xid, id);
    if (!lim) continue;  // not kept by this kernel
    std::string name(vsys::limit_name(id));
    std::transform(name.begin(), name.end(), name.begin(), ::toupper);
    if (o.numeric) name = std::to_string(id);
    fmt::print("{:<10}  {:<18}  {:<18}  {}\n", name, "N/A", show_value(lim->soft, o.decimal),
               show_value(lim->hard, o.decimal));
  }
}

// Limits of an /etc/vservers/NAME/rlimits directory not given on the line.
int read_dir(Options& o) {
  std::error_code ec;
  if (!std::filesystem::is_directory(o.dir, ec)) {
    if (o.missingok) return 0;
    return vtool::fail(kTool, "no directory " + o.dir);
  }
  auto found = vtool::read_rlimit_dir(o.dir, o.given, o.limits);
  if (!found) return vtool::fail(kTool, found.error().call());
  o.given |= *found;
  return 0;
}

// Parses argv; returns -1 to go on, else the exit status.
int parse(int argc, char** argv, Options& o) {
  int which = 0;  // 1 minimum, 2 soft, 4 hard
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (a == "--") {
      o.command.assign(argv + i + 1, argv + argc);
      return -1;
    }
    if (a == "-h" || a == "--help") {
      fmt::print("{}", kUsage);
      return 0;
    }
    if (a.empty() || a[0] != '-') {
      o.command.assign(argv + i, argv + argc);
      return -1;
    }
    if (a == "-c" || a == "--xid" || a.starts_with("--xid=")) {
      const char* v = a.starts_with("--xid=") ? argv[i] + 6 : value();
      unsigned long x = 0;
      std::string_view s = v ? v : "";
      auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
      if (!v || ec != std::errc() || end != s.data() + s.size() || x > VX_ID_MAX_GUEST)
        return vtool::fail(kTool, fmt::format("bad xid '{}'", v ? v : ""));
      o.xid = static_cast<vsys::xid_t>(x);
      o.has_xid = true;
    } else if (a == "-a" || a == "--all") {
      o.all = true;
    } else if (a == "--dir") {
      const char* v = value();
      if (!v) return vtool::fail(kTool, "--dir needs a directory");
      o.dir = v;
    } else if (a == "--missingok") {
      o.missingok = true;
    } else if (a.size() > 2 && a.starts_with("--")) {
      auto id = vsys::limit_id(std::string_view(a).substr(2));
      if (!id) return vtool::fail(kTool, fmt::format("unknown option '{}'", a));
      const char* v = value();
      if (!v) return vtool::fail(kTool, fmt::format("{} needs a value", a));
      auto n = vsys::parse_limit(v);
      if (!n) return vtool::fail(kTool, fmt::format("cannot parse limit '{}'", v));
      if (!which) which = 4;
      if (which & 1) o.limits[*id].minimum = *n;
      if (which & 2) o.limits[*id].soft = *n;
      if (which & 4) o.limits[*id].hard = *n;
      o.given |= 1U << *id;
      which = 0;
    } else if (a.size() >= 2 && a[0] == '-' && a[1] != '-') {
      for (char c : a.substr(1)) {
        switch (c) {
          case 'M': which |= 1; break;
          case 'S': which |= 2; break;
          case 'H': which |= 4; break;
          case 'n': o.numeric = true; break;
          case 'd': o.decimal = true; break;
          case 'a': o.all = true; break;
          default: return vtool::fail(kTool, fmt::format("unknown option '-{}'", c));
        }
      }
    } else {
      return vtool::fail(kTool, fmt::format("unknown option '{}'", a));
    }
  }
  return -1;
}

// The hard RSS/AS limit (in pages) the memory cgroup enforces, if any.
std::optional<std::uint64_t> memory_pages(vsys::xid_t xid, std::uint32_t given) {
  if (!(given & ((1U << VLIMIT_RSS) | (1U << VLIMIT_AS)))) return std::nullopt;
  std::uint64_t pages = CRLIM_INFINITY;
  for (std::uint32_t id : {VLIMIT_RSS, VLIMIT_AS}) {
    auto lim = vsys::get_rlimit(xid, id);
    if (lim) pages = std::min(pages, lim->hard);
  }
  return pages;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (int rc = parse(argc, argv, o); rc >= 0) return rc;
  if (!o.has_xid) {
    auto self = vsys::task_xid(0);
    if (!self) return vtool::fail(kTool, self.error());
    o.xid = *self;
  }
  if (!o.dir.empty())
    if (int rc = read_dir(o); rc) return rc;
  for (std::uint32_t id = 0; id < NUM_LIMITS; ++id) {
    if (!(o.given & (1U << id))) continue;
    auto r = vsys::set_rlimit(o.xid, id, o.limits[id]);
    if (!r) return vtool::fail(kTool, r.error());
  }
  if (auto pages = memory_pages(o.xid, o.given)) {
    auto r = vtool::memcg_limit(o.xid, vtool::memcg_bytes(*pages));
    if (!r) return vtool::fail(kTool, r.error());
  }
  if (o.all) {
    auto mask = vsys::get_rlimit_mask();
    if (!mask) return vtool::fail(kTool, mask.error());
    // The kernel's mask, and the limits it keeps beyond vs2.3's.
    std::uint32_t shown = mask->minimum | mask->soft | mask->hard | (1U << VLIMIT_RSS) |
                          (1U << VLIMIT_AS) | (1U << VLIMIT_SEMARY) | (1U << VLIMIT_NSEMS);
    show_all(o.xid, o, shown);
  }
  if (!o.command.empty()) return vtool::fail(kTool, vtool::exec_command(o.command));
  return 0;
}
