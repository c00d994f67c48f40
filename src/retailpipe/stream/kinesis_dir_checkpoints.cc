// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/kinesis_dir_checkpoints.h"

#include <algorithm>
#include <charconv>
#include <utility>

#include "retailpipe/stream/local_log_layout.h"

namespace retailpipe::stream::kinesis {
namespace {

constexpr std::string_view kVersion = "v1";
constexpr std::string_view kNoSequence = "-";
constexpr std::string_view kShardMapName = "shards";
constexpr FsyncPolicy kSync = FsyncPolicy::kOnFlush;

bool IsDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Status Damaged(std::string_view path, std::string_view why) {
  return Status::DataError("Kinesis checkpoint " + std::string(path) + " is damaged (" +
                           std::string(why) + "); fix or remove it to re-read the shard");
}

}  // namespace

Result<std::unique_ptr<DirCheckpoints>> DirCheckpoints::Open(const std::string& dir,
                                                             const std::string& group) {
  if (dir.empty()) {
    return Status::InvalidArgument(
        "a Kinesis consumer needs a checkpoint folder: add checkpoint_dir=<folder> to the "
        "kinesis:// URI");
  }
  RP_RETURN_IF_ERROR(local_log::CheckName("group", group));
  const std::string group_dir = dir + "/" + group;
  RP_RETURN_IF_ERROR(local_log::CreateDirs(group_dir, kSync));
  const std::string lock_path = group_dir + "/member.lock";
  RP_ASSIGN_OR_RETURN(local_log::LogFile lock,
                      local_log::LogFile::Open(lock_path, local_log::OpenMode::kCreate));
  RP_ASSIGN_OR_RETURN(const bool locked, lock.TryLock());
  if (!locked) {
    return Status::FailedPrecondition(
        "Kinesis consumer group '" + group + "' already has a live member (" + lock_path +
        " is locked); with checkpoint=dir a group has one member, which reads every shard: "
        "stop the other consumer or use another group");
  }
  return std::make_unique<DirCheckpoints>(group_dir, std::move(lock));
}

std::string DirCheckpoints::StreamDir(std::string_view stream) const {
  return group_dir_ + "/" + std::string(stream);
}

Result<std::vector<std::string>> DirCheckpoints::LoadShardMap(std::string_view stream) const {
  const std::string path = StreamDir(stream) + "/" + std::string(kShardMapName);
  Result<std::string> text = local_log::ReadWholeFile(path);
  if (!text.ok() && text.status().IsNotFound()) return std::vector<std::string>();
  RP_RETURN_IF_ERROR(text.status());
  std::vector<std::string> shards;
  std::string_view rest = *text;
  while (!rest.empty()) {
    const size_t newline = rest.find('\n');
    if (newline == std::string_view::npos) return Damaged(path, "the last line is cut off");
    const std::string_view line = rest.substr(0, newline);
    if (line.empty()) return Damaged(path, "an empty line");
    shards.emplace_back(line);
    rest.remove_prefix(newline + 1);
  }
  return shards;
}

Status DirCheckpoints::SaveShardMap(std::string_view stream, std::span<const std::string> shards) {
  RP_RETURN_IF_ERROR(local_log::CreateDirs(StreamDir(stream), kSync));
  std::string text;
  for (const std::string& shard : shards) text += shard + "\n";
  return local_log::WriteFileAtomic(StreamDir(stream) + "/" + std::string(kShardMapName), text,
                                    kSync);
}

Result<std::optional<ShardCheckpoint>> DirCheckpoints::Load(std::string_view stream,
                                                            std::string_view shard_id) const {
  const std::string path = StreamDir(stream) + "/" + std::string(shard_id);
  Result<std::string> text = local_log::ReadWholeFile(path);
  if (!text.ok() && text.status().IsNotFound()) return std::optional<ShardCheckpoint>();
  RP_RETURN_IF_ERROR(text.status());
  RP_ASSIGN_OR_RETURN(ShardCheckpoint checkpoint, ParseCheckpoint(*text, path));
  return std::optional<ShardCheckpoint>(std::move(checkpoint));
}

Status DirCheckpoints::Save(std::string_view stream, std::string_view shard_id,
                            const ShardCheckpoint& checkpoint) {
  RP_RETURN_IF_ERROR(local_log::CreateDirs(StreamDir(stream), kSync));
  return local_log::WriteFileAtomic(StreamDir(stream) + "/" + std::string(shard_id),
                                    FormatCheckpoint(checkpoint), kSync);
}

std::string FormatCheckpoint(const ShardCheckpoint& checkpoint) {
  return std::string(kVersion) + " " + std::to_string(checkpoint.next_offset) + " " +
         (checkpoint.sequence_number.empty() ? std::string(kNoSequence)
                                             : checkpoint.sequence_number) +
         "\n";
}

Result<ShardCheckpoint> ParseCheckpoint(std::string_view text, std::string_view path) {
  if (!text.ends_with('\n')) return Damaged(path, "no final newline");
  text.remove_suffix(1);
  const size_t first = text.find(' ');
  const size_t second = first == std::string_view::npos ? first : text.find(' ', first + 1);
  if (second == std::string_view::npos || text.substr(0, first) != kVersion) {
    return Damaged(path, "want \"v1 <next offset> <sequence number>\"");
  }
  const std::string_view offset = text.substr(first + 1, second - first - 1);
  const std::string_view sequence = text.substr(second + 1);
  ShardCheckpoint checkpoint;
  const auto [ptr, ec] =
      std::from_chars(offset.data(), offset.data() + offset.size(), checkpoint.next_offset);
  if (!IsDigits(offset) || ec != std::errc() || ptr != offset.data() + offset.size()) {
    return Damaged(path, "a bad offset");
  }
  if (sequence != kNoSequence) {
    if (!IsDigits(sequence)) return Damaged(path, "a bad sequence number");
    checkpoint.sequence_number = std::string(sequence);
  }
  if ((checkpoint.next_offset == 0) != checkpoint.sequence_number.empty()) {
    return Damaged(path, "an offset and a sequence number that do not go together");
  }
  return checkpoint;
}

}  // namespace retailpipe::stream::kinesis
