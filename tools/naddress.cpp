// naddress: add addresses to a network context, or remove them.
//   naddress --add --nid N [--ip ADDR[/MASK]]... [--range A-B] [--bcast A] [--lback A]
//   naddress --remove --nid N [--ip ADDR[/MASK]]... | --all
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "common.hpp"
#include "net_start.hpp"

namespace {

vsys::Result<vsys::NetAddr> parse_range(const std::string& text) {
  auto dash = text.find('-');
  if (dash == std::string::npos)
    return std::unexpected(vsys::Error(EINVAL, fmt::format("range '{}'", text)));
  auto from = vsys::parse_net_addr(text.substr(0, dash));
  auto to = vsys::parse_net_addr(text.substr(dash + 1));
  if (!from || !to || from->family != AF_INET || to->family != AF_INET)
    return std::unexpected(vsys::Error(EINVAL, fmt::format("range '{}'", text)));
  from->type = NXA_TYPE_RANGE;
  from->ip2 = to->ip;
  from->mask.s_addr = 0;
  return from;
}

}  // namespace

int main(int argc, char** argv) {
  vsys::nid_t nid = 0;
  std::vector<std::string> ips, ranges;
  std::string bcast, lback;
  bool add = false, remove = false, all = false;
  CLI::App app{"Add addresses to a network context or remove them.", "naddress"};
  app.add_flag("--add", add, "add the addresses");
  app.add_flag("--remove", remove, "remove the addresses");
  app.add_option("--nid", nid, "network context id")->required()->check(CLI::Range(2, 65535));
  app.add_option("--ip", ips, "address ADDR[/MASK], IPv4 or IPv6 (repeatable)");
  app.add_option("--range", ranges, "IPv4 range FIRST-END (END excluded)");
  app.add_option("--bcast", bcast, "IPv4 broadcast address");
  app.add_option("--lback", lback, "IPv4 loopback address");
  app.add_flag("--all", all, "with --remove: every address, IPv4 and IPv6");
  bool done;
  int rc = vtool::parse_args(app, argc, argv, done);
  if (done) return rc;
  if (add == remove) return vtool::fail("naddress", "give one of --add or --remove");
  if (add) {
    auto v4 = vtool::add_addresses(nid, ips, bcast, lback);
    if (!v4) return vtool::fail("naddress", v4.error());
    for (const auto& r : ranges) {
      auto a = parse_range(r);
      if (!a) return vtool::fail("naddress", a.error());
      if (auto res = vsys::net_add_ipv4(nid, *a); !res) return vtool::fail("naddress", res.error());
    }
    return 0;
  }
  if (all) {
    vsys::NetAddr any;
    any.type = NXA_TYPE_ANY;
    auto r = vsys::net_rem_ipv4(nid, any);
    if (!r) return vtool::fail("naddress", r.error());
    any.family = AF_INET6;
    r = vsys::net_remove_ipv6(nid, any);
    return r ? 0 : vtool::fail("naddress", r.error());
  }
  for (const auto& ip : ips) {
    auto a = vsys::parse_net_addr(ip);
    if (!a) return vtool::fail("naddress", a.error());
    if (auto r = vsys::net_remove(nid, *a); !r) return vtool::fail("naddress", r.error());
  }
  for (const auto& r : ranges) {
    auto a = parse_range(r);
    if (!a) return vtool::fail("naddress", a.error());
    if (auto res = vsys::net_rem_ipv4(nid, *a); !res) return vtool::fail("naddress", res.error());
  }
  return 0;
}
