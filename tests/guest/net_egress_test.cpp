// Outgoing traffic of a guest by the less common roads: TCP fast open,
// sendto() with AF_UNSPEC, IPv4 through a dual-stack IPv6 socket, the
// "any" destinations (0.0.0.0, ::) and source addresses given in
// IP_PKTINFO / IPV6_PKTINFO.  Each road keeps the rules of connect():
// the guest's source address, no loopback but its own.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "guest.hpp"
#include "net_helpers.hpp"

using namespace vtest;

namespace {

// Without LBACK_REMAP, 127.0.0.1 is the host's loopback: refused (EPERM).
constexpr std::uint64_t kNoRemap = NXF_INIT_SET & ~NXF_LBACK_REMAP;

class EgressTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { add_test_addresses(); }
};

// "ok" or the errno name of a failed call.
std::string outcome(long rc) { return rc >= 0 ? "ok" : strerrorname_np(errno); }

template <class S>
std::string send_to(int fd, const S& to, int flags = 0) {
  return outcome(sendto(fd, "x", 1, flags, reinterpret_cast<const sockaddr*>(&to), sizeof(to)));
}

template <class S>
std::string connect_to(int fd, const S& to) {
  return outcome(connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof(to)));
}

template <class S>
int udp_on(const S& at) {
  int fd = socket(reinterpret_cast<const sockaddr*>(&at)->sa_family, SOCK_DGRAM, 0);
  if (bind(fd, reinterpret_cast<const sockaddr*>(&at), sizeof(at)) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// Source address of the datagram waiting on fd, "none" if there is none.
std::string datagram_source(int fd) {
  sockaddr_storage from{};
  socklen_t len = sizeof(from);
  char c;
  if (recvfrom(fd, &c, 1, MSG_DONTWAIT, reinterpret_cast<sockaddr*>(&from), &len) != 1)
    return "none";
  return ip_of(from);
}

// Peer address of the connection waiting on a listener, "none" if none.
std::string peer_of_next(int srv) {
  pollfd p{srv, POLLIN, 0};
  if (poll(&p, 1, 2000) != 1) return "none";
  sockaddr_storage from{};
  socklen_t len = sizeof(from);
  int c = accept(srv, reinterpret_cast<sockaddr*>(&from), &len);
  if (c < 0) return "none";
  close(c);
  return ip_of(from);
}

sockaddr_in unspec4(const char* ip, int port) {
  sockaddr_in sa = sin4(ip, port);
  sa.sin_family = AF_UNSPEC;
  return sa;
}

TEST_F(EgressTest, TcpFastOpenKeepsTheConnectRules) {
  int lo = listen_on(sin4("127.0.0.1", 9400));
  int host = listen_on(sin4("10.0.0.1", 9401));
  ASSERT_GE(lo, 0);
  ASSERT_GE(host, 0);
  auto fastopen = [](sockaddr_in to) {
    return [to] { return send_to(socket(AF_INET, SOCK_STREAM, 0), to, MSG_FASTOPEN); };
  };
  EXPECT_EQ(in_net(750, kNoRemap, {"10.0.0.2/24"}, fastopen(sin4("127.0.0.1", 9400))), "EPERM");
  EXPECT_EQ(peer_of_next(lo), "none");
  EXPECT_EQ(in_net(751, NXF_INIT_SET, {"10.0.0.2/24"}, fastopen(sin4("10.0.0.1", 9401))), "ok");
  EXPECT_EQ(peer_of_next(host), "10.0.0.2");
  close(lo);
  close(host);
}

// udp_sendmsg() reads an AF_UNSPEC address as AF_INET.
TEST_F(EgressTest, UnspecifiedFamilyIsIpv4) {
  int lo = udp_on(sin4("127.0.0.1", 9402));
  int host = udp_on(sin4("10.0.0.1", 9403));
  ASSERT_GE(lo, 0);
  ASSERT_GE(host, 0);
  auto send = [](sockaddr_in to) {
    return [to] { return send_to(socket(AF_INET, SOCK_DGRAM, 0), to); };
  };
  EXPECT_EQ(in_net(752, kNoRemap, {"10.0.0.2/24"}, send(unspec4("127.0.0.1", 9402))), "EPERM");
  EXPECT_EQ(datagram_source(lo), "none");
  EXPECT_EQ(in_net(753, NXF_INIT_SET, {"10.0.0.2/24"}, send(unspec4("10.0.0.1", 9403))), "ok");
  EXPECT_EQ(datagram_source(host), "10.0.0.2");
  close(lo);
  close(host);
}

TEST_F(EgressTest, DualStackSocketFollowsTheIpv4Rules) {
  int lo = udp_on(sin4("127.0.0.1", 9404));
  int host = udp_on(sin4("10.0.0.1", 9405));
  int tcp = listen_on(sin4("10.0.0.1", 9406));
  ASSERT_GE(lo, 0);
  ASSERT_GE(host, 0);
  ASSERT_GE(tcp, 0);
  auto v6 = [](int type) { return socket(AF_INET6, type, 0); };
  auto guest = {"10.0.0.2/24", "fd00::2"};
  EXPECT_EQ(in_net(754, kNoRemap, guest,
                   [&] { return send_to(v6(SOCK_DGRAM), sin4("127.0.0.1", 9404)); }),
            "EPERM");
  EXPECT_EQ(in_net(755, kNoRemap, guest,
                   [&] { return send_to(v6(SOCK_DGRAM), sin6("::ffff:127.0.0.1", 9404)); }),
            "EPERM");
  EXPECT_EQ(datagram_source(lo), "none");
  EXPECT_EQ(in_net(756, NXF_INIT_SET, guest,
                   [&] { return send_to(v6(SOCK_DGRAM), sin4("10.0.0.1", 9405)); }),
            "ok");
  EXPECT_EQ(datagram_source(host), "10.0.0.2");
  EXPECT_EQ(in_net(757, NXF_INIT_SET, guest,
                   [&] { return connect_to(v6(SOCK_STREAM), sin6("::ffff:10.0.0.1", 9406)); }),
            "ok");
  EXPECT_EQ(peer_of_next(tcp), "10.0.0.2");
  close(lo);
  close(host);
  close(tcp);
}

// The kernel routes 0.0.0.0 and :: to the loopback.
TEST_F(EgressTest, AnyDestinationIsTheLoopback) {
  int lo4 = listen_on(sin4("127.0.0.1", 9407));
  int lo6 = listen_on(sin6("::1", 9407));
  ASSERT_GE(lo4, 0);
  ASSERT_GE(lo6, 0);
  // Two addresses: no SINGLE_IP, the socket stays bound to 0.0.0.0.
  std::string v4 = in_net(758, kNoRemap, {"10.0.0.2/24", "10.0.0.3/24"}, [] {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    auto any = sin4("0.0.0.0", 0);
    if (bind(fd, reinterpret_cast<sockaddr*>(&any), sizeof(any)) != 0) return std::string("bind");
    return connect_to(fd, sin4("0.0.0.0", 9407));
  });
  EXPECT_EQ(v4, "EPERM");
  EXPECT_EQ(in_net(759, NXF_INIT_SET, {"fd00::2"},
                   [] { return connect_to(socket(AF_INET6, SOCK_STREAM, 0), sin6("::", 9407)); }),
            "EPERM");
  EXPECT_EQ(peer_of_next(lo4), "none");
  EXPECT_EQ(peer_of_next(lo6), "none");
  close(lo4);
  close(lo6);
}

// IP_PKTINFO without an address would let the routing pick the source.
TEST_F(EgressTest, PktinfoWithoutAddressKeepsTheSocketsSource) {
  int host = udp_on(sin4("10.0.0.1", 9408));
  ASSERT_GE(host, 0);
  std::string rc = in_net(760, NXF_INIT_SET, {"10.0.0.2/24", "10.0.0.3/24"}, [] {
    int fd = udp_on(sin4("10.0.0.3", 0));
    if (fd < 0) return std::string("bind");
    in_pktinfo pi{};
    return outcome(send_with_cmsg(fd, sin4("10.0.0.1", 9408), SOL_IP, IP_PKTINFO, pi));
  });
  EXPECT_EQ(rc, "ok");
  EXPECT_EQ(datagram_source(host), "10.0.0.3");
  close(host);
}

TEST_F(EgressTest, Ipv6PktinfoForeignSourceIsRefused) {
  int host = udp_on(sin6("fd00::1", 9409));
  ASSERT_GE(host, 0);
  for (int type : {IPV6_PKTINFO, IPV6_2292PKTINFO}) {
    std::string rc = in_net(761, NXF_INIT_SET, {"fd00::2"}, [type] {
      in6_pktinfo pi{};
      inet_pton(AF_INET6, "fd00::1", &pi.ipi6_addr);
      return outcome(send_with_cmsg(socket(AF_INET6, SOCK_DGRAM, 0), sin6("fd00::1", 9409),
                                    SOL_IPV6, type, pi));
    });
    EXPECT_EQ(rc, "EPERM") << "cmsg type " << type;
  }
  EXPECT_EQ(datagram_source(host), "none");
  close(host);
}

}  // namespace
