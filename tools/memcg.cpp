#include "memcg.hpp"

#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include <cerrno>
#include <cstdint>
#include <fstream>
#include <linux/magic.h>

#include <fmt/core.h>

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

}  // namespace

std::string memcg_dir(vsys::xid_t xid) { return fmt::format("{}/vserver/{}", kRoot, xid); }

vsys::Result<void> memcg_limit(vsys::xid_t xid, std::uint64_t bytes) {
  std::string parent = fmt::format("{}/vserver", kRoot), dir = memcg_dir(xid);
  if (auto r = ensure_mounted(); !r) return r;
  if (auto r = write_file(fmt::format("{}/cgroup.subtree_control", kRoot), "+memory"); !r) return r;
  if (auto r = make_dir(parent); !r) return r;
  if (auto r = write_file(parent + "/cgroup.subtree_control", "+memory"); !r) return r;
  if (auto r = make_dir(dir); !r) return r;
  std::string max = bytes == UINT64_MAX ? "max" : std::to_string(bytes);
  if (auto r = write_file(dir + "/memory.max", max); !r) return r;
  for (pid_t pid : vsys::list_pids()) {
    auto x = vsys::task_xid(pid);
    if (!x || *x != xid) continue;
    auto r = write_file(dir + "/cgroup.procs", std::to_string(pid));
    if (!r && r.error().code() != ESRCH) return r;  // a task that exited meanwhile
  }
  return {};
}

}  // namespace vtool
