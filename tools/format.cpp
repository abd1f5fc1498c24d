#include "format.hpp"

#include <fmt/core.h>

namespace vtool {

std::string format_size(std::uint64_t bytes) {
  if (bytes < 1024ULL * 1024) return fmt::format("{}K", bytes / 1024);
  if (bytes < 1024ULL * 1024 * 1024) return fmt::format("{:.1f}M", bytes / (1024.0 * 1024));
  return fmt::format("{:.1f}G", bytes / (1024.0 * 1024 * 1024));
}

std::string format_cputime(std::uint64_t centis) {
  std::uint64_t s = centis / 100;
  return fmt::format("{}m{:02}s{:02}", s / 60, s % 60, centis % 100);
}

std::string format_uptime(std::uint64_t centis) {
  std::uint64_t s = centis / 100;
  if (s < 3600) return format_cputime(centis);
  if (s < 86400) return fmt::format("{}h{:02}m{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}d{:02}h{:02}", s / 86400, s / 3600 % 24, s / 60 % 60);
}

}  // namespace vtool
