// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/stream/stream_record.h"

namespace retailpipe::stream {

/// Reads keyed records as a member of a consumer group, at least once.
///
/// The group shares the partitions of the subscribed topics among its members, and stores,
/// per partition, the offset where the next reader starts. That offset moves only when the
/// caller calls Commit() with the records it has durably handled; records read but not
/// committed are delivered again to whoever reads the partition next (after a restart or a
/// rebalance). A group with no committed offset starts at the earliest record.
///
/// Owned by one caller through std::unique_ptr. Close() leaves the group at once; the
/// destructor closes too if the caller did not. Not thread-safe: use it from one thread at a
/// time.
class StreamConsumer {
 public:
  virtual ~StreamConsumer() = default;

  /// Join the group and read `topics` (replacing an earlier subscription). Partitions are
  /// assigned during the following Poll() calls.
  /// Errors: kInvalidArgument for no topic or an empty name; kFailedPrecondition once closed.
  virtual Status Subscribe(std::span<const std::string> topics) = 0;

  /// Return the next records, at most `max_records` (> 0), in order within each partition,
  /// waiting at most `timeout` for the first one. An empty vector means none arrived.
  /// Errors: kUnavailable when no broker can be reached (retryable: poll again);
  /// kNotFound for a subscribed topic that does not exist; kInvalidArgument for an
  /// authentication or authorization failure; kFailedPrecondition once closed. An error that
  /// arrives after some records is returned by the next call, so no record is lost.
  virtual Result<std::vector<StreamRecord>> Poll(std::chrono::milliseconds timeout,
                                                 size_t max_records) = 0;

  /// Store `next_offsets` (see NextOffsets()) as the group's position and wait at most
  /// `timeout` for the broker to confirm. An empty span does nothing.
  /// Errors: kInvalidArgument for a negative offset or partition; kUnavailable when the
  /// broker did not confirm in time or the group rebalanced meanwhile (the records will be
  /// delivered again: at least once); kFailedPrecondition once closed; else as Poll().
  virtual Status Commit(std::span<const PartitionOffset> next_offsets,
                        std::chrono::milliseconds timeout) = 0;

  /// Leave the group and release the connection. Commits nothing. A second call does nothing.
  /// Errors: kUnavailable if the broker could not be told (the group then notices the
  /// member is gone after its session timeout).
  virtual Status Close() = 0;
};

}  // namespace retailpipe::stream
