// ncontext: create a network context, or enter one, and run a command.
//   ncontext --create [--nid N] [--flag LIST] [--endsetup] [--silent] -- CMD...
//   ncontext --migrate --nid N -- CMD...
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "common.hpp"
#include "net_start.hpp"
#include "vsys/names.hpp"

int main(int argc, char** argv) {
  std::optional<vsys::nid_t> nid;
  std::vector<std::string> command;
  std::string flags;
  bool create = false, migrate = false, endsetup = false, silent = false, disc = false;
  CLI::App app{"Create or enter a network context and run a command in it.", "ncontext"};
  app.add_flag("--create", create, "create a new network context");
  app.add_flag("--migrate", migrate, "enter an existing network context");
  app.add_option("--nid", nid, "network context id")->check(CLI::Range(1, 65535));
  app.add_option("--flag", flags, "network flags for --create");
  app.add_flag("--endsetup", endsetup, "leave STATE_SETUP before running the command");
  app.add_flag("--silent", silent, "do not print the network context id");
  app.add_flag("--disconnect", disc, "start the command in the background");
  app.add_option("command", command, "command and its arguments")->required();
  app.positionals_at_end();
  bool done;
  int rc = vtool::parse_args(app, argc, argv, done);
  if (done) return rc;
  if (create == migrate) return vtool::fail("ncontext", "give one of --create or --migrate");
  if (migrate && !nid) return vtool::fail("ncontext", "--migrate needs --nid");
  if (disc) vtool::disconnect();
  if (migrate) {
    auto r = vsys::net_migrate(*nid);
    if (!r) return vtool::fail("ncontext", r.error());
    return vtool::fail("ncontext", vtool::exec_command(command));
  }
  auto extra = vsys::parse_flags(vsys::nflag_names(), flags);
  if (!extra) return vtool::fail("ncontext", extra.error());
  auto id = vtool::net_create_in_setup(nid, *extra);
  if (!id) return vtool::fail("ncontext", id.error());
  if (endsetup) {
    auto r = vsys::set_nflags(*id, {0, NXF_STATE_SETUP});
    if (!r) return vtool::fail("ncontext", r.error());
  }
  if (!silent) fmt::print(stderr, "New network context is {}\n", *id);
  return vtool::fail("ncontext", vtool::exec_command(command));
}
