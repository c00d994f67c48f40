// SPDX-License-Identifier: Apache-2.0
// Sequential reading of one local log segment file. Used only in this folder.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/stream/local_log_file.h"

namespace retailpipe::stream::local_log {

/// What SegmentReader::Next() found at its position.
enum class SegmentStep {
  kFrame,  ///< an intact frame with the expected offset: see frame()
  kEnd,    ///< no byte after the position (yet)
  /// Bytes after the position that hold no intact frame yet: a write in progress, or one cut
  /// short by a writer that died (with no intact frame after it). Writers cut the latter off.
  kTorn,
};

/// Reads the frames of one segment file in order, checking each frame's checksum and that
/// offsets are dense, and tells a torn tail from corruption: a damaged frame with an intact
/// frame somewhere after it is corruption (an error), a damaged tail with nothing intact after
/// it is a torn write. That verdict is reached while no writer appends: either the caller
/// holds the partition's append lock, or the reader takes it shared (see the constructor).
/// Owns its file. Buffers reads; bytes past the last intact frame are read again on every
/// call, since a writer may complete them, or cut them off and write others. Not thread-safe.
class SegmentReader {
 public:
  /// Read `file` from byte `position`, where the frame with offset `next_offset` starts.
  /// `append_lock_path` is the partition's append lock, taken shared to judge damaged bytes;
  /// empty if the caller holds it already.
  SegmentReader(LogFile file, int64_t base_offset, uint64_t position, int64_t next_offset,
                std::string append_lock_path);

  /// Read the next frame; on kFrame, frame() holds it (until the next call) and position()
  /// and next_offset() have moved past it.
  /// Errors: kDataError for corruption (a damaged frame followed by an intact one, or an
  /// intact frame with an unexpected offset), naming the file, the byte position and what to
  /// do; kIoError.
  Result<SegmentStep> Next();

  std::span<const char> frame() const { return frame_; }
  /// The byte position just past the last intact frame read.
  uint64_t position() const { return position_; }
  /// The offset the next frame must have.
  int64_t next_offset() const { return next_offset_; }
  int64_t base_offset() const { return base_offset_; }
  const LogFile& file() const { return file_; }

 private:
  /// What Peek() found at position().
  enum class Peeked { kEnd, kValid, kIncomplete, kInvalid };

  /// Make at least `need` bytes from position() available; return false if the file ends
  /// before.
  Result<bool> Fill(size_t need);
  /// Look at the frame at position(), reading as much as it needs.
  Result<Peeked> Peek();
  /// Judge the damaged bytes at position() afresh: the step to return, or nothing if the frame
  /// is intact after all (a writer completed it meanwhile).
  Result<std::optional<SegmentStep>> Judge(Peeked seen);
  /// Return the byte position of an intact frame after position(), if there is one.
  Result<std::optional<uint64_t>> FindIntactFrameAfter() const;
  Status Corrupt(Peeked seen, uint64_t intact_at) const;

  LogFile file_;
  int64_t base_offset_;
  uint64_t position_;
  int64_t next_offset_;
  std::string append_lock_path_;
  // buffer_[begin_, end_) holds the file's bytes from position_ on.
  std::vector<char> buffer_;
  size_t begin_ = 0;
  size_t end_ = 0;
  std::span<const char> frame_;
  // Where a search last found only a torn tail, and the file as it was then.
  std::optional<std::pair<uint64_t, LogFile::Stamp>> torn_at_;
};

}  // namespace retailpipe::stream::local_log
