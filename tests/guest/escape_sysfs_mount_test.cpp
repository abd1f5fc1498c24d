// Roads around the isolation rules (issue 12), holes 6 and 10; each
// closed road has a test that the old kernel fails, and a control showing
// that the same action still works where it is allowed.
//   6. sysfs (and the other filesystems whose modes trust uid 0): writes,
//      chmod, the raw PCI attributes (resource*, rom, config beyond 64 bytes)
//  10. per-mount changes of host mounts with SECURE_MOUNT: bind-remount,
//      mount_setattr(2), propagation, MS_MOVE and move_mount(2)
#include <dirent.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/mount.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "guest.hpp"

using namespace vtest;

namespace {

constexpr std::uint64_t kSysAdmin = 1ULL << CAP_SYS_ADMIN;
constexpr std::uint64_t kMount = VXC_SECURE_MOUNT;
constexpr std::uint64_t kMountTmpfs = VXC_SECURE_MOUNT | VXC_BINARY_MOUNT;

int err(long rc) { return rc < 0 ? errno : 0; }

// errno of open(path, flags), 0 when it opens.
int open_errno(const std::string& path, int flags) {
  int fd = open(path.c_str(), flags);
  if (fd < 0) return errno;
  close(fd);
  return 0;
}

// Writes value to a sysfs file: 0, or the errno of open or write.
int write_errno(const std::string& path, const std::string& value) {
  int fd = open(path.c_str(), O_WRONLY);
  if (fd < 0) return errno;
  int rc = write(fd, value.data(), value.size()) < 0 ? errno : 0;
  close(fd);
  return rc;
}

// Bytes read from the start of a file (up to 4096), or -errno.
long read_size(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY);
  if (fd < 0) return -errno;
  char buf[4096];
  long n = pread(fd, buf, sizeof(buf), 0);
  long rc = n < 0 ? -errno : n;
  close(fd);
  return rc;
}

bool exists(const std::string& path) { return access(path.c_str(), F_OK) == 0; }

// The PCI devices the guest kernel lists.
std::vector<std::string> pci_devices() {
  std::vector<std::string> out;
  DIR* d = opendir("/sys/bus/pci/devices");
  if (!d) return out;
  while (dirent* e = readdir(d))
    if (e->d_name[0] != '.') out.push_back(std::string("/sys/bus/pci/devices/") + e->d_name);
  closedir(d);
  return out;
}

// The first PCI attribute file called name (e.g. "resource0"), or "".
std::string pci_attr(const std::string& name) {
  for (const auto& dev : pci_devices())
    if (exists(dev + "/" + name)) return dev + "/" + name;
  return "";
}

// The first writable module parameter of printk, read back as it is.
std::string printk_param(std::string* value) {
  for (const char* p : {"time", "ignore_loglevel", "console_suspend", "always_kmsg_dump"}) {
    std::string path = std::string("/sys/module/printk/parameters/") + p;
    struct stat st {};
    if (stat(path.c_str(), &st) == 0 && (st.st_mode & S_IWUSR)) {
      *value = slurp(path);
      if (!value->empty()) return path;
    }
  }
  return "";
}

// --- 6. sysfs ----------------------------------------------------------

TEST(EscapeSysfsTest, ModuleParameterWriteIsRefused) {
  std::string value;
  std::string param = printk_param(&value);
  ASSERT_FALSE(param.empty()) << "no writable printk parameter";
  // Writing the value it has: nothing changes when the write gets through.
  EXPECT_EQ(in_bounded(3401, {}, [&] { return write_errno(param, value); }), EACCES) << param;
  EXPECT_EQ(in_bounded(3401, {}, [&] { return open_errno(param, O_RDWR); }), EACCES);
  // Controls: the guest still reads it (the file is world-readable), the
  // host and a guest whose bcaps keep CAP_SYS_ADMIN write it.
  EXPECT_EQ(in_bounded(3401, {}, [&] { return slurp(param) == value ? 0 : 1; }), 0);
  EXPECT_EQ(write_errno(param, value), 0);
  EXPECT_EQ(in_bounded(3402, {kSysAdmin}, [&] { return write_errno(param, value); }), 0);
}

