#include "vsys/procfs.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/core.h>

namespace vsys {

Result<ProcStat> parse_proc_stat(std::string_view line) {
  auto open = line.find('(');
  auto close = line.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open)
    return std::unexpected(Error(EINVAL, "parse /proc/<pid>/stat"));
  ProcStat st;
  std::from_chars(line.data(), line.data() + open, st.pid);
  st.comm = std::string(line.substr(open + 1, close - open - 1));
  // Fields after comm start with field 3 (state).
  std::istringstream rest{std::string(line.substr(close + 1))};
  std::vector<std::string> f;
  for (std::string tok; rest >> tok;) f.push_back(tok);
  if (f.size() < 22) return std::unexpected(Error(EINVAL, "parse /proc/<pid>/stat"));
  auto num = [&](std::size_t field) { return std::stoull(f[field - 3]); };
  st.utime = num(14);
  st.stime = num(15);
  st.starttime = num(22);
  st.vsize = num(23);
  st.rss = num(24);
  return st;
}

Result<ProcStat> read_proc_stat(pid_t pid) {
  std::string path = fmt::format("/proc/{}/stat", pid);
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) return std::unexpected(Error(ESRCH, "read " + path));
  return parse_proc_stat(line);
}

std::vector<pid_t> list_pids() {
  std::vector<pid_t> pids;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = e.path().filename();
    pid_t pid = 0;
    auto [end, err] = std::from_chars(name.data(), name.data() + name.size(), pid);
    if (err == std::errc() && end == name.data() + name.size()) pids.push_back(pid);
  }
  std::sort(pids.begin(), pids.end());
  return pids;
}

Result<double> read_uptime() {
  std::ifstream in("/proc/uptime");
  double up = 0;
  if (!(in >> up)) return std::unexpected(Error(EIO, "read /proc/uptime"));
  return up;
}

std::vector<long> parse_status_row(std::string_view text, std::string_view name) {
  const std::string head = fmt::format("#{}:\t", name);
  std::vector<long> out;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    at = end + 1;
    if (!line.starts_with(head)) continue;
    std::istringstream row{std::string(line.substr(head.size()))};
    for (long n; row >> n;) out.push_back(n);
    break;
  }
  return out;
}

Result<IdCounts> read_id_counts(std::string_view root) {
  const std::string path = fmt::format("/proc/{}/status", root);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return std::unexpected(Error(ENOENT, "read " + path));
  const auto active = parse_status_row(text.str(), "CActive");
  const auto total = parse_status_row(text.str(), "CTotal");
  if (active.size() != 1 || total.size() != 1)
    return std::unexpected(Error(EINVAL, "parse " + path));
  return IdCounts{active[0], total[0]};
}

}  // namespace vsys
