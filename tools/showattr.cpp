// showattr: show vserver inode attributes, one line per file:
//   AwH-ui- /proc/uptime
// Letters: Admin Watch Hide Barrier iUnlink Immutable and util-vserver's
// "write" column; upper case set, lower case clear, '-' not applicable.
// Directories are listed by content unless -d is given.
#include <filesystem>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "common.hpp"
#include "vsys/inode.hpp"
#include "vsys/names.hpp"

namespace fs = std::filesystem;

namespace {

int show(const std::string& path) {
  auto a = vsys::get_iattr(path);
  if (!a) return vtool::fail("showattr", a.error());
  fmt::print("{} {}\n", vsys::iattr_letters(a->flags, a->mask), path);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  bool dirs = false;
  std::vector<std::string> files;
  CLI::App app{"Show the vserver attributes of files.", "showattr"};
  app.add_flag("-d,--directory", dirs, "show directories themselves, not their content");
  app.add_option("files", files, "files (default: the current directory)");
  bool done;
  int rc = vtool::parse_args(app, argc, argv, done);
  if (done) return rc;
  if (files.empty()) files.emplace_back(".");
  int status = 0;
  for (const auto& f : files) {
    std::error_code ec;
    if (!dirs && fs::is_directory(fs::symlink_status(f, ec))) {
      fs::directory_iterator it(f, ec);
      if (ec) {
        status = vtool::fail("showattr", fmt::format("{}: {}", f, ec.message()));
        continue;
      }
      for (const auto& e : it) status |= show(e.path().string());
    } else {
      status |= show(f);
    }
  }
  return status;
}
