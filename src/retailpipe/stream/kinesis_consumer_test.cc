// SPDX-License-Identifier: Apache-2.0
// KinesisConsumer against the in-memory FakeKinesis.
#include "retailpipe/stream/kinesis_consumer.h"

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "retailpipe/stream/kinesis_fake_service.h"
#include "retailpipe/stream/kinesis_shard_reader.h"
#include "retailpipe/stream/kinesis_stream.h"
#include "retailpipe/testing/temp_dir.h"

namespace retailpipe::stream::kinesis {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

const std::vector<std::string> kOrders = {"orders"};

class KinesisConsumerTest : public ::testing::Test {
 protected:
  void SetUp() override { fake_.CreateStream("orders", 3); }

  KinesisStream Stream() {
    return KinesisStream(FakeKinesis::Options(dir_.path()), fake_.Factory());
  }

  void Produce(int first, int count) {
    auto producer = Stream().NewProducer();
    ASSERT_TRUE(producer.ok()) << producer.status().ToString();
    for (int i = first; i < first + count; ++i) {
      ASSERT_TRUE(
          (*producer)
              ->Produce("orders", "key-" + std::to_string(i % 50), "value-" + std::to_string(i))
              .ok());
    }
    ASSERT_TRUE((*producer)->Flush(5s).ok());
  }

  std::unique_ptr<StreamConsumer> Subscribed(const std::string& group = "sink") {
    auto consumer = Stream().NewConsumer(group);
    EXPECT_TRUE(consumer.ok()) << consumer.status().ToString();
    if (!consumer.ok()) return nullptr;
    EXPECT_TRUE((*consumer)->Subscribe(kOrders).ok());
    return std::move(consumer).value();
  }

  /// Poll in batches of `batch` until `want` records came, or a poll returned none.
  static std::vector<StreamRecord> PollAll(StreamConsumer& consumer, size_t want,
                                           size_t batch = 97) {
    std::vector<StreamRecord> seen;
    while (seen.size() < want) {
      auto records = consumer.Poll(50ms, batch);
      EXPECT_TRUE(records.ok()) << records.status().ToString();
      if (!records.ok() || records->empty()) break;
      for (StreamRecord& record : *records) seen.push_back(std::move(record));
    }
    return seen;
  }

  /// Return the values of `records` sorted by (partition, offset), checking that the offsets
  /// of each partition are dense from `first_offset[partition]` (0 if absent).
  static std::vector<std::string> CheckDense(std::vector<StreamRecord> records,
                                             std::map<int32_t, int64_t> first_offset = {}) {
    std::sort(records.begin(), records.end(), [](const auto& a, const auto& b) {
      return std::tie(a.partition, a.offset) < std::tie(b.partition, b.offset);
    });
    std::vector<std::string> values;
    std::map<int32_t, int64_t> next = std::move(first_offset);
    for (const StreamRecord& record : records) {
      EXPECT_EQ(record.offset, next[record.partition]) << "partition " << record.partition;
      next[record.partition] = record.offset + 1;
      values.push_back(record.value);
    }
    return values;
  }

