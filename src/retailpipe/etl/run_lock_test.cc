// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/etl/run_lock.h"

#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <stdlib.h>

#include "retailpipe/testing/temp_dir.h"

namespace retailpipe::etl {
namespace {

namespace fs = std::filesystem;

using ::retailpipe::testing::TempDir;

TEST(RunLock, SecondAcquireFailsWhileFirstIsHeld) {
  TempDir dir;
  const std::string path = dir.path() + "/locks/sales/run.lock";
  auto first = RunLock::Acquire(path);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(fs::exists(path));

  auto second = RunLock::Acquire(path);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(second.error().message().find(path), std::string::npos);

  first->reset();
  auto third = RunLock::Acquire(path);
  EXPECT_TRUE(third.ok()) << third.status().ToString();
}

TEST(RunLock, LocksOnDifferentPathsAreIndependent) {
  TempDir dir;
  auto a = RunLock::Acquire(dir.path() + "/a.lock");
  auto b = RunLock::Acquire(dir.path() + "/b.lock");
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_TRUE(b.ok()) << b.status().ToString();
}

TEST(RunLock, UnopenableLockFileIsIoError) {
  TempDir dir;
  const std::string folder = dir.path() + "/is_a_folder";
  fs::create_directories(folder);
  auto lock = RunLock::Acquire(folder);
  ASSERT_FALSE(lock.ok());
  EXPECT_EQ(lock.error().code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace retailpipe::etl
