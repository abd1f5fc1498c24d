#include "host_addr.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>

#include <cstring>
#include <fstream>

#include <fmt/core.h>

#include "common.hpp"

namespace vtool {
namespace {

std::string addr_text(const sockaddr* sa) {
  char buf[INET6_ADDRSTRLEN] = "";
  if (sa->sa_family == AF_INET)
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buf, sizeof(buf));
  else if (sa->sa_family == AF_INET6)
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, buf, sizeof(buf));
  return buf;
}

// The canonical text of an address ("fd00:0::5" -> "fd00::5").
std::string canonical(const std::string& ip) {
  unsigned char raw[sizeof(in6_addr)];
  char buf[INET6_ADDRSTRLEN] = "";
  int fam = ip.find(':') == std::string::npos ? AF_INET : AF_INET6;
  if (inet_pton(fam, ip.c_str(), raw) != 1) return ip;
  inet_ntop(fam, raw, buf, sizeof(buf));
  return buf;
}

std::vector<std::string> ip_argv(const char* op, const GuestInterface& i) {
  std::vector<std::string> argv{"ip", "addr", op, i.cidr(), "dev", i.dev};
  if (!i.name.empty() && !i.ipv6 && std::strcmp(op, "add") == 0) {
    argv.push_back("label");
    argv.push_back(i.dev + ":" + i.name);
  }
  return argv;
}

vsys::Result<void> run_ip(const char* op, const GuestInterface& i) {
  // Deleting the first address of a subnet deletes the other addresses of
  // that subnet with it (another guest's) unless they are promoted.
  if (!i.ipv6 && std::strcmp(op, "del") == 0)
    std::ofstream(fmt::format("/proc/sys/net/ipv4/conf/{}/promote_secondaries", i.dev)) << "1\n";
  auto argv = ip_argv(op, i);
  auto rc = run_command(argv);
  if (!rc) return std::unexpected(rc.error());
  if (*rc != 0)
    return std::unexpected(vsys::Error(
        EIO, fmt::format("ip addr {} {} dev {} exited with {}", op, i.cidr(), i.dev, *rc)));
  return {};
}

}  // namespace

std::optional<std::string> address_holder(const std::string& ip) {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return std::nullopt;
  std::optional<std::string> dev;
  std::string want = canonical(ip);
  // A labelled address reports its label ("lo:web"): the device is before ':'.
  for (ifaddrs* a = list; a && !dev; a = a->ifa_next)
    if (a->ifa_addr && addr_text(a->ifa_addr) == want)
      dev = std::string(a->ifa_name).substr(0, std::string(a->ifa_name).find(':'));
  freeifaddrs(list);
  return dev;
}

vsys::Result<void> add_host_addresses(const std::vector<GuestInterface>& ifs) {
  std::vector<GuestInterface> added;
  for (const auto& i : ifs) {
    if (i.dev.empty()) continue;
    vsys::Result<void> r;
    if (auto holder = address_holder(i.ip))
      r = std::unexpected(vsys::Error(
          EADDRINUSE, fmt::format("address {} is already in use on {}", i.ip, *holder)));
    else
      r = run_ip("add", i);
    if (!r) {
      (void)remove_host_addresses(added);
      return r;
    }
    added.push_back(i);
  }
  return {};
}

vsys::Result<void> remove_host_addresses(const std::vector<GuestInterface>& ifs) {
  vsys::Result<void> first;
  for (const auto& i : ifs) {
    if (i.dev.empty() || address_holder(i.ip) != i.dev) continue;
    auto r = run_ip("del", i);
    if (!r && first) first = r;
  }
  return first;
}

}  // namespace vtool
