// Network context commands, the paths net_test.cpp leaves out: task_nid
// of other tasks, net_migrate refusals and the spectator, the v0, v1, v2
// and IPv6 address forms and their errors, the one-time flags, the nid a
// forked child inherits, /proc/virtnet.  Contexts are kept alive by a
// parked child (ParkedNet) and configured by the host from outside.
// Runs as root inside the QEMU guest.
#include <dirent.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include <fmt/core.h>
#include <gtest/gtest.h>

#include "guest.hpp"
#include "net_helpers.hpp"
#include "vsys/context.hpp"
#include "vsys/network.hpp"

using namespace vtest;

namespace {

class NetCmdPathTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { add_test_addresses(); }
};

std::string virtnet_info(vsys::nid_t nid) {
  return slurp("/proc/virtnet/" + std::to_string(nid) + "/info");
}

vsys::NetAddr typed(const char* text, std::uint16_t type) {
  auto a = addr(text);
  a.type = type;
  return a;
}

// --- task_nid, net_migrate ---------------------------------------------------

TEST_F(NetCmdPathTest, TaskNidOfAnotherTaskAndUnknownPid) {
  ParkedNet n(900, NXF_INIT_SET, {});
  ASSERT_EQ(n.status(), 0);
  EXPECT_EQ(vsys::task_nid(n.pid()).value_or(0), 900u);
  EXPECT_EQ(vsys::task_nid(getpid()).value_or(99), 0u);
  EXPECT_EQ(vsys::task_nid(1).value_or(99), 0u);
  EXPECT_EQ(err_of(vsys::task_nid(999999)), ESRCH);
  // A guest (security context) does not see the parked host task.
  int rc = in_child([&] {
    if (!vsys::ctx_create(900, VXF_INIT_SET)) return 200;
    return err_of(vsys::task_nid(n.pid()));
  });
  EXPECT_EQ(rc, ESRCH);
}

int migrate_errno(vsys::nid_t nid) {
  return in_child([nid] {
    if (int e = err_of(vsys::net_migrate(nid))) return e;
    return vsys::task_nid(0).value_or(0) == nid ? 0 : 100;
  });
}

TEST_F(NetCmdPathTest, MigrateIntoPrivateOrNonAdminContextIsEacces) {
  ParkedNet priv(901, NXF_INIT_SET | NXF_INFO_PRIVATE, {});
  ASSERT_EQ(priv.status(), 0);
  EXPECT_EQ(migrate_errno(901), EACCES) << "INFO_PRIVATE after setup";
  ParkedNet sealed(902, NXF_INIT_SET, {}, [] {
    return vsys::set_nflags(902, {0, NXF_STATE_ADMIN}) ? 0 : 1;
  });
  ASSERT_EQ(sealed.status(), 0);
  EXPECT_EQ(migrate_errno(902), EACCES) << "STATE_ADMIN cleared";
  ParkedNet open(903, NXF_INIT_SET, {});
  ASSERT_EQ(open.status(), 0);
  EXPECT_EQ(migrate_errno(903), 0) << "control: an ordinary context";
}

// The reference: net_migrate to id 1 moves the caller to the spectator nid
// and returns 1.
TEST_F(NetCmdPathTest, MigrateToSpectator) {
  int rc = in_child([] {
    if (raw_vserver(VCMD_net_migrate, 1, nullptr) != 1) return 100 + errno;
    if (vsys::task_nid(0).value_or(0) != 1) return 1;
    return slurp("/proc/self/ninfo") == "NID:\t1\n" ? 0 : 2;
  });
  EXPECT_EQ(rc, 0);
}

// --- net_add v0 ----------------------------------------------------------------

TEST_F(NetCmdPathTest, V0WrongTypeBitsAndModifiers) {
  ParkedNet n(904, NXF_INIT_SET, {});
  ASSERT_EQ(n.status(), 0);
  vsys::NetAddr one[1] = {addr("10.0.0.255")};
  for (std::uint16_t bad : {NXA_TYPE_IPV6, NXA_TYPE_IPV4 | NXA_TYPE_ADDR, NXA_TYPE_ANY,
                            NXA_TYPE_IPV4 | NXA_LOOPBACK, NXA_MOD_BCAST})
    EXPECT_EQ(err_of(vsys::net_add_v0(904, bad, one, 1)), EINVAL) << std::hex << bad;
  ASSERT_TRUE(vsys::net_add_v0(904, NXA_TYPE_IPV4 | NXA_MOD_BCAST, one, 1));
  vsys::NetAddr lback[1] = {addr("127.0.9.1")};
  ASSERT_TRUE(vsys::net_add_v0(904, NXA_TYPE_IPV4 | NXA_MOD_LBACK, lback, 1));
  std::string info = virtnet_info(904);
  EXPECT_TRUE(has(info, "Bcast:\t10.0.0.255\n")) << info;
  EXPECT_TRUE(has(info, "Lback:\t127.0.9.1\n")) << info;
  EXPECT_FALSE(has(info, "[10.0.0.255-")) << "a modifier adds no entry:\n" << info;
  EXPECT_FALSE(has(info, "[127.0.9.1-")) << "a modifier adds no entry:\n" << info;
}

