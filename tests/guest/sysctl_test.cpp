// Sysctls in a guest: root of a guest whose bcaps lack CAP_SYS_ADMIN
// writes only the sysctls of namespaces it owns (its own network
// namespace, its UTS names with SET_UTSNAME); the host's read as
// read-only (EACCES at open; EPERM when a descriptor the host opened
// is written).
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "guest.hpp"
#include "vsys/names.hpp"

using namespace vtest;

namespace {

// 0 if path opens for writing, else errno.
int open_write(const char* path) {
  int fd = open(path, O_WRONLY);
  if (fd < 0) return errno;
  close(fd);
  return 0;
}

// The helper the kernel runs as host root to load modules.
constexpr const char* kModprobe = "/proc/sys/kernel/modprobe";
constexpr const char* kDefaultTtl = "/proc/sys/net/ipv4/ip_default_ttl";
constexpr const char* kHostname = "/proc/sys/kernel/hostname";

class SysctlTest : public ::testing::Test {
 protected:
  // Guests see /proc/sys (as after vprocunhide) during these tests.
  void SetUp() override {
    auto a = vsys::get_iattr("/proc/sys");
    ASSERT_TRUE(a) << a.error().message();
    saved_ = a->flags & IATTR_FLAGS;
    ASSERT_TRUE(vsys::set_iattr("/proc/sys", IATTR_ADMIN | IATTR_WATCH, IATTR_FLAGS));
  }
  void TearDown() override { (void)vsys::set_iattr("/proc/sys", saved_, IATTR_FLAGS); }
  std::uint32_t saved_ = 0;
};

TEST_F(SysctlTest, HostSysctlsAreReadOnlyInAGuest) {
  int rc = in_bounded(560, {}, [] {
    int fd = open(kModprobe, O_RDONLY);  // visible and readable
    if (fd < 0) return 100 + errno;
    close(fd);
    if (int e = open_write(kModprobe); e != EACCES) return 300 + e;
    if (int e = open_write(kDefaultTtl); e != EACCES) return 400 + e;
    return 0;
  });
  EXPECT_EQ(rc, 0);
}

TEST_F(SysctlTest, CapSysAdminInTheBcapsWritesThem) {
  EXPECT_EQ(in_bounded(561, {1ULL << CAP_SYS_ADMIN}, [] { return open_write(kModprobe); }), 0);
}

// A descriptor the host opened for writing does not carry the right in.
TEST_F(SysctlTest, CheckedAgainOnWrite) {
  int fd = open(kModprobe, O_WRONLY);
  ASSERT_GE(fd, 0) << strerror(errno);
  std::string current = slurp(kModprobe);
  int rc = in_bounded(562, {},
                      [&] { return write(fd, current.data(), current.size()) < 0 ? errno : 0; });
  close(fd);
  EXPECT_EQ(rc, EPERM);  // proc_sys_call_handler()'s errno for a refused write
}

TEST_F(SysctlTest, UtsNamesNeedSetUtsname) {
  utsname host{};
  ASSERT_EQ(uname(&host), 0);
  EXPECT_EQ(in_bounded(563, {}, [] { return open_write(kHostname); }), EACCES);
  int rc = in_bounded(564, {0, VXC_SET_UTSNAME}, [] {
    if (int e = write_text(kHostname, "sysctl-guest")) return 100 + e;
    utsname u{};
    uname(&u);
    return std::string(u.nodename) == "sysctl-guest" ? 0 : 1;
  });
  EXPECT_EQ(rc, 0);
  utsname after{};
  ASSERT_EQ(uname(&after), 0);
  EXPECT_STREQ(after.nodename, host.nodename) << "the host's name changed";
}

TEST_F(SysctlTest, OwnNetworkNamespaceIsWritable) {
  int rc = in_bounded(565, {0, 0, CLONE_NEWNET}, [] {
    if (unshare(CLONE_NEWNET) != 0) return 100 + errno;
    return write_text(kDefaultTtl, "33");
  });
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(slurp(kDefaultTtl), "64\n") << "the host's default TTL changed";
}

}  // namespace
