// The memory cgroup that enforces a context's RSS limit: vlimit puts
// the context's tasks in /sys/fs/cgroup/vserver/<xid> with memory.max.
#pragma once

#include <cstdint>
#include <string>

#include "vsys/context.hpp"
#include "vsys/error.hpp"

namespace vtool {

// Where the group of a context lives.
std::string memcg_dir(vsys::xid_t xid);

// Mounts cgroup2 on /sys/fs/cgroup if nothing is there, makes
// vserver/<xid> with the memory controller, sets memory.max to bytes
// ("max" for UINT64_MAX) and moves every task of xid into it (tasks it
// forks later stay there).
vsys::Result<void> memcg_limit(vsys::xid_t xid, std::uint64_t bytes);

}  // namespace vtool
