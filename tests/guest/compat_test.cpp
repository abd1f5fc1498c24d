// util-vserver 0.30.215 against this kernel: each test calls vserver(2)
// the way a util-vserver tool does at that step (same command words,
// structs and masks, built here by hand rather than through libvsys) and
// checks the vs2.3 answer.  docs/compat.md describes each step.
#include <arpa/inet.h>
#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "guest.hpp"
#include "vsys/context.hpp"
#include "vsys/inode.hpp"
#include "vsys/network.hpp"

using namespace vtest;

namespace {

// What util-vserver computes (lib/getinsecurebcaps.c, lib/vserver.h):
// vattribute --secure sends bcaps ~insecure and ccaps ~insecureccaps,
// each with the mask ~0.  The insecure bcaps are an int expression, so
// ~insecure has all of bits 32..63 set.
constexpr std::uint64_t kSecureBcaps = 0xffffffffb44c04ffULL;
constexpr std::uint64_t kSecureCcaps = VXC_SET_UTSNAME | VXC_RAW_ICMP | VXC_AUDIT_CONTROL;
// util-vserver's flag names (lib/cflags-v13.c, lib/nflags-net.c).
constexpr std::uint64_t kUvLock = 0x1;              // "lock"
constexpr std::uint64_t kUvHideNetif = 0x02000000;  // "hide_netif", "secure"
constexpr std::uint64_t kUvIgnegIonice = 1ULL << 53;
constexpr std::uint64_t kUvDefault = VXF_VIRT_UPTIME | VXF_SC_HELPER;  // "default"

int set_word(std::uint32_t cmd, vsys::xid_t id, std::uint64_t value, std::uint64_t mask) {
  std::uint64_t vc[2] = {value, mask};
  return raw_vserver(cmd, id, vc) == 0 ? 0 : errno;
}

std::uint64_t get_word(std::uint32_t cmd, vsys::xid_t id) {
  std::uint64_t vc[2] = {0, 0};
  return raw_vserver(cmd, id, vc) == 0 ? vc[0] : 0xdeadULL;
}

// vattribute --set --secure --flag default: libvserver's vc_set_ccaps
// (set_ccaps, then set_bcaps), then vc_set_cflags; errno of the first
// call that fails, 0 if all pass.
int vattribute_secure(vsys::xid_t xid) {
  vcmd_ctx_caps_v1 ccaps{kSecureCcaps, ~0ULL};
  if (raw_vserver(VCMD_set_ccaps, xid, &ccaps) != 0) return errno;
  vcmd_bcaps bcaps{kSecureBcaps, ~0ULL};
  if (raw_vserver(VCMD_set_bcaps, xid, &bcaps) != 0) return errno;
  vcmd_ctx_flags_v0 flags{kUvHideNetif | kUvDefault, kUvHideNetif | kUvDefault};
  if (raw_vserver(VCMD_set_cflags, xid, &flags) != 0) return errno;
  return 0;
}

std::string status_line(const std::string& status, const std::string& key) {
  std::istringstream in(status);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0) return line;
  return "";
}

TEST(UtilVserverCompat, VattributeSecureStoresTheWholeWords) {
  Guest g(1500);
  ASSERT_EQ(g.create_errno(), 0);
  ASSERT_EQ(vattribute_secure(1500), 0) << "vserver start runs vattribute --secure";
  EXPECT_EQ(get_word(VCMD_get_bcaps, 1500), kSecureBcaps) << "bcaps read back as stored";
  EXPECT_EQ(get_word(VCMD_get_ccaps, 1500), kSecureCcaps);
  std::uint64_t flags = get_word(VCMD_get_cflags, 1500);
  EXPECT_EQ(flags & (kUvHideNetif | kUvDefault), kUvHideNetif | kUvDefault);
  // /proc/virtual/<xid>/status shows the stored word too.
  EXPECT_NE(slurp("/proc/virtual/1500/status").find("BCaps:\tffffffffb44c04ff\n"),
            std::string::npos);
  // Words of later kernels are stored as well and cleared again.
  EXPECT_EQ(set_word(VCMD_set_ccaps, 1500, 1ULL << 40, 1ULL << 40), 0);
  EXPECT_EQ(get_word(VCMD_get_ccaps, 1500), kSecureCcaps | 1ULL << 40);
  EXPECT_EQ(set_word(VCMD_set_umask, 1500, CLONE_VM, CLONE_VM), 0);
  EXPECT_EQ(get_word(VCMD_get_umask, 1500), static_cast<std::uint64_t>(CLONE_VM));
  EXPECT_EQ(set_word(VCMD_set_bcaps, 1500, 0, 1ULL << 50), 0);
  EXPECT_EQ(get_word(VCMD_get_bcaps, 1500), kSecureBcaps & ~(1ULL << 50));
}

