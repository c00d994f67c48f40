// SPDX-License-Identifier: Apache-2.0
// KafkaConsumer against librdkafka's in-process mock cluster: group reads, manual commits,
// resuming after a restart, and injected faults.
#include "retailpipe/stream/kafka_consumer.h"

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "retailpipe/stream/kafka_mock_cluster.h"
#include "retailpipe/stream/kafka_stream.h"

namespace retailpipe::stream {
namespace {

using namespace std::chrono_literals;
using testing::MockCluster;
using testing::PollUntil;

constexpr auto kPollLimit = 30s;
constexpr auto kCommitTimeout = 10s;
// The mock coordinator makes a member that joins after another left wait one session
// timeout (librdkafka's default is 45 s); 6 s is Kafka's smallest allowed value.
constexpr std::string_view kGroupSettings = "?session.timeout.ms=6000&heartbeat.interval.ms=1000";

class KafkaConsumerTest : public ::testing::Test {
 protected:
  void SetUp() override { cluster_.CreateTopic(kTopic, 3); }

  /// Produce "v0".."v<n-1>" under keys k0..k9, flushed.
  void ProduceValues(int n) {
    auto producer = KafkaStream::Open(cluster_.uri()).value()->NewProducer().value();
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(
          producer->Produce(kTopic, "k" + std::to_string(i % 10), "v" + std::to_string(i)).ok());
    }
    const Status flushed = producer->Flush(20s);
    ASSERT_TRUE(flushed.ok()) << flushed.ToString();
  }

  std::unique_ptr<StreamConsumer> Subscribed(const std::string& group) {
    auto consumer = KafkaStream::Open(cluster_.uri(kGroupSettings)).value()->NewConsumer(group);
    EXPECT_TRUE(consumer.ok()) << consumer.status().ToString();
    const Status subscribed = (*consumer)->Subscribe(std::vector<std::string>{kTopic});
    EXPECT_TRUE(subscribed.ok()) << subscribed.ToString();
    return std::move(consumer).value();
  }

  static std::set<std::string> Values(const std::vector<StreamRecord>& records) {
    std::set<std::string> values;
    for (const StreamRecord& record : records) values.insert(record.value);
    return values;
  }

