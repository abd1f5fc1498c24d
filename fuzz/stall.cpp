// vsfuzz: the stall watchdog and the task descriptions it prints.
#include "stall.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <sstream>

#include <fmt/core.h>

#include <linux/vserver/switch.h>

#include "fuzz.hpp"

namespace vsfuzz {

namespace {

// The whole file, or "" (plain read(2): a /proc file of a task the
// caller may not trace fails with EPERM, which iostreams would throw).
std::string slurp(const std::string& path) {
  std::string out;
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return out;
  char buf[4096];
  for (ssize_t n; (n = read(fd, buf, sizeof(buf))) > 0;)
    out.append(buf, static_cast<std::size_t>(n));
  close(fd);
  return out;
}

}  // namespace

StallWatch::StallWatch(double limit, int workers, double now)
    : limit_(limit), last_(workers, 0), since_(workers, now) {}

void StallWatch::note(int w, std::uint64_t progress, double now) {
  if (progress != last_[w]) {
    last_[w] = progress;
    since_[w] = now;
  }
}

double StallWatch::idle(int w, double now) const { return now - since_[w]; }

std::vector<int> StallWatch::stuck(double now, const std::vector<bool>& done) const {
  std::vector<int> out;
  if (limit_ <= 0) return out;
  for (int w = 0; w < static_cast<int>(since_.size()); ++w)
    if (!done[w] && now - since_[w] >= limit_) out.push_back(w);
  return out;
}

std::optional<TaskStat> parse_task_stat(std::string_view line) {
  const auto open = line.find(" (");
  const auto close = line.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open)
    return std::nullopt;
  TaskStat t;
  t.pid = static_cast<pid_t>(std::atoi(std::string(line.substr(0, open)).c_str()));
  t.comm = std::string(line.substr(open + 2, close - open - 2));
  std::istringstream rest(std::string(line.substr(close + 1)));
  if (!(rest >> t.state >> t.ppid) || t.pid <= 0) return std::nullopt;
  return t;
}

std::vector<TaskStat> list_tasks() {
  std::vector<TaskStat> out;
  DIR* d = opendir("/proc");
  if (!d) return out;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] < '1' || e->d_name[0] > '9') continue;
    if (auto t = parse_task_stat(slurp(fmt::format("/proc/{}/stat", e->d_name)))) out.push_back(*t);
  }
  closedir(d);
  return out;
}

std::vector<TaskStat> descendants(const std::vector<TaskStat>& all,
                                  const std::vector<pid_t>& roots) {
  std::multimap<pid_t, const TaskStat*> children;
  for (const auto& t : all) children.emplace(t.ppid, &t);
  std::vector<TaskStat> out;
  std::vector<pid_t> todo = roots;
  for (std::size_t i = 0; i < todo.size(); ++i) {
    const auto [b, e] = children.equal_range(todo[i]);
    for (auto it = b; it != e; ++it) {
      if (std::find(todo.begin(), todo.end(), it->second->pid) != todo.end()) continue;
      out.push_back(*it->second);
      todo.push_back(it->second->pid);
    }
  }
  return out;
}

std::string describe_syscall(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.remove_suffix(1);
  if (line.empty()) return "syscall unknown";
  if (line == "running") return "running";
  std::istringstream in{std::string(line)};
  long nr = 0;
  in >> nr;
  if (nr < 0) return "not in a syscall";
  std::vector<std::uint64_t> args;
  std::string word;
  while (args.size() < 6 && in >> word) args.push_back(std::strtoull(word.c_str(), nullptr, 16));
  if (nr == VC_NR_VSERVER_X86_64 && args.size() >= 3) {
    const auto cmd = static_cast<std::uint32_t>(args[0]);
    std::string name = fmt::format("{:#010x}", cmd);
    for (const auto& d : commands())
      if (d.cmd && d.cmd == cmd) name = d.name;
    return fmt::format("vserver({}, id {}, data {:#x})", name, static_cast<std::int32_t>(args[1]),
                       args[2]);
  }
  std::string s = fmt::format("syscall {}(", nr);
  for (std::size_t i = 0; i < args.size(); ++i) s += fmt::format("{}{:#x}", i ? ", " : "", args[i]);
  return s + ")";
}

std::vector<std::string> describe_task(pid_t pid) {
  std::vector<std::string> out;
  const std::string dir = fmt::format("/proc/{}", pid);
  std::string stat_line = slurp(dir + "/stat");
  auto t = parse_task_stat(stat_line);
  if (!t) return out;
  std::string wchan = slurp(dir + "/wchan");
  if (wchan.empty() || wchan == "0") wchan = "-";
  out.push_back(fmt::format("pid {} ({}) state {} ppid {} wchan {}: {}", t->pid, t->comm, t->state,
                            t->ppid, wchan, describe_syscall(slurp(dir + "/syscall"))));
  std::istringstream stack(slurp(dir + "/stack"));
  for (std::string l; std::getline(stack, l);) out.push_back("    " + l);
  return out;
}

bool sysrq(char c) {
  const int fd = open("/proc/sysrq-trigger", O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = write(fd, &c, 1) == 1;
  close(fd);
  return ok;
}

}  // namespace vsfuzz
