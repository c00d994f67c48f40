// SPDX-License-Identifier: Apache-2.0
// Where a Kinesis consumer group keeps its place in each shard. Used only in this folder.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"

namespace retailpipe::stream::kinesis {

/// A consumer group's position in one shard.
struct ShardCheckpoint {
  /// The ordinal (StreamRecord::offset) of the next record to read.
  int64_t next_offset = 0;
  /// The sequence number of the record with ordinal next_offset - 1, where reading resumes
  /// (AFTER_SEQUENCE_NUMBER); empty when next_offset is 0 (read from TRIM_HORIZON).
  std::string sequence_number;

  bool operator==(const ShardCheckpoint&) const = default;
};

/// A consumer group's checkpoints of Kinesis streams, and the partition number it gave each
/// shard. The numbering is kept so that a shard keeps its partition when older shards expire
/// from the stream. Owned by one KinesisConsumer, whose membership of the group it holds
/// (exclusively, for the implementations so far). Not thread-safe.
class CheckpointStore {
 public:
  virtual ~CheckpointStore() = default;

  /// Return where messages say the checkpoints are ("/var/lib/rp/kinesis/orders-sink").
  virtual std::string where() const = 0;

  /// Return the shard ids of `stream`, the one at index i being partition i; empty if none
  /// was saved. Errors: kDataError for damaged state; kIoError.
  virtual Result<std::vector<std::string>> LoadShardMap(std::string_view stream) const = 0;

  /// Replace the shard ids of `stream` (the saved ones, then new ones appended).
  /// Errors: kIoError.
  virtual Status SaveShardMap(std::string_view stream, std::span<const std::string> shards) = 0;

  /// Return the checkpoint of a shard, nullopt if none was saved.
  /// Errors: kDataError for a damaged checkpoint; kIoError.
  virtual Result<std::optional<ShardCheckpoint>> Load(std::string_view stream,
                                                      std::string_view shard_id) const = 0;

  /// Replace the checkpoint of a shard, durably. Errors: kIoError.
  virtual Status Save(std::string_view stream, std::string_view shard_id,
                      const ShardCheckpoint& checkpoint) = 0;
};

}  // namespace retailpipe::stream::kinesis
