// More roads around the isolation rules (issue 12, "also close"): each
// closed road has a test that the old kernel fails, and a control showing
// that the same action still works where it is allowed.
//   a. module autoload (modprobe) started by a guest
//   b. capget() of a task the guest cannot see
//   c. /proc/<pid>/pagemap PFNs read through another task's descriptor
//   d. SO_BINDTODEVICE and SO_BINDTOIFINDEX to a hidden interface
//   e. routes through hidden interfaces (/proc/net/route, ipv6_route,
//      RTM_GETROUTE dumps)
//   g. an id reused during teardown keeps its /proc/virtual entry
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "guest.hpp"
#include "net_helpers.hpp"

using namespace vtest;

namespace {

// --- a. module autoload ---------------------------------------------------

constexpr const char* kModprobe = "/tmp/roads-modprobe";
constexpr const char* kModprobeLog = "/tmp/roads-modprobe.log";
constexpr int kUnbuiltFamily = 5;  // AF_APPLETALK: not in the test kernel

// /proc/sys/kernel/modprobe points at a script that logs its arguments
// while the test runs.
class EscapeModprobeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    saved_ = slurp("/proc/sys/kernel/modprobe");
    std::ofstream(kModprobe) << "#!/bin/sh\necho \"$*\" >> " << kModprobeLog << "\n";
    chmod(kModprobe, 0755);
    unlink(kModprobeLog);
    std::ofstream(kModprobeLog).flush();
    std::ofstream("/proc/sys/kernel/modprobe") << kModprobe;
  }
  void TearDown() override { std::ofstream("/proc/sys/kernel/modprobe") << saved_; }
  std::string saved_;
};

int socket_errno(int family) {
  int fd = socket(family, SOCK_DGRAM, 0);
  if (fd >= 0) {
    close(fd);
    return 0;
  }
  return errno;
}

TEST_F(EscapeModprobeTest, GuestSocketDoesNotRunModprobe) {
  ASSERT_EQ(slurp("/proc/sys/kernel/modprobe"), std::string(kModprobe) + "\n");
  EXPECT_EQ(in_bounded(3120, {}, [] { return socket_errno(kUnbuiltFamily); }), EAFNOSUPPORT);
  // Bcaps do not matter: no guest loads kernel code.
  EXPECT_EQ(in_bounded(3120, {.bcaps = ~0ULL}, [] { return socket_errno(kUnbuiltFamily); }),
            EAFNOSUPPORT);
  EXPECT_EQ(slurp(kModprobeLog), "") << "the host ran modprobe for a guest";
  // Control: the host's socket() asks for the module (and gets the same errno).
  EXPECT_EQ(in_child([] { return socket_errno(kUnbuiltFamily); }), EAFNOSUPPORT);
  EXPECT_TRUE(has(slurp(kModprobeLog), "net-pf-5")) << slurp(kModprobeLog);
}

// --- b. capget() ----------------------------------------------------------

// capget() of pid: 0 and the permitted set's low word in *permitted, or errno.
int capget_errno(pid_t pid, std::uint32_t* permitted = nullptr) {
  __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, pid};
  __user_cap_data_struct data[2] = {};
  if (syscall(SYS_capget, &hdr, data) != 0) return errno;
  if (permitted) *permitted = data[0].permitted;
  return 0;
}

