// libvsys: names of flag bits as util-vserver spells them.
//
// A list such as "persistent,~state_setup,0x10" parses into a value and
// a mask: a name sets its bit in both, "~name" only in the mask (clear
// it), a number sets its bits in both.  Names are case-insensitive.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "vsys/context.hpp"
#include "vsys/error.hpp"

namespace vsys {

struct FlagName {
  std::string_view name;
  std::uint64_t bits;
};

// Context flags (VXF_*), canonical names first, then aliases.
std::span<const FlagName> cflag_names();

// Parses a comma separated list; EINVAL names the bad item.
Result<FlagWord> parse_flags(std::span<const FlagName> table,
                             std::string_view list);
// Canonical names of the bits set in value, comma separated; bits
// without a name print as one hexadecimal number.
std::string format_flags(std::span<const FlagName> table,
                         std::uint64_t value);

}  // namespace vsys
