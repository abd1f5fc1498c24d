// The namespace sets of a context (set_space, enter_space, the masks) and
// the uts names of vhi_name that live in them.  Runs as root in QEMU.
#include <fcntl.h>
#include <sched.h>
#include <sys/ipc.h>
#include <sys/mount.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <linux/magic.h>

#include "guest.hpp"
#include "vsys/procfs.hpp"
#include "vsys/space.hpp"

using namespace vtest;

namespace {

constexpr std::uint64_t kFs = CLONE_FS, kNs = CLONE_NEWNS, kUts = CLONE_NEWUTS, kIpc = CLONE_NEWIPC,
                        kUser = CLONE_NEWUSER, kPid = CLONE_NEWPID, kNet = CLONE_NEWNET;
constexpr key_t kShmKey = 0x5ace;

std::string hostname() {
  utsname u{};
  uname(&u);
  return u.nodename;
}

// A process that creates context xid, runs setup() there (still in
// STATE_SETUP) and parks until told to go; the context lives as long as it.
class SpaceGuest {
 public:
  SpaceGuest(vsys::xid_t xid, std::uint64_t flags, const std::function<int()>& setup) {
    int up[2], down[2];
    if (pipe(up) != 0 || pipe(down) != 0) std::abort();
    pid_ = fork();
    if (pid_ == 0) {
      close(up[0]);
      close(down[1]);
      int rc = vsys::ctx_create(xid, flags) ? setup() : 100;
      if (write(up[1], &rc, sizeof(rc)) != sizeof(rc) || rc) _exit(1);
      char c;
      (void)!read(down[0], &c, 1);
      _exit(0);
    }
    close(up[1]);
    close(down[0]);
    go_ = down[1];
    if (read(up[0], &rc_, sizeof(rc_)) != sizeof(rc_)) rc_ = 99;
    close(up[0]);
  }
  ~SpaceGuest() { stop(); }
  int setup_rc() const { return rc_; }
  pid_t pid() const { return pid_; }
  // Lets the process exit and reaps it.
  void stop() {
    if (go_ < 0) return;
    close(go_);
    go_ = -1;
    waitpid(pid_, nullptr, 0);
  }

 private:
  pid_t pid_ = -1;
  int go_ = -1;
  int rc_ = 0;
};

// New mount, UTS and IPC namespaces with a hostname, a tmpfs on dir, a
// file on it and a SysV shared memory segment; stored as set 0.
int make_guest_world(vsys::xid_t xid, const std::string& dir, const std::string& name) {
  if (unshare(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC) != 0) return 101;
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) return 102;
  if (mount("none", dir.c_str(), "tmpfs", 0, nullptr) != 0) return 103;
  int fd = open((dir + "/inside").c_str(), O_CREAT | O_WRONLY, 0600);
  if (fd < 0) return 104;
  close(fd);
  if (sethostname(name.data(), name.size()) != 0) return 105;
  if (shmget(kShmKey, 4096, IPC_CREAT | 0600) < 0) return 106;
  if (chdir(dir.c_str()) != 0) return 107;
  return err_of(vsys::set_space(xid, kNs | kUts | kIpc | kFs)) ? 108 : 0;
}

std::string make_dir(const char* name) {
  std::string d = std::string("/tmp/") + name;
  mkdir(d.c_str(), 0755);
  return d;
}

// dir has a filesystem mounted on it (another device than its parent).
bool is_tmpfs(const std::string& path) {
  struct statfs s {};
  struct stat here {
  }, up{};
  return statfs(path.c_str(), &s) == 0 && s.f_type == TMPFS_MAGIC &&
         stat(path.c_str(), &here) == 0 && stat((path + "/..").c_str(), &up) == 0 &&
         here.st_dev != up.st_dev;
}

// How many namespaces of a kind exist for uid 0 (the ucounts that
// /proc/sys/user/max_<kind>_namespaces bounds): the smallest limit that
// still lets a child unshare one more, minus one; -1 if unknown.
int count_namespaces(const std::string& kind, int flag) {
  const std::string knob = "/proc/sys/user/max_" + kind + "_namespaces";
  std::string old = slurp(knob);
  if (old.empty()) return -1;
  auto set = [&](const std::string& v) {
    int fd = open(knob.c_str(), O_WRONLY);
    if (fd < 0) return false;
    bool ok = write(fd, v.data(), v.size()) == static_cast<ssize_t>(v.size());
    close(fd);
    return ok;
  };
  int found = -1;
  for (int limit = 1; limit <= 256 && found < 0; ++limit) {
    if (!set(std::to_string(limit))) break;
    if (in_child([&] { return unshare(flag) == 0 ? 0 : 1; }) == 0) found = limit - 1;
  }
  set(old);
  return found;
}

}  // namespace

