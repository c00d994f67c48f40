// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <span>
#include <string_view>

#include "retailpipe/base/status.h"
#include "retailpipe/stream/stream_record.h"

namespace retailpipe::stream {

/// Publishes keyed records to the topics of a stream, at least once and without duplicates
/// from retries (Kafka: an idempotent producer with acks=all).
///
/// Produce() only queues a record; Flush() waits until the broker has acknowledged every
/// queued record. Records with the same key go to the same partition and keep their order.
/// A record that cannot be delivered is never dropped silently: the first delivery failure
/// is returned by the next Produce() or Flush() and by every call after it, because later
/// records may already have been written after the gap. The owner then makes a new producer
/// and re-sends from its last durable point.
///
/// Owned by one caller through std::unique_ptr; call Flush() before destroying it, since
/// records still queued at destruction are discarded (with a warning on the "stream"
/// logger). Not thread-safe: use it from one thread at a time.
class StreamProducer {
 public:
  virtual ~StreamProducer() = default;

  /// Queue `value` under `key` (empty: no key, spread over partitions) for `topic`, with
  /// `headers`. Returns once the record is queued, not when it is delivered.
  /// Errors: kInvalidArgument for an empty topic or a record over the size limit;
  /// kUnavailable when the local queue stays full (the broker is not keeping up or is
  /// down); after a delivery failure, that failure (see the class comment).
  virtual Status Produce(std::string_view topic, std::string_view key, std::string_view value,
                         std::span<const RecordHeader> headers = {}) = 0;

  /// Wait at most `timeout` until every queued record is acknowledged by the broker.
  /// Errors: the first delivery failure (kNotFound for a missing topic, kInvalidArgument for
  /// a record the broker refuses or an authorization failure, kUnavailable when the broker
  /// stayed unreachable for the delivery timeout); kUnavailable when records are still
  /// unacknowledged after `timeout`: they stay queued, and a later Flush() may deliver them.
  virtual Status Flush(std::chrono::milliseconds timeout) = 0;
};

}  // namespace retailpipe::stream
