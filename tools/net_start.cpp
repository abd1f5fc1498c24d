#include "net_start.hpp"

#include <fmt/core.h>

#include "common.hpp"

namespace vtool {

vsys::Result<vsys::nid_t> net_create_in_setup(std::optional<vsys::nid_t> nid,
                                              const vsys::FlagWord& change) {
  std::uint64_t flags = (NXF_INIT_SET & ~change.mask) | change.value | NXF_STATE_SETUP;
  if (nid) return vsys::net_create(*nid, flags);
  return create_first_free([&](vsys::nid_t n) { return vsys::net_create(n, flags); }, "net_create");
}

namespace {

vsys::Result<void> add_special(vsys::nid_t nid, const std::string& text, std::uint16_t mod) {
  if (text.empty()) return {};
  auto a = vsys::parse_net_addr(text);
  if (!a) return std::unexpected(a.error());
  // Broadcast and loopback are IPv4 only: an IPv6 text would set 0.0.0.0.
  if (a->family != AF_INET)
    return std::unexpected(vsys::Error(EINVAL, fmt::format("address '{}'", text)));
  a->type = NXA_TYPE_ADDR | mod;
  return vsys::net_add_ipv4(nid, *a);
}

}  // namespace

vsys::Result<int> add_addresses(vsys::nid_t nid, const std::vector<std::string>& ips,
                                const std::string& bcast, const std::string& lback) {
  int v4 = 0;
  for (const auto& ip : ips) {
    auto a = vsys::parse_net_addr(ip);
    if (!a) return std::unexpected(a.error());
    auto r = vsys::net_add(nid, *a);
    if (!r) return std::unexpected(r.error());
    v4 += a->family == AF_INET;
  }
  if (auto r = add_special(nid, bcast, NXA_MOD_BCAST); !r) return std::unexpected(r.error());
  if (auto r = add_special(nid, lback, NXA_MOD_LBACK); !r) return std::unexpected(r.error());
  return v4;
}

}  // namespace vtool
