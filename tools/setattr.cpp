// setattr: set or clear vserver inode attributes, util-vserver style.
//   setattr [--barrier|--~barrier] [--iunlink|--~iunlink] [--immu|--~immu]
//           (both: IMMUTABLE and IXUNLINK) [--iunlink-but-not-immutable]
//           [--immutable|--~immutable] [--hide|--~hide] [--admin|--~admin]
//           [--watch|--~watch] [--cow|--~cow] [--flag LIST] FILE...
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "common.hpp"
#include "vsys/inode.hpp"
#include "vsys/names.hpp"

namespace {

// Moves "--name" and "--~name" attribute switches out of argv into a list.
std::vector<std::string> take_switches(int& argc, char** argv) {
  std::vector<std::string> items;
  int out = 1;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--") {
      while (i < argc) argv[out++] = argv[i++];
      break;
    }
    if (a == "--iunlink-but-not-immutable") {
      items.emplace_back("iunlink");
      continue;
    }
    if (a.starts_with("--")) {
      bool negated = a.starts_with("--~");
      std::string_view name = a.substr(negated ? 3 : 2);
      // As in util-vserver, --iunlink and --immu mean the unification
      // pair: data immutable, names removable.
      if (name == "iunlink" || name == "immu") {
        items.emplace_back(negated ? "~iunlink,~immutable" : "iunlink,immutable");
        continue;
      }
      auto known = vsys::parse_flags(vsys::iattr_names(), name);
      if (!name.empty() && known) {
        items.emplace_back(a.substr(2));
        continue;
      }
    }
    argv[out++] = argv[i];
  }
  argc = out;
  return items;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> items = take_switches(argc, argv);
  std::vector<std::string> lists, files;
  CLI::App app{"Set (--NAME) or clear (--~NAME) vserver attributes of files.", "setattr"};
  app.footer(
      "Attributes: --barrier (directories); --iunlink or --immu (immutable data, unlinkable:\n"
      "the unification pair), --iunlink-but-not-immutable, --immutable, --cow (files);\n"
      "--hide, --admin, --watch (/proc entries); --~NAME clears.");
  app.add_option("--flag", lists, "comma separated list, e.g. barrier,~hide");
  app.add_option("files", files, "files to change")->required();
  bool done;
  int rc = vtool::parse_args(app, argc, argv, done);
  if (done) return rc;
  for (const auto& l : lists) items.push_back(l);
  vsys::FlagWord change{0, 0};
  for (const auto& item : items) {
    auto fw = vsys::parse_flags(vsys::iattr_names(), item);
    if (!fw) return vtool::fail("setattr", fw.error());
    change.value = (change.value & ~fw->mask) | fw->value;
    change.mask |= fw->mask;
  }
  if (!change.mask) return vtool::fail("setattr", "no attribute given (try --help)");
  int status = 0;
  for (const auto& f : files) {
    auto r = vsys::set_iattr(f, static_cast<std::uint32_t>(change.value),
                             static_cast<std::uint32_t>(change.mask));
    if (!r) status = vtool::fail("setattr", r.error());
  }
  return status;
}
