// libvsys: inode attributes (barrier, immutable, immutable-unlink, COW,
// /proc visibility) through get/set_iattr and fget/fset_iattr.
#pragma once

#include <cstdint>
#include <string>

#include <linux/vserver/inode.h>

#include "vsys/error.hpp"

namespace vsys {

struct InodeAttr {
  std::uint32_t tag = 0;
  std::uint32_t flags = 0;  // IATTR_* bits set on the inode
  std::uint32_t mask = 0;   // IATTR_* bits meaningful for it
};

// By path; a symlink as last component is not followed.
Result<InodeAttr> get_iattr(const std::string& path);
// Changes the bits of mask to their values in flags.
Result<void> set_iattr(const std::string& path, std::uint32_t flags, std::uint32_t mask);
Result<InodeAttr> fget_iattr(int fd);
Result<void> fset_iattr(int fd, std::uint32_t flags, std::uint32_t mask);

}  // namespace vsys
