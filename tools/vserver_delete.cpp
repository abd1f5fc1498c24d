// vserver NAME delete [--force]: the configuration and the root go.
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include <fmt/core.h>

#include "common.hpp"
#include "conf_file.hpp"
#include "vserver.hpp"

namespace vtool {

int vserver_delete(const GuestRef& g, const std::vector<std::string>& args, const VserverPaths& p) {
  bool force = false;
  for (const auto& a : args) {
    if (a != "--force") return fail(kVserver, fmt::format("delete: unknown option '{}'", a));
    force = true;
  }
  // A broken configuration can still be deleted: its context file and
  // vdir link are all delete needs.
  auto c = load_config(g, p);
  std::string vdir;
  if (c) {
    if (guest_running(*c)) return fail(kVserver, fmt::format("guest '{}' is running", g.arg));
    vdir = c->vdir;
  } else {
    auto xid = read_number(g.confdir + "/context", 0, UINT32_MAX);
    if (xid && *xid && vsys::vx_info(static_cast<vsys::xid_t>(**xid)))
      return fail(kVserver, fmt::format("guest '{}' is running", g.arg));
    std::error_code ec;
    auto link = std::filesystem::read_symlink(g.confdir + "/vdir", ec);
    if (!ec) vdir = link.string();
  }
  if (!force) {
    fmt::print("Are you sure you want to delete the vserver {} (y/N) ", g.arg);
    std::fflush(stdout);
    std::string answer;
    std::getline(std::cin, answer);
    if (answer != "y" && answer != "Y") {
      fmt::print("not deleted\n");
      return 1;
    }
  }
  // The marker of its last stop; a later guest of the same name starts
  // without it anyway, but nothing of a deleted guest stays behind.
  std::error_code ignored;
  std::filesystem::remove(stopping_marker(p, g.confdir), ignored);
  std::error_code ec;
  if (!vdir.empty()) std::filesystem::remove_all(vdir, ec);
  if (ec) return fail(kVserver, fmt::format("{}: {}", vdir, ec.message()));
  std::filesystem::remove_all(g.confdir, ec);
  if (ec) return fail(kVserver, fmt::format("{}: {}", g.confdir, ec.message()));
  return 0;
}

}  // namespace vtool
