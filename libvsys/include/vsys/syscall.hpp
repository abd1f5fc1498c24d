// libvsys: the raw vserver(2) entry point.
#pragma once

#include <cstdint>

namespace vsys {

// Issues vserver(cmd, id, data).  Returns the kernel's result, or -1 with
// errno set (ENOSYS on kernels without the call).
long vserver(std::uint32_t cmd, std::uint32_t id, void* data);

}  // namespace vsys
