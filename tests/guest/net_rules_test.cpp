// Socket rules of network contexts that net_test.cpp and netvis_test.cpp
// leave out: an IPv6 address given with a prefix is one address, loopback
// without LBACK_REMAP needs LBACK_ALLOW, a datagram socket bound to the
// any address hears only the guest's addresses, a MASK entry covers its
// network, and the IPv6 and UDP socket listings show a guest only its own
// sockets.  Runs as root inside the QEMU guest on the test addresses of lo.
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include <fmt/core.h>
#include <gtest/gtest.h>

#include "guest.hpp"
#include "net_helpers.hpp"
#include "vsys/network.hpp"

using namespace vtest;

namespace {

class NetRuleTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { add_test_addresses(); }
};

std::string local_ip(int fd) {
  sockaddr_storage me{};
  socklen_t len = sizeof(me);
  getsockname(fd, reinterpret_cast<sockaddr*>(&me), &len);
  return ip_of(me);
}

// "fd00::2/64" (what `naddress --ip fd00::2/64` passes) gives the guest
// fd00::2 alone, as 10.0.0.2/24 gives it 10.0.0.2: it binds only that
// address, HIDE_NETIF shows only that one, an unbound connect leaves from it.
TEST_F(NetRuleTest, Ipv6AddressWithPrefixIsThatAddressOnly) {
  auto at = sin6("fd00::1", 9130);
  int srv = listen_on(at);
  ASSERT_GE(srv, 0);
  std::string seen = in_net(920, NXF_INIT_SET, {"fd00::2/64"}, [&] {
    std::string r;
    for (const char* ip : {"fd00::2", "fd00::3", "fd00::1"})
      r += fmt::format("bind {} {}\n", ip, bind_errno(AF_INET6, SOCK_STREAM, sin6(ip, 0)));
    int fd = socket(AF_INET6, SOCK_STREAM, 0);
    if (connect(fd, reinterpret_cast<const sockaddr*>(&at), sizeof(at)) == 0)
      r += "source " + local_ip(fd) + "\n";
    else
      r += fmt::format("connect {}\n", errno);
    return r + slurp("/proc/net/if_inet6") + shell_output("ip -6 addr 2>&1");
  });
  EXPECT_TRUE(has(seen, "bind fd00::2 0\n")) << seen;
  EXPECT_TRUE(has(seen, fmt::format("bind fd00::3 {}\n", EADDRNOTAVAIL))) << seen;
  EXPECT_TRUE(has(seen, fmt::format("bind fd00::1 {}\n", EADDRNOTAVAIL))) << seen;
  EXPECT_TRUE(has(seen, "source fd00::2\n")) << seen;
  EXPECT_TRUE(has(seen, "fd000000000000000000000000000002") && has(seen, "inet6 fd00::2/64"))
      << seen;
  for (const char* other : {"fd000000000000000000000000000001", "fd000000000000000000000000000003",
                            "fd00::1/", "fd00::3/"})
    EXPECT_FALSE(has(seen, other)) << other << " shown to the guest:\n" << seen;
  close(srv);
}

// A MASK entry (v1) covers its network: 10.0.0.2/31 is .2 and .3, not .1.
TEST_F(NetRuleTest, MaskEntryCoversItsNetwork) {
  int rc = in_child([] {
    if (!vsys::net_create(921, NXF_INIT_SET | NXF_STATE_SETUP)) return 200;
    auto net = addr("10.0.0.2/31");
    net.type = NXA_TYPE_MASK;
    if (!vsys::net_add_ipv4_v1(921, net)) return 201;
    if (!vsys::set_nflags(921, {0, NXF_STATE_SETUP})) return 202;
    if (bind_errno(AF_INET, SOCK_DGRAM, sin4("10.0.0.2", 0)) != 0) return 1;
    if (bind_errno(AF_INET, SOCK_DGRAM, sin4("10.0.0.3", 0)) != 0) return 2;
    return bind_errno(AF_INET, SOCK_DGRAM, sin4("10.0.0.1", 0)) == EADDRNOTAVAIL ? 0 : 3;
  });
  EXPECT_EQ(rc, 0);
}

