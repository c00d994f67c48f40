// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/local_log_segment.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>

#include "retailpipe/stream/local_log_frame.h"

namespace retailpipe::stream::local_log {
namespace {

// Reads are this big, or one frame if that is bigger.
constexpr size_t kReadChunkBytes = size_t{256} * 1024;
// The window the search for intact frames reads at a time.
constexpr size_t kSearchWindowBytes = size_t{1024} * 1024;
// What PlausibleFrameStart() looks at.
constexpr size_t kPlausibleBytes = kOffsetFieldPosition + 8;

}  // namespace

SegmentReader::SegmentReader(LogFile file, int64_t base_offset, uint64_t position,
                             int64_t next_offset, std::string append_lock_path)
    : file_(std::move(file)),
      base_offset_(base_offset),
      position_(position),
      next_offset_(next_offset),
      append_lock_path_(std::move(append_lock_path)) {}

Result<bool> SegmentReader::Fill(size_t need) {
  if (end_ - begin_ >= need) return true;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (buffer_.size() < std::max(need, kReadChunkBytes)) {
    buffer_.resize(std::max(need, kReadChunkBytes));
  }
  RP_ASSIGN_OR_RETURN(const size_t read,
                      file_.ReadAt(position_ + end_, std::span(buffer_).subspan(end_)));
  end_ += read;
  return end_ >= need;
}

Result<SegmentReader::Peeked> SegmentReader::Peek() {
  RP_ASSIGN_OR_RETURN(const bool have_size, Fill(4));
  if (!have_size) return end_ == begin_ ? Peeked::kEnd : Peeked::kIncomplete;
  const size_t size = FrameSizeAt(std::span(buffer_).subspan(begin_, end_ - begin_));
  if (size >= kMinFrameBytes && size <= kMaxFrameBytes) {
    RP_ASSIGN_OR_RETURN(const bool have_frame, Fill(size));
    if (!have_frame) return Peeked::kIncomplete;
  }
  const FrameCheck check = CheckFrame(std::span(buffer_).subspan(begin_, end_ - begin_));
  return check == FrameCheck::kValid ? Peeked::kValid : Peeked::kInvalid;
}

Result<SegmentStep> SegmentReader::Next() {
  frame_ = {};
  RP_ASSIGN_OR_RETURN(const Peeked peeked, Peek());
  if (peeked == Peeked::kEnd) return SegmentStep::kEnd;
  if (peeked != Peeked::kValid) {
    RP_ASSIGN_OR_RETURN(const std::optional<SegmentStep> verdict, Judge(peeked));
    if (verdict) return *verdict;
  }
  const std::span<const char> bytes = std::span(buffer_).subspan(begin_, end_ - begin_);
  const int64_t offset = FrameOffset(bytes);
  if (offset != next_offset_) {
    return Status::DataError(
        "local log segment " + file_.path() + " is corrupt: the frame at byte " +
        std::to_string(position_) + " has offset " + std::to_string(offset) + " where " +
        std::to_string(next_offset_) + " was expected; restore the partition from a backup");
  }
  frame_ = bytes.first(FrameSizeAt(bytes));
  begin_ += frame_.size();
  position_ += frame_.size();
  ++next_offset_;
  return SegmentStep::kFrame;
}

Result<std::optional<SegmentStep>> SegmentReader::Judge(Peeked seen) {
  end_ = begin_;  // read again: a writer may have completed the frame, or cut it off
  LogFile lock;
  if (!append_lock_path_.empty()) {
    // Shut writers out, so that what is read next is not an append in progress.
    RP_ASSIGN_OR_RETURN(lock, LogFile::Open(append_lock_path_, OpenMode::kRead));
    RP_ASSIGN_OR_RETURN(const bool quiet, lock.TryLock(LockType::kShared));
    if (!quiet) return std::optional(SegmentStep::kTorn);  // a writer is at work: look later
  }
  RP_ASSIGN_OR_RETURN(const LogFile::Stamp stamp, file_.GetStamp());
  RP_ASSIGN_OR_RETURN(seen, Peek());
  if (seen == Peeked::kValid) return std::optional<SegmentStep>();
  if (seen == Peeked::kEnd) return std::optional(SegmentStep::kEnd);
  // A tail judged torn stays so until the file changes; spare a reader waiting on it a search
  // per poll.
  const bool judged = torn_at_ && torn_at_->first == position_ && torn_at_->second == stamp;
  end_ = begin_;
  if (judged) return std::optional(SegmentStep::kTorn);
  RP_ASSIGN_OR_RETURN(const std::optional<uint64_t> intact, FindIntactFrameAfter());
  if (intact) return Corrupt(seen, *intact);
  torn_at_.emplace(position_, stamp);
  return std::optional(SegmentStep::kTorn);
}

Status SegmentReader::Corrupt(Peeked seen, uint64_t intact_at) const {
  const std::string where = std::to_string(position_);
  const std::string why =
      seen == Peeked::kIncomplete ? "it runs past the end of the file" : "a bad size or checksum";
  return Status::DataError(
      "local log segment " + file_.path() + " is corrupt: the frame at byte " + where +
      " (offset " + std::to_string(next_offset_) + ") is damaged (" + why +
      ") but an intact frame follows at byte " + std::to_string(intact_at) +
      ", so this is not a torn write. Copy the partition folder aside, then restore it from a "
      "backup, or cut the file at the damage (truncate -s " +
      where + " '" + file_.path() + "') to drop offset " + std::to_string(next_offset_) +
      " and everything after it");
}

Result<std::optional<uint64_t>> SegmentReader::FindIntactFrameAfter() const {
  RP_ASSIGN_OR_RETURN(const uint64_t file_size, file_.Size());
  const uint64_t first = position_ + 1;
  if (file_size < first + kMinFrameBytes) return std::optional<uint64_t>();
  // Each frame takes at least kMinFrameBytes, which bounds the offsets that can follow.
  const auto max_offset = next_offset_ + static_cast<int64_t>((file_size - first) / kMinFrameBytes);
  std::vector<char> window(kSearchWindowBytes);
  std::vector<char> candidate;
  for (uint64_t start = first; start + kMinFrameBytes <= file_size;
       start += kSearchWindowBytes - kPlausibleBytes) {
    RP_ASSIGN_OR_RETURN(const size_t read, file_.ReadAt(start, window));
    for (size_t i = 0; i + kPlausibleBytes <= read && i < kSearchWindowBytes - kPlausibleBytes;
         ++i) {
      const std::span<const char> at = std::span(window).subspan(i, read - i);
      if (!PlausibleFrameStart(at, next_offset_, max_offset)) continue;
      candidate.resize(FrameSizeAt(at));
      RP_ASSIGN_OR_RETURN(const size_t got, file_.ReadAt(start + i, candidate));
      if (CheckFrame(std::span(candidate).first(got)) == FrameCheck::kValid) {
        return std::optional<uint64_t>(start + i);
      }
    }
    if (read < kSearchWindowBytes) break;
  }
  return std::optional<uint64_t>();
}

}  // namespace retailpipe::stream::local_log
