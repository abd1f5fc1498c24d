// The vserver manager (util-vserver's `vserver NAME COMMAND`): what its
// commands share.  Exit codes as util-vserver: 0 success, 1 failure,
// 2 usage, 3 "status" of a stopped guest, 5 no configuration.
#pragma once

#include <string>
#include <vector>

#include "guest_config.hpp"
#include "vsys/error.hpp"

namespace vtool {

constexpr const char* kVserver = "vserver";
constexpr int kExitUsage = 2;
constexpr int kExitStopped = 3;
constexpr int kExitNoConfig = 5;

// Where the trees live; the defaults are util-vserver's.
struct VserverPaths {
  std::string confroot = "/etc/vservers";  // NAME/ and .defaults/
  std::string rundir = "/var/run/vservers";
  // .defaults/vdirbase (a link or a directory), else /var/lib/vservers.
  std::string vdirbase() const;
};

// The guest a command names: NAME under confroot, or a path.
struct GuestRef {
  std::string arg;      // as given
  std::string confdir;  // its /etc/vservers/NAME
};

// Made by `vserver NAME stop`, removed by `vserver NAME start` (NAME: the
// configuration directory's name): a reboot or halt the guest's own
// shutdown scripts make during a stop (Debian's rc 6 ends with reboot -f)
// is the stop, and vshelper does not start the guest again.
inline std::string stopping_marker(const VserverPaths& p, const std::string& confdir) {
  std::string base = confdir.substr(confdir.find_last_of('/') + 1);
  return p.rundir + "/" + base + ".stopping";
}

// The configuration, or the exit status after a one-line message.
vsys::Result<GuestConfig> load_config(const GuestRef& g, const VserverPaths& p);
// Does the guest's context exist?
bool guest_running(const GuestConfig& c);

int vserver_build(const std::string& name, const std::vector<std::string>& args,
                  const VserverPaths& p);
int vserver_delete(const GuestRef& g, const std::vector<std::string>& args, const VserverPaths& p);
int vserver_start(const GuestRef& g, const std::vector<std::string>& args, const VserverPaths& p);
int vserver_stop(const GuestRef& g, const std::vector<std::string>& args, const VserverPaths& p);
// exec CMD..., suexec USER CMD..., enter: replace the process by CMD in
// the guest's context, network context, namespaces and root.
int vserver_exec(const GuestRef& g, const std::string& user, std::vector<std::string> argv,
                 const VserverPaths& p);

}  // namespace vtool
