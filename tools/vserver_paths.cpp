// Where the manager's trees are and what it reads of them, shared by
// vserver, vshelper and the build methods.
#include <filesystem>

#include "vserver.hpp"

namespace vtool {

std::string VserverPaths::vdirbase() const {
  std::error_code ec;
  std::filesystem::path link = std::filesystem::path(confroot) / ".defaults" / "vdirbase";
  if (std::filesystem::is_symlink(link, ec)) return std::filesystem::read_symlink(link, ec);
  if (std::filesystem::is_directory(link, ec)) return link.string();
  return "/var/lib/vservers";
}

vsys::Result<GuestConfig> load_config(const GuestRef& g, const VserverPaths& p) {
  return read_guest_config(g.confdir, p.vdirbase());
}

bool guest_running(const GuestConfig& c) { return c.xid && vsys::vx_info(*c.xid).has_value(); }

}  // namespace vtool