TEST(SpaceTest, MasksAndVciBit) {
  auto mask = vsys::get_space_mask();
  ASSERT_TRUE(mask.has_value());
  // util-vserver's ctx_create unshares the reported kinds (but mount and
  // fs): user, network and pid namespaces are left out (docs/spaces.md).
  EXPECT_EQ(*mask, kFs | kNs | kUts | kIpc);
  EXPECT_EQ(vsys::get_space_mask_v0().value_or(0), kFs | kNs | kUts | kIpc);
  EXPECT_EQ(vsys::get_space_default().value_or(0), kFs | kNs | kUts | kIpc);
  auto vci = vsys::get_vci();
  ASSERT_TRUE(vci.has_value());
  EXPECT_TRUE(*vci & (1u << VCI_KCBIT_SPACES));
}

// set_space from inside the guest in setup, enter_space from a host
// process: it sees the guest's hostname, tmpfs mount, directory and
// shared memory; the host sees none of them.
TEST(SpaceTest, SetThenEnterSeesTheGuestsNamespaces) {
  const std::string dir = make_dir("space-enter");
  SpaceGuest g(2400, VXF_INIT_SET, [&] { return make_guest_world(2400, dir, "guest-2400"); });
  ASSERT_EQ(g.setup_rc(), 0);
  EXPECT_NE(hostname(), "guest-2400");
  EXPECT_FALSE(is_tmpfs(dir));
  EXPECT_LT(shmget(kShmKey, 0, 0), 0);
  EXPECT_NE(vsys::get_vhi_name(2400, VHIN_NODENAME).value_or(""), "");
  int rc = in_child([&] {
    if (!vsys::enter_space(2400, 0)) return 1;
    if (hostname() != "guest-2400") return 2;
    if (!is_tmpfs(dir)) return 3;
    char cwd[256] = {};
    if (!getcwd(cwd, sizeof(cwd)) || dir != cwd) return 4;
    if (access("inside", F_OK) != 0) return 5;
    if (shmget(kShmKey, 0, 0) < 0) return 6;
    return 0;
  });
  EXPECT_EQ(rc, 0);
  // Only the UTS namespace: the mounts stay the host's.
  rc = in_child([&] {
    if (!vsys::enter_space(2400, kUts)) return 1;
    if (hostname() != "guest-2400") return 2;
    if (is_tmpfs(dir)) return 3;
    return shmget(kShmKey, 0, 0) < 0 ? 0 : 4;
  });
  EXPECT_EQ(rc, 0);
  // The v1 command (set 0, mask only) and v0 (no data: everything).
  rc = in_child([&] {
    vcmd_space_mask_v1 v1{kIpc};
    if (raw_vserver(VCMD_enter_space_v1, 2400, &v1) != 0) return 1;
    if (shmget(kShmKey, 0, 0) < 0) return 2;
    if (raw_vserver(VCMD_enter_space_v0, 2400, nullptr) != 0) return 3;
    return hostname() == "guest-2400" ? 0 : 4;
  });
  EXPECT_EQ(rc, 0);
  EXPECT_NE(hostname(), "guest-2400");
}

// Set 1 is separate from set 0; a kind not stored there cannot be entered.
TEST(SpaceTest, SecondSetAndUnstoredKinds) {
  SpaceGuest g(2401, VXF_INIT_SET, [] {
    if (unshare(CLONE_NEWUTS) != 0) return 101;
    if (sethostname("set-one", 7) != 0) return 102;
    return err_of(vsys::set_space(2401, kUts, 1)) ? 103 : 0;
  });
  ASSERT_EQ(g.setup_rc(), 0);
  EXPECT_EQ(err_of(vsys::enter_space(2401, kUts, 0)), EINVAL) << "set 0 is empty";
  EXPECT_EQ(err_of(vsys::get_vhi_name(2401, VHIN_NODENAME)), EINVAL) << "uts names are set 0's";
  EXPECT_EQ(in_child([] {
              if (err_of(vsys::enter_space(2401, kUts | kIpc, 1)) != EINVAL) return 1;
              if (!vsys::enter_space(2401, kUts, 1)) return 2;
              return hostname() == "set-one" ? 0 : 3;
            }),
            0);
  auto status = slurp("/proc/virtual/2401/status");
  EXPECT_NE(status.find("Spaces:\t00000000 04000000\n"), std::string::npos) << status;
}

