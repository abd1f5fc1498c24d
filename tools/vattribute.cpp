// vattribute: read or change a context's flags, bcaps, ccaps and umask.
//   vattribute --set --xid N [--flag LIST] [--bcap LIST] [--ccap LIST] [--umask LIST]
//   vattribute --get --xid N
// Lists use util-vserver names, "~name" clears a bit, numbers are masks.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "attr_words.hpp"
#include "common.hpp"

int main(int argc, char** argv) {
  vsys::xid_t xid = 0;
  bool get = false, set = false;
  vtool::AttrWord words[] = {
      {"flags", vsys::cflag_names, vsys::get_cflags, vsys::set_cflags, {}},
      {"bcaps", vsys::bcap_names, vsys::get_bcaps, vsys::set_bcaps, {}},
      {"ccaps", vsys::ccap_names, vsys::get_ccaps, vsys::set_ccaps, {}},
      {"umask", vsys::umask_names, vsys::get_umask, vsys::set_umask, {}},
  };
  CLI::App app{"Show or change the flags, capabilities and unshare mask of a context.",
               "vattribute"};
  app.add_option("--xid", xid, "context id")->required()->check(CLI::Range(2, 65535));
  auto* g = app.add_flag("--get", get, "print every attribute by name");
  auto* s = app.add_flag("--set", set, "apply the given lists");
  g->excludes(s);
  app.add_option("--flag", words[0].lists, "context flags, e.g. persistent,~fakeinit");
  app.add_option("--bcap", words[1].lists, "bounding caps, e.g. CAP_NET_RAW,~CAP_MKNOD");
  app.add_option("--ccap", words[2].lists, "context caps, e.g. set_utsname,~syslog");
  app.add_option("--umask", words[3].lists, "unshare mask, e.g. newuser,newns");
  bool done;
  int rc = vtool::parse_args(app, argc, argv, done);
  if (done) return rc;
  if (get == set) return vtool::fail("vattribute", "give exactly one of --get or --set");
  return vtool::run_attr_words("vattribute", xid, get, words);
}
