// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/local_log_frame.h"

#include <cstring>
#include <optional>

#include <xxhash.h>

#include "retailpipe/base/check.h"

namespace retailpipe::stream::local_log {
namespace {

constexpr size_t kSizeFieldBytes = 4;
constexpr size_t kBodyPosition = kFrameHeaderBytes;
constexpr size_t kTimestampFieldPosition = kOffsetFieldPosition + 8;
constexpr size_t kKeyPosition = kTimestampFieldPosition + 8;

void PutU32(std::string& out, uint32_t v) {
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

void PutU64(std::string& out, uint64_t v) {
  for (int shift = 0; shift < 64; shift += 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

void StoreU64(char* at, uint64_t v) {
  for (int i = 0; i < 8; ++i) at[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

uint64_t LoadLittleEndian(const char* at, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= uint64_t{static_cast<unsigned char>(at[i])} << (8 * i);
  return v;
}

uint32_t LoadU32(const char* at) { return static_cast<uint32_t>(LoadLittleEndian(at, 4)); }
uint64_t LoadU64(const char* at) { return LoadLittleEndian(at, 8); }

void PutBytes(std::string& out, std::string_view bytes) {
  PutU32(out, static_cast<uint32_t>(bytes.size()));
  out.append(bytes);
}

uint64_t Checksum(std::span<const char> frame) {
  const size_t size = FrameSizeAt(frame) - kFrameHeaderBytes;
  return XXH3_64bits_withSeed(frame.data() + kBodyPosition, size, LoadU32(frame.data()));
}

/// Reads length-prefixed fields of a frame body, checking every length against the end.
class BodyCursor {
 public:
  BodyCursor(std::span<const char> frame, size_t position) : frame_(frame), position_(position) {}

  std::optional<uint32_t> U32() {
    if (frame_.size() - position_ < 4) return std::nullopt;
    const uint32_t v = LoadU32(frame_.data() + position_);
    position_ += 4;
    return v;
  }
  std::optional<std::string_view> Bytes() {
    const std::optional<uint32_t> size = U32();
    if (!size || frame_.size() - position_ < *size) return std::nullopt;
    const std::string_view bytes(frame_.data() + position_, *size);
    position_ += *size;
    return bytes;
  }
  bool at_end() const { return position_ == frame_.size(); }

 private:
  std::span<const char> frame_;
  size_t position_;
};

/// Return whether the body of a frame with a good checksum is well formed.
bool WellFormed(std::span<const char> frame) {
  BodyCursor cursor(frame, kKeyPosition);
  if (!cursor.Bytes() || !cursor.Bytes()) return false;
  const std::optional<uint32_t> count = cursor.U32();
  if (!count) return false;
  for (uint32_t i = 0; i < *count; ++i) {
    if (!cursor.Bytes() || !cursor.Bytes()) return false;
  }
  return cursor.at_end();
}

}  // namespace

size_t FrameSize(std::string_view key, std::string_view value,
                 std::span<const RecordHeader> headers) {
  size_t size = kMinFrameBytes + key.size() + value.size();
  for (const RecordHeader& h : headers) size += 8 + h.key.size() + h.value.size();
  return size;
}

void AppendFrame(std::string& out, int64_t timestamp_ms, std::string_view key,
                 std::string_view value, std::span<const RecordHeader> headers) {
  const size_t size = FrameSize(key, value, headers);
  RP_CHECK(size <= kMaxFrameBytes);
  PutU32(out, static_cast<uint32_t>(size - kSizeFieldBytes));
  PutU64(out, 0);  // checksum, set by SealFrame()
  out.push_back(static_cast<char>(kFrameVersion));
  PutU64(out, 0);  // offset, set by SealFrame()
  PutU64(out, static_cast<uint64_t>(timestamp_ms));
  PutBytes(out, key);
  PutBytes(out, value);
  PutU32(out, static_cast<uint32_t>(headers.size()));
  for (const RecordHeader& h : headers) {
    PutBytes(out, h.key);
    PutBytes(out, h.value);
  }
}

size_t FrameSizeAt(std::span<const char> frame) {
  return kSizeFieldBytes + size_t{LoadU32(frame.data())};
}

void SealFrame(std::span<char> frame, int64_t offset) {
  StoreU64(frame.data() + kOffsetFieldPosition, static_cast<uint64_t>(offset));
  StoreU64(frame.data() + kSizeFieldBytes, Checksum(frame));
}

FrameCheck CheckFrame(std::span<const char> bytes) {
  if (bytes.size() < kSizeFieldBytes) return FrameCheck::kIncomplete;
  const size_t size = FrameSizeAt(bytes);
  if (size < kMinFrameBytes || size > kMaxFrameBytes) return FrameCheck::kInvalid;
  if (bytes.size() < size) return FrameCheck::kIncomplete;
  const std::span<const char> frame = bytes.first(size);
  if (LoadU64(frame.data() + kSizeFieldBytes) != Checksum(frame)) return FrameCheck::kInvalid;
  if (static_cast<uint8_t>(frame[kBodyPosition]) != kFrameVersion || !WellFormed(frame)) {
    return FrameCheck::kInvalid;
  }
  return FrameCheck::kValid;
}

int64_t FrameOffset(std::span<const char> frame) {
  return static_cast<int64_t>(LoadU64(frame.data() + kOffsetFieldPosition));
}

bool PlausibleFrameStart(std::span<const char> bytes, int64_t min_offset, int64_t max_offset) {
  const size_t size = FrameSizeAt(bytes);
  if (size < kMinFrameBytes || size > kMaxFrameBytes) return false;
  if (static_cast<uint8_t>(bytes[kBodyPosition]) != kFrameVersion) return false;
  const int64_t offset = FrameOffset(bytes);
  return offset >= min_offset && offset <= max_offset;
}

StreamRecord DecodeFrame(std::span<const char> frame, std::string_view topic, int32_t partition) {
  StreamRecord record;
  record.topic = std::string(topic);
  record.partition = partition;
  record.offset = FrameOffset(frame);
  record.timestamp_ms = static_cast<int64_t>(LoadU64(frame.data() + kTimestampFieldPosition));
  BodyCursor cursor(frame.first(FrameSizeAt(frame)), kKeyPosition);
  // CheckFrame() found the body well formed, so every field is there.
  record.key = std::string(cursor.Bytes().value_or(""));
  record.value = std::string(cursor.Bytes().value_or(""));
  const uint32_t count = cursor.U32().value_or(0);
  record.headers.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    std::string name(cursor.Bytes().value_or(""));
    std::string value(cursor.Bytes().value_or(""));
    record.headers.push_back({std::move(name), std::move(value)});
  }
  return record;
}

}  // namespace retailpipe::stream::local_log
