// Network contexts: the commands and their error paths, and real sockets
// of guests on the test addresses of lo (net_helpers.hpp).  Runs as root
// inside the QEMU guest.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "guest.hpp"
#include "net_helpers.hpp"
#include "vsys/names.hpp"
#include "vsys/network.hpp"
#include "vsys/procfs.hpp"

using namespace vtest;

namespace {

class NetTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { add_test_addresses(); }
};

// --- commands ---------------------------------------------------------

TEST_F(NetTest, CreateMigrateInfo) {
  int rc = in_child([] {
    auto n = vsys::net_create(700, std::nullopt);
    if (!n || *n != 700) return 1;
    if (*vsys::task_nid(0) != 700) return 2;
    if (vsys::nx_info(700).value_or(0) != 700) return 3;
    if (err_of(vsys::net_create(700, std::nullopt)) != EEXIST) return 4;
    auto f = vsys::get_nflags(700);
    if (!f || (f->value & NXF_INIT_SET) != NXF_INIT_SET) return 5;
    return 0;
  });
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(*vsys::task_nid(0), 0u) << "the host stays in nid 0";
}

TEST_F(NetTest, BadIdsAndFlags) {
  EXPECT_EQ(err_of(vsys::net_create(0, 0ULL)), EINVAL);
  EXPECT_EQ(err_of(vsys::net_create(1, 0ULL)), EINVAL);
  EXPECT_EQ(err_of(vsys::net_create(70000, 0ULL)), EINVAL);
  // Flag bits of other kernels are stored, as vs2.3 did.
  EXPECT_EQ(in_child([] {
              if (!vsys::net_create(701, NXF_INIT_SET | 1ULL << 60)) return 1;
              auto f = vsys::get_nflags(701);
              return f && (f->value & (1ULL << 60)) ? 0 : 2;
            }),
            0);
  EXPECT_EQ(err_of(vsys::nx_info(702)), ESRCH);
  EXPECT_EQ(err_of(vsys::net_migrate(702)), ESRCH);
  EXPECT_EQ(err_of(vsys::get_nflags(0)), ESRCH);
}

