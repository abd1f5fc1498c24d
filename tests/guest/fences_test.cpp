// Filesystem fences: get/set_iattr and fget/fset_iattr, the barrier, the
// immutable and immutable-unlink rules, /proc entry visibility (hide,
// admin, watch) and the classic chroot escapes, with and without the
// barrier.  Runs as root inside the QEMU guest (tmpfs /tmp).
#include <dirent.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "guest.hpp"
#include "vsys/inode.hpp"
#include "vsys/names.hpp"

using namespace vtest;
namespace fs = std::filesystem;

namespace {

ino_t ino_of(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

// A guest: new context xid, default bcaps, root (and cwd) at root; then
// fn runs with STATE_SETUP cleared.  As util-vserver's vcontext does, the
// host enters the root directory first and the guest chroots to "." (a
// barrier above the root stops every path walk of the guest).
template <class F>
int in_jail(vsys::xid_t xid, const std::string& root, F fn) {
  return in_child([&] {
    if (!root.empty() && chdir(root.c_str()) != 0) return 202;
    if (!vsys::ctx_create(xid, VXF_INIT_SET)) return 200;
    if (!vsys::set_bcaps(xid, {vsys::default_guest_bcaps(), ~0ULL})) return 201;
    if (!root.empty() && chroot(".") != 0) return 203;
    if (!vsys::set_cflags(xid, {0, VXF_STATE_SETUP})) return 203;
    return fn();
  });
}

class IattrTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::remove_all(dir_);
    fs::create_directories(dir_ + "/sub");
    std::ofstream(dir_ + "/file") << "data";
  }
  void TearDown() override {
    for (const auto& e : fs::recursive_directory_iterator(dir_))
      (void)vsys::set_iattr(e.path(), 0,
                            IATTR_BARRIER * e.is_directory() | IATTR_IMMUTABLE | IATTR_IXUNLINK);
    (void)vsys::set_iattr(dir_, 0, IATTR_BARRIER | IATTR_IMMUTABLE | IATTR_IXUNLINK);
    fs::remove_all(dir_);
  }
  std::string dir_ = "/tmp/iattr-" + std::to_string(getpid());
};

// The reference reports these three as meaningful on every inode.
constexpr std::uint32_t kAlways = IATTR_IXUNLINK | IATTR_IMMUTABLE | IATTR_COW;

TEST_F(IattrTest, GetReportsMeaningfulBits) {
  auto d = vsys::get_iattr(dir_);
  ASSERT_TRUE(d) << d.error().message();
  EXPECT_EQ(d->mask, IATTR_BARRIER | kAlways);
  EXPECT_EQ(d->flags & ~IATTR_TAG, 0u);
  auto f = vsys::get_iattr(dir_ + "/file");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->mask, kAlways);
}

TEST_F(IattrTest, SetRoundTripsAndIsStoredInTheXattr) {
  ASSERT_TRUE(vsys::set_iattr(dir_, IATTR_BARRIER, IATTR_BARRIER));
  EXPECT_TRUE(vsys::get_iattr(dir_)->flags & IATTR_BARRIER);
  char raw[4] = {};
  EXPECT_EQ(getxattr(dir_.c_str(), "security.vserver", raw, sizeof(raw)), 4);
  ASSERT_TRUE(vsys::set_iattr(dir_ + "/file", IATTR_COW, IATTR_COW));
  EXPECT_EQ(vsys::get_iattr(dir_ + "/file")->flags & ~IATTR_TAG, IATTR_COW);
  ASSERT_TRUE(vsys::set_iattr(dir_, 0, IATTR_BARRIER));
  EXPECT_FALSE(vsys::get_iattr(dir_)->flags & IATTR_BARRIER);
  EXPECT_EQ(getxattr(dir_.c_str(), "security.vserver", raw, sizeof(raw)), -1);
}

TEST_F(IattrTest, ByFileDescriptor) {
  int fd = open(dir_.c_str(), O_RDONLY | O_DIRECTORY);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(vsys::fset_iattr(fd, IATTR_BARRIER, IATTR_BARRIER));
  auto a = vsys::fget_iattr(fd);
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->flags & IATTR_BARRIER);
  EXPECT_TRUE(vsys::get_iattr(dir_)->flags & IATTR_BARRIER);
  close(fd);
  EXPECT_EQ(err_of(vsys::fget_iattr(9999)), EBADF);
  EXPECT_EQ(err_of(vsys::fset_iattr(9999, 0, IATTR_IMMUTABLE)), EBADF);
}

