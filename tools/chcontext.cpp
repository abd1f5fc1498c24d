// chcontext: run a command in a new (or existing) security context.
#include <CLI/CLI.hpp>

#include "common.hpp"
#include "context_start.hpp"

int main(int argc, char** argv) {
  vtool::StartOptions opt;
  opt.create_or_migrate = true;
  opt.endsetup = true;
  CLI::App app{"Run a command in a new security context (or enter an existing one).", "chcontext"};
  vtool::add_start_options(app, opt, "--ctx,--xid");
  bool done;
  int rc = vtool::parse_args(app, argc, argv, done);
  if (done) return rc;
  return vtool::start_in_context("chcontext", opt);
}
