// What a guest sees of the network: HIDE_NETIF interface and address
// listings, socket listings (/proc/net/*, inet_diag, unix_diag) limited
// to the guest's own sockets, HIDE_LBACK, the MULTICAST and TUN_CREATE
// ncaps, /proc/<pid>/ninfo and vinfo.  Runs as root inside the QEMU guest,
// on the test addresses of lo plus 10.9.0.1 on dummy0.
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "guest.hpp"
#include "net_helpers.hpp"
#include "vsys/context.hpp"
#include "vsys/names.hpp"
#include "vsys/network.hpp"

using namespace vtest;

namespace {

constexpr std::uint64_t kShowNetif = NXF_INIT_SET & ~NXF_HIDE_NETIF;

class NetVisTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    add_test_addresses();
    std::system("ip addr add 10.9.0.1/24 dev dummy0 2>/dev/null");
  }
};

// --- interfaces and addresses (HIDE_NETIF) ---------------------------------

TEST_F(NetVisTest, IpAddrListsOnlyTheGuestsInterfacesAndAddresses) {
  auto ip_addr = [] { return shell_output("ip addr 2>&1"); };
  std::string seen = in_net(800, NXF_INIT_SET, {"10.0.0.2/24", "fd00::2"}, ip_addr);
  EXPECT_TRUE(has(seen, "lo:")) << seen;
  EXPECT_TRUE(has(seen, "inet 10.0.0.2/24")) << seen;
  EXPECT_TRUE(has(seen, "inet6 fd00::2/64")) << seen;
  EXPECT_TRUE(has(seen, "inet 127.0.0.1/8")) << "LBACK_REMAP: 127.0.0.1 is the guest's\n" << seen;
  for (const char* other : {"dummy0", "10.9.0.1", "inet 10.0.0.1/", "inet 10.0.0.3/", "fd00::1/",
                            "fd00::3/", "::1/128"})
    EXPECT_FALSE(has(seen, other)) << other << " shown to the guest:\n" << seen;
  // Control: without HIDE_NETIF the guest sees the host's interfaces.
  std::string all = in_net(801, kShowNetif, {"10.0.0.2/24"}, ip_addr);
  EXPECT_TRUE(has(all, "dummy0") && has(all, "inet 10.0.0.3/")) << all;
}

TEST_F(NetVisTest, ProcNetDevAndIfInet6) {
  std::string seen = in_net(802, NXF_INIT_SET, {"10.0.0.2/24", "fd00::2"}, [] {
    return slurp("/proc/net/dev") + "--\n" + slurp("/proc/net/if_inet6");
  });
  EXPECT_TRUE(has(seen, "lo:")) << seen;
  EXPECT_FALSE(has(seen, "dummy0")) << seen;
  EXPECT_TRUE(has(seen, "fd000000000000000000000000000002")) << seen;
  EXPECT_FALSE(has(seen, "fd000000000000000000000000000001")) << seen;
  EXPECT_FALSE(has(seen, "00000000000000000000000000000001 ")) << "::1\n" << seen;
  EXPECT_TRUE(has(slurp("/proc/net/dev"), "dummy0")) << "the host sees every interface";
}

// "label address" per line, as SIOCGIFCONF reports them.
std::string ifconf_text() {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  ifreq reqs[32];
  struct ifconf conf {};
  conf.ifc_len = sizeof(reqs);
  conf.ifc_req = reqs;
  if (fd < 0 || ioctl(fd, SIOCGIFCONF, &conf) != 0) return "SIOCGIFCONF failed";
  close(fd);
  std::string text;
  for (std::size_t i = 0; i < conf.ifc_len / sizeof(ifreq); i++) {
    sockaddr_storage ss{};
    std::memcpy(&ss, &reqs[i].ifr_addr, sizeof(reqs[i].ifr_addr));
    text += std::string(reqs[i].ifr_name) + " " + ip_of(ss) + "\n";
  }
  return text;
}

TEST_F(NetVisTest, SiocgifconfListsOnlyTheGuestsAddresses) {
  EXPECT_EQ(in_net(803, NXF_INIT_SET, {"10.0.0.2/24"}, ifconf_text), "lo 127.0.0.1\nlo 10.0.0.2\n");
  EXPECT_EQ(in_net(804, NXF_INIT_SET & ~NXF_LBACK_REMAP, {"10.0.0.3/24"}, ifconf_text),
            "lo 10.0.0.3\n");
  EXPECT_TRUE(has(ifconf_text(), "dummy0 10.9.0.1")) << ifconf_text();
}

