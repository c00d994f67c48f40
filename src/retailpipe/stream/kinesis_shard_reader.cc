// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/kinesis_shard_reader.h"

#include <algorithm>
#include <utility>

#include "retailpipe/aws/aws_error.h"
#include "retailpipe/base/log.h"

namespace retailpipe::stream::kinesis {
namespace {

/// The partition key prefix KinesisProducer gives records produced without a key.
constexpr std::string_view kUnkeyedPrefix = "\x01";

}  // namespace

ShardReader::ShardReader(std::string stream, ShardInfo shard, int32_t partition,
                         ShardCheckpoint start)
    : stream_(std::move(stream)),
      shard_(std::move(shard)),
      partition_(partition),
      committed_(start),
      resume_after_(start.sequence_number),
      next_fetch_offset_(start.next_offset) {}

StreamRecord ShardReader::ToStreamRecord(FetchedRecord fetched, int64_t offset) const {
  StreamRecord record;
  record.topic = stream_;
  record.partition = partition_;
  record.offset = offset;
  if (!fetched.partition_key.starts_with(kUnkeyedPrefix)) {
    record.key = std::move(fetched.partition_key);
  }
  record.value = std::move(fetched.data);
  record.timestamp_ms = fetched.arrival_ms;
  record.headers = {{std::string(kSequenceNumberHeader), fetched.sequence_number},
                    {std::string(kShardIdHeader), shard_.shard_id}};
  return record;
}

Status ShardReader::Fetch(const aws::AwsJsonClient& client, const KinesisOptions& options) {
  if (ended_) return Status::OK();
  const std::string what = "shard " + shard_.shard_id + " of Kinesis stream " + stream_;
  if (iterator_.empty()) {
    Result<std::string> answer = client.Call(
        "GetShardIterator", GetShardIteratorRequest(stream_, shard_.shard_id, resume_after_));
    RP_RETURN_IF_ERROR(answer.status().WithContext("while starting to read " + what));
    RP_ASSIGN_OR_RETURN(iterator_, ParseGetShardIterator(*answer));
  }
  RP_ASSIGN_OR_RETURN(
      aws::AwsJsonReply reply,
      client.Send("GetRecords", GetRecordsRequest(iterator_, options.records_per_read)));
  const Clock::time_point now = Clock::now();
  if (!reply.ok()) {
    if (reply.error.type == "ExpiredIteratorException") {
      iterator_.clear();  // get a new one after the last record fetched
      return Status::OK();
    }
    if (aws::IsRetryableAwsError(reply.http_status, reply.error.type)) {
      ++throttled_;
      next_read_ = now + std::max(options.read_interval, options.client.retry.Delay(throttled_));
      log::Get("stream").debug(
          "Kinesis throttled reading {}; next read in {} ms", what,
          std::chrono::duration_cast<std::chrono::milliseconds>(next_read_ - now).count());
      return Status::OK();
    }
    return aws::AwsErrorStatus(reply.http_status, reply.error, client.Describe("GetRecords"))
        .WithContext("while reading " + what);
  }
  throttled_ = 0;
  RP_ASSIGN_OR_RETURN(RecordsPage page, ParseGetRecords(reply.body));
  const bool idle = page.records.empty() && page.millis_behind_latest == 0;
  for (FetchedRecord& fetched : page.records) {
    resume_after_ = fetched.sequence_number;
    std::string sequence = fetched.sequence_number;
    buffer_.push_back(
        {ToStreamRecord(std::move(fetched), next_fetch_offset_++), std::move(sequence)});
  }
  if (page.next_iterator) {
    iterator_ = std::move(*page.next_iterator);
  } else {
    ended_ = true;
    iterator_.clear();
    log::Get("stream").info("read {} to its end (the shard is closed)", what);
  }
  next_read_ = now + (idle ? options.idle_interval : options.read_interval);
  return Status::OK();
}

void ShardReader::Take(size_t max, std::vector<StreamRecord>& out) {
  for (size_t taken = 0; taken < max && !buffer_.empty(); ++taken) {
    Fetched& next = buffer_.front();
    delivered_.emplace_back(next.record.offset, std::move(next.sequence_number));
    out.push_back(std::move(next.record));
    buffer_.pop_front();
  }
}

Result<ShardCheckpoint> ShardReader::CheckpointFor(int64_t next_offset) const {
  if (next_offset == committed_.next_offset) return committed_;
  auto it = std::find_if(delivered_.begin(), delivered_.end(),
                         [&](const auto& entry) { return entry.first == next_offset - 1; });
  if (it == delivered_.end()) {
    return Status::InvalidArgument(
        "cannot commit offset " + std::to_string(next_offset) + " of partition " +
        std::to_string(partition_) + " (shard " + shard_.shard_id + ") of Kinesis stream " +
        stream_ + ": record " + std::to_string(next_offset - 1) +
        " was not delivered since the last commit (" + std::to_string(committed_.next_offset) +
        "); commit NextOffsets() of records this consumer returned");
  }
  return ShardCheckpoint{next_offset, it->second};
}

void ShardReader::Committed(const ShardCheckpoint& checkpoint) {
  committed_ = checkpoint;
  while (!delivered_.empty() && delivered_.front().first < checkpoint.next_offset) {
    delivered_.pop_front();
  }
}

}  // namespace retailpipe::stream::kinesis