// The stored word bounds only what the kernel knows: root of a guest with
// the --secure bcaps has exactly the capabilities of this kernel that the
// word keeps, and bit 63 (CAP_CONTEXT) still decides whether vserver(2)
// answers.
TEST(UtilVserverCompat, SecureBcapsBoundOnlyKnownCapabilities) {
  auto in_secure_guest = [](vsys::xid_t xid, std::uint64_t extra, std::uint64_t clear,
                            const std::function<int()>& fn) {
    return in_child([=] {
      if (!vsys::ctx_create(xid, VXF_INIT_SET)) return 200;
      if (vattribute_secure(xid) != 0) return 201;
      if (set_word(VCMD_set_bcaps, xid, extra, extra | clear) != 0) return 202;
      if (!vsys::set_cflags(xid, {0, VXF_STATE_SETUP})) return 203;
      return fn();
    });
  };
  // CapBnd: root's full bounding set (bits 0..40) masked by the word.
  std::uint64_t last = (1ULL << 41) - 1;
  std::string want = "CapBnd:\t" + [&] {
    char buf[32];
    snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(kSecureBcaps & last));
    return std::string(buf);
  }();
  EXPECT_EQ(in_secure_guest(
                1501, 0, 0,
                [&] { return status_line(slurp("/proc/self/status"), "CapBnd:") == want ? 0 : 1; }),
            0)
      << want;
  // CAP_SYS_ADMIN added: with bit 63 vserver(2) answers, without it ENOSYS.
  constexpr std::uint64_t kSysAdmin = 1ULL << 21;
  auto version = [] { return vsys::get_version() ? 0 : vsys::get_version().error().code(); };
  EXPECT_EQ(in_secure_guest(1502, kSysAdmin, 0, version), 0);
  EXPECT_EQ(in_secure_guest(1503, kSysAdmin, 1ULL << 63, version), ENOSYS);
  // Without CAP_SYS_ADMIN (the --secure word keeps bit 63): level-0
  // commands answer and the others are EPERM, as on vs2.3 (issue 14/8).
  EXPECT_EQ(in_secure_guest(1504, 0, 0, version), 0);
  EXPECT_EQ(in_secure_guest(1506, 0, 0, [] { return err_of(vsys::task_xid(getpid())); }), EPERM);
}

TEST(UtilVserverCompat, FlagsOfOtherKernelsAreStored) {
  Guest g(1505);
  ASSERT_EQ(g.create_errno(), 0);
  for (std::uint64_t bit : {kUvLock, kUvHideNetif, kUvIgnegIonice}) {
    vcmd_ctx_flags_v0 f{bit, bit};
    EXPECT_EQ(raw_vserver(VCMD_set_cflags, 1505, &f), 0) << std::hex << bit << " errno " << errno;
    EXPECT_TRUE(get_word(VCMD_get_cflags, 1505) & bit) << std::hex << bit;
  }
  // vattribute --flag ~lock clears it again.
  vcmd_ctx_flags_v0 clear{0, kUvLock};
  EXPECT_EQ(raw_vserver(VCMD_set_cflags, 1505, &clear), 0);
  EXPECT_FALSE(get_word(VCMD_get_cflags, 1505) & kUvLock);
  // The one-time rule holds with a full mask: SETUP, once cleared, stays so.
  vcmd_ctx_flags_v0 end{0, VXF_STATE_SETUP};
  ASSERT_EQ(raw_vserver(VCMD_set_cflags, 1505, &end), 0);
  vcmd_ctx_flags_v0 all{~0ULL, ~0ULL};
  EXPECT_EQ(raw_vserver(VCMD_set_cflags, 1505, &all), 0);
  vcmd_ctx_flags_v0 got{};
  ASSERT_EQ(raw_vserver(VCMD_get_cflags, 1505, &got), 0);
  EXPECT_FALSE(got.flagword & VXF_STATE_SETUP);
  EXPECT_FALSE(got.mask & VXF_STATE_SETUP) << "get reports it can no longer change";
  EXPECT_TRUE(got.flagword & kUvIgnegIonice);
}