// errno of SIOCGIFFLAGS and SIOCGIFADDR on an interface, rtnetlink's
// answer to `ip link show dev NAME`, as "FLAGS ADDR shown|absent".
std::string by_name(const char* name) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
  int flags = ioctl(fd, SIOCGIFFLAGS, &ifr) == 0 ? 0 : errno;
  int addr = ioctl(fd, SIOCGIFADDR, &ifr) == 0 ? 0 : errno;
  close(fd);
  int ip = std::system(("ip link show dev " + std::string(name) + " >/dev/null 2>&1").c_str());
  return std::to_string(flags) + " " + std::to_string(addr) + (ip == 0 ? " shown" : " absent");
}

TEST_F(NetVisTest, HiddenInterfaceAskedByNameDoesNotExist) {
  std::string seen = in_net(805, NXF_INIT_SET, {"10.0.0.2/24"},
                            [] { return by_name("dummy0") + " / " + by_name("lo"); });
  EXPECT_EQ(seen, std::to_string(ENODEV) + " " + std::to_string(ENODEV) + " absent / 0 0 shown");
  // dummy0 is down and has an address: the host gets both.
  EXPECT_EQ(by_name("dummy0"), "0 0 shown");
}

// --- socket listings -------------------------------------------------------

int udp_bound(const char* ip, int port) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  auto sa = sin4(ip, port);
  return bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof(sa)) == 0 ? fd : -1;
}

// A unix socket bound to an abstract name; returns the fd.
int unix_bound(const char* name) {
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un un{};
  un.sun_family = AF_UNIX;
  std::strncpy(un.sun_path + 1, name, sizeof(un.sun_path) - 2);
  socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + std::strlen(name));
  return bind(fd, reinterpret_cast<sockaddr*>(&un), len) == 0 ? fd : -1;
}

std::string socket_listings() {
  return slurp("/proc/net/tcp") + slurp("/proc/net/udp") + slurp("/proc/net/raw") +
         slurp("/proc/net/unix");
}

TEST_F(NetVisTest, ProcNetSocketListingsShowOnlyTheGuestsSockets) {
  // The host: TCP 10.0.0.1:9100 (238C), UDP :9101 (238D), raw protocol 253,
  // unix @vs-host.
  int host_tcp = listen_on(sin4("10.0.0.1", 9100));
  int host_udp = udp_bound("10.0.0.1", 9101);
  int host_raw = socket(AF_INET, SOCK_RAW, 253);
  int host_unix = unix_bound("vs-host");
  ASSERT_TRUE(host_tcp >= 0 && host_udp >= 0 && host_raw >= 0 && host_unix >= 0);
  // Guest A: TCP 10.0.0.2:9102 (238E), UDP :9103 (238F), raw ICMP, unix
  // @vs-guest-a; it reports its view and stays until killed.
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  pid_t a = fork();
  if (a == 0) {
    close(out[0]);
    std::string view = "enter_net failed";
    if (enter_net(810, NXF_INIT_SET, {"10.0.0.2/24"}) == 0 &&
        listen_on(sin4("10.0.0.2", 9102)) >= 0 && udp_bound("10.0.0.2", 9103) >= 0 &&
        socket(AF_INET, SOCK_RAW, IPPROTO_ICMP) >= 0 && unix_bound("vs-guest-a") >= 0)
      view = socket_listings();
    if (write(out[1], view.data(), view.size()) < 0) _exit(1);
    close(out[1]);
    pause();
    _exit(0);
  }
  close(out[1]);
  std::string seen = read_all(out[0]);
  close(out[0]);
  for (const char* own : {":238E ", ":238F ", ":0001 ", "@vs-guest-a"})
    EXPECT_TRUE(has(seen, own)) << own << " missing from the guest's view:\n" << seen;
  for (const char* host : {":238C ", ":238D ", ":00FD ", "@vs-host"})
    EXPECT_FALSE(has(seen, host)) << host << " shown to the guest:\n" << seen;
  // The host sees both; guest B sees neither, but its own UDP :9106 (2392).
  std::string host_view = socket_listings();
  for (const char* any : {":238C ", ":238E ", ":238F ", "@vs-host", "@vs-guest-a"})
    EXPECT_TRUE(has(host_view, any)) << any << " hidden from the host";
  std::string b = in_net(811, NXF_INIT_SET, {"10.0.0.3/24"}, [] {
    return udp_bound("10.0.0.3", 9106) >= 0 ? socket_listings() : "guest B bind failed";
  });
  EXPECT_TRUE(has(b, ":2392 ")) << "guest B's own socket missing from its view:\n" << b;
  for (const char* other : {":238C ", ":238E ", ":238F ", "@vs-host", "@vs-guest-a"})
    EXPECT_FALSE(has(b, other)) << other << " shown to guest B:\n" << b;
  kill(a, SIGKILL);
  waitpid(a, nullptr, 0);
  for (int fd : {host_tcp, host_udp, host_raw, host_unix}) close(fd);
}

