#include "caps_ops.hpp"

#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/loop.h>
#include <linux/perf_event.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/io.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <string>

#include "guest.hpp"

namespace vtest::ops {
namespace {

constexpr int kSyslogRead = 3, kSyslogClear = 5;

int ok_or_errno(long rc) { return rc < 0 ? errno : 0; }

// An fd result: closed again, 0 or errno.
int fd_or_errno(int fd) {
  if (fd < 0) return errno;
  close(fd);
  return 0;
}

std::string scratch(const char* what) {
  return std::string("/tmp/vx-") + what + "-" + std::to_string(getpid());
}

int write_oom_adj(const char* value) {
  int fd = open("/proc/self/oom_score_adj", O_WRONLY);
  if (fd < 0) return errno;
  int rc = ok_or_errno(write(fd, value, std::char_traits<char>::length(value)));
  close(fd);
  return rc;
}

int set_xattr(const char* name) {
  std::string p = scratch("xattr");
  int fd = open(p.c_str(), O_CREAT | O_WRONLY, 0600);
  if (fd < 0) return 300 + errno;
  close(fd);
  int rc = ok_or_errno(setxattr(p.c_str(), name, "v", 1, 0));
  unlink(p.c_str());
  return rc;
}

}  // namespace

// Garbage module image: long enough to reach the security hook.
int load_module() {
  static const char image[256] = {};
  return ok_or_errno(syscall(SYS_init_module, image, sizeof(image), ""));
}

// No segments: unloads the (absent) kexec image on the host.
int kexec_load() { return ok_or_errno(syscall(SYS_kexec_load, 0UL, 0UL, nullptr, 0UL)); }

int bpf_map() {
  bpf_attr attr{};
  attr.map_type = BPF_MAP_TYPE_ARRAY;
  attr.key_size = 4;
  attr.value_size = 4;
  attr.max_entries = 1;
  return fd_or_errno(static_cast<int>(syscall(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof(attr))));
}

// A CPU-wide event needs CAP_PERFMON with the default perf_event_paranoid.
int perf_cpu_wide() {
  perf_event_attr attr{};
  attr.size = sizeof(attr);
  attr.type = PERF_TYPE_SOFTWARE;
  attr.config = PERF_COUNT_SW_CPU_CLOCK;
  attr.disabled = 1;
  return fd_or_errno(static_cast<int>(syscall(SYS_perf_event_open, &attr, -1, 0, -1, 0)));
}

// "Shocker": a file handle opens an inode outside any chroot.
int open_by_handle() {
  struct {
    file_handle fh;
    unsigned char bytes[MAX_HANDLE_SZ];
  } h{};
  h.fh.handle_bytes = MAX_HANDLE_SZ;
  int mount_id = 0;
  if (name_to_handle_at(AT_FDCWD, "/tmp", &h.fh, &mount_id, 0) != 0) return 300 + errno;
  int mfd = open("/tmp", O_RDONLY | O_DIRECTORY);
  if (mfd < 0) return 400 + errno;
  int rc = fd_or_errno(open_by_handle_at(mfd, &h.fh, O_RDONLY | O_DIRECTORY));
  close(mfd);
  return rc;
}

int ioperm_port() { return ok_or_errno(ioperm(0x80, 1, 1)); }

int iopl_3() { return ok_or_errno(iopl(3)); }

int mknod_block() {
  std::string p = scratch("blk");
  int rc = ok_or_errno(mknod(p.c_str(), S_IFBLK | 0600, makedev(7, 0)));
  unlink(p.c_str());
  return rc;
}

int set_clock() {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  return ok_or_errno(clock_settime(CLOCK_REALTIME, &now));
}

int raw_socket() { return fd_or_errno(socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)); }

// Mount a filesystem of @type on a scratch directory, then unmount it.
int mount_type(const char* type) {
  std::string dir = scratch("mnt");
  mkdir(dir.c_str(), 0700);
  int rc = ok_or_errno(mount(type, dir.c_str(), type, 0, nullptr));
  if (rc == 0) umount(dir.c_str());
  rmdir(dir.c_str());
  return rc;
}

int mount_tmpfs() { return mount_type("tmpfs"); }

int mount_proc() { return mount_type("proc"); }

// devtmpfs is one superblock, the host's: its device nodes open.
int mount_devtmpfs() { return mount_type("devtmpfs"); }

// The same through the new mount API (fsopen, fsconfig, fsmount).
int fsmount_devtmpfs() {
  int fs = fsopen("devtmpfs", FSOPEN_CLOEXEC);
  if (fs < 0) return 300 + errno;
  int rc = ok_or_errno(fsconfig(fs, FSCONFIG_CMD_CREATE, nullptr, nullptr, 0));
  if (rc == 0) {
    int mnt = fsmount(fs, FSMOUNT_CLOEXEC, 0);
    rc = mnt < 0 ? 400 + errno : 0;
    if (mnt >= 0) close(mnt);
  }
  close(fs);
  return rc;
}