TEST(UtilVserverCompat, NattributeLockIsStored) {
  constexpr vsys::nid_t kNid = 1506;
  ASSERT_EQ(in_child([] { return vsys::net_create(kNid, NXF_INIT_SET | NXF_PERSISTENT) ? 0 : 1; }),
            0);
  vcmd_net_flags_v0 f{kUvLock, kUvLock};
  EXPECT_EQ(raw_vserver(VCMD_set_nflags, kNid, &f), 0) << errno;
  EXPECT_TRUE(get_word(VCMD_get_nflags, kNid) & kUvLock);
  EXPECT_EQ(set_word(VCMD_set_ncaps, kNid, 1ULL << 40, 1ULL << 40), 0);
  EXPECT_EQ(get_word(VCMD_get_ncaps, kNid), 1ULL << 40);
  vcmd_net_flags_v0 drop{0, NXF_PERSISTENT};
  EXPECT_EQ(raw_vserver(VCMD_set_nflags, kNid, &drop), 0);
}

// vserver-info PID TAG calls vc_get_task_tag(pid): VCMD_task_tag with
// the pid as id and no data; vtag first checks the PPTAG bit of get_vci.
TEST(UtilVserverCompat, TaskTag) {
  EXPECT_EQ(VCMD_task_tag, 0x2e030000u);
  long vci = raw_vserver(VCMD_get_vci, 0, nullptr);
  ASSERT_GE(vci, 0);
  EXPECT_TRUE(vci & (1L << VCI_KCBIT_PPTAG));
  EXPECT_EQ(raw_vserver(VCMD_task_tag, 0, nullptr), 0) << errno;
  EXPECT_EQ(raw_vserver(VCMD_task_tag, getpid(), nullptr), 0) << errno;
  EXPECT_EQ(raw_vserver(VCMD_task_tag, 1, nullptr), 0) << errno;
  errno = 0;
  EXPECT_EQ(raw_vserver(VCMD_task_tag, 999999, nullptr), -1);
  EXPECT_EQ(errno, ESRCH);
  // From a guest (in setup, so it may still call), a host task is as
  // absent as a pid that does not exist; its own pid answers.
  pid_t host = getpid();
  int rc = in_child([host] {
    if (!vsys::ctx_create(1507, VXF_INIT_SET)) return 100;
    if (raw_vserver(VCMD_task_tag, getpid(), nullptr) != 0) return 101;
    if (raw_vserver(VCMD_task_tag, host, nullptr) != -1) return 102;
    return errno;
  });
  EXPECT_EQ(rc, ESRCH);
  // And the libvsys call.
  EXPECT_EQ(vsys::task_tag(0).value_or(7), 0u);
  EXPECT_EQ(err_of(vsys::task_tag(999999)), ESRCH);
}

