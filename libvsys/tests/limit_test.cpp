#include "vsys/limit.hpp"

#include <cerrno>

#include <gtest/gtest.h>

namespace vsys {
namespace {

TEST(LimitNamesTest, NamesAndIdsOfUtilVserver) {
  EXPECT_EQ(limit_name(VLIMIT_NPROC), "nproc");
  EXPECT_EQ(limit_name(VLIMIT_NSOCK), "nsock");
  EXPECT_EQ(limit_name(VLIMIT_MAPPED), "mapped");
  EXPECT_EQ(limit_name(NUM_LIMITS), "");
  EXPECT_EQ(limit_id("nofile"), VLIMIT_NOFILE);
  EXPECT_EQ(limit_id("OPENFD"), VLIMIT_OPENFD);
  EXPECT_EQ(limit_id("as"), VLIMIT_AS);
  EXPECT_EQ(limit_id("19"), VLIMIT_SHMEM);
  EXPECT_FALSE(limit_id("24").has_value());
  EXPECT_FALSE(limit_id("nosuch").has_value());
  EXPECT_FALSE(limit_id("").has_value());
}

TEST(LimitNamesTest, ParsesValuesAsVcParseLimit) {
  EXPECT_EQ(parse_limit("0"), 0u);
  EXPECT_EQ(parse_limit("1234\n"), 1234u);
  EXPECT_EQ(parse_limit("1k"), 1000u);
  EXPECT_EQ(parse_limit("1K"), 1024u);
  EXPECT_EQ(parse_limit("1m"), 1000000u);
  EXPECT_EQ(parse_limit("1M"), 1048576u);
  EXPECT_EQ(parse_limit("inf"), CRLIM_INFINITY);
  for (const char* bad : {"x", "k", "1kX", "", "-1"}) {
    auto r = parse_limit(bad);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().code(), EINVAL);
  }
}

}  // namespace
}  // namespace vsys