// A v0 list is added whole or not at all: a duplicate at its end leaves
// the set as it was.
TEST_F(NetCmdPathTest, V0AddIsAllOrNothing) {
  ParkedNet n(906, NXF_INIT_SET, {});
  ASSERT_EQ(n.status(), 0);
  vsys::NetAddr list[3] = {addr("10.0.6.1"), addr("10.0.6.2"), addr("10.0.6.1")};
  EXPECT_EQ(err_of(vsys::net_add_v0(906, NXA_TYPE_IPV4, list, 3)), EEXIST);
  std::string info = virtnet_info(906);
  EXPECT_FALSE(has(info, "10.0.6.")) << info;
  ASSERT_TRUE(vsys::net_add_v0(906, NXA_TYPE_IPV4, list, 2));
  EXPECT_TRUE(has(virtnet_info(906), "10.0.6.2")) << "control: the list without the duplicate";
}

// --- IPv4 v1 and v2 ------------------------------------------------------------

TEST_F(NetCmdPathTest, Ipv4V1MaskAnyAbsentAndModifiers) {
  ParkedNet n(905, NXF_INIT_SET, {});
  ASSERT_EQ(n.status(), 0);
  auto net = typed("10.3.0.0/16", NXA_TYPE_MASK);
  ASSERT_TRUE(vsys::net_add_ipv4_v1(905, net));
  EXPECT_EQ(err_of(vsys::net_add_ipv4_v1(905, net)), EEXIST);
  // The family bit may be part of the type.
  ASSERT_TRUE(vsys::net_add_ipv4_v1(905, typed("10.0.0.2/24", NXA_TYPE_IPV4 | NXA_TYPE_ADDR)));
  EXPECT_TRUE(has(virtnet_info(905), "[10.3.0.0-0.0.0.0/255.255.0.0:0020]")) << virtnet_info(905);
  EXPECT_TRUE(has(virtnet_info(905), "[10.0.0.2-0.0.0.0/255.255.255.0:0010]")) << virtnet_info(905);
  // Remove needs an exact match.
  EXPECT_EQ(err_of(vsys::net_rem_ipv4_v1(905, addr("10.0.0.9/24"))), ESRCH);
  EXPECT_EQ(err_of(vsys::net_rem_ipv4_v1(905, addr("10.0.0.2/16"))), ESRCH);
  EXPECT_EQ(err_of(vsys::net_rem_ipv4_v1(905, typed("10.0.0.2/24", NXA_TYPE_MASK))), ESRCH);
  auto bcast = typed("10.3.255.255", NXA_TYPE_ADDR | NXA_MOD_BCAST);
  auto lback = typed("127.0.9.2", NXA_TYPE_ADDR | NXA_MOD_LBACK);
  ASSERT_TRUE(vsys::net_add_ipv4_v1(905, bcast));
  ASSERT_TRUE(vsys::net_add_ipv4_v1(905, lback));
  std::string info = virtnet_info(905);
  EXPECT_TRUE(has(info, "Bcast:\t10.3.255.255\n") && has(info, "Lback:\t127.0.9.2\n")) << info;
  EXPECT_EQ(err_of(vsys::net_rem_ipv4_v1(905, bcast)), EINVAL) << "no modifier on remove";
  vsys::NetAddr any;
  any.type = NXA_TYPE_ANY;
  ASSERT_TRUE(vsys::net_rem_ipv4_v1(905, any));
  info = virtnet_info(905);
  EXPECT_FALSE(has(info, "[10.")) << "ANY clears every entry:\n" << info;
  EXPECT_TRUE(has(info, "Lback:\t127.0.9.2\n")) << "ANY keeps the loopback address:\n" << info;
}