// A persistent context the host configures from outside.
class NetCmdTest : public NetTest {
 protected:
  void SetUp() override {
    int rc =
        in_child([this] { return vsys::net_create(nid_, NXF_INIT_SET | NXF_PERSISTENT) ? 0 : 1; });
    ASSERT_EQ(rc, 0);
  }
  void TearDown() override { (void)vsys::set_nflags(nid_, {0, NXF_PERSISTENT}); }
  std::string proc_info() const {
    std::ifstream in("/proc/virtnet/" + std::to_string(nid_) + "/info");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  vsys::nid_t nid_ = 710;
};

TEST_F(NetCmdTest, FlagsAndCaps) {
  ASSERT_TRUE(vsys::set_nflags(nid_, {NXF_SINGLE_IP, NXF_SINGLE_IP}));
  EXPECT_TRUE(vsys::get_nflags(nid_)->value & NXF_SINGLE_IP);
  // Bits this kernel does not know are stored and reported (vs2.3).
  ASSERT_TRUE(vsys::set_nflags(nid_, {1ULL << 50, 1ULL << 50}));
  EXPECT_TRUE(vsys::get_nflags(nid_)->value & (1ULL << 50));
  ASSERT_TRUE(vsys::set_ncaps(nid_, {NXC_RAW_ICMP, ~0ULL}));
  EXPECT_EQ(vsys::get_ncaps(nid_)->value, NXC_RAW_ICMP);
  ASSERT_TRUE(vsys::set_ncaps(nid_, {1ULL << 40, 1ULL << 40}));
  EXPECT_EQ(vsys::get_ncaps(nid_)->value, NXC_RAW_ICMP | 1ULL << 40);
  EXPECT_EQ(raw_vserver(VCMD_get_nflags, nid_, nullptr), -1);
  EXPECT_EQ(errno, EFAULT);
}

TEST_F(NetCmdTest, Ipv4V1V2AndV0) {
  ASSERT_TRUE(vsys::set_nflags(nid_, {NXF_SINGLE_IP, NXF_SINGLE_IP}));
  auto a = addr("10.0.0.2/24");
  ASSERT_TRUE(vsys::net_add_ipv4_v1(nid_, a));
  EXPECT_EQ(err_of(vsys::net_add_ipv4_v1(nid_, a)), EEXIST);
  EXPECT_TRUE(vsys::get_nflags(nid_)->value & NXF_SINGLE_IP) << "one address keeps SINGLE_IP";
  vsys::NetAddr range = addr("10.0.1.10");
  range.type = NXA_TYPE_RANGE;
  range.ip2 = addr("10.0.1.20").ip;
  range.mask.s_addr = 0;
  EXPECT_EQ(err_of(vsys::net_add_ipv4_v1(nid_, range)), EINVAL) << "no RANGE in v1";
  ASSERT_TRUE(vsys::net_add_ipv4(nid_, range));
  EXPECT_FALSE(vsys::get_nflags(nid_)->value & NXF_SINGLE_IP) << "a second address ends it";
  vsys::NetAddr bad = addr("10.0.2.1/24");
  bad.mask.s_addr = htonl(0xFF00FF00);
  EXPECT_EQ(err_of(vsys::net_add_ipv4(nid_, bad)), EINVAL);
  bad = a;
  bad.type = 0x77;
  EXPECT_EQ(err_of(vsys::net_add_ipv4(nid_, bad)), EINVAL);
  vsys::NetAddr bcast = addr("10.0.0.255");
  bcast.type = NXA_TYPE_ADDR | NXA_MOD_BCAST;
  ASSERT_TRUE(vsys::net_add_ipv4(nid_, bcast));
  std::string info = proc_info();
  EXPECT_NE(info.find("Bcast:\t10.0.0.255"), std::string::npos) << info;
  EXPECT_NE(info.find("Lback:\t127.2.198.1"), std::string::npos) << info;  // 710 = 2*256+198
  EXPECT_NE(info.find("[10.0.0.2-0.0.0.0/255.255.255.0:0010]"), std::string::npos) << info;
  EXPECT_NE(info.find("[10.0.1.10-10.0.1.20/0.0.0.0:0040]"), std::string::npos) << info;
  EXPECT_EQ(err_of(vsys::net_rem_ipv4(nid_, addr("10.0.0.9/24"))), ESRCH);
  ASSERT_TRUE(vsys::net_rem_ipv4_v1(nid_, a));
  EXPECT_EQ(proc_info().find("10.0.0.2-"), std::string::npos);
  // v0: 1..4 addresses; remove takes ANY only.
  vsys::NetAddr four[4] = {addr("10.1.0.1"), addr("10.1.0.2"), addr("10.1.0.3"), addr("10.1.0.4")};
  EXPECT_EQ(err_of(vsys::net_add_v0(nid_, NXA_TYPE_IPV4, four, 0)), EINVAL);
  EXPECT_EQ(err_of(vsys::net_add_v0(nid_, NXA_TYPE_IPV4, four, 5)), EINVAL);
  ASSERT_TRUE(vsys::net_add_v0(nid_, NXA_TYPE_IPV4, four, 4));
  EXPECT_NE(proc_info().find("[10.1.0.4-"), std::string::npos);
  EXPECT_EQ(err_of(vsys::net_remove_v0(nid_, NXA_TYPE_IPV4)), EINVAL);
  ASSERT_TRUE(vsys::net_remove_v0(nid_, NXA_TYPE_ANY));
  EXPECT_EQ(proc_info().find("[10."), std::string::npos);
}

// Every command that takes a structure: NULL and unmapped pointers are EFAULT.
TEST_F(NetCmdTest, BadPointersAreEfault) {
  for (std::uint32_t cmd :
       {VCMD_nx_info, VCMD_get_nflags, VCMD_set_nflags, VCMD_get_ncaps, VCMD_set_ncaps,
        VCMD_net_add, VCMD_net_remove, VCMD_net_add_ipv4_v1, VCMD_net_rem_ipv4_v1,
        VCMD_net_add_ipv4, VCMD_net_rem_ipv4, VCMD_net_add_ipv6, VCMD_net_remove_ipv6}) {
    for (void* bad : {static_cast<void*>(nullptr), reinterpret_cast<void*>(0x10)}) {
      EXPECT_EQ(raw_vserver(cmd, nid_, bad), -1) << std::hex << cmd;
      EXPECT_EQ(errno, EFAULT) << std::hex << cmd;
    }
  }
  // (NULL asks net_create for the default flags.)
  EXPECT_EQ(raw_vserver(VCMD_net_create, 703, reinterpret_cast<void*>(0x10)), -1);
  EXPECT_EQ(errno, EFAULT);
}

TEST_F(NetCmdTest, TooManyAddresses) {
  for (int i = 0; i < NX_MAX_ADDRS; ++i)
    ASSERT_TRUE(vsys::net_add_ipv4(nid_, addr(("10.2.0." + std::to_string(i + 1)).c_str())));
  EXPECT_EQ(err_of(vsys::net_add_ipv4(nid_, addr("10.2.1.1"))), ENOSPC);
}

TEST_F(NetCmdTest, Ipv6) {
  auto a = addr("fd00::2");
  ASSERT_TRUE(vsys::net_add_ipv6(nid_, a));
  EXPECT_EQ(err_of(vsys::net_add_ipv6(nid_, a)), EEXIST);
  auto net = addr("fd01::/64");
  net.type = NXA_TYPE_MASK;
  ASSERT_TRUE(vsys::net_add_ipv6(nid_, net));
  net.prefix = 129;
  EXPECT_EQ(err_of(vsys::net_add_ipv6(nid_, net)), EINVAL);
  EXPECT_NE(proc_info().find("[fd00::2/ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128:0010]"),
            std::string::npos)
      << proc_info();
  EXPECT_EQ(err_of(vsys::net_remove_ipv6(nid_, addr("fd00::9"))), ESRCH);
  ASSERT_TRUE(vsys::net_remove_ipv6(nid_, a));
  vsys::NetAddr any;
  any.family = AF_INET6;
  any.type = NXA_TYPE_ANY;
  ASSERT_TRUE(vsys::net_remove_ipv6(nid_, any));
  EXPECT_EQ(proc_info().find("fd01"), std::string::npos);
}

// --- sockets ------------------------------------------------------------

TEST_F(NetTest, BindOnlyOwnAddresses) {
  int rc = in_child([] {
    if (int e = enter_net(720, NXF_INIT_SET, {"10.0.0.2/24"})) return e;
    if (bind_errno(AF_INET, SOCK_STREAM, sin4("10.0.0.2", 0)) != 0) return 1;
    if (bind_errno(AF_INET, SOCK_STREAM, sin4("10.0.0.3", 0)) != EADDRNOTAVAIL) return 2;
    if (bind_errno(AF_INET, SOCK_DGRAM, sin4("10.0.0.1", 0)) != EADDRNOTAVAIL) return 3;
    return 0;
  });
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(bind_errno(AF_INET, SOCK_STREAM, sin4("10.0.0.3", 0)), 0) << "the host binds all";
}

TEST_F(NetTest, FamilyWithoutAddressIsUnsupported) {
  int rc = in_child([] {
    if (int e = enter_net(721, NXF_INIT_SET & ~NXF_LBACK_REMAP, {})) return e;
    if (socket(AF_INET, SOCK_STREAM, 0) >= 0 || errno != EAFNOSUPPORT) return 1;
    if (socket(AF_INET6, SOCK_DGRAM, 0) >= 0 || errno != EAFNOSUPPORT) return 2;
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    return fd >= 0 ? 0 : 3;
  });
  EXPECT_EQ(rc, 0);
}

// A TCP server of a guest with address ip, bound to the any address of
// ip's family (0.0.0.0 or ::) on port, answering its tag.
pid_t serve(vsys::nid_t nid, std::uint64_t flags, const char* ip, int port, char tag,
            int ready_fd) {
  pid_t pid = fork();
  if (pid != 0) return pid;
  if (enter_net(nid, flags, {ip}) != 0) _exit(1);
  socklen_t len = 0;
  auto any = sa_of(std::strchr(ip, ':') ? "::" : "0.0.0.0", port, &len);
  int fd = socket(any.ss_family, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  char ok = bind(fd, reinterpret_cast<sockaddr*>(&any), len) == 0 && listen(fd, 8) == 0;
  if (write(ready_fd, &ok, 1) != 1) _exit(2);
  for (;;) {
    int c = accept(fd, nullptr, nullptr);
    if (c < 0) continue;
    if (write(c, &tag, 1) != 1) _exit(3);
    close(c);
  }
}

// The tag a server at ip:port answers, '-' if nothing answers in time.
char ask(const char* ip, int port) {
  socklen_t len = 0;
  auto to = sa_of(ip, port, &len);
  int fd = socket(to.ss_family, SOCK_STREAM, 0);
  fcntl(fd, F_SETFL, O_NONBLOCK);
  connect(fd, reinterpret_cast<sockaddr*>(&to), len);
  pollfd p{fd, POLLIN, 0};
  char c = '-';
  if (poll(&p, 1, 700) == 1 && read(fd, &c, 1) != 1) c = '-';
  close(fd);
  return c;
}

// Two guests with SINGLE_IP each serve port 80 on the any address and
// answer only on their own address; the host reaches both.
void two_guests_on_port_80(const char* ip_a, const char* ip_b, const char* host_ip) {
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t a = serve(730, NXF_INIT_SET | NXF_SINGLE_IP, ip_a, 80, 'A', ready[1]);
  pid_t b = serve(731, NXF_INIT_SET | NXF_SINGLE_IP, ip_b, 80, 'B', ready[1]);
  char oka = 0, okb = 0;
  ASSERT_EQ(read(ready[0], &oka, 1), 1);
  ASSERT_EQ(read(ready[0], &okb, 1), 1);
  EXPECT_TRUE(oka && okb) << "both guests bound the any address on port 80";
  EXPECT_EQ(ask(ip_a, 80), 'A');
  EXPECT_EQ(ask(ip_b, 80), 'B');
  EXPECT_EQ(ask(host_ip, 80), '-') << "nobody listens on the host's address";
  finish({a, b}, ready);
}

TEST_F(NetTest, TwoGuestsOnPort80EachAnswersOnItsOwnAddress) {
  two_guests_on_port_80("10.0.0.2", "10.0.0.3", "10.0.0.1");
}

TEST_F(NetTest, TwoGuestsOnPort80EachAnswersOnItsOwnAddressIpv6) {
  two_guests_on_port_80("fd00::2", "fd00::3", "fd00::1");
}

// Without SINGLE_IP the listener stays on the any address but only hears
// the guest.
void any_listener_hears_only_the_guest(const char* own, const char* other) {
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t a = serve(732, NXF_INIT_SET, own, 8081, 'A', ready[1]);
  char ok = 0;
  ASSERT_EQ(read(ready[0], &ok, 1), 1);
  EXPECT_TRUE(ok);
  EXPECT_EQ(ask(own, 8081), 'A');
  EXPECT_EQ(ask(other, 8081), '-');
  finish({a}, ready);
}

TEST_F(NetTest, AnyListenerHearsOnlyTheGuestsAddresses) {
  any_listener_hears_only_the_guest("10.0.0.2", "10.0.0.3");
}

TEST_F(NetTest, AnyListenerHearsOnlyTheGuestsAddressesIpv6) {
  any_listener_hears_only_the_guest("fd00::2", "fd00::3");
}

// The source of a guest's connection and datagram is its own address.
TEST_F(NetTest, SourceAddressIsTheGuests) {
  auto at = sin4("10.0.0.1", 9000);
  int srv = listen_on(at);
  ASSERT_GE(srv, 0);
  int udp = socket(AF_INET, SOCK_DGRAM, 0);
  auto uat = sin4("10.0.0.1", 9001);
  ASSERT_EQ(bind(udp, reinterpret_cast<sockaddr*>(&uat), sizeof(uat)), 0);
  pid_t child = fork();
  if (child == 0) {
    if (enter_net(740, NXF_INIT_SET, {"10.0.0.2/24"}) != 0) _exit(1);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(fd, reinterpret_cast<sockaddr*>(&at), sizeof(at)) != 0) _exit(2);
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    if (sendto(u, "x", 1, 0, reinterpret_cast<sockaddr*>(&uat), sizeof(uat)) != 1) _exit(3);
    pause();
    _exit(0);
  }
  sockaddr_storage peer{};
  socklen_t len = sizeof(peer);
  int c = accept(srv, reinterpret_cast<sockaddr*>(&peer), &len);
  ASSERT_GE(c, 0);
  EXPECT_EQ(ip_of(peer), "10.0.0.2");
  char buf[4];
  len = sizeof(peer);
  ASSERT_EQ(recvfrom(udp, buf, sizeof(buf), 0, reinterpret_cast<sockaddr*>(&peer), &len), 1);
  EXPECT_EQ(ip_of(peer), "10.0.0.2");
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  for (int fd : {c, srv, udp}) close(fd);
}

// An explicit foreign source (IP_PKTINFO) is refused; the guest's own passes.
TEST_F(NetTest, ExplicitForeignSourceIsEperm) {
  int rc = in_child([] {
    if (int e = enter_net(745, NXF_INIT_SET, {"10.0.0.2/24"})) return e;
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    auto to = sin4("10.0.0.1", 9003);
    auto send_from = [&](const char* src) {
      in_pktinfo pi{};
      inet_pton(AF_INET, src, &pi.ipi_spec_dst);
      return send_with_cmsg(u, to, SOL_IP, IP_PKTINFO, pi) == 1 ? 0 : errno;
    };
    if (send_from("10.0.0.3") != EPERM) return 1;
    return send_from("10.0.0.2");
  });
  EXPECT_EQ(rc, 0);
}

// A guest's UDP echo service bound to the any address (no SINGLE_IP)
// replies from the guest's address, not from the host address routing
// would pick.  Returns the reply's source as the host sees it.
template <class S>
std::string udp_echo_reply_source(vsys::nid_t nid, const char* guest_ip, const S& host_at,
                                  const S& any, const S& guest_at) {
  const int family = reinterpret_cast<const sockaddr&>(any).sa_family;
  int host = socket(family, SOCK_DGRAM, 0);
  if (bind(host, reinterpret_cast<const sockaddr*>(&host_at), sizeof(host_at)) != 0)
    return "host bind failed";
  int ready[2];
  if (pipe(ready) != 0) return "pipe failed";
  pid_t echo = fork();
  if (echo == 0) {
    if (enter_net(nid, NXF_INIT_SET, {guest_ip}) != 0) _exit(1);
    int fd = socket(family, SOCK_DGRAM, 0);
    char ok = bind(fd, reinterpret_cast<const sockaddr*>(&any), sizeof(any)) == 0;
    if (write(ready[1], &ok, 1) != 1) _exit(2);
    for (;;) {
      sockaddr_storage from{};
      socklen_t len = sizeof(from);
      char c;
      if (recvfrom(fd, &c, 1, 0, reinterpret_cast<sockaddr*>(&from), &len) == 1)
        sendto(fd, &c, 1, 0, reinterpret_cast<sockaddr*>(&from), len);
    }
  }
  char ok = 0, c = 'x';
  std::string source = "no reply";
  pollfd p{host, POLLIN, 0};
  sockaddr_storage from{};
  socklen_t len = sizeof(from);
  if (read(ready[0], &ok, 1) != 1 || !ok)
    source = "guest bind failed";
  else if (sendto(host, &c, 1, 0, reinterpret_cast<const sockaddr*>(&guest_at), sizeof(guest_at)) ==
               1 &&
           poll(&p, 1, 3000) == 1 &&
           recvfrom(host, &c, 1, 0, reinterpret_cast<sockaddr*>(&from), &len) == 1)
    source = ip_of(from);
  finish({echo}, ready);
  close(host);
  return source;
}

TEST_F(NetTest, UdpReplyFromAnySocketLeavesFromTheGuestsAddress) {
  EXPECT_EQ(udp_echo_reply_source(742, "10.0.0.2/24", sin4("10.0.0.1", 9201), sin4("0.0.0.0", 9200),
                                  sin4("10.0.0.2", 9200)),
            "10.0.0.2");
  EXPECT_EQ(udp_echo_reply_source(743, "fd00::2", sin6("fd00::1", 9201), sin6("::", 9200),
                                  sin6("fd00::2", 9200)),
            "fd00::2");
}

// Network contexts not yet freed (#CTotal) and live ones (#CActive).
long contexts_allocated() {
  return vsys::read_id_counts("virtnet").value_or(vsys::IdCounts{}).total;
}
long contexts_live() { return vsys::read_id_counts("virtnet").value_or(vsys::IdCounts{}).active; }

// The host accepting a guest's connection (in softirq, while the guest's
// task runs) must not pin the guest's network context.
TEST_F(NetTest, AcceptedConnectionPinsNoGuestContext) {
  int srv = listen_on(sin4("10.0.0.1", 9300));
  ASSERT_GE(srv, 0);
  // Contexts ended by earlier tests are freed with their last socket, a
  // UDP socket only after an RCU grace period: let them go first.
  for (int i = 0; i < 60 && contexts_allocated() != contexts_live(); i++) usleep(50000);
  long before = contexts_allocated();
  ASSERT_GE(before, 0);
  int rc = in_child([] {
    if (int e = enter_net(744, NXF_INIT_SET, {"10.0.0.2/24"})) return e;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    auto to = sin4("10.0.0.1", 9300);
    return connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof(to)) == 0 ? 0 : 100 + errno;
  });
  ASSERT_EQ(rc, 0);
  int c = accept(srv, nullptr, nullptr);
  EXPECT_GE(c, 0);
  close(c);
  close(srv);
  long after = contexts_allocated();
  for (int i = 0; i < 60 && after > before; i++) {
    usleep(50000);
    after = contexts_allocated();
  }
  // Earlier tests' contexts may go meanwhile (lingering sockets): fewer is fine.
  EXPECT_LE(after, before) << "network context 744 outlived its task and sockets";
}

