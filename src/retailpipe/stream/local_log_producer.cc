// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/local_log_producer.h"

#include <utility>

#include "retailpipe/base/log.h"
#include "retailpipe/stream/local_log_appender.h"
#include "retailpipe/stream/local_log_file.h"
#include "retailpipe/stream/local_log_frame.h"

namespace retailpipe::stream {
namespace {

// Queued records beyond this are appended by Produce() (unsynced), bounding memory.
constexpr size_t kMaxQueuedBytes = size_t{4} * 1024 * 1024;
// How long Produce() waits for partition locks when the queue is full.
constexpr std::chrono::seconds kQueueFullWait{30};

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Result<std::unique_ptr<LocalLogProducer>> LocalLogProducer::Make(const LocalLogOptions& options) {
  RP_RETURN_IF_ERROR(options.Validate());
  RP_RETURN_IF_ERROR(local_log::CreateDirs(options.dir, options.fsync));
  log::Get("stream").debug("local log producer for {}", options.ToUri());
  return std::make_unique<LocalLogProducer>(options);
}

LocalLogProducer::LocalLogProducer(const LocalLogOptions& options)
    : options_(options), layout_(options.dir) {}

LocalLogProducer::~LocalLogProducer() {
  size_t dropped = 0;
  for (const auto& [name, topic] : topics_) {
    for (const auto& appender : topic.appenders) {
      if (appender != nullptr) dropped += appender->pending_records();
    }
  }
  if (dropped > 0) {
    log::Get("stream").warn(
        "local log producer for {} destroyed with {} record(s) not appended; they are dropped "
        "(call Flush() first)",
        options_.dir, dropped);
  }
}

Status LocalLogProducer::Failed() const {
  return failure_.WithContext(
      "an earlier append failed, so this producer takes no more (make a new one and re-send "
      "from the last durable point)");
}

Result<LocalLogProducer::Topic*> LocalLogProducer::FindTopic(std::string_view topic) {
  if (auto it = topics_.find(topic); it != topics_.end()) return &it->second;
  RP_ASSIGN_OR_RETURN(const int32_t partitions,
                      layout_.EnsureTopic(topic, options_.default_partitions));
  Topic state;
  state.partitions = partitions;
  state.appenders.resize(static_cast<size_t>(partitions));
  return &topics_.emplace(std::string(topic), std::move(state)).first->second;
}

Status LocalLogProducer::Produce(std::string_view topic, std::string_view key,
                                 std::string_view value, std::span<const RecordHeader> headers) {
  if (!failure_.ok()) return Failed();
  RP_RETURN_IF_ERROR(local_log::CheckName("topic", topic));
  const size_t size = local_log::FrameSize(key, value, headers);
  if (size > local_log::kMaxFrameBytes) {
    return Status::InvalidArgument("a record of " + std::to_string(size) +
                                   " bytes (framed) for topic '" + std::string(topic) +
                                   "' is over the local log's limit of " +
                                   std::to_string(local_log::kMaxFrameBytes) + " bytes");
  }
  RP_ASSIGN_OR_RETURN(Topic * state, FindTopic(topic));
  if (queued_bytes_ > 0 && queued_bytes_ + size > kMaxQueuedBytes) {
    RP_RETURN_IF_ERROR(WriteQueued(std::chrono::steady_clock::now() + kQueueFullWait, Sync::kNo));
  }
  const int32_t partition = key.empty()
                                ? static_cast<int32_t>(state->next_round_robin++ %
                                                       static_cast<uint32_t>(state->partitions))
                                : local_log::KeyPartition(key, state->partitions);
  auto& appender = state->appenders[static_cast<size_t>(partition)];
  if (appender == nullptr) {
    appender = std::make_unique<local_log::PartitionAppender>(layout_, std::string(topic),
                                                              partition, options_);
  }
  appender->Add(NowMs(), key, value, headers);
  queued_bytes_ += size;
  return Status::OK();
}

Status LocalLogProducer::Flush(std::chrono::milliseconds timeout) {
  if (!failure_.ok()) return failure_;
  return WriteQueued(std::chrono::steady_clock::now() + timeout, Sync::kYes);
}

Status LocalLogProducer::WriteQueued(std::chrono::steady_clock::time_point deadline, Sync sync) {
  Status busy;  // a partition whose lock stayed taken: not a failure, its records stay queued
  queued_bytes_ = 0;
  for (auto& [name, topic] : topics_) {
    for (auto& appender : topic.appenders) {
      if (appender == nullptr) continue;
      Status written = appender->Write(deadline);
      if (!written.ok() && written.IsUnavailable()) {
        if (busy.ok()) busy = std::move(written);
      } else if (!written.ok()) {
        failure_ = std::move(written);
        return failure_;
      }
      queued_bytes_ += appender->pending_bytes();
    }
  }
  if (sync == Sync::kYes) {
    for (auto& [name, topic] : topics_) {
      for (auto& appender : topic.appenders) {
        if (appender == nullptr) continue;
        if (Status synced = appender->Sync(); !synced.ok()) {
          failure_ = synced.WithContext("topic '" + name + "' of local log " + options_.dir);
          return failure_;
        }
      }
    }
  }
  return busy;
}

}  // namespace retailpipe::stream
