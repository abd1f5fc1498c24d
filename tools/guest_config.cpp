#include "guest_config.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <bit>
#include <filesystem>
#include <set>
#include <sstream>

#include <fmt/core.h>

#include "conf_file.hpp"
#include "vsys/names.hpp"

namespace vtool {
namespace {

namespace fs = std::filesystem;

// Entries of an /etc/vservers/NAME tree this reader applies, and those
// util-vserver knows that are not applied yet (start refuses them).
const std::set<std::string> kTopLevel = {
    "context", "name",          "uts",   "interfaces", "flags", "bcapabilities", "ccapabilities",
    "nflags",  "ncapabilities", "umask", "rlimits",    "sched", "dlimits",       "apps",
    "fstab",   "spaces",        "vdir",  "run",        "cache"};
const std::set<std::string> kNotYet = {"cpuset",       "scripts",   "cgroup",     "nice",
                                       "personality",  "ncontext",  "tag",        "ulimits",
                                       "fstab.remote", "namespace", "nonamespace"};
const std::set<std::string> kUts = {"sysname", "nodename", "release",
                                    "version", "machine",  "domainname"};
const std::set<std::string> kIface = {"ip", "prefix", "mask", "dev", "name", "nodev", "disabled"};
const std::set<std::string> kIfaceDefaults = {"dev", "prefix", "mask"};
const std::set<std::string> kInit = {"style",    "mark",           "cmd.start",    "cmd.stop",
                                     "runlevel", "runlevel.start", "runlevel.stop"};
const std::set<std::string> kStyles = {"sysv", "plain"};
const std::map<std::string, std::uint64_t> kSpaces = {{"mnt", 0x00020000}, {"uts", 0x04000000},
                                                      {"ipc", 0x08000000}, {"user", 0x10000000},
                                                      {"pid", 0x20000000}, {"net", 0x40000000}};

std::string join(const fs::path& a, const std::string& b) { return (a / b).string(); }

// Every entry of dir must be in known.
vsys::Result<void> only_known(const fs::path& dir, const std::set<std::string>& known) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string n = e.path().filename().string();
    if (!known.count(n)) return file_error(e.path().string(), "unknown configuration file");
  }
  if (ec) return file_error(dir.string(), ec.message(), ec.value());
  return {};
}

// A flags-style file: one name per line (or comma separated), "~name" clears.
vsys::Result<void> read_flags(const fs::path& dir, const std::string& file,
                              std::span<const vsys::FlagName> table, vsys::FlagWord& out) {
  std::string path = join(dir, file);
  auto items = read_items(path);
  if (!items) return std::unexpected(items.error());
  if (!*items) return {};
  std::string list;
  for (const auto& i : **items) list += (list.empty() ? "" : ",") + i;
  auto fw = vsys::parse_flags(table, list);
  if (!fw) return file_error(path, fw.error().call());
  out = *fw;
  return {};
}

// A dotted mask as a prefix length; nullopt when it is not contiguous.
std::optional<unsigned> mask_prefix(const std::string& mask) {
  in_addr a{};
  if (inet_pton(AF_INET, mask.c_str(), &a) != 1) return std::nullopt;
  std::uint32_t m = ntohl(a.s_addr);
  unsigned p = std::popcount(m);
  if (p && m != ~0U << (32 - p)) return std::nullopt;
  if (!p && m) return std::nullopt;
  return p;
}

