// Every vserver(2) command that takes a data pointer, called with NULL,
// an unmapped page, a kernel address, a struct that runs off the end of
// its mapping and (commands that write back) a read-only page: each fails
// with EFAULT, changes nothing and does not oops (the harness boots with
// oops=panic).  Also which check comes first when the id is bad too.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "guest.hpp"
#include "vsys/inode.hpp"
#include "vsys/network.hpp"
#include "vsys/space.hpp"
#include "vsys/syscall.hpp"

using namespace vtest;

namespace {

constexpr vsys::xid_t kXid = 1100;      // a live context in STATE_ADMIN
constexpr vsys::xid_t kFreeXid = 1101;  // never created
constexpr vsys::nid_t kNid = 1100;      // a persistent network context
constexpr vsys::nid_t kFreeNid = 1102;  // never created

enum class Id { kXid, kFreeXid, kNid, kFreeNid, kFd, kZero };

struct Command {
  const char* name;
  std::uint32_t cmd;
  Id id;
  bool writes_back;      // copies a result out: a read-only page faults too
  bool blocks;           // wait_exit: only NULL fails before it sleeps
  bool null_ok = false;  // NULL means the defaults (NullDataMeansTheDefaults)
};

const Command kCommands[] = {
    {"ctx_create", VCMD_ctx_create, Id::kFreeXid, false, false, true},
    {"ctx_migrate", VCMD_ctx_migrate, Id::kXid, false, false, true},
    {"vx_info", VCMD_vx_info, Id::kXid, true, false},
    {"ctx_stat", VCMD_ctx_stat, Id::kXid, true, false},
    {"virt_stat", VCMD_virt_stat, Id::kXid, true, false},
    {"get_cflags", VCMD_get_cflags, Id::kXid, true, false},
    {"set_cflags", VCMD_set_cflags, Id::kXid, false, false},
    {"get_vhi_name", VCMD_get_vhi_name, Id::kXid, true, false},
    {"set_vhi_name", VCMD_set_vhi_name, Id::kXid, false, false},
    {"ctx_kill", VCMD_ctx_kill, Id::kXid, false, false},
    {"wait_exit", VCMD_wait_exit, Id::kXid, false, true},
    {"get_bcaps", VCMD_get_bcaps, Id::kXid, true, false},
    {"set_bcaps", VCMD_set_bcaps, Id::kXid, false, false},
    {"get_ccaps", VCMD_get_ccaps, Id::kXid, true, false},
    {"set_ccaps", VCMD_set_ccaps, Id::kXid, false, false},
    {"get_umask", VCMD_get_umask, Id::kXid, true, false},
    {"set_umask", VCMD_set_umask, Id::kXid, false, false},
    {"net_create", VCMD_net_create, Id::kFreeNid, false, false, true},
    {"nx_info", VCMD_nx_info, Id::kNid, true, false},
    {"get_nflags", VCMD_get_nflags, Id::kNid, true, false},
    {"set_nflags", VCMD_set_nflags, Id::kNid, false, false},
    {"get_ncaps", VCMD_get_ncaps, Id::kNid, true, false},
    {"set_ncaps", VCMD_set_ncaps, Id::kNid, false, false},
    {"net_add", VCMD_net_add, Id::kNid, false, false},
    {"net_remove", VCMD_net_remove, Id::kNid, false, false},
    {"net_add_ipv4_v1", VCMD_net_add_ipv4_v1, Id::kNid, false, false},
    {"net_rem_ipv4_v1", VCMD_net_rem_ipv4_v1, Id::kNid, false, false},
    {"net_add_ipv4", VCMD_net_add_ipv4, Id::kNid, false, false},
    {"net_rem_ipv4", VCMD_net_rem_ipv4, Id::kNid, false, false},
    {"net_add_ipv6", VCMD_net_add_ipv6, Id::kNid, false, false},
    {"net_remove_ipv6", VCMD_net_remove_ipv6, Id::kNid, false, false},
    {"get_iattr", VCMD_get_iattr, Id::kZero, false, false},
    {"set_iattr", VCMD_set_iattr, Id::kZero, false, false},
    {"fget_iattr", VCMD_fget_iattr, Id::kFd, true, false},
    {"fset_iattr", VCMD_fset_iattr, Id::kFd, false, false},
    {"set_space_v1", VCMD_set_space_v1, Id::kXid, false, false, true},
    {"set_space", VCMD_set_space, Id::kXid, false, false, true},
    {"enter_space_v1", VCMD_enter_space_v1, Id::kXid, false, false, true},
    {"enter_space", VCMD_enter_space, Id::kXid, false, false, true},
    {"get_space_mask_v0", VCMD_get_space_mask_v0, Id::kZero, true, false},
    {"get_space_mask", VCMD_get_space_mask, Id::kZero, true, false},
    {"get_space_default", VCMD_get_space_default, Id::kZero, true, false},
};

// Issues the raw call in a child (a create or migrate that wrongly
// succeeded must not move the runner); its errno, 0 on success.
int call_errno(std::uint32_t cmd, std::uint32_t id, void* data) {
  return in_child([=] { return raw_vserver(cmd, id, data) == -1 ? errno : 0; });
}

bool unmapped(void* p) {
  unsigned char v;
  return mincore(p, 1, &v) == -1 && errno == ENOMEM;
}

class BadPointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(guest_.create_errno(), 0);
    ASSERT_EQ(
        in_child([] { return err_of(vsys::net_create(kNid, NXF_INIT_SET | NXF_PERSISTENT)); }), 0);
    page_ = sysconf(_SC_PAGESIZE);
    // Mapped first, so that it cannot land in the hole made below.
    readonly_ = mmap(nullptr, page_, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ASSERT_NE(readonly_, MAP_FAILED);
    auto* three = static_cast<char*>(
        mmap(nullptr, 3 * page_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    ASSERT_NE(three, MAP_FAILED);
    base_ = three;
    // page 0 read-write, page 1 a PROT_NONE guard, page 2 unmapped.
    ASSERT_EQ(mprotect(three + page_, page_, PROT_NONE), 0);
    ASSERT_EQ(munmap(three + 2 * page_, page_), 0);
    fd_ = open("/tmp", O_RDONLY | O_DIRECTORY);
    ASSERT_GE(fd_, 0);
  }

  void TearDown() override {
    if (fd_ >= 0) close(fd_);
    if (readonly_ != MAP_FAILED) munmap(readonly_, page_);
    if (base_) munmap(base_, 2 * page_);
    vsys::set_nflags(kNid, {0, NXF_PERSISTENT});
  }

  std::uint32_t id_of(Id id) const {
    switch (id) {
      case Id::kXid: return kXid;
      case Id::kFreeXid: return kFreeXid;
      case Id::kNid: return kNid;
      case Id::kFreeNid: return kFreeNid;
      case Id::kFd: return static_cast<std::uint32_t>(fd_);
      case Id::kZero: return 0;
    }
    return 0;
  }

  Guest guest_{kXid};
  long page_ = 4096;
  char* base_ = nullptr;
  void* readonly_ = MAP_FAILED;
  int fd_ = -1;
};

TEST_F(BadPointerTest, EveryDataCommandFaultsCleanly) {
  auto before = vsys::get_cflags(kXid);
  ASSERT_TRUE(before.has_value());
  auto nflags = vsys::get_nflags(kNid);
  ASSERT_TRUE(nflags.has_value());
  void* gone = base_ + 2 * page_;
  ASSERT_TRUE(unmapped(gone)) << "the munmapped page was mapped again";
  struct Pointer {
    const char* what;
    void* p;
  };
  const Pointer pointers[] = {
      {"NULL", nullptr},
      {"an unmapped page", gone},
      {"a kernel address", reinterpret_cast<void*>(0xffffffff81000000UL)},
      {"a struct running into a PROT_NONE page", base_ + page_ - 1},
  };
  for (const Command& c : kCommands) {
    for (const Pointer& p : pointers) {
      if (c.blocks && p.p) continue;  // see KillWaitTest.WaitExitFaultsAfterShutdown
      if (c.null_ok && !p.p) continue;
      EXPECT_EQ(call_errno(c.cmd, id_of(c.id), p.p), EFAULT) << c.name << " with " << p.what;
    }
    if (c.writes_back) {
      EXPECT_EQ(call_errno(c.cmd, id_of(c.id), readonly_), EFAULT)
          << c.name << " with a read-only page";
    }
  }
  // Nothing changed, nothing was created, the runner stayed where it was.
  EXPECT_EQ(vsys::get_cflags(kXid).value_or(vsys::FlagWord{0, 0}).value, before->value);
  EXPECT_EQ(vsys::ctx_stat(kXid).value_or(vsys::CtxStat{0, 0}).tasks, 1u);
  EXPECT_EQ(vsys::get_nflags(kNid).value_or(vsys::FlagWord{0, 0}).value, nflags->value);
  EXPECT_EQ(err_of(vsys::vx_info(kFreeXid)), ESRCH);
  EXPECT_EQ(err_of(vsys::nx_info(kFreeNid)), ESRCH);
  EXPECT_EQ(vsys::task_xid(0).value_or(99), 0u);
  EXPECT_EQ(vsys::task_nid(0).value_or(99), 0u);
}

// As vs2.3: ctx_create and net_create without data use the default flags
// (those of ctx_create v0), ctx_migrate no VXM_* flags.
TEST_F(BadPointerTest, NullDataMeansTheDefaults) {
  int rc = in_child([] {
    if (raw_vserver(VCMD_ctx_create, 1104, nullptr) != 1104) return 1;
    if (vsys::task_xid(0).value_or(0) != 1104) return 2;
    if (raw_vserver(VCMD_net_create, 1104, nullptr) != 1104) return 3;
    auto nf = vsys::get_nflags(1104);
    if (!nf || (nf->value & NXF_INIT_SET) != (NXF_INIT_SET & ~NXF_STATE_SETUP)) return 4;
    return 0;
  });
  EXPECT_EQ(rc, 0);
  Guest g(1105);
  ASSERT_EQ(g.create_errno(), 0);
  EXPECT_EQ(in_child([] {
              return raw_vserver(VCMD_ctx_migrate, 1105, nullptr) != 0 ||
                     vsys::task_xid(0).value_or(0) != 1105;
            }),
            0);
}

TEST_F(BadPointerTest, IattrPathPointerFaults) {
  for (void* name : {static_cast<void*>(nullptr), static_cast<void*>(base_ + page_)}) {
    vcmd_ctx_iattr_v1 vc{};
    vc.name = reinterpret_cast<std::uintptr_t>(name);
    EXPECT_EQ(call_errno(VCMD_get_iattr, 0, &vc), EFAULT) << name;
    vc.mask = IATTR_IMMUTABLE;
    EXPECT_EQ(call_errno(VCMD_set_iattr, 0, &vc), EFAULT) << name;
  }
}

// The dispatcher looks the id up and checks the target's state before a
// handler touches the data.
TEST_F(BadPointerTest, IdAndStateAreCheckedBeforeTheData) {
  for (std::uint32_t cmd : {VCMD_vx_info, VCMD_set_cflags, VCMD_ctx_kill, VCMD_wait_exit})
    EXPECT_EQ(call_errno(cmd, kFreeXid, nullptr), ESRCH) << std::hex << cmd;
  for (std::uint32_t cmd : {VCMD_nx_info, VCMD_set_nflags, VCMD_net_add_ipv4})
    EXPECT_EQ(call_errno(cmd, kFreeNid, nullptr), ESRCH) << std::hex << cmd;
  Guest sealed(1103, VXF_STATE_INIT);
  ASSERT_EQ(sealed.create_errno(), 0);
  for (std::uint32_t cmd : {VCMD_set_vhi_name, VCMD_set_bcaps, VCMD_ctx_migrate})
    EXPECT_EQ(call_errno(cmd, 1103, nullptr), EACCES) << std::hex << cmd;
  EXPECT_EQ(call_errno(VCMD_ctx_kill, 1103, nullptr), EFAULT) << "ctx_kill is exempt";
  // set_cflags takes one change on a sealed context (clearing PERSISTENT),
  // so it reads its argument before the state decides.
  EXPECT_EQ(call_errno(VCMD_set_cflags, 1103, nullptr), EFAULT) << "set_cflags reads first";
  EXPECT_EQ(call_errno(VCMD_fget_iattr, 9999, nullptr), EBADF);
}

}  // namespace
