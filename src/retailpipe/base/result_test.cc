// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/base/result.h"

#include <memory>
#include <string>

#include <gtest/gtest.h>

namespace retailpipe {
namespace {

Result<int> Parse(const std::string& s) {
  if (s.empty()) return Status::InvalidArgument("empty");
  return std::stoi(s);
}

Result<int> Doubled(const std::string& s) {
  RP_ASSIGN_OR_RETURN(int v, Parse(s));
  return v * 2;
}

TEST(Result, HoldsValue) {
  Result<int> r = Parse("21");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, 21);
  EXPECT_TRUE(r.status().ok());
}

TEST(Result, HoldsError) {
  Result<int> r = Parse("");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.value_or(7), 7);
}

TEST(Result, AssignOrReturn) {
  EXPECT_EQ(*Doubled("4"), 8);
  EXPECT_EQ(Doubled("").error().message(), "empty");
}

TEST(Result, MoveOnlyValue) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(5);
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 5);
}

TEST(ResultDeathTest, ValueOfErrorAborts) {
  Result<int> r = Status::Internal("x");
  EXPECT_DEATH((void)r.value(), "check failed");
}

}  // namespace
}  // namespace retailpipe
