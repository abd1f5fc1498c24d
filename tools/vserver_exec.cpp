// vserver NAME exec|suexec|enter: the caller enters the guest's memory
// cgroup (if it has one), its stored namespaces and root (enter_space,
// host only), its network context and its context, then becomes the
// command.  suexec takes the user from the guest's own /etc/passwd, read
// by hand (no NSS module of the guest is loaded into this process).
#include <grp.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/core.h>

#include "common.hpp"
#include "memcg.hpp"
#include "vserver.hpp"
#include "vsys/network.hpp"
#include "vsys/space.hpp"

namespace vtool {
namespace {

struct User {
  uid_t uid;
  gid_t gid;
  std::string home, shell;
};

// NAME's line of /etc/passwd (of the current root).
std::optional<User> find_user(const std::string& name) {
  std::ifstream in("/etc/passwd");
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> f;
    std::istringstream s(line);
    for (std::string field; std::getline(s, field, ':');) f.push_back(field);
    if (f.size() < 7 || f[0] != name) continue;
    try {
      return User{static_cast<uid_t>(std::stoul(f[2])), static_cast<gid_t>(std::stoul(f[3])), f[5],
                  f[6]};
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

int vserver_exec(const GuestRef& g, const std::string& user, std::vector<std::string> argv,
                 const VserverPaths& p) {
  auto c = load_config(g, p);
  if (!c) return fail(kVserver, c.error());
  if (!guest_running(*c)) return fail(kVserver, fmt::format("guest '{}' is not running", g.arg));
  vsys::xid_t xid = *c->xid;
  // The guest's memory cgroup, while the host's /sys/fs/cgroup is seen.
  if (auto r = memcg_enter(xid); !r) return fail(kVserver, r.error());
  if (auto r = vsys::enter_space(xid, 0); !r) return fail(kVserver, r.error());
  if (vsys::nx_info(xid))
    if (auto r = vsys::net_migrate(xid); !r) return fail(kVserver, r.error());
  if (auto r = vsys::ctx_migrate(xid); !r) return fail(kVserver, r.error());
  if (chdir("/") != 0) return fail(kVserver, vsys::Error(errno, "chdir /"));
  setenv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", 1);
  if (argv.empty()) {
    std::error_code ec;
    argv = std::filesystem::exists("/bin/bash", ec)
               ? std::vector<std::string>{"/bin/bash", "-login"}
               : std::vector<std::string>{"/bin/sh", "-l"};
  }
  if (user != "root") {
    auto u = find_user(user);
    if (!u) return fail(kVserver, fmt::format("no user '{}' in the guest's /etc/passwd", user));
    if (setgroups(0, nullptr) != 0 || setgid(u->gid) != 0 || setuid(u->uid) != 0)
      return fail(kVserver, vsys::Error(errno, "setuid " + user));
    setenv("HOME", u->home.c_str(), 1);
    setenv("USER", user.c_str(), 1);
    setenv("LOGNAME", user.c_str(), 1);
  } else {
    setenv("HOME", "/root", 1);
  }
  return fail(kVserver, exec_command(argv));
}

}  // namespace vtool