// naddress --nid N --ip fd00::5/64: util-vserver's parseIPFormat sets the
// prefix and the /64 mask, vc_net_add sends net_add_ipv6 with type ADDR.
TEST(UtilVserverCompat, Ipv6PrefixIsKept) {
  constexpr vsys::nid_t kNid = 1508;
  ASSERT_EQ(in_child([] { return vsys::net_create(kNid, NXF_INIT_SET | NXF_PERSISTENT) ? 0 : 1; }),
            0);
  vcmd_net_addr_ipv6_v1 a{};
  a.type = NXA_TYPE_ADDR;
  a.prefix = 64;
  ASSERT_EQ(inet_pton(AF_INET6, "fd00::5", &a.ip), 1);
  ASSERT_EQ(inet_pton(AF_INET6, "ffff:ffff:ffff:ffff::", &a.mask), 1);
  EXPECT_EQ(raw_vserver(VCMD_net_add_ipv6, kNid, &a), 0) << errno;
  std::string info = slurp("/proc/virtnet/" + std::to_string(kNid) + "/info");
  EXPECT_NE(info.find("[fd00::5/ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/64:0010]"),
            std::string::npos)
      << info;
  // A task of the network context: /proc/<pid>/ninfo.
  pid_t p = fork();
  if (p == 0) {
    if (!vsys::net_migrate(kNid)) _exit(1);
    for (;;) pause();
  }
  std::string ninfo;
  for (int i = 0; i < 200 && ninfo.find("V6Root") == std::string::npos; ++i) {
    ninfo = slurp("/proc/" + std::to_string(p) + "/ninfo");
    usleep(10000);
  }
  kill(p, SIGKILL);
  waitpid(p, nullptr, 0);
  EXPECT_NE(ninfo.find("V6Root[0]:\tfd00::5/64\n"), std::string::npos) << ninfo;
  // naddress --remove sends the same entry.
  EXPECT_EQ(raw_vserver(VCMD_net_remove_ipv6, kNid, &a), 0) << errno;
  a.prefix = 129;
  EXPECT_EQ(raw_vserver(VCMD_net_add_ipv6, kNid, &a), -1);
  EXPECT_EQ(errno, EINVAL);
  vcmd_net_flags_v0 drop{0, NXF_PERSISTENT};
  EXPECT_EQ(raw_vserver(VCMD_set_nflags, kNid, &drop), 0);
}

// --- vprocunhide ------------------------------------------------------------

// util-vserver's distrib/misc/vprocunhide-files, as shipped.
constexpr const char* kUnhideFiles[] = {
    "/proc/net/",
    "-/proc/net/rpc/",
    "-/proc/net/ip_conntrack",
    "-/proc/net/ip_conntrack_expect",
    "-/proc/net/nf_conntrack",
    "-/proc/net/nf_conntrack_expect",
    "/proc/sys/",
    "-/proc/sys/debug/",
    "-/proc/sys/dev/",
    "/proc/sysvipc/",
    "/proc/tty/",
    "/proc/cpuinfo",
    "/proc/crypto",
    "/proc/devices",
    "/proc/execdomains",
    "/proc/filesystems",
    "/proc/interrupts",
    "/proc/iomem",
    "/proc/ioports",
    "/proc/kcore",
    "/proc/kmsg",
    "/proc/ksyms",
    "/proc/loadavg",
    "/proc/locks",
    "/proc/meminfo",
    "/proc/misc",
    "/proc/modules",
    "/proc/pci",
    "/proc/slabinfo",
    "/proc/stat",
    "/proc/swaps",
    "/proc/uptime",
    "-/proc/cmdline",
    "/proc/version",
};

struct Iattr {
  std::uint32_t flags = 0;
  std::uint32_t mask = 0;
};

int iattr_call(std::uint32_t cmd, const std::string& path, Iattr& a) {
  vcmd_ctx_iattr_v1 vc{};
  vc.name = reinterpret_cast<std::uintptr_t>(path.c_str());
  vc.flags = a.flags;
  vc.mask = a.mask;
  if (raw_vserver(cmd, 0, &vc) != 0) return errno;
  a.flags = vc.flags;
  a.mask = vc.mask;
  return 0;
}