// errno of a TCP connect and a UDP send to the host's loopback (v4 or
// v6), or "0 <source>" for a connect that succeeds.
std::string reach_loopback(const char* lo, int port) {
  socklen_t len = 0;
  auto to = sa_of(lo, port, &len);
  int u = socket(to.ss_family, SOCK_DGRAM, 0);
  int sent = sendto(u, "x", 1, 0, reinterpret_cast<sockaddr*>(&to), len) == 1 ? 0 : errno;
  close(u);
  int fd = socket(to.ss_family, SOCK_STREAM, 0);
  if (connect(fd, reinterpret_cast<sockaddr*>(&to), len) != 0)
    return fmt::format("{} {}", errno, sent);
  return fmt::format("0 {} {}", sent, local_ip(fd));
}

// Without LBACK_REMAP the host's loopback is refused (EPERM) unless
// LBACK_ALLOW; with it, the connection leaves from the guest's loopback
// address (923 = 3*256+155).
TEST_F(NetRuleTest, LoopbackWithoutRemapNeedsLbackAllow) {
  int srv4 = listen_on(sin4("127.0.0.1", 7200));
  int srv6 = listen_on(sin6("::1", 7201));
  ASSERT_TRUE(srv4 >= 0 && srv6 >= 0);
  constexpr std::uint64_t no_remap = NXF_INIT_SET & ~(NXF_LBACK_REMAP | NXF_HIDE_LBACK);
  auto both = [] {
    return reach_loopback("127.0.0.1", 7200) + " / " + reach_loopback("::1", 7201);
  };
  EXPECT_EQ(in_net(922, no_remap, {"10.0.0.2/24", "fd00::2"}, both),
            fmt::format("{0} {0} / {0} {0}", EPERM));
  EXPECT_EQ(in_net(923, no_remap | NXF_LBACK_ALLOW, {"10.0.0.2/24", "fd00::2"}, both),
            "0 0 127.3.155.1 / 0 0 ::1");
  close(srv4);
  close(srv6);
}

// A guest's UDP socket bound to the any address (no SINGLE_IP) hears the
// datagrams to the guest's address, not those to another address of the
// box.  Returns what it received, in order.
std::string any_socket_hears(vsys::nid_t nid, const char* own, const char* any,
                             std::initializer_list<std::pair<const char*, char>> sends) {
  int ready[2], out[2];
  if (pipe(ready) != 0 || pipe(out) != 0) return "pipe failed";
  pid_t g = fork();
  if (g == 0) {
    socklen_t len = 0;
    auto at = sa_of(any, 9140, &len);
    char ok = enter_net(nid, NXF_INIT_SET, {own}) == 0;
    int fd = socket(at.ss_family, SOCK_DGRAM, 0);
    ok = ok && bind(fd, reinterpret_cast<sockaddr*>(&at), len) == 0;
    if (write(ready[1], &ok, 1) != 1) _exit(1);
    std::string got;
    pollfd p{fd, POLLIN, 0};
    for (char c; poll(&p, 1, 1500) == 1 && recv(fd, &c, 1, 0) == 1;) got += c;
    _exit(write(out[1], got.data(), got.size()) < 0);
  }
  close(out[1]);
  char ok = 0;
  std::string got = "guest bind failed";
  if (read(ready[0], &ok, 1) == 1 && ok) {
    for (auto [ip, tag] : sends) {
      socklen_t len = 0;
      auto to = sa_of(ip, 9140, &len);
      int u = socket(to.ss_family, SOCK_DGRAM, 0);
      sendto(u, &tag, 1, 0, reinterpret_cast<sockaddr*>(&to), len);
      close(u);
    }
    got = read_all(out[0]);
  }
  close(out[0]);
  finish({g}, ready);
  return got;
}

