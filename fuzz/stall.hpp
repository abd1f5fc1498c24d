// vsfuzz: the stall watchdog.  A worker whose ring (every call and
// operation it or its children log) has not moved for --stall seconds is
// stuck; the parent then describes the tasks of the run (state, wchan,
// the syscall they sit in, their kernel stack when the kernel has
// CONFIG_STACKTRACE) before it kills them.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vsfuzz {

// When each worker last made progress.
class StallWatch {
 public:
  // limit <= 0: never stuck.
  StallWatch(double limit, int workers, double now);

  // Worker w's progress counter (its ring position) at time now.
  void note(int w, std::uint64_t progress, double now);
  // Seconds since worker w's counter last moved.
  double idle(int w, double now) const;
  // The workers not done whose counter has not moved for the limit.
  std::vector<int> stuck(double now, const std::vector<bool>& done) const;

 private:
  double limit_;
  std::vector<std::uint64_t> last_;
  std::vector<double> since_;
};

// One line of /proc/<pid>/stat: the fields the watchdog needs.
struct TaskStat {
  pid_t pid = 0;
  std::string comm;
  char state = '?';
  pid_t ppid = 0;
};

// Parses a /proc/<pid>/stat line (comm may hold spaces and parentheses).
std::optional<TaskStat> parse_task_stat(std::string_view line);
// Every process of /proc.
std::vector<TaskStat> list_tasks();
// The processes below the roots (the roots excluded), parents first.
std::vector<TaskStat> descendants(const std::vector<TaskStat>& all,
                                  const std::vector<pid_t>& roots);

// A /proc/<pid>/syscall line in words: "running", "not in a syscall",
// "vserver(set_cflags, id 2003, data 0x...)" or "syscall 61(0x.., ..)".
std::string describe_syscall(std::string_view line);

// What a task is doing: a line "pid P (comm) state S ppid Q wchan W:
// syscall", then the lines of its kernel stack, indented (none when the
// kernel has no /proc/<pid>/stack).  Empty when the task is gone.
std::vector<std::string> describe_task(pid_t pid);

// Writes c to /proc/sysrq-trigger; false (errno set) when the kernel has
// no MAGIC_SYSRQ or refuses.
bool sysrq(char c);

}  // namespace vsfuzz
