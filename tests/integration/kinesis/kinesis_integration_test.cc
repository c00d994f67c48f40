// SPDX-License-Identifier: Apache-2.0
// The Kinesis stream against the emulator (scripts/aws_emulator.sh start): streams are made
// with our AWS JSON client, records go through the public Stream interface only.
#include <chrono>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include "retailpipe/aws/aws_json_client.h"
#include "retailpipe/stream/stream.h"
#include "retailpipe/testing/temp_dir.h"

namespace retailpipe::stream {
namespace {

using namespace std::chrono_literals;

constexpr const char* kStartCommand =
    "scripts/aws_emulator.sh start && eval \"$(scripts/aws_emulator.sh env)\"";
constexpr int kRecords = 3000;
constexpr int kKeys = 50;
constexpr int kShards = 3;
constexpr auto kFlushTimeout = 60s;
constexpr auto kPollLimit = 60s;

std::string Unique(const std::string& prefix) {
  static std::random_device device;
  return prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(device() % 1000000);
}

/// Poll until `want` records arrived or `limit` passed; fail the test on an error.
std::vector<StreamRecord> PollUntil(StreamConsumer& consumer, size_t want,
                                    std::chrono::milliseconds limit) {
  std::vector<StreamRecord> seen;
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (seen.size() < want && std::chrono::steady_clock::now() < deadline) {
    auto records = consumer.Poll(500ms, 1000);
    EXPECT_TRUE(records.ok()) << records.status().ToString();
    if (!records.ok()) break;
    for (StreamRecord& record : *records) seen.push_back(std::move(record));
  }
  return seen;
}

class KinesisEmulator : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* endpoint = std::getenv("RP_TEST_KINESIS_ENDPOINT");
    if (endpoint == nullptr || *endpoint == '\0') {
      const char* required = std::getenv("RP_REQUIRE_SERVERS");
      if (required != nullptr && *required != '\0') {
        FAIL() << "RP_REQUIRE_SERVERS is set but RP_TEST_KINESIS_ENDPOINT is not; run: "
               << kStartCommand;
      }
      GTEST_SKIP() << "RP_TEST_KINESIS_ENDPOINT is not set; run: " << kStartCommand;
    }
    endpoint_ = endpoint;
    // The emulator accepts any credentials; real ones in the environment are left alone.
    ::setenv("AWS_ACCESS_KEY_ID", "rptest", 0);
    ::setenv("AWS_SECRET_ACCESS_KEY", "rptest", 0);
    aws::AwsClientOptions options;
    options.endpoint = endpoint_;
    options.credentials = {"rptest", "rptest", ""};
    auto admin = aws::AwsJsonClient::Make(aws::AwsJsonService::Kinesis(), options);
    ASSERT_TRUE(admin.ok()) << admin.status().ToString();
    admin_ = std::move(admin).value();
    name_ = Unique("rp-it-orders");
    auto created =
        admin_->Call("CreateStream", R"({"StreamName":")" + name_ + R"(","ShardCount":)" +
                                         std::to_string(kShards) + "}");
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    WaitActive();
    auto stream = OpenStream(Uri());
    ASSERT_TRUE(stream.ok()) << stream.status().ToString();
    stream_ = std::move(stream).value();
  }

  void TearDown() override {
    if (admin_ != nullptr) {
      (void)admin_->Call("DeleteStream", R"({"StreamName":")" + name_ + R"("})");
    }
  }

  void WaitActive() {
    for (int i = 0; i < 100; ++i) {
      auto summary = admin_->Call("DescribeStreamSummary", R"({"StreamName":")" + name_ + R"("})");
      ASSERT_TRUE(summary.ok()) << summary.status().ToString();
      if (summary->find(R"("StreamStatus": "ACTIVE")") != std::string::npos ||
          summary->find(R"("StreamStatus":"ACTIVE")") != std::string::npos) {
        return;
      }
      std::this_thread::sleep_for(100ms);
    }
    FAIL() << "stream " << name_ << " did not become ACTIVE";
  }

  std::string Uri() const {
    return "kinesis://?region=us-east-1&endpoint=" + endpoint_ +
           "&checkpoint_dir=" + checkpoints_.path();
  }

  std::unique_ptr<StreamConsumer> Subscribed(const std::string& group) {
    auto consumer = stream_->NewConsumer(group);
    EXPECT_TRUE(consumer.ok()) << consumer.status().ToString();
    if (!consumer.ok()) return nullptr;
    const Status subscribed = (*consumer)->Subscribe(std::vector<std::string>{name_});
    EXPECT_TRUE(subscribed.ok()) << subscribed.ToString();
    return std::move(consumer).value();
  }

  void ProduceAll() {
    auto producer = stream_->NewProducer();
    ASSERT_TRUE(producer.ok()) << producer.status().ToString();
    for (int i = 0; i < kRecords; ++i) {
      const Status produced =
          (*producer)->Produce(name_, "order-" + std::to_string(i % kKeys), std::to_string(i));
      ASSERT_TRUE(produced.ok()) << produced.ToString();
    }
    const Status flushed = (*producer)->Flush(kFlushTimeout);
    ASSERT_TRUE(flushed.ok()) << flushed.ToString();
  }

  std::string endpoint_;
  std::string name_;
  testing::TempDir checkpoints_{"kinesis_it"};
  std::unique_ptr<aws::AwsJsonClient> admin_;
  std::unique_ptr<Stream> stream_;
};