// A set 0 holding the host's own UTS namespace (set_space without an
// unshare first) does not rename the host through set_vhi_name.
TEST(SpaceTest, HostUtsNamespaceIsNotRenamedThroughAContext) {
  SpaceGuest g(2404, VXF_INIT_SET, [] { return err_of(vsys::set_space(2404, kUts)) ? 101 : 0; });
  ASSERT_EQ(g.setup_rc(), 0);
  std::string before = hostname();
  EXPECT_EQ(err_of(vsys::set_vhi_name(2404, VHIN_NODENAME, "renamed-host")), EPERM);
  EXPECT_EQ(hostname(), before);
  EXPECT_EQ(vsys::get_vhi_name(2404, VHIN_NODENAME).value_or(""), before);
  // Control: a context with a UTS namespace of its own is renamed.
  SpaceGuest own(2405, VXF_INIT_SET, [] {
    if (unshare(CLONE_NEWUTS) != 0) return 101;
    return err_of(vsys::set_space(2405, kUts)) ? 102 : 0;
  });
  ASSERT_EQ(own.setup_rc(), 0);
  EXPECT_EQ(err_of(vsys::set_vhi_name(2405, VHIN_NODENAME, "own-2405")), 0);
  EXPECT_EQ(vsys::get_vhi_name(2405, VHIN_NODENAME).value_or(""), "own-2405");
  EXPECT_EQ(hostname(), before);
}

// Kinds get_space_mask leaves out are still stored and entered when named.
TEST(SpaceTest, UnreportedKindsAreTakenByName) {
  SpaceGuest g(2403, VXF_INIT_SET, [] {
    if (unshare(CLONE_NEWNET) != 0) return 101;
    return err_of(vsys::set_space(2403, kNet | kPid | kUser)) ? 102 : 0;
  });
  ASSERT_EQ(g.setup_rc(), 0);
  auto status = slurp("/proc/virtual/2403/status");
  EXPECT_NE(status.find("Spaces:\t70000000 00000000\n"), std::string::npos) << status;
  auto ns_of = [] {
    char buf[64] = {};
    return readlink("/proc/self/ns/net", buf, sizeof(buf) - 1) > 0 ? std::string(buf) : "";
  };
  std::string host = ns_of();
  EXPECT_EQ(in_child([&] {
              if (!vsys::enter_space(2403, kNet)) return 1;
              std::string ns = ns_of();
              return !ns.empty() && ns != host ? 0 : 2;
            }),
            0);
}

TEST(SpaceTest, BadMasksAndIndicesAreEinval) {
  Guest g(2402);
  ASSERT_EQ(g.create_errno(), 0);
  EXPECT_EQ(err_of(vsys::set_space(2402, CLONE_NEWCGROUP)), EINVAL);
  EXPECT_EQ(err_of(vsys::set_space(2402, CLONE_VM | kUts)), EINVAL);
  EXPECT_EQ(err_of(vsys::set_space(2402, kUts, VX_SPACES)), EINVAL);
  EXPECT_EQ(err_of(vsys::enter_space(2402, kUts, VX_SPACES)), EINVAL);
  EXPECT_EQ(err_of(vsys::enter_space(2402, kUts)), EINVAL) << "nothing stored";
  vcmd_space_mask_v1 v1{CLONE_NEWTIME};
  errno = 0;
  EXPECT_EQ(raw_vserver(VCMD_set_space_v1, 2402, &v1), -1);
  EXPECT_EQ(errno, EINVAL);
  // set_space_v0 was never dispatched.
  errno = 0;
  EXPECT_EQ(raw_vserver(VC_CMD(PROCALT, 3, 0), 2402, &v1), -1);
  EXPECT_EQ(errno, ENOSYS);
}

TEST(SpaceTest, UnknownXidIsEsrch) {
  EXPECT_EQ(err_of(vsys::set_space(2403, kUts)), ESRCH);
  EXPECT_EQ(err_of(vsys::enter_space(2403, kUts)), ESRCH);
  EXPECT_EQ(err_of(vsys::set_space(0, kUts)), ESRCH);
  EXPECT_EQ(err_of(vsys::enter_space(1, kUts)), ESRCH);
}

