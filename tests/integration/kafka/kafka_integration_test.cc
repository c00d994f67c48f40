// SPDX-License-Identifier: Apache-2.0
// The Kafka stream against a real broker (scripts/kafka_server.sh start), through the public
// Stream interface only.
#include <chrono>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "retailpipe/stream/stream.h"

namespace retailpipe::stream {
namespace {

using namespace std::chrono_literals;

constexpr const char* kStartCommand =
    "scripts/kafka_server.sh start && eval \"$(scripts/kafka_server.sh env)\"";
constexpr int kRecords = 3000;
constexpr int kKeys = 50;
constexpr auto kFlushTimeout = 60s;
constexpr auto kPollLimit = 60s;
constexpr auto kCommitTimeout = 30s;

/// Return `prefix` made unique to this run: the broker keeps topics and groups between runs.
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
    auto records = consumer.Poll(500ms, want - seen.size());
    EXPECT_TRUE(records.ok()) << records.status().ToString();
    if (!records.ok()) break;
    for (StreamRecord& record : *records) seen.push_back(std::move(record));
  }
  return seen;
}

class KafkaBroker : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* uri = std::getenv("RP_TEST_KAFKA_URI");
    if (uri == nullptr || *uri == '\0') {
      const char* required = std::getenv("RP_REQUIRE_SERVERS");
      if (required != nullptr && *required != '\0') {
        FAIL() << "RP_REQUIRE_SERVERS is set but RP_TEST_KAFKA_URI is not; run: " << kStartCommand;
      }
      GTEST_SKIP() << "RP_TEST_KAFKA_URI is not set; run: " << kStartCommand;
    }
    uri_ = uri;
    auto stream = OpenStream(uri_);
    ASSERT_TRUE(stream.ok()) << stream.status().ToString();
    stream_ = std::move(stream).value();
  }

  std::unique_ptr<StreamConsumer> Subscribed(const std::string& group, const std::string& topic) {
    auto consumer = stream_->NewConsumer(group);
    EXPECT_TRUE(consumer.ok()) << consumer.status().ToString();
    const Status subscribed = (*consumer)->Subscribe(std::vector<std::string>{topic});
    EXPECT_TRUE(subscribed.ok()) << subscribed.ToString();
    return std::move(consumer).value();
  }

  /// Return the test broker's URI with its port replaced by one nothing listens on.
  std::string UnreachableUri() const {
    const size_t host_begin = uri_.find("://") + 3;
    const size_t host_end = uri_.find_first_of(":,/?", host_begin);
    return "kafka://" + uri_.substr(host_begin, host_end - host_begin) + ":1";
  }

  std::string uri_;
  std::unique_ptr<Stream> stream_;
};

