// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/kinesis_consumer.h"

#include <algorithm>
#include <thread>
#include <utility>

#include "retailpipe/base/log.h"
#include "retailpipe/stream/kinesis_api.h"
#include "retailpipe/stream/kinesis_checkpoint_store.h"
#include "retailpipe/stream/kinesis_shard_reader.h"

namespace retailpipe::stream {
namespace {

constexpr auto kShardRefreshInterval = std::chrono::minutes(1);
constexpr size_t kMaxStreamNameBytes = 128;

Status CheckStreamName(std::string_view name) {
  const bool ok = !name.empty() && name.size() <= kMaxStreamNameBytes &&
                  std::all_of(name.begin(), name.end(), [](char c) {
                    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                           (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
                  });
  if (ok) return Status::OK();
  return Status::InvalidArgument("bad Kinesis stream name '" + std::string(name) +
                                 "': use 1..128 characters of A-Z a-z 0-9 . _ -");
}

}  // namespace

KinesisConsumer::KinesisConsumer(KinesisOptions options, std::string group,
                                 std::unique_ptr<aws::AwsJsonClient> client,
                                 std::unique_ptr<kinesis::CheckpointStore> checkpoints)
    : options_(std::move(options)),
      group_(std::move(group)),
      client_(std::move(client)),
      checkpoints_(std::move(checkpoints)) {}

KinesisConsumer::~KinesisConsumer() = default;

Status KinesisConsumer::CheckOpen(std::string_view what) const {
  if (checkpoints_ == nullptr) {
    return Status::FailedPrecondition(std::string(what) +
                                      " on a closed Kinesis consumer of group '" + group_ + "'");
  }
  return Status::OK();
}

Status KinesisConsumer::Subscribe(std::span<const std::string> topics) {
  RP_RETURN_IF_ERROR(CheckOpen("Subscribe()"));
  if (topics.empty()) return Status::InvalidArgument("Subscribe() needs at least one stream");
  for (const std::string& topic : topics) RP_RETURN_IF_ERROR(CheckStreamName(topic));
  streams_.assign(topics.begin(), topics.end());
  readers_.clear();
  shard_maps_.clear();
  refresh_now_ = true;
  return Status::OK();
}

Result<std::vector<kinesis::ShardInfo>> KinesisConsumer::ListShards(
    const std::string& stream) const {
  std::vector<kinesis::ShardInfo> shards;
  std::string token;
  do {
    Result<std::string> answer =
        client_->Call("ListShards", kinesis::ListShardsRequest(stream, token));
    if (!answer.ok() && answer.status().IsNotFound()) {
      return Status::NotFound("Kinesis stream " + stream + " does not exist at " +
                              client_->endpoint() + " (" + answer.status().message() + ")");
    }
    RP_RETURN_IF_ERROR(answer.status().WithContext("while listing the shards of " + stream));
    RP_ASSIGN_OR_RETURN(kinesis::ShardPage page, kinesis::ParseListShards(*answer));
    for (kinesis::ShardInfo& shard : page.shards) shards.push_back(std::move(shard));
    token = std::move(page.next_token);
  } while (!token.empty());
  return shards;
}

Status KinesisConsumer::RefreshStream(const std::string& stream) {
  RP_ASSIGN_OR_RETURN(std::vector<kinesis::ShardInfo> listed, ListShards(stream));
  auto [map_it, first_time] = shard_maps_.try_emplace(stream);
  std::vector<std::string>& map = map_it->second;
  if (first_time) {
    RP_ASSIGN_OR_RETURN(map, checkpoints_->LoadShardMap(stream));
  }
  bool grown = false;
  for (const kinesis::ShardInfo& shard : listed) {
    if (std::find(map.begin(), map.end(), shard.shard_id) == map.end()) {
      map.push_back(shard.shard_id);
      grown = true;
    }
  }
  // Numbers are saved before any record of a new shard is delivered under them.
  if (grown) RP_RETURN_IF_ERROR(checkpoints_->SaveShardMap(stream, map));
  // Shards gone from the listing (expired) are dropped once nothing of theirs is pending.
  std::erase_if(readers_, [&](const std::unique_ptr<kinesis::ShardReader>& reader) {
    return reader->stream() == stream && !reader->has_buffered() && !reader->has_uncommitted() &&
           std::none_of(listed.begin(), listed.end(), [&](const kinesis::ShardInfo& shard) {
             return shard.shard_id == reader->shard().shard_id;
           });
  });
  for (kinesis::ShardInfo& shard : listed) {
    const bool known = std::any_of(readers_.begin(), readers_.end(), [&](const auto& reader) {
      return reader->stream() == stream && reader->shard().shard_id == shard.shard_id;
    });
    if (known) continue;
    RP_ASSIGN_OR_RETURN(std::optional<kinesis::ShardCheckpoint> checkpoint,
                        checkpoints_->Load(stream, shard.shard_id));
    const auto partition =
        static_cast<int32_t>(std::find(map.begin(), map.end(), shard.shard_id) - map.begin());
    readers_.push_back(std::make_unique<kinesis::ShardReader>(
        stream, std::move(shard), partition, checkpoint.value_or(kinesis::ShardCheckpoint{})));
  }
  return Status::OK();
}

Status KinesisConsumer::RefreshShards() {
  for (const std::string& stream : streams_) RP_RETURN_IF_ERROR(RefreshStream(stream));
  next_refresh_ = Clock::now() + kShardRefreshInterval;
  refresh_now_ = false;
  return Status::OK();
}

bool KinesisConsumer::Readable(const kinesis::ShardReader& reader) const {
  for (const std::string* parent :
       {&reader.shard().parent_shard_id, &reader.shard().adjacent_parent_shard_id}) {
    if (parent->empty()) continue;
    for (const auto& other : readers_) {
      if (other->stream() == reader.stream() && other->shard().shard_id == *parent &&
          !other->finished()) {
        return false;
      }
    }
  }
  return true;
}

Result<KinesisConsumer::Clock::time_point> KinesisConsumer::FetchDue(Clock::time_point deadline) {
  Clock::time_point next = deadline;
  for (const auto& reader : readers_) {
    if (reader->ended() || !Readable(*reader)) continue;
    if (reader->next_read() <= Clock::now()) {
      RP_RETURN_IF_ERROR(reader->Fetch(*client_, options_));
      if (reader->ended()) refresh_now_ = true;  // its children may be new
    }
    if (!reader->ended()) next = std::min(next, reader->next_read());
  }
  return next;
}

std::vector<StreamRecord> KinesisConsumer::TakeBuffered(size_t max_records) {
  std::vector<StreamRecord> out;
  const size_t count = readers_.size();
  for (size_t i = 0; i < count && out.size() < max_records; ++i) {
    kinesis::ShardReader& reader = *readers_[(rotation_ + i) % count];
    if (Readable(reader)) reader.Take(max_records - out.size(), out);
  }
  ++rotation_;
  return out;
}

Result<std::vector<StreamRecord>> KinesisConsumer::Poll(std::chrono::milliseconds timeout,
                                                        size_t max_records) {
  RP_RETURN_IF_ERROR(CheckOpen("Poll()"));
  if (streams_.empty()) return Status::FailedPrecondition("Poll() before Subscribe()");
  if (max_records == 0) return Status::InvalidArgument("Poll() needs max_records > 0");
  const Clock::time_point deadline = Clock::now() + timeout;
  while (true) {
    if (refresh_now_ || Clock::now() >= next_refresh_) RP_RETURN_IF_ERROR(RefreshShards());
    std::vector<StreamRecord> out = TakeBuffered(max_records);
    if (!out.empty()) return out;
    RP_ASSIGN_OR_RETURN(const Clock::time_point next, FetchDue(deadline));
    if (std::any_of(readers_.begin(), readers_.end(), [&](const auto& reader) {
          return reader->has_buffered() && Readable(*reader);
        })) {
      continue;
    }
    if (refresh_now_) continue;
    if (Clock::now() >= deadline) return out;
    std::this_thread::sleep_until(std::min(next, deadline));
  }
}

kinesis::ShardReader* KinesisConsumer::Find(std::string_view stream, int32_t partition) const {
  for (const auto& reader : readers_) {
    if (reader->stream() == stream && reader->partition() == partition) return reader.get();
  }
  return nullptr;
}

Status KinesisConsumer::Commit(std::span<const PartitionOffset> next_offsets,
                               std::chrono::milliseconds /*timeout*/) {
  RP_RETURN_IF_ERROR(CheckOpen("Commit()"));
  for (const PartitionOffset& position : next_offsets) {
    if (position.topic.empty() || position.partition < 0 || position.next_offset < 0) {
      return Status::InvalidArgument(
          "cannot commit offset " + std::to_string(position.next_offset) + " of partition " +
          std::to_string(position.partition) + " of stream '" + position.topic + "'");
    }
    kinesis::ShardReader* reader = Find(position.topic, position.partition);
    if (reader == nullptr) {
      return Status::InvalidArgument("partition " + std::to_string(position.partition) +
                                     " of Kinesis stream " + position.topic +
                                     " is not read by this consumer");
    }
    RP_ASSIGN_OR_RETURN(kinesis::ShardCheckpoint checkpoint,
                        reader->CheckpointFor(position.next_offset));
    if (checkpoint == reader->committed()) continue;
    RP_RETURN_IF_ERROR(checkpoints_->Save(position.topic, reader->shard().shard_id, checkpoint)
                           .WithContext("while committing to " + checkpoints_->where()));
    reader->Committed(checkpoint);
  }
  return Status::OK();
}

Status KinesisConsumer::Close() {
  readers_.clear();
  checkpoints_.reset();
  return Status::OK();
}

}  // namespace retailpipe::stream
