// The vshelper (issue 14 item 4, reference section 11): the sysctl
// kernel.vshelper, the helper run by a guest's reboot(2), and the
// startup/shutdown and netup/netdown helpers of ids with SC_HELPER.  The
// helper here is a shell script that appends its arguments to a log.
#include <linux/capability.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "guest.hpp"
#include "vsys/inode.hpp"
#include "vsys/network.hpp"

using namespace vtest;

namespace {

constexpr const char* kSysctl = "/proc/sys/kernel/vshelper";
constexpr const char* kScript = "/tmp/vshelper-test.sh";
constexpr const char* kLog = "/tmp/vshelper-test.log";

std::string current_helper() {
  std::string s = slurp(kSysctl);
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

// Installs the logging helper; `fail_on` makes it exit 3 for that action.
class VshelperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    saved_ = current_helper();
    install("");
  }
  void TearDown() override { write_text(kSysctl, saved_.empty() ? "\n" : saved_); }

  void install(const std::string& fail_on) {
    std::ofstream(kScript) << "#!/bin/sh\n"
                           << "echo \"$1 $2 $VS_CMD\" >> " << kLog << "\n"
                           << "[ \"$1\" = \"" << (fail_on.empty() ? "-" : fail_on)
                           << "\" ] && exit 3\nexit 0\n";
    chmod(kScript, 0755);
    unlink(kLog);
    ASSERT_EQ(write_text(kSysctl, kScript), 0);
  }

