#include "bench_util.hpp"

#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include "vsys/context.hpp"

namespace vbench {

namespace {

// The value of the first "KEY:\tvalue" line of a /proc file, or "".
std::string proc_field(const char* path, const std::string& key) {
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(key + ":")) {
      auto start = line.find_first_not_of(" \t", key.size() + 1);
      return start == std::string::npos ? "" : line.substr(start);
    }
  }
  return "";
}

void add(const char* key, const std::string& value) {
  if (!value.empty()) benchmark::AddCustomContext(key, value);
}

}  // namespace

bool skip_without_vserver(benchmark::State& state) {
  if (vsys::get_version()) return false;
  state.SkipWithError("no vserver(2) in this kernel, or no CAP_CONTEXT");
  return true;
}

void fail(benchmark::State& state, const std::string& call) {
  state.SkipWithError(fmt::format("{}: {}", call, std::strerror(errno)).c_str());
}

void record_environment() {
  utsname u{};
  if (uname(&u) == 0) {
    add("kernel_release", u.release);
    add("kernel_version", u.version);
  }
  add("vserver_xid", proc_field("/proc/self/vinfo", "XID"));
  add("vserver_bcaps", proc_field("/proc/self/vinfo", "BCaps"));
  add("vserver_nid", proc_field("/proc/self/ninfo", "NID"));
  add("cap_bnd", proc_field("/proc/self/status", "CapBnd"));
}

int make_idle_contexts(int n) {
  constexpr vsys::xid_t kFirstIdle = 30000;
  for (int i = 0; i < n; ++i) {
    pid_t pid = fork();
    if (pid == 0) _exit(vsys::ctx_create(kFirstIdle + i, VXF_INIT_SET | VXF_PERSISTENT) ? 0 : 1);
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
      return i;
  }
  return n;
}

}  // namespace vbench
