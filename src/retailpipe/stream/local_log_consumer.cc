// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/local_log_consumer.h"

#include <algorithm>
#include <iterator>
#include <thread>
#include <tuple>
#include <utility>

#include "retailpipe/base/log.h"
#include "retailpipe/stream/local_log_file.h"
#include "retailpipe/stream/local_log_group.h"
#include "retailpipe/stream/local_log_reader.h"

namespace retailpipe::stream {

namespace local_log {

/// A partition this member owns: the held ownership lock and the reader.
struct OwnedPartition {
  std::string topic;
  int32_t partition;
  LogFile lock;
  PartitionReader reader;
};

}  // namespace local_log

namespace {

// How often a member checks the group's membership and its share of partitions.
constexpr std::chrono::milliseconds kRebalanceInterval{200};
// Poll() sleeps between looks at the files, doubling from the first to the last.
constexpr std::chrono::milliseconds kFirstIdleSleep{1};
constexpr std::chrono::milliseconds kMaxIdleSleep{50};

}  // namespace

Result<std::unique_ptr<LocalLogConsumer>> LocalLogConsumer::Make(const LocalLogOptions& options,
                                                                 std::string_view group_id) {
  RP_RETURN_IF_ERROR(options.Validate());
  RP_RETURN_IF_ERROR(local_log::CheckName("group", group_id));
  RP_RETURN_IF_ERROR(local_log::CreateDirs(options.dir, options.fsync));
  RP_ASSIGN_OR_RETURN(std::unique_ptr<local_log::GroupMember> member,
                      local_log::GroupMember::Join(local_log::LogLayout(options.dir),
                                                   std::string(group_id), options.fsync));
  log::Get("stream").debug("local log consumer in group '{}' for {}", group_id, options.ToUri());
  return std::make_unique<LocalLogConsumer>(options, std::move(member));
}

LocalLogConsumer::LocalLogConsumer(const LocalLogOptions& options,
                                   std::unique_ptr<local_log::GroupMember> member)
    : options_(options), layout_(options.dir), member_(std::move(member)) {}

LocalLogConsumer::~LocalLogConsumer() { (void)Close(); }

Status LocalLogConsumer::CheckOpen(std::string_view what) const {
  if (member_ != nullptr) return Status::OK();
  return Status::FailedPrecondition("cannot " + std::string(what) +
                                    ": the local log consumer is closed");
}

Status LocalLogConsumer::Subscribe(std::span<const std::string> topics) {
  RP_RETURN_IF_ERROR(CheckOpen("subscribe"));
  if (topics.empty()) return Status::InvalidArgument("subscribing to no topic");
  for (const std::string& topic : topics) RP_RETURN_IF_ERROR(local_log::CheckName("topic", topic));
  topics_.assign(topics.begin(), topics.end());
  std::erase_if(owned_, [&](const auto& owned) {
    return std::find(topics_.begin(), topics_.end(), owned->topic) == topics_.end();
  });
  next_rebalance_ = {};  // at the next Poll()
  return Status::OK();
}

Result<std::vector<std::pair<std::string, int32_t>>> LocalLogConsumer::SubscribedPartitions() {
  std::vector<std::pair<std::string, int32_t>> all;
  for (const std::string& topic : topics_) {
    auto known = partition_counts_.find(topic);
    if (known == partition_counts_.end()) {
      Result<int32_t> count = layout_.PartitionCount(topic);
      if (!count.ok() && !count.status().IsNotFound()) return count.status();
      if (!count.ok()) {
        if (reported_missing_.insert(topic).second) {
          log::Get("stream").info("{}; group '{}' waits for it", count.status().message(),
                                  member_->group());
        }
        continue;
      }
      known = partition_counts_.emplace(topic, *count).first;
    }
    for (int32_t p = 0; p < known->second; ++p) all.emplace_back(topic, p);
  }
  return all;
}

Status LocalLogConsumer::Rebalance() {
  RP_ASSIGN_OR_RETURN(const int members, member_->CountLiveMembers());
  RP_ASSIGN_OR_RETURN(const auto all, SubscribedPartitions());
  const size_t share =
      (all.size() + static_cast<size_t>(members) - 1) / static_cast<size_t>(std::max(members, 1));
  while (owned_.size() > share) {
    log::Get("stream").debug("local log group '{}': giving up topic '{}' partition {}",
                             member_->group(), owned_.back()->topic, owned_.back()->partition);
    owned_.pop_back();  // closing the lock file gives the partition up
  }
  for (const auto& [topic, partition] : all) {
    if (owned_.size() >= share) break;
    const bool mine = std::any_of(owned_.begin(), owned_.end(), [&](const auto& owned) {
      return owned->topic == topic && owned->partition == partition;
    });
    if (mine) continue;
    RP_ASSIGN_OR_RETURN(local_log::LogFile lock, member_->TryOwn(topic, partition));
    if (!lock.is_open()) continue;
    // Read under the lock: the previous owner's last commit is final now.
    RP_ASSIGN_OR_RETURN(const int64_t start, member_->Committed(topic, partition));
    log::Get("stream").debug("local log group '{}': taking topic '{}' partition {} at offset {}",
                             member_->group(), topic, partition, start);
    owned_.push_back(std::make_unique<local_log::OwnedPartition>(
        local_log::OwnedPartition{topic, partition, std::move(lock),
                                  local_log::PartitionReader(layout_, topic, partition, start)}));
  }
  return Status::OK();
}

Result<std::vector<StreamRecord>> LocalLogConsumer::ReadOwned(size_t max_records) {
  std::vector<StreamRecord> out;
  const size_t n = owned_.size();
  if (n == 0) return out;
  const size_t quota = std::max<size_t>(1, max_records / n);
  for (bool progress = true; progress && out.size() < max_records;) {
    progress = false;
    for (size_t i = 0; i < n && out.size() < max_records; ++i) {
      local_log::OwnedPartition& owned = *owned_[(rotation_ + i) % n];
      Result<std::vector<StreamRecord>> read =
          owned.reader.Read(std::min(quota, max_records - out.size()));
      if (!read.ok()) {
        Status error = read.status().WithContext("reading in group '" + member_->group() + "'");
        if (out.empty()) return error;
        deferred_ = std::move(error);  // returned by the next Poll(), after these are handled
        return out;
      }
      if (read->empty()) continue;
      progress = true;
      std::move(read->begin(), read->end(), std::back_inserter(out));
    }
  }
  rotation_ = (rotation_ + 1) % n;
  return out;
}

Result<std::vector<StreamRecord>> LocalLogConsumer::Poll(std::chrono::milliseconds timeout,
                                                         size_t max_records) {
  RP_RETURN_IF_ERROR(CheckOpen("poll"));
  if (max_records == 0) return Status::InvalidArgument("Poll() needs max_records > 0");
  if (topics_.empty()) return Status::FailedPrecondition("Poll() before Subscribe()");
  if (!deferred_.ok()) return std::exchange(deferred_, Status::OK());
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::chrono::milliseconds idle = kFirstIdleSleep;
  while (true) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= next_rebalance_) {
      RP_RETURN_IF_ERROR(Rebalance());
      next_rebalance_ = now + kRebalanceInterval;
    }
    RP_ASSIGN_OR_RETURN(std::vector<StreamRecord> records, ReadOwned(max_records));
    if (!records.empty() || std::chrono::steady_clock::now() >= deadline) return records;
    const auto left = deadline - std::chrono::steady_clock::now();
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(idle, left));
    idle = std::min(idle * 2, kMaxIdleSleep);
  }
}