TEST(SpaceTest, PermissionRules) {
  SpaceGuest g(2404, VXF_INIT_SET, [] {
    if (unshare(CLONE_NEWUTS) != 0) return 101;
    return err_of(vsys::set_space(2404, kUts)) ? 102 : 0;
  });
  ASSERT_EQ(g.setup_rc(), 0);
  // enter_space is for the host only; set_space from another guest only
  // while that guest is in setup.
  EXPECT_EQ(in_child([] {
              if (!vsys::ctx_create(2405, VXF_INIT_SET)) return 100;
              if (err_of(vsys::enter_space(2404, kUts)) != EPERM) return 1;
              if (!vsys::set_cflags(2405, {0, VXF_STATE_SETUP})) return 101;
              return err_of(vsys::set_space(2404, kUts));
            }),
            EPERM);
  // Nobody enters a private context.
  ASSERT_TRUE(vsys::set_cflags(2404, {VXF_INFO_PRIVATE, VXF_INFO_PRIVATE}));
  EXPECT_EQ(in_child([] { return err_of(vsys::enter_space(2404, kUts)); }), EACCES);
  // A context that left STATE_ADMIN is no one's to change or enter.
  ASSERT_TRUE(vsys::set_cflags(2404, {0, VXF_INFO_PRIVATE | VXF_STATE_ADMIN}));
  EXPECT_EQ(err_of(vsys::set_space(2404, kUts)), EACCES);
  EXPECT_EQ(in_child([] { return err_of(vsys::enter_space(2404, kUts)); }), EACCES);
  EXPECT_EQ(err_of(vsys::get_space_mask()), 0) << "no context needed";
}

// The uts names of vhi_name are those of the UTS namespace in set 0: what
// the host sets is what uname() shows inside, and the host's own stays.
TEST(SpaceTest, VhiNameWritesTheGuestsUtsNamespace) {
  const std::string host = hostname();
  Guest plain(2406);
  ASSERT_EQ(plain.create_errno(), 0);
  EXPECT_EQ(err_of(vsys::set_vhi_name(2406, VHIN_NODENAME, "nope")), EINVAL) << "no UTS space";
  SpaceGuest g(2407, VXF_INIT_SET, [] {
    if (unshare(CLONE_NEWUTS) != 0) return 101;
    return err_of(vsys::set_space(2407, kUts)) ? 102 : 0;
  });
  ASSERT_EQ(g.setup_rc(), 0);
  EXPECT_EQ(vsys::get_vhi_name(2407, VHIN_NODENAME).value_or("?"), host) << "a copy of the host's";
  ASSERT_TRUE(vsys::set_vhi_name(2407, VHIN_NODENAME, "vhi-node"));
  ASSERT_TRUE(vsys::set_vhi_name(2407, VHIN_DOMAINNAME, "vhi.example"));
  ASSERT_TRUE(vsys::set_vhi_name(2407, VHIN_RELEASE, "2.6.99-vs"));
  ASSERT_TRUE(vsys::set_vhi_name(2407, VHIN_MACHINE, "vax"));
  ASSERT_TRUE(vsys::set_vhi_name(2407, VHIN_CONTEXT, "ctx-name"));
  EXPECT_EQ(vsys::get_vhi_name(2407, VHIN_NODENAME).value_or("?"), "vhi-node");
  EXPECT_EQ(vsys::get_vhi_name(2407, VHIN_CONTEXT).value_or("?"), "ctx-name");
  EXPECT_EQ(err_of(vsys::set_vhi_name(2407, static_cast<vhi_name_field>(7), "x")), EINVAL);
  int rc = in_child([] {
    if (!vsys::enter_space(2407, kUts)) return 1;
    utsname u{};
    if (uname(&u) != 0) return 2;
    if (std::string(u.nodename) != "vhi-node") return 3;
    if (std::string(u.domainname) != "vhi.example") return 4;
    if (std::string(u.release) != "2.6.99-vs") return 5;
    if (std::string(u.machine) != "vax") return 6;
    // sethostname inside shows through get_vhi_name.
    if (sethostname("from-inside", 11) != 0) return 7;
    return 0;
  });
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(vsys::get_vhi_name(2407, VHIN_NODENAME).value_or("?"), "from-inside");
  utsname u{};
  ASSERT_EQ(uname(&u), 0);
  EXPECT_EQ(std::string(u.nodename), host);
  EXPECT_NE(std::string(u.release), "2.6.99-vs");
}

