#include "context_start.hpp"

#include <sched.h>

#include <cerrno>

#include <fmt/core.h>

#include "common.hpp"
#include "vsys/names.hpp"
#include "vsys/space.hpp"

namespace vtool {
namespace {

vsys::Result<vsys::xid_t> create_any(std::uint64_t flags) {
  return create_first_free([&](vsys::xid_t xid) { return vsys::ctx_create(xid, flags); },
                           "ctx_create");
}

vsys::Result<vsys::xid_t> with_xid(const vsys::Result<void>& r, vsys::xid_t xid) {
  if (!r) return std::unexpected(r.error());
  return xid;
}

// What a caller sets on a context it enters without creating it is set
// before ctx_migrate, from the host: inside a running guest the caller is
// bounded by the guest's bcaps, which keep no CAP_CONTEXT (util-vserver's
// default), and vserver(2) answers every command with ENOSYS there.
// chcontext only enters (the context's setup belongs to its creator);
// vcontext --migrate --endsetup ends the setup first.
vsys::Result<void> before_migrate(const StartOptions& opt, vsys::xid_t xid,
                                  const vsys::FlagWord& extra) {
  if (extra.mask) {
    auto r = vsys::set_cflags(xid, extra);
    if (!r) return r;
  }
  if (!opt.name.empty()) {
    auto r = vsys::set_vhi_name(xid, VHIN_CONTEXT, opt.name);
    if (!r) return r;
  }
  if (opt.endsetup && !opt.create_or_migrate) return vsys::set_cflags(xid, {0, VXF_STATE_SETUP});
  return {};
}

vsys::Result<vsys::xid_t> migrate(const StartOptions& opt, vsys::xid_t xid,
                                  const vsys::FlagWord& extra) {
  auto r = before_migrate(opt, xid, extra);
  if (!r) return std::unexpected(r.error());
  return with_xid(vsys::ctx_migrate(xid, opt.initpid ? VXM_SET_INIT : 0), xid);
}

vsys::Result<vsys::xid_t> enter(const StartOptions& opt, const vsys::FlagWord& extra,
                                bool& created) {
  if (!opt.create) return migrate(opt, *opt.xid, extra);
  auto r = opt.xid ? vsys::ctx_create(*opt.xid, VXF_INIT_SET) : create_any(VXF_INIT_SET);
  if (!r && r.error().code() == EEXIST && opt.create_or_migrate)
    return migrate(opt, *opt.xid, extra);
  created = r.has_value();
  return r;
}

// What util-vserver's ctx_create does on a kernel with spaces (VCI bit
// 10): the new context gets namespaces of its own, stored as its space 0,
// so vuname and vnamespace --enter work on it.  Only UTS and IPC: the
// mount namespace and root follow later (vnamespace --set), network
// contexts keep the host's network namespace, and vs2.3 kernels had no
// user namespaces.
vsys::Result<void> own_spaces(vsys::xid_t xid) {
  auto vci = vsys::get_vci();
  if (!vci) return std::unexpected(vci.error());
  if (!(*vci & (1u << VCI_KCBIT_SPACES))) return {};
  auto def = vsys::get_space_default();
  if (!def) return std::unexpected(def.error());
  std::uint64_t mask = *def & (CLONE_NEWUTS | CLONE_NEWIPC);
  if (unshare(static_cast<int>(mask)) != 0)
    return std::unexpected(vsys::Error(errno, fmt::format("unshare({:#x})", mask)));
  return vsys::set_space(xid, mask);
}

}  // namespace

void add_start_options(CLI::App& app, StartOptions& opt, const std::string& xid_names) {
  app.add_option(xid_names, opt.xid, "context id 2..65535 (default: first free from 49152)")
      ->check(CLI::Range(2, 65535));
  app.add_option("--flag", opt.flags, "context flags, e.g. persistent,~fakeinit")->delimiter('\0');
  app.add_option("--name", opt.name, "context name (shown by vserver-stat)");
  app.add_flag("--silent", opt.silent, "do not print the context id");
  app.add_flag("--disconnect", opt.disconnect, "start the command in the background");
  app.add_option("--cap", opt.caps,
                 "bcaps for a new guest beyond the default (CAP_NET_RAW; ~CAP_X drops)");
  app.add_option("command", opt.command, "command and its arguments")->required();
  app.positionals_at_end();
}

int start_in_context(const std::string& tool, const StartOptions& opt) {
  auto extra = vsys::parse_flags(vsys::cflag_names(), opt.flags);
  if (!extra) return fail(tool, extra.error());
  // A new guest gets util-vserver's default bcaps, adjusted by --cap.
  std::uint64_t bcaps = vsys::default_guest_bcaps();
  for (const auto& c : opt.caps) {
    auto fw = vsys::parse_flags(vsys::bcap_names(), c);
    if (!fw) return fail(tool, fw.error());
    bcaps = (bcaps & ~fw->mask) | fw->value;
  }
  if (opt.disconnect) disconnect();
  bool created_new = false;
  auto xid = enter(opt, *extra, created_new);
  if (!xid) return fail(tool, xid.error());
  if (created_new) {
    if (extra->mask) {
      auto r = vsys::set_cflags(*xid, *extra);
      if (!r) return fail(tool, r.error());
    }
    auto r = own_spaces(*xid);
    if (!r) return fail(tool, r.error());
    r = vsys::set_bcaps(*xid, {bcaps, ~0ULL});
    if (!r) return fail(tool, r.error());
    if (!opt.name.empty()) {
      r = vsys::set_vhi_name(*xid, VHIN_CONTEXT, opt.name);
      if (!r) return fail(tool, r.error());
    }
    // The creator is inside already: as util-vserver does, clearing
    // STATE_INIT from inside names it the guest init (ctx_migrate is a
    // host command).
    if (opt.initpid) {
      r = vsys::set_cflags(*xid, {0, VXF_STATE_INIT});
      if (!r) return fail(tool, r.error());
    }
    if (opt.endsetup) {
      r = vsys::set_cflags(*xid, {0, VXF_STATE_SETUP});
      if (!r) return fail(tool, r.error());
    }
  }
  if (!opt.silent) fmt::print(stderr, "New security context is {}\n", *xid);
  return fail(tool, exec_command(opt.command));
}

}  // namespace vtool
