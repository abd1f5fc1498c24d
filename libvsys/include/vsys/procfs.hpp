// libvsys: the process facts the tools read from /proc.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "vsys/error.hpp"

namespace vsys {

struct ProcStat {
  pid_t pid = 0;
  std::string comm;
  std::uint64_t utime = 0;      // clock ticks
  std::uint64_t stime = 0;      // clock ticks
  std::uint64_t starttime = 0;  // clock ticks after boot
  std::uint64_t vsize = 0;      // bytes
  std::uint64_t rss = 0;        // pages
};

// Parses one /proc/<pid>/stat line (comm may hold spaces and parentheses).
Result<ProcStat> parse_proc_stat(std::string_view line);
// Reads /proc/<pid>/stat.
Result<ProcStat> read_proc_stat(pid_t pid);
// The numeric entries of /proc visible to the caller.
std::vector<pid_t> list_pids();
// Seconds since boot, from /proc/uptime.
Result<double> read_uptime();

// The numbers of the "#name:\t1 2 3" line of a /proc/virtual/status or
// /proc/virtnet/status text; empty if there is no such line.
std::vector<long> parse_status_row(std::string_view text, std::string_view name);

// The id counts of /proc/virtual/status or /proc/virtnet/status.
struct IdCounts {
  long active = -1;  // #CActive: hashed ids
  long total = -1;   // #CTotal: allocated ids, hashed or not yet freed
  bool operator==(const IdCounts&) const = default;
};
// Reads /proc/<root>/status, root "virtual" or "virtnet".
Result<IdCounts> read_id_counts(std::string_view root);

}  // namespace vsys