TEST_F(IattrTest, BadInput) {
  EXPECT_EQ(err_of(vsys::set_iattr(dir_ + "/file", IATTR_BARRIER, IATTR_BARRIER)), EINVAL);
  EXPECT_EQ(err_of(vsys::set_iattr(dir_, IATTR_COW, IATTR_COW)), EINVAL);
  EXPECT_EQ(err_of(vsys::set_iattr(dir_, IATTR_HIDE, IATTR_HIDE)), EINVAL);
  EXPECT_EQ(err_of(vsys::set_iattr(dir_, 0, 0x40000000)), EINVAL);
  EXPECT_EQ(err_of(vsys::set_iattr(dir_ + "/missing", IATTR_BARRIER, IATTR_BARRIER)), ENOENT);
  EXPECT_EQ(err_of(vsys::get_iattr(dir_ + "/missing")), ENOENT);
  EXPECT_EQ(raw_vserver(VCMD_get_iattr, 0, nullptr), -1);
  EXPECT_EQ(errno, EFAULT);
  vcmd_ctx_iattr_v1 vc{};
  vc.name = 0x10;  // unmapped
  EXPECT_EQ(raw_vserver(VCMD_get_iattr, 0, &vc), -1);
  EXPECT_EQ(errno, EFAULT);
}

TEST_F(IattrTest, LastSymlinkIsNotFollowed) {
  std::string link = dir_ + "/link";
  ASSERT_EQ(symlink(dir_.c_str(), link.c_str()), 0);
  auto a = vsys::get_iattr(link);
  ASSERT_TRUE(a);
  EXPECT_FALSE(a->mask & IATTR_BARRIER) << "the symlink, not the directory";
  EXPECT_EQ(err_of(vsys::set_iattr(link, IATTR_BARRIER, IATTR_BARRIER)), EINVAL);
}

TEST_F(IattrTest, SetNeedsCapLinuxImmutableAndGuestsNeverMoveBarriers) {
  int rc = in_child([&] {
    if (!vsys::ctx_create(500, VXF_INIT_SET)) return 200;
    std::uint64_t keep = vsys::default_guest_bcaps() | (1ULL << 63) | (1ULL << 21);
    if (!vsys::set_bcaps(500, {keep, ~0ULL})) return 201;  // no CAP_LINUX_IMMUTABLE
    if (!vsys::set_cflags(500, {0, VXF_STATE_SETUP})) return 202;
    return err_of(vsys::set_iattr(dir_ + "/file", IATTR_IMMUTABLE, IATTR_IMMUTABLE));
  });
  EXPECT_EQ(rc, EPERM);
  rc = in_child([&] {
    if (!vsys::ctx_create(501, VXF_INIT_SET)) return 200;
    if (!vsys::set_cflags(501, {0, VXF_STATE_SETUP})) return 202;  // full bcaps
    return err_of(vsys::set_iattr(dir_, IATTR_BARRIER, IATTR_BARRIER));
  });
  EXPECT_EQ(rc, EPERM);
  // Nor through the xattr itself.
  rc = in_child([&] {
    if (!vsys::ctx_create(502, VXF_INIT_SET)) return 200;
    if (!vsys::set_cflags(502, {0, VXF_STATE_SETUP})) return 202;
    const char v[4] = {0, 0, 1, 0};
    return setxattr(dir_.c_str(), "security.vserver", v, 4, 0) == 0 ? 0 : errno;
  });
  EXPECT_EQ(rc, EPERM);
}

TEST_F(IattrTest, ImmutableFile) {
  std::string f = dir_ + "/file";
  ASSERT_TRUE(vsys::set_iattr(f, IATTR_IMMUTABLE, IATTR_IMMUTABLE));
  EXPECT_EQ(open(f.c_str(), O_WRONLY), -1);
  EXPECT_EQ(errno, EPERM);
  EXPECT_EQ(truncate(f.c_str(), 0), -1);
  EXPECT_EQ(chmod(f.c_str(), 0600), -1);
  EXPECT_EQ(unlink(f.c_str()), -1);
  EXPECT_EQ(errno, EPERM);
  EXPECT_EQ(rename(f.c_str(), (dir_ + "/moved").c_str()), -1);
  EXPECT_EQ(link(f.c_str(), (dir_ + "/hard").c_str()), -1);
  int fd = open(f.c_str(), O_RDONLY);
  EXPECT_GE(fd, 0) << "reading stays allowed";
  close(fd);
}

