// The configuration of one guest: the /etc/vservers/NAME/ tree of
// util-vserver, read whole before anything is started.  Every file the
// reader does not know, and every malformed one, is an error naming the
// file; files util-vserver knows but this manager does not apply yet are
// listed in `unsupported` so that start can refuse them (a security
// setting is never silently dropped).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rlimit_dir.hpp"
#include "sched_dir.hpp"
#include "vsys/context.hpp"
#include "vsys/error.hpp"

namespace vtool {

// interfaces/N/: ip, prefix or mask, dev (or nodev), name, disabled.
struct GuestInterface {
  std::string index;    // N
  std::string ip;       // "10.0.0.5" or "fd00::5"
  unsigned prefix = 0;  // from prefix, mask, interfaces/prefix, else 32 or 128
  std::string dev;      // "" with nodev: the address is only the guest's, not the host's
  std::string name;     // label suffix on dev (dev:name)
  bool ipv6 = false;
  // "ip/prefix" as naddress and parse_net_addr take it.
  std::string cidr() const { return ip + "/" + std::to_string(prefix); }
};

// dlimits/N/: a disk limit on a directory of the guest's (util-vserver's
// files; space in KiB, reserved in percent for root).
struct DiskLimit {
  std::string path;  // dlimits/N
  std::string directory;
  std::uint64_t space_total = 0, inodes_total = 0;
  unsigned reserved = 0;
};

// One fstab line: source, target (in the guest), type, options.
struct FstabEntry {
  std::string source, target, type, options;
};

struct GuestConfig {
  std::string confdir;  // /etc/vservers/NAME
  std::string name;     // the "name" file, else the directory's name (VHIN_CONTEXT)
  std::optional<vsys::xid_t> xid;
  std::map<std::string, std::string> uts;  // uts/<field>: nodename, domainname, ...
  std::vector<GuestInterface> interfaces;
  // Changes to the defaults: value bits set, mask bits touched.
  vsys::FlagWord cflags{0, 0}, bcaps{0, 0}, ccaps{0, 0}, umask{0, 0}, nflags{0, 0}, ncaps{0, 0};
  RlimitSet limits{};
  std::uint32_t limits_given = 0;
  std::vector<vsys::Sched> sched;   // sched/: the request, then one per CPU subdirectory
  std::vector<DiskLimit> dlimits;   // dlimits/N/ without a "disabled" file
  std::string init_style = "sysv";  // apps/init/style
  std::string mark;                 // apps/init/mark ("default": boot-time start)
  std::vector<std::string> cmd_start, cmd_stop;           // apps/init/cmd.start, cmd.stop: argv
  std::string runlevel_start = "3", runlevel_stop = "6";  // sysv style
  std::vector<FstabEntry> fstab;
  std::uint64_t spaces = 0;              // extra namespace kinds of spaces/
  std::string vdir;                      // the guest's root: the vdir link, else vdirbase/NAME
  std::vector<std::string> unsupported;  // paths of known files not applied yet
};

// Reads confdir (e.g. /etc/vservers/a); vdirbase is where a guest without
// a vdir link lives (.defaults/vdirbase).
vsys::Result<GuestConfig> read_guest_config(const std::string& confdir,
                                            const std::string& vdirbase);

// Parses a --interface argument "[NAME=][DEV:]IP[/PREFIX|/MASK]" (build).
vsys::Result<GuestInterface> parse_interface_arg(const std::string& text);

}  // namespace vtool