// Inode numbers of the unix sockets unix_diag reports, one per line.
std::string diag_unix_inodes() {
  unix_diag_req r{};
  r.sdiag_family = AF_UNIX;
  r.udiag_states = ~0U;
  return diag_dump(r, [](const nlmsghdr* h) {
    auto* m = static_cast<const unix_diag_msg*>(NLMSG_DATA(h));
    return "ino " + std::to_string(m->udiag_ino) + "\n";
  });
}

std::string ino_of(int fd) {
  struct stat st {};
  fstat(fd, &st);
  return "ino " + std::to_string(st.st_ino) + "\n";
}

TEST_F(NetVisTest, DiagDumpsShowOnlyTheGuestsSockets) {
  int host_tcp = listen_on(sin4("10.0.0.1", 9105));
  int host_unix = unix_bound("vs-host-diag");
  ASSERT_TRUE(host_tcp >= 0 && host_unix >= 0);
  std::string host_ino = ino_of(host_unix);
  std::string seen = in_net(812, NXF_INIT_SET, {"10.0.0.2/24"}, [&] {
    int tcp = listen_on(sin4("10.0.0.2", 9104));
    int un = unix_bound("vs-guest-diag");
    if (tcp < 0 || un < 0) return std::string("guest sockets failed");
    std::string own = ino_of(un);
    std::string tcp_view = diag_ports(AF_INET, IPPROTO_TCP), unix_view = diag_unix_inodes();
    return tcp_view + unix_view + (has(unix_view, own) ? "own unix seen\n" : "own unix missing\n");
  });
  EXPECT_TRUE(has(seen, "port 9104\n")) << seen;
  EXPECT_FALSE(has(seen, "port 9105\n")) << seen;
  EXPECT_TRUE(has(seen, "own unix seen")) << seen;
  EXPECT_FALSE(has(seen, host_ino)) << "the host's unix socket shown to the guest:\n" << seen;
  // Control: the dump works and shows the host its sockets.
  EXPECT_TRUE(has(diag_ports(AF_INET, IPPROTO_TCP), "port 9105\n"));
  EXPECT_TRUE(has(diag_unix_inodes(), host_ino));
  close(host_tcp);
  close(host_unix);
}

// --- HIDE_LBACK ------------------------------------------------------------

// getsockname of a listener on 127.0.0.1:7100, getpeername of a client
// connected to it, and the peer accept() reports.
std::string loopback_names() {
  int srv = listen_on(sin4("127.0.0.1", 7100));
  int cli = socket(AF_INET, SOCK_STREAM, 0);
  auto to = sin4("127.0.0.1", 7100);
  if (srv < 0 || connect(cli, reinterpret_cast<sockaddr*>(&to), sizeof(to)) != 0)
    return "setup failed: " + std::to_string(errno);
  sockaddr_storage a{}, b{}, c{};
  socklen_t la = sizeof(a), lb = sizeof(b), lc = sizeof(c);
  getsockname(srv, reinterpret_cast<sockaddr*>(&a), &la);
  getpeername(cli, reinterpret_cast<sockaddr*>(&b), &lb);
  if (accept(srv, reinterpret_cast<sockaddr*>(&c), &lc) < 0) return "accept failed";
  return ip_of(a) + " " + ip_of(b) + " " + ip_of(c);
}

TEST_F(NetVisTest, HideLbackShowsTheGuestsLoopbackAs127001) {
  EXPECT_EQ(in_net(820, NXF_INIT_SET, {}, loopback_names), "127.0.0.1 127.0.0.1 127.0.0.1");
  // Control: without HIDE_LBACK the remapped address shows (821 = 3*256+53).
  EXPECT_EQ(in_net(821, NXF_INIT_SET & ~NXF_HIDE_LBACK, {}, loopback_names),
            "127.3.53.1 127.3.53.1 127.3.53.1");
}

// --- ncaps: MULTICAST, TUN_CREATE ------------------------------------------

