// vspace and vnamespace: the namespace sets ("spaces") of a context.
//   --new:   run the command in new namespaces of the kinds selected
//   --set:   store the caller's namespaces of those kinds in its context
//   --enter: run the command in the namespaces a context stored
// vnamespace selects the kernel's default set (get_space_default) for
// --new and --set and everything the context stored for --enter when no
// kind is named; vspace needs one.
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "common.hpp"
#include "vsys/space.hpp"

namespace {

// Runs the rest of the program in a child in new namespaces; the parent
// waits and exits as the child did.
int new_spaces(std::uint64_t mask, const std::string& tool) {
  // Sharing the fs_struct with the parent rules out a new mount namespace.
  mask &= ~static_cast<std::uint64_t>(CLONE_FS);
  long pid = syscall(SYS_clone, static_cast<unsigned long>(mask) | SIGCHLD, nullptr, nullptr,
                     nullptr, nullptr);
  if (pid < 0) return vtool::fail(tool, vsys::Error(errno, "clone"));
  if (pid == 0) return -1;
  int status = 0;
  if (waitpid(static_cast<pid_t>(pid), &status, 0) < 0)
    return vtool::fail(tool, vsys::Error(errno, "waitpid"));
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string tool = std::filesystem::path(argv[0]).filename().string();
  const bool vnamespace = tool == "vnamespace";
  bool do_new = false, do_set = false;
  std::optional<std::int64_t> enter_xid;
  std::uint64_t mask = 0;
  std::uint32_t index = 0;
  bool mnt = false, fs = false, ipc = false, uts = false, user = false, pid = false, net = false;
  std::vector<std::string> command;
  CLI::App app{vnamespace ? "Run a command in new namespaces, store the caller's namespaces in its "
                            "context, or enter a context's namespaces (the default set)."
                          : "Manage the namespace sets (spaces) of security contexts.",
               tool};
  auto* n = app.add_flag("-n,--new", do_new, "run the command in new namespaces");
  auto* s = app.add_flag("-s,--set", do_set, "store the current namespaces in the current context");
  auto* e = app.add_option("-e,--enter", enter_xid, "run the command in the namespaces of XID")
                ->check(CLI::Range(2, 65535));
  n->excludes(s, e);
  s->excludes(e);
  app.add_option("-m,--mask", mask, "mask of CLONE_* bits");
  app.add_option("--index", index, "the set: 0 (the guest's) or 1");
  app.add_flag("-M,--mount", mnt, "the mount namespace");
  app.add_flag("-F,--fs", fs, "root and working directory");
  app.add_flag("-I,--ipc", ipc, "the IPC namespace");
  app.add_flag("-U,--uts", uts, "the UTS namespace");
  app.add_flag("-S,--user", user, "the user namespace");
  app.add_flag("-P,--pid", pid, "the pid namespace (of the children)");
  app.add_flag("-N,--net", net, "the network namespace");
  app.add_option("command", command, "command and its arguments");
  app.positionals_at_end();
  bool done;
  int rc = vtool::parse_args(app, argc, argv, done);
  if (done) return rc;

  mask |= (mnt ? CLONE_NEWNS : 0) | (fs ? CLONE_FS : 0) | (ipc ? CLONE_NEWIPC : 0) |
          (uts ? CLONE_NEWUTS : 0) | (user ? CLONE_NEWUSER : 0) | (pid ? CLONE_NEWPID : 0) |
          (net ? CLONE_NEWNET : 0);
  if (!do_new && !do_set && !enter_xid)
    return vtool::fail(tool, "no operation: one of --new, --set, --enter");
  // vnamespace --enter without a kind: everything the context stored.
  if (!mask && vnamespace && !enter_xid) {
    auto d = vsys::get_space_default();
    if (!d) return vtool::fail(tool, d.error());
    mask = *d;
  }
  if (!mask && !vnamespace)
    return vtool::fail(tool, "no space: give --mask or a kind (--mount, --uts, ...)");
  if ((do_new || enter_xid) && command.empty())
    return vtool::fail(tool, "a command is needed with --new and --enter");
  if (do_new) {
    rc = new_spaces(mask, tool);
    if (rc >= 0) return rc;
  } else if (do_set) {
    // -1: the caller's own context, as util-vserver's VC_SAMECTX.
    auto r = vsys::set_space(static_cast<vsys::xid_t>(-1), mask, index);
    if (!r) return vtool::fail(tool, r.error());
  } else {
    auto r = vsys::enter_space(static_cast<vsys::xid_t>(*enter_xid), mask, index);
    if (!r) return vtool::fail(tool, r.error());
  }
  if (command.empty()) return 0;
  return vtool::fail(tool, vtool::exec_command(command));
}
