// vserver NAME build: the configuration tree and the guest's root.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <optional>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "build_method.hpp"
#include "common.hpp"
#include "conf_file.hpp"
#include "guest_root.hpp"
#include "vserver.hpp"
#include "vsys/names.hpp"

namespace vtool {
namespace {

namespace fs = std::filesystem;

// xids util-vserver gives static guests; 49152.. are the dynamic ones.
constexpr vsys::xid_t kContextStart = 40000;
constexpr vsys::xid_t kStaticMax = 49151;

struct BuildOptions {
  std::string hostname, rootdir, initstyle, flags, name;
  std::optional<vsys::xid_t> context;
  std::vector<std::string> interfaces;
  BuildMethod method;
  bool force = false;
};

// The guest (other than name) whose context file holds xid, if any.
std::optional<std::string> xid_owner(const VserverPaths& p, const std::string& name,
                                     vsys::xid_t xid) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(p.confroot, ec)) {
    std::string n = e.path().filename().string();
    if (n == name || n.starts_with(".")) continue;
    auto v = read_number((e.path() / "context").string(), 0, UINT32_MAX);
    if (v && *v && **v == xid) return n;
  }
  return std::nullopt;
}

vsys::Result<vsys::xid_t> pick_context(const VserverPaths& p, const BuildOptions& o) {
  std::string next = p.confroot + "/.defaults/context.next";
  vsys::xid_t xid = kContextStart;
  if (o.context) {
    xid = *o.context;
  } else {
    auto v = read_number(next, VX_ID_MIN_GUEST, kStaticMax);
    if (!v) return std::unexpected(v.error());
    if (*v) xid = static_cast<vsys::xid_t>(**v);
  }
  if (xid < VX_ID_MIN_GUEST || xid > kStaticMax)
    return std::unexpected(
        vsys::Error(EINVAL, fmt::format("context {} is not in 2..{}", xid, kStaticMax)));
  if (auto owner = xid_owner(p, o.name, xid))
    return std::unexpected(vsys::Error(
        EEXIST, fmt::format("context {} is already the one of guest '{}'", xid, *owner)));
  return xid;
}

vsys::Result<void> write_config(const std::string& confdir, const BuildOptions& o, vsys::xid_t xid,
                                const std::vector<GuestInterface>& ifs, const std::string& vdir,
                                const VserverPaths& p) {
  std::error_code ec;
  for (const char* d : {"apps/init", "uts", "interfaces"})
    fs::create_directories(confdir + "/" + d, ec);
  if (ec) return file_error(confdir, ec.message(), ec.value());
  std::vector<std::pair<std::string, std::string>> files = {
      {"name", o.name},
      {"context", std::to_string(xid)},
      {"uts/nodename", o.hostname.empty() ? o.name : o.hostname}};
  if (!o.initstyle.empty()) files.emplace_back("apps/init/style", o.initstyle);
  if (!o.flags.empty()) {
    std::string lines = o.flags;
    std::replace(lines.begin(), lines.end(), ',', '\n');
    files.emplace_back("flags", lines);
  }
  for (std::size_t n = 0; n < ifs.size(); ++n) {
    std::string d = fmt::format("interfaces/{}/", n);
    fs::create_directories(confdir + "/" + d, ec);
    files.emplace_back(d + "ip", ifs[n].ip);
    files.emplace_back(d + "prefix", std::to_string(ifs[n].prefix));
    if (!ifs[n].name.empty()) files.emplace_back(d + "name", ifs[n].name);
    if (!ifs[n].dev.empty())
      files.emplace_back(d + "dev", ifs[n].dev);
    else
      files.emplace_back(d + "nodev", "");
  }
  // .defaults/fstab when the admin has one, else util-vserver's default.
  auto fstab = read_items(p.confroot + "/.defaults/fstab");
  if (!fstab) return std::unexpected(fstab.error());
  std::string text;
  for (const auto& l : fstab->value_or(std::vector<std::string>{
           "none /proc proc defaults 0 0", "none /dev/pts devpts gid=5,mode=620 0 0",
           "none /tmp tmpfs size=16m,mode=1777 0 0"}))
    text += (text.empty() ? "" : "\n") + l;
  files.emplace_back("fstab", text);
  for (const auto& [f, v] : files)
    if (auto r = write_value(confdir + "/" + f, v); !r) return r;
  fs::create_symlink(vdir, confdir + "/vdir", ec);
  if (!ec) fs::create_symlink(p.rundir + "/" + o.name, confdir + "/run", ec);
  if (ec) return file_error(confdir, ec.message(), ec.value());
  return {};
}

