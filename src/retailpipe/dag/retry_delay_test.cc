// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/dag/retry_delay.h"

#include <gtest/gtest.h>

namespace retailpipe::dag {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(RetryDelay, DoublesUpToTheCapWithEqualJitter) {
  config::TaskRunPolicy policy;
  policy.retry_delay = seconds(10);
  policy.max_retry_delay = seconds(60);
  EXPECT_EQ(RetryDelay(policy, 1, 1.0), seconds(10));
  EXPECT_EQ(RetryDelay(policy, 1, 0.0), seconds(5));
  EXPECT_EQ(RetryDelay(policy, 2, 1.0), seconds(20));
  EXPECT_EQ(RetryDelay(policy, 3, 1.0), seconds(40));
  EXPECT_EQ(RetryDelay(policy, 4, 1.0), seconds(60));
  EXPECT_EQ(RetryDelay(policy, 1000, 1.0), seconds(60));
  EXPECT_EQ(RetryDelay(policy, 4, 0.5), milliseconds(45000));
  EXPECT_EQ(RetryDelay(policy, 2, 7.0), seconds(20)) << "jitter is clamped to [0, 1]";
}

TEST(RetryDelay, ZeroDelayStaysZero) {
  config::TaskRunPolicy policy;
  policy.retry_delay = milliseconds(0);
  policy.max_retry_delay = milliseconds(0);
  EXPECT_EQ(RetryDelay(policy, 5, 1.0), milliseconds(0));
}

}  // namespace
}  // namespace retailpipe::dag
