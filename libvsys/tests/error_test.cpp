#include "vsys/error.hpp"

#include <cerrno>

#include <gtest/gtest.h>

#include "vsys/context.hpp"

namespace vsys {
namespace {

TEST(ErrorTest, MessageNamesCallAndErrno) {
  Error e(EEXIST, "ctx_create(42)");
  EXPECT_EQ(e.code(), EEXIST);
  EXPECT_EQ(e.message(), "ctx_create(42): File exists");
}

TEST(ErrorTest, OverlongNameFailsBeforeTheKernel) {
  auto r = set_vhi_name(42, VHIN_CONTEXT, std::string(65, 'x'));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), ENAMETOOLONG);
}

}  // namespace
}  // namespace vsys
