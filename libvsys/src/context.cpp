#include "vsys/context.hpp"

#include <cerrno>
#include <cstring>

#include <fmt/core.h>

#include "call.hpp"

namespace vsys {

using detail::call;
using detail::call_void;

Result<std::uint32_t> get_version() {
  return map(call(VCMD_get_version, 0, nullptr, "get_version"),
             [](long v) { return static_cast<std::uint32_t>(v); });
}

Result<std::uint32_t> get_vci() {
  return map(call(VCMD_get_vci, 0, nullptr, "get_vci"),
             [](long v) { return static_cast<std::uint32_t>(v); });
}

Result<xid_t> task_xid(pid_t pid) {
  return map(call(VCMD_task_xid, static_cast<std::uint32_t>(pid), nullptr, "task_xid"),
             [](long v) { return static_cast<xid_t>(v); });
}

Result<std::uint32_t> task_tag(pid_t pid) {
  return map(call(VCMD_task_tag, static_cast<std::uint32_t>(pid), nullptr, "task_tag"),
             [](long v) { return static_cast<std::uint32_t>(v); });
}

Result<VxInfo> vx_info(xid_t xid) {
  vcmd_vx_info_v0 vc{};
  return map(call(VCMD_vx_info, xid, &vc, "vx_info"), [&](long) {
    return VxInfo{vc.xid, static_cast<pid_t>(vc.initpid)};
  });
}

Result<CtxStat> ctx_stat(xid_t xid) {
  vcmd_ctx_stat_v0 vc{};
  return map(call(VCMD_ctx_stat, xid, &vc, "ctx_stat"), [&](long) {
    return CtxStat{vc.usecnt, vc.tasks};
  });
}

Result<VirtStat> virt_stat(xid_t xid) {
  vcmd_virt_stat_v0 vc{};
  return map(call(VCMD_virt_stat, xid, &vc, "virt_stat"), [&](long) {
    return VirtStat{vc.offset,
                    vc.uptime,
                    vc.nr_threads,
                    vc.nr_running,
                    vc.nr_uninterruptible,
                    vc.nr_onhold,
                    vc.nr_forks,
                    {vc.load[0], vc.load[1], vc.load[2]}};
  });
}

Result<xid_t> ctx_create(xid_t xid, std::optional<std::uint64_t> flags) {
  vcmd_ctx_create vc{flags.value_or(0)};
  auto r = flags ? call(VCMD_ctx_create, xid, &vc, "ctx_create")
                 : call(VCMD_ctx_create_v0, xid, nullptr, "ctx_create");
  return map(r, [](long v) { return static_cast<xid_t>(v); });
}

Result<void> ctx_migrate(xid_t xid, std::optional<std::uint64_t> flags) {
  vcmd_ctx_migrate vc{flags.value_or(0)};
  return flags ? call_void(VCMD_ctx_migrate, xid, &vc, "ctx_migrate")
               : call_void(VCMD_ctx_migrate_v0, xid, nullptr, "ctx_migrate");
}

Result<void> ctx_kill(xid_t xid, pid_t pid, int sig) {
  vcmd_ctx_kill_v0 vc{pid, sig};
  return call_void(VCMD_ctx_kill, xid, &vc, "ctx_kill");
}

Result<ExitInfo> wait_exit(xid_t xid) {
  vcmd_wait_exit_v0 vc{};
  return map(call(VCMD_wait_exit, xid, &vc, "wait_exit"), [&](long) {
    return ExitInfo{vc.reboot_cmd, vc.exit_code};
  });
}

Result<FlagWord> get_cflags(xid_t xid) {
  vcmd_ctx_flags_v0 vc{};
  return map(call(VCMD_get_cflags, xid, &vc, "get_cflags"), [&](long) {
    return FlagWord{vc.flagword, vc.mask};
  });
}

Result<void> set_cflags(xid_t xid, FlagWord flags) {
  vcmd_ctx_flags_v0 vc{flags.value, flags.mask};
  return call_void(VCMD_set_cflags, xid, &vc, "set_cflags");
}

namespace {

// bcaps, ccaps and umask all travel as { __u64 value; __u64 mask; }.
static_assert(sizeof(vcmd_bcaps) == 16 && sizeof(vcmd_ctx_caps_v1) == 16 &&
              sizeof(vcmd_umask) == 16);

Result<FlagWord> get_word(std::uint32_t cmd, xid_t xid, const char* name) {
  std::uint64_t vc[2] = {0, 0};
  return map(call(cmd, xid, vc, name), [&](long) { return FlagWord{vc[0], vc[1]}; });
}

Result<void> set_word(std::uint32_t cmd, xid_t xid, FlagWord w, const char* name) {
  std::uint64_t vc[2] = {w.value, w.mask};
  return call_void(cmd, xid, vc, name);
}

}  // namespace

Result<FlagWord> get_bcaps(xid_t xid) { return get_word(VCMD_get_bcaps, xid, "get_bcaps"); }
Result<void> set_bcaps(xid_t xid, FlagWord w) {
  return set_word(VCMD_set_bcaps, xid, w, "set_bcaps");
}
Result<FlagWord> get_ccaps(xid_t xid) { return get_word(VCMD_get_ccaps, xid, "get_ccaps"); }
Result<void> set_ccaps(xid_t xid, FlagWord w) {
  return set_word(VCMD_set_ccaps, xid, w, "set_ccaps");
}
Result<FlagWord> get_umask(xid_t xid) { return get_word(VCMD_get_umask, xid, "get_umask"); }
Result<void> set_umask(xid_t xid, FlagWord w) {
  return set_word(VCMD_set_umask, xid, w, "set_umask");
}

Result<std::string> get_vhi_name(xid_t xid, vhi_name_field field) {
  vcmd_vhi_name_v0 vc{};
  vc.field = field;
  return map(call(VCMD_get_vhi_name, xid, &vc, "get_vhi_name"),
             [&](long) { return std::string(vc.name, strnlen(vc.name, sizeof(vc.name))); });
}

Result<void> set_vhi_name(xid_t xid, vhi_name_field field, const std::string& name) {
  vcmd_vhi_name_v0 vc{};
  vc.field = field;
  if (name.size() >= sizeof(vc.name))
    return std::unexpected(Error(ENAMETOOLONG, fmt::format("set_vhi_name({})", xid)));
  std::memcpy(vc.name, name.data(), name.size());
  return call_void(VCMD_set_vhi_name, xid, &vc, "set_vhi_name");
}

}  // namespace vsys
