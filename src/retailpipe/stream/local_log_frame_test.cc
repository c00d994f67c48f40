// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/local_log_frame.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include "retailpipe/stream/local_log_layout.h"

namespace retailpipe::stream::local_log {
namespace {

std::string SealedFrame(int64_t offset, std::string_view key, std::string_view value,
                        const std::vector<RecordHeader>& headers) {
  std::string frame;
  AppendFrame(frame, 1700000000123, key, value, headers);
  SealFrame(frame, offset);
  return frame;
}

TEST(LocalLogFrame, RoundTripsEveryField) {
  const std::vector<RecordHeader> headers = {{"trace", "abc"}, {"trace", ""}, {"bin", {"\0x", 2}}};
  const std::string value("v\0alue", 6);
  const std::string frame = SealedFrame(42, "key", value, headers);
  EXPECT_EQ(frame.size(), FrameSize("key", value, headers));
  ASSERT_EQ(CheckFrame(frame), FrameCheck::kValid);
  EXPECT_EQ(FrameSizeAt(frame), frame.size());
  EXPECT_EQ(FrameOffset(frame), 42);
  const StreamRecord record = DecodeFrame(frame, "orders", 3);
  EXPECT_EQ(record.topic, "orders");
  EXPECT_EQ(record.partition, 3);
  EXPECT_EQ(record.offset, 42);
  EXPECT_EQ(record.key, "key");
  EXPECT_EQ(record.value, value);
  EXPECT_EQ(record.timestamp_ms, 1700000000123);
  EXPECT_EQ(record.headers, headers);
}

TEST(LocalLogFrame, EmptyRecordHasTheMinimumSize) {
  const std::string frame = SealedFrame(0, "", "", {});
  EXPECT_EQ(frame.size(), kMinFrameBytes);
  EXPECT_EQ(CheckFrame(frame), FrameCheck::kValid);
}

TEST(LocalLogFrame, EveryFlippedBitIsCaught) {
  const std::string frame = SealedFrame(7, "k", "some value", {{"h", "v"}});
  for (size_t i = 0; i < frame.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string damaged = frame;
      damaged[i] = static_cast<char>(damaged[i] ^ (1 << bit));
      EXPECT_NE(CheckFrame(damaged), FrameCheck::kValid) << "byte " << i << " bit " << bit;
    }
  }
}

TEST(LocalLogFrame, APrefixIsIncomplete) {
  const std::string frame = SealedFrame(7, "k", "value", {});
  for (size_t n = 0; n < frame.size(); ++n) {
    EXPECT_EQ(CheckFrame(std::string_view(frame).substr(0, n)), FrameCheck::kIncomplete) << n;
  }
  EXPECT_EQ(CheckFrame(std::string(64, '\0')), FrameCheck::kInvalid) << "zeros are no frame";
}

TEST(LocalLogFrame, PlausibleStartFiltersByOffset) {
  const std::string frame = SealedFrame(100, "k", "value", {});
  EXPECT_TRUE(PlausibleFrameStart(frame, 100, 100));
  EXPECT_TRUE(PlausibleFrameStart(frame, 90, 110));
  EXPECT_FALSE(PlausibleFrameStart(frame, 101, 200));
  EXPECT_FALSE(PlausibleFrameStart(frame, 0, 99));
}

// Kafka's own test vectors (UtilsTest.testMurmur2 in the Java client).
TEST(LocalLogPartitioner, Murmur2MatchesKafka) {
  EXPECT_EQ(static_cast<int32_t>(Murmur2("21")), -973932308);
  EXPECT_EQ(static_cast<int32_t>(Murmur2("foobar")), -790332482);
  EXPECT_EQ(static_cast<int32_t>(Murmur2("a-little-bit-long-string")), -985981536);
  EXPECT_EQ(static_cast<int32_t>(Murmur2("a-little-bit-longer-string")), -1486304829);
  EXPECT_EQ(static_cast<int32_t>(Murmur2("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8")),
            -58897971);
  EXPECT_EQ(static_cast<int32_t>(Murmur2("abc")), 479470107);
}

TEST(LocalLogPartitioner, KeysLandWhereKafkaProducersPutThem) {
  for (int32_t partitions = 1; partitions <= 16; ++partitions) {
    for (int i = 0; i < 500; ++i) {
      const std::string key = "order-" + std::to_string(i * 7919);
      const int32_t expected = rd_kafka_msg_partitioner_murmur2(nullptr, key.data(), key.size(),
                                                                partitions, nullptr, nullptr);
      ASSERT_EQ(KeyPartition(key, partitions), expected) << key << " over " << partitions;
    }
  }
}

TEST(LocalLogNames, AcceptsKafkaStyleNamesOnly) {
  for (const char* good : {"orders", "orders.v1", "a_b-C9", "x"}) {
    EXPECT_TRUE(CheckName("topic", good).ok()) << good;
  }
  for (const char* bad : {"", ".", "..", "a/b", "a b", "ü", "../x"}) {
    EXPECT_EQ(CheckName("topic", bad).code(), StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_FALSE(CheckName("group", std::string(250, 'g')).ok());
  EXPECT_TRUE(CheckName("group", std::string(249, 'g')).ok());
}

}  // namespace
}  // namespace retailpipe::stream::local_log
