// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "retailpipe/aws/aws_json_client.h"
#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/stream/kinesis_options.h"
#include "retailpipe/stream/stream_consumer.h"

namespace retailpipe::stream {

namespace kinesis {
class CheckpointStore;
class ShardReader;
struct ShardInfo;
}  // namespace kinesis

/// A StreamConsumer reading Kinesis data streams (see KinesisStream) as the one member of a
/// consumer group.
///
/// Shards: each subscribed stream's shards are listed (ListShards, paged) at the first Poll(),
/// every minute and whenever a shard is read to its end. Every shard is read by this member
/// (the checkpoint store, checkpoint=dir, refuses a second live member of the group). A shard
/// split or merged from others (ParentShardId, AdjacentParentShardId) is read only once its
/// parents still listed have been read to their end and delivered, so a key's records come
/// in order across a reshard.
///
/// Partitions and offsets: a shard's partition number is its position in ListShards order
/// when the group first saw it, kept in the checkpoint store so that it does not change when
/// older shards expire. A record's offset is its ordinal within the shard: 0 for the first
/// record read from TRIM_HORIZON, and counted on from the checkpoint when the group resumes.
/// The store keeps, per shard, the next offset and the sequence number of the last committed
/// record, and reading resumes AFTER_SEQUENCE_NUMBER, so replaying from a checkpoint gives
/// the same records the same offsets: an exactly-once sink may key on them. Each record
/// carries its real sequence number and shard id in the headers "kinesis.sequence_number" and
/// "kinesis.shard_id". Limitation: offsets are only stable from a checkpoint; if the
/// checkpoints are lost after Kinesis trimmed the shard (retention), counting restarts at
/// the new trim horizon and old offsets name other records.
///
/// Reading: GetRecords at most once per read_interval (200 ms: Kinesis allows 5 reads per
/// second per shard) while a shard is behind, once per idle_interval when it is caught up
/// (MillisBehindLatest 0 and nothing returned); throttling puts the next read of the shard
/// off with a growing backoff; an expired shard iterator is renewed after the last record
/// fetched. A record whose PartitionKey starts with "\x01" (KinesisProducer's unkeyed
/// records) comes with an empty key.
///
/// Commit() saves the checkpoint of each partition durably before it returns; it accepts
/// only offsets of records this consumer delivered since the last commit (the consumer keeps
/// their sequence numbers until then). Owned by one caller; Close() (or destruction) leaves
/// the group. Not thread-safe.
class KinesisConsumer final : public StreamConsumer {
 public:
  KinesisConsumer(KinesisOptions options, std::string group,
                  std::unique_ptr<aws::AwsJsonClient> client,
                  std::unique_ptr<kinesis::CheckpointStore> checkpoints);
  KinesisConsumer(const KinesisConsumer&) = delete;
  KinesisConsumer& operator=(const KinesisConsumer&) = delete;
  ~KinesisConsumer() override;

  /// See StreamConsumer::Subscribe(); the topics are Kinesis stream names. Records fetched
  /// but not delivered are dropped, and every shard is read again from its checkpoint.
  /// Errors: kInvalidArgument for no topic or a name not made of 1..128 of [A-Za-z0-9._-];
  /// kFailedPrecondition once closed.
  Status Subscribe(std::span<const std::string> topics) override;

  /// See StreamConsumer::Poll(). Errors: kNotFound for a stream that does not exist;
  /// kUnavailable when Kinesis cannot be reached or keeps throttling control calls;
  /// kInvalidArgument for refused credentials; kDataError for a damaged checkpoint;
  /// kFailedPrecondition before Subscribe() or once closed; kIoError.
  Result<std::vector<StreamRecord>> Poll(std::chrono::milliseconds timeout,
                                         size_t max_records) override;

  /// See StreamConsumer::Commit(); `timeout` is not needed (files are written at once).
  /// Errors: kInvalidArgument for a negative offset or partition, a partition this consumer
  /// does not read, or an offset it did not deliver; kFailedPrecondition once closed;
  /// kIoError.
  Status Commit(std::span<const PartitionOffset> next_offsets,
                std::chrono::milliseconds timeout) override;

  /// See StreamConsumer::Close(). Never fails.
  Status Close() override;

 private:
  using Clock = std::chrono::steady_clock;

  Status CheckOpen(std::string_view what) const;
  /// List the shards of every subscribed stream and make readers for new ones.
  Status RefreshShards();
  Status RefreshStream(const std::string& stream);
  Result<std::vector<kinesis::ShardInfo>> ListShards(const std::string& stream) const;
  /// Return true if every parent of `reader`'s shard that is still read has finished.
  bool Readable(const kinesis::ShardReader& reader) const;
  /// Call GetRecords on every readable shard that is due; return the earliest next read.
  Result<Clock::time_point> FetchDue(Clock::time_point deadline);
  /// Move up to `max_records` fetched records into a batch, shards in turn.
  std::vector<StreamRecord> TakeBuffered(size_t max_records);
  kinesis::ShardReader* Find(std::string_view stream, int32_t partition) const;

  KinesisOptions options_;
  std::string group_;
  std::unique_ptr<aws::AwsJsonClient> client_;
  std::unique_ptr<kinesis::CheckpointStore> checkpoints_;  // null once closed
  std::vector<std::string> streams_;
  std::vector<std::unique_ptr<kinesis::ShardReader>> readers_;
  std::map<std::string, std::vector<std::string>> shard_maps_;  // stream -> shard by partition
  Clock::time_point next_refresh_{};
  bool refresh_now_ = true;
  size_t rotation_ = 0;
};

}  // namespace retailpipe::stream