Status LocalLogConsumer::Commit(std::span<const PartitionOffset> next_offsets,
                                std::chrono::milliseconds /*timeout*/) {
  RP_RETURN_IF_ERROR(CheckOpen("commit"));
  for (const PartitionOffset& position : next_offsets) {
    if (position.topic.empty() || position.partition < 0 || position.next_offset < 0) {
      return Status::InvalidArgument(
          "cannot commit offset " + std::to_string(position.next_offset) + " of topic '" +
          position.topic + "' partition " + std::to_string(position.partition));
    }
  }
  std::string not_owned;
  for (const PartitionOffset& position : next_offsets) {
    const bool mine = std::any_of(owned_.begin(), owned_.end(), [&](const auto& owned) {
      return owned->topic == position.topic && owned->partition == position.partition;
    });
    if (!mine) {
      not_owned += (not_owned.empty() ? "" : ", ") + position.topic + "/" +
                   std::to_string(position.partition);
      continue;
    }
    RP_RETURN_IF_ERROR(member_->Commit(position.topic, position.partition, position.next_offset)
                           .WithContext("committing in group '" + member_->group() + "'"));
  }
  if (!not_owned.empty()) {
    return Status::Unavailable("group '" + member_->group() + "' of local log " + options_.dir +
                               ": this consumer does not own " + not_owned +
                               " (any more: the group rebalanced), so their offsets were not "
                               "committed; their records will be delivered again");
  }
  return Status::OK();
}

Status LocalLogConsumer::Close() {
  owned_.clear();
  member_.reset();
  return Status::OK();
}

std::vector<PartitionOffset> LocalLogConsumer::Assignment() const {
  std::vector<PartitionOffset> out;
  for (const auto& owned : owned_) {
    out.push_back({owned->topic, owned->partition, owned->reader.position()});
  }
  std::sort(out.begin(), out.end(), [](const PartitionOffset& a, const PartitionOffset& b) {
    return std::tie(a.topic, a.partition) < std::tie(b.topic, b.partition);
  });
  return out;
}

}  // namespace retailpipe::stream