// A unified file: never written, but its names may go.
TEST_F(IattrTest, ImmutableUnlinkFile) {
  std::string f = dir_ + "/file";
  ASSERT_TRUE(
      vsys::set_iattr(f, IATTR_IMMUTABLE | IATTR_IXUNLINK, IATTR_IMMUTABLE | IATTR_IXUNLINK));
  EXPECT_EQ(open(f.c_str(), O_WRONLY | O_APPEND), -1);
  EXPECT_EQ(errno, EPERM);
  EXPECT_EQ(link(f.c_str(), (dir_ + "/hard").c_str()), 0);
  EXPECT_EQ(rename((dir_ + "/hard").c_str(), (dir_ + "/moved").c_str()), 0);
  EXPECT_EQ(unlink((dir_ + "/moved").c_str()), 0);
  EXPECT_EQ(unlink(f.c_str()), 0);
}

// Data stays locked through a descriptor opened before the attribute:
// write, fallocate, truncate and new shared writable mappings fail.
TEST_F(IattrTest, DescriptorOpenedBeforeCannotWrite) {
  std::string f = dir_ + "/file";
  int fd = open(f.c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, "x", 1), 1) << "control: writable before";
  ASSERT_TRUE(
      vsys::set_iattr(f, IATTR_IMMUTABLE | IATTR_IXUNLINK, IATTR_IMMUTABLE | IATTR_IXUNLINK));
  EXPECT_EQ(write(fd, "y", 1), -1);
  EXPECT_EQ(errno, EPERM);
  EXPECT_EQ(pwrite(fd, "y", 1, 0), -1);
  EXPECT_EQ(fallocate(fd, 0, 0, 8192), -1);
  EXPECT_EQ(errno, EPERM);
  EXPECT_EQ(ftruncate(fd, 0), -1);
  void* shared = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  EXPECT_EQ(shared, MAP_FAILED);
  EXPECT_EQ(errno, EPERM);
  void* ro = mmap(nullptr, 4096, PROT_READ, MAP_SHARED, fd, 0);
  ASSERT_NE(ro, MAP_FAILED) << "reading stays allowed";
  EXPECT_EQ(mprotect(ro, 4096, PROT_READ | PROT_WRITE), -1);
  EXPECT_EQ(errno, EPERM);
  munmap(ro, 4096);
  close(fd);
  EXPECT_EQ(slurp(f), "xata");
}

// lsattr's view (FS_IOC_GETFLAGS, FS_IOC_FSGETXATTR) shows IMMUTABLE as "i".
TEST_F(IattrTest, LsattrShowsImmutable) {
  std::string f = dir_ + "/file";
  auto flags = [&] {
    int fd = open(f.c_str(), O_RDONLY);
    unsigned int v = 0;
    fsxattr fx{};
    bool ok =
        fd >= 0 && ioctl(fd, FS_IOC_GETFLAGS, &v) == 0 && ioctl(fd, FS_IOC_FSGETXATTR, &fx) == 0;
    if (fd >= 0) close(fd);
    return ok ? std::make_pair(v & FS_IMMUTABLE_FL, fx.fsx_xflags & FS_XFLAG_IMMUTABLE)
              : std::make_pair(~0u, ~0u);
  };
  EXPECT_EQ(flags(), std::make_pair(0u, 0u));
  ASSERT_TRUE(
      vsys::set_iattr(f, IATTR_IMMUTABLE | IATTR_IXUNLINK, IATTR_IMMUTABLE | IATTR_IXUNLINK));
  EXPECT_EQ(flags(), std::make_pair(unsigned{FS_IMMUTABLE_FL}, unsigned{FS_XFLAG_IMMUTABLE}));
  EXPECT_EQ(unlink(f.c_str()), 0) << "still vserver's IMMUTABLE: unlinkable with IXUNLINK";
}

