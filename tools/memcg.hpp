// The memory cgroup that enforces a context's RSS limit: vlimit and
// vserver start put the context's tasks in /sys/fs/cgroup/vserver/<xid>
// with memory.max; vserver exec and enter join it; stop removes it.
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

// Makes the group of xid with memory.max as memcg_limit does and moves
// the caller into it (its children stay there).
vsys::Result<void> memcg_join(vsys::xid_t xid, std::uint64_t bytes);

// Moves the caller into the group of xid if there is one (a task that
// enters a running guest); nothing when there is none.
vsys::Result<void> memcg_enter(vsys::xid_t xid);

// Removes the group of xid once its tasks are gone; nothing when there
// is none.
vsys::Result<void> memcg_remove(vsys::xid_t xid);

// memory.max for a limit of pages (CRLIM_INFINITY, or more bytes than a
// 64-bit number holds: UINT64_MAX, "max").
std::uint64_t memcg_bytes(std::uint64_t pages);

}  // namespace vtool
