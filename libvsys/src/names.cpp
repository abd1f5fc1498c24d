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

std::string lower(std::string_view s) {
  std::string out(s);
  std::ranges::transform(out, out.begin(),
                         [](unsigned char c) { return std::tolower(c); });
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
  if (s.empty() || ec != std::errc() || end != s.data() + s.size())
    return std::nullopt;
  return v;
}

std::optional<std::uint64_t> lookup(std::span<const FlagName> table,
                                    std::string_view item) {
  if (auto n = parse_number(item)) return n;
  std::string key = lower(item);
  for (const auto& f : table)
    if (f.name == key) return f.bits;
  return std::nullopt;
}

}  // namespace

std::span<const FlagName> cflag_names() { return kCflags; }

Result<FlagWord> parse_flags(std::span<const FlagName> table,
                             std::string_view list) {
  FlagWord fw{0, 0};
  while (!list.empty()) {
    auto comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    list = comma == std::string_view::npos ? "" : list.substr(comma + 1);
    bool negate = item.starts_with('~') || item.starts_with('!');
    if (negate) item.remove_prefix(1);
    if (item.empty()) continue;
    auto bits = lookup(table, item);
    if (!bits)
      return std::unexpected(Error(EINVAL, fmt::format("flag '{}'", item)));
    fw.mask |= *bits;
    if (negate)
      fw.value &= ~*bits;
    else
      fw.value |= *bits;
  }
  return fw;
}

std::string format_flags(std::span<const FlagName> table,
                         std::uint64_t value) {
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
