#include "guest_root.hpp"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <filesystem>
#include <fstream>

#include <fmt/core.h>

#include "common.hpp"
#include "conf_file.hpp"

namespace vtool {
namespace {

namespace fs = std::filesystem;

vsys::Result<void> make_dirs(const fs::path& root, std::initializer_list<const char*> dirs) {
  for (const char* d : dirs) {
    std::error_code ec;
    fs::create_directories(root / d, ec);
    if (ec) return file_error((root / d).string(), ec.message(), ec.value());
  }
  return {};
}

}  // namespace

vsys::Result<void> make_skeleton(const std::string& root) {
  auto r = make_dirs(root, {"bin", "dev", "etc", "home", "lib", "proc", "root", "sbin", "sys",
                            "tmp", "usr/bin", "usr/sbin", "var/log", "var/run"});
  if (r) chmod((fs::path(root) / "tmp").c_str(), 01777);
  return r;
}

vsys::Result<void> unpack_templates(const std::string& root, const std::vector<std::string>& tars) {
  for (const auto& t : tars) {
    std::error_code ec;
    if (!fs::is_regular_file(t, ec)) return file_error(t, "no such template tarball", ENOENT);
    std::string z = t.ends_with(".gz") || t.ends_with(".tgz") ? "-z"
                    : t.ends_with(".bz2")                     ? "-j"
                    : t.ends_with(".xz")                      ? "-J"
                                                              : "";
    std::vector<std::string> argv{"tar", "-x"};
    if (!z.empty()) argv.push_back(z);
    argv.insert(argv.end(), {"-f", fs::absolute(t).string(), "-C", root});
    auto rc = run_command(argv);
    if (!rc) return std::unexpected(rc.error());
    if (*rc != 0) return file_error(t, fmt::format("tar exited with {}", *rc), EIO);
  }
  return {};
}

vsys::Result<void> fix_up_root(const std::string& root, const std::string& nodename,
                               const std::vector<GuestInterface>& ifs) {
  fs::path dev = fs::path(root) / "dev";
  std::error_code ec;
  fs::remove_all(dev, ec);
  if (ec) return file_error(dev.string(), ec.message(), ec.value());
  if (auto r = make_dirs(root, {"dev/pts", "dev/shm", "etc", "proc", "tmp"}); !r) return r;
  chmod((fs::path(root) / "tmp").c_str(), 01777);
  chmod((dev / "shm").c_str(), 01777);
  struct Node {
    const char* name;
    unsigned major, minor;
    mode_t mode;
  } nodes[] = {{"null", 1, 3, 0666},   {"zero", 1, 5, 0666},    {"full", 1, 7, 0666},
               {"random", 1, 8, 0644}, {"urandom", 1, 9, 0644}, {"tty", 5, 0, 0666},
               {"ptmx", 5, 2, 0666}};
  for (const auto& n : nodes) {
    fs::path p = dev / n.name;
    if (mknod(p.c_str(), S_IFCHR | n.mode, makedev(n.major, n.minor)) != 0 ||
        chmod(p.c_str(), n.mode) != 0)
      return file_error(p.string(), "cannot make the device node", errno);
  }
  using Link = std::pair<const char*, const char*>;
  for (auto [link, target] :
       {Link{"fd", "/proc/self/fd"}, Link{"stdin", "/proc/self/fd/0"},
        Link{"stdout", "/proc/self/fd/1"}, Link{"stderr", "/proc/self/fd/2"}}) {
    fs::create_symlink(target, dev / link, ec);
    if (ec) return file_error((dev / link).string(), ec.message(), ec.value());
  }
  fs::path etc = fs::path(root) / "etc";
  if (fs::is_symlink(etc, ec)) return file_error(etc.string(), "a link, not a directory");
  // A template's etc/hostname or etc/hosts may be a link out of the root:
  // replace the entry, never write through it.
  fs::remove(etc / "hostname", ec);
  fs::remove(etc / "hosts", ec);
  if (auto r = write_value((etc / "hostname").string(), nodename); !r) return r;
  std::string hosts = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n";
  std::string shortname = nodename.substr(0, nodename.find('.'));
  for (const auto& i : ifs)
    hosts +=
        fmt::format("{}\t{}{}\n", i.ip, nodename, shortname != nodename ? " " + shortname : "");
  std::ofstream(etc / "hosts") << hosts;
  return {};
}

}  // namespace vtool
