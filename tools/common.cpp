#include "common.hpp"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <strings.h>
#include <thread>

#include <fmt/core.h>

namespace vtool {

int fail(const std::string& tool, const vsys::Error& err) { return fail(tool, err.message()); }

int fail(const std::string& tool, const std::string& message) {
  fmt::print(stderr, "{}: {}\n", tool, message);
  return 1;
}

vsys::Error exec_command(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  execvp(args[0], args.data());
  return vsys::Error(errno, fmt::format("exec {}", argv[0]));
}

vsys::Result<int> run_command(const std::vector<std::string>& argv) {
  pid_t pid = fork();
  if (pid < 0) return std::unexpected(vsys::Error(errno, "fork"));
  if (pid == 0) {
    fail(argv[0], exec_command(argv));
    _exit(127);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return std::unexpected(vsys::Error(errno, "waitpid"));
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

bool wait_context_gone(vsys::xid_t xid, std::chrono::milliseconds timeout) {
  auto end = std::chrono::steady_clock::now() + timeout;
  while (vsys::vx_info(xid)) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

void ensure_std_fds() {
  for (int fd = 0; fd < 3; ++fd)
    if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", O_RDWR) < 0) return;
}

void disconnect() {
  pid_t pid = fork();
  if (pid < 0) return;
  if (pid > 0) _exit(0);
  setsid();
}

int parse_signal(const std::string& text) {
  char* end = nullptr;
  long n = std::strtol(text.c_str(), &end, 10);
  if (!text.empty() && *end == '\0') return (n >= 0 && n < NSIG) ? n : -1;
  std::string name = text;
  if (strncasecmp(name.c_str(), "SIG", 3) == 0) name = name.substr(3);
  for (int sig = 1; sig < NSIG; ++sig) {
    const char* abbrev = sigabbrev_np(sig);
    if (abbrev && strcasecmp(abbrev, name.c_str()) == 0) return sig;
  }
  return -1;
}

std::string context_name(vsys::xid_t xid) {
  if (xid == VX_ID_HOST) return "MAIN";
  if (xid == VX_ID_SPECTATOR) return "ALL_PROCS";
  auto name = vsys::get_vhi_name(xid, VHIN_CONTEXT);
  return name ? *name : "";
}

int parse_args(CLI::App& app, int argc, char** argv, bool& done) {
  done = false;
  // One line on a usage error: "tool: what went wrong".
  app.failure_message([](const CLI::App* a, const CLI::Error& e) {
    return a->get_name() + ": " + e.what() + "\n";
  });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    done = true;
    int rc = app.exit(e);
    return rc;
  }
  return 0;
}

}  // namespace vtool
