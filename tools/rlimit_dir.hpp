// The rlimits/ directory of an /etc/vservers/NAME tree, shared by vlimit
// --dir and the vserver manager: RESOURCE (all three values) and
// RESOURCE.{min,soft,hard}, RESOURCE a limit name in lower case.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "vsys/limit.hpp"

namespace vtool {

using RlimitSet = std::array<vsys::Rlimit, NUM_LIMITS>;

// Reads the limits of dir into limits, skipping the ids whose bit is set
// in skip; returns the bits of the limits found.  A value that does not
// parse is EINVAL naming the file ("invalid limit in 'PATH'"); a file
// whose name is no limit is EINVAL too when strict is set.
vsys::Result<std::uint32_t> read_rlimit_dir(const std::string& dir, std::uint32_t skip,
                                            RlimitSet& limits, bool strict = false);

}  // namespace vtool
