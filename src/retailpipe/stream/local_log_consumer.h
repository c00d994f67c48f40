// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/stream/local_log_layout.h"
#include "retailpipe/stream/local_log_options.h"
#include "retailpipe/stream/stream_consumer.h"

namespace retailpipe::stream {

namespace local_log {
class GroupMember;
struct OwnedPartition;
}  // namespace local_log

/// A StreamConsumer reading a local log (see LocalLogStream) as a member of a consumer group.
///
/// Members of a group share the partitions of the subscribed topics through advisory file
/// locks (see local_log::GroupMember): at the first Poll() after Subscribe(), then at most
/// every 200 ms, a member counts the live members M and makes its share of the P partitions
/// ceil(P / M), taking free partitions or giving up its surplus. A member that dies (even by
/// SIGKILL) loses its locks with its process, so the others take its partitions over. A
/// partition's reader starts at the group's committed offset (0 for a new group) read when
/// ownership is taken, so records read but not committed are read again by the next owner:
/// at least once, and exactly once for a caller that commits before its next Poll().
/// Commit() writes only partitions this member owns; for the others it reports kUnavailable,
/// as Kafka does after a rebalance. Members of one group should subscribe to the same topics.
///
/// Owned by one caller; Close() (or destruction) leaves the group. Not thread-safe.
class LocalLogConsumer final : public StreamConsumer {
 public:
  /// Make a consumer in group `group_id` of the log `options` describe (creating its folder
  /// if needed) and join the group. Errors: kInvalidArgument for bad options or a group name
  /// not made of 1..249 of [A-Za-z0-9._-]; kIoError.
  static Result<std::unique_ptr<LocalLogConsumer>> Make(const LocalLogOptions& options,
                                                        std::string_view group_id);

  LocalLogConsumer(const LocalLogOptions& options, std::unique_ptr<local_log::GroupMember> member);
  LocalLogConsumer(const LocalLogConsumer&) = delete;
  LocalLogConsumer& operator=(const LocalLogConsumer&) = delete;
  ~LocalLogConsumer() override;

  /// See StreamConsumer::Subscribe(). Errors: kInvalidArgument for no topic or a bad name;
  /// kFailedPrecondition once closed.
  Status Subscribe(std::span<const std::string> topics) override;

  /// See StreamConsumer::Poll(). Records come from every owned partition in turn, up to an
  /// equal share of `max_records` each, the first partition rotating from call to call. A
  /// subscribed topic that does not exist yet has no partitions until a producer creates it
  /// (logged once at info). Errors: kDataError for a corrupt or truncated partition (see
  /// PartitionReader); kFailedPrecondition before Subscribe() or once closed; kIoError.
  Result<std::vector<StreamRecord>> Poll(std::chrono::milliseconds timeout,
                                         size_t max_records) override;

  /// See StreamConsumer::Commit(). Each partition's offset is replaced atomically and, under
  /// FsyncPolicy::kOnFlush, durably; `timeout` is not needed. Errors: kInvalidArgument for a
  /// negative offset or partition or an empty topic; kUnavailable naming the partitions this
  /// member does not own (any others in the call are committed); kFailedPrecondition once
  /// closed; kIoError.
  Status Commit(std::span<const PartitionOffset> next_offsets,
                std::chrono::milliseconds timeout) override;

  /// See StreamConsumer::Close(). Never fails.
  Status Close() override;

  /// Return the partitions this member owns now, each with the offset its next record has.
  std::vector<PartitionOffset> Assignment() const;

 private:
  Status CheckOpen(std::string_view what) const;
  /// Count the members and take or give up partitions to own a fair share.
  Status Rebalance();
  /// Return the partitions of the subscribed topics that exist.
  Result<std::vector<std::pair<std::string, int32_t>>> SubscribedPartitions();
  /// Read from the owned partitions in turn.
  Result<std::vector<StreamRecord>> ReadOwned(size_t max_records);

  LocalLogOptions options_;
  local_log::LogLayout layout_;
  std::unique_ptr<local_log::GroupMember> member_;  // null once closed
  std::vector<std::string> topics_;
  std::vector<std::unique_ptr<local_log::OwnedPartition>> owned_;
  std::map<std::string, int32_t> partition_counts_;  // of the subscribed topics found so far
  std::set<std::string> reported_missing_;           // topics logged as not existing yet
  std::chrono::steady_clock::time_point next_rebalance_;
  size_t rotation_ = 0;
  Status deferred_;  // an error met after some records, for the next Poll()
};

}  // namespace retailpipe::stream
