// SPDX-License-Identifier: Apache-2.0
// KinesisProducer against the in-memory FakeKinesis.
#include "retailpipe/stream/kinesis_producer.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "retailpipe/stream/kinesis_fake_service.h"
#include "retailpipe/stream/kinesis_stream.h"
#include "retailpipe/testing/temp_dir.h"

namespace retailpipe::stream::kinesis {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

class KinesisProducerTest : public ::testing::Test {
 protected:
  void SetUp() override { fake_.CreateStream("orders", 2); }

  std::unique_ptr<StreamProducer> NewProducer(KinesisOptions options) {
    KinesisStream stream(std::move(options), fake_.Factory());
    auto producer = stream.NewProducer();
    EXPECT_TRUE(producer.ok()) << producer.status().ToString();
    return std::move(producer).value();
  }
  std::unique_ptr<StreamProducer> NewProducer() {
    return NewProducer(FakeKinesis::Options(dir_.path()));
  }

  /// Return every stored record's data, shard by shard.
  std::vector<std::string> Stored() const {
    std::vector<std::string> values;
    for (const std::string& shard : fake_.ShardIds("orders")) {
      for (const auto& record : fake_.Records("orders", shard)) values.push_back(record.data);
    }
    return values;
  }

  FakeKinesis fake_;
  testing::TempDir dir_{"kinesis_producer"};
};

TEST_F(KinesisProducerTest, SendsAtMost500RecordsPerRequestAndKeepsKeyOrder) {
  auto producer = NewProducer();
  for (int i = 0; i < 1234; ++i) {
    ASSERT_TRUE(
        producer->Produce("orders", "key-" + std::to_string(i % 7), std::to_string(i)).ok());
  }
  EXPECT_EQ(fake_.calls["PutRecords"], 2) << "two full batches go out from Produce()";
  ASSERT_TRUE(producer->Flush(5s).ok());
  EXPECT_EQ(fake_.calls["PutRecords"], 3);
  EXPECT_EQ(Stored().size(), 1234u);
  for (const std::string& shard : fake_.ShardIds("orders")) {
    std::map<std::string, int> last;
    for (const auto& record : fake_.Records("orders", shard)) {
      const int value = std::stoi(record.data);
      auto [it, first] = last.try_emplace(record.partition_key, value);
      if (!first) {
        EXPECT_GT(value, it->second) << record.partition_key;
      }
      it->second = value;
    }
  }
}

TEST_F(KinesisProducerTest, SplitsRequestsAtFiveMebibytes) {
  auto producer = NewProducer();
  const std::string value(900 * 1024, 'x');
  for (int i = 0; i < 12; ++i) {
    ASSERT_TRUE(producer->Produce("orders", "k" + std::to_string(i), value).ok());
  }
  ASSERT_TRUE(producer->Flush(5s).ok());
  EXPECT_EQ(fake_.calls["PutRecords"], 3) << "5 + 5 + 2 records of 900 KiB";
  EXPECT_EQ(Stored().size(), 12u);
}

TEST_F(KinesisProducerTest, RetriesRecordsAPutRecordsAnswerReportsAsFailed) {
  fake_.put_records_partial_failures = 3;
  auto producer = NewProducer();
  std::vector<std::string> sent;
  for (int i = 0; i < 100; ++i) {
    sent.push_back(std::to_string(i));
    ASSERT_TRUE(producer->Produce("orders", "k" + std::to_string(i), sent.back()).ok());
  }
  ASSERT_TRUE(producer->Flush(5s).ok());
  EXPECT_EQ(fake_.calls["PutRecords"], 4) << "100, then the 50, 25, 12 that failed";
  std::vector<std::string> stored = Stored();
  std::sort(stored.begin(), stored.end());
  std::sort(sent.begin(), sent.end());
  EXPECT_EQ(stored, sent) << "each record exactly once";
}

TEST_F(KinesisProducerTest, ServerErrorsAreRetriedUntilFlushGivesUp) {
  fake_.server_errors = 5;  // one whole call: the client's five attempts
  auto producer = NewProducer();
  ASSERT_TRUE(producer->Produce("orders", "k", "v").ok());
  Status status = producer->Flush(0ms);
  EXPECT_EQ(status.code(), StatusCode::kUnavailable) << status.ToString();
  EXPECT_THAT(status.message(), HasSubstr("still queued"));
  ASSERT_TRUE(producer->Flush(5s).ok()) << "the record stayed queued and is sent now";
  EXPECT_EQ(Stored(), (std::vector<std::string>{"v"}));
}

TEST_F(KinesisProducerTest, RefusedRecordIsStickyAndNotDropped) {
  fake_.put_records_kms_failures = 1;
  auto producer = NewProducer();
  ASSERT_TRUE(producer->Produce("orders", "k", "v").ok());
  Status status = producer->Flush(5s);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("KMSAccessDeniedException"));
  EXPECT_EQ(producer->Produce("orders", "k", "w").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(producer->Flush(1s).code(), StatusCode::kInvalidArgument);
}

TEST_F(KinesisProducerTest, MissingStreamIsStickyNotFound) {
  auto producer = NewProducer();
  ASSERT_TRUE(producer->Produce("nope", "k", "v").ok());
  Status status = producer->Flush(5s);
  EXPECT_EQ(status.code(), StatusCode::kNotFound) << status.ToString();
  EXPECT_THAT(status.message(), HasSubstr("Kinesis stream nope"));
  EXPECT_EQ(producer->Produce("orders", "k", "v").code(), StatusCode::kNotFound);
}

TEST_F(KinesisProducerTest, RecordsUndeliveredPastTheDeliveryTimeoutFailStickily) {
  fake_.server_errors = 1'000'000;
  KinesisOptions options = FakeKinesis::Options(dir_.path());
  options.delivery_timeout = 30ms;
  auto producer = NewProducer(options);
  ASSERT_TRUE(producer->Produce("orders", "k", "v").ok());
  Status status = producer->Flush(10s);
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_THAT(status.message(), HasSubstr("not delivered within delivery_timeout"));
  fake_.server_errors = 0;
  EXPECT_EQ(producer->Flush(1s).code(), StatusCode::kUnavailable) << "sticky";
}

TEST_F(KinesisProducerTest, RefusesWhatKinesisCannotCarry) {
  auto producer = NewProducer();
  const std::vector<RecordHeader> headers = {{"h", "v"}};
  EXPECT_EQ(producer->Produce("orders", "k", "v", headers).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(producer->Produce("", "k", "v").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(producer->Produce("orders", "\xff", "v").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(producer->Produce("orders", std::string(257, 'k'), "v").code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(producer->Produce("orders", std::string(256, 'k'), "v").ok());
  EXPECT_EQ(producer
                ->Produce("orders",
                          "\x01"
                          "1",
                          "v")
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(producer->Produce("orders", "k", std::string(1024 * 1024, 'v')).code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(producer->Produce("orders", "k", std::string(1024 * 1024 - 1, 'v')).ok());
  ASSERT_TRUE(producer->Flush(5s).ok()) << "refusals are not sticky";
  EXPECT_EQ(Stored().size(), 2u);
}

TEST_F(KinesisProducerTest, UnkeyedRecordsSpreadOverShards) {
  auto producer = NewProducer();
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(producer->Produce("orders", "", "v").ok());
  ASSERT_TRUE(producer->Flush(5s).ok());
  for (const std::string& shard : fake_.ShardIds("orders")) {
    EXPECT_GT(fake_.Records("orders", shard).size(), 10u) << shard;
    for (const auto& record : fake_.Records("orders", shard)) {
      EXPECT_TRUE(record.partition_key.starts_with("\x01")) << record.partition_key;
    }
  }
}

}  // namespace
}  // namespace retailpipe::stream::kinesis
