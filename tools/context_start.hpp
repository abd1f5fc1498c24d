// Creating or entering a context and running a command in it, shared by
// chcontext and vcontext.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "vsys/context.hpp"

namespace vtool {

struct StartOptions {
  std::optional<vsys::xid_t> xid;  // none: the first free xid from 49152
  bool create = true;              // false: migrate into an existing one
  bool create_or_migrate = false;  // chcontext: migrate if it exists
  std::string flags;               // util-vserver flag list
  std::vector<std::string> caps;   // --cap: bcaps added to (~: removed from) the default
  std::string name;                // VHIN_CONTEXT
  bool endsetup = false;           // clear STATE_SETUP before exec
  bool initpid = false;            // become the guest init (VXM_SET_INIT)
  bool silent = false;
  bool disconnect = false;
  std::vector<std::string> command;
};

// Registers the options both tools share: --xid (with the extra names
// given), --flag, --name, --silent, --disconnect and the command.
void add_start_options(CLI::App& app, StartOptions& opt, const std::string& xid_names);

// Does the whole job; returns an exit status only on failure (on success
// the process is replaced by the command).
int start_in_context(const std::string& tool, const StartOptions& opt);

}  // namespace vtool
