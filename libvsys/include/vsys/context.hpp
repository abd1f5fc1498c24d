// libvsys: typed calls of the context commands of vserver(2).
//
// One function per kernel command.  Ids are xids (0 host, 1 spectator,
// 2..65535 guests); a pid of 0 means the caller.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

#include <linux/vserver/context.h>

#include "vsys/error.hpp"

namespace vsys {

using xid_t = std::uint32_t;

struct VxInfo {
  xid_t xid;
  pid_t initpid;
};

struct CtxStat {
  std::uint32_t usecnt;
  std::uint32_t tasks;
};

// What the context's own view of the machine is made of (virt_stat).
struct VirtStat {
  std::uint64_t offset_ns;  // host CLOCK_BOOTTIME at the context's creation
  std::uint64_t uptime_ns;  // time since the context's creation
  std::uint32_t nr_threads;
  std::uint32_t nr_running;
  std::uint32_t nr_uninterruptible;
  std::uint32_t nr_onhold;
  std::uint32_t nr_forks;
  std::uint32_t load[3];  // 1, 5, 15 minutes, 11 fractional bits (VIRT_LOAD)
};

struct FlagWord {
  std::uint64_t value;
  std::uint64_t mask;
};

struct ExitInfo {
  int reboot_cmd;
  int exit_code;
};

Result<std::uint32_t> get_version();
Result<std::uint32_t> get_vci();
Result<xid_t> task_xid(pid_t pid = 0);
// Filesystem tag of a task (0 for the caller); 0 until files carry tags.
Result<std::uint32_t> task_tag(pid_t pid = 0);
Result<VxInfo> vx_info(xid_t xid);
Result<CtxStat> ctx_stat(xid_t xid);
Result<VirtStat> virt_stat(xid_t xid);
// Without flags the v0 command is used (default flags VXF_INIT_SET).
// The caller moves into the new context.
Result<xid_t> ctx_create(xid_t xid, std::optional<std::uint64_t> flags = {});
// Without flags the v0 command is used; flags are VXM_SET_INIT/REAPER.
Result<void> ctx_migrate(xid_t xid, std::optional<std::uint64_t> flags = {});
Result<void> ctx_kill(xid_t xid, pid_t pid, int sig);
Result<ExitInfo> wait_exit(xid_t xid);
Result<FlagWord> get_cflags(xid_t xid);
Result<void> set_cflags(xid_t xid, FlagWord flags);
// Bounding capabilities (bit 63: CAP_CONTEXT), context capabilities
// (VXC_*) and unshare mask (CLONE_NEW*): mask-merged words.
Result<FlagWord> get_bcaps(xid_t xid);
Result<void> set_bcaps(xid_t xid, FlagWord bcaps);
Result<FlagWord> get_ccaps(xid_t xid);
Result<void> set_ccaps(xid_t xid, FlagWord ccaps);
Result<FlagWord> get_umask(xid_t xid);
Result<void> set_umask(xid_t xid, FlagWord umask);
Result<std::string> get_vhi_name(xid_t xid, vhi_name_field field);
Result<void> set_vhi_name(xid_t xid, vhi_name_field field, const std::string& name);

}  // namespace vsys
