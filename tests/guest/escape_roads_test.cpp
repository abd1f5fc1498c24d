// Roads around the isolation rules (issue 12): each closed road has a
// test that the old kernel fails, and a control showing that the same
// action still works where it is allowed.
//   1. file owner signals (F_SETOWN, F_SETOWN_EX, SIOCSPGRP, F_SETSIG)
//   4. abstract unix sockets between contexts (and SO_PEERCRED)
//   7. bind() with AF_UNSPEC on an IPv4 socket
//   8. connect() of an IPv6 datagram socket to an IPv4 address
//   9. mmap() below mmap_min_addr without CAP_SYS_RAWIO in the bcaps
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "guest.hpp"
#include "net_helpers.hpp"

using namespace vtest;

namespace {

// errno of a failed call, 0 on success.
int err(long rc) { return rc < 0 ? errno : 0; }

// A host process parked (pause()) as the leader of its own process group.
class HostGroup {
 public:
  HostGroup() {
    int fds[2];
    if (pipe(fds) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      close(fds[0]);
      setpgid(0, 0);
      char c = 'r';
      if (write(fds[1], &c, 1) != 1) _exit(1);
      for (;;) pause();
    }
    close(fds[1]);
    char c;
    if (read(fds[0], &c, 1) != 1) pid_ = -1;
    close(fds[0]);
  }
  ~HostGroup() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

// errno of F_SETOWN (who), on a pipe's read end.
int setown_errno(int who) {
  int p[2];
  if (pipe(p) != 0) return 300;
  int rc = err(fcntl(p[0], F_SETOWN, who));
  close(p[0]);
  close(p[1]);
  return rc;
}

int setown_ex_errno(__pid_type type, pid_t pid) {
  int p[2];
  if (pipe(p) != 0) return 300;
  f_owner_ex owner{type, pid};
  int rc = err(fcntl(p[0], F_SETOWN_EX, &owner));
  close(p[0]);
  close(p[1]);
  return rc;
}

// errno of SIOCSPGRP (the socket's owner) on a new unix socket.
int sock_setown_errno(int who) {
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0) return 300;
  int rc = err(ioctl(fd, SIOCSPGRP, &who));
  close(fd);
  return rc;
}

// --- 1. file owner signals ---------------------------------------------

TEST(EscapeFownerTest, SetownToAnotherContextIsEsrch) {
  HostGroup host;
  ASSERT_GT(host.pid(), 0);
  Guest other(3102);
  ASSERT_EQ(other.create_errno(), 0);
  pid_t h = host.pid(), o = other.pids().front();
  EXPECT_EQ(in_bounded(3101, {}, [&] { return setown_errno(h); }), ESRCH) << "host pid";
  EXPECT_EQ(in_bounded(3101, {}, [&] { return setown_errno(-h); }), ESRCH) << "host pgrp";
  EXPECT_EQ(in_bounded(3101, {}, [&] { return setown_errno(o); }), ESRCH) << "other guest";
  EXPECT_EQ(in_bounded(3101, {}, [&] { return setown_ex_errno(F_OWNER_PID, h); }), ESRCH);
  EXPECT_EQ(in_bounded(3101, {}, [&] { return setown_ex_errno(F_OWNER_TID, h); }), ESRCH);
  EXPECT_EQ(in_bounded(3101, {}, [&] { return setown_ex_errno(F_OWNER_PGRP, h); }), ESRCH);
  EXPECT_EQ(in_bounded(3101, {}, [&] { return sock_setown_errno(h); }), ESRCH) << "SIOCSPGRP";
  // A pid that does not exist: the same answer.
  EXPECT_EQ(in_bounded(3101, {}, [] { return setown_errno(4000000); }), ESRCH);
  // Controls: the guest's own pid, the host naming a guest task.
  EXPECT_EQ(in_bounded(3101, {},
                       [] {
                         int p[2];
                         if (pipe(p) != 0) return 300;
                         if (fcntl(p[0], F_SETOWN, getpid()) != 0) return errno;
                         return fcntl(p[0], F_GETOWN) == getpid() ? 0 : 301;
                       }),
            0);
  EXPECT_EQ(setown_errno(o), 0);
  EXPECT_EQ(sock_setown_errno(o), 0);
}

volatile sig_atomic_t got_usr1 = 0;
void on_usr1(int) { got_usr1 = 1; }

// A guest task in a process group whose leader is a host task (as after
// chcontext from a shell) names the group as the owner of an O_ASYNC pipe
// with F_SETSIG SIGUSR1: the signal reaches the guest task, not the host.
TEST(EscapeFownerTest, GroupSignalReachesOnlyTheGuest) {
  int status = in_child([] {
    setpgid(0, 0);
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, nullptr);
    int guest = in_bounded(3103, {}, [] {
      signal(SIGUSR1, on_usr1);
      sigset_t none;
      sigemptyset(&none);
      sigprocmask(SIG_SETMASK, &none, nullptr);
      int p[2];
      if (pipe(p) != 0) return 100;
      if (fcntl(p[0], F_SETOWN, -getpgrp()) != 0) return 101;
      if (fcntl(p[0], F_SETSIG, SIGUSR1) != 0) return 102;
      if (fcntl(p[0], F_SETFL, O_ASYNC) != 0) return 103;
      if (write(p[1], "x", 1) != 1) return 104;
      for (int i = 0; i < 100 && !got_usr1; ++i) usleep(1000);
      return got_usr1 ? 0 : 105;
    });
    sigset_t pending;
    sigpending(&pending);
    // 0: only the guest got it; 10 + guest's code otherwise; +50 if the host did.
    return (guest ? 10 + guest : 0) + (sigismember(&pending, SIGUSR1) ? 50 : 0);
  });
  EXPECT_EQ(status, 0) << "50: the host task got the guest's signal";
}

