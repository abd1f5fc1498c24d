// vwait: wait until a context shuts down and report how it ended.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "common.hpp"

int main(int argc, char** argv) {
  vsys::xid_t xid = 0;
  CLI::App app{"Wait for a security context to shut down (wait_exit).", "vwait"};
  app.add_option("xid", xid, "context id")->required()->check(CLI::Range(2, 65535));
  bool done;
  int rc = vtool::parse_args(app, argc, argv, done);
  if (done) return rc;
  auto r = vsys::wait_exit(xid);
  if (!r) return vtool::fail("vwait", r.error());
  fmt::print("FINISHED {} {}\n", r->reboot_cmd, r->exit_code);
  return 0;
}
