#include "vsys/inode.hpp"

#include <fmt/core.h>

#include "call.hpp"

namespace vsys {

Result<InodeAttr> get_iattr(const std::string& path) {
  vcmd_ctx_iattr_v1 vc{};
  vc.name = reinterpret_cast<std::uintptr_t>(path.c_str());
  return map(checked_vserver(VCMD_get_iattr, 0, &vc, fmt::format("get_iattr({})", path)),
             [&](long) {
               return InodeAttr{vc.tag, vc.flags, vc.mask};
             });
}

Result<void> set_iattr(const std::string& path, std::uint32_t flags, std::uint32_t mask) {
  vcmd_ctx_iattr_v1 vc{};
  vc.name = reinterpret_cast<std::uintptr_t>(path.c_str());
  vc.flags = flags;
  vc.mask = mask;
  return detail::void_of(
      checked_vserver(VCMD_set_iattr, 0, &vc, fmt::format("set_iattr({})", path)));
}

Result<InodeAttr> fget_iattr(int fd) {
  vcmd_ctx_fiattr_v0 vc{};
  return map(checked_vserver(VCMD_fget_iattr, static_cast<std::uint32_t>(fd), &vc,
                             fmt::format("fget_iattr({})", fd)),
             [&](long) {
               return InodeAttr{vc.tag, vc.flags, vc.mask};
             });
}

Result<void> fset_iattr(int fd, std::uint32_t flags, std::uint32_t mask) {
  vcmd_ctx_fiattr_v0 vc{0, flags, mask};
  return detail::void_of(checked_vserver(VCMD_fset_iattr, static_cast<std::uint32_t>(fd), &vc,
                                         fmt::format("fset_iattr({})", fd)));
}

}  // namespace vsys