  static constexpr const char* kTopic = "events";
  MockCluster cluster_;
};

TEST_F(KafkaConsumerTest, RestartedConsumerResumesAfterTheCommittedOffsets) {
  ProduceValues(40);
  auto first = Subscribed("resume");
  const std::vector<StreamRecord> read = PollUntil(*first, 40, kPollLimit);
  ASSERT_EQ(read.size(), 40u);
  ASSERT_EQ(Values(read).size(), 40u) << "no record twice";
  // Commit only the first 25 read: within each partition that is a prefix, so the group's
  // position covers exactly those.
  const std::vector<StreamRecord> done(read.begin(), read.begin() + 25);
  const Status committed = first->Commit(NextOffsets(done), kCommitTimeout);
  ASSERT_TRUE(committed.ok()) << committed.ToString();
  ASSERT_TRUE(first->Close().ok());

  auto second = Subscribed("resume");
  const std::vector<StreamRecord> rest = PollUntil(*second, 15, kPollLimit);
  auto extra = second->Poll(1s, 100);
  ASSERT_TRUE(extra.ok()) << extra.status().ToString();
  EXPECT_TRUE(extra->empty()) << "read past the uncommitted records: " << extra->front().value;
  std::set<std::string> expected;
  for (size_t i = 25; i < read.size(); ++i) expected.insert(read[i].value);
  EXPECT_EQ(Values(rest), expected);
  EXPECT_EQ(rest.size(), 15u);
  ASSERT_TRUE(second->Commit(NextOffsets(rest), kCommitTimeout).ok());
  ASSERT_TRUE(second->Close().ok());

  auto third = Subscribed("resume");
  auto nothing = third->Poll(2s, 100);
  ASSERT_TRUE(nothing.ok()) << nothing.status().ToString();
  EXPECT_TRUE(nothing->empty());
}

TEST_F(KafkaConsumerTest, UncommittedRecordsAreDeliveredAgain) {
  ProduceValues(10);
  auto first = Subscribed("redeliver");
  ASSERT_EQ(PollUntil(*first, 10, kPollLimit).size(), 10u);
  ASSERT_TRUE(first->Close().ok());
  auto second = Subscribed("redeliver");
  EXPECT_EQ(Values(PollUntil(*second, 10, kPollLimit)).size(), 10u);
}

TEST_F(KafkaConsumerTest, PollHonoursMaxRecordsAndReturnsEmptyWhenIdle) {
  ProduceValues(10);
  auto consumer = Subscribed("batches");
  std::vector<StreamRecord> all;
  const auto deadline = std::chrono::steady_clock::now() + kPollLimit;
  while (all.size() < 10 && std::chrono::steady_clock::now() < deadline) {
    auto batch = consumer->Poll(200ms, 3);
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    EXPECT_LE(batch->size(), 3u);
    all.insert(all.end(), batch->begin(), batch->end());
  }
  EXPECT_EQ(all.size(), 10u);
  const auto start = std::chrono::steady_clock::now();
  auto idle = consumer->Poll(300ms, 3);
  ASSERT_TRUE(idle.ok());
  EXPECT_TRUE(idle->empty());
  EXPECT_GE(std::chrono::steady_clock::now() - start, 250ms);
}

TEST_F(KafkaConsumerTest, CommitErrorIsReturned) {
  ProduceValues(5);
  auto consumer = Subscribed("denied");
  const std::vector<StreamRecord> read = PollUntil(*consumer, 5, kPollLimit);
  ASSERT_EQ(read.size(), 5u);
  rd_kafka_mock_push_request_errors(cluster_.get(), testing::kOffsetCommitApi, 1,
                                    RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED);
  const Status committed = consumer->Commit(NextOffsets(read), kCommitTimeout);
  ASSERT_FALSE(committed.ok());
  EXPECT_EQ(committed.code(), StatusCode::kInvalidArgument) << committed.ToString();
  EXPECT_NE(committed.message().find("committing offsets of group 'denied'"), std::string::npos)
      << committed.message();
}

TEST_F(KafkaConsumerTest, CommitWhileTheBrokerIsDownFailsInBoundedTime) {
  ProduceValues(5);
  auto consumer = Subscribed("outage");
  const std::vector<StreamRecord> read = PollUntil(*consumer, 5, kPollLimit);
  ASSERT_EQ(read.size(), 5u);
  rd_kafka_mock_broker_set_down(cluster_.get(), -1);
  const auto start = std::chrono::steady_clock::now();
  const Status committed = consumer->Commit(NextOffsets(read), 2s);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 8s);
  ASSERT_FALSE(committed.ok());
  EXPECT_EQ(committed.code(), StatusCode::kUnavailable) << committed.ToString();
  rd_kafka_mock_broker_set_up(cluster_.get(), -1);
}

TEST_F(KafkaConsumerTest, RejectsBadArgumentsAndCallsAfterClose) {
  auto consumer = Subscribed("args");
  EXPECT_EQ(consumer->Subscribe({}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(consumer->Subscribe(std::vector<std::string>{""}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(consumer->Poll(0ms, 0).status().code(), StatusCode::kInvalidArgument);
  const PartitionOffset negative{kTopic, 0, -5};
  EXPECT_EQ(consumer->Commit({&negative, 1}, 1s).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(consumer->Commit({}, 1s).ok());
  ASSERT_TRUE(consumer->Close().ok());
  EXPECT_TRUE(consumer->Close().ok());
  EXPECT_EQ(consumer->Poll(0ms, 1).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(consumer->Commit({&negative, 1}, 1s).code(), StatusCode::kFailedPrecondition);
}

TEST(KafkaConsumer, UnreachableBrokerIsReportedInBoundedTime) {
  // Nothing listens on port 1 of loopback: connections are refused at once.
  auto consumer = KafkaStream::Open("kafka://127.0.0.1:1").value()->NewConsumer("nobody").value();
  ASSERT_TRUE(consumer->Subscribe(std::vector<std::string>{"t"}).ok());
  const auto start = std::chrono::steady_clock::now();
  Status error;
  while (error.ok() && std::chrono::steady_clock::now() - start < 20s) {
    auto records = consumer->Poll(500ms, 10);
    if (!records.ok()) error = records.error();
  }
  ASSERT_FALSE(error.ok()) << "no error within 20 s";
  EXPECT_EQ(error.code(), StatusCode::kUnavailable);
  EXPECT_NE(error.message().find("kafka 127.0.0.1:1"), std::string::npos) << error.message();
  EXPECT_NE(error.message().find("scripts/kafka_server.sh start"), std::string::npos);
  const auto close_start = std::chrono::steady_clock::now();
  (void)consumer->Close();
  EXPECT_LT(std::chrono::steady_clock::now() - close_start, 10s);
}

}  // namespace
}  // namespace retailpipe::stream