// --- 4. abstract unix sockets --------------------------------------------

// An abstract address "\0name" and its length.
sockaddr_un abstract(const std::string& name, socklen_t* len) {
  sockaddr_un sa{};
  sa.sun_family = AF_UNIX;
  std::memcpy(sa.sun_path + 1, name.data(), name.size());
  *len = offsetof(sockaddr_un, sun_path) + 1 + name.size();
  return sa;
}

int unix_listener(const std::string& name, int type = SOCK_STREAM) {
  socklen_t len;
  sockaddr_un sa = abstract(name, &len);
  int fd = socket(AF_UNIX, type, 0);
  if (bind(fd, reinterpret_cast<sockaddr*>(&sa), len) != 0) return -1;
  if (type == SOCK_STREAM && listen(fd, 4) != 0) return -1;
  return fd;
}

int unix_connect_errno(const std::string& name, int type = SOCK_STREAM) {
  socklen_t len;
  sockaddr_un sa = abstract(name, &len);
  int fd = socket(AF_UNIX, type, 0);
  int rc = err(connect(fd, reinterpret_cast<sockaddr*>(&sa), len));
  close(fd);
  return rc;
}

int unix_sendto_errno(const std::string& name) {
  socklen_t len;
  sockaddr_un sa = abstract(name, &len);
  int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
  int rc = err(sendto(fd, "x", 1, 0, reinterpret_cast<sockaddr*>(&sa), len));
  close(fd);
  return rc;
}

// The peer pid SO_PEERCRED reports on a connection to name, or -errno.
int peer_pid(const std::string& name) {
  socklen_t len;
  sockaddr_un sa = abstract(name, &len);
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  if (connect(fd, reinterpret_cast<sockaddr*>(&sa), len) != 0) return -errno;
  ucred cr{};
  socklen_t crlen = sizeof(cr);
  int rc = getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &crlen) == 0 ? cr.pid : -errno;
  close(fd);
  return rc;
}

TEST(EscapeUnixTest, GuestDoesNotReachTheHostsAbstractSockets) {
  std::string name = "vx-road-host-" + std::to_string(getpid());
  int srv = unix_listener(name);
  int dgram = unix_listener(name + "-d", SOCK_DGRAM);
  ASSERT_GE(srv, 0);
  ASSERT_GE(dgram, 0);
  EXPECT_EQ(in_bounded(3104, {}, [&] { return unix_connect_errno(name); }), ECONNREFUSED);
  EXPECT_EQ(in_bounded(3104, {}, [&] { return unix_connect_errno(name, SOCK_SEQPACKET); }),
            ECONNREFUSED)
      << "seqpacket to a stream name: refused by the kernel already";
  EXPECT_EQ(in_bounded(3104, {}, [&] { return unix_sendto_errno(name + "-d"); }), ECONNREFUSED);
  EXPECT_EQ(in_bounded(3104, {}, [&] { return unix_connect_errno(name + "-d", SOCK_DGRAM); }),
            ECONNREFUSED);
  // SO_PEERCRED would name the host's pid: no connection, no pid.
  EXPECT_EQ(in_bounded(3104, {},
                       [&] {
                         int pid = peer_pid(name);
                         return pid < 0 ? -pid : 1;
                       }),
            ECONNREFUSED);
  // Controls: the host reaches its own sockets.
  EXPECT_EQ(peer_pid(name), getpid());
  EXPECT_EQ(unix_sendto_errno(name + "-d"), 0);
  close(srv);
  close(dgram);
}

