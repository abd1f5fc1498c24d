#include "guest_mount.hpp"

#include <sys/mount.h>

#include <map>
#include <sstream>

#include <fmt/core.h>

namespace vtool {

MountOptions parse_mount_options(const std::string& options) {
  static const std::map<std::string, std::pair<unsigned long, bool>> kFlags = {
      {"defaults", {0, true}},           {"rw", {MS_RDONLY, false}},
      {"ro", {MS_RDONLY, true}},         {"nosuid", {MS_NOSUID, true}},
      {"suid", {MS_NOSUID, false}},      {"nodev", {MS_NODEV, true}},
      {"dev", {MS_NODEV, false}},        {"noexec", {MS_NOEXEC, true}},
      {"exec", {MS_NOEXEC, false}},      {"noatime", {MS_NOATIME, true}},
      {"relatime", {MS_RELATIME, true}}, {"nodiratime", {MS_NODIRATIME, true}},
      {"bind", {MS_BIND, true}},         {"rbind", {MS_BIND | MS_REC, true}}};
  MountOptions m;
  std::istringstream in(options);
  for (std::string opt; std::getline(in, opt, ',');) {
    auto it = kFlags.find(opt);
    if (it == kFlags.end()) {
      m.data += (m.data.empty() ? "" : ",") + opt;
    } else if (it->second.second) {
      m.flags |= it->second.first;
    } else {
      m.flags &= ~it->second.first;
    }
  }
  return m;
}

vsys::Result<void> mount_fstab(const std::vector<FstabEntry>& fstab) {
  for (const auto& e : fstab) {
    auto m = parse_mount_options(e.options);
    if (m.flags & MS_BIND || e.type == "none" || e.type == "bind")
      return std::unexpected(vsys::Error(
          EINVAL, fmt::format("fstab: bind mounts are not supported yet ({})", e.target)));
    if (mount(e.source.c_str(), e.target.c_str(), e.type.c_str(), m.flags,
              m.data.empty() ? nullptr : m.data.c_str()) != 0)
      return std::unexpected(vsys::Error(
          errno, fmt::format("fstab: mount {} on {} ({})", e.type, e.target, e.options)));
  }
  return {};
}

}  // namespace vtool
