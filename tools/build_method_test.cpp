// Host tests of the rsync build method with the host's real rsync, on
// trees in a temp dir.
#include "build_method.hpp"

#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace vtool {
namespace {

namespace fs = std::filesystem;

class RsyncMethodTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/build-method-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    base_ = tmpl;
    src_ = base_ / "src";
    paths_.confroot = (base_ / "etc").string();
    fs::create_directories(base_ / "etc");
    fs::create_directories(src_ / "etc");
    put(src_ / "etc" / "hostname", "old\n");
    put(src_ / "big", "data\n");
    fs::create_hard_link(src_ / "big", src_ / "big.link");
    fs::create_symlink("etc/hostname", src_ / "name");
    m_.name = "rsync";
    m_.source = src_.string();
  }
  void TearDown() override { fs::remove_all(base_); }
  static void put(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }
  // Fills root (made first); "" or the error's message.
  std::string fill(const fs::path& root) {
    fs::create_directories(root);
    auto r = fill_root(m_, "x", root.string(), paths_);
    return r ? "" : r.error().message();
  }

  fs::path base_, src_;
  VserverPaths paths_;
  BuildMethod m_;
};

TEST_F(RsyncMethodTest, CopiesTheSourceWithItsLinks) {
  fs::path root = base_ / "root";
  ASSERT_EQ(fill(root), "");
  EXPECT_TRUE(fs::is_regular_file(root / "etc" / "hostname"));
  EXPECT_TRUE(fs::is_symlink(root / "name"));
  struct stat a {
  }, b{};
  ASSERT_EQ(stat((root / "big").c_str(), &a), 0);
  ASSERT_EQ(stat((root / "big.link").c_str(), &b), 0);
  EXPECT_EQ(a.st_ino, b.st_ino) << "-H keeps hard links";
  EXPECT_FALSE(fs::exists(root / "src")) << "the source's contents, not the source itself";
}

TEST_F(RsyncMethodTest, ASourceThatHoldsTheRootLeavesItOut) {
  fs::path root = src_ / "var" / "lib" / "vservers" / "x";
  ASSERT_EQ(fill(root), "");
  EXPECT_TRUE(fs::is_regular_file(root / "big"));
  EXPECT_FALSE(fs::exists(root / "var" / "lib" / "vservers" / "x"))
      << "the new root was copied into itself";
}

TEST_F(RsyncMethodTest, RsyncOwnArgumentsAndOptionsReachIt) {
  m_.extra = {"--exclude=/big*"};
  m_.options = {"-a"};
  fs::path root = base_ / "root";
  ASSERT_EQ(fill(root), "");
  EXPECT_FALSE(fs::exists(root / "big"));
  EXPECT_TRUE(fs::is_regular_file(root / "etc" / "hostname"));
}

TEST_F(RsyncMethodTest, TheSourceAsTheRootIsRefused) {
  EXPECT_NE(fill(src_).find("is the new root"), std::string::npos);
}

TEST_F(RsyncMethodTest, AMissingSourceNamesItself) {
  m_.source = (base_ / "nowhere").string();
  EXPECT_NE(fill(base_ / "root").find("no guest or directory"), std::string::npos);
}

TEST_F(RsyncMethodTest, NoRsyncOnThePath) {
  const char* old = getenv("PATH");
  std::string saved = old ? old : "";
  setenv("PATH", (base_ / "empty").c_str(), 1);
  std::string why = fill(base_ / "root");
  setenv("PATH", saved.c_str(), 1);
  EXPECT_NE(why.find("rsync is not installed"), std::string::npos) << why;
}

TEST_F(RsyncMethodTest, AFailingRsyncIsAnError) {
  m_.options = {"--no-such-rsync-option"};
  EXPECT_NE(fill(base_ / "root").find("exited with"), std::string::npos);
}

TEST(BuildMethodArgs, RsyncTakesUtilVserversOptions) {
  BuildMethod m;
  m.name = "rsync";
  bool done = false;
  ASSERT_EQ(
      parse_method_args(
          m, {"-s", "host:/srv", "-o", "-aH", "-o", "--delete", "--", "--exclude-from=/x"}, done),
      0);
  EXPECT_FALSE(done);
  EXPECT_EQ(m.source, "host:/srv");
  EXPECT_EQ(m.options, (std::vector<std::string>{"-aH", "--delete"}));
  EXPECT_EQ(m.extra, (std::vector<std::string>{"--exclude-from=/x"}));
}

}  // namespace
}  // namespace vtool
