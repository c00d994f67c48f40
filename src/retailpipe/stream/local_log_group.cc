// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/local_log_group.h"

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <utility>

#include "retailpipe/base/log.h"

namespace retailpipe::stream::local_log {
namespace {

// Member files that are still being set up start with this; counting skips them.
constexpr char kHiddenPrefix = '.';

}  // namespace

Result<std::unique_ptr<GroupMember>> GroupMember::Join(LogLayout layout, std::string group,
                                                       FsyncPolicy fsync) {
  RP_RETURN_IF_ERROR(CheckName("group", group));
  const std::string dir = layout.MembersDir(group);
  RP_RETURN_IF_ERROR(CreateDirs(dir, fsync));
  // Locked under a hidden name, then renamed into place: no one can find the file unlocked
  // and take it for a dead member's.
  const std::string temp = dir + "/" + UniqueTempName("member");
  RP_ASSIGN_OR_RETURN(LogFile member, LogFile::Open(temp, OpenMode::kCreateExclusive));
  RP_ASSIGN_OR_RETURN(const bool locked, member.TryLock());
  if (!locked) return Status::Internal("a new member file " + temp + " was locked already");
  // ".member.<pid>.<random>.tmp" -> "<pid>.<random>"
  std::string id = temp.substr(dir.size() + std::string_view("/.member.").size());
  id.resize(id.size() - std::string_view(".tmp").size());
  const std::string path = dir + "/" + id;
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    std::remove(temp.c_str());
    return ErrnoStatus("cannot rename " + temp + " to " + path, err);
  }
  return std::make_unique<GroupMember>(std::move(layout), std::move(group), fsync,
                                       std::move(member), path);
}

GroupMember::GroupMember(LogLayout layout, std::string group, FsyncPolicy fsync, LogFile member,
                         std::string member_path)
    : layout_(std::move(layout)),
      group_(std::move(group)),
      fsync_(fsync),
      member_(std::move(member)),
      member_path_(std::move(member_path)) {}

GroupMember::~GroupMember() {
  if (std::remove(member_path_.c_str()) != 0) {
    log::Get("stream").warn(
        "cannot remove local log group member file {}; the next member to "
        "count the group removes it",
        member_path_);
  }
}

Result<int> GroupMember::CountLiveMembers() const {
  const std::string dir = layout_.MembersDir(group_);
  RP_ASSIGN_OR_RETURN(const std::vector<std::string> names, ListDir(dir));
  int live = 0;
  for (const std::string& name : names) {
    if (name.empty() || name.front() == kHiddenPrefix) continue;
    const std::string path = dir + "/" + name;
    if (path == member_path_) {
      ++live;
      continue;
    }
    Result<LogFile> other = LogFile::Open(path, OpenMode::kReadWrite);
    if (!other.ok() && other.status().IsNotFound()) continue;  // it just left
    if (!other.ok()) return other.status();
    RP_ASSIGN_OR_RETURN(const bool dead, other->TryLock());
    if (!dead) {
      ++live;
      continue;
    }
    log::Get("stream").debug("local log group '{}': removing the file of dead member {}", group_,
                             name);
    std::remove(path.c_str());  // another member may have removed it first: no matter
  }
  return live;
}

Result<LogFile> GroupMember::TryOwn(std::string_view topic, int32_t partition) const {
  const std::string path = layout_.OwnerLockPath(group_, topic, partition);
  RP_RETURN_IF_ERROR(CreateDirs(std::filesystem::path(path).parent_path().string(), fsync_));
  RP_ASSIGN_OR_RETURN(LogFile lock, LogFile::Open(path, OpenMode::kCreate));
  RP_ASSIGN_OR_RETURN(const bool owned, lock.TryLock());
  if (!owned) return LogFile();
  return lock;
}

Result<int64_t> GroupMember::Committed(std::string_view topic, int32_t partition) const {
  const std::string path = layout_.OffsetPath(group_, topic, partition);
  Result<std::string> content = ReadWholeFile(path);
  if (!content.ok() && content.status().IsNotFound()) return int64_t{0};
  if (!content.ok()) return content.status();
  std::string_view text = *content;
  int64_t next_offset = -1;
  if (text.ends_with('\n')) text.remove_suffix(1);
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), next_offset);
  if (ec != std::errc() || ptr != text.data() + text.size() || next_offset < 0) {
    return Status::DataError("committed offset file " + path +
                             " is damaged (want one decimal offset); fix or delete it (deleting "
                             "makes the group read the partition from the start)");
  }
  return next_offset;
}

Status GroupMember::Commit(std::string_view topic, int32_t partition, int64_t next_offset) const {
  return WriteFileAtomic(layout_.OffsetPath(group_, topic, partition),
                         std::to_string(next_offset) + "\n", fsync_);
}

}  // namespace retailpipe::stream::local_log
