// Number formats of util-vserver's vserver-stat.
#pragma once

#include <cstdint>
#include <string>

namespace vtool {

// Bytes as "512K", "81.9M", "1.2G" (one decimal above K).
std::string format_size(std::uint64_t bytes);
// CPU time in hundredths of a second as "0m06s69".
std::string format_cputime(std::uint64_t centis);
// Elapsed time in hundredths of a second: "0m05s10" below an hour,
// "2h25m57" below a day, "3d02h25" above.
std::string format_uptime(std::uint64_t centis);

}  // namespace vtool