// The context holds its namespaces while it lives, even without tasks, and
// lets them go when it dies: the number of UTS, mount and IPC namespaces
// drops by one each then.
TEST(SpaceTest, ContextDeathReleasesTheNamespaces) {
  const std::string dir = make_dir("space-release");
  const int uts0 = count_namespaces("uts", CLONE_NEWUTS);
  const int mnt0 = count_namespaces("mnt", CLONE_NEWNS);
  const int ipc0 = count_namespaces("ipc", CLONE_NEWIPC);
  ASSERT_GE(uts0, 0) << "no /proc/sys/user/max_uts_namespaces";
  ASSERT_GE(mnt0, 0);
  ASSERT_GE(ipc0, 0);
  SpaceGuest g(2408, VXF_INIT_SET | VXF_PERSISTENT,
               [&] { return make_guest_world(2408, dir, "guest-2408"); });
  ASSERT_EQ(g.setup_rc(), 0);
  g.stop();
  EXPECT_EQ(vsys::ctx_stat(2408).value_or(vsys::CtxStat{0, 99}).tasks, 0u);
  // No task is left in them: the context keeps them.
  EXPECT_EQ(count_namespaces("uts", CLONE_NEWUTS), uts0 + 1);
  EXPECT_EQ(count_namespaces("mnt", CLONE_NEWNS), mnt0 + 1);
  EXPECT_EQ(count_namespaces("ipc", CLONE_NEWIPC), ipc0 + 1);
  EXPECT_EQ(in_child([&] {
              if (!vsys::enter_space(2408, 0)) return 1;
              if (hostname() != "guest-2408") return 2;
              return access("inside", F_OK) == 0 ? 0 : 3;
            }),
            0);
  ASSERT_TRUE(vsys::set_cflags(2408, {0, VXF_PERSISTENT}));
  EXPECT_TRUE(wait_gone(2408));
  EXPECT_EQ(count_namespaces("uts", CLONE_NEWUTS), uts0) << "the dead context leaks its UTS ns";
  EXPECT_EQ(count_namespaces("mnt", CLONE_NEWNS), mnt0) << "the dead context leaks its mount ns";
  EXPECT_EQ(count_namespaces("ipc", CLONE_NEWIPC), ipc0) << "the dead context leaks its IPC ns";
  // A set_space after death finds no context.
  EXPECT_EQ(err_of(vsys::set_space(2408, kUts)), ESRCH);
}

namespace {

// The numbers of a "#name:" line of /proc/virtual/status.
std::vector<long> status_numbers(const std::string& name) {
  return vsys::parse_status_row(slurp("/proc/virtual/status"), name);
}

}  // namespace

// /proc/virtual/<xid>/nsproxy shows what set 0 holds (the namespaces by
// the inode numbers /proc/<pid>/ns shows, the uts names), nsproxy1 set 1,
// and /proc/virtual/status counts the sets of every context.
TEST(SpaceTest, ProcShowsTheSetsAndTheirCounts) {
  const std::string dir = make_dir("space-proc");
  const auto before = status_numbers("NSProxy");
  ASSERT_EQ(before.size(), 8u) << slurp("/proc/virtual/status");
  ASSERT_EQ(status_numbers("InitTask").size(), 3u);
  SpaceGuest g(2409, VXF_INIT_SET | VXF_PERSISTENT,
               [&] { return make_guest_world(2409, dir, "guest-2409"); });
  ASSERT_EQ(g.setup_rc(), 0);
  struct stat uts {};
  ASSERT_EQ(stat(("/proc/" + std::to_string(g.pid()) + "/ns/uts").c_str(), &uts), 0);
  const std::string set0 = slurp("/proc/virtual/2409/nsproxy");
  EXPECT_NE(set0.find("Space:\t0\nMask:\t0c020200\n"), std::string::npos) << set0;
  EXPECT_NE(set0.find("UTS:\t" + std::to_string(uts.st_ino) + "\n"), std::string::npos) << set0;
  EXPECT_NE(set0.find("Net:\t-\n"), std::string::npos) << set0;
  EXPECT_NE(set0.find("NodeName:\tguest-2409\n"), std::string::npos) << set0;
  EXPECT_NE(set0.find("Root:\t/\n"), std::string::npos) << set0;
  EXPECT_NE(set0.find("SHM:\t"), std::string::npos) << set0;
  const std::string set1 = slurp("/proc/virtual/2409/nsproxy1");
  EXPECT_NE(set1.find("Space:\t1\nMask:\t00000000\n"), std::string::npos) << set1;
  EXPECT_EQ(set1.find("NodeName:"), std::string::npos) << set1;
  const auto during = status_numbers("NSProxy");
  ASSERT_EQ(during.size(), 8u);
  EXPECT_EQ(during[0], before[0] + 1) << "sets";
  EXPECT_EQ(during[1], before[1] + 1) << "fs";
  EXPECT_EQ(during[3], before[3] + 1) << "uts";
  EXPECT_EQ(during[7], before[7]) << "net";
  g.stop();
  ASSERT_TRUE(vsys::set_cflags(2409, {0, VXF_PERSISTENT}));
  EXPECT_TRUE(wait_gone(2409));
  errno = 0;
  EXPECT_LT(open("/proc/virtual/2409/nsproxy", O_RDONLY), 0);
  EXPECT_EQ(errno, ENOENT);
  EXPECT_EQ(status_numbers("NSProxy"), before);
}
