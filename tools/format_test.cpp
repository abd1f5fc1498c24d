#include "format.hpp"

#include <signal.h>

#include <gtest/gtest.h>

#include "common.hpp"

namespace vtool {
namespace {

// The rows of the seeds: "0m06s69   1m06s94  2h25m57" and "81.9M 7.9M".
TEST(FormatTest, MatchesVserverStatColumns) {
  EXPECT_EQ(format_cputime(669), "0m06s69");
  EXPECT_EQ(format_cputime(6694), "1m06s94");
  EXPECT_EQ(format_uptime((2 * 3600 + 25 * 60 + 57) * 100), "2h25m57");
  EXPECT_EQ(format_uptime(510), "0m05s10");
  EXPECT_EQ(format_uptime((3 * 86400 + 2 * 3600 + 25 * 60) * 100), "3d02h25");
  EXPECT_EQ(format_size(static_cast<std::uint64_t>(81.9 * 1024 * 1024)), "81.9M");
  EXPECT_EQ(format_size(512 * 1024), "512K");
  EXPECT_EQ(format_size(3ULL << 30), "3.0G");
}

TEST(SignalTest, ParsesNumbersAndNames) {
  EXPECT_EQ(parse_signal("9"), SIGKILL);
  EXPECT_EQ(parse_signal("TERM"), SIGTERM);
  EXPECT_EQ(parse_signal("sigint"), SIGINT);
  EXPECT_EQ(parse_signal("NOPE"), -1);
  EXPECT_EQ(parse_signal("999"), -1);
}

}  // namespace
}  // namespace vtool
