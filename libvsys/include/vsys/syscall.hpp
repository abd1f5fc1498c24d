// libvsys: the raw vserver(2) entry point.
#pragma once

#include <cstdint>
#include <string>

#include "vsys/error.hpp"

namespace vsys {

// Issues vserver(cmd, id, data).  Returns the kernel's result, or -1 with
// errno set (ENOSYS on kernels without the call).
long vserver(std::uint32_t cmd, std::uint32_t id, void* data);

// vserver() as a Result: the error names the call as "what".
Result<long> checked_vserver(std::uint32_t cmd, std::uint32_t id, void* data,
                             const std::string& what);

}  // namespace vsys