// Two guests each run a service on 127.0.0.1:7000 and reach only their own.
TEST_F(NetTest, LoopbackRemapIsolatesGuests) {
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  auto lo_server = [&](vsys::nid_t nid, char tag) {
    pid_t pid = fork();
    if (pid != 0) return pid;
    if (enter_net(nid, NXF_INIT_SET, {}) != 0) _exit(1);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    auto lo = sin4("127.0.0.1", 7000);
    char ok = bind(fd, reinterpret_cast<sockaddr*>(&lo), sizeof(lo)) == 0 && listen(fd, 4) == 0;
    if (write(ready[1], &ok, 1) != 1) _exit(2);
    for (;;) {
      int c = accept(fd, nullptr, nullptr);
      if (c >= 0 && write(c, &tag, 1) == 1) close(c);
    }
  };
  pid_t a = lo_server(750, 'A');
  pid_t b = lo_server(751, 'B');
  char oka = 0, okb = 0;
  ASSERT_EQ(read(ready[0], &oka, 1), 1);
  ASSERT_EQ(read(ready[0], &okb, 1), 1);
  EXPECT_TRUE(oka && okb) << "both bound 127.0.0.1:7000";
  auto client = [](vsys::nid_t nid) {
    return in_child([nid] {
      if (!vsys::net_migrate(nid)) return 200;
      return static_cast<int>(ask("127.0.0.1", 7000));
    });
  };
  EXPECT_EQ(client(750), 'A');
  EXPECT_EQ(client(751), 'B');
  // 750's loopback address from 751: refused.
  int rc = in_child([] {
    if (!vsys::net_migrate(751)) return 200;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    auto other = sin4("127.2.238.1", 7000);  // 750 = 2*256+238
    return connect(fd, reinterpret_cast<sockaddr*>(&other), sizeof(other)) == 0 ? 0 : errno;
  });
  EXPECT_EQ(rc, EPERM);
  EXPECT_EQ(ask("127.0.0.1", 7000), '-') << "the host's 127.0.0.1 is not theirs";
  finish({a, b}, ready);
}

