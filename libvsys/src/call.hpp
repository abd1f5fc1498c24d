// libvsys internals: running one command and naming it in the error.
#pragma once

#include <cstdint>
#include <string>

#include <fmt/core.h>

#include "vsys/syscall.hpp"

namespace vsys::detail {

// A result whose value is not needed.
inline Result<void> void_of(const Result<long>& r) {
  if (!r) return std::unexpected(r.error());
  return {};
}

// Runs one command; on failure the error names it with its id: "name(id)".
inline Result<long> call(std::uint32_t cmd, std::uint32_t id, void* data, const char* name) {
  return checked_vserver(cmd, id, data, fmt::format("{}({})", name, id));
}

inline Result<void> call_void(std::uint32_t cmd, std::uint32_t id, void* data, const char* name) {
  return void_of(call(cmd, id, data, name));
}

}  // namespace vsys::detail
