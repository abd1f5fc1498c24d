// The vs2.3 permission model of vserver(2) end to end: a target that left
// STATE_ADMIN (EACCES), ids that name no context (ESRCH), tasks of other
// contexts (ESRCH), host callers without CAP_SYS_RESOURCE or CAP_SYS_ADMIN
// (EPERM, level 0 still answers) and without any effective capability
// (ENOSYS: no CAP_CONTEXT).  Runs as root in the QEMU guest.
#include <linux/capability.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include <gtest/gtest.h>

#include "guest.hpp"
#include "vsys/space.hpp"

using namespace vtest;

namespace {

// Clears one capability from the caller's effective set (capable() looks
// only there); false if capset refused.
bool drop_effective(int cap) {
  __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  if (syscall(SYS_capget, &hdr, data) != 0) return false;
  data[cap / 32].effective &= ~(1u << (cap % 32));
  return syscall(SYS_capset, &hdr, data) == 0;
}

// Every ARES setter on xid; the errno of each, in order.
std::vector<int> setter_errnos(vsys::xid_t xid) {
  return {err_of(vsys::set_cflags(xid, {VXF_HIDE_MOUNT, VXF_HIDE_MOUNT})),
          err_of(vsys::set_vhi_name(xid, VHIN_CONTEXT, "sealed")),
          err_of(vsys::set_bcaps(xid, {0, 1ULL << CAP_NET_RAW})),
          err_of(vsys::set_ccaps(xid, {VXC_SET_UTSNAME, VXC_SET_UTSNAME})),
          err_of(vsys::set_umask(xid, {0, ~0ULL}))};
}

TEST(PermissionTest, SettersOnATargetWithoutStateAdminAreEacces) {
  Guest g(1110, VXF_STATE_INIT);
  ASSERT_EQ(g.create_errno(), 0);
  std::vector<int> eacces(5, EACCES);
  EXPECT_EQ(setter_errnos(1110), eacces);
  // Reading is not an admin command; nothing changed.
  auto f = vsys::get_cflags(1110);
  ASSERT_TRUE(f.has_value()) << f.error().message();
  EXPECT_EQ(f->value, VXF_STATE_INIT);
  EXPECT_EQ(vsys::get_vhi_name(1110, VHIN_CONTEXT).value_or("?"), "");
}

TEST(PermissionTest, ClearingStateAdminSealsTheContext) {
  Guest g(1111);
  ASSERT_EQ(g.create_errno(), 0);
  ASSERT_TRUE(vsys::set_vhi_name(1111, VHIN_CONTEXT, "before"));
  ASSERT_TRUE(vsys::set_cflags(1111, {0, VXF_STATE_ADMIN}));
  std::vector<int> eacces(5, EACCES);
  EXPECT_EQ(setter_errnos(1111), eacces);
  EXPECT_EQ(err_of(vsys::set_cflags(1111, {VXF_STATE_ADMIN, VXF_STATE_ADMIN})), EACCES);
  EXPECT_EQ(vsys::get_vhi_name(1111, VHIN_CONTEXT).value_or("?"), "before");
  EXPECT_FALSE(vsys::get_cflags(1111).value_or(vsys::FlagWord{~0ULL, 0}).value & VXF_STATE_ADMIN);
}

TEST(PermissionTest, NamesOfMissingContextsAreEsrch) {
  for (vsys::xid_t xid : {0u, 1u, 4242u, 70000u}) {
    EXPECT_EQ(err_of(vsys::get_vhi_name(xid, VHIN_CONTEXT)), ESRCH) << xid;
    EXPECT_EQ(err_of(vsys::set_vhi_name(xid, VHIN_CONTEXT, "x")), ESRCH) << xid;
  }
}

TEST(PermissionTest, GuestGetsEsrchForTaskXidOfOtherContexts) {
  Guest other(1112);
  ASSERT_EQ(other.create_errno(), 0);
  pid_t foreign = other.pids()[0], host = getpid();
  int rc = in_child([=] {
    if (!vsys::ctx_create(1113, VXF_INIT_SET)) return 100;
    if (vsys::task_xid(getpid()).value_or(0) != 1113) return 101;  // control
    int bits = 0;
    if (err_of(vsys::task_xid(foreign)) != ESRCH) bits |= 1;
    if (err_of(vsys::task_xid(host)) != ESRCH) bits |= 2;
    if (err_of(vsys::task_xid(1)) != ESRCH) bits |= 4;
    return bits;
  });
  EXPECT_EQ(rc, 0) << "1: other guest, 2: host task, 4: pid 1 resolved";
  EXPECT_EQ(vsys::task_xid(foreign).value_or(0), 1112u) << "the host sees it";
}

// vx_cmd_permit: ARES commands (every setter and ctx_kill) need
// CAP_SYS_RESOURCE; INFO commands and ctx_create do not.
TEST(PermissionTest, HostWithoutCapSysResourceGetsEpermForAresCommands) {
  Guest g(1114);
  ASSERT_EQ(g.create_errno(), 0);
  int rc = in_child([] {
    if (!drop_effective(CAP_SYS_RESOURCE)) return 100;
    if (!vsys::get_cflags(1114)) return 101;  // control: INFO still works
    std::vector<int> eperm(5, EPERM);
    if (setter_errnos(1114) != eperm) return 1;
    if (err_of(vsys::ctx_kill(1114, 0, SIGKILL)) != EPERM) return 2;
    if (err_of(vsys::ctx_migrate(1114, 0)) != 0) return 3;  // ADMIN, not ARES
    return 0;
  });
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(vsys::ctx_stat(1114).value_or(vsys::CtxStat{0, 0}).tasks, 1u)
      << "ctx_kill went through";
  EXPECT_EQ(vsys::get_vhi_name(1114, VHIN_CONTEXT).value_or("?"), "");
  rc = in_child([] {
    if (!drop_effective(CAP_SYS_RESOURCE)) return 100;
    return err_of(vsys::ctx_create(1115, VXF_INIT_SET));
  });
  EXPECT_EQ(rc, 0) << "ctx_create needs no CAP_SYS_RESOURCE";
}

// CAP_CONTEXT is held by a task with effective capabilities whose context
// keeps bcaps bit 63 (docs/capabilities.md); CAP_SYS_ADMIN is checked after
// it, so level-0 commands still answer without it, as on vs2.3.
TEST(PermissionTest, HostWithoutCapSysAdminKeepsLevelZero) {
  Guest g(1116);
  ASSERT_EQ(g.create_errno(), 0);
  int rc = in_child([] {
    if (!drop_effective(CAP_SYS_ADMIN)) return 100;
    int bits = 0;
    if (err_of(vsys::get_version()) != 0) bits |= 1;
    if (err_of(vsys::get_vci()) != 0) bits |= 2;
    if (err_of(vsys::get_space_mask()) != 0) bits |= 4;
    if (err_of(vsys::get_cflags(1116)) != EPERM) bits |= 8;
    if (err_of(vsys::ctx_kill(1116, 0, SIGKILL)) != EPERM) bits |= 16;
    if (err_of(vsys::task_xid(getpid())) != EPERM) bits |= 32;
    return bits;
  });
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(vsys::ctx_stat(1116).value_or(vsys::CtxStat{0, 0}).tasks, 1u);
}

TEST(PermissionTest, HostWithoutEffectiveCapabilitiesSeesNoSyscall) {
  Guest g(1117);
  ASSERT_EQ(g.create_errno(), 0);
  int rc = in_child([] {
    __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2]{};
    if (syscall(SYS_capget, &hdr, data) != 0) return 100;
    data[0].effective = data[1].effective = 0;
    if (syscall(SYS_capset, &hdr, data) != 0) return 101;
    int bits = 0;
    if (err_of(vsys::get_version()) != ENOSYS) bits |= 1;
    if (err_of(vsys::get_cflags(1117)) != ENOSYS) bits |= 2;
    if (err_of(vsys::ctx_kill(1117, 0, SIGKILL)) != ENOSYS) bits |= 4;
    return bits;
  });
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(vsys::ctx_stat(1117).value_or(vsys::CtxStat{0, 0}).tasks, 1u);
}