TEST_F(NetTest, Ipv6BindAndSource) {
  auto at = sin6("fd00::1", 9002);
  int srv = listen_on(at);
  ASSERT_GE(srv, 0);
  pid_t child = fork();
  if (child == 0) {
    if (enter_net(760, NXF_INIT_SET, {"fd00::2"}) != 0) _exit(1);
    if (bind_errno(AF_INET6, SOCK_STREAM, sin6("fd00::2", 0)) != 0) _exit(2);
    if (bind_errno(AF_INET6, SOCK_STREAM, sin6("fd00::3", 0)) != EADDRNOTAVAIL) _exit(3);
    int fd = socket(AF_INET6, SOCK_STREAM, 0);
    if (connect(fd, reinterpret_cast<sockaddr*>(&at), sizeof(at)) != 0) _exit(4);
    pause();
    _exit(0);
  }
  sockaddr_storage peer{};
  socklen_t len = sizeof(peer);
  pollfd p{srv, POLLIN, 0};
  ASSERT_EQ(poll(&p, 1, 3000), 1) << "the guest did not connect";
  int c = accept(srv, reinterpret_cast<sockaddr*>(&peer), &len);
  ASSERT_GE(c, 0);
  EXPECT_EQ(ip_of(peer), "fd00::2");
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status)) << "guest failed with " << WEXITSTATUS(status);
  close(c);
  close(srv);
}

