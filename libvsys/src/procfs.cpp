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

}  // namespace vsys
