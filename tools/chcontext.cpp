// chcontext: run a command in a new (or existing) security context.
#include <CLI/CLI.hpp>

#include "common.hpp"
#include "context_start.hpp"

int main(int argc, char** argv) {
  vtool::StartOptions opt;
  opt.create_or_migrate = true;
  opt.endsetup = true;
  CLI::App app{"Run a command in a new security context (or enter an existing one).",
               "chcontext"};
  app.add_option("--ctx,--xid", opt.xid,
                 "context id 2..65535 (default: first free from 49152)")
      ->check(CLI::Range(2, 65535));
  app.add_option("--flag", opt.flags, "context flags, e.g. persistent,~fakeinit")
      ->delimiter('\0');
  app.add_option("--name", opt.name, "context name (shown by vserver-stat)");
  app.add_flag("--silent", opt.silent, "do not print the context id");
  app.add_flag("--disconnect", opt.disconnect, "start the command in the background");
  app.add_option("command", opt.command, "command and its arguments")->required();
  app.positionals_at_end();
  bool done;
  int rc = vtool::parse_args(app, argc, argv, done);
  if (done) return rc;
  return vtool::start_in_context("chcontext", opt);
}
