// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace retailpipe::stream {

/// One application header of a record: a name and opaque bytes. Names may repeat.
struct RecordHeader {
  std::string key;
  std::string value;

  bool operator==(const RecordHeader&) const = default;
};

/// One keyed record read from a stream, with where it was read from. A plain value type.
struct StreamRecord {
  std::string topic;
  int32_t partition = -1;
  /// Position in the partition; the next record has a larger offset (not always +1).
  int64_t offset = -1;
  /// Opaque bytes; empty when the record has no key.
  std::string key;
  /// Opaque bytes.
  std::string value;
  /// When the record was produced (or appended by the broker, per the topic's config),
  /// Unix epoch milliseconds; -1 when unknown.
  int64_t timestamp_ms = -1;
  /// In the order the producer added them.
  std::vector<RecordHeader> headers;
};

/// A consumer group's position in one topic partition: the offset of the next record to read,
/// i.e. one past the last record processed. This is what Kafka stores as a committed offset.
struct PartitionOffset {
  std::string topic;
  int32_t partition = -1;
  int64_t next_offset = 0;

  bool operator==(const PartitionOffset&) const = default;
};

/// Return, for each topic partition that occurs in `processed`, the offset after the highest
/// offset seen there, ordered by topic then partition. Pass the result to
/// StreamConsumer::Commit() once the records are durably handled.
std::vector<PartitionOffset> NextOffsets(std::span<const StreamRecord> processed);

}  // namespace retailpipe::stream
