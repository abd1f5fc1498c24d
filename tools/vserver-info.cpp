// vserver-info: versions and features of the running kernel's vserver.
//   vserver-info - SYSINFO         versions and VCI bits
//   vserver-info - FEATURE <name>  exit 0 if the feature is supported
//   vserver-info PID XID|NID|TAG   context, network context or filesystem
//                                  tag of PID ('-' or 0: the caller), as
//                                  util-vserver's vserver-info PID TAG
#include <sys/utsname.h>

#include <charconv>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "common.hpp"
#include "vsys/network.hpp"

namespace {

constexpr std::pair<int, const char*> kVciBits[] = {
    {VCI_KCBIT_NO_DYNAMIC, "NO_DYNAMIC"}, {VCI_KCBIT_PROC_SECURE, "PROC_SECURE"},
    {VCI_KCBIT_HARDCPU, "HARDCPU"},       {VCI_KCBIT_IDLELIMIT, "IDLELIMIT"},
    {VCI_KCBIT_IDLETIME, "IDLETIME"},     {VCI_KCBIT_COWBL, "COWBL"},
    {VCI_KCBIT_FULLCOWBL, "FULLCOWBL"},   {VCI_KCBIT_SPACES, "SPACES"},
    {VCI_KCBIT_NETV2, "NETV2"},           {VCI_KCBIT_MEMCG, "MEMCG"},
    {VCI_KCBIT_MEMCG_SWAP, "MEMCG_SWAP"}, {VCI_KCBIT_DEBUG, "DEBUG"},
    {VCI_KCBIT_HISTORY, "HISTORY"},       {VCI_KCBIT_PPTAG, "PPTAG"},
};

// util-vserver's feature tests (lib/issupported.c), by API version and VCI bit.
bool feature(const std::string& name, std::uint32_t api, std::uint32_t vci) {
  auto bit = [&](int b) { return (vci >> b) & 1; };
  if (name == "vshelper0") return api >= 0x00010000 && api < 0x00010010;
  if (name == "vshelper") return api >= 0x00010000;
  if (name == "vkill" || name == "rlimit") return api >= 0x00010004;
  if (name == "vinfo" || name == "vhi") return api >= 0x00010010;
  if (name == "iattr") return api >= 0x00010011;
  if (name == "migrate" || name == "namespace") return api >= 0x00010012;
  if (name == "vwait") return api >= 0x00010025;
  if (name == "sched") return api >= 0x00020000;
  if (name == "vnet") return api >= 0x00020001;
  if (name == "persistent") return api >= 0x00020002;
  if (name == "vstat") return api >= 0x00020103 && api < 0x00020306;
  if (name == "pptag") return bit(VCI_KCBIT_PPTAG);
  if (name == "spaces") return bit(VCI_KCBIT_SPACES);
  if (name == "pivot_root") return api >= 0x00020304;
  if (name == "memcg") return api >= 0x00020306 && bit(VCI_KCBIT_MEMCG);
  if (name == "dynamic") return api < 0x00020300 || !bit(VCI_KCBIT_NO_DYNAMIC);
  throw std::invalid_argument(name);
}

int sysinfo(std::uint32_t api, std::uint32_t vci) {
  utsname u{};
  uname(&u);
  fmt::print("Versions:\n");
  fmt::print("{:>25}: {}\n", "Kernel", u.release);
  fmt::print("{:>25}: 0x{:08x}\n", "VS-API", api);
  fmt::print("{:>25}: 0x{:016x}\n", "VCI", vci);
  fmt::print("{:>25}: {}\n", "libvsys", VSYS_VERSION);
  fmt::print("VCI bits:\n");
  for (auto [b, n] : kVciBits)
    if ((vci >> b) & 1) fmt::print("{:>25}\n", n);
  fmt::print("{:>25}: {}\n", "TAGGED", (vci >> VCI_KCBIT_TAGGED) & 7);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string target, command = "SYSINFO";
  std::vector<std::string> args;
  CLI::App app{"Show versions and features of the vserver kernel interface.", "vserver-info"};
  app.add_option("vserver", target, "'-' for the running kernel, or a pid for XID, NID, TAG")
      ->required();
  app.add_option("command", command, "SYSINFO (default), FEATURE <name>, XID, NID, TAG");
  app.add_option("args", args, "command arguments");
  bool done;
  int rc = vtool::parse_args(app, argc, argv, done);
  if (done) return rc;
  if (command == "XID" || command == "NID" || command == "TAG") {
    pid_t pid = 0;
    if (target != "-") {
      auto [end, ec] = std::from_chars(target.data(), target.data() + target.size(), pid);
      if (ec != std::errc() || end != target.data() + target.size() || pid < 0)
        return vtool::fail("vserver-info", "bad pid '" + target + "'");
    }
    auto id = command == "XID"   ? vsys::task_xid(pid)
              : command == "NID" ? vsys::task_nid(pid)
                                 : vsys::task_tag(pid);
    if (!id) return vtool::fail("vserver-info", id.error());
    fmt::print("{}\n", *id);
    return 0;
  }
  if (target != "-")
    return vtool::fail("vserver-info", "only '-' (the running kernel) is supported");
  auto api = vsys::get_version();
  if (!api) return vtool::fail("vserver-info", api.error());
  auto vci = vsys::get_vci();
  if (!vci) return vtool::fail("vserver-info", vci.error());
  if (command == "SYSINFO") return sysinfo(*api, *vci);
  if (command == "FEATURE") {
    if (args.size() != 1) return vtool::fail("vserver-info", "FEATURE needs one name");
    try {
      return feature(args[0], *api, *vci) ? 0 : 1;
    } catch (const std::invalid_argument&) {
      return vtool::fail("vserver-info", "unknown feature '" + args[0] + "'");
    }
  }
  return vtool::fail("vserver-info", "unknown command '" + command + "'");
}
