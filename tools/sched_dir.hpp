// The sched/ directory of an /etc/vservers/NAME tree, shared by vsched
// --dir and the vserver manager, and the fields of a set_sched request
// (one table for vsched's options, the files and the help).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "vsys/error.hpp"
#include "vsys/sched.hpp"

namespace vtool {

// One field of a set_sched request: its file in sched/, vsched's
// options for it, where it lives in vsys::Sched, its VXSM_* bit, help.
struct SchedField {
  const char* file;
  const char* options;
  std::int32_t* (*at)(vsys::Sched&);
  std::uint32_t mask;
  const char* help;
};
std::span<const SchedField> sched_fields();

// Reads the files of dir into s, leaving the fields whose bit is in
// given: fill-rate, interval, tokens, tokens-min, tokens-max, prio-bias
// (or priority-bias), fill-rate2 and interval2 (both turn the idle time
// rate on), cpu-id, bucket-id, and idle-time (its presence).  Each
// subdirectory is one more request for one CPU (its own cpu-id file),
// appended to more.  A value that is no 32-bit number is EINVAL naming
// the file ("PATH: is not a number"); with strict, so is a file or
// directory of another name.
vsys::Result<void> read_sched_dir(const std::string& dir, vsys::Sched& s, std::uint32_t given,
                                  std::vector<vsys::Sched>& more, bool strict = false);

}  // namespace vtool
