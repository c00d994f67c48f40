// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/aws/retry_policy.h"

#include <algorithm>
#include <chrono>

#include <gtest/gtest.h>

namespace retailpipe::aws {
namespace {

using std::chrono::milliseconds;

TEST(BackoffDelay, GrowsExponentiallyUpToTheCap) {
  const milliseconds base(100);
  const milliseconds cap(5000);
  EXPECT_EQ(BackoffDelay(1, base, cap, 0.999999), milliseconds(99));
  EXPECT_EQ(BackoffDelay(2, base, cap, 0.5), milliseconds(100));
  EXPECT_EQ(BackoffDelay(4, base, cap, 0.5), milliseconds(400));
  EXPECT_EQ(BackoffDelay(7, base, cap, 0.5), milliseconds(2500));
  EXPECT_EQ(BackoffDelay(60, base, cap, 0.5), milliseconds(2500));
  EXPECT_EQ(BackoffDelay(3, base, cap, 0.0), milliseconds(0)) << "full jitter reaches zero";
}

TEST(RetryPolicy, DelayStaysUnderTheCeiling) {
  RetryPolicy policy;
  policy.backoff_base = milliseconds(10);
  policy.backoff_cap = milliseconds(30);
  for (int retry = 1; retry < 40; ++retry) {
    const milliseconds ceiling =
        std::min(milliseconds(30), milliseconds(10 << std::min(retry - 1, 4)));
    EXPECT_LE(policy.Delay(retry), ceiling) << retry;
    EXPECT_GE(policy.Delay(retry), milliseconds(0)) << retry;
  }
}

TEST(RandomFraction, IsInTheUnitInterval) {
  for (int i = 0; i < 100; ++i) {
    double fraction = RandomFraction();
    EXPECT_GE(fraction, 0.0);
    EXPECT_LT(fraction, 1.0);
  }
}

}  // namespace
}  // namespace retailpipe::aws