// Checks ip and fills prefix from "PREFIX" or "MASK" text (may be empty).
vsys::Result<void> set_address(GuestInterface& i, const std::string& mask_text,
                               const std::string& where) {
  in6_addr a6{};
  in_addr a4{};
  if (inet_pton(AF_INET, i.ip.c_str(), &a4) == 1) {
    i.ipv6 = false;
  } else if (inet_pton(AF_INET6, i.ip.c_str(), &a6) == 1) {
    i.ipv6 = true;
  } else {
    return file_error(where, fmt::format("bad address '{}'", i.ip));
  }
  unsigned max = i.ipv6 ? 128 : 32;
  i.prefix = max;
  if (mask_text.empty()) return {};
  if (mask_text.find_first_not_of("0123456789") == std::string::npos && mask_text.size() <= 3) {
    i.prefix = static_cast<unsigned>(std::stoul(mask_text));
    if (i.prefix <= max) return {};
  } else if (!i.ipv6) {
    if (auto p = mask_prefix(mask_text)) {
      i.prefix = *p;
      return {};
    }
  }
  return file_error(where, fmt::format("bad prefix or mask '{}'", mask_text));
}

vsys::Result<void> read_interfaces(const fs::path& dir, GuestConfig& c) {
  if (!fs::is_directory(dir)) return {};
  std::map<std::string, std::string> defaults;
  std::vector<fs::path> subdirs;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string n = e.path().filename().string();
    if (e.is_directory()) {
      subdirs.push_back(e.path());
    } else if (kIfaceDefaults.count(n)) {
      auto v = read_value(e.path().string());
      if (!v) return std::unexpected(v.error());
      defaults[n] = **v;
    } else {
      return file_error(e.path().string(), "unknown configuration file");
    }
  }
  std::sort(subdirs.begin(), subdirs.end());
  for (const auto& d : subdirs) {
    if (auto r = only_known(d, kIface); !r) return std::unexpected(r.error());
    if (fs::exists(d / "disabled")) continue;
    GuestInterface i;
    i.index = d.filename().string();
    std::map<std::string, std::string> v;
    for (const char* f : {"ip", "prefix", "mask", "dev", "name"}) {
      auto r = read_value(join(d, f));
      if (!r) return std::unexpected(r.error());
      if (*r) v[f] = **r;
    }
    if (!v.count("ip")) return file_error(join(d, "ip"), "missing");
    i.ip = v["ip"];
    i.name = v["name"];
    i.dev = fs::exists(d / "nodev") ? "" : (v.count("dev") ? v["dev"] : defaults["dev"]);
    std::string mask = v.count("prefix")          ? v["prefix"]
                       : v.count("mask")          ? v["mask"]
                       : defaults.count("prefix") ? defaults["prefix"]
                                                  : defaults["mask"];
    std::string where = join(d, v.count("prefix") ? "prefix" : v.count("mask") ? "mask" : "ip");
    if (auto r = set_address(i, mask, where); !r) return std::unexpected(r.error());
    c.interfaces.push_back(i);
  }
  return {};
}

// apps/init/cmd.start and cmd.stop: one argument per line, as util-vserver.
vsys::Result<void> read_argv(const std::string& path, std::vector<std::string>& out) {
  auto items = read_items(path);
  if (!items) return std::unexpected(items.error());
  if (*items) {
    if ((*items)->empty()) return file_error(path, "empty");
    out = **items;
  }
  return {};
}

vsys::Result<void> read_init(const fs::path& apps, GuestConfig& c) {
  fs::path dir = apps / "init";
  if (!fs::is_directory(dir)) return {};
  if (auto r = only_known(dir, kInit); !r) return r;
  auto style = read_value(join(dir, "style"));
  if (!style) return std::unexpected(style.error());
  if (*style) {
    if (!kStyles.count(**style))
      return file_error(join(dir, "style"), fmt::format("unknown init style '{}'", **style));
    c.init_style = **style;
  }
  auto mark = read_value(join(dir, "mark"));
  if (!mark) return std::unexpected(mark.error());
  if (*mark) c.mark = **mark;
  for (auto [file, slot] :
       {std::pair{"runlevel", &c.runlevel_start}, std::pair{"runlevel.start", &c.runlevel_start},
        std::pair{"runlevel.stop", &c.runlevel_stop}}) {
    auto r = read_number(join(dir, file), 0, 6);
    if (!r) return std::unexpected(r.error());
    if (*r) *slot = std::to_string(**r);
  }
  if (auto r = read_argv(join(dir, "cmd.start"), c.cmd_start); !r) return r;
  return read_argv(join(dir, "cmd.stop"), c.cmd_stop);
}