// setattr -x [-R] PARAMS FILE: set_iattr(name, 0, set & ~del, set | del)
// on the file and, with -R, on everything below it (lstat, no symlink
// followed, not crossing into another filesystem).
class ProcUnhide {
 public:
  // Records each path's bits before the first change (for the restore).
  void setattr(const std::string& path, std::uint32_t flags, std::uint32_t mask, bool recurse) {
    struct stat st {};
    if (lstat(path.c_str(), &st) != 0) return;
    apply(path, flags, mask);
    if (recurse && S_ISDIR(st.st_mode)) walk(path, st.st_dev, flags, mask);
  }
  int failures() const { return failures_; }
  int calls() const { return calls_; }
  const std::vector<std::string>& failed() const { return failed_; }
  // Puts back what every touched path had (its IATTR_FLAGS bits).
  void restore() {
    for (auto& [path, old] : saved_) {
      Iattr a{old, IATTR_FLAGS};
      iattr_call(VCMD_set_iattr, path, a);
    }
  }

 private:
  void apply(const std::string& path, std::uint32_t flags, std::uint32_t mask) {
    if (!saved_.count(path)) {
      Iattr old;
      if (iattr_call(VCMD_get_iattr, path, old) == 0) saved_[path] = old.flags & IATTR_FLAGS;
    }
    Iattr a{flags, mask};
    ++calls_;
    if (int err = iattr_call(VCMD_set_iattr, path, a); err != 0) {
      ++failures_;
      if (failed_.size() < 10) failed_.push_back(path + ": " + strerror(err));
    }
  }
  void walk(const std::string& dir, dev_t dev, std::uint32_t flags, std::uint32_t mask) {
    DIR* d = opendir(dir.c_str());
    if (!d) return;
    std::vector<std::string> names;
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n != "." && n != "..") names.push_back(n);
    }
    closedir(d);
    std::string base = dir.ends_with('/') ? dir : dir + "/";
    for (const auto& n : names) {
      std::string path = base + n;
      struct stat st {};
      if (lstat(path.c_str(), &st) != 0 || st.st_dev != dev) continue;
      apply(path, flags, mask);
      if (S_ISDIR(st.st_mode)) walk(path, dev, flags, mask);
    }
  }
  std::map<std::string, std::uint32_t> saved_;
  std::vector<std::string> failed_;
  int failures_ = 0;
  int calls_ = 0;
};

// vprocunhide's loop: "-" lines get --admin --hide, plain ones --!hide,
// a trailing '/' adds -R; missing paths are skipped.
TEST(UtilVserverCompat, VprocunhideListPassesWithoutErrors) {
  ProcUnhide u;
  for (std::string line : kUnhideFiles) {
    std::uint32_t flags = 0, mask = IATTR_HIDE;
    if (line[0] == '-') {
      flags = mask = IATTR_ADMIN | IATTR_HIDE;
      line.erase(0, 1);
    }
    u.setattr(line, flags, mask, line.ends_with('/'));
  }
  std::ostringstream why;
  for (const auto& f : u.failed()) why << f << "\n";
  EXPECT_GT(u.calls(), 50) << "the list reaches /proc/sys and /proc/net";
  EXPECT_EQ(u.failures(), 0) << "vprocunhide would exit 2:\n" << why.str();
  // What was set is reported back: a sysctl directory keeps its bits with
  // the inode (they hide nothing), /proc/net/dev is unhidden for guests.
  Iattr debug;
  if (access("/proc/sys/debug", F_OK) == 0) {
    ASSERT_EQ(iattr_call(VCMD_get_iattr, "/proc/sys/debug", debug), 0);
    EXPECT_EQ(debug.flags & IATTR_FLAGS, IATTR_ADMIN | IATTR_HIDE);
  }
  Iattr dev;
  ASSERT_EQ(iattr_call(VCMD_get_iattr, "/proc/net/dev", dev), 0);
  EXPECT_EQ(dev.flags & IATTR_HIDE, 0u);
  EXPECT_TRUE(dev.mask & IATTR_HIDE) << "an entry of its own: the bits take effect";
  u.restore();
}

}  // namespace
