// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "retailpipe/aws/aws_json_client.h"
#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/stream/kinesis_options.h"
#include "retailpipe/stream/stream_producer.h"

namespace retailpipe::stream {

/// A StreamProducer writing to Kinesis data streams with PutRecords (see KinesisStream).
///
/// Produce() queues a record per stream; once a stream holds 500 records or 5 MiB (Kinesis'
/// limits for one PutRecords), Produce() sends that batch before it returns; Flush() sends
/// every queued record. The PartitionKey is the record key; a record without a key gets the
/// key "\x01" followed by a per-producer counter in decimal, which spreads unkeyed records
/// over the shards and which a KinesisConsumer turns back into an empty key (keys starting
/// with "\x01" are therefore refused). Keys must be valid UTF-8 of at most 256 characters.
/// Kinesis records carry no headers, so a record with headers is refused.
///
/// Records a PutRecords answer reports as failed (FailedRecordCount, ErrorCode per entry:
/// ProvisionedThroughputExceededException, InternalFailure) stay queued, ahead of later ones,
/// and are sent again after a capped, jittered backoff; so are whole requests that failed
/// for a retryable reason. A record still undelivered after options.delivery_timeout, or
/// refused for good (a missing stream, access denied), becomes the sticky error of the
/// StreamProducer contract; no record is ever dropped while the producer lives.
///
/// Kinesis has no idempotent producer: a request whose answer was lost is sent again, so a
/// record may be stored twice (at least once), and a record retried after a partial failure
/// lands after records of the same key that were sent after it in the same batch (order per
/// key holds unless Kinesis throttles part of a batch).
///
/// Owned by one caller; destroying it discards what is still queued (with a warning on the
/// "stream" logger). Not thread-safe.
class KinesisProducer final : public StreamProducer {
 public:
  KinesisProducer(KinesisOptions options, std::unique_ptr<aws::AwsJsonClient> client);
  KinesisProducer(const KinesisProducer&) = delete;
  KinesisProducer& operator=(const KinesisProducer&) = delete;
  ~KinesisProducer() override;

  /// See StreamProducer::Produce(). Errors: kInvalidArgument for an empty topic, headers, a
  /// key that is not UTF-8, longer than 256 characters or starting with "\x01", or a record
  /// over 1 MiB (key plus value); kUnavailable when 100,000 records are queued already (the
  /// record is not queued); the sticky error; the errors of sending a full batch.
  Status Produce(std::string_view topic, std::string_view key, std::string_view value,
                 std::span<const RecordHeader> headers = {}) override;

  /// See StreamProducer::Flush(). Errors: the sticky error (kNotFound for a missing stream,
  /// kInvalidArgument for refused records or credentials, kUnavailable once a record was not
  /// delivered within delivery_timeout); kUnavailable when records are still queued after
  /// `timeout` (they stay queued).
  Status Flush(std::chrono::milliseconds timeout) override;

  /// Most records queued at once.
  static constexpr size_t kMaxQueued = 100'000;

 private:
  struct Pending {
    std::string partition_key;
    std::string data;
    /// When the first attempt to send it was made; unset before.
    std::chrono::steady_clock::time_point first_attempt{};
    int attempts = 0;
  };
  struct Queue {
    std::deque<Pending> records;
    size_t bytes = 0;  // partition keys plus data
  };

  /// Send one PutRecords of the oldest records of `stream`; keep the failed ones queued.
  Status SendBatch(const std::string& stream, Queue& queue);
  /// Return how many of the oldest queued records fit in one request.
  static size_t BatchSize(const Queue& queue);
  /// Note a send that left records queued: back off before the next one, and fail stickily
  /// if the oldest record of `queue` has been retried for longer than delivery_timeout.
  Status Retry(const std::string& stream, const Queue& queue, std::string error);
  size_t QueuedRecords() const;

  KinesisOptions options_;
  std::unique_ptr<aws::AwsJsonClient> client_;
  std::map<std::string, Queue> queues_;  // by stream name
  Status sticky_;
  std::string last_error_;  // why the last send left records queued, for messages
  int failures_ = 0;        // consecutive sends that left records queued
  std::chrono::steady_clock::time_point next_send_{};  // no send before (backoff)
  uint64_t unkeyed_ = 0;
};

}  // namespace retailpipe::stream