  FakeKinesis fake_;
  testing::TempDir dir_{"kinesis_consumer"};
};

TEST_F(KinesisConsumerTest, ReadsEveryShardThenNothingAfterCommitAndRestart) {
  Produce(0, 300);
  {
    auto consumer = Subscribed();
    std::vector<StreamRecord> records = PollAll(*consumer, 300);
    ASSERT_EQ(records.size(), 300u);
    std::set<int32_t> partitions;
    for (const StreamRecord& record : records) {
      partitions.insert(record.partition);
      EXPECT_EQ(record.topic, "orders");
      EXPECT_TRUE(record.key.starts_with("key-"));
      ASSERT_EQ(record.headers.size(), 2u);
      EXPECT_EQ(record.headers[0].key, "kinesis.sequence_number");
      EXPECT_EQ(record.headers[1].key, "kinesis.shard_id");
      EXPECT_EQ(record.headers[1].value,
                fake_.ShardIds("orders")[static_cast<size_t>(record.partition)]);
      EXPECT_EQ(record.timestamp_ms, 1795444442511);
    }
    EXPECT_EQ(partitions, (std::set<int32_t>{0, 1, 2}));
    EXPECT_EQ(CheckDense(records).size(), 300u);
    ASSERT_TRUE(consumer->Commit(NextOffsets(records), 1s).ok());
    ASSERT_TRUE(consumer->Close().ok());
  }
  auto again = Subscribed();
  auto records = again->Poll(100ms, 1000);
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  EXPECT_TRUE(records->empty()) << records->size() << " records read again";
  Produce(300, 30);
  std::vector<StreamRecord> fresh = PollAll(*again, 30);
  EXPECT_EQ(fresh.size(), 30u);
  for (const StreamRecord& record : fresh) EXPECT_GE(record.offset, 1) << "numbering continues";
}

TEST_F(KinesisConsumerTest, PartialCommitRedeliversExactlyTheRestWithTheSameOffsets) {
  Produce(0, 400);
  std::vector<StreamRecord> uncommitted;
  {
    auto consumer = Subscribed();
    std::vector<StreamRecord> records = PollAll(*consumer, 400, 400);
    ASSERT_EQ(records.size(), 400u);
    std::vector<StreamRecord> committed;
    for (StreamRecord& record : records) {
      (record.offset < 40 ? committed : uncommitted).push_back(std::move(record));
    }
    ASSERT_TRUE(consumer->Commit(NextOffsets(committed), 1s).ok());
  }  // destroyed without Close()
  auto again = Subscribed();
  std::vector<StreamRecord> replayed = PollAll(*again, uncommitted.size() + 1);
  ASSERT_EQ(replayed.size(), uncommitted.size());
  auto key = [](const StreamRecord& r) {
    return std::make_tuple(r.partition, r.offset, r.value, r.key, r.headers[0].value);
  };
  std::set<std::tuple<int32_t, int64_t, std::string, std::string, std::string>> want, got;
  for (const StreamRecord& record : uncommitted) want.insert(key(record));
  for (const StreamRecord& record : replayed) got.insert(key(record));
  EXPECT_EQ(got, want);
}

TEST_F(KinesisConsumerTest, ChildShardsAreReadAfterTheirParent) {
  Produce(0, 200);
  const std::string parent = fake_.ShardIds("orders")[0];
  std::vector<std::string> children = fake_.SplitShard("orders", parent);
  Produce(200, 200);
  ASSERT_FALSE(fake_.Records("orders", children[0]).empty() &&
               fake_.Records("orders", children[1]).empty());
  auto consumer = Subscribed();
  std::vector<StreamRecord> records = PollAll(*consumer, 400, 7);
  ASSERT_EQ(records.size(), 400u);
  size_t last_parent = 0;
  size_t first_child = records.size();
  std::map<std::string, int> last_value;  // per key, values come in order
  for (size_t i = 0; i < records.size(); ++i) {
    const std::string& shard = records[i].headers[1].value;
    if (shard == parent) last_parent = i;
    if (shard == children[0] || shard == children[1]) first_child = std::min(first_child, i);
    const int value = std::stoi(records[i].value.substr(6));
    auto [it, first] = last_value.try_emplace(records[i].key, value);
    if (!first) {
      EXPECT_GT(value, it->second) << records[i].key;
    }
    it->second = value;
  }
  EXPECT_LT(last_parent, first_child);
  for (const StreamRecord& record : records) {  // new shards get the next numbers
    if (record.headers[1].value == children[0]) {
      EXPECT_EQ(record.partition, 3);
    }
    if (record.headers[1].value == children[1]) {
      EXPECT_EQ(record.partition, 4);
    }
  }
  ASSERT_TRUE(consumer->Commit(NextOffsets(records), 1s).ok());
  ASSERT_TRUE(consumer->Close().ok());

  // The parent expires: the shards after it keep their numbers.
  fake_.ExpireShard("orders", parent);
  Produce(400, 100);
  auto again = Subscribed();
  std::vector<StreamRecord> fresh = PollAll(*again, 100);
  ASSERT_EQ(fresh.size(), 100u);
  for (const StreamRecord& record : fresh) {
    const std::string& shard = record.headers[1].value;
    if (shard == children[0]) {
      EXPECT_EQ(record.partition, 3);
    }
    if (shard == children[1]) {
      EXPECT_EQ(record.partition, 4);
    }
    EXPECT_NE(shard, parent);
  }
}

TEST_F(KinesisConsumerTest, ThrottlingExpiredIteratorsAndServerErrorsLoseNothing) {
  Produce(0, 150);
  fake_.get_records_throttles = 7;  // more than the client's five attempts
  fake_.expired_iterators = 2;
  auto consumer = Subscribed();
  fake_.server_errors = 2;
  std::vector<StreamRecord> records = PollAll(*consumer, 150);
  EXPECT_EQ(CheckDense(records).size(), 150u);
  EXPECT_EQ(fake_.get_records_throttles, 0);
  EXPECT_EQ(fake_.expired_iterators, 0);
  EXPECT_GE(fake_.calls["GetShardIterator"], 5) << "three shards, two renewed iterators";
}

TEST_F(KinesisConsumerTest, ListsShardsPageByPage) {
  fake_.list_page_size = 1;
  Produce(0, 90);
  auto consumer = Subscribed();
  EXPECT_EQ(PollAll(*consumer, 90).size(), 90u);
  EXPECT_GE(fake_.calls["ListShards"], 3);
}

TEST_F(KinesisConsumerTest, OneMemberPerGroup) {
  auto first = Subscribed();
  auto second = Stream().NewConsumer("sink");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(first->Close().ok());
  EXPECT_TRUE(Stream().NewConsumer("sink").ok()) << "Close() leaves the group";
}

TEST_F(KinesisConsumerTest, CommitAcceptsOnlyDeliveredOffsets) {
  Produce(0, 30);
  auto consumer = Subscribed();
  std::vector<StreamRecord> records = PollAll(*consumer, 30);
  ASSERT_EQ(records.size(), 30u);
  const int32_t partition = records[0].partition;
  auto commit = [&](int32_t p, int64_t offset) {
    std::vector<PartitionOffset> offsets = {{"orders", p, offset}};
    return consumer->Commit(offsets, 1s);
  };
  EXPECT_EQ(commit(partition, 1000).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(commit(99, 1).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(commit(partition, -1).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(commit(partition, 0).ok()) << "committing where the group stands does nothing";
  EXPECT_TRUE(commit(partition, 1).ok());
  EXPECT_TRUE(consumer->Commit({}, 1s).ok());
  ASSERT_TRUE(consumer->Close().ok());
  EXPECT_EQ(commit(partition, 1).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(consumer->Poll(1ms, 1).status().code(), StatusCode::kFailedPrecondition);
}

TEST_F(KinesisConsumerTest, MissingStreamIsNotFound) {
  auto consumer = Stream().NewConsumer("sink");
  ASSERT_TRUE(consumer.ok());
  const std::vector<std::string> topics = {"nope"};
  ASSERT_TRUE((*consumer)->Subscribe(topics).ok());
  auto records = (*consumer)->Poll(10ms, 10);
  ASSERT_FALSE(records.ok());
  EXPECT_EQ(records.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(records.status().message(), HasSubstr("Kinesis stream nope does not exist"));
}

TEST_F(KinesisConsumerTest, SubscribeChecksNamesAndPollNeedsIt) {
  auto consumer = Stream().NewConsumer("sink");
  ASSERT_TRUE(consumer.ok());
  EXPECT_EQ((*consumer)->Poll(1ms, 1).status().code(), StatusCode::kFailedPrecondition);
  const std::vector<std::string> bad = {"a/b"};
  EXPECT_EQ((*consumer)->Subscribe(bad).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ((*consumer)->Subscribe({}).code(), StatusCode::kInvalidArgument);
}

TEST_F(KinesisConsumerTest, UnkeyedRecordsComeBackWithoutAKey) {
  auto producer = Stream().NewProducer();
  ASSERT_TRUE(producer.ok());
  for (int i = 0; i < 20; ++i) ASSERT_TRUE((*producer)->Produce("orders", "", "v").ok());
  ASSERT_TRUE((*producer)->Flush(5s).ok());
  auto consumer = Subscribed();
  std::vector<StreamRecord> records = PollAll(*consumer, 20);
  ASSERT_EQ(records.size(), 20u);
  for (const StreamRecord& record : records) EXPECT_EQ(record.key, "");
}

TEST_F(KinesisConsumerTest, ConsumerWithoutCheckpointDirIsRefused) {
  KinesisStream stream(FakeKinesis::Options(""), fake_.Factory());
  auto consumer = stream.NewConsumer("sink");
  ASSERT_FALSE(consumer.ok());
  EXPECT_EQ(consumer.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(consumer.status().message(), HasSubstr("checkpoint_dir"));
}

}  // namespace
}  // namespace retailpipe::stream::kinesis
