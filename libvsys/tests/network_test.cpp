#include "vsys/network.hpp"

#include <arpa/inet.h>

#include <cerrno>

#include <gtest/gtest.h>

namespace vsys {
namespace {

TEST(NetAddrTest, Ipv4WithPrefixOrMask) {
  auto a = parse_net_addr("10.0.0.2/24");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->family, AF_INET);
  EXPECT_EQ(a->type, NXA_TYPE_ADDR);
  EXPECT_EQ(a->ip.s_addr, inet_addr("10.0.0.2"));
  EXPECT_EQ(a->mask.s_addr, inet_addr("255.255.255.0"));
  auto b = parse_net_addr("10.0.0.2/255.255.0.0");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->mask.s_addr, inet_addr("255.255.0.0"));
  EXPECT_EQ(parse_net_addr("10.0.0.2")->mask.s_addr, 0xFFFFFFFFu);
  EXPECT_EQ(parse_net_addr("0.0.0.0/0")->mask.s_addr, 0u);
}

TEST(NetAddrTest, Ipv6AddressAndPrefix) {
  auto a = parse_net_addr("fd00::2");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->family, AF_INET6);
  EXPECT_EQ(a->type, NXA_TYPE_ADDR);
  EXPECT_EQ(a->prefix, 128u);
  // A prefix stays an ADDR entry (one address), like IPv4's mask.
  auto n = parse_net_addr("fd00::2/64");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->type, NXA_TYPE_ADDR);
  EXPECT_EQ(n->prefix, 64u);
  EXPECT_EQ(n->mask6.s6_addr[7], 0xFF);
  EXPECT_EQ(n->mask6.s6_addr[8], 0x00);
  EXPECT_EQ(n->ip6.s6_addr[15], 2);
}

TEST(NetAddrTest, BadTextIsEinvalNamingIt) {
  for (const char* bad : {"10.0.0.300", "10.0.0.1/33", "fd00::/129", "nothing", "10.0.0.1/x"}) {
    auto r = parse_net_addr(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code(), EINVAL);
    EXPECT_NE(r.error().call().find(bad), std::string::npos);
  }
}

}  // namespace
}  // namespace vsys
