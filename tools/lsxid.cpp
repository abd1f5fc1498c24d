// lsxid: show the context tag (xid) of files, one line per file:
//   42 path        the tag, on a filesystem mounted with tagging
//   - path         the filesystem keeps no tags
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "common.hpp"
#include "vsys/inode.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> files;
  CLI::App app{"Show the context tag of files.", "lsxid"};
  app.add_option("files", files, "files")->required();
  bool done;
  int rc = vtool::parse_args(app, argc, argv, done);
  if (done) return rc;
  int status = 0;
  for (const auto& f : files) {
    auto a = vsys::get_iattr(f);
    if (!a) {
      status = vtool::fail("lsxid", a.error());
      continue;
    }
    if (a->mask & IATTR_TAG)
      fmt::print("{} {}\n", a->tag, f);
    else
      fmt::print("- {}\n", f);
  }
  return status;
}
