// libvsys: typed calls of the space commands of vserver(2): the
// namespace sets a context keeps (set_space) and hands out (enter_space).
#pragma once

#include <cstdint>

#include <linux/vserver/space.h>

#include "vsys/context.hpp"
#include "vsys/error.hpp"

namespace vsys {

// CLONE_FS and CLONE_NEW* bits this kernel keeps in a set.
Result<std::uint64_t> get_space_mask();
// The same for the first version of the interface (no pid, no net).
Result<std::uint64_t> get_space_mask_v0();
// The set util-vserver keeps when nothing else is configured.
Result<std::uint64_t> get_space_default();
// Stores the caller's namespaces of the kinds in mask as set index of xid.
Result<void> set_space(xid_t xid, std::uint64_t mask, std::uint32_t index = 0);
// Moves the caller into set index of xid (mask 0: all the set holds).
Result<void> enter_space(xid_t xid, std::uint64_t mask, std::uint32_t index = 0);

}  // namespace vsys
