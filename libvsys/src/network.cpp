#include "vsys/network.hpp"

#include <arpa/inet.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include <fmt/core.h>

#include "call.hpp"

namespace vsys {

using detail::call;
using detail::call_void;

namespace {

std::unexpected<Error> bad(std::string_view text) {
  return std::unexpected(Error(EINVAL, fmt::format("address '{}'", text)));
}

std::optional<int> parse_int(std::string_view s) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

vcmd_net_addr_ipv4_v2 v2_of(const NetAddr& a) { return {a.type, a.flags, a.ip, a.ip2, a.mask}; }

vcmd_net_addr_ipv4_v1 v1_of(const NetAddr& a) { return {a.type, a.flags, a.ip, a.mask}; }

vcmd_net_addr_ipv6_v1 v6_of(const NetAddr& a) {
  return {a.type, a.flags, a.prefix, a.ip6, a.mask6};
}

}  // namespace

Result<NetAddr> parse_net_addr(std::string_view text) {
  NetAddr a;
  std::string_view host = text, suffix;
  if (auto slash = text.find('/'); slash != std::string_view::npos) {
    host = text.substr(0, slash);
    suffix = text.substr(slash + 1);
  }
  std::string h(host);
  if (inet_pton(AF_INET, h.c_str(), &a.ip) == 1) {
    a.mask.s_addr = htonl(0xFFFFFFFFu);
    if (suffix.empty()) return a;
    if (auto bits = parse_int(suffix)) {
      if (*bits < 0 || *bits > 32) return bad(text);
      a.mask.s_addr = htonl(*bits ? ~0u << (32 - *bits) : 0);
      return a;
    }
    if (inet_pton(AF_INET, std::string(suffix).c_str(), &a.mask) != 1) return bad(text);
    return a;
  }
  if (inet_pton(AF_INET6, h.c_str(), &a.ip6) != 1) return bad(text);
  a.family = AF_INET6;
  a.prefix = 128;
  if (!suffix.empty()) {
    auto bits = parse_int(suffix);
    if (!bits || *bits < 0 || *bits > 128) return bad(text);
    a.prefix = static_cast<std::uint32_t>(*bits);
  }
  // An ADDR entry carrying its prefix, as IPv4 keeps ADDR with its mask:
  // the guest gets this one address, not the whole network.
  for (std::uint32_t i = 0; i < a.prefix; ++i) a.mask6.s6_addr[i / 8] |= 0x80 >> (i % 8);
  return a;
}

Result<nid_t> task_nid(pid_t pid) {
  return map(call(VCMD_task_nid, static_cast<std::uint32_t>(pid), nullptr, "task_nid"),
             [](long v) { return static_cast<nid_t>(v); });
}

Result<nid_t> nx_info(nid_t nid) {
  vcmd_nx_info_v0 vc{};
  return map(call(VCMD_nx_info, nid, &vc, "nx_info"), [&](long) { return vc.nid; });
}

Result<nid_t> net_create(nid_t nid, std::optional<std::uint64_t> flags) {
  vcmd_net_create vc{flags.value_or(0)};
  auto r = flags ? call(VCMD_net_create, nid, &vc, "net_create")
                 : call(VCMD_net_create_v0, nid, nullptr, "net_create");
  return map(r, [](long v) { return static_cast<nid_t>(v); });
}

Result<void> net_migrate(nid_t nid) {
  return call_void(VCMD_net_migrate, nid, nullptr, "net_migrate");
}

Result<FlagWord> get_nflags(nid_t nid) {
  vcmd_net_flags_v0 vc{};
  return map(call(VCMD_get_nflags, nid, &vc, "get_nflags"), [&](long) {
    return FlagWord{vc.flagword, vc.mask};
  });
}

Result<void> set_nflags(nid_t nid, FlagWord f) {
  vcmd_net_flags_v0 vc{f.value, f.mask};
  return call_void(VCMD_set_nflags, nid, &vc, "set_nflags");
}

Result<FlagWord> get_ncaps(nid_t nid) {
  vcmd_net_caps_v0 vc{};
  return map(call(VCMD_get_ncaps, nid, &vc, "get_ncaps"), [&](long) {
    return FlagWord{vc.ncaps, vc.cmask};
  });
}

Result<void> set_ncaps(nid_t nid, FlagWord f) {
  vcmd_net_caps_v0 vc{f.value, f.mask};
  return call_void(VCMD_set_ncaps, nid, &vc, "set_ncaps");
}

Result<void> net_add_v0(nid_t nid, std::uint16_t type, const NetAddr* addrs, int count) {
  vcmd_net_addr_v0 vc{};
  vc.type = type;
  vc.count = static_cast<std::uint16_t>(count);
  for (int i = 0; i < count && i < 4; ++i) {
    vc.ip[i] = addrs[i].ip;
    vc.mask[i] = addrs[i].mask;
  }
  return call_void(VCMD_net_add, nid, &vc, "net_add");
}

Result<void> net_remove_v0(nid_t nid, std::uint16_t type) {
  vcmd_net_addr_v0 vc{};
  vc.type = type;
  return call_void(VCMD_net_remove, nid, &vc, "net_remove");
}

Result<void> net_add_ipv4_v1(nid_t nid, const NetAddr& a) {
  auto vc = v1_of(a);
  return call_void(VCMD_net_add_ipv4_v1, nid, &vc, "net_add_ipv4_v1");
}

Result<void> net_rem_ipv4_v1(nid_t nid, const NetAddr& a) {
  auto vc = v1_of(a);
  return call_void(VCMD_net_rem_ipv4_v1, nid, &vc, "net_rem_ipv4_v1");
}

Result<void> net_add_ipv4(nid_t nid, const NetAddr& a) {
  auto vc = v2_of(a);
  return call_void(VCMD_net_add_ipv4, nid, &vc, "net_add_ipv4");
}

Result<void> net_rem_ipv4(nid_t nid, const NetAddr& a) {
  auto vc = v2_of(a);
  return call_void(VCMD_net_rem_ipv4, nid, &vc, "net_rem_ipv4");
}

Result<void> net_add_ipv6(nid_t nid, const NetAddr& a) {
  auto vc = v6_of(a);
  return call_void(VCMD_net_add_ipv6, nid, &vc, "net_add_ipv6");
}

Result<void> net_remove_ipv6(nid_t nid, const NetAddr& a) {
  auto vc = v6_of(a);
  return call_void(VCMD_net_remove_ipv6, nid, &vc, "net_remove_ipv6");
}

Result<void> net_add(nid_t nid, const NetAddr& a) {
  return a.family == AF_INET6 ? net_add_ipv6(nid, a) : net_add_ipv4(nid, a);
}

Result<void> net_remove(nid_t nid, const NetAddr& a) {
  return a.family == AF_INET6 ? net_remove_ipv6(nid, a) : net_rem_ipv4(nid, a);
}

}  // namespace vsys