TEST(EscapeCapgetTest, TasksOfOtherContextsAreEsrch) {
  Guest other(3122);
  ASSERT_EQ(other.create_errno(), 0);
  pid_t host = getpid(), o = other.pids().front();
  EXPECT_EQ(in_bounded(3121, {}, [=] { return capget_errno(host); }), ESRCH) << "host pid";
  EXPECT_EQ(in_bounded(3121, {}, [=] { return capget_errno(1); }), ESRCH) << "host init";
  EXPECT_EQ(in_bounded(3121, {}, [=] { return capget_errno(o); }), ESRCH) << "other guest";
  EXPECT_EQ(in_bounded(3121, {}, [] { return capget_errno(4000000); }), ESRCH) << "no such pid";
  // Controls: the guest's own pid and 0 (itself), the host on a guest task.
  EXPECT_EQ(in_bounded(3121, {}, [] { return capget_errno(getpid()); }), 0);
  EXPECT_EQ(in_bounded(3121, {}, [] { return capget_errno(0); }), 0);
  std::uint32_t seen = 0;
  EXPECT_EQ(capget_errno(o, &seen), 0);
  EXPECT_NE(seen, 0u);
}

// --- c. pagemap -----------------------------------------------------------

volatile char touched[4096] = {1};

// The PFN pagemap (opened by the caller) shows for `touched`, read by the
// caller (via_child false) or by a forked child through the same
// descriptor; -1 if it cannot be read.
long long pagemap_pfn(bool via_child) {
  int fd = open("/proc/self/pagemap", O_RDONLY);
  if (fd < 0) return -1;
  touched[0] = 2;
  auto read_pfn = [fd] {
    std::uint64_t e = 0;
    off_t at = static_cast<off_t>(reinterpret_cast<std::uintptr_t>(touched) / 4096 * 8);
    if (pread(fd, &e, sizeof(e), at) != sizeof(e)) return -1LL;
    return static_cast<long long>(e & ((1ULL << 55) - 1));
  };
  long long pfn;
  if (!via_child) {
    pfn = read_pfn();
  } else {
    int p[2];
    if (pipe(p) != 0) return -1;
    pid_t c = fork();
    if (c == 0) {
      long long v = read_pfn();
      _exit(write(p[1], &v, sizeof(v)) == sizeof(v) ? 0 : 1);
    }
    if (read(p[0], &pfn, sizeof(pfn)) != sizeof(pfn)) pfn = -1;
    waitpid(c, nullptr, 0);
    close(p[0]);
    close(p[1]);
  }
  close(fd);
  return pfn;
}

// 0: zero PFN, 1: a PFN, 2: unreadable.
int pfn_kind(bool via_child) {
  long long pfn = pagemap_pfn(via_child);
  return pfn < 0 ? 2 : pfn != 0;
}

TEST(EscapePagemapTest, GuestWithoutSysAdminReadsNoPfn) {
  EXPECT_EQ(in_bounded(3123, {}, [] { return pfn_kind(false); }), 0) << "the opener";
  EXPECT_EQ(in_bounded(3123, {}, [] { return pfn_kind(true); }), 0) << "a forked child";
  // Controls: CAP_SYS_ADMIN in the bcaps, and the host.
  const Bounds admin{.bcaps = 1ULL << CAP_SYS_ADMIN};
  EXPECT_EQ(in_bounded(3123, admin, [] { return pfn_kind(false); }), 1);
  EXPECT_EQ(in_bounded(3123, admin, [] { return pfn_kind(true); }), 1);
  EXPECT_EQ(in_child([] { return pfn_kind(true); }), 1);
}

// --- d. binding a socket to a hidden interface ----------------------------

// errno of SO_BINDTODEVICE to name on a new UDP socket.
int bind_dev_errno(const char* name) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) return 300;
  int rc = setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, name, strlen(name) + 1) == 0 ? 0 : errno;
  close(fd);
  return rc;
}

int bind_index_errno(int index) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) return 300;
  int rc = setsockopt(fd, SOL_SOCKET, SO_BINDTOIFINDEX, &index, sizeof(index)) == 0 ? 0 : errno;
  close(fd);
  return rc;
}

std::string errname(int e) { return e ? strerrorname_np(e) : "0"; }

class EscapeBindDeviceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { add_test_addresses(); }
};

