// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/base/percent_decode.h"

#include <gtest/gtest.h>

namespace retailpipe {
namespace {

TEST(PercentDecode, DecodesEscapesAndKeepsTheRest) {
  std::string out;
  ASSERT_TRUE(PercentDecode("p%40ss%3Aw%2fd+x", out));
  EXPECT_EQ(out, "p@ss:w/d+x");
  ASSERT_TRUE(PercentDecode("", out));
  EXPECT_EQ(out, "");
  ASSERT_TRUE(PercentDecode("%41", out));
  EXPECT_EQ(out, "A");
}

TEST(PercentDecode, RejectsMalformedSequences) {
  std::string out;
  EXPECT_FALSE(PercentDecode("%", out));
  EXPECT_FALSE(PercentDecode("ab%4", out));
  EXPECT_FALSE(PercentDecode("%zz", out));
  EXPECT_FALSE(PercentDecode("%4g", out));
}

}  // namespace
}  // namespace retailpipe
