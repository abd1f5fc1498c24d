// chbind: run a command in a new network context bound to addresses.
//   chbind [--nid N] --ip ADDR[/MASK] [--ip ...] [--bcast ADDR] [--lback ADDR]
//          [--flag LIST] [--silent] -- CMD [ARGS...]
// With exactly one IPv4 address the context gets SINGLE_IP, so binding
// 0.0.0.0 binds that address.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "common.hpp"
#include "net_start.hpp"
#include "vsys/names.hpp"

int main(int argc, char** argv) {
  std::optional<vsys::nid_t> nid;
  std::vector<std::string> ips, command;
  std::string bcast, lback, flags;
  bool silent = false;
  CLI::App app{"Run a command in a new network context with the given addresses.", "chbind"};
  app.add_option("--nid", nid, "network context id (default: first free from 49152)")
      ->check(CLI::Range(2, 65535));
  app.add_option("--ip", ips, "address ADDR[/MASK], IPv4 or IPv6 (repeatable)");
  app.add_option("--bcast", bcast, "IPv4 broadcast address");
  app.add_option("--lback", lback, "IPv4 loopback address (default 127.x.y.1)");
  app.add_option("--flag", flags, "network flags, e.g. ~hide_netif,lback_allow");
  app.add_flag("--silent", silent, "do not print the network context id");
  app.add_option("command", command, "command and its arguments")->required();
  app.positionals_at_end();
  bool done;
  int rc = vtool::parse_args(app, argc, argv, done);
  if (done) return rc;
  auto extra = vsys::parse_flags(vsys::nflag_names(), flags);
  if (!extra) return vtool::fail("chbind", extra.error());
  auto id = vtool::net_create_in_setup(nid, *extra);
  if (!id) return vtool::fail("chbind", id.error());
  auto v4 = vtool::add_addresses(*id, ips, bcast, lback);
  if (!v4) return vtool::fail("chbind", v4.error());
  if (*v4 == 1 && !(extra->mask & NXF_SINGLE_IP)) {
    auto r = vsys::set_nflags(*id, {NXF_SINGLE_IP, NXF_SINGLE_IP});
    if (!r) return vtool::fail("chbind", r.error());
  }
  auto r = vsys::set_nflags(*id, {0, NXF_STATE_SETUP});
  if (!r) return vtool::fail("chbind", r.error());
  if (!silent) fmt::print(stderr, "New network context is {}\n", *id);
  return vtool::fail("chbind", vtool::exec_command(command));
}