/// Check that `records` hold every value 0..kRecords-1 once, in order per key, with offsets
/// dense from 0 in each partition.
void CheckComplete(std::vector<StreamRecord> records) {
  std::multiset<int> values;
  std::map<std::string, int> last_of_key;
  std::map<int32_t, int64_t> next_offset;
  for (const StreamRecord& record : records) {
    const int value = std::stoi(record.value);
    values.insert(value);
    auto [last, first_seen] = last_of_key.emplace(record.key, value);
    if (!first_seen) {
      EXPECT_GT(value, last->second) << "key " << record.key;
    }
    last->second = value;
    EXPECT_EQ(record.offset, next_offset[record.partition]) << "partition " << record.partition;
    next_offset[record.partition] = record.offset + 1;
    ASSERT_EQ(record.headers.size(), 2u);
    EXPECT_EQ(record.headers[0].key, "kinesis.sequence_number");
    EXPECT_GT(record.timestamp_ms, 0);
  }
  EXPECT_EQ(values.size(), static_cast<size_t>(kRecords)) << "lost or repeated records";
  for (int i = 0; i < kRecords; ++i) EXPECT_EQ(values.count(i), 1u) << "record " << i;
  EXPECT_EQ(last_of_key.size(), static_cast<size_t>(kKeys));
  EXPECT_EQ(next_offset.size(), static_cast<size_t>(kShards)) << "every shard has records";
}

TEST_F(KinesisEmulator, ConsumeAllCommitRestartReadsNothingAgain) {
  ProduceAll();
  const std::string group = "it-all";
  {
    auto consumer = Subscribed(group);
    ASSERT_NE(consumer, nullptr);
    std::vector<StreamRecord> records = PollUntil(*consumer, kRecords, kPollLimit);
    ASSERT_EQ(records.size(), static_cast<size_t>(kRecords));
    CheckComplete(records);
    const Status committed = consumer->Commit(NextOffsets(records), 10s);
    ASSERT_TRUE(committed.ok()) << committed.ToString();
    ASSERT_TRUE(consumer->Close().ok());
  }
  auto restarted = Subscribed(group);
  ASSERT_NE(restarted, nullptr);
  auto nothing = restarted->Poll(3s, 1000);
  ASSERT_TRUE(nothing.ok()) << nothing.status().ToString();
  EXPECT_TRUE(nothing->empty()) << nothing->size() << " records read again";
}

TEST_F(KinesisEmulator, PartialCheckpointRedeliversExactlyTheUncommittedWithTheSameOffsets) {
  ProduceAll();
  const std::string group = "it-partial";
  std::set<std::tuple<int32_t, int64_t, std::string, std::string>> uncommitted;
  {
    auto consumer = Subscribed(group);
    ASSERT_NE(consumer, nullptr);
    std::vector<StreamRecord> records = PollUntil(*consumer, kRecords, kPollLimit);
    ASSERT_EQ(records.size(), static_cast<size_t>(kRecords));
    std::vector<StreamRecord> committed;
    for (StreamRecord& record : records) {
      if (record.offset < 400) {
        committed.push_back(std::move(record));
      } else {
        uncommitted.emplace(record.partition, record.offset, record.value, record.headers[0].value);
      }
    }
    ASSERT_FALSE(uncommitted.empty());
    const Status status = consumer->Commit(NextOffsets(committed), 10s);
    ASSERT_TRUE(status.ok()) << status.ToString();
  }  // dies without Close(): what it read but did not commit must come again
  auto restarted = Subscribed(group);
  ASSERT_NE(restarted, nullptr);
  std::vector<StreamRecord> again = PollUntil(*restarted, uncommitted.size(), kPollLimit);
  auto extra = restarted->Poll(2s, 1000);
  ASSERT_TRUE(extra.ok()) << extra.status().ToString();
  EXPECT_TRUE(extra->empty()) << extra->size() << " records beyond the uncommitted ones";
  std::set<std::tuple<int32_t, int64_t, std::string, std::string>> redelivered;
  for (const StreamRecord& record : again) {
    redelivered.emplace(record.partition, record.offset, record.value, record.headers[0].value);
  }
  EXPECT_EQ(redelivered.size(), again.size()) << "a record came twice";
  EXPECT_EQ(redelivered, uncommitted);
}

TEST_F(KinesisEmulator, MissingStreamAndUnreachableEndpointAreClearErrors) {
  auto producer = stream_->NewProducer();
  ASSERT_TRUE(producer.ok());
  ASSERT_TRUE((*producer)->Produce(Unique("rp-it-missing"), "k", "v").ok());
  const Status missing = (*producer)->Flush(10s);
  EXPECT_EQ(missing.code(), StatusCode::kNotFound) << missing.ToString();

  auto unreachable = OpenStream("kinesis://?region=us-east-1&endpoint=http://127.0.0.1:1");
  ASSERT_TRUE(unreachable.ok()) << unreachable.status().ToString();
  auto nowhere = (*unreachable)->NewProducer();
  ASSERT_TRUE(nowhere.ok());
  ASSERT_TRUE((*nowhere)->Produce(name_, "k", "v").ok());
  const auto start = std::chrono::steady_clock::now();
  const Status flushed = (*nowhere)->Flush(3s);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
  EXPECT_EQ(flushed.code(), StatusCode::kUnavailable) << flushed.ToString();
  EXPECT_NE(flushed.message().find("http://127.0.0.1:1"), std::string::npos) << flushed.message();
  EXPECT_NE(flushed.message().find("scripts/aws_emulator.sh"), std::string::npos);
  EXPECT_EQ(flushed.message().find("rptest"), std::string::npos) << "no credential in messages";
}

}  // namespace
}  // namespace retailpipe::stream
