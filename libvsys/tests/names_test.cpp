#include "vsys/names.hpp"

#include <cerrno>

#include <gtest/gtest.h>

namespace vsys {
namespace {

TEST(NamesTest, ParsesNamesNegationAndNumbers) {
  auto fw = parse_flags(cflag_names(), "persistent,~state_setup,0x10");
  ASSERT_TRUE(fw.has_value());
  EXPECT_EQ(fw->value, VXF_PERSISTENT | VXF_INFO_INIT);
  EXPECT_EQ(fw->mask, VXF_PERSISTENT | VXF_STATE_SETUP | VXF_INFO_INIT);
}

TEST(NamesTest, NamesAreCaseInsensitiveAndAliasesWork) {
  auto fw = parse_flags(cflag_names(), "FakeInit,info_private");
  ASSERT_TRUE(fw.has_value());
  EXPECT_EQ(fw->value, VXF_INFO_INIT | VXF_INFO_PRIVATE);
}

TEST(NamesTest, UnknownNameIsEinvalNamingTheItem) {
  auto fw = parse_flags(cflag_names(), "persistent,nosuchflag");
  ASSERT_FALSE(fw.has_value());
  EXPECT_EQ(fw.error().code(), EINVAL);
  EXPECT_NE(fw.error().call().find("nosuchflag"), std::string::npos);
}

TEST(NamesTest, IattrLettersFollowShowattr) {
  // The seeds: "AwH-ui-" for a hidden /proc file, "---Bui-" for a barrier.
  EXPECT_EQ(iattr_letters(IATTR_ADMIN | IATTR_HIDE, IATTR_FLAGS | IATTR_IXUNLINK | IATTR_IMMUTABLE),
            "AwH-ui-");
  EXPECT_EQ(
      iattr_letters(IATTR_BARRIER | IATTR_TAG, IATTR_BARRIER | IATTR_IXUNLINK | IATTR_IMMUTABLE),
      "---Bui-");
  EXPECT_EQ(iattr_letters(IATTR_IMMUTABLE | IATTR_IXUNLINK, IATTR_IXUNLINK | IATTR_IMMUTABLE),
            "----UI-");
  EXPECT_EQ(iattr_letters(0, 0), "-------");
}

TEST(NamesTest, IattrNamesAndAliases) {
  auto fw = parse_flags(iattr_names(), "barrier,~immu,ixunlink");
  ASSERT_TRUE(fw.has_value());
  EXPECT_EQ(fw->value, IATTR_BARRIER | IATTR_IXUNLINK);
  EXPECT_EQ(fw->mask, IATTR_BARRIER | IATTR_IXUNLINK | IATTR_IMMUTABLE);
}

TEST(NamesTest, FormatRoundTripsEveryCanonicalName) {
  for (const auto& f : cflag_names()) {
    if (std::popcount(f.bits) != 1) continue;
    auto text = format_flags(cflag_names(), f.bits);
    auto back = parse_flags(cflag_names(), text);
    ASSERT_TRUE(back.has_value()) << text;
    EXPECT_EQ(back->value, f.bits) << text;
  }
}

TEST(NamesTest, FormatPrintsUnnamedBitsAsHex) {
  EXPECT_EQ(format_flags(cflag_names(), VXF_PERSISTENT | (1ULL << 60)),
            "persistent,0x1000000000000000");
  EXPECT_EQ(format_flags(cflag_names(), 0), "");
}

}  // namespace
}  // namespace vsys
