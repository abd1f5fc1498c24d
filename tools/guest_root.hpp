// The guest's root directory at build time: the skeleton, a template
// tarball unpacked, and util-vserver's fix-up (a minimal /dev, hostname,
// hosts).
#pragma once

#include <string>
#include <vector>

#include "guest_config.hpp"
#include "vsys/error.hpp"

namespace vtool {

// Creates the usual top directories (bin, dev, etc, proc, tmp, ...).
vsys::Result<void> make_skeleton(const std::string& root);
// Unpacks each tarball into root with tar (-z, -j, -J by the suffix).
vsys::Result<void> unpack_templates(const std::string& root, const std::vector<std::string>& tars);
// Replaces root/dev by a minimal one (null, zero, full, random, urandom,
// tty, ptmx, pts/, shm/, fd and std* links): a template's device nodes
// (disks, memory) never reach a guest.  Writes etc/hostname and
// etc/hosts (localhost and each interface's address with nodename).
vsys::Result<void> fix_up_root(const std::string& root, const std::string& nodename,
                               const std::vector<GuestInterface>& ifs);

}  // namespace vtool
