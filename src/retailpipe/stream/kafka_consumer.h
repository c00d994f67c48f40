// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/stream/kafka_uri.h"
#include "retailpipe/stream/stream_consumer.h"

struct rd_kafka_s;  // librdkafka's rd_kafka_t, kept out of this header

namespace retailpipe::stream {

/// A StreamConsumer on one librdkafka high-level (group) consumer, with
/// enable.auto.commit=false and enable.auto.offset.store=false: only Commit() moves the
/// group's offsets. A new group starts at the earliest record (auto.offset.reset=earliest,
/// which the URI may change). Partition assignment and rebalancing are librdkafka's.
/// Owns its client; closes and destroys it on destruction. One thread at a time.
class KafkaConsumer final : public StreamConsumer {
 public:
  /// Make a consumer in group `group_id` for `uri`'s brokers. No connection is made until
  /// the first Poll(). Errors: kInvalidArgument for an empty group or a setting librdkafka
  /// rejects.
  static Result<std::unique_ptr<KafkaConsumer>> Make(const KafkaUri& uri,
                                                     std::string_view group_id);

  /// Deletes the client (defined where librdkafka is visible).
  struct HandleCloser {
    void operator()(rd_kafka_s* handle) const;
  };

  /// Where the client's error callback leaves errors for Poll(); defined in the .cc.
  struct ClientErrors;

  /// Wrap `handle`, a consumer client whose error callback writes to `errors`. Make() is the
  /// usual way in.
  KafkaConsumer(KafkaUri uri, std::string group_id, std::unique_ptr<ClientErrors> errors,
                std::unique_ptr<rd_kafka_s, HandleCloser> handle);
  KafkaConsumer(const KafkaConsumer&) = delete;
  KafkaConsumer& operator=(const KafkaConsumer&) = delete;
  /// Close() if the caller did not (logging a failure at warn), then destroy the client.
  ~KafkaConsumer() override;

  Status Subscribe(std::span<const std::string> topics) override;
  Result<std::vector<StreamRecord>> Poll(std::chrono::milliseconds timeout,
                                         size_t max_records) override;
  Status Commit(std::span<const PartitionOffset> next_offsets,
                std::chrono::milliseconds timeout) override;
  Status Close() override;

 private:
  /// Return kFailedPrecondition naming `what` if the consumer is closed.
  Status CheckOpen(std::string_view what) const;

  /// Return the error waiting for Poll(), if any, and forget it.
  Status TakeError();

  KafkaUri uri_;
  std::string group_id_;
  // Declared before handle_: the client's error callback writes here until it is gone.
  std::unique_ptr<ClientErrors> errors_;
  std::unique_ptr<rd_kafka_s, HandleCloser> handle_;
  bool closed_ = false;
};

}  // namespace retailpipe::stream