// cpuN/online (CPU hot-unplug) takes the same rule; the harness VM
// registers cpu0 only (no cpu1 directory, although QEMU runs -smp 2), so
// it has no test here: a skipped test counts as failed.

// A write-only (0200) hardware action: rescan the PCI bus.
TEST(EscapeSysfsTest, PciRescanIsRefused) {
  const std::string rescan = "/sys/bus/pci/rescan";
  if (!exists(rescan)) GTEST_SKIP() << "no " << rescan;
  EXPECT_EQ(in_bounded(3411, {}, [&] { return write_errno(rescan, "1"); }), EACCES);
  EXPECT_EQ(write_errno(rescan, "1"), 0);
  EXPECT_EQ(in_bounded(3412, {kSysAdmin}, [&] { return write_errno(rescan, "1"); }), 0);
}

TEST(EscapeSysfsTest, ChmodOfASysfsFileIsRefused) {
  std::string value;
  std::string param = printk_param(&value);
  ASSERT_FALSE(param.empty());
  struct stat st {};
  ASSERT_EQ(stat(param.c_str(), &st), 0);
  mode_t mode = st.st_mode & 07777;
  // chmod 0666 would let the guest write it as "others".
  EXPECT_EQ(in_bounded(3405, {}, [&] { return err(chmod(param.c_str(), 0666)); }), EPERM);
  EXPECT_EQ(in_bounded(3405, {}, [&] { return err(chown(param.c_str(), 1000, 1000)); }), EPERM);
  ASSERT_EQ(stat(param.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, mode) << "the guest changed the mode";
  chmod(param.c_str(), mode);
  // Control: the host sets the mode it has.
  EXPECT_EQ(err(chmod(param.c_str(), mode)), 0);
}

TEST(EscapeSysfsTest, PciConfigSpaceIsReadOnlyAndShort) {
  std::string config = pci_attr("config");
  if (config.empty()) GTEST_SKIP() << "no PCI device";
  EXPECT_EQ(in_bounded(3406, {}, [&] { return open_errno(config, O_RDWR); }), EACCES) << config;
  EXPECT_EQ(in_bounded(3406, {}, [&] { return open_errno(config, O_WRONLY); }), EACCES);
  // Controls: the guest reads what an unprivileged user reads (64 bytes,
  // 128 for a CardBus bridge), the host the whole space.
  EXPECT_EQ(in_bounded(3406, {}, [&] { return static_cast<int>(read_size(config)); }), 64);
  EXPECT_GE(read_size(config), 256);
  EXPECT_EQ(open_errno(config, O_RDWR), 0);
  EXPECT_EQ(in_bounded(3407, {kSysAdmin}, [&] { return open_errno(config, O_RDWR); }), 0);
}

TEST(EscapeSysfsTest, PciResourceAndRomAreRefused) {
  std::string res;
  for (int bar = 0; bar < 6 && res.empty(); ++bar) res = pci_attr("resource" + std::to_string(bar));
  if (res.empty()) GTEST_SKIP() << "no PCI BAR";
  EXPECT_EQ(in_bounded(3408, {}, [&] { return open_errno(res, O_RDONLY); }), EACCES) << res;
  EXPECT_EQ(in_bounded(3408, {}, [&] { return open_errno(res, O_RDWR); }), EACCES);
  EXPECT_EQ(open_errno(res, O_RDONLY), 0);
  EXPECT_EQ(in_bounded(3409, {kSysAdmin}, [&] { return open_errno(res, O_RDONLY); }), 0);
  std::string rom = pci_attr("rom");
  if (!rom.empty()) {
    EXPECT_EQ(in_bounded(3408, {}, [&] { return open_errno(rom, O_RDONLY); }), EACCES) << rom;
    EXPECT_EQ(open_errno(rom, O_RDONLY), 0);
  }
}

// The procfs road to PCI config space (/proc/bus/pci, 0644 files written
// by uid 0 like sysfs) is hidden from guests by PROC_SECURE.
TEST(EscapeSysfsTest, ProcBusPciIsHidden) {
  if (!exists("/proc/bus/pci/devices")) GTEST_SKIP() << "no /proc/bus/pci";
  EXPECT_EQ(in_bounded(3413, {}, [] { return open_errno("/proc/bus/pci/devices", O_RDONLY); }),
            ENOENT);
  EXPECT_EQ(in_bounded(3413, {}, [] { return open_errno("/proc/bus", O_RDONLY); }), ENOENT);
  EXPECT_EQ(open_errno("/proc/bus/pci/devices", O_RDONLY), 0);
}

TEST(EscapeSysfsTest, GuestStillReadsWorldReadableAttributes) {
  EXPECT_EQ(
      in_bounded(3410, {}, [] { return slurp("/sys/devices/system/cpu/online").empty() ? 1 : 0; }),
      0);
  EXPECT_EQ(in_bounded(3410, {}, [] { return open_errno("/sys/kernel", O_RDONLY | O_DIRECTORY); }),
            0);
}

// --- 10. per-mount changes ---------------------------------------------

// A tmpfs the host mounts for one test (its superblock is the host's),
// unmounted again by the destructor.
class HostMount {
 public:
  explicit HostMount(const std::string& name) : dir_("/tmp/" + name) {
    mkdir(dir_.c_str(), 0755);
    ok_ = mount("hostfs", dir_.c_str(), "tmpfs", 0, nullptr) == 0;
  }
  ~HostMount() {
    umount2(dir_.c_str(), MNT_DETACH);
    rmdir(dir_.c_str());
  }
  bool ok() const { return ok_; }
  const std::string& dir() const { return dir_; }
  // The host can still create a file in it (it is not read-only).
  bool writable() const {
    std::string f = dir_ + "/probe";
    int fd = open(f.c_str(), O_CREAT | O_WRONLY, 0600);
    if (fd < 0) return false;
    close(fd);
    unlink(f.c_str());
    return true;
  }

 private:
  std::string dir_;
  bool ok_ = false;
};

int bind_remount_ro(const std::string& dir) {
  return err(mount(nullptr, dir.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr));
}

int setattr_errno(int dfd, const char* path, unsigned flags, const mount_attr& attr) {
  return err(syscall(SYS_mount_setattr, dfd, path, flags, &attr, sizeof(attr)));
}

int setattr_ro(const std::string& dir) {
  mount_attr attr{};
  attr.attr_set = MOUNT_ATTR_RDONLY;
  return setattr_errno(AT_FDCWD, dir.c_str(), 0, attr);
}

int setattr_propagation(const std::string& dir, std::uint64_t type, unsigned flags = 0) {
  mount_attr attr{};
  attr.propagation = type;
  return setattr_errno(AT_FDCWD, dir.c_str(), flags, attr);
}

int change_type(const std::string& dir, unsigned long type) {
  return err(mount(nullptr, dir.c_str(), nullptr, type, nullptr));
}

// In a guest: mounts its own tmpfs on dir (the guest's superblock).
int own_tmpfs(const std::string& dir) {
  mkdir(dir.c_str(), 0755);
  return err(mount("guestfs", dir.c_str(), "tmpfs", 0, nullptr));
}

TEST(EscapeMountTest, BindRemountOfAHostMountIsRefused) {
  HostMount host("vx-bindro");
  ASSERT_TRUE(host.ok());
  EXPECT_EQ(in_bounded(3420, {0, kMount}, [&] { return bind_remount_ro(host.dir()); }), EPERM);
  EXPECT_TRUE(host.writable()) << "a guest made a host mount read-only";
  // Controls: the guest's own tmpfs, a guest whose bcaps keep
  // CAP_SYS_ADMIN, the host.
  EXPECT_EQ(in_bounded(3421, {0, kMountTmpfs},
                       [&] {
                         std::string own = host.dir() + "-own";
                         int rc = own_tmpfs(own);
                         if (rc) return 100 + rc;
                         rc = bind_remount_ro(own);
                         umount2(own.c_str(), MNT_DETACH);
                         rmdir(own.c_str());
                         return rc;
                       }),
            0);
  EXPECT_EQ(in_bounded(3422, {kSysAdmin, kMount}, [&] { return bind_remount_ro(host.dir()); }), 0);
  EXPECT_FALSE(host.writable());
  EXPECT_EQ(err(mount(nullptr, host.dir().c_str(), nullptr, MS_REMOUNT | MS_BIND, nullptr)), 0);
  EXPECT_TRUE(host.writable());
}

TEST(EscapeMountTest, MountSetattrOfAHostMountIsRefused) {
  HostMount host("vx-setattr");
  ASSERT_TRUE(host.ok());
  EXPECT_EQ(in_bounded(3423, {0, kMount}, [&] { return setattr_ro(host.dir()); }), EPERM);
  EXPECT_TRUE(host.writable()) << "a guest made a host mount read-only";
  EXPECT_EQ(
      in_bounded(3423, {0, kMount}, [&] { return setattr_propagation(host.dir(), MS_PRIVATE); }),
      EPERM);
  // Controls: a detached copy the guest made (open_tree), the guest's
  // own tmpfs, a guest with CAP_SYS_ADMIN in its bcaps, the host.
  EXPECT_EQ(in_bounded(3424, {0, kMount},
                       [&] {
                         int tree = open_tree(AT_FDCWD, host.dir().c_str(),
                                              OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
                         if (tree < 0) return 100 + errno;
                         mount_attr attr{};
                         attr.attr_set = MOUNT_ATTR_RDONLY;
                         int rc = setattr_errno(tree, "", AT_EMPTY_PATH, attr);
                         close(tree);
                         return rc;
                       }),
            0);
  EXPECT_TRUE(host.writable());
  EXPECT_EQ(in_bounded(3425, {0, kMountTmpfs},
                       [&] {
                         std::string own = host.dir() + "-own";
                         int rc = own_tmpfs(own);
                         if (rc) return 100 + rc;
                         rc = setattr_ro(own);
                         umount2(own.c_str(), MNT_DETACH);
                         rmdir(own.c_str());
                         return rc;
                       }),
            0);
  EXPECT_EQ(in_bounded(3426, {kSysAdmin, kMount}, [&] { return setattr_ro(host.dir()); }), 0);
  EXPECT_FALSE(host.writable());
  mount_attr rw{};
  rw.attr_clr = MOUNT_ATTR_RDONLY;
  EXPECT_EQ(setattr_errno(AT_FDCWD, host.dir().c_str(), 0, rw), 0);
  EXPECT_TRUE(host.writable());
}

TEST(EscapeMountTest, PropagationOfAHostMountIsRefused) {
  HostMount host("vx-prop");
  ASSERT_TRUE(host.ok());
  for (unsigned long type : {MS_SHARED, MS_PRIVATE, MS_SLAVE, MS_UNBINDABLE})
    EXPECT_EQ(in_bounded(3427, {0, kMount}, [&] { return change_type(host.dir(), type); }), EPERM)
        << "type " << type;
  EXPECT_EQ(
      in_bounded(3427, {0, kMount}, [&] { return setattr_propagation(host.dir(), MS_SHARED); }),
      EPERM);
  EXPECT_EQ(slurp("/proc/self/mountinfo").find("shared:"), std::string::npos)
      << "a guest made a host mount shared";
  // Controls: the guest's own tmpfs (not recursively in the host's
  // namespace: mounts below could be the host's), the host.
  EXPECT_EQ(in_bounded(3428, {0, kMountTmpfs},
                       [&] {
                         std::string own = host.dir() + "-own";
                         int rc = own_tmpfs(own);
                         if (rc) return 100 + rc;
                         rc = change_type(own, MS_SHARED);
                         if (!rc) rc = change_type(own, MS_PRIVATE);
                         if (!rc) rc = setattr_propagation(own, MS_UNBINDABLE);
                         if (!rc) rc = change_type(own, MS_PRIVATE | MS_REC) == EPERM ? 0 : 50;
                         umount2(own.c_str(), MNT_DETACH);
                         rmdir(own.c_str());
                         return rc;
                       }),
            0);
  EXPECT_EQ(change_type(host.dir(), MS_UNBINDABLE), 0);
  EXPECT_EQ(change_type(host.dir(), MS_PRIVATE), 0);
}

TEST(EscapeMountTest, MoveOfAHostMountIsRefused) {
  HostMount host("vx-move");
  ASSERT_TRUE(host.ok());
  std::string to = "/tmp/vx-move-to";
  mkdir(to.c_str(), 0755);
  EXPECT_EQ(
      in_bounded(
          3429, {0, kMount},
          [&] { return err(mount(host.dir().c_str(), to.c_str(), nullptr, MS_MOVE, nullptr)); }),
      EPERM);
  EXPECT_EQ(
      in_bounded(
          3429, {0, kMount},
          [&] { return err(move_mount(AT_FDCWD, host.dir().c_str(), AT_FDCWD, to.c_str(), 0)); }),
      EPERM);
  EXPECT_TRUE(host.writable()) << "the host mount moved away";
  // Controls: the guest moves its own tmpfs with move_mount(2) (MS_MOVE
  // names its source by a string the hook cannot resolve without a race:
  // refused in the host's namespace), the host moves its mount.
  EXPECT_EQ(in_bounded(3430, {0, kMountTmpfs},
                       [&] {
                         std::string own = host.dir() + "-own";
                         int rc = own_tmpfs(own);
                         if (rc) return 100 + rc;
                         rc = err(move_mount(AT_FDCWD, own.c_str(), AT_FDCWD, to.c_str(), 0));
                         if (!rc)
                           rc = err(mount(to.c_str(), own.c_str(), nullptr, MS_MOVE, nullptr)) ==
                                        EPERM
                                    ? 0
                                    : 50;
                         umount2(to.c_str(), MNT_DETACH);
                         umount2(own.c_str(), MNT_DETACH);
                         rmdir(own.c_str());
                         return rc;
                       }),
            0);
  EXPECT_EQ(err(mount(host.dir().c_str(), to.c_str(), nullptr, MS_MOVE, nullptr)), 0);
  EXPECT_EQ(err(mount(to.c_str(), host.dir().c_str(), nullptr, MS_MOVE, nullptr)), 0);
  EXPECT_TRUE(host.writable());
  rmdir(to.c_str());
}

// MOVE_MOUNT_SET_GROUP: a detached copy made shared, then a host mount
// of the same superblock joined to its peer group (the guest's mounts
// under the copy would then propagate into the host's mount).
TEST(EscapeMountTest, SetGroupOntoAHostMountIsRefused) {
  HostMount host("vx-setgroup");
  ASSERT_TRUE(host.ok());
  auto join = [&] {
    int tree = open_tree(AT_FDCWD, host.dir().c_str(), OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
    if (tree < 0) return 100 + errno;
    mount_attr attr{};
    attr.propagation = MS_SHARED;
    int rc = setattr_errno(tree, "", AT_EMPTY_PATH, attr);
    if (rc == 0)
      rc = err(move_mount(tree, "", AT_FDCWD, host.dir().c_str(),
                          MOVE_MOUNT_SET_GROUP | MOVE_MOUNT_F_EMPTY_PATH));
    else
      rc += 150;
    close(tree);
    return rc;
  };
  EXPECT_EQ(in_bounded(3432, {0, kMount}, join), EPERM);
  EXPECT_EQ(slurp("/proc/self/mountinfo").find("shared:"), std::string::npos)
      << "a guest joined a host mount to its peer group";
  // Control: the host.
  EXPECT_EQ(in_child(join), 0);
  EXPECT_EQ(change_type(host.dir(), MS_PRIVATE), 0);
}

// A guest in a mount namespace of its own changes its copies of the
// host's mounts; the host's mounts do not change.
TEST(EscapeMountTest, OwnNamespaceCopiesMayChange) {
  HostMount host("vx-ownns");
  ASSERT_TRUE(host.ok());
  EXPECT_EQ(in_bounded(3431, {0, kMount, CLONE_NEWNS},
                       [&] {
                         if (unshare(CLONE_NEWNS) != 0) return 100 + errno;
                         int rc = bind_remount_ro(host.dir());
                         if (!rc) rc = setattr_propagation(host.dir(), MS_PRIVATE, AT_RECURSIVE);
                         if (!rc) rc = change_type("/", MS_SLAVE | MS_REC);
                         return rc;
                       }),
            0);
  EXPECT_TRUE(host.writable());
}

}  // namespace