TEST_F(IattrTest, IxunlinkAloneKeepsNamesNotData) {
  std::string f = dir_ + "/file";
  ASSERT_TRUE(vsys::set_iattr(f, IATTR_IXUNLINK, IATTR_IXUNLINK));
  int fd = open(f.c_str(), O_WRONLY);
  EXPECT_GE(fd, 0);
  close(fd);
  EXPECT_EQ(unlink(f.c_str()), -1);
  EXPECT_EQ(errno, EPERM);
}

TEST_F(IattrTest, ImmutableDirectoryRefusesNewEntries) {
  ASSERT_TRUE(vsys::set_iattr(dir_ + "/sub", IATTR_IMMUTABLE, IATTR_IMMUTABLE));
  EXPECT_EQ(mkdir((dir_ + "/sub/x").c_str(), 0700), -1);
  EXPECT_EQ(errno, EPERM);
}

TEST_F(IattrTest, BarrierStopsGuestsNotHostOrSpectator) {
  ASSERT_TRUE(vsys::set_iattr(dir_, IATTR_BARRIER, IATTR_BARRIER));
  struct stat st {};
  EXPECT_EQ(stat((dir_ + "/file").c_str(), &st), 0) << "host";
  int rc = in_jail(503, "", [&] {
    if (stat((dir_ + "/file").c_str(), &st) == 0) return 1;
    if (errno != EACCES) return 2;
    return opendir(dir_.c_str()) == nullptr && errno == EACCES ? 0 : 3;
  });
  EXPECT_EQ(rc, 0) << "guest";
  rc = in_child([&] {
    if (!vsys::ctx_migrate(1, 0)) return 200;
    return stat((dir_ + "/file").c_str(), &st) == 0 ? 0 : errno;
  });
  EXPECT_EQ(rc, 0) << "spectator";
}

// --- /proc visibility ------------------------------------------------

class ProcHideTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto a = vsys::get_iattr(kEntry);
    ASSERT_TRUE(a);
    saved_ = a->flags & IATTR_FLAGS;
  }
  void TearDown() override { (void)vsys::set_iattr(kEntry, saved_, IATTR_FLAGS); }

  // Bitmask: 1 host, 2 spectator, 4 guest can read the entry.
  static int who_sees() {
    auto reads = [] {
      std::ifstream in(kEntry);
      std::string s;
      return std::getline(in, s) ? 0 : 1;
    };
    int seen = 0;
    if (in_child(reads) == 0) seen |= 1;
    if (in_child([&] { return vsys::ctx_migrate(1, 0) ? reads() : 200; }) == 0) seen |= 2;
    if (in_jail(510, "", reads) == 0) seen |= 4;
    return seen;
  }

  static constexpr const char* kEntry = "/proc/version";
  std::uint32_t saved_ = 0;
};

TEST_F(ProcHideTest, SecureDefaultIsAdminHide) {
  // A /proc entry nobody unhid: vprocunhide's list does not touch it.
  auto a = vsys::get_iattr("/proc/kallsyms");
  if (!a) a = vsys::get_iattr("/proc/kmsg");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->flags & IATTR_FLAGS, IATTR_ADMIN | IATTR_HIDE);
  EXPECT_EQ(a->mask, IATTR_FLAGS | kAlways);
}

TEST_F(ProcHideTest, AdminWatchAndHide) {
  ASSERT_TRUE(vsys::set_iattr(kEntry, IATTR_ADMIN | IATTR_HIDE, IATTR_FLAGS));
  EXPECT_EQ(who_sees(), 1);
  ASSERT_TRUE(vsys::set_iattr(kEntry, IATTR_WATCH | IATTR_HIDE, IATTR_FLAGS));
  EXPECT_EQ(who_sees(), 2);
  ASSERT_TRUE(vsys::set_iattr(kEntry, IATTR_ADMIN | IATTR_WATCH | IATTR_HIDE, IATTR_FLAGS));
  EXPECT_EQ(who_sees(), 3);
  ASSERT_TRUE(vsys::set_iattr(kEntry, IATTR_ADMIN, IATTR_FLAGS));
  EXPECT_EQ(who_sees(), 7);
}

