// Host-side tests of the /proc/virtual/<xid>/sched parser.
#include <gtest/gtest.h>

#include "vsys/sched.hpp"

namespace {

constexpr const char* kText =
    "FillRate:\t       1,1\n"
    "Interval:\t       4,8\n"
    "TokensMin:\t      15\n"
    "TokensMax:\t     125\n"
    "PrioBias:\t       0\n"
    "cpu 0: 120 7 300 410 3 HI -2 15 125 1/4 1/8 0 0\n"
    "cpu 1: 0 0 0 0 0 R- 62 15 125 1/4 1/8 0 0\n";

TEST(SchedProc, ParsesEveryCpuLine) {
  auto cpus = vsys::parse_sched_proc(kText);
  ASSERT_TRUE(cpus.has_value()) << cpus.error().message();
  ASSERT_EQ(cpus->size(), 2u);
  const auto& c0 = (*cpus)[0];
  EXPECT_EQ(c0.cpu, 0);
  EXPECT_EQ(c0.user, 120u);
  EXPECT_EQ(c0.sys, 7u);
  EXPECT_EQ(c0.hold, 300u);
  EXPECT_EQ(c0.token_time, 410u);
  EXPECT_EQ(c0.idle_time, 3u);
  EXPECT_TRUE(c0.held);
  EXPECT_TRUE(c0.idle_rate);
  EXPECT_EQ(c0.tokens, -2);
  EXPECT_EQ(c0.tokens_min, 15);
  EXPECT_EQ(c0.tokens_max, 125);
  const auto& c1 = (*cpus)[1];
  EXPECT_EQ(c1.cpu, 1);
  EXPECT_FALSE(c1.held);
  EXPECT_FALSE(c1.idle_rate);
  EXPECT_EQ(c1.tokens, 62);
}

TEST(SchedProc, RefusesABrokenCpuLine) {
  auto cpus = vsys::parse_sched_proc("PrioBias:\t0\ncpu 0: 1 2 x\n");
  ASSERT_FALSE(cpus.has_value());
  EXPECT_EQ(cpus.error().code(), EINVAL);
}

}  // namespace
