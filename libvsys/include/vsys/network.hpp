// libvsys: typed calls of the network context commands of vserver(2).
// Ids are nids (0 host, 1 spectator, 2..65535 guests).
#pragma once

#include <netinet/in.h>
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <linux/vserver/network.h>

#include "vsys/context.hpp"
#include "vsys/error.hpp"

namespace vsys {

using nid_t = std::uint32_t;

// One address entry, IPv4 or IPv6 (family AF_INET or AF_INET6).
struct NetAddr {
  int family = AF_INET;
  std::uint16_t type = NXA_TYPE_ADDR;  // NXA_TYPE_* | NXA_MOD_*
  std::uint16_t flags = 0;
  in_addr ip{}, ip2{}, mask{};  // IPv4
  in6_addr ip6{}, mask6{};      // IPv6
  std::uint32_t prefix = 0;     // IPv6 prefix length
};

// "10.0.0.2", "10.0.0.2/24", "10.0.0.2/255.255.255.0", "fd00::2",
// "fd00::2/64": an ADDR entry with its mask (IPv4) or prefix and mask
// (IPv6); the guest gets that one address, never the whole network (set
// type to NXA_TYPE_MASK for a network entry).  EINVAL names the bad text.
Result<NetAddr> parse_net_addr(std::string_view text);

Result<nid_t> task_nid(pid_t pid = 0);
Result<nid_t> nx_info(nid_t nid);
// Without flags the v0 command (NXF_INIT_SET).  The caller moves in.
Result<nid_t> net_create(nid_t nid, std::optional<std::uint64_t> flags = {});
Result<void> net_migrate(nid_t nid);
Result<FlagWord> get_nflags(nid_t nid);
Result<void> set_nflags(nid_t nid, FlagWord flags);
Result<FlagWord> get_ncaps(nid_t nid);
Result<void> set_ncaps(nid_t nid, FlagWord ncaps);
// v0: up to four IPv4 addresses of one type (NXA_TYPE_IPV4 [| MOD_*]);
// remove takes NXA_TYPE_ANY only.
Result<void> net_add_v0(nid_t nid, std::uint16_t type, const NetAddr* addrs, int count);
Result<void> net_remove_v0(nid_t nid, std::uint16_t type);
// IPv4 v1 (ADDR, MASK) and v2 (also RANGE); IPv6.
Result<void> net_add_ipv4_v1(nid_t nid, const NetAddr& a);
Result<void> net_rem_ipv4_v1(nid_t nid, const NetAddr& a);
Result<void> net_add_ipv4(nid_t nid, const NetAddr& a);
Result<void> net_rem_ipv4(nid_t nid, const NetAddr& a);
Result<void> net_add_ipv6(nid_t nid, const NetAddr& a);
Result<void> net_remove_ipv6(nid_t nid, const NetAddr& a);
// The family's add/remove: v2 for IPv4, the IPv6 command for IPv6.
Result<void> net_add(nid_t nid, const NetAddr& a);
Result<void> net_remove(nid_t nid, const NetAddr& a);

}  // namespace vsys
