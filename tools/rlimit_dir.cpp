#include "rlimit_dir.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/core.h>

namespace vtool {
namespace {

namespace fs = std::filesystem;

vsys::Result<std::uint64_t> read_value(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream text;
  text << in.rdbuf();
  auto v = vsys::parse_limit(text.str());
  if (!v) return std::unexpected(vsys::Error(EINVAL, "invalid limit in '" + p.string() + "'"));
  return v;
}

// "nproc.soft" -> the id of nproc and the suffix ".soft".
bool split_name(const std::string& file, std::uint32_t& id, std::string& suffix) {
  auto dot = file.find('.');
  suffix = dot == std::string::npos ? "" : file.substr(dot);
  if (!suffix.empty() && suffix != ".min" && suffix != ".soft" && suffix != ".hard") return false;
  auto found = vsys::limit_id(file.substr(0, dot));
  if (!found || vsys::limit_name(*found) != file.substr(0, dot)) return false;
  id = *found;
  return true;
}

}  // namespace

vsys::Result<std::uint32_t> read_rlimit_dir(const std::string& dir, std::uint32_t skip,
                                            RlimitSet& limits, bool strict) {
  std::error_code ec;
  if (strict) {
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      std::uint32_t id;
      std::string suffix;
      if (!split_name(e.path().filename().string(), id, suffix))
        return std::unexpected(
            vsys::Error(EINVAL, fmt::format("unknown limit file '{}'", e.path().string())));
    }
  }
  std::uint32_t found = 0;
  for (std::uint32_t id = 0; id < NUM_LIMITS; ++id) {
    if (skip & (1U << id) || vsys::limit_name(id).empty()) continue;
    fs::path base = fs::path(dir) / std::string(vsys::limit_name(id));
    auto& lim = limits[id];
    struct File {
      const char* suffix;
      std::uint64_t* values[3];
    } files[] = {{"", {&lim.minimum, &lim.soft, &lim.hard}},
                 {".min", {&lim.minimum, nullptr, nullptr}},
                 {".soft", {&lim.soft, nullptr, nullptr}},
                 {".hard", {&lim.hard, nullptr, nullptr}}};
    for (const auto& f : files) {
      fs::path p = base;
      p += f.suffix;
      if (!fs::exists(p, ec)) continue;
      auto v = read_value(p);
      if (!v) return std::unexpected(v.error());
      for (auto* slot : f.values)
        if (slot) *slot = *v;
      found |= 1U << id;
    }
  }
  return found;
}

}  // namespace vtool
