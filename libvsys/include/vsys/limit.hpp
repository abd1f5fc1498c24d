// libvsys: typed calls of the resource limit commands of vserver(2)
// (get_rlimit, set_rlimit, get_rlimit_mask, reset_hits, reset_minmax,
// rlimit_stat) and the names util-vserver gives the limits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <linux/vserver/limit.h>

#include "vsys/context.hpp"
#include "vsys/error.hpp"

namespace vsys {

// One limit: CRLIM_INFINITY for none; on set CRLIM_KEEP leaves a value.
// The kernel ignores minimum and reports CRLIM_UNSET for it.
struct Rlimit {
  std::uint64_t minimum = CRLIM_KEEP;
  std::uint64_t soft = CRLIM_KEEP;
  std::uint64_t hard = CRLIM_KEEP;
};

// Bit n set: limit id n has that kind of value.
struct RlimitMask {
  std::uint32_t minimum = 0;
  std::uint32_t soft = 0;
  std::uint32_t hard = 0;
};

// What a context uses of one limit.
struct RlimitStat {
  std::uint32_t hits = 0;     // allocations refused since reset_hits
  std::uint64_t value = 0;    // now
  std::uint64_t minimum = 0;  // lowest since reset_minmax
  std::uint64_t maximum = 0;  // highest since reset_minmax
};

Result<Rlimit> get_rlimit(xid_t xid, std::uint32_t id);
Result<void> set_rlimit(xid_t xid, std::uint32_t id, const Rlimit& limit);
Result<RlimitMask> get_rlimit_mask();
Result<void> reset_hits(xid_t xid);
Result<void> reset_minmax(xid_t xid);
Result<RlimitStat> rlimit_stat(xid_t xid, std::uint32_t id);

// util-vserver's lower-case names of the limit ids ("nproc", "nsock", ...);
// an empty view for an id without a name.
std::string_view limit_name(std::uint32_t id);
// The id of a name (any case), or of a number "0".."23".
std::optional<std::uint32_t> limit_id(std::string_view name);
// A value as util-vserver's vc_parseLimit reads it: a decimal number with
// an optional suffix k (1000), m (10^6), K (1024), M (2^20), or "inf";
// trailing white space is allowed.  EINVAL names the text.
Result<std::uint64_t> parse_limit(std::string_view text);

}  // namespace vsys
