// SPDX-License-Identifier: Apache-2.0
// Kinesis checkpoints in a local folder. Used only in this folder.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/stream/kinesis_checkpoint_store.h"
#include "retailpipe/stream/local_log_file.h"

namespace retailpipe::stream::kinesis {

/// A CheckpointStore in a local folder, for a group with a single member:
///
///   <dir>/<group>/member.lock          held (flock) by the member for its lifetime
///   <dir>/<group>/<stream>/shards      shard ids, one per line; line i is partition i
///   <dir>/<group>/<stream>/<shard id>  "v1 <next_offset> <sequence number or ->\n"
///
/// Each file is replaced atomically and synced (write beside, fsync, rename, fsync the
/// folder), so a crash leaves the old or the new checkpoint. The lock is released by the
/// kernel when the process dies, so a crashed member never blocks its successor; a second
/// live member of the group is refused, since this store cannot share shards.
class DirCheckpoints final : public CheckpointStore {
 public:
  /// Join `group` under `dir`, creating the folders. Errors: kInvalidArgument for an empty
  /// dir or a group name not made of 1..249 of [A-Za-z0-9._-]; kFailedPrecondition if another
  /// live consumer holds the group; kIoError.
  static Result<std::unique_ptr<DirCheckpoints>> Open(const std::string& dir,
                                                      const std::string& group);

  DirCheckpoints(std::string group_dir, local_log::LogFile lock)
      : group_dir_(std::move(group_dir)), lock_(std::move(lock)) {}

  std::string where() const override { return group_dir_; }
  Result<std::vector<std::string>> LoadShardMap(std::string_view stream) const override;
  Status SaveShardMap(std::string_view stream, std::span<const std::string> shards) override;
  Result<std::optional<ShardCheckpoint>> Load(std::string_view stream,
                                              std::string_view shard_id) const override;
  Status Save(std::string_view stream, std::string_view shard_id,
              const ShardCheckpoint& checkpoint) override;

 private:
  std::string StreamDir(std::string_view stream) const;

  std::string group_dir_;
  local_log::LogFile lock_;  // flock held for the member's lifetime
};

/// Return the text of a checkpoint file, and parse it back.
/// Errors of ParseCheckpoint: kDataError naming `path`.
std::string FormatCheckpoint(const ShardCheckpoint& checkpoint);
Result<ShardCheckpoint> ParseCheckpoint(std::string_view text, std::string_view path);

}  // namespace retailpipe::stream::kinesis