vsys::Result<void> read_fstab(const std::string& path, GuestConfig& c) {
  auto items = read_items(path);
  if (!items) return std::unexpected(items.error());
  if (!*items) return {};
  for (const auto& line : **items) {
    std::istringstream in(line);
    FstabEntry e;
    std::string dump, pass, extra;
    in >> e.source >> e.target >> e.type >> e.options >> dump >> pass >> extra;
    if (e.options.empty() || !extra.empty() || e.target.empty() || e.target[0] != '/')
      return file_error(path, fmt::format("malformed line '{}'", line));
    c.fstab.push_back(e);
  }
  return {};
}

vsys::Result<void> read_sched(const fs::path& dir, GuestConfig& c) {
  if (!fs::is_directory(dir)) return {};
  vsys::Sched s;
  std::vector<vsys::Sched> per_cpu;
  if (auto r = read_sched_dir(dir.string(), s, 0, per_cpu, true); !r) return r;
  c.sched.push_back(s);
  c.sched.insert(c.sched.end(), per_cpu.begin(), per_cpu.end());
  return {};
}

vsys::Result<void> read_dlimits(const fs::path& dir, GuestConfig& c) {
  if (!fs::is_directory(dir)) return {};
  static const std::set<std::string> known = {"directory", "space_total", "inodes_total",
                                              "reserved", "disabled"};
  std::vector<fs::path> entries;
  for (const auto& e : fs::directory_iterator(dir)) entries.push_back(e.path());
  std::sort(entries.begin(), entries.end());
  for (const auto& e : entries) {
    if (!fs::is_directory(e)) return file_error(e.string(), "not a directory of one disk limit");
    if (auto r = only_known(e, known); !r) return r;
    DiskLimit d;
    d.path = e.string();
    auto directory = read_value(join(e, "directory"));
    if (!directory) return std::unexpected(directory.error());
    if (!*directory) return file_error(join(e, "directory"), "missing");
    if ((**directory)[0] != '/') return file_error(join(e, "directory"), "not an absolute path");
    d.directory = **directory;
    struct Value {
      const char* file;
      std::uint64_t max;
      std::uint64_t* out;
    } values[] = {{"space_total", UINT64_MAX, &d.space_total},
                  {"inodes_total", UINT64_MAX, &d.inodes_total},
                  {"reserved", 100, nullptr}};
    for (const auto& v : values) {
      auto n = read_number(join(e, v.file), 0, v.max);
      if (!n) return std::unexpected(n.error());
      if (!*n) return file_error(join(e, v.file), "missing");
      if (v.out)
        *v.out = **n;
      else
        d.reserved = static_cast<unsigned>(**n);
    }
    if (!fs::exists(e / "disabled")) c.dlimits.push_back(d);
  }
  return {};
}

vsys::Result<void> read_spaces(const fs::path& dir, GuestConfig& c) {
  if (!fs::is_directory(dir)) return {};
  for (const auto& e : fs::directory_iterator(dir)) {
    auto it = kSpaces.find(e.path().filename().string());
    if (it == kSpaces.end()) return file_error(e.path().string(), "unknown namespace kind");
    c.spaces |= it->second;
  }
  return {};
}

vsys::Result<void> read_uts(const fs::path& dir, GuestConfig& c) {
  if (!fs::is_directory(dir)) return {};
  if (auto r = only_known(dir, kUts); !r) return r;
  for (const auto& f : kUts) {
    auto v = read_value(join(dir, f));
    if (!v) return std::unexpected(v.error());
    if (*v) {
      if ((*v)->size() > 64) return file_error(join(dir, f), "longer than 64 characters");
      c.uts[f] = **v;
    }
  }
  return {};
}

}  // namespace