TEST(PermissionTest, GuestWithCapContextButNoSysAdminKeepsLevelZero) {
  int rc = in_child([] {
    if (!vsys::ctx_create(1118, VXF_INIT_SET)) return 100;
    if (!vsys::set_cflags(1118, {0, VXF_STATE_SETUP})) return 101;
    if (!vsys::set_bcaps(1118, {0, 1ULL << CAP_SYS_ADMIN})) return 102;
    int bits = 0;
    if (err_of(vsys::get_version()) != 0) bits |= 1;
    if (err_of(vsys::get_vci()) != 0) bits |= 2;
    if (err_of(vsys::task_xid(getpid())) != EPERM) bits |= 4;
    if (err_of(vsys::vx_info(1118)) != EPERM) bits |= 8;
    if (err_of(vsys::set_bcaps(1118, {~0ULL, ~0ULL})) != EPERM) bits |= 16;
    return bits;
  });
  EXPECT_EQ(rc, 0);
  // Control: the same guest without bit 63 (and with CAP_SYS_ADMIN) sees
  // no system call at all.
  rc = in_child([] {
    if (!vsys::ctx_create(1119, VXF_INIT_SET)) return 100;
    if (!vsys::set_cflags(1119, {0, VXF_STATE_SETUP})) return 101;
    if (!vsys::set_bcaps(1119, {0, 1ULL << 63})) return 102;
    return err_of(vsys::get_version()) == ENOSYS ? 0 : 1;
  });
  EXPECT_EQ(rc, 0);
}

}  // namespace
