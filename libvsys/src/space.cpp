#include "vsys/space.hpp"

#include "call.hpp"

namespace vsys {

using detail::call;
using detail::call_void;

namespace {

Result<std::uint64_t> get_mask(std::uint32_t cmd, const char* name) {
  vcmd_space_mask_v1 vc{};
  return map(call(cmd, 0, &vc, name), [&](long) { return static_cast<std::uint64_t>(vc.mask); });
}

}  // namespace

Result<std::uint64_t> get_space_mask() { return get_mask(VCMD_get_space_mask, "get_space_mask"); }

Result<std::uint64_t> get_space_mask_v0() {
  return get_mask(VCMD_get_space_mask_v0, "get_space_mask_v0");
}

Result<std::uint64_t> get_space_default() {
  return get_mask(VCMD_get_space_default, "get_space_default");
}

Result<void> set_space(xid_t xid, std::uint64_t mask, std::uint32_t index) {
  vcmd_space_mask_v2 vc{};
  vc.mask = mask;
  vc.index = index;
  return call_void(VCMD_set_space, xid, &vc, "set_space");
}

Result<void> enter_space(xid_t xid, std::uint64_t mask, std::uint32_t index) {
  vcmd_space_mask_v2 vc{};
  vc.mask = mask;
  vc.index = index;
  return call_void(VCMD_enter_space, xid, &vc, "enter_space");
}

}  // namespace vsys