TEST(EscapeUnixTest, AbstractSocketsStayInTheirContext) {
  std::string name = "vx-road-guest-" + std::to_string(getpid());
  ParkedBounded owner(3105, [&] {
    return unix_listener(name) >= 0 && unix_listener(name + "-d", SOCK_DGRAM) >= 0 ? 0 : 1;
  });
  ASSERT_EQ(owner.value(), 0);
  // Another guest, and the host: as if the name were not bound.
  EXPECT_EQ(in_bounded(3106, {}, [&] { return unix_connect_errno(name); }), ECONNREFUSED);
  EXPECT_EQ(in_bounded(3106, {}, [&] { return unix_sendto_errno(name + "-d"); }), ECONNREFUSED);
  EXPECT_EQ(unix_connect_errno(name), ECONNREFUSED) << "host to a guest's abstract socket";
  EXPECT_EQ(unix_sendto_errno(name + "-d"), ECONNREFUSED);
  // Control: a second process of the same guest connects and sends.
  int same = in_child([&] {
    if (!vsys::ctx_migrate(3105)) return 200;
    return unix_connect_errno(name) ?: unix_sendto_errno(name + "-d");
  });
  EXPECT_EQ(same, 0);
}

// Pathname sockets are the filesystem's business: still reachable.
TEST(EscapeUnixTest, PathnameSocketsAreNotChecked) {
  std::string path = "/tmp/vx-road-" + std::to_string(getpid());
  sockaddr_un sa{};
  sa.sun_family = AF_UNIX;
  std::strncpy(sa.sun_path, path.c_str(), sizeof(sa.sun_path) - 1);
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_EQ(bind(srv, reinterpret_cast<sockaddr*>(&sa), sizeof(sa)), 0);
  ASSERT_EQ(listen(srv, 4), 0);
  EXPECT_EQ(in_bounded(3107, {},
                       [&] {
                         int fd = socket(AF_UNIX, SOCK_STREAM, 0);
                         return err(connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof(sa)));
                       }),
            0);
  close(srv);
  unlink(path.c_str());
}

// --- 7. bind() with AF_UNSPEC ----------------------------------------------

// The address a new socket of type gets from bind(sa), or the errno name.
template <class S>
std::string bound_to(int type, int protocol, const S& sa) {
  int fd = socket(AF_INET, type, protocol);
  if (fd < 0) return std::string("socket ") + strerrorname_np(errno);
  if (bind(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof(sa)) != 0)
    return strerrorname_np(errno);
  sockaddr_storage ss{};
  socklen_t len = sizeof(ss);
  getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  return ip_of(ss);
}

sockaddr_in unspec(const char* ip, int port) {
  sockaddr_in sa = sin4(ip, port);
  sa.sin_family = AF_UNSPEC;
  return sa;
}

class EscapeBindTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { add_test_addresses(); }
};

TEST_F(EscapeBindTest, UnspecifiedFamilyTakesTheSingleIpRule) {
  const auto flags = NXF_INIT_SET | NXF_SINGLE_IP;
  EXPECT_EQ(in_net(3110, flags, {"10.0.0.2/24"},
                   [] { return bound_to(SOCK_STREAM, 0, unspec("0.0.0.0", 9420)); }),
            "10.0.0.2");
  EXPECT_EQ(in_net(3110, flags, {"10.0.0.2/24"},
                   [] { return bound_to(SOCK_DGRAM, 0, unspec("0.0.0.0", 9420)); }),
            "10.0.0.2");
  // Control: the same as AF_INET's any address.
  EXPECT_EQ(in_net(3110, flags, {"10.0.0.2/24"},
                   [] { return bound_to(SOCK_STREAM, 0, sin4("0.0.0.0", 9420)); }),
            "10.0.0.2");
  // Without SINGLE_IP the any address stays the any address (receive filter).
  EXPECT_EQ(in_net(3110, NXF_INIT_SET, {"10.0.0.2/24", "10.0.0.3/24"},
                   [] { return bound_to(SOCK_DGRAM, 0, unspec("0.0.0.0", 9420)); }),
            "0.0.0.0");
}

