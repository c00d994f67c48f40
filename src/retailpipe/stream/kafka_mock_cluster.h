// SPDX-License-Identifier: Apache-2.0
// For tests only: compiled into the test binaries, never into retailpipe::stream.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "retailpipe/stream/kafka_internal.h"
#include "retailpipe/stream/stream_consumer.h"

namespace retailpipe::stream::testing {

/// Kafka protocol request types, for fault injection (see Kafka's protocol guide).
inline constexpr int16_t kProduceApi = 0;
inline constexpr int16_t kOffsetCommitApi = 8;

/// librdkafka's in-process mock Kafka cluster, listening on loopback ports, with fault
/// injection. Owns the cluster and the client handle librdkafka needs for its bookkeeping;
/// both are destroyed with it. Aborts the test binary if the cluster cannot be made.
class MockCluster {
 public:
  explicit MockCluster(int brokers = 1);
  MockCluster(const MockCluster&) = delete;
  MockCluster& operator=(const MockCluster&) = delete;
  ~MockCluster();

  /// Return "kafka://<bootstrap servers>" followed by `query` (e.g. "?client.id=x").
  std::string uri(std::string_view query = "") const;
  /// Create `topic` with `partitions` partitions (replication factor 1).
  void CreateTopic(const std::string& topic, int partitions);
  rd_kafka_mock_cluster_t* get() const { return cluster_; }

 private:
  kafka::Handle handle_;
  rd_kafka_mock_cluster_t* cluster_ = nullptr;  // owned; destroyed before handle_
};

/// Poll `consumer` until it has returned `want` records or `limit` passes; fail the test on
/// a Poll() error. Returns every record seen, in the order read.
std::vector<StreamRecord> PollUntil(StreamConsumer& consumer, size_t want,
                                    std::chrono::milliseconds limit);

}  // namespace retailpipe::stream::testing
