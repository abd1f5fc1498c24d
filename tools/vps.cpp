// vps: ps with a CONTEXT column (xid and context name) after PID.
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "common.hpp"

namespace {

// Index (in whitespace separated fields) of the PID column of ps' header.
int pid_column(const std::string& header) {
  std::istringstream in(header);
  std::string word;
  for (int i = 0; in >> word; ++i)
    if (word == "PID") return i;
  return -1;
}

// Inserts the context column before field number 'col + 1' of line.
std::string insert_after_field(const std::string& line, int col, const std::string& text) {
  std::size_t pos = 0;
  for (int i = 0; i <= col; ++i) {
    pos = line.find_first_not_of(' ', pos);
    if (pos == std::string::npos) return line + " " + text;
    pos = line.find(' ', pos);
    if (pos == std::string::npos) return line + " " + text;
  }
  return line.substr(0, pos) + " " + text + line.substr(pos);
}

std::string context_column(pid_t pid) {
  auto xid = vsys::task_xid(pid);
  if (!xid) return fmt::format("{:<16}", "?");
  return fmt::format("{:<16}", fmt::format("{} {}", *xid, vtool::context_name(*xid)));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
    fmt::print(
        "Usage: vps [ps options]\nRuns ps with the given options and adds a "
        "CONTEXT column (xid and name) after PID.\n");
    return 0;
  }
  // Run ps directly (no shell): its arguments pass through untouched.
  int fds[2];
  if (pipe(fds) != 0) return vtool::fail("vps", vsys::Error(errno, "pipe"));
  pid_t child = fork();
  if (child < 0) return vtool::fail("vps", vsys::Error(errno, "fork"));
  if (child == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    std::vector<std::string> args{"ps"};
    for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
    vtool::fail("vps", vtool::exec_command(args));
    _exit(127);
  }
  close(fds[1]);
  FILE* ps = fdopen(fds[0], "r");
  char buf[4096];
  int col = -1;
  bool header = true;
  while (fgets(buf, sizeof(buf), ps)) {
    std::string line(buf);
    if (!line.empty() && line.back() == '\n') line.pop_back();
    if (header) {
      col = pid_column(line);
      header = false;
      fmt::print("{}\n",
                 col < 0 ? line : insert_after_field(line, col, fmt::format("{:<16}", "CONTEXT")));
      continue;
    }
    if (col < 0) {
      fmt::print("{}\n", line);
      continue;
    }
    std::istringstream in(line);
    std::string field;
    for (int i = 0; i <= col; ++i) in >> field;
    fmt::print("{}\n", insert_after_field(line, col, context_column(std::atoi(field.c_str()))));
  }
  fclose(ps);
  int status = 0;
  waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
