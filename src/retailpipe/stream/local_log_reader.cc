// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/local_log_reader.h"

#include <algorithm>
#include <utility>

#include "retailpipe/stream/local_log_frame.h"

namespace retailpipe::stream::local_log {

PartitionReader::PartitionReader(LogLayout layout, std::string topic, int32_t partition,
                                 int64_t start_offset)
    : layout_(std::move(layout)),
      topic_(std::move(topic)),
      partition_(partition),
      position_(start_offset) {}

std::string PartitionReader::Where() const {
  return "topic '" + topic_ + "' partition " + std::to_string(partition_) + " of local log " +
         layout_.root();
}

Result<std::vector<StreamRecord>> PartitionReader::Read(size_t max_records) {
  std::vector<StreamRecord> out;
  const Status status = ReadInto(max_records, out);
  // position_ stays before the trouble, so the next call meets the error again: return the
  // records read before it first.
  if (!status.ok() && out.empty()) return status;
  return out;
}

Status PartitionReader::ReadInto(size_t max_records, std::vector<StreamRecord>& out) {
  if (!segment_) RP_RETURN_IF_ERROR(Seek());
  while (segment_ && out.size() < max_records) {
    RP_ASSIGN_OR_RETURN(const SegmentStep step, segment_->Next());
    if (step == SegmentStep::kFrame) {
      // Frames before the start offset are skipped once, when reading starts mid-segment.
      if (FrameOffset(segment_->frame()) >= position_) {
        out.push_back(DecodeFrame(segment_->frame(), topic_, partition_));
        position_ = out.back().offset + 1;
      }
      continue;
    }
    if (sealed_) {
      if (step == SegmentStep::kTorn) {
        return Status::DataError(
            "local log segment " + segment_->file().path() + " ends with a damaged frame at byte " +
            std::to_string(segment_->position()) + " although " + Where() +
            " continues in a later segment; restore the partition or cut the segment there");
      }
      RP_ASSIGN_OR_RETURN(LogFile file, LogFile::Open(layout_.SegmentPath(topic_, partition_,
                                                                          segment_->next_offset()),
                                                      OpenMode::kRead));
      const int64_t base = segment_->next_offset();
      segment_.emplace(std::move(file), base, 0, base, layout_.AppendLockPath(topic_, partition_));
      sealed_ = false;
      continue;
    }
    RP_ASSIGN_OR_RETURN(sealed_, Rolled());
    if (sealed_) continue;  // read the segment once more: it is complete now
    if (segment_->next_offset() < position_) return PastEnd(segment_->next_offset());
    break;
  }
  return Status::OK();
}

Result<bool> PartitionReader::Rolled() const {
  const int64_t next = segment_->next_offset();
  // A producer starts the next segment, named by its first offset, only after the last write
  // to this one; an empty segment has no successor.
  if (next == segment_->base_offset()) return false;
  return Exists(layout_.SegmentPath(topic_, partition_, next));
}

Status PartitionReader::PastEnd(int64_t end) const {
  return Status::DataError("the committed position " + std::to_string(position_) + " of " +
                           Where() + " is past its end (" + std::to_string(end) +
                           "): records were lost (a power loss under fsync=never, or files "
                           "removed); delete the group's .offset file for this partition to "
                           "read it again from the start");
}

Status PartitionReader::Seek() {
  RP_ASSIGN_OR_RETURN(const std::vector<int64_t> bases, layout_.ListSegments(topic_, partition_));
  if (bases.empty()) return position_ > 0 ? PastEnd(0) : Status::OK();
  if (bases.front() != 0) {
    return Status::DataError("the first segment of " + Where() + " starts at offset " +
                             std::to_string(bases.front()) +
                             " instead of 0: segment files are missing; restore them");
  }
  // The last segment that starts at or before position_.
  const auto after = std::upper_bound(bases.begin(), bases.end(), position_);
  const int64_t base = *std::prev(after);
  RP_ASSIGN_OR_RETURN(
      LogFile file, LogFile::Open(layout_.SegmentPath(topic_, partition_, base), OpenMode::kRead));
  segment_.emplace(std::move(file), base, 0, base, layout_.AppendLockPath(topic_, partition_));
  sealed_ = false;
  return Status::OK();
}

}  // namespace retailpipe::stream::local_log
