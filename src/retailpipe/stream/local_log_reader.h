// SPDX-License-Identifier: Apache-2.0
// Reading one partition of a local log in offset order. Used only in this folder.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/stream/local_log_layout.h"
#include "retailpipe/stream/local_log_segment.h"
#include "retailpipe/stream/stream_record.h"

namespace retailpipe::stream::local_log {

/// Reads the records of one partition from a start offset on, across its segments, while
/// producers may be appending. A torn frame at the end of the tail segment is treated as not
/// written yet (a producer cuts it off before appending again). Owned by a LocalLogConsumer
/// for as long as its consumer owns the partition; not thread-safe.
class PartitionReader {
 public:
  PartitionReader(LogLayout layout, std::string topic, int32_t partition, int64_t start_offset);

  /// Return the next records, at most `max_records`, in offset order; empty if none is there
  /// yet. Errors: kDataError for a corrupt segment, a missing segment, or a start offset past
  /// the end of the partition (records were lost, e.g. by a power loss under fsync=never);
  /// kIoError.
  Result<std::vector<StreamRecord>> Read(size_t max_records);

  /// The offset of the next record Read() returns.
  int64_t position() const { return position_; }

 private:
  /// Append up to `max_records - out.size()` records to `out`.
  Status ReadInto(size_t max_records, std::vector<StreamRecord>& out);
  /// Open the segment holding position_, if the partition has one yet.
  Status Seek();
  /// Return whether a producer has started the segment after the current one.
  Result<bool> Rolled() const;
  /// Return the error for a partition that ends at `end`, before position_.
  Status PastEnd(int64_t end) const;
  std::string Where() const;

  LogLayout layout_;
  std::string topic_;
  int32_t partition_;
  int64_t position_;
  std::optional<SegmentReader> segment_;
  // The current segment has a successor, so its end is final.
  bool sealed_ = false;
};

}  // namespace retailpipe::stream::local_log
