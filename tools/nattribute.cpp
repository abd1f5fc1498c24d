// nattribute: read or change a network context's flags and capabilities.
//   nattribute --set --nid N [--flag LIST] [--ncap LIST]
//   nattribute --get --nid N
// Lists use util-vserver names, "~name" clears a bit, numbers are masks.
#include <CLI/CLI.hpp>

#include "attr_words.hpp"
#include "common.hpp"

int main(int argc, char** argv) {
  vsys::nid_t nid = 0;
  bool get = false, set = false;
  vtool::AttrWord words[] = {
      {"flags", vsys::nflag_names, vsys::get_nflags, vsys::set_nflags, {}},
      {"ncaps", vsys::ncap_names, vsys::get_ncaps, vsys::set_ncaps, {}},
  };
  CLI::App app{"Show or change the flags and capabilities of a network context.", "nattribute"};
  app.add_option("--nid", nid, "network context id")->required()->check(CLI::Range(2, 65535));
  auto* g = app.add_flag("--get", get, "print the flags and capabilities by name");
  auto* s = app.add_flag("--set", set, "apply the given lists");
  g->excludes(s);
  app.add_option("--flag", words[0].lists, "network flags, e.g. single_ip,~hide_netif");
  app.add_option("--ncap", words[1].lists, "network caps, e.g. raw_icmp,~multicast");
  bool done;
  int rc = vtool::parse_args(app, argc, argv, done);
  if (done) return rc;
  if (get == set) return vtool::fail("nattribute", "give exactly one of --get or --set");
  return vtool::run_attr_words("nattribute", nid, get, words);
}