vsys::Result<GuestConfig> read_guest_config(const std::string& confdir,
                                            const std::string& vdirbase) {
  GuestConfig c;
  fs::path dir(confdir);
  c.confdir = confdir;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return file_error(confdir, "no such guest configuration", ENOENT);
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string n = e.path().filename().string();
    if (kNotYet.count(n))
      c.unsupported.push_back(e.path().string());
    else if (!kTopLevel.count(n))
      return file_error(e.path().string(), "unknown configuration file");
  }
  auto name = read_value(join(dir, "name"));
  if (!name) return std::unexpected(name.error());
  c.name = *name ? **name : dir.filename().string();
  auto xid = read_number(join(dir, "context"), VX_ID_MIN_GUEST, VX_ID_MAX_GUEST);
  if (!xid) return std::unexpected(xid.error());
  if (*xid) c.xid = static_cast<vsys::xid_t>(**xid);
  struct Word {
    const char* file;
    std::span<const vsys::FlagName> (*names)();
    vsys::FlagWord* out;
  } words[] = {
      {"flags", vsys::cflag_names, &c.cflags},       {"bcapabilities", vsys::bcap_names, &c.bcaps},
      {"ccapabilities", vsys::ccap_names, &c.ccaps}, {"umask", vsys::umask_names, &c.umask},
      {"nflags", vsys::nflag_names, &c.nflags},      {"ncapabilities", vsys::ncap_names, &c.ncaps}};
  for (const auto& w : words)
    if (auto r = read_flags(dir, w.file, w.names(), *w.out); !r) return std::unexpected(r.error());
  if (auto r = read_uts(dir / "uts", c); !r) return std::unexpected(r.error());
  if (auto r = read_interfaces(dir / "interfaces", c); !r) return std::unexpected(r.error());
  if (fs::is_directory(dir / "rlimits")) {
    auto got = read_rlimit_dir(join(dir, "rlimits"), 0, c.limits, true);
    if (!got) return std::unexpected(got.error());
    c.limits_given = *got;
  }
  if (auto r = read_sched(dir / "sched", c); !r) return std::unexpected(r.error());
  if (auto r = read_dlimits(dir / "dlimits", c); !r) return std::unexpected(r.error());
  if (auto r = read_init(dir / "apps", c); !r) return std::unexpected(r.error());
  if (auto r = read_fstab(join(dir, "fstab"), c); !r) return std::unexpected(r.error());
  if (auto r = read_spaces(dir / "spaces", c); !r) return std::unexpected(r.error());
  if (fs::is_symlink(dir / "vdir", ec))
    c.vdir = fs::read_symlink(dir / "vdir", ec).string();
  else if (fs::is_directory(dir / "vdir", ec))
    c.vdir = join(dir, "vdir");
  else
    c.vdir = join(vdirbase, dir.filename().string());
  return c;
}

vsys::Result<GuestInterface> parse_interface_arg(const std::string& text) {
  GuestInterface i;
  std::string rest = text;
  if (auto eq = rest.find('='); eq != std::string::npos) {
    i.name = rest.substr(0, eq);
    rest = rest.substr(eq + 1);
  }
  // A device is "DEV:" before an IPv4 address; an IPv6 address holds ':'
  // itself, so a device there must be given as DEV:[ADDR].
  auto colon = rest.find(':');
  if (colon != std::string::npos && rest.find(':', colon + 1) == std::string::npos) {
    i.dev = rest.substr(0, colon);
    rest = rest.substr(colon + 1);
  }
  std::string mask;
  if (auto slash = rest.find('/'); slash != std::string::npos) {
    mask = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  i.ip = rest;
  if (auto r = set_address(i, mask, fmt::format("--interface '{}'", text)); !r)
    return std::unexpected(r.error());
  if (i.dev == "nodev") i.dev.clear();
  return i;
}

}  // namespace vtool