TEST_F(NetRuleTest, AnyDatagramSocketHearsOnlyTheGuestsAddress) {
  EXPECT_EQ(any_socket_hears(924, "10.0.0.2/24", "0.0.0.0",
                             {{"10.0.0.3", 'B'}, {"10.0.0.1", 'C'}, {"10.0.0.2", 'A'}}),
            "A");
  EXPECT_EQ(any_socket_hears(925, "fd00::2",
                             "::", {{"fd00::3", 'B'}, {"fd00::1", 'C'}, {"fd00::2", 'A'}}),
            "A");
}

// --- listings ----------------------------------------------------------------

// A socket of type/protocol bound to ip:port (listening if a stream);
// -1 on failure.
int bound(int type, int protocol, const char* ip, int port) {
  socklen_t len = 0;
  auto at = sa_of(ip, port, &len);
  int fd = socket(at.ss_family, type, protocol);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&at), len) != 0) return -1;
  if (type == SOCK_STREAM && listen(fd, 4) != 0) return -1;
  return fd;
}

std::string v6_listings() {
  return slurp("/proc/net/tcp6") + slurp("/proc/net/udp6") + slurp("/proc/net/raw6");
}

TEST_F(NetRuleTest, Ipv6ProcListingsShowOnlyTheGuestsSockets) {
  // The host: TCP fd00::1:9150 (23BE), UDP :9151 (23BF), raw protocol 252.
  int host[] = {bound(SOCK_STREAM, 0, "fd00::1", 9150), bound(SOCK_DGRAM, 0, "fd00::1", 9151),
                socket(AF_INET6, SOCK_RAW, 252)};
  for (int fd : host) ASSERT_GE(fd, 0);
  // The guest: TCP fd00::2:9152 (23C0), UDP :9153 (23C1), raw protocol 251.
  std::string seen = in_net(926, NXF_INIT_SET, {"fd00::2"}, [] {
    if (bound(SOCK_STREAM, 0, "fd00::2", 9152) < 0 || bound(SOCK_DGRAM, 0, "fd00::2", 9153) < 0 ||
        socket(AF_INET6, SOCK_RAW, 251) < 0)
      return std::string("guest sockets failed");
    return v6_listings();
  });
  for (const char* own : {":23C0 ", ":23C1 ", ":00FB "})
    EXPECT_TRUE(has(seen, own)) << own << " missing from the guest's view:\n" << seen;
  for (const char* other : {":23BE ", ":23BF ", ":00FC "})
    EXPECT_FALSE(has(seen, other)) << other << " shown to the guest:\n" << seen;
  std::string all = v6_listings();
  for (const char* any : {":23BE ", ":23BF ", ":00FC "})
    EXPECT_TRUE(has(all, any)) << any << " hidden from the host:\n" << all;
  for (int fd : host) close(fd);
}

std::string udp_diag() {
  return diag_ports(AF_INET, IPPROTO_UDP) + diag_ports(AF_INET6, IPPROTO_UDP);
}

TEST_F(NetRuleTest, UdpDiagDumpShowsOnlyTheGuestsSockets) {
  int host4 = bound(SOCK_DGRAM, 0, "10.0.0.1", 9156), host6 = bound(SOCK_DGRAM, 0, "fd00::1", 9157);
  ASSERT_TRUE(host4 >= 0 && host6 >= 0);
  std::string seen = in_net(927, NXF_INIT_SET, {"10.0.0.2/24", "fd00::2"}, [] {
    if (bound(SOCK_DGRAM, 0, "10.0.0.2", 9154) < 0 || bound(SOCK_DGRAM, 0, "fd00::2", 9155) < 0)
      return std::string("guest sockets failed");
    return udp_diag();
  });
  EXPECT_TRUE(has(seen, "port 9154\n") && has(seen, "port 9155\n")) << seen;
  EXPECT_FALSE(has(seen, "port 9156\n") || has(seen, "port 9157\n")) << seen;
  std::string all = udp_diag();
  EXPECT_TRUE(has(all, "port 9156\n") && has(all, "port 9157\n")) << all;
  close(host4);
  close(host6);
}

}  // namespace