TEST_F(KafkaBroker, RestartedConsumerResumesWithNothingLostOrRepeated) {
  const std::string topic = Unique("rp-it-orders");
  const std::string group = Unique("rp-it-group");
  auto producer = stream_->NewProducer();
  ASSERT_TRUE(producer.ok()) << producer.status().ToString();
  for (int i = 0; i < kRecords; ++i) {
    const std::vector<RecordHeader> headers = {{"seq", std::to_string(i)}};
    const Status produced = (*producer)->Produce(topic, "order-" + std::to_string(i % kKeys),
                                                 std::to_string(i), headers);
    ASSERT_TRUE(produced.ok()) << produced.ToString();
  }
  const Status flushed = (*producer)->Flush(kFlushTimeout);
  ASSERT_TRUE(flushed.ok()) << flushed.ToString();

  // The first consumer handles part of the topic, commits exactly that, and stops.
  auto first = Subscribed(group, topic);
  const std::vector<StreamRecord> before = PollUntil(*first, kRecords / 3, kPollLimit);
  ASSERT_EQ(before.size(), static_cast<size_t>(kRecords / 3));
  const Status committed = first->Commit(NextOffsets(before), kCommitTimeout);
  ASSERT_TRUE(committed.ok()) << committed.ToString();
  ASSERT_TRUE(first->Close().ok());

  // A restarted consumer in the same group continues after the committed offsets.
  auto second = Subscribed(group, topic);
  const std::vector<StreamRecord> after =
      PollUntil(*second, static_cast<size_t>(kRecords) - before.size(), kPollLimit);
  auto extra = second->Poll(2s, 100);
  ASSERT_TRUE(extra.ok()) << extra.status().ToString();
  EXPECT_TRUE(extra->empty()) << extra->size() << " record(s) beyond the " << kRecords;
  ASSERT_TRUE(second->Commit(NextOffsets(after), kCommitTimeout).ok());
  ASSERT_TRUE(second->Close().ok());

  std::multiset<int> values;
  std::map<std::string, int> last_of_key;
  std::map<std::string, int32_t> partition_of_key;
  std::set<int32_t> partitions;
  for (const std::vector<StreamRecord>* part : {&before, &after}) {
    for (const StreamRecord& record : *part) {
      const int value = std::stoi(record.value);
      values.insert(value);
      partitions.insert(record.partition);
      ASSERT_EQ(record.headers, (std::vector<RecordHeader>{{"seq", record.value}}));
      EXPECT_GT(record.timestamp_ms, 0);
      const auto where = partition_of_key.emplace(record.key, record.partition).first;
      EXPECT_EQ(where->second, record.partition) << "key " << record.key << " changed partition";
      // Per key (so per partition), values arrive in the order produced, across the restart.
      auto [last, first_seen] = last_of_key.emplace(record.key, value);
      if (!first_seen) {
        EXPECT_GT(value, last->second) << "key " << record.key;
      }
      last->second = value;
    }
  }
  EXPECT_EQ(values.size(), static_cast<size_t>(kRecords)) << "lost or repeated records";
  for (int i = 0; i < kRecords; ++i) EXPECT_EQ(values.count(i), 1u) << "record " << i;
  EXPECT_EQ(partition_of_key.size(), static_cast<size_t>(kKeys));
  EXPECT_GT(partitions.size(), 1u) << "the broker's topics have 3 partitions";

  // The group's position is at the end: a third consumer gets nothing.
  auto third = Subscribed(group, topic);
  auto nothing = third->Poll(3s, 10);
  ASSERT_TRUE(nothing.ok()) << nothing.status().ToString();
  EXPECT_TRUE(nothing->empty());
}

TEST_F(KafkaBroker, ConsumerOfAMissingTopicIsToldSo) {
  auto consumer = Subscribed(Unique("rp-it-group"), Unique("rp-it-missing"));
  const auto start = std::chrono::steady_clock::now();
  Status error;
  while (error.ok() && std::chrono::steady_clock::now() - start < 30s) {
    auto records = consumer->Poll(500ms, 10);
    if (!records.ok()) error = records.error();
  }
  EXPECT_EQ(error.code(), StatusCode::kNotFound) << error.ToString();
  EXPECT_NE(error.message().find("rp-it-missing"), std::string::npos) << error.message();
}

TEST_F(KafkaBroker, UnreachableBrokerGivesAClearErrorInBoundedTime) {
  const std::string unreachable = UnreachableUri();
  auto stream = OpenStream(unreachable);
  ASSERT_TRUE(stream.ok()) << stream.status().ToString();
  const std::string endpoint = unreachable.substr(std::string("kafka://").size());

  auto producer = (*stream)->NewProducer();
  ASSERT_TRUE(producer.ok());
  ASSERT_TRUE((*producer)->Produce("rp-it-nowhere", "k", "v").ok());
  auto start = std::chrono::steady_clock::now();
  const Status flushed = (*producer)->Flush(3s);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
  EXPECT_EQ(flushed.code(), StatusCode::kUnavailable) << flushed.ToString();
  EXPECT_NE(flushed.message().find(endpoint), std::string::npos) << flushed.message();
  EXPECT_NE(flushed.message().find("scripts/kafka_server.sh start"), std::string::npos);

  auto consumer = (*stream)->NewConsumer("rp-it-nobody");
  ASSERT_TRUE(consumer.ok());
  ASSERT_TRUE((*consumer)->Subscribe(std::vector<std::string>{"rp-it-nowhere"}).ok());
  start = std::chrono::steady_clock::now();
  Status error;
  while (error.ok() && std::chrono::steady_clock::now() - start < 20s) {
    auto records = (*consumer)->Poll(500ms, 10);
    if (!records.ok()) error = records.error();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 20s) << "no error within 20 s";
  EXPECT_EQ(error.code(), StatusCode::kUnavailable) << error.ToString();
  EXPECT_NE(error.message().find(endpoint), std::string::npos) << error.message();
  EXPECT_NE(error.message().find("is the broker running?"), std::string::npos);
}

}  // namespace
}  // namespace retailpipe::stream