// raw_bind() reads the address whatever the family.
TEST_F(EscapeBindTest, RawSocketBindIgnoresTheFamily) {
  auto raw = [](sockaddr_in sa) { return [sa] { return bound_to(SOCK_RAW, IPPROTO_ICMP, sa); }; };
  EXPECT_EQ(in_net(3111, NXF_INIT_SET, {"10.0.0.2/24"}, raw(unspec("10.0.0.1", 0)), NXC_RAW_ICMP),
            "EADDRNOTAVAIL");
  sockaddr_in odd = sin4("10.0.0.1", 0);
  odd.sin_family = AF_INET6;
  EXPECT_EQ(in_net(3111, NXF_INIT_SET, {"10.0.0.2/24"}, raw(odd), NXC_RAW_ICMP), "EADDRNOTAVAIL");
  // Controls: the guest's own address, by either family.
  EXPECT_EQ(in_net(3111, NXF_INIT_SET, {"10.0.0.2/24"}, raw(sin4("10.0.0.2", 0)), NXC_RAW_ICMP),
            "10.0.0.2");
  EXPECT_EQ(in_net(3111, NXF_INIT_SET, {"10.0.0.2/24"}, raw(unspec("10.0.0.2", 0)), NXC_RAW_ICMP),
            "10.0.0.2");
}

// --- 8. IPv6 datagram socket connected to an IPv4 address ---------------

std::string connect_send(int fd, const sockaddr* to, socklen_t len) {
  if (connect(fd, to, len) != 0) return strerrorname_np(errno);
  return send(fd, "x", 1, 0) == 1 ? "ok" : strerrorname_np(errno);
}

// Source address of the datagram waiting on fd, "none" if there is none.
std::string datagram_source(int fd) {
  for (int i = 0; i < 50; ++i) {
    sockaddr_storage from{};
    socklen_t len = sizeof(from);
    char c;
    if (recvfrom(fd, &c, 1, MSG_DONTWAIT, reinterpret_cast<sockaddr*>(&from), &len) == 1)
      return ip_of(from);
    usleep(2000);
  }
  return "none";
}

int udp_at(const sockaddr_in& at) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (bind(fd, reinterpret_cast<const sockaddr*>(&at), sizeof(at)) != 0) return -1;
  return fd;
}

TEST_F(EscapeBindTest, DualStackConnectFollowsTheIpv4Rules) {
  constexpr std::uint64_t kNoRemap = NXF_INIT_SET & ~NXF_LBACK_REMAP;
  int lo = udp_at(sin4("127.0.0.1", 9421));
  int host = udp_at(sin4("10.0.0.1", 9422));
  ASSERT_GE(lo, 0);
  ASSERT_GE(host, 0);
  auto v6 = [](auto to) {
    return [to] {
      return connect_send(socket(AF_INET6, SOCK_DGRAM, 0), reinterpret_cast<const sockaddr*>(&to),
                          sizeof(to));
    };
  };
  auto guest = {"10.0.0.2/24", "fd00::2"};
  EXPECT_EQ(in_net(3112, kNoRemap, guest, v6(sin4("127.0.0.1", 9421))), "EPERM");
  EXPECT_EQ(in_net(3112, kNoRemap, guest, v6(sin6("::ffff:127.0.0.1", 9421))), "EPERM");
  EXPECT_EQ(datagram_source(lo), "none");
  // Control: a host address is reachable, from the guest's address.
  EXPECT_EQ(in_net(3112, NXF_INIT_SET, guest, v6(sin4("10.0.0.1", 9422))), "ok");
  EXPECT_EQ(datagram_source(host), "10.0.0.2");
  EXPECT_EQ(in_net(3112, NXF_INIT_SET, guest, v6(sin6("::ffff:10.0.0.1", 9422))), "ok");
  EXPECT_EQ(datagram_source(host), "10.0.0.2");
  close(lo);
  close(host);
}

// --- 9. mmap below mmap_min_addr -------------------------------------------

int map_zero_errno() {
  void* p =
      mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  if (p == MAP_FAILED) return errno;
  munmap(p, 4096);
  return 0;
}

TEST(EscapeMmapTest, PageZeroNeedsSysRawioInTheBcaps) {
  ASSERT_NE(slurp("/proc/sys/vm/mmap_min_addr"), "0\n");
  EXPECT_EQ(in_bounded(3113, {}, map_zero_errno), EPERM);
  // Controls: with CAP_SYS_RAWIO in the bcaps, and on the host.
  EXPECT_EQ(in_bounded(3113, {.bcaps = 1ULL << CAP_SYS_RAWIO}, map_zero_errno), 0);
  EXPECT_EQ(in_child(map_zero_errno), 0);
  // An address above the limit needs nothing.
  EXPECT_EQ(in_bounded(3113, {},
                       [] {
                         void* p = mmap(reinterpret_cast<void*>(0x10000000), 4096, PROT_READ,
                                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
                         return p == MAP_FAILED ? errno : 0;
                       }),
            0);
}

}  // namespace
