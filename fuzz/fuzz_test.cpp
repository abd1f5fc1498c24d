// Host checks of vsfuzz's generator: the table fits its structs, a seed
// repeats its inputs, every command and pointer kind is drawn, and the
// errno rule.
#include <cerrno>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fuzz.hpp"

using namespace vsfuzz;

namespace {

TEST(VsfuzzTable, FieldsLieInsideTheirStruct) {
  for (const auto& d : commands()) {
    EXPECT_LE(d.size, kMaxData) << d.name;
    for (const auto& f : d.fields) EXPECT_LE(f.off + f.size, d.size) << d.name;
    if (d.use != Use::kNone) {
      EXPECT_GT(d.size, 0) << d.name;
    }
  }
}

TEST(VsfuzzTable, CommandWordsAreUnique) {
  std::set<std::uint32_t> words;
  for (const auto& d : commands())
    if (d.cmd) {
      EXPECT_TRUE(words.insert(d.cmd).second) << d.name;
    }
}

std::vector<std::string> draw(std::uint64_t seed, int n) {
  Generator g(seed);
  IdPool pool;
  std::vector<std::string> out;
  std::vector<Input> kept;
  for (int i = 0; i < n; ++i) {
    Input in = kept.empty() || !g.chance(40) ? g.generate(pool) : g.mutate(kept.back(), pool);
    if (g.chance(5)) kept.push_back(in);
    out.push_back(describe(in));
  }
  return out;
}

TEST(VsfuzzGenerator, SameSeedSameInputs) {
  EXPECT_EQ(draw(42, 2000), draw(42, 2000));
  EXPECT_NE(draw(42, 200), draw(43, 200));
}

TEST(VsfuzzGenerator, DrawsEveryCommandAndPointerKind) {
  Generator g(7);
  IdPool pool;
  std::set<std::uint16_t> cmds;
  std::set<Ptr> ptrs;
  std::set<std::uint32_t> ids;
  for (int i = 0; i < 20000; ++i) {
    Input in = g.generate(pool);
    cmds.insert(in.desc);
    ptrs.insert(in.ptr);
    ids.insert(in.id);
  }
  EXPECT_EQ(cmds.size(), commands().size());
  EXPECT_EQ(ptrs.size(), 8u);
  for (std::uint32_t edge : {0u, 1u, 2u, 65535u, 65536u, 0xFFFFFFFFu, pool.xid_base})
    EXPECT_TRUE(ids.contains(edge)) << edge;
}

TEST(VsfuzzGenerator, FlagWordsReachEveryBit) {
  Generator g(9);
  IdPool pool;
  std::uint16_t set_cflags = 0;
  for (std::uint16_t i = 0; i < commands().size(); ++i)
    if (commands()[i].name == std::string("set_cflags")) set_cflags = i;
  std::uint64_t seen = 0;
  bool zero = false, all = false;
  for (int i = 0; i < 20000; ++i) {
    Input in = g.generate(pool);
    if (in.desc != set_cflags) continue;
    std::uint64_t v;
    std::memcpy(&v, in.data.data(), sizeof(v));
    seen |= v;
    zero |= v == 0;
    all |= v == ~0ULL;
  }
  EXPECT_EQ(seen, ~0ULL);
  EXPECT_TRUE(zero);
  EXPECT_TRUE(all);
}

// A word with a flipped bit can name another command; the worker applies
// that command's rules (run in a child when it moves the caller, the
// kill and flag filters, its errnos).
TEST(VsfuzzTable, FlippedWordsNameTheCommandTheyReach) {
  auto named = [](std::uint32_t cmd) {
    const CmdDesc* d = command_of_word(cmd);
    return d ? std::string(d->name) : std::string("none");
  };
  auto word = [](const char* name) {
    for (const auto& d : commands())
      if (d.name == std::string(name)) return d.cmd;
    return 0u;
  };
  EXPECT_EQ(named(word("set_cflags")), "set_cflags");
  EXPECT_EQ(named(word("set_vhi_name") ^ (1u << 27)), "enter_space_v0");
  EXPECT_TRUE(command_of_word(word("set_vhi_name") ^ (1u << 27))->moves);
  EXPECT_EQ(named(word("net_add") ^ (1u << 24)), "net_migrate");
  EXPECT_EQ(named(word("set_bcaps") ^ (1u << 19)), "set_cflags");
  EXPECT_EQ(named(word("task_tag") ^ (1u << 27)), "fget_iattr");
  EXPECT_EQ(named(word("absent_version")), "none");
  EXPECT_EQ(named(0), "none");
  EXPECT_EQ(named(0x7f7f0001), "none");
}

TEST(VsfuzzErrno, DocumentedErrnosOnly) {
  const CmdDesc* wait = nullptr;
  const CmdDesc* add = nullptr;
  const CmdDesc* info = nullptr;
  for (const auto& d : commands()) {
    if (d.name == std::string("wait_exit")) wait = &d;
    if (d.name == std::string("net_add_ipv4")) add = &d;
    if (d.name == std::string("vx_info")) info = &d;
  }
  ASSERT_TRUE(wait && add && info);
  EXPECT_TRUE(errno_allowed(*info, EFAULT));
  EXPECT_TRUE(errno_allowed(*wait, EINTR));
  EXPECT_FALSE(errno_allowed(*info, EINTR));
  EXPECT_TRUE(errno_allowed(*add, ENOSPC));
  EXPECT_FALSE(errno_allowed(*info, ENOSPC));
  EXPECT_FALSE(errno_allowed(*info, EIO));
}

}  // namespace
