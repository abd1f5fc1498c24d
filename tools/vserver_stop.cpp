// vserver NAME stop [--timeout SEC]: the guest's own shutdown (cmd.stop,
// the sysv runlevel scripts, or SIGTERM to a plain init), then SIGTERM
// and SIGKILL to whatever is left; the host addresses, the run file and
// the memory cgroup go.  Exit 0 once the context is gone.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <charconv>
#include <filesystem>

#include <fmt/core.h>

#include "common.hpp"
#include "conf_file.hpp"
#include "host_addr.hpp"
#include "memcg.hpp"
#include "vserver.hpp"

namespace vtool {
namespace {

// Runs argv in the guest (vserver NAME exec) and waits for it.
void run_in_guest(const GuestRef& g, const std::vector<std::string>& argv, const VserverPaths& p) {
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) _exit(vserver_exec(g, "root", argv, p));
  if (pid > 0) waitpid(pid, nullptr, 0);
}

}  // namespace

int vserver_stop(const GuestRef& g, const std::vector<std::string>& args, const VserverPaths& p) {
  int timeout = 30;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--timeout" && i + 1 < args.size()) {
      const std::string& v = args[++i];
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), timeout);
      if (ec != std::errc() || end != v.data() + v.size() || timeout < 0)
        return fail(kVserver, fmt::format("stop: bad timeout '{}'", v));
    } else {
      return fail(kVserver, fmt::format("stop: unknown argument '{}'", a));
    }
  }
  auto c = load_config(g, p);
  if (!c) return fail(kVserver, c.error());
  std::error_code ec;
  if (guest_running(*c)) {
    vsys::xid_t xid = *c->xid;
    // Left in place until the next start: the kernel starts vshelper
    // for a reboot the guest's shutdown makes without waiting for it, so
    // it may look after this stop is over.
    std::filesystem::create_directories(p.rundir, ec);
    (void)write_value(stopping_marker(p, g.confdir), std::to_string(xid));
    if (!c->cmd_stop.empty())
      run_in_guest(g, c->cmd_stop, p);
    else if (c->init_style == "sysv" && c->cmd_start.empty())
      run_in_guest(g, {"/etc/init.d/rc", c->runlevel_stop}, p);
    else
      (void)vsys::ctx_kill(xid, 1, SIGTERM);
    if (!wait_context_gone(xid, std::chrono::seconds(timeout))) {
      (void)vsys::ctx_kill(xid, 0, SIGTERM);
      if (!wait_context_gone(xid, std::chrono::seconds(2))) {
        (void)vsys::ctx_kill(xid, 0, SIGKILL);
        if (!wait_context_gone(xid, std::chrono::seconds(5)))
          return fail(kVserver, fmt::format("context {} is still there after SIGKILL", xid));
      }
    }
  } else {
    fmt::print(stderr, "vserver '{}' is not running\n", g.arg);
  }
  // Addresses are removed even when the guest was gone already (a guest
  // that ended by itself, or a start that died half way).
  auto r = remove_host_addresses(c->interfaces);
  std::filesystem::remove(p.rundir + "/" + c->name, ec);
  if (!r) return fail(kVserver, r.error());
  if (c->xid)
    if (auto m = memcg_remove(*c->xid); !m) return fail(kVserver, m.error());
  return 0;
}

}  // namespace vtool
