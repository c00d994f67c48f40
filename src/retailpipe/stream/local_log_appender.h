// SPDX-License-Identifier: Apache-2.0
// Appending to one partition of a local log. Used only in this folder.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "retailpipe/base/status.h"
#include "retailpipe/stream/local_log_file.h"
#include "retailpipe/stream/local_log_layout.h"
#include "retailpipe/stream/local_log_options.h"
#include "retailpipe/stream/stream_record.h"

namespace retailpipe::stream::local_log {

/// Queues records for one partition and appends them to its tail segment, for one producer.
///
/// Several appenders, in one process or many, may append to the same partition: Write() holds
/// the partition's append lock (flock on append.lock) while it learns where the partition ends
/// (reading frames other appenders added since its last Write(), and cutting off a torn frame
/// left by a writer that died mid-append), assigns the next offsets, writes, and starts a new
/// segment when the active one is full. Frames are therefore never interleaved and offsets
/// stay dense. Owned by a LocalLogProducer; not thread-safe.
class PartitionAppender {
 public:
  PartitionAppender(LogLayout layout, std::string topic, int32_t partition,
                    const LocalLogOptions& options);
  PartitionAppender(const PartitionAppender&) = delete;
  PartitionAppender& operator=(const PartitionAppender&) = delete;

  /// Queue a record; it gets its offset when written.
  /// REQUIRES: FrameSize(key, value, headers) <= kMaxFrameBytes.
  void Add(int64_t timestamp_ms, std::string_view key, std::string_view value,
           std::span<const RecordHeader> headers);

  size_t pending_bytes() const { return pending_.size(); }
  size_t pending_records() const { return pending_records_; }

  /// Append every queued record, waiting for the partition's append lock until `deadline`.
  /// Errors: kUnavailable if other producers held the lock until `deadline` (nothing is
  /// written; the records stay queued); kDataError for corruption found in the tail segment;
  /// kIoError (a partly written batch is cut off again; records not written stay queued).
  Status Write(std::chrono::steady_clock::time_point deadline);

  /// Force what Write() wrote since the last Sync() to the disk, under FsyncPolicy::kOnFlush
  /// (else do nothing). Errors: kIoError; never retry it (the kernel may have dropped the data).
  Status Sync();

 private:
  Status Lock(std::chrono::steady_clock::time_point deadline);
  /// Learn where the partition ends now. Called under the lock.
  Status CatchUp();
  /// Read the frames other appenders added to the active segment, truncating a torn tail.
  Status ScanActive();
  /// Make the segment starting at `base` the active one (syncing the previous one first).
  Status SwitchTo(int64_t base, OpenMode mode);
  /// Seal the queued frames with offsets and write them, rolling segments as they fill.
  Status WriteFrames();
  /// Write pending_[from, to) at the end of the active segment.
  Status WriteChunk(size_t from, size_t to);

  LogLayout layout_;
  std::string topic_;
  int32_t partition_;
  FsyncPolicy fsync_;
  uint64_t segment_bytes_;

  std::string pending_;  // unsealed frames, back to back
  size_t pending_records_ = 0;

  LogFile lock_;
  // The tail segment as of the last Write(); closed until the partition has one.
  LogFile active_;
  int64_t active_base_ = 0;
  uint64_t active_size_ = 0;  // bytes of intact frames in active_
  int64_t next_offset_ = 0;
  bool unsynced_ = false;  // active_ has data written since its last sync
};

}  // namespace retailpipe::stream::local_log
