// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/local_log_appender.h"

#include <thread>
#include <utility>

#include "retailpipe/base/log.h"
#include "retailpipe/stream/local_log_frame.h"
#include "retailpipe/stream/local_log_segment.h"

namespace retailpipe::stream::local_log {
namespace {

// Appends under the lock take microseconds, so a short sleep between attempts is enough.
constexpr std::chrono::milliseconds kLockRetry{1};

size_t CountFrames(std::string_view frames) {
  size_t count = 0;
  for (size_t at = 0; at < frames.size(); at += FrameSizeAt(frames.substr(at))) ++count;
  return count;
}

}  // namespace

PartitionAppender::PartitionAppender(LogLayout layout, std::string topic, int32_t partition,
                                     const LocalLogOptions& options)
    : layout_(std::move(layout)),
      topic_(std::move(topic)),
      partition_(partition),
      fsync_(options.fsync),
      segment_bytes_(options.segment_bytes) {}

void PartitionAppender::Add(int64_t timestamp_ms, std::string_view key, std::string_view value,
                            std::span<const RecordHeader> headers) {
  AppendFrame(pending_, timestamp_ms, key, value, headers);
  ++pending_records_;
}

Status PartitionAppender::Write(std::chrono::steady_clock::time_point deadline) {
  if (pending_.empty()) return Status::OK();
  RP_RETURN_IF_ERROR(Lock(deadline));
  Status status = CatchUp();
  if (status.ok()) status = WriteFrames();
  const Status unlocked = lock_.Unlock();
  if (!status.ok()) {
    // Forget the cached position: the next Write() learns it again from the files.
    active_ = LogFile();
    unsynced_ = false;
    pending_records_ = CountFrames(pending_);
    return status.WithContext("appending to topic '" + topic_ + "' partition " +
                              std::to_string(partition_) + " of local log " + layout_.root());
  }
  return unlocked;
}

Status PartitionAppender::Sync() {
  if (!unsynced_ || fsync_ != FsyncPolicy::kOnFlush) return Status::OK();
  unsynced_ = false;  // a failed fdatasync is not retried: the kernel may have dropped the pages
  return active_.Sync();
}

Status PartitionAppender::Lock(std::chrono::steady_clock::time_point deadline) {
  if (!lock_.is_open()) {
    const std::string dir = layout_.PartitionDir(topic_, partition_);
    RP_RETURN_IF_ERROR(CreateDirs(dir, fsync_));
    RP_ASSIGN_OR_RETURN(
        lock_, LogFile::Open(layout_.AppendLockPath(topic_, partition_), OpenMode::kCreate));
  }
  while (true) {
    RP_ASSIGN_OR_RETURN(const bool locked, lock_.TryLock());
    if (locked) return Status::OK();
    if (std::chrono::steady_clock::now() >= deadline) {
      return Status::Unavailable("another producer held " + lock_.path() +
                                 " until the flush timeout; the records stay queued (flush again)");
    }
    std::this_thread::sleep_for(kLockRetry);
  }
}

Status PartitionAppender::CatchUp() {
  if (!active_.is_open()) {
    RP_ASSIGN_OR_RETURN(const std::vector<int64_t> bases, layout_.ListSegments(topic_, partition_));
    if (bases.empty()) {
      next_offset_ = 0;
      return Status::OK();
    }
    next_offset_ = bases.back();
    RP_RETURN_IF_ERROR(SwitchTo(bases.back(), OpenMode::kReadWrite));
  }
  RP_RETURN_IF_ERROR(ScanActive());
  // Another producer may have started segments since: each is named by the offset where the
  // previous one ended.
  while (next_offset_ != active_base_) {
    RP_ASSIGN_OR_RETURN(const bool rolled,
                        Exists(layout_.SegmentPath(topic_, partition_, next_offset_)));
    if (!rolled) break;
    RP_RETURN_IF_ERROR(SwitchTo(next_offset_, OpenMode::kReadWrite));
    RP_RETURN_IF_ERROR(ScanActive());
  }
  return Status::OK();
}

Status PartitionAppender::SwitchTo(int64_t base, OpenMode mode) {
  RP_RETURN_IF_ERROR(Sync());
  RP_ASSIGN_OR_RETURN(active_, LogFile::Open(layout_.SegmentPath(topic_, partition_, base), mode));
  active_base_ = base;
  active_size_ = 0;
  return Status::OK();
}

Status PartitionAppender::ScanActive() {
  RP_ASSIGN_OR_RETURN(const uint64_t size, active_.Size());
  if (size == active_size_) return Status::OK();
  if (size < active_size_) {
    return Status::DataError("local log segment " + active_.path() + " shrank from " +
                             std::to_string(active_size_) + " to " + std::to_string(size) +
                             " bytes while in use; was it cut by hand? Restart the producer");
  }
  RP_ASSIGN_OR_RETURN(LogFile file, LogFile::Open(active_.path(), OpenMode::kRead));
  // No lock path: this appender holds the append lock, so no writer is at work.
  SegmentReader reader(std::move(file), active_base_, active_size_, next_offset_, "");
  SegmentStep step = SegmentStep::kFrame;
  while (step == SegmentStep::kFrame) {
    RP_ASSIGN_OR_RETURN(step, reader.Next());
  }
  active_size_ = reader.position();
  next_offset_ = reader.next_offset();
  if (step == SegmentStep::kTorn) {
    // We hold the append lock, so no writer is mid-append: a writer died mid-append.
    log::Get("stream").warn(
        "local log: cutting a torn frame off {} at byte {} ({} bytes of an append cut short); "
        "offsets before {} are intact",
        active_.path(), active_size_, size - active_size_, next_offset_);
    RP_RETURN_IF_ERROR(active_.Truncate(active_size_));
    RP_RETURN_IF_ERROR(active_.Sync());
  }
  return Status::OK();
}

Status PartitionAppender::WriteFrames() {
  size_t chunk = 0;  // start of the frames not written yet
  size_t at = 0;
  while (at < pending_.size()) {
    const size_t size = FrameSizeAt(std::span(pending_).subspan(at));
    const uint64_t segment_end = active_size_ + (at - chunk);
    if (!active_.is_open() || (segment_end > 0 && segment_end + size > segment_bytes_)) {
      Status written = active_.is_open() ? WriteChunk(chunk, at) : Status::OK();
      if (written.ok()) written = SwitchTo(next_offset_, OpenMode::kCreateExclusive);
      if (written.ok() && fsync_ == FsyncPolicy::kOnFlush) {
        written = SyncDir(layout_.PartitionDir(topic_, partition_));
      }
      if (!written.ok()) {
        pending_.erase(0, chunk);
        return written;
      }
      chunk = at;
    }
    SealFrame(std::span(pending_).subspan(at, size), next_offset_++);
    at += size;
  }
  const Status written = WriteChunk(chunk, at);
  pending_.erase(0, written.ok() ? at : chunk);
  if (written.ok()) pending_records_ = 0;
  return written;
}

Status PartitionAppender::WriteChunk(size_t from, size_t to) {
  if (from == to) return Status::OK();
  const Status written =
      active_.WriteAt(active_size_, std::span(pending_).subspan(from, to - from));
  if (!written.ok()) {
    // Leave no partial frame behind for readers to stumble on.
    const Status cut = active_.Truncate(active_size_);
    return cut.ok() ? written : written.WithContext(cut.message());
  }
  active_size_ += to - from;
  unsynced_ = true;
  return Status::OK();
}

}  // namespace retailpipe::stream::local_log
