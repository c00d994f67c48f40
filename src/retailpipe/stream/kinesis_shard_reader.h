// SPDX-License-Identifier: Apache-2.0
// One shard as a KinesisConsumer reads it. Used only in this folder.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "retailpipe/aws/aws_json_client.h"
#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/stream/kinesis_api.h"
#include "retailpipe/stream/kinesis_checkpoint_store.h"
#include "retailpipe/stream/kinesis_options.h"
#include "retailpipe/stream/stream_record.h"

namespace retailpipe::stream::kinesis {

/// The headers a KinesisConsumer puts on every record.
inline constexpr std::string_view kSequenceNumberHeader = "kinesis.sequence_number";
inline constexpr std::string_view kShardIdHeader = "kinesis.shard_id";

/// Reads one shard: its shard iterator, when it may be read next, the records fetched but not
/// yet delivered, and the sequence numbers of records delivered but not yet committed.
///
/// Records are numbered as they are fetched, from the checkpoint's next_offset on (0 from
/// TRIM_HORIZON), so re-reading from a checkpoint numbers the same records the same way.
/// Owned by a KinesisConsumer. Not thread-safe.
class ShardReader {
 public:
  using Clock = std::chrono::steady_clock;

  ShardReader(std::string stream, ShardInfo shard, int32_t partition, ShardCheckpoint start);

  const std::string& stream() const { return stream_; }
  const ShardInfo& shard() const { return shard_; }
  int32_t partition() const { return partition_; }
  const ShardCheckpoint& committed() const { return committed_; }

  /// True once the shard is closed and read to its end, and every record was delivered: its
  /// child shards may be read.
  bool finished() const { return ended_ && buffer_.empty(); }
  /// True once the shard is closed and read to its end.
  bool ended() const { return ended_; }
  bool has_buffered() const { return !buffer_.empty(); }
  /// True while records delivered by Take() are not committed.
  bool has_uncommitted() const { return !delivered_.empty(); }
  /// When Fetch() may call GetRecords next (Kinesis allows 5 reads per second per shard).
  Clock::time_point next_read() const { return next_read_; }

  /// Get a shard iterator if there is none (again after it expired), then call GetRecords
  /// once and keep what it returns. Throttling (after the client's own retries) is not an
  /// error: the next read is put off, longer each time. Errors: kNotFound if the stream or
  /// shard is gone; those of the client and of parsing the answer.
  Status Fetch(const aws::AwsJsonClient& client, const KinesisOptions& options);

  /// Move up to `max` of the fetched records, oldest first, to the end of `out`.
  void Take(size_t max, std::vector<StreamRecord>& out);

  /// Return the checkpoint that commits every record before `next_offset`.
  /// Errors: kInvalidArgument if the record before it was not delivered by this reader.
  Result<ShardCheckpoint> CheckpointFor(int64_t next_offset) const;

  /// Note that `checkpoint` was saved.
  void Committed(const ShardCheckpoint& checkpoint);

 private:
  struct Fetched {
    StreamRecord record;
    std::string sequence_number;
  };

  /// Return the StreamRecord for `fetched`, numbered `offset`.
  StreamRecord ToStreamRecord(FetchedRecord fetched, int64_t offset) const;

  std::string stream_;
  ShardInfo shard_;
  int32_t partition_;
  ShardCheckpoint committed_;
  std::string iterator_;        // empty: get one, after resume_after_
  std::string resume_after_;    // sequence number of the last record fetched; empty: start
  int64_t next_fetch_offset_;   // the number the next fetched record gets
  std::deque<Fetched> buffer_;  // fetched, not yet delivered
  std::deque<std::pair<int64_t, std::string>> delivered_;  // (offset, sequence number)
  Clock::time_point next_read_{};
  int throttled_ = 0;  // consecutive throttled reads
  bool ended_ = false;
};

}  // namespace retailpipe::stream::kinesis
