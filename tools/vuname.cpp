// vuname: the uts names (vhi_name) of a context.
//   vuname [-g] --xid XID [TAG...]          print the names (all by default)
//   vuname -s --xid XID -t TAG=VALUE... [--] [COMMAND...]
//   vuname --dir DIR --xid XID [--missingok] [--] [COMMAND...]
// TAG: context, sysname, nodename, release, version, machine, domainname.
// The uts names live in the UTS namespace of the context's space 0.
#include <strings.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "common.hpp"

namespace {

constexpr std::array<const char*, 7> kTags = {"context", "sysname", "nodename",  "release",
                                              "version", "machine", "domainname"};

std::optional<vhi_name_field> tag_of(const std::string& name) {
  for (std::size_t i = 0; i < kTags.size(); ++i)
    if (strcasecmp(name.c_str(), kTags[i]) == 0) return static_cast<vhi_name_field>(i);
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  vsys::xid_t xid = 0;
  bool get = false, set = false, missingok = false;
  std::vector<std::string> tags;
  std::string dir;
  std::vector<std::string> rest;
  CLI::App app{"Show or set the uts names of a security context (vhi_name).", "vuname"};
  app.add_option("-x,--xid", xid, "context id")->required()->check(CLI::Range(2, 65535));
  auto* g = app.add_flag("-g,--get", get, "print the names (default)");
  auto* s = app.add_flag("-s,--set", set, "set the names given with -t");
  g->excludes(s);
  app.add_option("-t", tags, "TAG=VALUE to set (repeatable)");
  app.add_option("--dir", dir, "set the names from the files DIR/<tag>");
  app.add_flag("--missingok", missingok, "a missing --dir is no error");
  app.add_option("args", rest, "tags to print, or the command to run after setting");
  app.positionals_at_end();
  bool done;
  int rc = vtool::parse_args(app, argc, argv, done);
  if (done) return rc;

  if (!dir.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
      if (missingok) return rest.empty() ? 0 : vtool::fail("vuname", vtool::exec_command(rest));
      return vtool::fail("vuname", "no directory " + dir);
    }
    for (std::size_t i = 0; i < kTags.size(); ++i) {
      std::ifstream in(std::filesystem::path(dir) / kTags[i]);
      if (!in) continue;
      std::string value;
      std::getline(in, value);
      auto r = vsys::set_vhi_name(xid, static_cast<vhi_name_field>(i), value);
      if (!r) return vtool::fail("vuname", r.error());
    }
  } else if (set) {
    for (const auto& t : tags) {
      auto eq = t.find('=');
      auto field = tag_of(t.substr(0, eq));
      if (!field) return vtool::fail("vuname", "tag '" + t.substr(0, eq) + "' not recognized");
      auto r = vsys::set_vhi_name(xid, *field, eq == std::string::npos ? "" : t.substr(eq + 1));
      if (!r) return vtool::fail("vuname", r.error());
    }
  } else {
    std::vector<vhi_name_field> fields;
    for (const auto& t : rest) {
      auto field = tag_of(t);
      if (!field) return vtool::fail("vuname", "tag '" + t + "' not recognized");
      fields.push_back(*field);
    }
    if (fields.empty())
      for (std::size_t i = 0; i < kTags.size(); ++i)
        fields.push_back(static_cast<vhi_name_field>(i));
    std::string line;
    for (auto f : fields) {
      auto v = vsys::get_vhi_name(xid, f);
      line += (line.empty() ? "" : " ") + (v ? *v : std::string("???"));
    }
    fmt::print("{}\n", line);
    return 0;
  }
  if (rest.empty()) return 0;
  return vtool::fail("vuname", vtool::exec_command(rest));
}