TEST_F(NetCmdPathTest, Ipv4V2RemoveMaskAndEmptyRange) {
  ParkedNet n(906, NXF_INIT_SET, {});
  ASSERT_EQ(n.status(), 0);
  auto range = typed("10.0.1.10", NXA_TYPE_RANGE);
  range.mask.s_addr = 0;
  range.ip2 = addr("10.0.1.20").ip;
  ASSERT_TRUE(vsys::net_add_ipv4(906, range));
  auto net = typed("10.4.0.0/16", NXA_TYPE_MASK);
  ASSERT_TRUE(vsys::net_add_ipv4(906, net));
  EXPECT_TRUE(has(virtnet_info(906), "[10.4.0.0-0.0.0.0/255.255.0.0:0020]")) << virtnet_info(906);
  ASSERT_TRUE(vsys::net_rem_ipv4(906, range));
  EXPECT_FALSE(has(virtnet_info(906), "10.0.1.10-")) << virtnet_info(906);
  EXPECT_EQ(err_of(vsys::net_rem_ipv4(906, range)), ESRCH) << "already removed";
  ASSERT_TRUE(vsys::net_rem_ipv4(906, net));
  EXPECT_FALSE(has(virtnet_info(906), "[10.4.0.0-")) << virtnet_info(906);
  auto empty = range;
  empty.ip2 = empty.ip;
  EXPECT_EQ(err_of(vsys::net_add_ipv4(906, empty)), EINVAL) << "ip2 == ip";
  empty.ip2 = addr("10.0.1.9").ip;
  EXPECT_EQ(err_of(vsys::net_add_ipv4(906, empty)), EINVAL) << "ip2 < ip";
}

// ADDR|MOD_LBACK (v2) sets the loopback address: /proc shows it, the guest
// binds it (and 127.0.0.1 remaps to it), no longer the default 127.x.y.1.
TEST_F(NetCmdPathTest, V2LbackIsTheLoopbackTheGuestBinds) {
  int rc = in_child([] {
    if (!vsys::net_create(907, (NXF_INIT_SET & ~NXF_HIDE_LBACK) | NXF_STATE_SETUP)) return 200;
    if (!vsys::net_add_ipv4(907, typed("127.0.7.1", NXA_TYPE_ADDR | NXA_MOD_LBACK))) return 201;
    if (!vsys::set_nflags(907, {0, NXF_STATE_SETUP})) return 202;
    if (!has(virtnet_info(907), "Lback:\t127.0.7.1\n")) return 1;
    if (bind_errno(AF_INET, SOCK_STREAM, sin4("127.0.7.1", 0)) != 0) return 2;
    // 907 = 3*256+139: the default loopback is no longer the guest's.
    if (bind_errno(AF_INET, SOCK_STREAM, sin4("127.3.139.1", 0)) != EADDRNOTAVAIL) return 3;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    auto lo = sin4("127.0.0.1", 0);
    sockaddr_storage me{};
    socklen_t len = sizeof(me);
    if (bind(fd, reinterpret_cast<sockaddr*>(&lo), sizeof(lo)) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&me), &len) != 0)
      return 4;
    return ip_of(me) == "127.0.7.1" ? 0 : 5;
  });
  EXPECT_EQ(rc, 0);
}

// --- IPv6 ------------------------------------------------------------------

TEST_F(NetCmdPathTest, Ipv6WrongTypesAndTooMany) {
  ParkedNet n(908, NXF_INIT_SET, {});
  ASSERT_EQ(n.status(), 0);
  for (std::uint16_t bad :
       {NXA_TYPE_NONE, NXA_TYPE_RANGE, NXA_TYPE_IPV4 | NXA_TYPE_ADDR, NXA_TYPE_ADDR | NXA_MOD_BCAST,
        NXA_TYPE_ADDR | NXA_MOD_LBACK, NXA_TYPE_MASK | NXA_MOD_LBACK}) {
    EXPECT_EQ(err_of(vsys::net_add_ipv6(908, typed("fd00::2", bad))), EINVAL) << std::hex << bad;
    EXPECT_EQ(err_of(vsys::net_remove_ipv6(908, typed("fd00::2", bad))), EINVAL) << std::hex << bad;
  }
  ASSERT_TRUE(vsys::net_add_ipv6(908, typed("fd00::2", NXA_TYPE_IPV6 | NXA_TYPE_ADDR)))
      << "the family bit may be part of the type";
  for (int i = 1; i < NX_MAX_ADDRS; ++i)
    ASSERT_TRUE(vsys::net_add_ipv6(908, addr(fmt::format("fd02::{:x}", i).c_str()))) << i;
  EXPECT_EQ(err_of(vsys::net_add_ipv6(908, addr("fd03::1"))), ENOSPC);
  // An ADDR entry given with a prefix is that one address; removing it by
  // the same text matches.
  ASSERT_TRUE(vsys::net_remove_ipv6(908, addr("fd02::1")));
  ASSERT_TRUE(vsys::net_add_ipv6(908, addr("fd00::5/64")));
  EXPECT_TRUE(has(virtnet_info(908), "[fd00::5/ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/"))
      << virtnet_info(908);
  EXPECT_TRUE(vsys::net_remove_ipv6(908, addr("fd00::5/64")));
}

// --- flags, fork ------------------------------------------------------------

