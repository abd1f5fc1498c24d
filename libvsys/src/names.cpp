#include "vsys/names.hpp"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <optional>
#include <vector>

#include <fmt/core.h>

namespace vsys {
namespace {

// Hand-aligned tables: several names per line, in bit order.
// clang-format off
constexpr FlagName kCflags[] = {
    {"sched", VXF_INFO_SCHED},
    {"nproc", VXF_INFO_NPROC},
    {"private", VXF_INFO_PRIVATE},
    {"fakeinit", VXF_INFO_INIT},
    {"hideinfo", VXF_INFO_HIDE},
    {"ulimit", VXF_INFO_ULIMIT},
    {"namespace", VXF_INFO_NSPACE},
    {"sched_hard", VXF_SCHED_HARD},
    {"sched_prio", VXF_SCHED_PRIO},
    {"sched_pause", VXF_SCHED_PAUSE},
    {"virt_mem", VXF_VIRT_MEM},
    {"virt_uptime", VXF_VIRT_UPTIME},
    {"virt_cpu", VXF_VIRT_CPU},
    {"virt_load", VXF_VIRT_LOAD},
    {"virt_time", VXF_VIRT_TIME},
    {"hide_mount", VXF_HIDE_MOUNT},
    {"hide_vinfo", VXF_HIDE_VINFO},
    {"state_setup", VXF_STATE_SETUP},
    {"state_init", VXF_STATE_INIT},
    {"state_admin", VXF_STATE_ADMIN},
    {"sc_helper", VXF_SC_HELPER},
    {"reboot_kill", VXF_REBOOT_KILL},
    {"persistent", VXF_PERSISTENT},
    {"fork_rss", VXF_FORK_RSS},
    {"prolific", VXF_PROLIFIC},
    {"igneg_nice", VXF_IGNEG_NICE},
    // Aliases accepted by util-vserver.
    {"info_sched", VXF_INFO_SCHED},
    {"info_nproc", VXF_INFO_NPROC},
    {"info_private", VXF_INFO_PRIVATE},
    {"info_init", VXF_INFO_INIT},
    {"info_hide", VXF_INFO_HIDE},
    {"info_ulimit", VXF_INFO_ULIMIT},
    {"info_namespace", VXF_INFO_NSPACE},
    {"default", VXF_VIRT_UPTIME | VXF_SC_HELPER},
};

constexpr FlagName kBcaps[] = {
    {"cap_chown", 1ULL << 0},           {"cap_dac_override", 1ULL << 1},
    {"cap_dac_read_search", 1ULL << 2}, {"cap_fowner", 1ULL << 3},
    {"cap_fsetid", 1ULL << 4},          {"cap_kill", 1ULL << 5},
    {"cap_setgid", 1ULL << 6},          {"cap_setuid", 1ULL << 7},
    {"cap_setpcap", 1ULL << 8},         {"cap_linux_immutable", 1ULL << 9},
    {"cap_net_bind_service", 1ULL << 10}, {"cap_net_broadcast", 1ULL << 11},
    {"cap_net_admin", 1ULL << 12},      {"cap_net_raw", 1ULL << 13},
    {"cap_ipc_lock", 1ULL << 14},       {"cap_ipc_owner", 1ULL << 15},
    {"cap_sys_module", 1ULL << 16},     {"cap_sys_rawio", 1ULL << 17},
    {"cap_sys_chroot", 1ULL << 18},     {"cap_sys_ptrace", 1ULL << 19},
    {"cap_sys_pacct", 1ULL << 20},      {"cap_sys_admin", 1ULL << 21},
    {"cap_sys_boot", 1ULL << 22},       {"cap_sys_nice", 1ULL << 23},
    {"cap_sys_resource", 1ULL << 24},   {"cap_sys_time", 1ULL << 25},
    {"cap_sys_tty_config", 1ULL << 26}, {"cap_mknod", 1ULL << 27},
    {"cap_lease", 1ULL << 28},          {"cap_audit_write", 1ULL << 29},
    {"cap_audit_control", 1ULL << 30},  {"cap_setfcap", 1ULL << 31},
    {"cap_mac_override", 1ULL << 32},   {"cap_mac_admin", 1ULL << 33},
    {"cap_syslog", 1ULL << 34},         {"cap_wake_alarm", 1ULL << 35},
    {"cap_block_suspend", 1ULL << 36},  {"cap_audit_read", 1ULL << 37},
    {"cap_perfmon", 1ULL << 38},        {"cap_bpf", 1ULL << 39},
    {"cap_checkpoint_restore", 1ULL << 40}, {"cap_context", 1ULL << 63},
};

constexpr FlagName kCcaps[] = {
    {"set_utsname", VXC_SET_UTSNAME},   {"set_rlimit", VXC_SET_RLIMIT},
    {"fs_security", VXC_FS_SECURITY},   {"fs_trusted", VXC_FS_TRUSTED},
    {"tiocsti", VXC_TIOCSTI},           {"raw_icmp", VXC_RAW_ICMP},
    {"syslog", VXC_SYSLOG},             {"oom_adjust", VXC_OOM_ADJUST},
    {"audit_control", VXC_AUDIT_CONTROL}, {"secure_mount", VXC_SECURE_MOUNT},
    {"secure_remount", VXC_SECURE_REMOUNT}, {"binary_mount", VXC_BINARY_MOUNT},
    {"dev_mount", VXC_DEV_MOUNT},       {"quota_ctl", VXC_QUOTA_CTL},
    {"admin_mapper", VXC_ADMIN_MAPPER}, {"admin_cloop", VXC_ADMIN_CLOOP},
    {"kthread", VXC_KTHREAD},           {"namespace", VXC_NAMESPACE},
    // util-vserver aliases.
    {"utsname", VXC_SET_UTSNAME},       {"rlimit", VXC_SET_RLIMIT},
    {"icmp", VXC_RAW_ICMP},             {"ping", VXC_RAW_ICMP},
    {"mount", VXC_SECURE_MOUNT},        {"remount", VXC_SECURE_REMOUNT},
};

constexpr FlagName kUmask[] = {
    {"fs", 0x00000200},       {"newns", 0x00020000},  {"newcgroup", 0x02000000},
    {"newuts", 0x04000000},   {"newipc", 0x08000000}, {"newuser", 0x10000000},
    {"newpid", 0x20000000},   {"newnet", 0x40000000}, {"newtime", 0x00000080},
};

constexpr FlagName kNflags[] = {
    {"private", NXF_INFO_PRIVATE},     {"single_ip", NXF_SINGLE_IP},
    {"lback_remap", NXF_LBACK_REMAP},  {"lback_allow", NXF_LBACK_ALLOW},
    {"hide_netif", NXF_HIDE_NETIF},    {"hide_lback", NXF_HIDE_LBACK},
    {"state_setup", NXF_STATE_SETUP},  {"state_admin", NXF_STATE_ADMIN},
    {"sc_helper", NXF_SC_HELPER},      {"persistent", NXF_PERSISTENT},
    // util-vserver aliases.
    {"info_private", NXF_INFO_PRIVATE},
};

constexpr FlagName kNcaps[] = {
    {"tun_create", NXC_TUN_CREATE}, {"raw_icmp", NXC_RAW_ICMP}, {"multicast", NXC_MULTICAST},
    {"tun", NXC_TUN_CREATE},        {"ping", NXC_RAW_ICMP},
};

constexpr FlagName kIattr[] = {
    {"admin", IATTR_ADMIN},         {"watch", IATTR_WATCH},
    {"hide", IATTR_HIDE},           {"barrier", IATTR_BARRIER},
    {"iunlink", IATTR_IXUNLINK},    {"immutable", IATTR_IMMUTABLE},
    {"cow", IATTR_COW},
    // util-vserver aliases.
    {"ixunlink", IATTR_IXUNLINK},   {"immu", IATTR_IMMUTABLE},
};
// clang-format on

std::string lower(std::string_view s) {
  std::string out(s);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::optional<std::uint64_t> parse_number(std::string_view s) {
  int base = 10;
  if (s.starts_with("0x") || s.starts_with("0X")) {
    s.remove_prefix(2);
    base = 16;
  }
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<std::uint64_t> lookup(std::span<const FlagName> table, std::string_view item) {
  if (auto n = parse_number(item)) return n;
  std::string key = lower(item);
  for (const auto& f : table)
    if (f.name == key || (f.name.starts_with("cap_") && f.name.substr(4) == key)) return f.bits;
  return std::nullopt;
}

}  // namespace

std::span<const FlagName> cflag_names() { return kCflags; }
std::span<const FlagName> bcap_names() { return kBcaps; }
std::span<const FlagName> ccap_names() { return kCcaps; }
std::span<const FlagName> umask_names() { return kUmask; }
std::span<const FlagName> iattr_names() { return kIattr; }
std::span<const FlagName> nflag_names() { return kNflags; }
std::span<const FlagName> ncap_names() { return kNcaps; }

std::string iattr_letters(std::uint32_t flags, std::uint32_t mask) {
  // clang-format off
  constexpr std::pair<char, std::uint32_t> kLetters[] = {
      {'a', IATTR_ADMIN},   {'w', IATTR_WATCH},    {'h', IATTR_HIDE},
      {'b', IATTR_BARRIER}, {'u', IATTR_IXUNLINK}, {'i', IATTR_IMMUTABLE},
      {'w', 0},  // util-vserver's VC_IATTR_WRITE: not a vs2.3 kernel bit
  };
  // clang-format on
  std::string out;
  for (auto [c, bit] : kLetters) {
    if (!(mask & bit))
      out += '-';
    else
      out += (flags & bit) ? static_cast<char>(std::toupper(c)) : c;
  }
  return out;
}

std::uint64_t default_guest_bcaps() {
  std::uint64_t bits = 0;
  for (const char* name : {"chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill",
                           "setgid", "setuid", "net_bind_service", "sys_chroot", "sys_ptrace",
                           "sys_tty_config", "lease", "setfcap", "sys_boot", "audit_write"})
    bits |= *lookup(kBcaps, name);
  return bits;
}

Result<FlagWord> parse_flags(std::span<const FlagName> table, std::string_view list) {
  FlagWord fw{0, 0};
  while (!list.empty()) {
    auto comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    list = comma == std::string_view::npos ? "" : list.substr(comma + 1);
    bool negate = item.starts_with('~') || item.starts_with('!');
    if (negate) item.remove_prefix(1);
    if (item.empty()) continue;
    auto bits = lookup(table, item);
    if (!bits) return std::unexpected(Error(EINVAL, fmt::format("flag '{}'", item)));
    fw.mask |= *bits;
    if (negate)
      fw.value &= ~*bits;
    else
      fw.value |= *bits;
  }
  return fw;
}

std::string format_flags(std::span<const FlagName> table, std::uint64_t value) {
  std::vector<std::string> parts;
  std::uint64_t left = value;
  for (const auto& f : table) {
    // Canonical names are single bits; aliases come after and are skipped
    // once their bits are printed.
    if (std::popcount(f.bits) == 1 && (left & f.bits)) {
      parts.emplace_back(f.name);
      left &= ~f.bits;
    }
  }
  if (left) parts.push_back(fmt::format("{:#x}", left));
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ",") + p;
  return out;
}

}  // namespace vsys