// Lookup, readdir, open and stat all honour HIDE, also for a dentry the
// host left in the cache.
TEST_F(ProcHideTest, HiddenEntryInvisibleEveryWay) {
  ASSERT_TRUE(vsys::set_iattr(kEntry, IATTR_ADMIN | IATTR_HIDE, IATTR_FLAGS));
  ASSERT_TRUE(fs::exists(kEntry));  // the host caches the dentry
  int rc = in_jail(511, "", [] {
    for (const auto& e : fs::directory_iterator("/proc"))
      if (e.path().filename() == "version") return 1;
    struct stat st {};
    if (stat(kEntry, &st) == 0 || errno != ENOENT) return 2;
    if (open(kEntry, O_RDONLY) >= 0 || errno != ENOENT) return 3;
    return 0;
  });
  EXPECT_EQ(rc, 0);
}

// Process directories have no bits of their own: as in vs2.3 set_iattr
// keeps them with the inode (util-vserver's vprocunhide sets them on
// /proc/net/, i.e. /proc/<pid>/net), get reports them outside the mask,
// and they hide nothing.
TEST_F(ProcHideTest, ProcessDirectoriesKeepBitsThatHideNothing) {
  auto a = vsys::get_iattr("/proc/self/");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->mask, kAlways);
  ASSERT_TRUE(vsys::set_iattr("/proc/1", IATTR_HIDE, IATTR_HIDE));
  a = vsys::get_iattr("/proc/1");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->flags & IATTR_HIDE);
  EXPECT_EQ(a->mask, kAlways);
  Guest g(512);  // hooks awake: HIDE without ADMIN would hide it from the host
  ASSERT_EQ(g.create_errno(), 0);
  struct stat st {};
  EXPECT_EQ(stat("/proc/1/status", &st), 0) << "the bit hides nothing";
  EXPECT_TRUE(vsys::set_iattr("/proc/1", 0, IATTR_HIDE));
}

// --- chroot escapes --------------------------------------------------

// Guest roots live in base/g1; base carries the barrier (or not, as the
// control).  Each escape returns 0 if it stayed inside g1, 1 if it got
// out (reached base), or the errno of the step that was refused.
class EscapeTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    fs::remove_all(base_);
    fs::create_directories(root_ + "/sub/deeper");
    fs::create_directories(root_ + "/proc");
    std::ofstream(base_ + "/outside") << "host";
    if (GetParam()) {
      ASSERT_TRUE(vsys::set_iattr(base_, IATTR_BARRIER, IATTR_BARRIER));
    }
    inside_ = {ino_of(root_), ino_of(root_ + "/sub"), ino_of(root_ + "/sub/deeper"),
               ino_of(root_ + "/proc")};
  }
  void TearDown() override {
    (void)vsys::set_iattr(base_, 0, IATTR_BARRIER);
    umount2((root_ + "/proc").c_str(), MNT_DETACH);
    fs::remove_all(base_);
  }

  // 1000x chdir(".."): 1 when it got out, else the errno that stopped it
  // (0 if none did).
  int climb() const {
    int err = 0;
    for (int i = 0; i < 1000; ++i)
      if (chdir("..") != 0) err = errno;
    int at = where();
    return at == 0 && err ? err : at;
  }

  // 0 when cwd is g1 or below, 1 when it got out.
  int where() const {
    struct stat st {};
    if (stat(".", &st) != 0) return 300 + errno;
    for (ino_t in : inside_)
      if (st.st_ino == in) return 0;
    return 1;
  }

  std::string base_ = "/tmp/vservers-" + std::to_string(getpid());
  std::string root_ = base_ + "/g1";
  std::vector<ino_t> inside_;
};

// chroot(subdir) leaves the cwd outside the new root; then chdir("..").
TEST_P(EscapeTest, ChrootThenChdirDotDot) {
  int rc = in_jail(520 + GetParam(), root_, [&] {
    if (chroot("sub") != 0) return 100 + errno;
    return climb();
  });
  EXPECT_EQ(rc, GetParam() ? EACCES : 1);
}

