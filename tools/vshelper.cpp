// vshelper: the host's helper the kernel runs for guest reboots
// (docs/vshelper.md) as `vshelper ACTION XID`, as root outside every
// context.  It finds the guest whose /etc/vservers/NAME/context is XID
// and, as util-vserver's vshelper: restart stops what is left of it and
// starts it again; halt and poweroff stop it (its addresses go); the
// state changes (startup, shutdown, netup, netdown) need nothing.  A
// guest being stopped (its marker) or started again after the call was
// made is left alone.
// /proc/sys/kernel/vshelper must name this program.
#include <unistd.h>

#include <filesystem>

#include <fmt/core.h>

#include "common.hpp"
#include "conf_file.hpp"
#include "vserver.hpp"
#include "vsys/procfs.hpp"

namespace {

constexpr const char* kTool = "vshelper";

// The guest of /etc/vservers whose context file holds xid.
std::optional<std::string> guest_of(const std::string& confroot, std::uint64_t xid) {
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(confroot, ec)) {
    std::string name = e.path().filename().string();
    if (name.starts_with(".")) continue;
    auto v = vtool::read_number((e.path() / "context").string(), 0, UINT32_MAX);
    if (v && *v && **v == xid) return name;
  }
  return std::nullopt;
}

// True when the context xid was made after this process started: the
// kernel's call is about a guest that was stopped and started again
// since (the kernel does not wait for vshelper, so its call can come
// late), and the new guest is left alone.  Both times are the host's
// CLOCK_BOOTTIME; the start time is in clock ticks, so one tick is added.
bool newer_context(std::uint64_t xid) {
  auto v = vsys::virt_stat(static_cast<vsys::xid_t>(xid));
  auto me = vsys::read_proc_stat(getpid());
  if (!v || !me) return false;
  const auto tick_ns = 1000000000ULL / static_cast<std::uint64_t>(sysconf(_SC_CLK_TCK));
  return v->offset_ns > (me->starttime + 1) * tick_ns;
}

}  // namespace

int main(int argc, char** argv) {
  vtool::ensure_std_fds();
  if (argc == 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
    fmt::print(
        "Usage: vshelper ACTION XID\nRun by the kernel: restart, halt, poweroff act on the "
        "guest of /etc/vservers whose context is XID; startup, shutdown, netup, netdown do "
        "nothing.\n");
    return 0;
  }
  if (argc != 3) return vtool::fail(kTool, "usage: vshelper ACTION XID");
  std::string action = argv[1], id = argv[2];
  if (action == "startup" || action == "shutdown" || action == "netup" || action == "netdown")
    return 0;
  if (action != "restart" && action != "halt" && action != "poweroff")
    return vtool::fail(kTool, fmt::format("unknown action '{}'", action));
  std::uint64_t xid = 0;
  try {
    xid = std::stoull(id);
  } catch (const std::exception&) {
    return vtool::fail(kTool, fmt::format("bad xid '{}'", id));
  }
  auto name = guest_of("/etc/vservers", xid);
  if (!name) return vtool::fail(kTool, fmt::format("no guest has context {}", xid));
  // A reboot or halt made by the guest's shutdown during `vserver stop`
  // (the stop's marker stays until the next start).
  std::error_code ec;
  if (std::filesystem::exists(
          vtool::stopping_marker(vtool::VserverPaths{}, "/etc/vservers/" + *name), ec))
    return 0;
  if (newer_context(xid)) return 0;
  // The kernel ends the guest; stop waits for that and removes its
  // addresses; restart then starts it again.
  auto rc = vtool::run_command({"vserver", *name, "stop"});
  if (!rc) return vtool::fail(kTool, rc.error());
  if (*rc != 0 || action != "restart") return *rc;
  return vtool::fail(kTool, vtool::exec_command({"vserver", *name, "start"}));
}
