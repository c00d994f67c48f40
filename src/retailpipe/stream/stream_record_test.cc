// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/stream_record.h"

#include <vector>

#include <gtest/gtest.h>

namespace retailpipe::stream {
namespace {

StreamRecord At(std::string topic, int32_t partition, int64_t offset) {
  StreamRecord record;
  record.topic = std::move(topic);
  record.partition = partition;
  record.offset = offset;
  return record;
}

TEST(NextOffsets, TakesOnePastTheHighestOffsetPerPartition) {
  const std::vector<StreamRecord> records = {At("orders", 1, 7), At("orders", 0, 3),
                                             At("orders", 1, 5), At("apples", 0, 0),
                                             At("orders", 0, 4), At("orders", 1, 9)};
  const std::vector<PartitionOffset> expected = {
      {"apples", 0, 1}, {"orders", 0, 5}, {"orders", 1, 10}};
  EXPECT_EQ(NextOffsets(records), expected);
}

TEST(NextOffsets, IsEmptyForNoRecords) { EXPECT_TRUE(NextOffsets({}).empty()); }

}  // namespace
}  // namespace retailpipe::stream
