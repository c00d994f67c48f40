// SPDX-License-Identifier: Apache-2.0
// Where a local log keeps its files, and its topic metadata. Used only in this folder.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/stream/local_log_options.h"

namespace retailpipe::stream::local_log {

/// The file layout of a local log under its root folder:
///
///   topics/<topic>/topic.meta                    partition count (written once, atomically)
///   topics/<topic>/<partition>/append.lock       flock held while a producer appends
///   topics/<topic>/<partition>/<base>.log        segments; <base> = first offset, 20 digits
///   groups/<group>/members/<member id>           one per live consumer, flock held by it
///   groups/<group>/topics/<topic>/<partition>.owner    flock held by the owning consumer
///   groups/<group>/topics/<topic>/<partition>.offset   committed next offset, decimal text
///
/// Topic and group names are 1..249 characters of [A-Za-z0-9._-], not "." or "..".
/// Immutable after construction; safe for concurrent use.
class LogLayout {
 public:
  explicit LogLayout(std::string root) : root_(std::move(root)) {}

  const std::string& root() const { return root_; }

  std::string TopicDir(std::string_view topic) const;
  std::string TopicMetaPath(std::string_view topic) const;
  std::string PartitionDir(std::string_view topic, int32_t partition) const;
  std::string AppendLockPath(std::string_view topic, int32_t partition) const;
  std::string SegmentPath(std::string_view topic, int32_t partition, int64_t base_offset) const;
  std::string GroupDir(std::string_view group) const;
  std::string MembersDir(std::string_view group) const;
  std::string OwnerLockPath(std::string_view group, std::string_view topic,
                            int32_t partition) const;
  std::string OffsetPath(std::string_view group, std::string_view topic, int32_t partition) const;

  /// Return the base offsets of the segments of a partition, ascending (empty if none).
  /// Errors: kIoError.
  Result<std::vector<int64_t>> ListSegments(std::string_view topic, int32_t partition) const;

  /// Return the partition count of `topic`. Errors: kNotFound if the topic does not exist,
  /// kDataError for a damaged metadata file, kIoError.
  Result<int32_t> PartitionCount(std::string_view topic) const;

  /// Create `topic` with `partitions` partitions unless it exists; return its partition count
  /// (the existing one if another process created it first).
  /// Errors: kInvalidArgument for a bad name or count, else as PartitionCount().
  Result<int32_t> EnsureTopic(std::string_view topic, int32_t partitions) const;

 private:
  std::string root_;
};

/// Check a topic or group name (`what` is "topic" or "group").
/// Errors: kInvalidArgument saying which characters are allowed.
Status CheckName(std::string_view what, std::string_view name);

/// Return the partition of `key` (not empty) among `partitions`: murmur2 of the key bytes
/// (seed 0x9747b28c), its sign bit cleared, modulo `partitions`. This is Apache Kafka's
/// default partitioner, so it is stable across processes and versions, and a key lands on the
/// partition a Kafka producer would choose for the same partition count.
int32_t KeyPartition(std::string_view key, int32_t partitions);

/// Return Kafka's murmur2 hash of `data` (Utils.murmur2 in the Java client).
uint32_t Murmur2(std::string_view data);

}  // namespace retailpipe::stream::local_log
