// The guest's fstab, mounted by start inside the guest's own mount
// namespace after the chroot: targets resolve inside the guest's root
// (a link there cannot lead a mount onto a host path), and nothing
// propagates back to the host.
#pragma once

#include <vector>

#include "guest_config.hpp"
#include "vsys/error.hpp"

namespace vtool {

// Splits "nosuid,size=16m,ro" into mount(2) flags and the data string.
struct MountOptions {
  unsigned long flags = 0;
  std::string data;
};
MountOptions parse_mount_options(const std::string& options);

// Mounts each entry at its target (relative to the current root); bind
// mounts are refused (their source would be a guest path).
vsys::Result<void> mount_fstab(const std::vector<FstabEntry>& fstab);

}  // namespace vtool
