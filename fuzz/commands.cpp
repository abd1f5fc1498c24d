// vsfuzz: the command table, input generation and mutation.
#include <sched.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstddef>
#include <cstring>
#include <endian.h>
#include <string_view>

#include <linux/vserver/context.h>
#include <linux/vserver/inode.h>
#include <linux/vserver/network.h>
#include <linux/vserver/sched.h>
#include <linux/vserver/space.h>
#include <linux/vserver/switch.h>

#include <fmt/core.h>

#include "fuzz.hpp"

namespace vsfuzz {

namespace {

#define F(type, member, gen, ...) \
  FieldDesc { offsetof(type, member), sizeof(type::member), gen, ##__VA_ARGS__ }

// CLONE_* bits a umask or space mask speaks of.
constexpr std::uint64_t kCloneBits = CLONE_FS | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC |
                                     CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWCGROUP |
                                     0x80 /* CLONE_NEWTIME */;
constexpr std::uint64_t kAll = ~0ULL;

std::vector<CmdDesc> make_table() {
  using C = CmdDesc;
  using ID = IdKind;
  using U = Use;
  std::vector<CmdDesc> t;
  t.push_back(C{"get_version", VCMD_get_version, 0, ID::kNone, U::kNone});
  t.push_back(C{"get_vci", VCMD_get_vci, 0, ID::kNone, U::kNone});
  t.push_back(C{"task_xid", VCMD_task_xid, 0, ID::kPid, U::kNone});
  t.push_back(C{"task_tag", VCMD_task_tag, 0, ID::kPid, U::kNone});
  t.push_back(C{"vx_info", VCMD_vx_info, sizeof(vcmd_vx_info_v0), ID::kXid, U::kOut});
  t.push_back(C{"ctx_stat", VCMD_ctx_stat, sizeof(vcmd_ctx_stat_v0), ID::kXid, U::kOut});
  t.push_back(C{"virt_stat", VCMD_virt_stat, sizeof(vcmd_virt_stat_v0), ID::kXid, U::kOut});
  t.push_back(C{"ctx_create_v0", VCMD_ctx_create_v0, 0, ID::kXid, U::kNone, true});
  t.push_back(C{"ctx_create",
                VCMD_ctx_create,
                sizeof(vcmd_ctx_create),
                ID::kXid,
                U::kOptIn,
                true,
                false,
                false,
                {F(vcmd_ctx_create, flagword, Gen::kFlags, VXF_KNOWN)}});
  t.push_back(C{"ctx_migrate_v0", VCMD_ctx_migrate_v0, 0, ID::kXid, U::kNone, true});
  t.push_back(C{"ctx_migrate",
                VCMD_ctx_migrate,
                sizeof(vcmd_ctx_migrate),
                ID::kXid,
                U::kOptIn,
                true,
                false,
                false,
                {F(vcmd_ctx_migrate, flagword, Gen::kFlags, VXM_KNOWN)}});
  t.push_back(C{"ctx_kill",
                VCMD_ctx_kill,
                sizeof(vcmd_ctx_kill_v0),
                ID::kXid,
                U::kIn,
                false,
                false,
                true,
                {F(vcmd_ctx_kill_v0, pid, Gen::kPid), F(vcmd_ctx_kill_v0, sig, Gen::kSignal)}});
  t.push_back(
      C{"wait_exit", VCMD_wait_exit, sizeof(vcmd_wait_exit_v0), ID::kXid, U::kOut, false, true});
  // The flag, capability and mask words: get writes, set reads.
  struct Word {
    const char* get;
    const char* set;
    std::uint32_t gcmd, scmd;
    IdKind id;
    std::uint64_t known;
  };
  const Word words[] = {
      {"get_cflags", "set_cflags", VCMD_get_cflags, VCMD_set_cflags, ID::kXid, VXF_KNOWN},
      {"get_bcaps", "set_bcaps", VCMD_get_bcaps, VCMD_set_bcaps, ID::kXid, kAll},
      {"get_ccaps", "set_ccaps", VCMD_get_ccaps, VCMD_set_ccaps, ID::kXid, VXC_KNOWN},
      {"get_umask", "set_umask", VCMD_get_umask, VCMD_set_umask, ID::kXid, kCloneBits},
      {"get_nflags", "set_nflags", VCMD_get_nflags, VCMD_set_nflags, ID::kNid, NXF_KNOWN},
      {"get_ncaps", "set_ncaps", VCMD_get_ncaps, VCMD_set_ncaps, ID::kNid, NXC_KNOWN},
  };
  for (const auto& w : words) {
    t.push_back(C{w.get, w.gcmd, sizeof(vcmd_bcaps), w.id, U::kOut});
    t.push_back(
        C{w.set,
          w.scmd,
          sizeof(vcmd_bcaps),
          w.id,
          U::kIn,
          false,
          false,
          false,
          {F(vcmd_bcaps, bcaps, Gen::kFlags, w.known), F(vcmd_bcaps, bmask, Gen::kMask, w.known)}});
  }
  const std::vector<FieldDesc> vhi = {F(vcmd_vhi_name_v0, field, Gen::kField),
                                      F(vcmd_vhi_name_v0, name, Gen::kName)};
  t.push_back(C{"get_vhi_name", VCMD_get_vhi_name, sizeof(vcmd_vhi_name_v0), ID::kXid, U::kInOut,
                false, false, false, vhi});
  t.push_back(C{"set_vhi_name", VCMD_set_vhi_name, sizeof(vcmd_vhi_name_v0), ID::kXid, U::kIn,
                false, false, false, vhi});
  t.push_back(C{"task_nid", VCMD_task_nid, 0, ID::kPid, U::kNone});
  t.push_back(C{"nx_info", VCMD_nx_info, sizeof(vcmd_nx_info_v0), ID::kNid, U::kOut});
  t.push_back(C{"net_create_v0", VCMD_net_create_v0, 0, ID::kNid, U::kNone, true});
  t.push_back(C{"net_create",
                VCMD_net_create,
                sizeof(vcmd_net_create),
                ID::kNid,
                U::kOptIn,
                true,
                false,
                false,
                {F(vcmd_net_create, flagword, Gen::kFlags, NXF_KNOWN)}});
  t.push_back(C{"net_migrate", VCMD_net_migrate, 0, ID::kNid, U::kNone, true});
  const std::vector<FieldDesc> v0 = {
      F(vcmd_net_addr_v0, type, Gen::kType),   F(vcmd_net_addr_v0, count, Gen::kCount),
      F(vcmd_net_addr_v0, ip[0], Gen::kIp4),   F(vcmd_net_addr_v0, ip[1], Gen::kIp4),
      F(vcmd_net_addr_v0, ip[2], Gen::kIp4),   F(vcmd_net_addr_v0, ip[3], Gen::kIp4),
      F(vcmd_net_addr_v0, mask[0], Gen::kIp4), F(vcmd_net_addr_v0, mask[1], Gen::kIp4),
      F(vcmd_net_addr_v0, mask[2], Gen::kIp4), F(vcmd_net_addr_v0, mask[3], Gen::kIp4)};
  t.push_back(C{"net_add", VCMD_net_add, sizeof(vcmd_net_addr_v0), ID::kNid, U::kIn, false, false,
                false, v0});
  t.push_back(C{"net_remove", VCMD_net_remove, sizeof(vcmd_net_addr_v0), ID::kNid, U::kIn, false,
                false, false, v0});
  const std::vector<FieldDesc> v1 = {
      F(vcmd_net_addr_ipv4_v1, type, Gen::kType), F(vcmd_net_addr_ipv4_v1, flags, Gen::kU16),
      F(vcmd_net_addr_ipv4_v1, ip, Gen::kIp4), F(vcmd_net_addr_ipv4_v1, mask, Gen::kIp4)};
  t.push_back(C{"net_add_ipv4_v1", VCMD_net_add_ipv4_v1, sizeof(vcmd_net_addr_ipv4_v1), ID::kNid,
                U::kIn, false, false, false, v1});
  t.push_back(C{"net_rem_ipv4_v1", VCMD_net_rem_ipv4_v1, sizeof(vcmd_net_addr_ipv4_v1), ID::kNid,
                U::kIn, false, false, false, v1});
  const std::vector<FieldDesc> v2 = {
      F(vcmd_net_addr_ipv4_v2, type, Gen::kType), F(vcmd_net_addr_ipv4_v2, flags, Gen::kU16),
      F(vcmd_net_addr_ipv4_v2, ip, Gen::kIp4), F(vcmd_net_addr_ipv4_v2, ip2, Gen::kIp4),
      F(vcmd_net_addr_ipv4_v2, mask, Gen::kIp4)};
  t.push_back(C{"net_add_ipv4", VCMD_net_add_ipv4, sizeof(vcmd_net_addr_ipv4_v2), ID::kNid, U::kIn,
                false, false, false, v2});
  t.push_back(C{"net_rem_ipv4", VCMD_net_rem_ipv4, sizeof(vcmd_net_addr_ipv4_v2), ID::kNid, U::kIn,
                false, false, false, v2});
  const std::vector<FieldDesc> v6 = {
      F(vcmd_net_addr_ipv6_v1, type, Gen::kType), F(vcmd_net_addr_ipv6_v1, flags, Gen::kU16),
      F(vcmd_net_addr_ipv6_v1, prefix, Gen::kPrefix), F(vcmd_net_addr_ipv6_v1, ip, Gen::kIp6),
      F(vcmd_net_addr_ipv6_v1, mask, Gen::kIp6)};
  t.push_back(C{"net_add_ipv6", VCMD_net_add_ipv6, sizeof(vcmd_net_addr_ipv6_v1), ID::kNid, U::kIn,
                false, false, false, v6});
  t.push_back(C{"net_remove_ipv6", VCMD_net_remove_ipv6, sizeof(vcmd_net_addr_ipv6_v1), ID::kNid,
                U::kIn, false, false, false, v6});
  // known = 1: only the paths a fuzzer may change (the scratch directory).
  t.push_back(C{"get_iattr",
                VCMD_get_iattr,
                sizeof(vcmd_ctx_iattr_v1),
                ID::kNone,
                U::kInOut,
                false,
                false,
                false,
                {F(vcmd_ctx_iattr_v1, name, Gen::kPath), F(vcmd_ctx_iattr_v1, tag, Gen::kU32),
                 F(vcmd_ctx_iattr_v1, flags, Gen::kFlags, IATTR_FLAGS | IATTR_BARRIER),
                 F(vcmd_ctx_iattr_v1, mask, Gen::kMask, IATTR_FLAGS)}});
  t.push_back(C{
      "set_iattr",
      VCMD_set_iattr,
      sizeof(vcmd_ctx_iattr_v1),
      ID::kNone,
      U::kIn,
      false,
      false,
      false,
      {F(vcmd_ctx_iattr_v1, name, Gen::kPath, 1), F(vcmd_ctx_iattr_v1, tag, Gen::kU32),
       F(vcmd_ctx_iattr_v1, flags, Gen::kFlags,
         IATTR_FLAGS | IATTR_BARRIER | IATTR_IXUNLINK | IATTR_IMMUTABLE | IATTR_COW | IATTR_TAG),
       F(vcmd_ctx_iattr_v1, mask, Gen::kMask,
         IATTR_FLAGS | IATTR_BARRIER | IATTR_IXUNLINK | IATTR_IMMUTABLE | IATTR_COW | IATTR_TAG)}});
  const std::vector<FieldDesc> fi = {
      F(vcmd_ctx_fiattr_v0, tag, Gen::kU32),
      F(vcmd_ctx_fiattr_v0, flags, Gen::kFlags,
        IATTR_FLAGS | IATTR_BARRIER | IATTR_IXUNLINK | IATTR_IMMUTABLE | IATTR_COW),
      F(vcmd_ctx_fiattr_v0, mask, Gen::kMask,
        IATTR_FLAGS | IATTR_BARRIER | IATTR_IXUNLINK | IATTR_IMMUTABLE | IATTR_COW)};
  t.push_back(C{"fget_iattr", VCMD_fget_iattr, sizeof(vcmd_ctx_fiattr_v0), ID::kFd, U::kOut});
  t.push_back(C{"fset_iattr", VCMD_fset_iattr, sizeof(vcmd_ctx_fiattr_v0), ID::kFd, U::kIn, false,
                false, false, fi});
  const std::vector<FieldDesc> m1 = {F(vcmd_space_mask_v1, mask, Gen::kMask, kCloneBits)};
  const std::vector<FieldDesc> m2 = {F(vcmd_space_mask_v2, mask, Gen::kMask, kCloneBits),
                                     F(vcmd_space_mask_v2, index, Gen::kIndex)};
  t.push_back(C{"enter_space_v0", VCMD_enter_space_v0, 0, ID::kXid, U::kNone, true});
  t.push_back(C{"enter_space_v1", VCMD_enter_space_v1, sizeof(vcmd_space_mask_v1), ID::kXid,
                U::kOptIn, true, false, false, m1});
  t.push_back(C{"enter_space", VCMD_enter_space, sizeof(vcmd_space_mask_v2), ID::kXid, U::kOptIn,
                true, false, false, m2});
  t.push_back(C{"set_space_v1", VCMD_set_space_v1, sizeof(vcmd_space_mask_v1), ID::kXid, U::kOptIn,
                false, false, false, m1});
  t.push_back(C{"set_space", VCMD_set_space, sizeof(vcmd_space_mask_v2), ID::kXid, U::kOptIn, false,
                false, false, m2});
  t.push_back(C{"get_space_mask_v0", VCMD_get_space_mask_v0, sizeof(vcmd_space_mask_v1), ID::kNone,
                U::kOut});
  t.push_back(
      C{"get_space_mask", VCMD_get_space_mask, sizeof(vcmd_space_mask_v1), ID::kNone, U::kOut});
  t.push_back(C{"get_space_default", VCMD_get_space_default, sizeof(vcmd_space_mask_v1), ID::kNone,
                U::kOut});
  // The token-bucket scheduler (docs/scheduler.md).  Worker.cpp keeps
  // SCHED_PAUSE and SCHED_HARD off the workers' own contexts.
  const std::vector<FieldDesc> s5 = {F(vcmd_sched_v5, mask, Gen::kMask, VXSM_V5_MASK),
                                     F(vcmd_sched_v5, cpu_id, Gen::kIndex),
                                     F(vcmd_sched_v5, bucket_id, Gen::kIndex),
                                     F(vcmd_sched_v5, fill_rate[0], Gen::kU32),
                                     F(vcmd_sched_v5, fill_rate[1], Gen::kU32),
                                     F(vcmd_sched_v5, interval[0], Gen::kU32),
                                     F(vcmd_sched_v5, interval[1], Gen::kU32),
                                     F(vcmd_sched_v5, tokens, Gen::kU32),
                                     F(vcmd_sched_v5, tokens_min, Gen::kU32),
                                     F(vcmd_sched_v5, tokens_max, Gen::kU32),
                                     F(vcmd_sched_v5, prio_bias, Gen::kU32)};
  t.push_back(C{"set_sched", VCMD_set_sched, sizeof(vcmd_sched_v5), ID::kXid, U::kIn, false, false,
                false, s5});
  t.push_back(C{"get_sched", VCMD_get_sched, sizeof(vcmd_sched_v5), ID::kXid, U::kInOut, false,
                false, false, s5});
  t.push_back(
      C{"set_sched_v4",
        VCMD_set_sched_v4,
        sizeof(vcmd_set_sched_v4),
        ID::kXid,
        U::kIn,
        false,
        false,
        false,
        {F(vcmd_set_sched_v4, set_mask, Gen::kMask, VXSM_V5_MASK),
         F(vcmd_set_sched_v4, fill_rate, Gen::kU32), F(vcmd_set_sched_v4, interval, Gen::kU32),
         F(vcmd_set_sched_v4, tokens_min, Gen::kU32), F(vcmd_set_sched_v4, cpu_id, Gen::kIndex),
         F(vcmd_set_sched_v4, bucket_id, Gen::kIndex)}});
  t.push_back(
      C{"set_sched_v3",
        VCMD_set_sched_v3,
        sizeof(vcmd_set_sched_v3),
        ID::kXid,
        U::kIn,
        false,
        false,
        false,
        {F(vcmd_set_sched_v3, set_mask, Gen::kMask, VXSM_V3_MASK),
         F(vcmd_set_sched_v3, fill_rate, Gen::kU32), F(vcmd_set_sched_v3, tokens_max, Gen::kU32)}});
  t.push_back(C{"sched_info",
                VCMD_sched_info,
                sizeof(vcmd_sched_info),
                ID::kXid,
                U::kInOut,
                false,
                false,
                false,
                {F(vcmd_sched_info, cpu_id, Gen::kIndex)}});
  const std::vector<FieldDesc> pb = {F(vcmd_prio_bias, cpu_id, Gen::kIndex),
                                     F(vcmd_prio_bias, prio_bias, Gen::kU32)};
  t.push_back(C{"set_prio_bias", VCMD_set_prio_bias, sizeof(vcmd_prio_bias), ID::kXid, U::kIn,
                false, false, false, pb});
  t.push_back(C{"get_prio_bias", VCMD_get_prio_bias, sizeof(vcmd_prio_bias), ID::kXid, U::kInOut,
                false, false, false, pb});
  // Words no kernel of this ABI knows (ENOSYS; the vs2.3 limits are left
  // out: they may come back), and a random word (cmd 0).
  t.push_back(C{"absent_version", VC_CMD(VERSION, 255, 4095), 0, ID::kXid, U::kNone});
  t.push_back(C{"absent_systest", VC_CMD(SYSTEST, 255, 4095), 0, ID::kXid, U::kNone});
  t.push_back(C{"random_word", 0, 0, ID::kXid, U::kNone});
  return t;
}

#undef F

const char* const kPtrNames[] = {"good",       "null",     "unmapped", "kernel",
                                 "misaligned", "page-end", "short",    "read-only"};

}  // namespace

const std::vector<CmdDesc>& commands() {
  static const std::vector<CmdDesc> table = make_table();
  return table;
}

const CmdDesc* command_of_word(std::uint32_t cmd) {
  for (const auto& d : commands())
    if (cmd && d.cmd == cmd && !std::string_view(d.name).starts_with("absent_")) return &d;
  return nullptr;
}

const char* ptr_name(Ptr p) { return kPtrNames[static_cast<int>(p)]; }

// The first kSettable paths may be changed by set_iattr; the rest are
// only looked at.
constexpr std::size_t kSettable = 6;

const std::vector<std::string>& paths() {
  static const std::vector<std::string> p = {
      "/tmp/vsfuzz/f0",
      "/tmp/vsfuzz/f1",
      "/tmp/vsfuzz/d0",
      "/tmp/vsfuzz/d0/f",
      "/tmp/vsfuzz/link",
      "/tmp/vsfuzz/missing",
      "/",
      "/proc",
      "/proc/virtual",
      "/proc/virtual/info",
      "/proc/self/status",
      "/dev/null",
      "",
      "/tmp/vsfuzz/loop",
      std::string(300, 'a'),
      "/tmp/vsfuzz/f0/notadir",
  };
  return p;
}

std::uint64_t Generator::edge_value(unsigned bits) {
  const std::uint64_t mask = bits >= 64 ? ~0ULL : (1ULL << bits) - 1;
  std::uint64_t v;
  switch (below(10)) {
    case 0: v = 0; break;
    case 1: v = 1; break;
    case 2: v = 2; break;
    case 3: v = 65535; break;
    case 4: v = 65536; break;
    case 5: v = ~0ULL; break;
    case 6: v = 1ULL << (bits - 1); break;
    case 7: v = (1ULL << (bits - 1)) - 1; break;
    case 8: v = 1ULL << below(bits); break;
    default: v = next(); break;
  }
  return v & mask;
}

std::uint64_t Generator::flag_word(std::uint64_t known) {
  switch (below(8)) {
    case 0: return 0;
    case 1: return known;
    case 2:
    case 3: return known & next();
    case 4: return 1ULL << below(64);  // every flag bit, one at a time
    case 5: return ~0ULL;
    case 6: return known | (1ULL << below(64));
    default: return edge_value(64);
  }
}

std::uint32_t Generator::pick_id(IdKind kind, const IdPool& pool) {
  static const std::uint32_t edges[] = {0, 1, 2, 65535, 65536, 0xFFFFFFFFu, 0x80000000u, 100000};
  switch (kind) {
    case IdKind::kNone: return chance(90) ? 0 : static_cast<std::uint32_t>(edge_value(32));
    case IdKind::kXid:
    case IdKind::kNid: {
      const bool xid = kind == IdKind::kXid;
      const unsigned r = below(100);
      if (r < 70)
        return xid ? pool.xid_base + below(pool.xid_count) : pool.nid_base + below(pool.nid_count);
      if (r < 78) return pool.home_xid;
      if (r < 95) return edges[below(std::size(edges))];
      return static_cast<std::uint32_t>(next());
    }
    case IdKind::kPid: {
      const unsigned r = below(10);
      if (r < 3 && !pool.pids.empty()) return pool.pids[below(pool.pids.size())];
      if (r < 5) return 0;
      if (r < 6) return 1;
      if (r < 8) return static_cast<std::uint32_t>(1 + below(400));
      return edges[below(std::size(edges))];
    }
    case IdKind::kFd: {
      const unsigned r = below(10);
      if (r < 6 && !pool.fds.empty()) return pool.fds[below(pool.fds.size())];
      if (r < 7) return 0xFFFFFFFFu;
      if (r < 8) return static_cast<std::uint32_t>(below(4));
      if (r < 9) return 1023;
      return static_cast<std::uint32_t>(next());
    }
  }
  return 0;
}

void Generator::fill_field(const FieldDesc& f, const IdPool& pool, Input& in) {
  std::uint8_t* p = in.data.data() + f.off;
  std::uint64_t v = 0;
  switch (f.gen) {
    case Gen::kFlags: v = flag_word(f.known); break;
    case Gen::kMask:
      switch (below(5)) {
        case 0: v = ~0ULL; break;
        case 1: v = 0; break;
        case 2: v = 1ULL << below(64); break;
        case 3: v = f.known & next(); break;
        default: v = next(); break;
      }
      break;
    case Gen::kPid: {
      static const std::int32_t pids[] = {0, 1, -1, -2, INT_MAX, INT_MIN, 65535, 32768};
      const unsigned r = below(10);
      if (r < 3 && !pool.pids.empty())
        v = static_cast<std::uint32_t>(pool.pids[below(pool.pids.size())]);
      else if (r < 8)
        v = static_cast<std::uint32_t>(pids[below(std::size(pids))]);
      else
        v = 2 + below(400);
      break;
    }
    case Gen::kSignal: {
      static const std::int32_t sigs[] = {0, 9, 15, 19, 18, 2, 1, 64, 65, -1, 1000, 10};
      v = static_cast<std::uint32_t>(chance(70) ? sigs[below(std::size(sigs))] : below(70));
      break;
    }
    case Gen::kField: v = chance(85) ? below(7) : edge_value(32); break;
    case Gen::kName: {
      const unsigned r = below(10);
      std::size_t len = r < 8 ? below(VHI_NAME_LEN) : VHI_NAME_LEN;
      for (std::size_t i = 0; i < VHI_NAME_LEN; ++i)
        p[i] = r == 9 ? static_cast<std::uint8_t>(next()) : 'a' + below(26);
      if (len < VHI_NAME_LEN) p[len] = 0;
      return;
    }
    case Gen::kIp4: {
      static const std::uint32_t ips[] = {0x0A000002, 0x0A000003, 0x7F000001, 0,
                                          0xFFFFFFFF, 0xE0000001, 0xFFFFFF00, 0x0A0000FF};
      const std::uint32_t ip = chance(85) ? ips[below(std::size(ips))] : next();
      const std::uint32_t be = htobe32(ip);
      std::memcpy(p, &be, 4);
      return;
    }
    case Gen::kIp6: {
      std::uint8_t a[16] = {};
      switch (below(6)) {
        case 0: a[15] = 1; break;  // ::1
        case 1: break;             // ::
        case 2:
          a[0] = 0xfd;
          a[15] = static_cast<std::uint8_t>(below(4));
          break;
        case 3:
          a[0] = 0xfe;
          a[1] = 0x80;
          a[15] = 1;
          break;
        case 4: std::memset(a, 0xff, sizeof(a)); break;
        default:
          for (auto& b : a) b = static_cast<std::uint8_t>(next());
      }
      std::memcpy(p, a, 16);
      return;
    }
    case Gen::kType: {
      static const std::uint16_t types[] = {NXA_TYPE_IPV4,
                                            NXA_TYPE_IPV4 | NXA_MOD_BCAST,
                                            NXA_TYPE_IPV4 | NXA_MOD_LBACK,
                                            NXA_TYPE_ADDR,
                                            NXA_TYPE_MASK,
                                            NXA_TYPE_RANGE,
                                            NXA_TYPE_ANY,
                                            NXA_TYPE_ADDR | NXA_MOD_LBACK,
                                            NXA_TYPE_IPV6,
                                            0,
                                            NXA_TYPE_ADDR | NXA_MOD_BCAST,
                                            0xFFFF};
      v = chance(85) ? types[below(std::size(types))] : next();
      break;
    }
    case Gen::kCount: v = chance(85) ? below(6) : edge_value(16); break;
    case Gen::kPrefix: v = chance(80) ? below(130) : edge_value(32); break;
    case Gen::kIndex: v = chance(80) ? below(3) : edge_value(32); break;
    case Gen::kPath: {
      const std::size_t n = f.known ? kSettable : paths().size();
      in.path = static_cast<std::uint8_t>(below(n));
      const unsigned r = below(100);
      in.path_kind = r < 85   ? PathKind::kGood
                     : r < 90 ? PathKind::kNull
                     : r < 95 ? PathKind::kKernel
                              : PathKind::kUnterminated;
      return;  // the pointer is written when the call is made
    }
    case Gen::kU16: v = edge_value(16); break;
    case Gen::kU32: v = edge_value(32); break;
  }
  std::memcpy(p, &v, f.size);  // little endian: the low bytes
}

void Generator::choose_ptr(Input& in) {
  const unsigned r = below(100);
  if (r < 85) {
    in.ptr = Ptr::kGood;
    return;
  }
  in.ptr = static_cast<Ptr>(1 + below(7));
  in.ptr_arg = static_cast<std::uint8_t>(1 + below(255));
}

Input Generator::generate(const IdPool& pool) {
  const auto& table = commands();
  Input in;
  // Commands that fork cost more: draw them less often.
  do {
    in.desc = static_cast<std::uint16_t>(below(table.size()));
  } while (table[in.desc].moves && chance(50));
  const CmdDesc& d = table[in.desc];
  in.cmd = d.cmd ? d.cmd : static_cast<std::uint32_t>(next());
  const unsigned r = below(100);
  if (d.cmd && r < 3)
    in.cmd = (in.cmd & ~0xFFFu) | ((in.cmd + 1 + below(3)) & 0xFFFu);  // other version
  else if (d.cmd && r < 4)
    in.cmd ^= 1u << below(32);
  in.id = pick_id(d.id, pool);
  if (chance(10))
    for (std::size_t i = 0; i < d.size && i < kMaxData; ++i)
      in.data[i] = static_cast<std::uint8_t>(next());
  for (const auto& f : d.fields) fill_field(f, pool, in);
  choose_ptr(in);
  return in;
}

Input Generator::mutate(const Input& src, const IdPool& pool) {
  Input in = src;
  const CmdDesc& d = commands()[in.desc];
  const unsigned n = 1 + below(3);
  for (unsigned i = 0; i < n; ++i) {
    switch (below(6)) {
      case 0:
        if (!d.fields.empty()) {
          fill_field(d.fields[below(d.fields.size())], pool, in);
          break;
        }
        [[fallthrough]];
      case 1:
        if (d.size) {
          const std::size_t bit = below(std::min<std::size_t>(d.size, kMaxData) * 8);
          in.data[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
        }
        break;
      case 2: in.id = pick_id(d.id, pool); break;
      case 3: choose_ptr(in); break;
      case 4:
        if (!d.fields.empty()) fill_field(d.fields[below(d.fields.size())], pool, in);
        break;
      default: in.id = pick_id(d.id, pool); break;
    }
  }
  return in;
}

std::string describe(const Input& in) {
  const CmdDesc& d = commands()[in.desc];
  std::string s = fmt::format("{}(id={}", d.name, static_cast<std::int32_t>(in.id));
  if (in.cmd != d.cmd) s += fmt::format(", cmd={:#010x}", in.cmd);
  if (d.size || in.ptr != Ptr::kGood) {
    s += fmt::format(", {}", ptr_name(in.ptr));
    if (in.ptr != Ptr::kGood && in.ptr != Ptr::kNull) s += fmt::format("/{}", in.ptr_arg);
  }
  for (const auto& f : d.fields)
    if (f.gen == Gen::kPath)
      s += fmt::format(", path[{}]={}", in.path, static_cast<int>(in.path_kind));
  if (d.size && d.size <= kMaxData) {
    s += ", ";
    for (std::size_t i = 0; i < d.size && i < 48; ++i) s += fmt::format("{:02x}", in.data[i]);
  }
  return s + ")";
}

bool errno_allowed(const CmdDesc& d, int err) {
  // The documented errnos of sys_vserver, and ENOMEM anywhere.
  switch (err) {
    case ENOSYS:
    case EPERM:
    case EACCES:
    case ESRCH:
    case EINVAL:
    case EFAULT:
    case EEXIST:
    case EBUSY:
    case ENOMEM: return true;
    default: break;
  }
  const std::string name = d.name;
  if (name == "wait_exit") return err == EINTR;
  // With SC_HELPER the vshelper runs before the caller moves in: ENOEXEC
  // when it fails, or the error of its exec.
  if (name.starts_with("ctx_create") || name.starts_with("net_create"))
    return err == ENOEXEC || err == ENOENT || err == EACCES;
  if (name.starts_with("net_"))
    return err == ENOSPC || err == EADDRNOTAVAIL || err == EAFNOSUPPORT || err == ENOENT;
  if (name.ends_with("iattr"))
    return err == EBADF || err == ENOENT || err == ENOTDIR || err == ELOOP || err == ENAMETOOLONG ||
           err == EOPNOTSUPP || err == EROFS || err == ENODATA;
  if (name.find("space") != std::string::npos)
    return err == EUSERS || err == ENOSPC || err == EBADF || err == ENOENT;
  return false;
}

}  // namespace vsfuzz
