#include "conf_file.hpp"

#include <cerrno>
#include <charconv>
#include <filesystem>
#include <fstream>

#include <fmt/core.h>

namespace vtool {
namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// The lines of an existing file, or an error naming it.
vsys::Result<std::optional<std::vector<std::string>>> read_lines(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  if (std::filesystem::is_directory(path, ec)) return file_error(path, "a directory, not a file");
  std::ifstream in(path);
  if (!in) return file_error(path, "cannot read", errno ? errno : EIO);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

std::unexpected<vsys::Error> file_error(const std::string& path, const std::string& what,
                                        int code) {
  return std::unexpected(vsys::Error(code, fmt::format("{}: {}", path, what)));
}

vsys::Result<std::optional<std::string>> read_value(const std::string& path) {
  auto lines = read_lines(path);
  if (!lines) return std::unexpected(lines.error());
  if (!*lines) return std::nullopt;
  std::string first = (*lines)->empty() ? "" : trim((*lines)->front());
  if (first.empty()) return file_error(path, "empty");
  return first;
}

vsys::Result<std::optional<std::vector<std::string>>> read_items(const std::string& path) {
  auto lines = read_lines(path);
  if (!lines || !*lines) return lines;
  std::vector<std::string> items;
  for (const auto& l : **lines) {
    std::string t = trim(l.substr(0, l.find('#')));
    if (!t.empty()) items.push_back(t);
  }
  return items;
}

vsys::Result<std::optional<std::uint64_t>> read_number(const std::string& path, std::uint64_t min,
                                                       std::uint64_t max) {
  auto v = read_value(path);
  if (!v) return std::unexpected(v.error());
  if (!*v) return std::nullopt;
  std::uint64_t n = 0;
  const std::string& s = **v;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size())
    return file_error(path, fmt::format("not a number '{}'", s));
  if (n < min || n > max) return file_error(path, fmt::format("{} is not in {}..{}", n, min, max));
  return n;
}

vsys::Result<void> write_value(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  if (out) out << text << '\n';
  if (!out) return file_error(path, "cannot write", errno ? errno : EIO);
  return {};
}

}  // namespace vtool
