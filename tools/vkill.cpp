// vkill: send a signal to the processes of a context (ctx_kill).
#include <signal.h>

#include <CLI/CLI.hpp>

#include "common.hpp"

int main(int argc, char** argv) {
  vsys::xid_t xid = 0;
  std::string signame = "TERM";
  std::vector<pid_t> pids;
  CLI::App app{"Send a signal to the processes of a security context.\n"
               "Without PID: every process but init (pid 0 of ctx_kill); "
               "PID 1 means the guest init.", "vkill"};
  app.add_option("-c,--xid", xid, "context id")->required()->check(CLI::Range(2, 65535));
  app.add_option("-s", signame, "signal name or number (default TERM)");
  app.add_option("pid", pids, "pids (host view), 1 for the guest init, -1 for all but init");
  bool done;
  int rc = vtool::parse_args(app, argc, argv, done);
  if (done) return rc;
  int sig = vtool::parse_signal(signame);
  if (sig < 0) return vtool::fail("vkill", "unknown signal '" + signame + "'");
  if (pids.empty()) pids.push_back(0);
  for (pid_t pid : pids) {
    auto r = vsys::ctx_kill(xid, pid, sig);
    if (!r) return vtool::fail("vkill", r.error());
  }
  return 0;
}
