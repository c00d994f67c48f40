// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/stream/local_log_layout.h"
#include "retailpipe/stream/local_log_options.h"
#include "retailpipe/stream/stream_producer.h"

namespace retailpipe::stream {

namespace local_log {
class PartitionAppender;
}

/// A StreamProducer appending to a local log (see LocalLogStream).
///
/// Produce() creates a missing topic with the log's default partition count, picks the
/// partition (KeyPartition() of the key, so one key always lands on one partition; round robin
/// over the partitions for records without a key) and queues the record in memory. Flush()
/// appends the queued records of each partition under its append lock, which gives them their
/// offsets, then applies the fsync policy: under FsyncPolicy::kOnFlush it returns only once
/// they are on disk. When more than 4 MiB are queued, Produce() appends them first (without
/// syncing). Several producers, in one process or many, may write to the same topics.
///
/// A failed append is sticky (see StreamProducer): records queued at destruction are dropped
/// with a warning. Owned by one caller; not thread-safe.
class LocalLogProducer final : public StreamProducer {
 public:
  /// Make a producer for the log `options` describe, creating its folder if needed.
  /// Errors: kInvalidArgument for bad options; kIoError if the folder cannot be made.
  static Result<std::unique_ptr<LocalLogProducer>> Make(const LocalLogOptions& options);

  explicit LocalLogProducer(const LocalLogOptions& options);
  LocalLogProducer(const LocalLogProducer&) = delete;
  LocalLogProducer& operator=(const LocalLogProducer&) = delete;
  ~LocalLogProducer() override;

  /// See StreamProducer::Produce(). Errors: kInvalidArgument for a bad topic name or a record
  /// over 16 MiB framed; kDataError for a damaged topic metadata file; kUnavailable when
  /// queued records must be appended and other producers hold a partition's lock for 30 s;
  /// after an append failure, that failure.
  Status Produce(std::string_view topic, std::string_view key, std::string_view value,
                 std::span<const RecordHeader> headers = {}) override;

  /// See StreamProducer::Flush(); `timeout` bounds the wait for partition locks held by other
  /// producers (kUnavailable, the records stay queued). Errors: kDataError for a corrupt tail
  /// segment; kIoError for a failed write or sync (sticky).
  Status Flush(std::chrono::milliseconds timeout) override;

 private:
  struct Topic {
    int32_t partitions = 0;
    uint32_t next_round_robin = 0;
    std::vector<std::unique_ptr<local_log::PartitionAppender>> appenders;  // one per partition
  };

  /// Return the topic's state, creating the topic if it does not exist.
  Result<Topic*> FindTopic(std::string_view topic);
  enum class Sync { kNo, kYes };
  /// Append every queued record, then apply the fsync policy if `sync` says so.
  Status WriteQueued(std::chrono::steady_clock::time_point deadline, Sync sync);
  /// Return the sticky failure, worded for a call made after it.
  Status Failed() const;

  LocalLogOptions options_;
  local_log::LogLayout layout_;
  std::map<std::string, Topic, std::less<>> topics_;
  size_t queued_bytes_ = 0;
  Status failure_;
};

}  // namespace retailpipe::stream
