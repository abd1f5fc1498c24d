#include "vsys/procfs.hpp"

#include <unistd.h>

#include <gtest/gtest.h>

namespace vsys {
namespace {

TEST(ProcfsTest, ParsesCommWithSpacesAndParentheses) {
  auto st = parse_proc_stat(
      "4400 (my (odd) cmd) S 1 4400 4400 0 -1 4194560 100 0 0 0 "
      "7 3 0 0 20 0 1 0 12345 81920000 1953 18446744073709551615");
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(st->pid, 4400);
  EXPECT_EQ(st->comm, "my (odd) cmd");
  EXPECT_EQ(st->utime, 7u);
  EXPECT_EQ(st->stime, 3u);
  EXPECT_EQ(st->starttime, 12345u);
  EXPECT_EQ(st->vsize, 81920000u);
  EXPECT_EQ(st->rss, 1953u);
}

TEST(ProcfsTest, RejectsTruncatedLine) {
  EXPECT_FALSE(parse_proc_stat("12 (x) S 1 2").has_value());
  EXPECT_FALSE(parse_proc_stat("garbage").has_value());
}

TEST(ProcfsTest, ReadsOwnStatAndListsSelf) {
  auto st = read_proc_stat(getpid());
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(st->pid, getpid());
  auto pids = list_pids();
  EXPECT_NE(std::find(pids.begin(), pids.end(), getpid()), pids.end());
}

TEST(ProcfsTest, ParsesStatusRows) {
  const std::string text =
      "#CTotal:\t12\n#CActive:\t9\n#NSProxy:\t3 2 1 1 0 0 0 0\n#InitTask:\t4 80 3\n";
  EXPECT_EQ(parse_status_row(text, "CTotal"), std::vector<long>{12});
  EXPECT_EQ(parse_status_row(text, "CActive"), std::vector<long>{9});
  EXPECT_EQ(parse_status_row(text, "NSProxy"), (std::vector<long>{3, 2, 1, 1, 0, 0, 0, 0}));
  EXPECT_EQ(parse_status_row(text, "InitTask"), (std::vector<long>{4, 80, 3}));
  EXPECT_TRUE(parse_status_row(text, "CTot").empty()) << "whole names only";
  EXPECT_TRUE(parse_status_row("CActive:\t9\n", "CActive").empty()) << "the # is part of it";
  EXPECT_TRUE(parse_status_row("", "CActive").empty());
}

TEST(ProcfsTest, IdCountsNeedTheProcFile) {
  auto c = read_id_counts("no-such-root");
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().code(), ENOENT);
}

}  // namespace
}  // namespace vsys
