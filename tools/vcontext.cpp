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
  vtool::add_start_options(app, opt, "--xid");
  app.add_flag("--endsetup", opt.endsetup, "clear STATE_SETUP before running the command");
  app.add_flag("--initpid", opt.initpid, "make the command the guest init");
  bool done;
  int rc = vtool::parse_args(app, argc, argv, done);
  if (done) return rc;
  if (!create && !migrate)
    return vtool::fail("vcontext", "one of --create or --migrate is required");
  if (migrate && !opt.xid) return vtool::fail("vcontext", "--migrate needs --xid");
  opt.create = create;
  return vtool::start_in_context("vcontext", opt);
}
