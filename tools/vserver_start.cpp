// vserver NAME start: addresses on the host devices, then in a child the
// guest's mount, UTS and IPC namespaces, its fstab and root, its network
// context and context (flags, capabilities, limits, scheduler, names,
// space, the memory cgroup of a hard RSS limit), and its init.  Any failure undoes everything: the
// child reports the error on a pipe before it execs; the parent kills what the child made and
// removes the addresses.  Mounts live only in the child's namespace.
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include <fmt/core.h>

#include "common.hpp"
#include "conf_file.hpp"
#include "guest_mount.hpp"
#include "host_addr.hpp"
#include "memcg.hpp"
#include "vserver.hpp"
#include "vsys/inode.hpp"
#include "vsys/limit.hpp"
#include "vsys/names.hpp"
#include "vsys/network.hpp"
#include "vsys/sched.hpp"
#include "vsys/space.hpp"

namespace vtool {
namespace {

constexpr std::uint64_t kOwnSpaces = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC;

// Each step returns its error; the child writes it to the parent.
using Step = vsys::Result<void>;

// Set in the child once its ctx_create succeeded: only then may the
// parent kill the context of that xid (it is not another guest's).
bool g_created = false;

Step sys(int rc, const std::string& what) {
  if (rc != 0) return std::unexpected(vsys::Error(errno, what));
  return {};
}

Step void_of(const vsys::Result<vsys::xid_t>& r) {
  if (!r) return std::unexpected(r.error());
  return {};
}

// The command that becomes the guest's first process.
std::vector<std::string> init_command(const GuestConfig& c) {
  if (!c.cmd_start.empty()) return c.cmd_start;
  if (c.init_style == "plain") return {"/sbin/init"};
  return {"/etc/init.d/rc", c.runlevel_start};
}

Step network_context(const GuestConfig& c) {
  vsys::nid_t nid = *c.xid;
  std::uint64_t flags = (NXF_INIT_SET & ~c.nflags.mask) | c.nflags.value | NXF_STATE_SETUP;
  if (auto r = void_of(vsys::net_create(nid, flags)); !r) return r;
  int v4 = 0;
  for (const auto& i : c.interfaces) {
    auto a = vsys::parse_net_addr(i.cidr());
    if (!a) return std::unexpected(a.error());
    if (auto r = vsys::net_add(nid, *a); !r) return r;
    v4 += !i.ipv6;
  }
  if (v4 == 1 && !(c.nflags.mask & NXF_SINGLE_IP))
    if (auto r = vsys::set_nflags(nid, {NXF_SINGLE_IP, NXF_SINGLE_IP}); !r) return r;
  if (c.ncaps.mask)
    if (auto r = vsys::set_ncaps(nid, c.ncaps); !r) return r;
  return vsys::set_nflags(nid, {0, NXF_STATE_SETUP});
}

Step context(const GuestConfig& c) {
  vsys::xid_t xid = *c.xid;
  if (c.cflags.mask & VXF_ONE_TIME)
    return std::unexpected(vsys::Error(
        EINVAL, fmt::format("{}/flags: the state_* flags belong to the manager", c.confdir)));
  if (auto r = void_of(vsys::ctx_create(xid, VXF_INIT_SET)); !r) return r;
  g_created = true;
  if (c.cflags.mask)
    if (auto r = vsys::set_cflags(xid, c.cflags); !r) return r;
  std::uint64_t bcaps = (vsys::default_guest_bcaps() & ~c.bcaps.mask) | c.bcaps.value;
  if (auto r = vsys::set_bcaps(xid, {bcaps, ~0ULL}); !r) return r;
  if (c.ccaps.mask)
    if (auto r = vsys::set_ccaps(xid, c.ccaps); !r) return r;
  if (c.umask.mask)
    if (auto r = vsys::set_umask(xid, c.umask); !r) return r;
  if (auto r = vsys::set_vhi_name(xid, VHIN_CONTEXT, c.name); !r) return r;
  for (std::uint32_t id = 0; id < NUM_LIMITS; ++id)
    if (c.limits_given & (1U << id))
      if (auto r = vsys::set_rlimit(xid, id, c.limits[id]); !r) return r;
  for (const auto& s : c.sched)
    if (auto r = vsys::set_sched(xid, s); !r) return r;
  return {};
}

// The hard RSS or AS limit of rlimits/ (the lower; none for infinity),
// which the memory cgroup enforces, as vlimit does.
std::optional<std::uint64_t> memory_pages(const GuestConfig& c) {
  std::optional<std::uint64_t> pages;
  for (std::uint32_t id : {VLIMIT_RSS, VLIMIT_AS})
    if ((c.limits_given & (1U << id)) && c.limits[id].hard != CRLIM_KEEP &&
        c.limits[id].hard != CRLIM_INFINITY)
      pages = std::min(pages.value_or(CRLIM_INFINITY), c.limits[id].hard);
  return pages;
}

Step uts_names(const GuestConfig& c) {
  const std::pair<const char*, vhi_name_field> fields[] = {
      {"sysname", VHIN_SYSNAME}, {"nodename", VHIN_NODENAME}, {"release", VHIN_RELEASE},
      {"version", VHIN_VERSION}, {"machine", VHIN_MACHINE},   {"domainname", VHIN_DOMAINNAME}};
  for (auto [file, field] : fields) {
    auto it = c.uts.find(file);
    if (it != c.uts.end())
      if (auto r = vsys::set_vhi_name(*c.xid, field, it->second); !r) return r;
  }
  return {};
}

// Everything of the child before the exec; on success the caller execs.
Step prepare_guest(const GuestConfig& c, bool as_init) {
  std::uint64_t spaces = kOwnSpaces | (c.spaces & CLONE_NEWNET);
  // Before the host's /sys/fs/cgroup is out of sight; init and all it
  // forks stay in the group.
  if (auto pages = memory_pages(c))
    if (auto r = memcg_join(*c.xid, memcg_bytes(*pages)); !r) return r;
  if (auto r = sys(unshare(static_cast<int>(spaces)), "unshare"); !r) return r;
  if (auto r = sys(mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr),
                   "mount --make-rprivate /");
      !r)
    return r;
  if (auto r = sys(chdir(c.vdir.c_str()), c.vdir); !r) return r;
  if (auto r = sys(chroot("."), "chroot " + c.vdir); !r) return r;
  if (auto r = sys(chdir("/"), "chdir /"); !r) return r;
  if (auto r = mount_fstab(c.fstab); !r) return r;
  if (auto r = network_context(c); !r) return r;
  if (auto r = context(c); !r) return r;
  if (auto r = vsys::set_space(*c.xid, spaces | CLONE_FS); !r) return r;
  if (auto r = uts_names(c); !r) return r;
  // Clearing STATE_INIT from inside names the caller the guest's init
  // (ctx_migrate is for the host only, even in setup).
  std::uint64_t done = VXF_STATE_SETUP | (as_init ? VXF_STATE_INIT : 0);
  return vsys::set_cflags(*c.xid, {0, done});
}

[[noreturn]] void child(const GuestConfig& c, int report) {
  setsid();
  auto argv = init_command(c);
  int null = open("/dev/null", O_RDWR | O_CLOEXEC);
  Step r = prepare_guest(c, argv[0] != "/etc/init.d/rc");
  if (r) {
    dup2(null, 0);
    if (c.init_style != "sysv" || !c.cmd_start.empty()) {
      dup2(null, 1);
      dup2(null, 2);
    }
    setenv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", 1);
    r = std::unexpected(exec_command(argv));
  }
  // First byte: did this child create the context?
  std::string msg = (g_created ? "C" : "-") + r.error().message();
  (void)!write(report, msg.data(), msg.size());
  _exit(1);
}

}  // namespace

