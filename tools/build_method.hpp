// The build methods of `vserver NAME build -m METHOD -- ARGS`: what fills
// the guest's new root directory.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "vserver.hpp"
#include "vsys/error.hpp"

namespace vtool {

struct BuildMethod {
  std::string name;                    // skeleton, template, debootstrap, rsync, clone
  std::vector<std::string> templates;  // template: -t TARBALL...
  std::string suite, mirror;           // debootstrap: -d SUITE, -m MIRROR
  std::vector<std::string> extra;      // debootstrap, rsync: the tool's own, after a second --
  std::string source;                  // rsync, clone: --source GUEST|DIR (rsync: or HOST:DIR)
  std::vector<std::string> options;    // rsync: -o OPTION... (default -Hazx --numeric-ids)
};

// CLI11 over a vector of arguments (the program name is added).
int parse_vector(CLI::App& app, std::vector<std::string> args, bool& done);

// Parses the method's arguments (those after --) into m (m.name set).
int parse_method_args(BuildMethod& m, const std::vector<std::string>& args, bool& done);

// Fills root (an existing empty directory) for guest name.
vsys::Result<void> fill_root(const BuildMethod& m, const std::string& name, const std::string& root,
                             const VserverPaths& p);

}  // namespace vtool
