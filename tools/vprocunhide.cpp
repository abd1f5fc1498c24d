// vprocunhide: make the /proc entries guests need visible to them (clear
// IATTR_HIDE), as util-vserver's init script does at boot.
//   vprocunhide [LISTFILE]
// A list has one path per line: "DIR/" means the directory and everything
// below it, "~PATH" excludes PATH (and below), '#' starts a comment.
// Paths this kernel lacks, and entries without visibility bits (process
// directories, sysctls below /proc/sys), are skipped.
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "common.hpp"
#include "vsys/inode.hpp"

namespace fs = std::filesystem;

namespace {

// The default list (docs/filesystem-fences.md explains each choice).
constexpr const char* kDefaultList = R"(/proc/cmdline
/proc/cpuinfo
/proc/crypto
/proc/devices
/proc/diskstats
/proc/filesystems
/proc/interrupts
/proc/loadavg
/proc/meminfo
/proc/misc
/proc/modules
/proc/partitions
/proc/stat
/proc/swaps
/proc/uptime
/proc/version
/proc/vmstat
/proc/sys
/proc/net/
~/proc/net/rpc/
~/proc/net/nf_conntrack
)";

struct List {
  std::vector<std::string> paths;
  std::vector<std::string> excluded;
};

List parse_list(std::istream& in) {
  List l;
  std::string line;
  while (std::getline(in, line)) {
    if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    while (!line.empty() && isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
    if (line.empty()) continue;
    if (line[0] == '~')
      l.excluded.push_back(line.substr(1));
    else
      l.paths.push_back(line);
  }
  return l;
}

bool excluded(const List& l, const std::string& path) {
  for (const auto& e : l.excluded) {
    std::string bare = e.ends_with('/') ? e.substr(0, e.size() - 1) : e;
    if (path == bare || path.starts_with(bare + "/")) return true;
  }
  return false;
}

class Unhider {
 public:
  explicit Unhider(const List& l) : list_(l) {}

  void unhide(const std::string& path) {
    if (excluded(list_, path)) return;
    auto a = vsys::get_iattr(path);
    if (!a || !(a->mask & IATTR_HIDE)) return;
    auto r = vsys::set_iattr(path, 0, IATTR_HIDE);
    if (r) {
      ++done_;
    } else if (r.error().code() != ENOENT) {
      status_ = vtool::fail("vprocunhide", r.error());
    }
  }

  void unhide_tree(const std::string& dir) {
    unhide(dir);
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::string p = it->path().string();
      if (excluded(list_, p)) {
        it.disable_recursion_pending();
        continue;
      }
      unhide(p);
    }
  }

  int done() const { return done_; }
  int status() const { return status_; }

 private:
  const List& list_;
  int done_ = 0;
  int status_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  std::string file;
  CLI::App app{"Unhide the /proc entries guests need.", "vprocunhide"};
  app.add_option("list", file, "list of entries (default: the built-in list)");
  bool done;
  int rc = vtool::parse_args(app, argc, argv, done);
  if (done) return rc;
  List list;
  if (file.empty()) {
    std::istringstream in(kDefaultList);
    list = parse_list(in);
  } else {
    std::ifstream in(file);
    if (!in) return vtool::fail("vprocunhide", fmt::format("cannot read {}", file));
    list = parse_list(in);
  }
  Unhider u(list);
  for (const auto& p : list.paths) {
    if (p.ends_with('/'))
      u.unhide_tree(p.substr(0, p.size() - 1));
    else
      u.unhide(p);
  }
  return u.status();
}
