// vserver-stat --json against the real kernel: the output is one JSON
// array with an object per context carrying every column of the table
// (CTX PROC VSZ RSS userTIME sysTIME UPTIME NAME); a guest's object also
// carries its limits (current, max, hits of each) and its scheduler
// (CPU and hold times, tokens per CPU).
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "guest.hpp"
#include "net_helpers.hpp"

using namespace vtest;

namespace {

TEST(VserverStatTest, JsonParsesAndHasEveryColumn) {
  Guest g(1150, VXF_INIT_SET, 2);
  ASSERT_EQ(g.create_errno(), 0);
  ASSERT_TRUE(vsys::set_vhi_name(1150, VHIN_CONTEXT, "json-guest"));
  std::string out = shell_output("vserver-stat --json");
  auto doc = nlohmann::json::parse(out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << "not JSON:\n" << out;
  ASSERT_TRUE(doc.is_array()) << out;
  const char* numbers[] = {"ctx",         "proc",       "vsz",          "rss",
                           "user_centis", "sys_centis", "uptime_centis"};
  std::set<unsigned> seen;
  for (const auto& row : doc) {
    ASSERT_TRUE(row.is_object()) << row.dump();
    unsigned ctx = row["ctx"];
    EXPECT_EQ(row.size(), ctx >= 2 ? 10u : 8u) << row.dump();
    for (const char* key : numbers)
      EXPECT_TRUE(row.contains(key) && row[key].is_number_unsigned())
          << key << " in " << row.dump();
    ASSERT_TRUE(row.contains("name") && row["name"].is_string()) << row.dump();
    EXPECT_TRUE(seen.insert(ctx).second) << "ctx " << ctx << " listed twice";
    if (ctx == 0) {
      EXPECT_EQ(row["name"], "root server");
    }
    if (ctx == 1150) {
      EXPECT_EQ(row["name"], "json-guest");
      EXPECT_EQ(row["proc"], 2u);
      EXPECT_GT(row["vsz"].get<std::uint64_t>(), 0u);
      ASSERT_TRUE(row.contains("limits") && row["limits"].contains("nproc")) << row.dump();
      const auto& nproc = row["limits"]["nproc"];
      EXPECT_EQ(nproc["current"], 2u) << row.dump();
      EXPECT_EQ(nproc["hits"], 0u) << row.dump();
      EXPECT_TRUE(nproc["max"].is_number_unsigned()) << row.dump();
      EXPECT_TRUE(row["limits"].contains("nsock")) << row.dump();
      EXPECT_FALSE(row["limits"].contains("cpu")) << row.dump();
      ASSERT_TRUE(row.contains("sched")) << row.dump();
      const auto& sched = row["sched"];
      for (const char* key : {"user_msec", "sys_msec", "hold_msec", "token_usec"})
        EXPECT_TRUE(sched.contains(key) && sched[key].is_number_unsigned()) << key;
      EXPECT_EQ(sched["hold_msec"], 0u) << row.dump();  // no SCHED_HARD
      EXPECT_EQ(sched["token_usec"], 4000u) << row.dump();
      ASSERT_TRUE(sched["cpus"].is_array() && !sched["cpus"].empty()) << row.dump();
      const auto& cpu0 = sched["cpus"][0];
      EXPECT_EQ(cpu0["cpu"], 0);
      EXPECT_EQ(cpu0["tokens_max"], 125) << row.dump();  // HZ/2, the default
      EXPECT_LE(cpu0["tokens"].get<int>(), 125) << row.dump();
    }
  }
  EXPECT_TRUE(seen.count(0) && seen.count(1150)) << out;
}

}  // namespace
