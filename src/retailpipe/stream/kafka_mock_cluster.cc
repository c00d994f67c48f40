// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/kafka_mock_cluster.h"

#include <array>

#include <gtest/gtest.h>

#include "retailpipe/base/check.h"

namespace retailpipe::stream::testing {

MockCluster::MockCluster(int brokers) {
  std::array<char, 512> why{};
  handle_.reset(rd_kafka_new(RD_KAFKA_PRODUCER, rd_kafka_conf_new(), why.data(), why.size()));
  RP_CHECK(handle_ != nullptr);
  cluster_ = rd_kafka_mock_cluster_new(handle_.get(), brokers);
  RP_CHECK(cluster_ != nullptr);
}

MockCluster::~MockCluster() { rd_kafka_mock_cluster_destroy(cluster_); }

std::string MockCluster::uri(std::string_view query) const {
  return "kafka://" + std::string(rd_kafka_mock_cluster_bootstraps(cluster_)) + std::string(query);
}

void MockCluster::CreateTopic(const std::string& topic, int partitions) {
  ASSERT_EQ(rd_kafka_mock_topic_create(cluster_, topic.c_str(), partitions, 1),
            RD_KAFKA_RESP_ERR_NO_ERROR);
}

std::vector<StreamRecord> PollUntil(StreamConsumer& consumer, size_t want,
                                    std::chrono::milliseconds limit) {
  std::vector<StreamRecord> seen;
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (seen.size() < want && std::chrono::steady_clock::now() < deadline) {
    auto records = consumer.Poll(std::chrono::milliseconds(200), want - seen.size());
    EXPECT_TRUE(records.ok()) << records.status().ToString();
    if (!records.ok()) break;
    for (StreamRecord& record : *records) seen.push_back(std::move(record));
  }
  return seen;
}

}  // namespace retailpipe::stream::testing
