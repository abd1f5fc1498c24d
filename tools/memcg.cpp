#include "memcg.hpp"

#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <fstream>
#include <linux/magic.h>

#include <fmt/core.h>

#include "vsys/limit.hpp"
#include "vsys/procfs.hpp"

namespace vtool {
namespace {

constexpr const char* kRoot = "/sys/fs/cgroup";

vsys::Result<void> write_file(const std::string& path, const std::string& value) {
  std::ofstream out(path);
  if (out) out << value << std::flush;
  if (!out) return vsys::last_error(fmt::format("write {} to {}", value, path));
  return {};
}

vsys::Result<void> make_dir(const std::string& path) {
  if (mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) return vsys::last_error("mkdir " + path);
  return {};
}

// cgroup2 on /sys/fs/cgroup, mounted here when nothing is.
vsys::Result<void> ensure_mounted() {
  struct statfs fs {};
  if (statfs(kRoot, &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC) return {};
  if ((mkdir(kRoot, 0755) != 0 && errno != EEXIST) ||
      mount("cgroup2", kRoot, "cgroup2", 0, nullptr) != 0)
    return vsys::last_error(fmt::format("mount cgroup2 on {}", kRoot));
  return {};
}

// The group of xid with its memory.max, made with what it needs.
vsys::Result<void> make_group(vsys::xid_t xid, std::uint64_t bytes) {
  std::string parent = fmt::format("{}/vserver", kRoot), dir = memcg_dir(xid);
  if (auto r = ensure_mounted(); !r) return r;
  if (auto r = write_file(fmt::format("{}/cgroup.subtree_control", kRoot), "+memory"); !r) return r;
  if (auto r = make_dir(parent); !r) return r;
  if (auto r = write_file(parent + "/cgroup.subtree_control", "+memory"); !r) return r;
  if (auto r = make_dir(dir); !r) return r;
  std::string max = bytes == UINT64_MAX ? "max" : std::to_string(bytes);
  return write_file(dir + "/memory.max", max);
}

}  // namespace

std::string memcg_dir(vsys::xid_t xid) { return fmt::format("{}/vserver/{}", kRoot, xid); }

vsys::Result<void> memcg_limit(vsys::xid_t xid, std::uint64_t bytes) {
  if (auto r = make_group(xid, bytes); !r) return r;
  std::string dir = memcg_dir(xid);
  for (pid_t pid : vsys::list_pids()) {
    auto x = vsys::task_xid(pid);
    if (!x || *x != xid) continue;
    auto r = write_file(dir + "/cgroup.procs", std::to_string(pid));
    if (!r && r.error().code() != ESRCH) return r;  // a task that exited meanwhile
  }
  return {};
}

vsys::Result<void> memcg_join(vsys::xid_t xid, std::uint64_t bytes) {
  if (auto r = make_group(xid, bytes); !r) return r;
  return write_file(memcg_dir(xid) + "/cgroup.procs", "0");
}

vsys::Result<void> memcg_enter(vsys::xid_t xid) {
  std::string procs = memcg_dir(xid) + "/cgroup.procs";
  if (access(procs.c_str(), F_OK) != 0) return {};
  return write_file(procs, "0");
}

vsys::Result<void> memcg_remove(vsys::xid_t xid) {
  std::string dir = memcg_dir(xid);
  // EBUSY while the last task's exit is still being accounted: 1 s.
  for (int tries = 0; rmdir(dir.c_str()) != 0; ++tries) {
    if (errno == ENOENT) return {};
    if (errno != EBUSY || tries == 100) return vsys::last_error("rmdir " + dir);
    usleep(10000);
  }
  return {};
}

std::uint64_t memcg_bytes(std::uint64_t pages) {
  const auto page = static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
  if (pages == CRLIM_INFINITY || pages > UINT64_MAX / page) return UINT64_MAX;
  return pages * page;
}

}  // namespace vtool
