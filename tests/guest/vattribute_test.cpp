// vattribute against the real kernel: every flag, capability, ccap and
// unshare-mask name set with --set comes back from --get, and clears
// again with "~name".
#include <sys/wait.h>

#include <algorithm>
#include <bit>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <fmt/core.h>
#include <gtest/gtest.h>

#include "guest.hpp"
#include "vsys/names.hpp"

using namespace vtest;

namespace {

constexpr vsys::xid_t kXid = 490;

// Runs a shell command; returns its exit status and stdout.
std::pair<int, std::string> run(const std::string& cmd) {
  std::string out;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return {-1, out};
  char buf[512];
  while (fgets(buf, sizeof(buf), p)) out += buf;
  int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// The names --get prints for one attribute ("bcaps: a,b,c").
std::set<std::string> get_names(const std::string& label) {
  auto [rc, out] = run("vattribute --get --xid " + std::to_string(kXid));
  std::set<std::string> names;
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(label + ": ", 0) != 0) continue;
    std::istringstream items(line.substr(label.size() + 2));
    std::string item;
    while (std::getline(items, item, ',')) names.insert(item);
  }
  return names;
}

struct Attr {
  const char* option;
  const char* label;
  std::span<const vsys::FlagName> (*names)();
};

class VattributeRoundTrip : public ::testing::TestWithParam<Attr> {};

TEST_P(VattributeRoundTrip, EveryNameSetsAndClears) {
  const Attr& a = GetParam();
  Guest g(kXid);
  ASSERT_EQ(g.create_errno(), 0);
  // --get prints the first (canonical) name of a bit; aliases follow it.
  std::map<std::uint64_t, std::string> canonical;
  int tried = 0;
  for (const auto& f : a.names()) {
    std::string name(f.name);
    // Multi-bit groups have no single name to report; one-time state
    // bits can only be cleared.
    if (std::popcount(f.bits) != 1 || name.starts_with("state_")) continue;
    const std::string& shown = canonical.try_emplace(f.bits, name).first->second;
    ++tried;
    // Cleared first: a new context starts with every bcap set.
    std::string clear = fmt::format("vattribute --set --xid {} {} '~{}'", kXid, a.option, name);
    ASSERT_EQ(run(clear).first, 0) << clear;
    EXPECT_FALSE(get_names(a.label).contains(shown)) << shown << " still reported after " << clear;
    std::string set = fmt::format("vattribute --set --xid {} {} {}", kXid, a.option, name);
    ASSERT_EQ(run(set).first, 0) << set;
    EXPECT_TRUE(get_names(a.label).contains(shown)) << shown << " not reported after " << set;
    // Cleared again: no bit (persistent, say) outlives the test.
    ASSERT_EQ(run(clear).first, 0) << clear;
  }
  EXPECT_GT(tried, 5);
}

INSTANTIATE_TEST_SUITE_P(Attrs, VattributeRoundTrip,
                         ::testing::Values(Attr{"--flag", "flags", vsys::cflag_names},
                                           Attr{"--bcap", "bcaps", vsys::bcap_names},
                                           Attr{"--ccap", "ccaps", vsys::ccap_names},
                                           Attr{"--umask", "umask", vsys::umask_names}),
                         [](const auto& info) { return std::string(info.param.label); });

TEST(VattributeTool, UpperCaseAndNumbersAndErrors) {
  Guest g(kXid + 1);
  ASSERT_EQ(g.create_errno(), 0);
  std::string x = std::to_string(kXid + 1);
  EXPECT_EQ(run("vattribute --set --xid " + x + " --bcap '~CAP_NET_RAW,!CAP_MKNOD'").first, 0);
  auto [rc, out] = run("vattribute --get --xid " + x);
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(out.find("cap_net_raw"), std::string::npos) << out;
  EXPECT_EQ(out.find("cap_mknod"), std::string::npos) << out;
  EXPECT_NE(out.find("cap_chown"), std::string::npos) << out;
  EXPECT_EQ(run("vattribute --set --xid " + x + " --ccap 0x1000").first, 0);
  EXPECT_NE(run("vattribute --get --xid " + x).second.find("ccaps: syslog"), std::string::npos);
  auto bad = run("vattribute --set --xid " + x + " --ccap bogus");
  EXPECT_EQ(bad.first, 1);
  EXPECT_EQ(std::count(bad.second.begin(), bad.second.end(), '\n'), 1) << bad.second;
  auto missing = run("vattribute --get --xid 999");
  EXPECT_EQ(missing.first, 1);
  EXPECT_NE(missing.second.find("No such process"), std::string::npos) << missing.second;
}

}  // namespace