// Attach a copy of a directory elsewhere, with the old API (a bind
// mount) or the new one (open_tree(OPEN_TREE_CLONE) + move_mount).
int attach_copy(bool new_api) {
  std::string src = scratch("src"), dst = scratch("dst");
  mkdir(src.c_str(), 0700);
  mkdir(dst.c_str(), 0700);
  int rc;
  if (!new_api) {
    rc = ok_or_errno(mount(src.c_str(), dst.c_str(), nullptr, MS_BIND, nullptr));
  } else {
    int tree = open_tree(AT_FDCWD, src.c_str(), OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
    rc = tree < 0
             ? errno
             : ok_or_errno(move_mount(tree, "", AT_FDCWD, dst.c_str(), MOVE_MOUNT_F_EMPTY_PATH));
    if (tree >= 0) close(tree);
  }
  if (rc == 0) umount2(dst.c_str(), MNT_DETACH);
  rmdir(dst.c_str());
  rmdir(src.c_str());
  return rc;
}

int bind_mount() { return attach_copy(false); }

int open_tree_move_mount() { return attach_copy(true); }

// Reconfigure the host's proc superblock (no options: nothing changes).
int remount_host_proc() {
  return ok_or_errno(mount(nullptr, "/proc", nullptr, MS_REMOUNT, nullptr));
}

// Mount a tmpfs, make /dev/null's node in it and open it.
int dev_node_on_own_mount() {
  std::string dir = scratch("devmnt");
  mkdir(dir.c_str(), 0700);
  int rc = ok_or_errno(mount("none", dir.c_str(), "tmpfs", 0, nullptr));
  if (rc != 0) {
    rmdir(dir.c_str());
    return 300 + rc;
  }
  std::string node = dir + "/null";
  rc = ok_or_errno(mknod(node.c_str(), S_IFCHR | 0666, makedev(1, 3)));
  if (rc == 0)
    rc = fd_or_errno(open(node.c_str(), O_RDWR));
  else
    rc += 400;
  umount(dir.c_str());
  rmdir(dir.c_str());
  return rc;
}

int raise_rlimit() {
  rlimit rl{};
  getrlimit(RLIMIT_NOFILE, &rl);
  rl.rlim_max += 1;
  return ok_or_errno(setrlimit(RLIMIT_NOFILE, &rl));
}

// The runner gives each guest (and the host child) a UTS namespace of its own.
int set_hostname() { return ok_or_errno(sethostname("guest", 5)); }

int read_kernel_log() {
  char buf[256];
  return ok_or_errno(klogctl(kSyslogRead, buf, sizeof(buf)));
}

int clear_kernel_log() { return ok_or_errno(klogctl(kSyslogClear, nullptr, 0)); }

int oom_lower() { return write_oom_adj("-500"); }

int oom_unkillable() {
  if (int rc = write_oom_adj("-1000")) return rc;
  std::ifstream in("/proc/self/oom_score_adj");
  int value = 0;
  in >> value;
  if (value == -1000) return 0;
  return value == -999 ? kClamped : 500;
}

// TIOCSTI on a pty that is not the caller's controlling terminal.
int tiocsti_other_tty() {
  int master = posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0) return 300 + errno;
  if (grantpt(master) != 0 || unlockpt(master) != 0) return 400 + errno;
  int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
  if (slave < 0) return 500 + errno;
  char c = 'x';
  int rc = ok_or_errno(ioctl(slave, TIOCSTI, &c));
  close(slave);
  close(master);
  return rc;
}

int trusted_xattr() { return set_xattr("trusted.vx"); }

int security_xattr() { return set_xattr("security.vx"); }

int unshare_mount_ns() { return ok_or_errno(unshare(CLONE_NEWNS)); }

int unshare_net_ns() { return ok_or_errno(unshare(CLONE_NEWNET)); }

int setns_mount_ns() {
  int fd = open("/proc/self/ns/mnt", O_RDONLY);
  if (fd < 0) return 300 + errno;
  int rc = ok_or_errno(setns(fd, CLONE_NEWNS));
  close(fd);
  return rc;
}

// A loop ioctl that needs CAP_SYS_ADMIN on a read-only descriptor; the
// device is unbound, so an allowed call ends in ENXIO.
int loop_set_capacity() {
  int fd = open("/dev/loop0", O_RDONLY);
  if (fd < 0) return 300 + errno;
  int rc = ok_or_errno(ioctl(fd, LOOP_SET_CAPACITY, 0));
  close(fd);
  return rc;
}

int user_ns() { return ok_or_errno(unshare(CLONE_NEWUSER)); }

// What mainline allows root of a new user namespace: a network namespace.
int user_ns_then_net_ns() {
  if (unshare(CLONE_NEWUSER) != 0) return 100 + errno;
  return unshare_net_ns();
}

// A user namespace of its own must not open the host's resources: its
// root tries the host's clock and a block device node.
int user_ns_then_host_ops() {
  if (unshare(CLONE_NEWUSER) != 0) return 100 + errno;
  if (set_clock() == 0) return 200;
  return mknod_block();
}

int vserver_syscall() { return err_of(vsys::get_version()); }

}  // namespace vtest::ops