  // Waits up to 5 s for line in the log (the reboot helper is not waited for).
  static bool log_has(const std::string& line) {
    for (int i = 0; i < 50; i++) {
      if (slurp(kLog).find(line) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

 private:
  std::string saved_;
};

TEST_F(VshelperTest, SysctlDefaultsToSbinVshelperAndOnlyTheHostWritesIt) {
  ASSERT_EQ(write_text(kSysctl, "/sbin/vshelper"), 0) << "the host writes it";
  EXPECT_EQ(current_helper(), "/sbin/vshelper");
  // A guest, even in setup with every capability, cannot name the program
  // the kernel runs as root: the entry is hidden from guests (ENOENT) and,
  // once unhidden as vprocunhide does with /proc/sys, refused (EPERM).
  int rc = in_child([] {
    if (!vsys::ctx_create(1301, VXF_INIT_SET)) return 100;
    return write_text(kSysctl, "/tmp/evil");
  });
  EXPECT_EQ(rc, ENOENT);
  // Unhides the path to the entry; restores each one's HIDE bit after.
  const char* paths[] = {"/proc/sys", "/proc/sys/kernel", kSysctl};
  std::uint32_t saved[3] = {};
  auto set_hidden = [&](bool restore) {
    int err = 0;
    for (int i = 0; i < 3; i++) {
      vcmd_ctx_iattr_v1 vc{};
      vc.name = reinterpret_cast<std::uint64_t>(paths[i]);
      if (!restore && raw_vserver(VCMD_get_iattr, 0, &vc) == 0) saved[i] = vc.flags & IATTR_HIDE;
      vc.flags = restore ? saved[i] : 0;
      vc.mask = IATTR_HIDE;
      if (raw_vserver(VCMD_set_iattr, 0, &vc) != 0 && !err) err = errno;
    }
    return err;
  };
  ASSERT_EQ(set_hidden(false), 0);
  rc = in_child([] {
    if (!vsys::ctx_create(1309, VXF_INIT_SET)) return 100;
    return write_text(kSysctl, "/tmp/evil");
  });
  EXPECT_EQ(rc, EPERM);
  rc = in_bounded(1302, {1ULL << CAP_SYS_ADMIN, 0, 0},
                  [] { return write_text(kSysctl, "/tmp/evil"); });
  EXPECT_EQ(rc, EPERM);
  EXPECT_EQ(set_hidden(true), 0) << "hidden again";
  EXPECT_NE(saved[0] | saved[1] | saved[2], 0u) << "the entry was hidden from guests";
  EXPECT_EQ(current_helper(), "/sbin/vshelper");
}

TEST_F(VshelperTest, GuestRebootRunsTheHelperWithActionAndXid) {
  int rc = in_child([] {
    if (!vsys::ctx_create(1303, VXF_INIT_SET)) return 100;
    reboot(RB_AUTOBOOT);
    return 101;  // not reached: the caller exits
  });
  // The guest's tasks, the caller too, are killed (or it exits first).
  EXPECT_TRUE(rc == 0 || rc == 255 + SIGKILL) << rc;
  EXPECT_TRUE(log_has("restart 1303 01234567")) << slurp(kLog);
  rc = in_child([] {
    if (!vsys::ctx_create(1304, VXF_INIT_SET)) return 100;
    reboot(RB_POWER_OFF);
    return 101;
  });
  EXPECT_TRUE(rc == 0 || rc == 255 + SIGKILL) << rc;
  EXPECT_TRUE(log_has("poweroff 1304 4321fedc")) << slurp(kLog);
}

TEST_F(VshelperTest, RebootOfTheHostIsNotAGuestReboot) {
  // Control: a reboot command that fails on the host (no CAP_SYS_BOOT
  // dropped here, so use one that is refused for everybody) runs no helper.
  EXPECT_EQ(reboot(0x12345678), -1);
  EXPECT_EQ(errno, EINVAL);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(slurp(kLog), "");
}

TEST_F(VshelperTest, ScHelperRunsStartupAndShutdownBeforeWaitExit) {
  std::uint64_t flags = VXF_INIT_SET | VXF_SC_HELPER;
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (!vsys::ctx_create(1305, flags)) _exit(100);
    pause();
    _exit(0);
  }
  ASSERT_TRUE(log_has("startup 1305 00000000")) << slurp(kLog);
  EXPECT_EQ(slurp(kLog).find("shutdown"), std::string::npos);
  // wait_exit returns once the shutdown helper has finished.
  std::thread killer([child] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    kill(child, SIGKILL);
  });
  auto info = vsys::wait_exit(1305);
  killer.join();
  waitpid(child, nullptr, 0);
  ASSERT_TRUE(info.has_value()) << info.error().message();
  EXPECT_NE(slurp(kLog).find("shutdown 1305 00000000"), std::string::npos) << slurp(kLog);
}

TEST_F(VshelperTest, FailedStartupHelperUndoesTheCreate) {
  install("startup");
  int rc = in_child([] { return err_of(vsys::ctx_create(1306, VXF_INIT_SET | VXF_SC_HELPER)); });
  EXPECT_EQ(rc, ENOEXEC);
  EXPECT_EQ(err_of(vsys::vx_info(1306)), ESRCH) << "no context left behind";
  EXPECT_NE(slurp(kLog).find("startup 1306"), std::string::npos);
  EXPECT_EQ(slurp(kLog).find("shutdown 1306"), std::string::npos) << "no shutdown for it";
  // Control: the same xid without SC_HELPER runs no helper and is made.
  rc = in_child([] { return err_of(vsys::ctx_create(1306, VXF_INIT_SET)); });
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(slurp(kLog).find("startup 1306 00000000\nstartup"), std::string::npos);
}

TEST_F(VshelperTest, MissingHelperFailsAnScHelperCreateAndEmptyRunsNothing) {
  ASSERT_EQ(write_text(kSysctl, "/nonexistent/vshelper"), 0);
  int rc = in_child([] { return err_of(vsys::ctx_create(1307, VXF_INIT_SET | VXF_SC_HELPER)); });
  EXPECT_EQ(rc, ENOEXEC);
  ASSERT_EQ(write_text(kSysctl, "\n"), 0);
  ASSERT_EQ(current_helper(), "");
  rc = in_child([] { return err_of(vsys::ctx_create(1308, VXF_INIT_SET | VXF_SC_HELPER)); });
  EXPECT_EQ(rc, 0) << "an empty kernel.vshelper runs nothing";
}

TEST_F(VshelperTest, NetworkContextsRunNetupAndNetdown) {
  int rc = in_child([] { return err_of(vsys::net_create(1309, NXF_INIT_SET | NXF_SC_HELPER)); });
  EXPECT_EQ(rc, 0);
  EXPECT_TRUE(log_has("netup 1309 00000000")) << slurp(kLog);
  EXPECT_TRUE(log_has("netdown 1309 00000000")) << slurp(kLog);
  // Control: without the flag, nothing runs.
  unlink(kLog);
  rc = in_child([] { return err_of(vsys::net_create(1310, NXF_INIT_SET)); });
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(slurp(kLog), "");
}

}  // namespace