int vserver_start(const GuestRef& g, const std::vector<std::string>& args, const VserverPaths& p) {
  if (!args.empty()) return fail(kVserver, fmt::format("start: unknown argument '{}'", args[0]));
  auto c = load_config(g, p);
  if (!c) return fail(kVserver, c.error());
  if (!c->unsupported.empty())
    return fail(kVserver, fmt::format("{}: not supported by this manager yet", c->unsupported[0]));
  // Read and checked; refused rather than dropped while the kernel has
  // no disk limits.
  if (!c->dlimits.empty())
    return fail(kVserver,
                fmt::format("{}: this kernel has no disk limits (a 'disabled' file there skips it)",
                            c->dlimits[0].path));
  if (!c->xid)
    return fail(kVserver,
                fmt::format("{}/context: missing (dynamic contexts are not supported)", g.confdir));
  vsys::xid_t xid = *c->xid;
  if (vsys::vx_info(xid)) {
    std::string other = context_name(xid);
    return fail(kVserver, fmt::format("context {} is already in use{}", xid,
                                      other.empty() ? "" : " by '" + other + "'"));
  }
  if (vsys::nx_info(xid))
    return fail(kVserver, fmt::format("network context {} is already in use", xid));
  std::error_code ec;
  if (!std::filesystem::is_directory(c->vdir, ec))
    return fail(kVserver, fmt::format("{}: the guest's root is missing", c->vdir));
  // From now on a reboot of the guest is its own (vshelper restarts it).
  std::filesystem::remove(stopping_marker(p, g.confdir), ec);
  // The barrier on the root's parent keeps the guest from climbing out.
  std::string parent = std::filesystem::path(c->vdir).lexically_normal().parent_path().string();
  if (auto r = vsys::set_iattr(parent, IATTR_BARRIER, IATTR_BARRIER); !r)
    return fail(kVserver, r.error());
  if (auto r = add_host_addresses(c->interfaces); !r) return fail(kVserver, r.error());

  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return fail(kVserver, vsys::Error(errno, "pipe"));
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    child(*c, fds[1]);
  }
  close(fds[1]);
  std::string error;
  char buf[512];
  for (ssize_t n; (n = read(fds[0], buf, sizeof(buf))) > 0;) error.append(buf, n);
  close(fds[0]);
  bool created = !error.empty() && error[0] == 'C';
  if (!error.empty()) error.erase(0, 1);
  if (pid < 0) error = vsys::Error(errno, "fork").message();
  bool sysv = init_command(*c)[0] == "/etc/init.d/rc";
  if (error.empty() && sysv) {
    // The runlevel scripts start the services and end; the guest runs on.
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
      error = fmt::format("/etc/init.d/rc {} failed (status {:#x})", c->runlevel_start, status);
    created = true;
  }
  if (!error.empty()) {
    if (created) (void)vsys::ctx_kill(xid, 0, SIGKILL);
    if (pid > 0) waitpid(pid, nullptr, 0);
    if (created) wait_context_gone(xid, std::chrono::seconds(5));
    (void)memcg_remove(xid);
    (void)remove_host_addresses(c->interfaces);
    return fail(kVserver, fmt::format("{}: start failed: {}", g.arg, error));
  }
  std::filesystem::create_directories(p.rundir, ec);
  (void)write_value(p.rundir + "/" + c->name, std::to_string(xid));
  return 0;
}

}  // namespace vtool
