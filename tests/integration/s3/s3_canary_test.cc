// SPDX-License-Identifier: Apache-2.0
#include <string>

#include "s3_test_env.h"
#include <gtest/gtest.h>

namespace retailpipe::storage::testing {
namespace {

// Run before anything trusts the server: does the emulator do what real S3 does?
TEST(S3Canary, EmulatorHasPutIfAbsentAndListPaging) {
  auto env = LoadS3TestEnv();
  ASSERT_TRUE(env.ok()) << env.status().ToString();
  if (!env->has_value()) GTEST_SKIP() << "RP_TEST_S3_URI is unset (scripts/s3_server.sh env)";
  std::string problems = CanaryProblems(**env);
  EXPECT_EQ(problems, "");
}

}  // namespace
}  // namespace retailpipe::storage::testing
