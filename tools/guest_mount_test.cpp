// Host tests of the fstab option parser of vserver start.
#include "guest_mount.hpp"

#include <sys/mount.h>

#include <gtest/gtest.h>

namespace vtool {
namespace {

TEST(MountOptionsTest, FlagsAndData) {
  auto m = parse_mount_options("defaults");
  EXPECT_EQ(m.flags, 0u);
  EXPECT_EQ(m.data, "");
  m = parse_mount_options("size=16m,mode=1777,nosuid,nodev");
  EXPECT_EQ(m.flags, static_cast<unsigned long>(MS_NOSUID | MS_NODEV));
  EXPECT_EQ(m.data, "size=16m,mode=1777");
  m = parse_mount_options("ro,rw,gid=5,noexec,exec");
  EXPECT_EQ(m.flags, 0u) << "a later option undoes an earlier one";
  EXPECT_EQ(m.data, "gid=5");
  m = parse_mount_options("rbind");
  EXPECT_EQ(m.flags, static_cast<unsigned long>(MS_BIND | MS_REC));
}

TEST(MountOptionsTest, BindMountsAreRefused) {
  auto r = mount_fstab({{"/srv/data", "/data", "none", "bind"}});
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("bind mounts are not supported yet (/data)"),
            std::string::npos);
}

}  // namespace
}  // namespace vtool
