// vkill: send a signal to the processes of a context (ctx_kill).
#include <signal.h>

#include <CLI/CLI.hpp>

#include "common.hpp"

int main(int argc, char** argv) {
  vsys::xid_t xid = 0;
  std::string signame = "TERM";
  std::vector<pid_t> pids;
  CLI::App app{
      "Send a signal to the processes of a security context (ctx_kill).\n"
      "Without PID: every process of the context, the guest init included (ctx_kill pid 0).\n"
      "PID -1: every process but the guest init.  PID 1: the guest init.  Any other PID\n"
      "(host view): that process, if it belongs to the context.  A context that left\n"
      "STATE_ADMIN takes only PID 1 (the signal becomes SIGINT while other processes\n"
      "run) or, while it has no init, no PID.",
      "vkill"};
  app.add_option("-c,--xid", xid, "context id")->required()->check(CLI::Range(2, 65535));
  app.add_option("-s", signame, "signal name or number (default TERM)");
  app.add_option("pid", pids,
                 "pids (host view); 1: the guest init, -1: all but the init (default: all)");
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