TEST_F(EscapeBindDeviceTest, HiddenInterfaceIsEnodev) {
  int dummy = static_cast<int>(if_nametoindex("dummy0"));
  int lo = static_cast<int>(if_nametoindex("lo"));
  ASSERT_GT(dummy, 0);
  ASSERT_GT(lo, 0);
  auto in_guest = [](std::function<int()> fn, std::uint64_t flags = NXF_INIT_SET) {
    return in_net(3124, flags, {"10.0.0.2/24"}, [fn] { return errname(fn()); });
  };
  EXPECT_EQ(in_guest([] { return bind_dev_errno("dummy0"); }), "ENODEV");
  EXPECT_EQ(in_guest([=] { return bind_index_errno(dummy); }), "ENODEV");
  // What does not exist answers the same (an index is not probed).
  EXPECT_EQ(in_guest([] { return bind_dev_errno("nosuch0"); }), "ENODEV");
  EXPECT_EQ(in_guest([] { return bind_index_errno(4000); }), "ENODEV");
  // Controls: the guest's own interface, unbinding, no HIDE_NETIF, the host.
  EXPECT_EQ(in_guest([] { return bind_dev_errno("lo"); }), "0");
  EXPECT_EQ(in_guest([=] { return bind_index_errno(lo); }), "0");
  EXPECT_EQ(in_guest([] { return bind_index_errno(0); }), "0");
  EXPECT_EQ(in_guest([] { return bind_dev_errno("dummy0"); }, NXF_INIT_SET & ~NXF_HIDE_NETIF), "0");
  EXPECT_EQ(bind_dev_errno("dummy0"), 0);
  EXPECT_EQ(bind_index_errno(dummy), 0);
}

// --- e. routes through hidden interfaces ---------------------------------

// "dev N" for the output interface and "local ADDR" for the destination of
// a local route, one line per route of an RTM_GETROUTE dump of family.
std::string route_dump(int family) {
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0) return "socket failed";
  struct {
    nlmsghdr nh;
    rtmsg rt;
  } req{};
  req.nh.nlmsg_len = sizeof(req);
  req.nh.nlmsg_type = RTM_GETROUTE;
  req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  req.rt.rtm_family = static_cast<unsigned char>(family);
  if (send(fd, &req, sizeof(req), 0) != sizeof(req)) return "send failed";
  std::string out;
  alignas(nlmsghdr) static char buf[65536];
  for (;;) {
    ssize_t n = recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) break;
    for (auto* nh = reinterpret_cast<nlmsghdr*>(buf); NLMSG_OK(nh, n); nh = NLMSG_NEXT(nh, n)) {
      if (nh->nlmsg_type == NLMSG_DONE || nh->nlmsg_type == NLMSG_ERROR) {
        close(fd);
        return out;
      }
      auto* rt = static_cast<rtmsg*>(NLMSG_DATA(nh));
      int len = static_cast<int>(RTM_PAYLOAD(nh));
      for (auto* a = RTM_RTA(rt); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
        if (a->rta_type == RTA_OIF)
          out += "dev " + std::to_string(*static_cast<int*>(RTA_DATA(a))) + "\n";
        if (a->rta_type == RTA_DST && rt->rtm_type == RTN_LOCAL) {
          char text[64] = "";
          inet_ntop(family, RTA_DATA(a), text, sizeof(text));
          out += std::string("local ") + text + "\n";
        }
      }
    }
  }
  close(fd);
  return out;
}

class EscapeRouteTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    add_test_addresses();
    std::system(
        "ip link add dummy1 type dummy 2>/dev/null; ip link set dummy1 up;"
        "ip addr add 10.8.0.1/24 dev dummy1 2>/dev/null;"
        "ip -6 addr add fd08::1/64 dev dummy1 nodad 2>/dev/null");
  }
  static void TearDownTestSuite() { std::system("ip link del dummy1 2>/dev/null"); }
};

