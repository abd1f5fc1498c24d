// vcontext: create or enter a security context, step by step.
#include <CLI/CLI.hpp>

#include "common.hpp"
#include "context_start.hpp"

int main(int argc, char** argv) {
  vtool::StartOptions opt;
  bool create = false, migrate = false;
  CLI::App app{"Create (--create) or enter (--migrate) a security context and run a command.",
               "vcontext"};
  auto* c = app.add_flag("--create", create, "create a new context");
  auto* m = app.add_flag("--migrate", migrate, "enter an existing context");
  c->excludes(m);
  app.add_option("--xid", opt.xid, "context id 2..65535")->check(CLI::Range(2, 65535));
  app.add_option("--flag", opt.flags, "flags to set after creation")->delimiter('\0');
  app.add_option("--name", opt.name, "context name");
  app.add_flag("--endsetup", opt.endsetup, "clear STATE_SETUP before running the command");
  app.add_flag("--initpid", opt.initpid, "make the command the guest init");
  app.add_flag("--silent", opt.silent, "do not print the context id");
  app.add_flag("--disconnect", opt.disconnect, "start the command in the background");
  app.add_option("command", opt.command, "command and its arguments")->required();
  app.positionals_at_end();
  bool done;
  int rc = vtool::parse_args(app, argc, argv, done);
  if (done) return rc;
  if (!create && !migrate) return vtool::fail("vcontext", "one of --create or --migrate is required");
  if (migrate && !opt.xid) return vtool::fail("vcontext", "--migrate needs --xid");
  opt.create = create;
  return vtool::start_in_context("vcontext", opt);
}
