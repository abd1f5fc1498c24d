// Helpers shared by the command-line tools (not part of libvsys).
#pragma once

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "vsys/context.hpp"
#include "vsys/error.hpp"

namespace vtool {

// Prints "<tool>: <message>" to stderr and returns the exit status 1.
int fail(const std::string& tool, const vsys::Error& err);
int fail(const std::string& tool, const std::string& message);

// Replaces the process with argv[0] (searched in PATH).  Only returns on
// failure, with the error.
vsys::Error exec_command(const std::vector<std::string>& argv);

// Runs argv (searched in PATH, no shell) and waits: its exit status
// (128 + signal when killed), or the error of fork.
vsys::Result<int> run_command(const std::vector<std::string>& argv);

// Polls until context xid no longer exists; false after timeout.
bool wait_context_gone(vsys::xid_t xid, std::chrono::milliseconds timeout);

// Opens /dev/null on whichever of fds 0, 1, 2 is closed (a program the
// kernel runs, such as vshelper, starts without them; a pipe would get
// those numbers otherwise).
void ensure_std_fds();

// Forks; the parent exits 0 at once, the child continues detached
// (new session).  Used by --disconnect.
void disconnect();

// Signal number from "15", "TERM" or "SIGTERM"; -1 if unknown.
int parse_signal(const std::string& text);

// Display name of a context: "MAIN" for the host, "ALL_PROCS" for the
// spectator, the VHIN_CONTEXT name of a guest (or "" if none).
std::string context_name(vsys::xid_t xid);

// vs2.3 kernels have no dynamic ids: the tools take the first free id of
// the upper range (49152..65535), calling create(id) until it does not
// fail with EEXIST or EBUSY.
template <class Create>
auto create_first_free(Create create, const char* what) -> decltype(create(0u)) {
  for (std::uint32_t id = 49152; id <= 65535; ++id) {
    auto r = create(id);
    if (r || (r.error().code() != EEXIST && r.error().code() != EBUSY)) return r;
  }
  return std::unexpected(vsys::Error(EAGAIN, std::string(what) + "(dynamic)"));
}

// Runs CLI11 parsing; on --help or a usage error returns the exit status.
int parse_args(CLI::App& app, int argc, char** argv, bool& done);

}  // namespace vtool