// STATE_SETUP and STATE_ADMIN can only be cleared: setting them again is
// ignored (as vs2.3's mask rule), and without STATE_ADMIN the context
// takes no more ADMIN commands.
TEST_F(NetCmdPathTest, OneTimeFlagsOnlyClear) {
  int rc = in_child([] {
    if (!vsys::net_create(909, NXF_INIT_SET | NXF_STATE_SETUP)) return 200;
    auto f = vsys::get_nflags(909);
    if (!f || !(f->value & NXF_STATE_SETUP) || !(f->mask & NXF_STATE_SETUP)) return 1;
    if (!vsys::set_nflags(909, {0, NXF_STATE_SETUP})) return 2;
    f = vsys::get_nflags(909);
    if (!f || (f->value & NXF_STATE_SETUP) || (f->mask & NXF_STATE_SETUP)) return 3;
    if (!vsys::set_nflags(909, {NXF_STATE_SETUP, NXF_STATE_SETUP})) return 4;
    if (vsys::get_nflags(909)->value & NXF_STATE_SETUP) return 5;
    if (!vsys::set_nflags(909, {0, NXF_STATE_ADMIN})) return 6;
    if (vsys::get_nflags(909)->value & NXF_STATE_ADMIN) return 7;
    if (err_of(vsys::set_nflags(909, {NXF_STATE_ADMIN, NXF_STATE_ADMIN})) != EACCES) return 8;
    return vsys::get_nflags(909)->value & NXF_STATE_ADMIN ? 9 : 0;
  });
  EXPECT_EQ(rc, 0);
}

TEST_F(NetCmdPathTest, ForkedChildInheritsTheNid) {
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  pid_t parent = fork();
  if (parent == 0) {
    pid_t child = -1;
    if (enter_net(910, NXF_INIT_SET, {"10.0.0.2/24"}) == 0 && (child = fork()) == 0)
      for (;;) pause();
    if (write(out[1], &child, sizeof(child)) != sizeof(child)) _exit(1);
    for (;;) pause();
  }
  pid_t child = -1;
  ASSERT_EQ(read(out[0], &child, sizeof(child)), static_cast<ssize_t>(sizeof(child)));
  EXPECT_GT(child, 0);
  if (child > 0) {
    EXPECT_EQ(vsys::task_nid(child).value_or(0), 910u);
    std::string ninfo = slurp("/proc/" + std::to_string(child) + "/ninfo");
    EXPECT_TRUE(has(ninfo, "NID:\t910\n")) << ninfo;
    EXPECT_TRUE(has(ninfo, "V4Root[0]:\t10.0.0.2/255.255.255.0\n")) << ninfo;
    EXPECT_TRUE(has(slurp("/proc/virtnet/910/status"), "Tasks:\t2\n"));
    kill(child, SIGKILL);
  }
  finish({parent}, out);
}

// --- /proc/virtnet ------------------------------------------------------------

TEST_F(NetCmdPathTest, ProcVirtnetInfo) {
  std::string info = slurp("/proc/virtnet/info");
  auto vci = vsys::get_vci();
  ASSERT_TRUE(vci);
  EXPECT_EQ(info,
            fmt::format("VCIVersion:\t0002:0308\nVCISyscall:\t236\nVCIKernel:\t{:08x}\n", *vci));
  EXPECT_EQ(info, slurp("/proc/virtual/info")) << "the same VCI lines";
}

// The names in a directory, one per line.
std::string names_in(const char* path) {
  std::string text;
  DIR* d = opendir(path);
  if (!d) return "opendir failed";
  while (dirent* e = readdir(d)) text += std::string(e->d_name) + "\n";
  closedir(d);
  return text;
}

TEST_F(NetCmdPathTest, GuestSeesOnlyItsOwnVirtnetDirectory) {
  ParkedNet other(911, NXF_INIT_SET, {});
  ASSERT_EQ(other.status(), 0);
  std::string seen = in_net(912, NXF_INIT_SET, {}, [] {
    auto opens = [](const char* p) { return access(p, R_OK) == 0 ? 0 : errno; };
    return fmt::format("911 {}\n912 {}\n--\n{}", opens("/proc/virtnet/911/info"),
                       opens("/proc/virtnet/912/info"), names_in("/proc/virtnet"));
  });
  EXPECT_TRUE(has(seen, fmt::format("911 {}\n", ENOENT))) << seen;
  EXPECT_TRUE(has(seen, "912 0\n")) << seen;
  EXPECT_TRUE(has(seen, "\n912\n") && has(seen, "\ninfo\n")) << seen;
  EXPECT_FALSE(has(seen, "\n911\n")) << "another nid listed:\n" << seen;
  EXPECT_TRUE(has(names_in("/proc/virtnet"), "\n911\n")) << "the host lists every nid";
}

}  // namespace
