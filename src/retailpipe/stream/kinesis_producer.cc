// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/kinesis_producer.h"

#include <thread>
#include <utility>
#include <vector>

#include "retailpipe/base/json_writer.h"
#include "retailpipe/base/log.h"
#include "retailpipe/stream/kinesis_api.h"

namespace retailpipe::stream {
namespace {

using Clock = std::chrono::steady_clock;

/// The partition key prefix of records produced without a key (see the class comment).
constexpr std::string_view kUnkeyedPrefix = "\x01";

/// Return true for a per-record PutRecords error worth another attempt.
bool IsRetryableRecordError(std::string_view code) {
  return code == "ProvisionedThroughputExceededException" || code == "InternalFailure" ||
         code == "KMSThrottlingException" || code == "ServiceUnavailable";
}

Status CheckKey(std::string_view topic, std::string_view key) {
  const std::string where = "key of a record for Kinesis stream " + std::string(topic);
  if (!IsValidUtf8(key)) {
    return Status::InvalidArgument("the " + where +
                                   " is not valid UTF-8 (Kinesis partition "
                                   "keys are Unicode text)");
  }
  if (kinesis::Utf8Length(key) > kinesis::kMaxPartitionKeyChars) {
    return Status::InvalidArgument("the " + where + " has " +
                                   std::to_string(kinesis::Utf8Length(key)) +
                                   " characters; Kinesis allows 256");
  }
  if (key.starts_with(kUnkeyedPrefix)) {
    return Status::InvalidArgument("the " + where +
                                   " starts with \\x01, which marks unkeyed records");
  }
  return Status::OK();
}

}  // namespace

KinesisProducer::KinesisProducer(KinesisOptions options, std::unique_ptr<aws::AwsJsonClient> client)
    : options_(std::move(options)), client_(std::move(client)) {}

KinesisProducer::~KinesisProducer() {
  if (size_t queued = QueuedRecords(); queued > 0) {
    log::Get("stream").warn(
        "Kinesis producer destroyed with {} records not delivered; they are discarded (call "
        "Flush() first)",
        queued);
  }
}

size_t KinesisProducer::QueuedRecords() const {
  size_t total = 0;
  for (const auto& [stream, queue] : queues_) total += queue.records.size();
  return total;
}

Status KinesisProducer::Produce(std::string_view topic, std::string_view key,
                                std::string_view value, std::span<const RecordHeader> headers) {
  RP_RETURN_IF_ERROR(sticky_);
  if (topic.empty()) {
    return Status::InvalidArgument("empty topic: the topic names the Kinesis stream to write to");
  }
  if (!headers.empty()) {
    return Status::InvalidArgument("a record for Kinesis stream " + std::string(topic) + " has " +
                                   std::to_string(headers.size()) +
                                   " headers; Kinesis records have none (send them in the value)");
  }
  std::string partition_key;
  if (key.empty()) {
    partition_key = std::string(kUnkeyedPrefix) + std::to_string(unkeyed_++);
  } else {
    RP_RETURN_IF_ERROR(CheckKey(topic, key));
    partition_key = std::string(key);
  }
  const size_t bytes = partition_key.size() + value.size();
  if (bytes > kinesis::kMaxRecordBytes) {
    return Status::InvalidArgument("a record of " + std::to_string(bytes) +
                                   " bytes (key plus value) for Kinesis stream " +
                                   std::string(topic) + " is over Kinesis' 1 MiB limit");
  }
  if (QueuedRecords() >= kMaxQueued) {
    return Status::Unavailable("the Kinesis producer already holds " + std::to_string(kMaxQueued) +
                               " undelivered records (last error: " + last_error_ +
                               "); Flush() and try again");
  }
  auto [it, inserted] = queues_.try_emplace(std::string(topic));
  Queue& queue = it->second;
  queue.records.push_back(Pending{std::move(partition_key), std::string(value)});
  queue.bytes += bytes;
  const bool full =
      queue.records.size() >= kinesis::kMaxPutRecords || queue.bytes >= kinesis::kMaxPutBytes;
  if (full && Clock::now() >= next_send_) {
    // A retryable failure leaves the records queued for Flush(); only the sticky error counts.
    (void)SendBatch(it->first, queue);
  }
  return sticky_;
}

size_t KinesisProducer::BatchSize(const Queue& queue) {
  size_t count = 0;
  size_t bytes = 0;
  for (const Pending& record : queue.records) {
    const size_t size = record.partition_key.size() + record.data.size();
    if (count == kinesis::kMaxPutRecords || bytes + size > kinesis::kMaxPutBytes) break;
    bytes += size;
    ++count;
  }
  return count;
}

Status KinesisProducer::SendBatch(const std::string& stream, Queue& queue) {
  const size_t count = BatchSize(queue);
  const Clock::time_point now = Clock::now();
  std::vector<kinesis::PutEntry> entries;
  entries.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    Pending& record = queue.records[i];
    if (record.attempts++ == 0) record.first_attempt = now;
    entries.push_back({record.partition_key, record.data});
  }
  const std::string what =
      "while sending " + std::to_string(count) + " records to Kinesis stream " + stream;
  Result<std::string> answer =
      client_->Call("PutRecords", kinesis::PutRecordsRequest(stream, entries));
  if (!answer.ok()) {
    Status error = answer.status().WithContext(what);
    if (error.IsUnavailable()) return Retry(stream, queue, error.message());
    sticky_ = error;
    return sticky_;
  }
  Result<std::vector<kinesis::PutOutcome>> outcomes = kinesis::ParsePutRecords(*answer, count);
  if (!outcomes.ok()) {
    // Which records were stored is unknown: re-sending could duplicate, dropping could lose.
    sticky_ = outcomes.status().WithContext(what);
    return sticky_;
  }
  std::deque<Pending> failed;
  std::string first_error;
  for (size_t i = 0; i < count; ++i) {
    Pending& record = queue.records[i];
    const kinesis::PutOutcome& outcome = (*outcomes)[i];
    if (outcome.error_code.empty()) {
      queue.bytes -= record.partition_key.size() + record.data.size();
      continue;
    }
    if (first_error.empty()) first_error = outcome.error_code + ": " + outcome.error_message;
    if (!IsRetryableRecordError(outcome.error_code) && sticky_.ok()) {
      sticky_ = Status::InvalidArgument("Kinesis refused a record " + what + ": " +
                                        outcome.error_code + ": " + outcome.error_message);
    }
    failed.push_back(std::move(record));
  }
  queue.records.erase(queue.records.begin(),
                      queue.records.begin() + static_cast<std::ptrdiff_t>(count));
  queue.records.insert(queue.records.begin(), std::make_move_iterator(failed.begin()),
                       std::make_move_iterator(failed.end()));
  if (!sticky_.ok()) return sticky_;
  if (failed.empty()) {
    failures_ = 0;
    next_send_ = Clock::time_point{};
    return Status::OK();
  }
  log::Get("stream").debug("Kinesis stored {} of {} records for stream {}; retrying {} ({})",
                           count - failed.size(), count, stream, failed.size(), first_error);
  return Retry(stream, queue,
               std::to_string(failed.size()) + " of " + std::to_string(count) + " records failed " +
                   what + ", e.g. " + first_error);
}

