// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/local_log_layout.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "retailpipe/stream/local_log_file.h"

namespace retailpipe::stream::local_log {
namespace {

constexpr size_t kMaxNameBytes = 249;  // Kafka's limit for topic names
constexpr size_t kSegmentDigits = 20;  // enough for any non-negative int64
constexpr std::string_view kSegmentSuffix = ".log";
constexpr std::string_view kMetaHeader = "retailpipe local log topic v1\n";
constexpr std::string_view kMetaPartitions = "partitions=";

bool NameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

/// Return the base offset of a segment file name, or -1 if `name` is not one.
int64_t SegmentBase(std::string_view name) {
  if (name.size() != kSegmentDigits + kSegmentSuffix.size() || !name.ends_with(kSegmentSuffix)) {
    return -1;
  }
  int64_t base = -1;
  const char* end = name.data() + kSegmentDigits;
  const auto [ptr, ec] = std::from_chars(name.data(), end, base);
  return ec == std::errc() && ptr == end ? base : -1;
}

Result<int32_t> ParseMeta(const std::string& path, std::string_view content) {
  const Status bad = Status::DataError(
      "local log topic metadata " + path + " is damaged (want '" +
      std::string(kMetaHeader.substr(0, kMetaHeader.size() - 1)) +
      "' then 'partitions=N'); restore it, or rewrite it with the topic's partition count");
  if (!content.starts_with(kMetaHeader)) return bad;
  content.remove_prefix(kMetaHeader.size());
  if (!content.starts_with(kMetaPartitions) || !content.ends_with('\n')) return bad;
  content.remove_prefix(kMetaPartitions.size());
  content.remove_suffix(1);
  int32_t partitions = 0;
  const auto [ptr, ec] =
      std::from_chars(content.data(), content.data() + content.size(), partitions);
  if (ec != std::errc() || ptr != content.data() + content.size() || partitions < 1 ||
      partitions > LocalLogOptions::kMaxPartitions) {
    return bad;
  }
  return partitions;
}

}  // namespace

std::string LogLayout::TopicDir(std::string_view topic) const {
  return root_ + "/topics/" + std::string(topic);
}

std::string LogLayout::TopicMetaPath(std::string_view topic) const {
  return TopicDir(topic) + "/topic.meta";
}

std::string LogLayout::PartitionDir(std::string_view topic, int32_t partition) const {
  return TopicDir(topic) + "/" + std::to_string(partition);
}

std::string LogLayout::AppendLockPath(std::string_view topic, int32_t partition) const {
  return PartitionDir(topic, partition) + "/append.lock";
}

std::string LogLayout::SegmentPath(std::string_view topic, int32_t partition,
                                   int64_t base_offset) const {
  char name[kSegmentDigits + 1];
  std::snprintf(name, sizeof(name), "%020lld", static_cast<long long>(base_offset));
  return PartitionDir(topic, partition) + "/" + name + std::string(kSegmentSuffix);
}

std::string LogLayout::GroupDir(std::string_view group) const {
  return root_ + "/groups/" + std::string(group);
}

std::string LogLayout::MembersDir(std::string_view group) const {
  return GroupDir(group) + "/members";
}

std::string LogLayout::OwnerLockPath(std::string_view group, std::string_view topic,
                                     int32_t partition) const {
  return GroupDir(group) + "/topics/" + std::string(topic) + "/" + std::to_string(partition) +
         ".owner";
}

std::string LogLayout::OffsetPath(std::string_view group, std::string_view topic,
                                  int32_t partition) const {
  return GroupDir(group) + "/topics/" + std::string(topic) + "/" + std::to_string(partition) +
         ".offset";
}

Result<std::vector<int64_t>> LogLayout::ListSegments(std::string_view topic,
                                                     int32_t partition) const {
  RP_ASSIGN_OR_RETURN(const std::vector<std::string> names,
                      ListDir(PartitionDir(topic, partition)));
  std::vector<int64_t> bases;
  for (const std::string& name : names) {
    if (const int64_t base = SegmentBase(name); base >= 0) bases.push_back(base);
  }
  std::sort(bases.begin(), bases.end());
  return bases;
}

Result<int32_t> LogLayout::PartitionCount(std::string_view topic) const {
  const std::string path = TopicMetaPath(topic);
  Result<std::string> content = ReadWholeFile(path);
  if (!content.ok() && content.status().IsNotFound()) {
    return Status::NotFound("topic '" + std::string(topic) + "' does not exist in local log " +
                            root_ + " (a producer creates it on its first record)");
  }
  if (!content.ok()) return content.status();
  return ParseMeta(path, *content);
}

Result<int32_t> LogLayout::EnsureTopic(std::string_view topic, int32_t partitions) const {
  RP_RETURN_IF_ERROR(CheckName("topic", topic));
  if (partitions < 1 || partitions > LocalLogOptions::kMaxPartitions) {
    return Status::InvalidArgument("topic '" + std::string(topic) + "' needs 1.." +
                                   std::to_string(LocalLogOptions::kMaxPartitions) +
                                   " partitions, got " + std::to_string(partitions));
  }
  Result<int32_t> existing = PartitionCount(topic);
  if (existing.ok() || !existing.status().IsNotFound()) return existing;
  // Topic metadata is always synced: it is written once, and losing it loses the topic.
  RP_RETURN_IF_ERROR(CreateDirs(TopicDir(topic), FsyncPolicy::kOnFlush));
  const std::string content =
      std::string(kMetaHeader) + std::string(kMetaPartitions) + std::to_string(partitions) + "\n";
  RP_ASSIGN_OR_RETURN(const bool created, CreateFileIfAbsent(TopicMetaPath(topic), content));
  if (created) return partitions;
  return PartitionCount(topic);  // another process created it first; its count holds
}

Status CheckName(std::string_view what, std::string_view name) {
  if (name.empty() || name.size() > kMaxNameBytes || name == "." || name == ".." ||
      !std::all_of(name.begin(), name.end(), NameChar)) {
    return Status::InvalidArgument(
        "bad local log " + std::string(what) + " name '" + std::string(name) + "': use 1.." +
        std::to_string(kMaxNameBytes) + " characters of A-Z a-z 0-9 . _ - (not '.' or '..')");
  }
  return Status::OK();
}

uint32_t Murmur2(std::string_view data) {
  constexpr uint32_t kSeed = 0x9747b28c;
  constexpr uint32_t kM = 0x5bd1e995;
  constexpr int kR = 24;
  const auto byte = [&](size_t i) { return uint32_t{static_cast<unsigned char>(data[i])}; };
  const size_t length = data.size();
  uint32_t h = kSeed ^ static_cast<uint32_t>(length);
  for (size_t i = 0; i + 4 <= length; i += 4) {
    uint32_t k = byte(i) | (byte(i + 1) << 8) | (byte(i + 2) << 16) | (byte(i + 3) << 24);
    k *= kM;
    k ^= k >> kR;
    k *= kM;
    h *= kM;
    h ^= k;
  }
  const size_t tail = length & ~size_t{3};
  switch (length % 4) {
    case 3:
      h ^= byte(tail + 2) << 16;
      [[fallthrough]];
    case 2:
      h ^= byte(tail + 1) << 8;
      [[fallthrough]];
    case 1:
      h ^= byte(tail);
      h *= kM;
      break;
    default:
      break;
  }
  h ^= h >> 13;
  h *= kM;
  h ^= h >> 15;
  return h;
}

int32_t KeyPartition(std::string_view key, int32_t partitions) {
  constexpr uint32_t kPositive = 0x7fffffff;
  return static_cast<int32_t>((Murmur2(key) & kPositive) % static_cast<uint32_t>(partitions));
}

}  // namespace retailpipe::stream::local_log
