#include "vsys/limit.hpp"

#include <strings.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>

#include "call.hpp"

namespace vsys {

using detail::call;
using detail::call_void;

namespace {

// util-vserver's names (vlimit's options), by id; "" where it has none.
constexpr std::array<std::string_view, NUM_LIMITS> kNames = {
    "cpu",     "fsize",  "data",  "stack",      "core",     "rss",   "nproc",  "nofile",
    "memlock", "as",     "locks", "sigpending", "msgqueue", "nice",  "rtprio", "rttime",
    "nsock",   "openfd", "anon",  "shmem",      "semary",   "nsems", "dentry", "mapped"};

}  // namespace

Result<Rlimit> get_rlimit(xid_t xid, std::uint32_t id) {
  vcmd_ctx_rlimit_v0 vc{};
  vc.id = id;
  return map(call(VCMD_get_rlimit, xid, &vc, "get_rlimit"), [&](long) {
    return Rlimit{vc.minimum, vc.softlimit, vc.maximum};
  });
}

Result<void> set_rlimit(xid_t xid, std::uint32_t id, const Rlimit& limit) {
  vcmd_ctx_rlimit_v0 vc{};
  vc.id = id;
  vc.minimum = limit.minimum;
  vc.softlimit = limit.soft;
  vc.maximum = limit.hard;
  return call_void(VCMD_set_rlimit, xid, &vc, "set_rlimit");
}

Result<RlimitMask> get_rlimit_mask() {
  vcmd_ctx_rlimit_mask_v0 vc{};
  return map(call(VCMD_get_rlimit_mask, 0, &vc, "get_rlimit_mask"), [&](long) {
    return RlimitMask{vc.minimum, vc.softlimit, vc.maximum};
  });
}

Result<void> reset_hits(xid_t xid) {
  return call_void(VCMD_reset_hits, xid, nullptr, "reset_hits");
}

Result<void> reset_minmax(xid_t xid) {
  return call_void(VCMD_reset_minmax, xid, nullptr, "reset_minmax");
}

Result<RlimitStat> rlimit_stat(xid_t xid, std::uint32_t id) {
  vcmd_rlimit_stat_v0 vc{};
  vc.id = id;
  return map(call(VCMD_rlimit_stat, xid, &vc, "rlimit_stat"), [&](long) {
    return RlimitStat{vc.hits, vc.value, vc.minimum, vc.maximum};
  });
}

std::string_view limit_name(std::uint32_t id) { return id < kNames.size() ? kNames[id] : ""; }

std::optional<std::uint32_t> limit_id(std::string_view name) {
  for (std::uint32_t i = 0; i < kNames.size(); ++i)
    if (name.size() == kNames[i].size() &&
        strncasecmp(name.data(), kNames[i].data(), name.size()) == 0)
      return i;
  std::uint32_t id = 0;
  auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), id);
  if (ec == std::errc() && end == name.data() + name.size() && !name.empty() && id < NUM_LIMITS)
    return id;
  return std::nullopt;
}

Result<std::uint64_t> parse_limit(std::string_view text) {
  auto bad = [&] { return std::unexpected(Error(EINVAL, "limit '" + std::string(text) + "'")); };
  std::string_view t = text;
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.remove_suffix(1);
  if (t == "inf") return CRLIM_INFINITY;
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || end == t.data()) return bad();
  std::string_view rest(end, t.data() + t.size() - end);
  std::uint64_t mult = 1;
  if (rest == "k")
    mult = 1000;
  else if (rest == "m")
    mult = 1000000;
  else if (rest == "K")
    mult = 1024;
  else if (rest == "M")
    mult = 1048576;
  else if (!rest.empty())
    return bad();
  if (v > CRLIM_KEEP / mult) return bad();
  return v * mult;
}

}  // namespace vsys
