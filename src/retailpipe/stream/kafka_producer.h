// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/stream/kafka_uri.h"
#include "retailpipe/stream/stream_producer.h"

struct rd_kafka_s;  // librdkafka's rd_kafka_t, kept out of this header

namespace retailpipe::stream {

/// A StreamProducer on one librdkafka producer: idempotent (enable.idempotence=true, so
/// acks=all and retries never duplicate or reorder a partition), partitioned by key with
/// the Java client's murmur2 hash (so keys land where Java producers put them). Delivery reports
/// are read on the caller's thread inside Produce() and Flush(); see StreamProducer for the error
/// contract. Owns its client, destroyed with it. One thread at a time.
class KafkaProducer final : public StreamProducer {
 public:
  /// Make a producer for `uri`'s brokers. No connection is made until the first record.
  /// Errors: kInvalidArgument for a setting librdkafka rejects.
  static Result<std::unique_ptr<KafkaProducer>> Make(const KafkaUri& uri);

  /// Deletes the client (defined where librdkafka is visible).
  struct HandleCloser {
    void operator()(rd_kafka_s* handle) const;
  };
  /// What the delivery-report and error callbacks record; defined in the .cc.
  struct Deliveries;

  /// Wrap `handle`, whose callbacks write to `deliveries`. Make() is the usual way in.
  KafkaProducer(KafkaUri uri, std::unique_ptr<Deliveries> deliveries,
                std::unique_ptr<rd_kafka_s, HandleCloser> handle);
  KafkaProducer(const KafkaProducer&) = delete;
  KafkaProducer& operator=(const KafkaProducer&) = delete;
  ~KafkaProducer() override;

  Status Produce(std::string_view topic, std::string_view key, std::string_view value,
                 std::span<const RecordHeader> headers = {}) override;
  Status Flush(std::chrono::milliseconds timeout) override;

 private:
  /// Return the sticky delivery failure, worded for a call made after it.
  Status Failed() const;

  KafkaUri uri_;
  // Declared before handle_: the client's callbacks write here until the client is gone.
  std::unique_ptr<Deliveries> deliveries_;
  std::unique_ptr<rd_kafka_s, HandleCloser> handle_;
};

}  // namespace retailpipe::stream