Status KinesisProducer::Retry(const std::string& stream, const Queue& queue, std::string error) {
  last_error_ = std::move(error);
  ++failures_;
  const Clock::time_point now = Clock::now();
  next_send_ = now + options_.client.retry.Delay(failures_);
  const Pending& oldest = queue.records.front();
  if (oldest.attempts > 0 && now - oldest.first_attempt >= options_.delivery_timeout) {
    sticky_ = Status::Unavailable(
        "records for Kinesis stream " + stream + " were not delivered within delivery_timeout (" +
        std::to_string(options_.delivery_timeout.count()) + " ms): " + last_error_);
    return sticky_;
  }
  return Status::Unavailable(last_error_);
}

Status KinesisProducer::Flush(std::chrono::milliseconds timeout) {
  const Clock::time_point deadline = Clock::now() + timeout;
  while (true) {
    RP_RETURN_IF_ERROR(sticky_);
    auto it = queues_.begin();
    while (it != queues_.end() && it->second.records.empty()) ++it;
    if (it == queues_.end()) return Status::OK();
    if (next_send_ > deadline) {
      return Status::Unavailable(std::to_string(QueuedRecords()) +
                                 " records are still queued for Kinesis after the flush timeout "
                                 "(last error: " +
                                 last_error_ + ")");
    }
    std::this_thread::sleep_until(next_send_);
    // A failure is kept in sticky_ (checked above) or last_error_ (reported below).
    (void)SendBatch(it->first, it->second);
    if (Clock::now() >= deadline && QueuedRecords() > 0 && sticky_.ok()) {
      return Status::Unavailable(std::to_string(QueuedRecords()) +
                                 " records are still queued for Kinesis after the flush timeout" +
                                 (last_error_.empty() ? "" : " (last error: " + last_error_ + ")"));
    }
  }
}

}  // namespace retailpipe::stream
