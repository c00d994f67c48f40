// SPDX-License-Identifier: Apache-2.0
// The record frame of local log segment files. Used only in this folder.
//
// A segment file is a sequence of frames and nothing else. A frame, all integers little-endian:
//
//   u32 size        bytes that follow this field (checksum + body)
//   u64 checksum    XXH3-64 of the body, seeded with `size`, so a damaged size is caught too
//   body:
//     u8  version   1
//     i64 offset    the record's offset in its partition (dense: the previous frame's + 1)
//     i64 timestamp_ms   Unix epoch milliseconds when produced
//     u32 key size, key bytes
//     u32 value size, value bytes
//     u32 header count, then per header: u32 name size, name, u32 value size, value
//
// The format is part of the on-disk contract: a change needs a new version number.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "retailpipe/stream/stream_record.h"

namespace retailpipe::stream::local_log {

inline constexpr uint8_t kFrameVersion = 1;
/// The size field and the checksum.
inline constexpr size_t kFrameHeaderBytes = 4 + 8;
/// A frame with an empty key, value and no headers.
inline constexpr size_t kMinFrameBytes = kFrameHeaderBytes + 1 + 8 + 8 + 4 + 4 + 4;
/// The largest frame (record plus framing) a log writes or reads.
inline constexpr size_t kMaxFrameBytes = size_t{16} * 1024 * 1024;
/// Where the offset field sits in a frame.
inline constexpr size_t kOffsetFieldPosition = kFrameHeaderBytes + 1;

/// Return the size of the frame for a record.
size_t FrameSize(std::string_view key, std::string_view value,
                 std::span<const RecordHeader> headers);

/// Append the frame of a record to `out`, with offset 0 and no checksum yet: SealFrame() sets
/// both once the offset is known. REQUIRES: FrameSize(...) <= kMaxFrameBytes.
void AppendFrame(std::string& out, int64_t timestamp_ms, std::string_view key,
                 std::string_view value, std::span<const RecordHeader> headers);

/// Return the size of the frame that starts at `frame` (read from its size field).
/// REQUIRES: frame.size() >= 4.
size_t FrameSizeAt(std::span<const char> frame);

/// Set the offset of the frame `frame` (exactly one frame) and its checksum.
void SealFrame(std::span<char> frame, int64_t offset);

/// What CheckFrame() found at the start of some bytes.
enum class FrameCheck {
  kValid,       ///< a whole frame with a good checksum
  kIncomplete,  ///< the bytes end before the frame does (its size field is plausible)
  kInvalid,     ///< an implausible size, a checksum mismatch or an unknown version
};

/// Check the frame at the start of `bytes`; on kValid its size is FrameSizeAt(bytes).
FrameCheck CheckFrame(std::span<const char> bytes);

/// Return the offset field of a valid frame.
int64_t FrameOffset(std::span<const char> frame);

/// Return whether a frame could start at the start of `bytes` with an offset in
/// [min_offset, max_offset]: a cheap filter (size, version, offset) before CheckFrame(), used
/// to look for intact frames after a damaged one. REQUIRES: bytes.size() >= kOffsetFieldPosition
/// + 8.
bool PlausibleFrameStart(std::span<const char> bytes, int64_t min_offset, int64_t max_offset);

/// Return the record in a valid frame, in `topic` and `partition`.
StreamRecord DecodeFrame(std::span<const char> frame, std::string_view topic, int32_t partition);

}  // namespace retailpipe::stream::local_log
