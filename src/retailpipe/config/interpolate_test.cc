// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/config/interpolate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace retailpipe::config {
namespace {

using ::testing::HasSubstr;

const std::map<std::string, std::string> kEnv = {
    {"BUCKET", "sales"}, {"EMPTY", ""}, {"HOME_DIR", "/home/u"}};

TEST(Interpolate, ReplacesVariables) {
  EXPECT_EQ(*Interpolate("s3://${BUCKET}/in", kEnv), "s3://sales/in");
  EXPECT_EQ(*Interpolate("${HOME_DIR}${BUCKET}", kEnv), "/home/usales");
  EXPECT_EQ(*Interpolate("[${EMPTY}]", kEnv), "[]");
  EXPECT_EQ(*Interpolate("no references", kEnv), "no references");
}

TEST(Interpolate, UsesDefaultWhenUnsetOrEmpty) {
  EXPECT_EQ(*Interpolate("${NOPE:-fallback}", kEnv), "fallback");
  EXPECT_EQ(*Interpolate("${EMPTY:-fallback}", kEnv), "fallback");
  EXPECT_EQ(*Interpolate("${BUCKET:-fallback}", kEnv), "sales");
  EXPECT_EQ(*Interpolate("${NOPE:-}", kEnv), "");
  EXPECT_EQ(*Interpolate("${NOPE:-a:-b $x}", kEnv), "a:-b $x");
}

TEST(Interpolate, TreatsDoubleDollarAsLiteral) {
  EXPECT_EQ(*Interpolate("p$$w", kEnv), "p$w");
  EXPECT_EQ(*Interpolate("$${BUCKET}", kEnv), "${BUCKET}");
  EXPECT_EQ(*Interpolate("$$$${BUCKET}", kEnv), "$${BUCKET}");
  EXPECT_EQ(*Interpolate("$$${BUCKET}", kEnv), "$sales");
  EXPECT_EQ(*Interpolate("cost$ 5$", kEnv), "cost$ 5$");
}

TEST(Interpolate, NamesTheMissingVariable) {
  Result<std::string> text = Interpolate("s3://${MISSING_BUCKET}/x", kEnv);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(text.error().message(), HasSubstr("MISSING_BUCKET is not set"));
  EXPECT_THAT(text.error().message(), HasSubstr("${MISSING_BUCKET:-value}"));
}

TEST(Interpolate, RejectsMalformedReferences) {
  EXPECT_THAT(Interpolate("${BUCKET", kEnv).error().message(), HasSubstr("unterminated"));
  EXPECT_FALSE(Interpolate("${}", kEnv).ok());
  EXPECT_FALSE(Interpolate("${1X}", kEnv).ok());
  EXPECT_FALSE(Interpolate("${A-B}", kEnv).ok());
}

TEST(EscapeForInterpolation, RoundTrips) {
  for (std::string text : {"", "$", "p$w", "${BUCKET}", "$${x}", "a$$b$"}) {
    EXPECT_EQ(*Interpolate(EscapeForInterpolation(text), kEnv), text);
  }
}

}  // namespace
}  // namespace retailpipe::config