// RAW_ICMP: ping's raw ICMP socket, never raw TCP (default bcaps lack
// CAP_NET_RAW), and no IP_HDRINCL on it (it would choose any source).
TEST_F(NetTest, RawIcmpNcap) {
  auto raw = [](vsys::xid_t xid, std::uint64_t ncaps, int proto) {
    return in_bounded_guest(xid, ncaps, [proto] {
      int fd = socket(AF_INET, SOCK_RAW, proto);
      if (fd < 0) return errno;
      int one = 1;
      int rc = setsockopt(fd, SOL_IP, IP_HDRINCL, &one, sizeof(one)) == 0 ? 100 : 0;
      close(fd);
      return rc;
    });
  };
  EXPECT_EQ(raw(790, 0, IPPROTO_ICMP), EPERM);
  EXPECT_EQ(raw(791, NXC_RAW_ICMP, IPPROTO_ICMP), 0) << "100: IP_HDRINCL allowed";
  EXPECT_EQ(raw(792, NXC_RAW_ICMP, IPPROTO_TCP), EPERM);
}

// busybox ping from a guest: fails without RAW_ICMP; with it, the echo
// request leaves from the guest's address (seen by a raw socket of the
// host) and the reply comes back.
TEST_F(NetTest, PingWorksOnlyWithRawIcmp) {
  auto ping = [](vsys::xid_t xid, std::uint64_t ncaps) {
    return in_bounded_guest(xid, ncaps, [] {
      int rc = std::system("ping -c 1 -W 2 10.0.0.1 >/dev/null 2>&1");
      return WIFEXITED(rc) ? WEXITSTATUS(rc) : 150;
    });
  };
  EXPECT_NE(ping(793, 0), 0);
  int sniff = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK, IPPROTO_ICMP);
  ASSERT_GE(sniff, 0);
  EXPECT_EQ(ping(794, NXC_RAW_ICMP), 0);
  std::string request_from = "no echo request seen";
  char pkt[1500];
  sockaddr_in from{};
  socklen_t len = sizeof(from);
  for (ssize_t n;
       (n = recvfrom(sniff, pkt, sizeof(pkt), 0, reinterpret_cast<sockaddr*>(&from), &len)) > 0;
       len = sizeof(from)) {
    std::size_t ihl = (static_cast<unsigned char>(pkt[0]) & 0xf) * 4u;
    if (static_cast<std::size_t>(n) > ihl && pkt[ihl] == 8) {  // ICMP_ECHO
      sockaddr_storage ss{};
      std::memcpy(&ss, &from, sizeof(from));
      request_from = ip_of(ss);
      break;
    }
  }
  close(sniff);
  EXPECT_EQ(request_from, "10.0.0.2");
}

TEST_F(NetTest, ProcVirtnetAndTaskNid) {
  int rc = in_child([] {
    if (int e = enter_net(770, NXF_INIT_SET, {"10.0.0.2/24"})) return e;
    std::ifstream in("/proc/virtnet/770/status");
    std::string all((std::istreambuf_iterator<char>(in)), {});
    if (all.find("Tasks:\t1\n") == std::string::npos) return 1;
    return vsys::task_nid(0).value_or(0) == 770 ? 0 : 2;
  });
  EXPECT_EQ(rc, 0);
  EXPECT_FALSE(std::ifstream("/proc/virtnet/770/status")) << "gone with its last task";
}

}  // namespace
