// SPDX-License-Identifier: Apache-2.0
// Consumer-group membership, partition ownership and committed offsets of a local log. Used
// only in this folder.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/stream/local_log_file.h"
#include "retailpipe/stream/local_log_layout.h"
#include "retailpipe/stream/local_log_options.h"

namespace retailpipe::stream::local_log {

/// One consumer's membership of a consumer group of a local log, all kept with advisory file
/// locks (flock), which the kernel releases when a process dies:
///
///   - membership: a file in the group's members/ folder, locked for the member's lifetime;
///     a member file whose lock can be taken belongs to a dead member and is removed;
///   - ownership: a partition is read by the member holding its .owner lock;
///   - progress: the committed next offset of each partition, in its .offset file, replaced
///     atomically (write, sync, rename, sync the folder).
///
/// Locks belong to open file descriptions, so two members in one process exclude each other
/// as two processes do. Owned by a LocalLogConsumer; leaves the group on destruction. Not
/// thread-safe.
class GroupMember {
 public:
  /// Join `group`. Errors: kInvalidArgument for a bad group name; kIoError.
  static Result<std::unique_ptr<GroupMember>> Join(LogLayout layout, std::string group,
                                                   FsyncPolicy fsync);

  GroupMember(LogLayout layout, std::string group, FsyncPolicy fsync, LogFile member,
              std::string member_path);
  GroupMember(const GroupMember&) = delete;
  GroupMember& operator=(const GroupMember&) = delete;
  /// Leave the group: remove the member file and release its lock.
  ~GroupMember();

  const std::string& group() const { return group_; }

  /// Return how many members the group has now, this one included, removing the files of
  /// members that died. Errors: kIoError.
  Result<int> CountLiveMembers() const;

  /// Try to take ownership of a partition: return its lock, held, or a closed LogFile if
  /// another member owns it. Closing the returned file gives ownership up. Errors: kIoError.
  Result<LogFile> TryOwn(std::string_view topic, int32_t partition) const;

  /// Return the group's committed next offset for a partition, 0 if none was committed.
  /// Errors: kDataError for a damaged offset file; kIoError.
  Result<int64_t> Committed(std::string_view topic, int32_t partition) const;

  /// Store `next_offset` as the group's position in a partition, durably under
  /// FsyncPolicy::kOnFlush. Errors: kIoError.
  Status Commit(std::string_view topic, int32_t partition, int64_t next_offset) const;

 private:
  LogLayout layout_;
  std::string group_;
  FsyncPolicy fsync_;
  LogFile member_;
  std::string member_path_;
};

}  // namespace retailpipe::stream::local_log