// errno of joining an IPv4 and an IPv6 group on lo, as "v4 v6".
std::string join_groups() {
  int s4 = socket(AF_INET, SOCK_DGRAM, 0);
  ip_mreqn m4{};
  inet_pton(AF_INET, "239.1.2.3", &m4.imr_multiaddr);
  m4.imr_ifindex = static_cast<int>(if_nametoindex("lo"));
  int e4 = setsockopt(s4, SOL_IP, IP_ADD_MEMBERSHIP, &m4, sizeof(m4)) == 0 ? 0 : errno;
  int s6 = socket(AF_INET6, SOCK_DGRAM, 0);
  ipv6_mreq m6{};
  inet_pton(AF_INET6, "ff15::1234", &m6.ipv6mr_multiaddr);
  m6.ipv6mr_interface = if_nametoindex("lo");
  int e6 = setsockopt(s6, SOL_IPV6, IPV6_ADD_MEMBERSHIP, &m6, sizeof(m6)) == 0 ? 0 : errno;
  close(s4);
  close(s6);
  return std::to_string(e4) + " " + std::to_string(e6);
}

TEST_F(NetVisTest, MulticastJoinNeedsTheNcap) {
  ASSERT_EQ(join_groups(), "0 0") << "the host joins both groups";
  EXPECT_EQ(in_net(830, NXF_INIT_SET, {"10.0.0.2/24", "fd00::2"}, join_groups),
            std::to_string(EPERM) + " " + std::to_string(EPERM));
  EXPECT_EQ(in_net(831, NXF_INIT_SET, {"10.0.0.2/24", "fd00::2"}, join_groups, NXC_MULTICAST),
            "0 0");
}

// errno of TUNSETIFF on /dev/net/tun for name (a new or an existing
// device); persist: keep the device after close (TUNSETPERSIST).
int tun_set_iff(const char* name, bool persist = false) {
  int fd = open("/dev/net/tun", O_RDWR);
  if (fd < 0) return 214;
  ifreq ifr{};
  ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
  std::strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
  int rc = ioctl(fd, TUNSETIFF, &ifr) == 0 ? 0 : errno;
  if (rc == 0 && ioctl(fd, TUNSETPERSIST, persist ? 1 : 0) != 0) rc = 215;
  close(fd);
  return rc;
}

// TUN_CREATE: a guest without CAP_NET_ADMIN creates its own tun devices,
// never opens one of the host's.
TEST_F(NetVisTest, TunCreateNeedsTheNcap) {
  EXPECT_EQ(in_bounded_guest(840, 0, [] { return tun_set_iff("vstun%d"); }), EPERM);
  EXPECT_EQ(in_bounded_guest(841, NXC_TUN_CREATE, [] { return tun_set_iff("vstun%d"); }), 0);
  ASSERT_EQ(tun_set_iff("vshost0", true), 0) << "the host keeps a tun device";
  EXPECT_EQ(in_bounded_guest(842, NXC_TUN_CREATE, [] { return tun_set_iff("vshost0"); }), EPERM);
  // A guest's persistent device stays its own: another guest cannot open it.
  EXPECT_EQ(in_bounded_guest(843, NXC_TUN_CREATE, [] { return tun_set_iff("vsguest0", true); }), 0);
  EXPECT_EQ(in_bounded_guest(844, NXC_TUN_CREATE, [] { return tun_set_iff("vsguest0"); }), EPERM);
  EXPECT_EQ(tun_set_iff("vshost0"), 0) << "the host opens and drops it";
  EXPECT_EQ(tun_set_iff("vsguest0"), 0) << "the host may open a guest's device";
}

// --- /proc/<pid>/ninfo and vinfo -------------------------------------------

TEST_F(NetVisTest, ProcPidNinfoAndVinfo) {
  std::string ninfo = in_net(850, NXF_INIT_SET, {"10.0.0.2/24", "fd00::2"},
                             [] { return slurp("/proc/self/ninfo"); });
  for (const char* line : {"NID:\t850\n", "NFlags:\t", "V4Root[lback]:\t127.3.82.1\n",
                           "V4Root[0]:\t10.0.0.2/255.255.255.0\n", "V6Root[0]:\tfd00::2/128\n"})
    EXPECT_TRUE(has(ninfo, line)) << line << " missing:\n" << ninfo;
  EXPECT_EQ(slurp("/proc/self/ninfo"), "NID:\t0\n");
  EXPECT_EQ(slurp("/proc/self/vinfo"), "XID:\t0\n");
  int rc = in_child([] {
    if (!vsys::ctx_create(851, VXF_INIT_SET)) return 200;
    std::string vinfo = slurp("/proc/self/vinfo");
    return has(vinfo, "XID:\t851\n") && has(vinfo, "BCaps:\t") && has(vinfo, "CFlags:\t") ? 0 : 1;
  });
  EXPECT_EQ(rc, 0);
}

}  // namespace