// The same with an fd kept on the old root and fchdir.
TEST_P(EscapeTest, FchdirToKeptFdThenDotDot) {
  int rc = in_jail(522 + GetParam(), root_, [&] {
    int fd = open("/", O_RDONLY | O_DIRECTORY);
    if (fd < 0 || chroot("sub/deeper") != 0 || fchdir(fd) != 0) return 100 + errno;
    return climb();
  });
  EXPECT_EQ(rc, GetParam() ? EACCES : 1);
}

// ".." through /proc/self/cwd after the chroot(subdir) trick.
TEST_P(EscapeTest, ProcSelfCwdDotDot) {
  ASSERT_EQ(mount("proc", (root_ + "/proc").c_str(), "proc", 0, nullptr), 0);
  int rc = in_jail(524 + GetParam(), root_, [&] {
    if (chroot("sub") != 0) return 100 + errno;  // cwd stays at g1, /proc not reachable now
    int fd = open("proc/self/cwd/../outside", O_RDONLY);
    if (fd >= 0) {
      close(fd);
      return 1;
    }
    return errno;
  });
  EXPECT_EQ(rc, GetParam() ? EACCES : 1);
}

// /proc/<pid>/root of a task of another context: the pid is invisible.
TEST_P(EscapeTest, ProcPidRootOfOtherContext) {
  ASSERT_EQ(mount("proc", (root_ + "/proc").c_str(), "proc", 0, nullptr), 0);
  int rc = in_jail(526 + GetParam(), root_, [&] {
    int fd = open("/proc/1/root/tmp", O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
      close(fd);
      return 1;
    }
    return errno;
  });
  EXPECT_EQ(rc, ENOENT);
}

// /proc/<pid>/root of a sibling in the same guest, whose root is g1,
// opened from a /proc descriptor kept across chroot(subdir): ".." from
// g1 is no longer below the attacker's root.
TEST_P(EscapeTest, ProcPidRootOfSibling) {
  ASSERT_EQ(mount("proc", (root_ + "/proc").c_str(), "proc", 0, nullptr), 0);
  int rc = in_jail(540 + GetParam(), root_, [&] {
    pid_t sib = fork();
    if (sib == 0) {
      pause();
      _exit(0);
    }
    int rc = 0;
    int procfd = open("/proc", O_RDONLY | O_DIRECTORY);
    if (procfd < 0 || chroot("sub") != 0) {
      rc = 100 + errno;
    } else {
      std::string path = std::to_string(sib) + "/root/../outside";
      int fd = openat(procfd, path.c_str(), O_RDONLY);
      rc = fd >= 0 ? 1 : errno;
      if (fd >= 0) close(fd);
    }
    kill(sib, SIGKILL);
    waitpid(sib, nullptr, 0);
    return rc;
  });
  EXPECT_EQ(rc, GetParam() ? EACCES : 1);
}

// A symlink pointing outside resolves inside the chroot; a bind mount
// needs CAP_SYS_ADMIN, which the guest does not have.
TEST_P(EscapeTest, SymlinkAndBindMount) {
  ASSERT_EQ(symlink("../../outside", (root_ + "/sub/link").c_str()), 0);
  int rc = in_jail(528 + GetParam(), root_, [&] {
    int fd = open("/sub/link", O_RDONLY);
    if (fd >= 0) {
      close(fd);
      return 1;
    }
    if (errno != ENOENT) return 100 + errno;
    return mount("/..", "/sub", nullptr, MS_BIND, nullptr) == 0 ? 2 : errno;
  });
  EXPECT_EQ(rc, EPERM);
}

// openat(.., "../..") from a directory fd the host passed in.
TEST_P(EscapeTest, OpenatDotDotFromPassedFd) {
  int passed = open((root_ + "/sub").c_str(), O_RDONLY | O_DIRECTORY);
  ASSERT_GE(passed, 0);
  int rc = in_jail(530 + GetParam(), root_, [&] {
    if (chroot("sub/deeper") != 0) return 100 + errno;
    int fd = openat(passed, "../../outside", O_RDONLY);
    if (fd >= 0) {
      close(fd);
      return 1;
    }
    return errno;
  });
  close(passed);
  EXPECT_EQ(rc, GetParam() ? EACCES : 1);
}

INSTANTIATE_TEST_SUITE_P(Fences, EscapeTest, ::testing::Values(true, false),
                         [](const auto& info) { return info.param ? "Barrier" : "NoBarrier"; });

}  // namespace
