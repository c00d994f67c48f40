// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/kinesis_dir_checkpoints.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "retailpipe/testing/temp_dir.h"

namespace retailpipe::stream::kinesis {
namespace {

using ::testing::HasSubstr;

TEST(KinesisCheckpointFile, RoundTrips) {
  for (const ShardCheckpoint& checkpoint :
       {ShardCheckpoint{0, ""},
        ShardCheckpoint{3000, "49543463076548007577105092703039560359975228518395012686"}}) {
    const std::string text = FormatCheckpoint(checkpoint);
    auto parsed = ParseCheckpoint(text, "f");
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(*parsed, checkpoint);
  }
  EXPECT_EQ(FormatCheckpoint({7, "123"}), "v1 7 123\n");
  EXPECT_EQ(FormatCheckpoint({0, ""}), "v1 0 -\n");
}

TEST(KinesisCheckpointFile, RejectsDamage) {
  for (const char* bad : {"", "v1 7 123", "v2 7 123\n", "v1 x 123\n", "v1 7 12a\n", "v1 7\n",
                          "v1 -7 123\n", "v1 0 123\n", "v1 7 -\n"}) {
    auto parsed = ParseCheckpoint(bad, "/x/shardId-000000000000");
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().code(), StatusCode::kDataError) << bad;
    EXPECT_THAT(parsed.status().message(), HasSubstr("/x/shardId-000000000000"));
  }
}

TEST(DirCheckpoints, SavesAndLoadsShardMapsAndCheckpoints) {
  testing::TempDir dir("kinesis_ckpt");
  {
    auto store = DirCheckpoints::Open(dir.path(), "sink");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_TRUE((*store)->LoadShardMap("orders")->empty());
    EXPECT_FALSE((*store)->Load("orders", "shardId-000000000000")->has_value());
    std::vector<std::string> shards = {"shardId-000000000001", "shardId-000000000000"};
    ASSERT_TRUE((*store)->SaveShardMap("orders", shards).ok());
    ASSERT_TRUE((*store)->Save("orders", "shardId-000000000000", {12, "4956"}).ok());
    ASSERT_TRUE((*store)->Save("orders", "shardId-000000000000", {13, "4957"}).ok());
  }
  auto store = DirCheckpoints::Open(dir.path(), "sink");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(*(*store)->LoadShardMap("orders"),
            (std::vector<std::string>{"shardId-000000000001", "shardId-000000000000"}));
  auto checkpoint = (*store)->Load("orders", "shardId-000000000000");
  ASSERT_TRUE(checkpoint.ok() && checkpoint->has_value());
  EXPECT_EQ(**checkpoint, (ShardCheckpoint{13, "4957"}));
}

TEST(DirCheckpoints, OneLiveMemberPerGroup) {
  testing::TempDir dir("kinesis_ckpt");
  auto first = DirCheckpoints::Open(dir.path(), "sink");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto second = DirCheckpoints::Open(dir.path(), "sink");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(second.status().message(), HasSubstr("'sink' already has a live member"));
  EXPECT_TRUE(DirCheckpoints::Open(dir.path(), "other").ok()) << "groups are independent";
  first->reset();
  EXPECT_TRUE(DirCheckpoints::Open(dir.path(), "sink").ok()) << "the lock goes with the member";
}

TEST(DirCheckpoints, BadSettingsAreInvalidArguments) {
  testing::TempDir dir("kinesis_ckpt");
  auto no_dir = DirCheckpoints::Open("", "sink");
  ASSERT_FALSE(no_dir.ok());
  EXPECT_EQ(no_dir.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(no_dir.status().message(), HasSubstr("checkpoint_dir="));
  EXPECT_EQ(DirCheckpoints::Open(dir.path(), "a/b").status().code(), StatusCode::kInvalidArgument);
}

TEST(DirCheckpoints, DamagedShardMapIsADataError) {
  testing::TempDir dir("kinesis_ckpt");
  dir.Write("sink/orders/shards", "shardId-000000000000\n\nshardId-000000000001\n");
  auto store = DirCheckpoints::Open(dir.path(), "sink");
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->LoadShardMap("orders").status().code(), StatusCode::kDataError);
}

}  // namespace
}  // namespace retailpipe::stream::kinesis