TEST_F(EscapeRouteTest, HiddenInterfacesRoutesAreNotListed) {
  int dummy1 = static_cast<int>(if_nametoindex("dummy1"));
  ASSERT_GT(dummy1, 0);
  std::string dev = "dev " + std::to_string(dummy1) + "\n";
  auto guest = [](const std::function<std::string()>& fn, std::uint64_t flags = NXF_INIT_SET) {
    return in_net(3125, flags, {"10.0.0.2/24", "fd00::2"}, fn);
  };
  auto v4 = [] { return slurp("/proc/net/route"); };
  auto v6 = [] { return slurp("/proc/net/ipv6_route"); };
  auto nl4 = [] { return route_dump(AF_INET); };
  auto nl6 = [] { return route_dump(AF_INET6); };
  // The host sees the routes of dummy1 everywhere, and its own local ones.
  ASSERT_TRUE(has(v4(), "dummy1")) << v4();
  ASSERT_TRUE(has(v6(), "dummy1")) << v6();
  ASSERT_TRUE(has(nl4(), dev)) << nl4();
  ASSERT_TRUE(has(nl6(), dev)) << nl6();
  ASSERT_TRUE(has(nl4(), "local 10.0.0.1\n")) << nl4();
  ASSERT_TRUE(has(nl6(), "local fd00::1\n")) << nl6();
  // A guest hiding interfaces sees none of them, nor the host's addresses.
  std::string seen = guest(v4);
  EXPECT_FALSE(has(seen, "dummy1")) << seen;
  seen = guest(v6);
  EXPECT_FALSE(has(seen, "dummy1")) << seen;
  EXPECT_FALSE(has(seen, "fd000000000000000000000000000001")) << seen;
  EXPECT_TRUE(has(seen, "fd000000000000000000000000000002")) << seen;
  seen = guest(nl4);
  EXPECT_FALSE(has(seen, dev)) << seen;
  EXPECT_FALSE(has(seen, "local 10.0.0.1\n")) << seen;
  EXPECT_TRUE(has(seen, "local 10.0.0.2\n")) << seen;
  seen = guest(nl6);
  EXPECT_FALSE(has(seen, dev)) << seen;
  EXPECT_FALSE(has(seen, "local fd00::1\n")) << seen;
  EXPECT_TRUE(has(seen, "local fd00::2\n")) << seen;
  // Control: without HIDE_NETIF the guest sees them.
  constexpr std::uint64_t kShow = NXF_INIT_SET & ~NXF_HIDE_NETIF;
  EXPECT_TRUE(has(guest(v4, kShow), "dummy1"));
  EXPECT_TRUE(has(guest(nl6, kShow), dev));
}

// --- g. an id reused while the old one is torn down -----------------------

// A context whose only task exits, and at once a new context of the same
// id: the new one must get its /proc/virtual/<id> directory (the old one
// left the hash before its directory was removed, so the name was still
// taken when the new one registered it).
TEST(RaceIdReuseTest, ReusedIdKeepsItsProcEntry) {
  constexpr vsys::xid_t kXid = 3126;
  const std::string dir = "/proc/virtual/" + std::to_string(kXid);
  int missing = 0, raced = 0;
  for (int i = 0; i < 100; ++i) {
    pid_t old = fork();
    if (old == 0) _exit(vsys::ctx_create(kXid, VXF_INIT_SET) ? 0 : 1);
    for (int t = 0; t < 1000; ++t) {
      Guest g(kXid);
      if (g.create_errno() == EEXIST || g.create_errno() == EBUSY) {
        ++raced;
        continue;
      }
      ASSERT_EQ(g.create_errno(), 0);
      struct stat st;
      if (stat(dir.c_str(), &st) != 0) ++missing;
      break;
    }
    waitpid(old, nullptr, 0);
    while (waitpid(-1, nullptr, WNOHANG) > 0) {
    }  // the parked children of the refused creates
  }
  EXPECT_EQ(missing, 0) << "creates that met the old id: " << raced;
}

}  // namespace
