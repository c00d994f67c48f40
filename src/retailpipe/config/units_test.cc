// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/config/units.h"

#include <limits>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace retailpipe::config {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;

TEST(ParseSize, AcceptsBinaryAndDecimalUnits) {
  EXPECT_EQ(*ParseSize("0B"), 0u);
  EXPECT_EQ(*ParseSize("512B"), 512u);
  EXPECT_EQ(*ParseSize("2KiB"), 2048u);
  EXPECT_EQ(*ParseSize("128MiB"), 128ull << 20);
  EXPECT_EQ(*ParseSize("4GiB"), 4ull << 30);
  EXPECT_EQ(*ParseSize("1TiB"), 1ull << 40);
  EXPECT_EQ(*ParseSize("3KB"), 3000u);
  EXPECT_EQ(*ParseSize("10MB"), 10'000'000u);
  EXPECT_EQ(*ParseSize("4GB"), 4'000'000'000u);
  EXPECT_EQ(*ParseSize("64 MiB"), 64ull << 20);
}

TEST(ParseSize, RejectsBareNumberWithHint) {
  Result<uint64_t> size = ParseSize("4096");
  ASSERT_FALSE(size.ok());
  EXPECT_EQ(size.error().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(size.error().message(), HasSubstr("'4096' has no unit"));
  EXPECT_THAT(size.error().message(), HasSubstr("GiB"));
}

TEST(ParseSize, RejectsUnknownUnitAndListsKnownOnes) {
  Result<uint64_t> size = ParseSize("4gib");
  ASSERT_FALSE(size.ok());
  EXPECT_THAT(size.error().message(), HasSubstr("unknown unit 'gib'"));
  EXPECT_THAT(size.error().message(), HasSubstr("KiB, MiB, GiB"));
  EXPECT_FALSE(ParseSize("4 GiB ").ok());
  EXPECT_FALSE(ParseSize("4  GiB").ok());
  EXPECT_FALSE(ParseSize("4Gi").ok());
}

TEST(ParseSize, RejectsMalformedNumbers) {
  EXPECT_FALSE(ParseSize("").ok());
  EXPECT_FALSE(ParseSize("GiB").ok());
  EXPECT_FALSE(ParseSize("-1GiB").ok());
  EXPECT_FALSE(ParseSize("1.5GiB").ok());
  EXPECT_FALSE(ParseSize(" 1GiB").ok());
}

TEST(ParseSize, RejectsOverflow) {
  EXPECT_EQ(*ParseSize("18446744073709551615B"), std::numeric_limits<uint64_t>::max());
  EXPECT_FALSE(ParseSize("18446744073709551616B").ok());
  EXPECT_EQ(*ParseSize("16777215TiB"), 16777215ull << 40);
  Result<uint64_t> size = ParseSize("16777216TiB");
  ASSERT_FALSE(size.ok());
  EXPECT_THAT(size.error().message(), HasSubstr("too large"));
}

TEST(FormatSize, PicksTheSmallestWholeNumber) {
  EXPECT_EQ(FormatSize(0), "0B");
  EXPECT_EQ(FormatSize(1000), "1KB");
  EXPECT_EQ(FormatSize(1024), "1KiB");
  EXPECT_EQ(FormatSize(1023), "1023B");
  EXPECT_EQ(FormatSize(4ull << 30), "4GiB");
  EXPECT_EQ(FormatSize(4'000'000'000), "4GB");
  EXPECT_EQ(FormatSize(1536ull << 20), "1536MiB");
}

TEST(FormatSize, RoundTripsThroughParseSize) {
  for (uint64_t bytes : std::vector<uint64_t>{0ull, 1ull, 999ull, 1000ull, 1025ull, 64ull << 20,
                                              3ull << 40, std::numeric_limits<uint64_t>::max()}) {
    EXPECT_EQ(*ParseSize(FormatSize(bytes)), bytes) << FormatSize(bytes);
  }
}

TEST(ParseDuration, AcceptsEachUnit) {
  EXPECT_EQ(*ParseDuration("250ms"), milliseconds(250));
  EXPECT_EQ(*ParseDuration("45s"), milliseconds(45'000));
  EXPECT_EQ(*ParseDuration("10m"), milliseconds(600'000));
  EXPECT_EQ(*ParseDuration("1h"), milliseconds(3'600'000));
  EXPECT_EQ(*ParseDuration("2d"), milliseconds(172'800'000));
  EXPECT_EQ(*ParseDuration("0s"), milliseconds(0));
}

TEST(ParseDuration, RejectsBareNumbersAndUnknownUnits) {
  Result<milliseconds> bare = ParseDuration("45");
  ASSERT_FALSE(bare.ok());
  EXPECT_THAT(bare.error().message(), HasSubstr("no unit"));
  EXPECT_THAT(bare.error().message(), HasSubstr("'45s'"));
  Result<milliseconds> unknown = ParseDuration("3w");
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.error().message(), HasSubstr("ms, s, m, h, d"));
  EXPECT_FALSE(ParseDuration("1h30m").ok());
  EXPECT_FALSE(ParseDuration("-5s").ok());
  EXPECT_FALSE(ParseDuration("").ok());
  EXPECT_FALSE(ParseDuration("99999999999999999999ms").ok());
}

TEST(ParseDurationRange, AcceptsRangesAndSingleDurations) {
  Result<DurationRange> range = ParseDurationRange("10s-15s");
  ASSERT_TRUE(range.ok());
  EXPECT_EQ(range->min, milliseconds(10'000));
  EXPECT_EQ(range->max, milliseconds(15'000));
  range = ParseDurationRange("0s");
  ASSERT_TRUE(range.ok());
  EXPECT_EQ(range->min, milliseconds(0));
  EXPECT_EQ(range->max, milliseconds(0));
  EXPECT_EQ(ParseDurationRange("500ms-2s")->max, milliseconds(2000));
  EXPECT_FALSE(ParseDurationRange("15s-10s").ok());
  EXPECT_FALSE(ParseDurationRange("10-15").ok());
  EXPECT_FALSE(ParseDurationRange("10s-").ok());
  EXPECT_FALSE(ParseDurationRange("").ok());
}

TEST(FormatDuration, RoundTripsThroughParseDuration) {
  EXPECT_EQ(FormatDuration(milliseconds(0)), "0s");
  EXPECT_EQ(FormatDuration(milliseconds(250)), "250ms");
  EXPECT_EQ(FormatDuration(milliseconds(600'000)), "10m");
  EXPECT_EQ(FormatDuration(milliseconds(90'000)), "90s");
  EXPECT_EQ(FormatDuration(milliseconds(-1500)), "-1500ms");
  for (auto ms : {1, 1000, 61'000, 3'600'000, 86'400'001}) {
    EXPECT_EQ(*ParseDuration(FormatDuration(milliseconds(ms))), milliseconds(ms));
  }
}

}  // namespace
}  // namespace retailpipe::config
