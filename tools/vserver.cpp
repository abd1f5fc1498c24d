// vserver: the guest manager, util-vserver's commands on the
// /etc/vservers/NAME trees (docs/admin.md).
//   vserver [--silent] NAME build -m METHOD [OPTIONS] [-- METHOD-ARGS]
//   vserver [--silent] NAME start|stop|restart|status|running|enter|delete
//   vserver [--silent] NAME exec CMD [ARGS...] | suexec USER CMD [ARGS...]
#include <filesystem>

#include <fmt/core.h>

#include "common.hpp"
#include "vserver.hpp"

using namespace vtool;

namespace {

constexpr const char* kUsage =
    "Usage: vserver [--silent] NAME COMMAND [ARGS...]\n"
    "NAME is a guest of /etc/vservers (or the path of its configuration).\n"
    "Commands:\n"
    "  build -m skeleton|template|debootstrap|rsync|clone [--context N] [--hostname H]\n"
    "        [--interface [DEV:]IP[/PREFIX]]... [--rootdir DIR] [--initstyle STYLE]\n"
    "        [--flags LIST] [--force] -- METHOD-ARGS\n"
    "        (template: -t TARBALL; debootstrap: -d SUITE [-m MIRROR] [-- OPTIONS];\n"
    "         rsync: --source GUEST|DIR|HOST:DIR [-o OPTION]... [-- RSYNC-OPTIONS];\n"
    "         clone: --source GUEST|DIR)\n"
    "                    create the configuration and the guest's root\n"
    "  start             start the guest (its init, as apps/init/style says)\n"
    "  stop [--timeout SEC]  stop it: init's shutdown, then signals; addresses removed\n"
    "  restart           stop, then start\n"
    "  status            say whether it runs (exit 0) or not (exit 3)\n"
    "  running           exit 0 if it runs, 1 if not\n"
    "  enter             a shell in the guest\n"
    "  exec CMD...       run CMD as root in the guest\n"
    "  suexec USER CMD...  run CMD as USER in the guest\n"
    "  delete [--force]  remove the configuration and the root (asks unless --force)\n";

int status(const GuestRef& g, const VserverPaths& p, bool silent, bool verbose) {
  auto c = load_config(g, p);
  if (!c) return fail(kVserver, c.error());
  if (guest_running(*c)) {
    if (!silent && verbose) fmt::print("Vserver '{}' is running at context '{}'\n", g.arg, *c->xid);
    return 0;
  }
  if (!silent && verbose) fmt::print("Vserver '{}' is stopped\n", g.arg);
  return verbose ? kExitStopped : 1;
}

}  // namespace

int main(int argc, char** argv) {
  vtool::ensure_std_fds();
  std::vector<std::string> args(argv + 1, argv + argc);
  bool silent = false;
  while (!args.empty() && args[0].starts_with("-")) {
    if (args[0] == "--help" || args[0] == "-h") {
      fmt::print("{}", kUsage);
      return 0;
    }
    if (args[0] == "--version") {
      fmt::print("vserver {}\n", VSYS_VERSION);
      return 0;
    }
    if (args[0] == "--silent") {
      silent = true;
    } else if (args[0] == "--") {
      args.erase(args.begin());
      break;
    } else {
      fail(kVserver, fmt::format("unknown option '{}'", args[0]));
      return kExitUsage;
    }
    args.erase(args.begin());
  }
  if (args.size() < 2) {
    fail(kVserver, "a guest name and a command are needed (vserver --help)");
    return kExitUsage;
  }
  VserverPaths paths;
  std::string name = args[0], cmd = args[1];
  std::vector<std::string> rest(args.begin() + 2, args.end());
  if (cmd == "build") return vserver_build(name, rest, paths);
  GuestRef g{name, name.starts_with("/") || name.starts_with("./")
                       ? std::filesystem::absolute(name).lexically_normal().string()
                       : paths.confroot + "/" + name};
  std::error_code ec;
  if (!std::filesystem::is_directory(g.confdir, ec)) {
    fail(kVserver, fmt::format("no guest '{}' (no directory {}; see 'vserver {} build --help')",
                               name, g.confdir, name));
    return kExitNoConfig;
  }
  if (cmd == "start") return vserver_start(g, rest, paths);
  if (cmd == "stop") return vserver_stop(g, rest, paths);
  if (cmd == "restart") {
    int rc = vserver_stop(g, rest, paths);
    return rc ? rc : vserver_start(g, {}, paths);
  }
  if (cmd == "status") return status(g, paths, silent, true);
  if (cmd == "running") return status(g, paths, true, false);
  if (cmd == "delete") return vserver_delete(g, rest, paths);
  if (cmd == "exec" || cmd == "enter" || cmd == "suexec") {
    std::string user = "root";
    if (cmd == "suexec") {
      if (rest.empty()) return fail(kVserver, "suexec needs a user and a command");
      user = rest[0];
      rest.erase(rest.begin());
    }
    if (cmd != "enter" && rest.empty()) return fail(kVserver, cmd + " needs a command");
    if (cmd == "enter" && !rest.empty()) return fail(kVserver, "enter takes no arguments");
    return vserver_exec(g, user, rest, paths);
  }
  fail(kVserver, fmt::format("unknown command '{}' (vserver --help)", cmd));
  return kExitUsage;
}