int build(const std::string& confdir, const std::string& vdir, const BuildOptions& o,
          const VserverPaths& p) {
  std::vector<GuestInterface> ifs;
  for (const auto& text : o.interfaces) {
    auto i = parse_interface_arg(text);
    if (!i) return fail(kVserver, i.error());
    ifs.push_back(*i);
  }
  if (!o.flags.empty()) {
    auto f = vsys::parse_flags(vsys::cflag_names(), o.flags);
    if (!f) return fail(kVserver, "--flags: " + f.error().call());
  }
  auto xid = pick_context(p, o);
  if (!xid) return fail(kVserver, xid.error());
  std::error_code ec;
  fs::create_directories(vdir, ec);
  if (ec) return fail(kVserver, fmt::format("{}: {}", vdir, ec.message()));
  chmod(vdir.c_str(), 0755);
  vsys::Result<void> r = write_config(confdir, o, *xid, ifs, vdir, p);
  if (r) r = fill_root(o.method, o.name, vdir, p);
  if (r) r = fix_up_root(vdir, o.hostname.empty() ? o.name : o.hostname, ifs);
  if (r && !o.context) {
    fs::create_directories(p.confroot + "/.defaults", ec);
    r = write_value(p.confroot + "/.defaults/context.next", std::to_string(*xid + 1));
  }
  if (!r) {
    // Nothing of a failed build stays behind.
    fs::remove_all(confdir, ec);
    fs::remove_all(vdir, ec);
    return fail(kVserver, r.error());
  }
  return 0;
}

}  // namespace

int vserver_build(const std::string& name, const std::vector<std::string>& args,
                  const VserverPaths& p) {
  BuildOptions o;
  o.name = name;
  auto dashes = std::find(args.begin(), args.end(), "--");
  std::vector<std::string> opts(args.begin(), dashes), margs;
  if (dashes != args.end()) margs.assign(dashes + 1, args.end());
  CLI::App app{"Build a guest: its /etc/vservers/NAME tree and its root directory.",
               "vserver NAME build"};
  app.add_option("-m", o.method.name,
                 "method: skeleton, template (-- -t TARBALL), debootstrap (-- -d SUITE "
                 "[-m MIRROR] [-- OPTIONS]), rsync (-- --source GUEST|DIR|HOST:DIR [-o OPTION]... "
                 "[-- RSYNC-OPTIONS]), clone (-- --source GUEST|DIR)")
      ->required();
  app.add_option("-n", o.name, "the guest's name (default NAME)");
  app.add_option("--context", o.context, "the static context id (default .defaults/context.next)");
  app.add_option("--hostname", o.hostname, "uts/nodename (default NAME)");
  app.add_option("--interface", o.interfaces, "[NAME=][DEV:]IP[/PREFIX|/MASK] (repeatable)");
  app.add_option("--rootdir", o.rootdir, "where the root goes (default .defaults/vdirbase)");
  app.add_option("--initstyle", o.initstyle, "apps/init/style: sysv or plain");
  app.add_option("--flags", o.flags, "context flags (comma separated)");
  app.add_flag("--force", o.force, "replace a stopped guest of the same name");
  bool done;
  int rc = parse_vector(app, opts, done);
  if (done) return rc;
  rc = parse_method_args(o.method, margs, done);
  if (done) return rc;
  if (o.name.empty() || o.name.find('/') != std::string::npos || o.name.starts_with("."))
    return fail(kVserver, fmt::format("bad guest name '{}'", o.name));
  if (!o.initstyle.empty() && o.initstyle != "sysv" && o.initstyle != "plain")
    return fail(kVserver, fmt::format("unknown init style '{}' (sysv, plain)", o.initstyle));
  std::string confdir = p.confroot + "/" + o.name;
  std::string vdir = (o.rootdir.empty() ? p.vdirbase() : o.rootdir) + "/" + o.name;
  std::error_code ec;
  if (fs::exists(confdir, ec)) {
    if (!o.force)
      return fail(kVserver, fmt::format("{} exists already (--force replaces it)", confdir));
    auto old = read_guest_config(confdir, p.vdirbase());
    if (old && guest_running(*old))
      return fail(kVserver, fmt::format("guest '{}' is running", o.name));
    if (old) fs::remove_all(old->vdir, ec);
    fs::remove_all(confdir, ec);
  }
  if (fs::exists(vdir, ec) && !fs::is_empty(vdir, ec)) {
    if (!o.force)
      return fail(kVserver, fmt::format("{} exists already (--force replaces it)", vdir));
    fs::remove_all(vdir, ec);
  }
  return build(confdir, vdir, o, p);
}

}  // namespace vtool
