// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/kafka_consumer.h"

#include <array>
#include <string>
#include <utility>

#include "retailpipe/base/log.h"
#include "retailpipe/stream/kafka_internal.h"

namespace retailpipe::stream {

/// Errors that reach Poll() by librdkafka's error callback (client-level errors such as "all
/// brokers down") or by the records it returns. The callback runs on the caller's thread
/// inside rd_kafka_consumer_poll(), so no lock is needed.
struct KafkaConsumer::ClientErrors {
  const KafkaUri* uri = nullptr;  // the consumer's, for messages
  std::string what;               // "consuming in group 'g'"
  /// The first error not yet returned by Poll().
  Status first;
};

namespace {

constexpr std::array<kafka::Setting, 2> kDefaults = {
    {{"client.id", "retailpipe"}, {"auto.offset.reset", "earliest"}}};

StreamRecord ToRecord(rd_kafka_message_t& message) {
  StreamRecord record;
  record.topic = rd_kafka_topic_name(message.rkt);
  record.partition = message.partition;
  record.offset = message.offset;
  if (message.key != nullptr) {
    record.key.assign(static_cast<const char*>(message.key), message.key_len);
  }
  if (message.payload != nullptr) {
    record.value.assign(static_cast<const char*>(message.payload), message.len);
  }
  rd_kafka_timestamp_type_t type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
  const int64_t timestamp = rd_kafka_message_timestamp(&message, &type);
  record.timestamp_ms = type == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? -1 : timestamp;
  rd_kafka_headers_t* headers = nullptr;  // owned by the message
  if (rd_kafka_message_headers(&message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    const char* name = nullptr;
    const void* value = nullptr;
    size_t size = 0;
    for (size_t i = 0;
         rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
         ++i) {
      record.headers.push_back(
          {name, value != nullptr ? std::string(static_cast<const char*>(value), size) : ""});
    }
  }
  return record;
}

void OnError(rd_kafka_t* handle, int err, const char* reason, void* opaque) {
  auto* errors = static_cast<KafkaConsumer::ClientErrors*>(opaque);
  auto code = static_cast<rd_kafka_resp_err_t>(err);
  // A dropped connection is retried by librdkafka; when none is left, _ALL_BROKERS_DOWN follows.
  if (code == RD_KAFKA_RESP_ERR__TRANSPORT || !errors->first.ok()) return;
  std::string detail = reason;
  if (code == RD_KAFKA_RESP_ERR__FATAL) {
    std::array<char, 512> why{};
    code = rd_kafka_fatal_error(handle, why.data(), why.size());
    detail = why.data();
  }
  errors->first = kafka::ErrorStatus(*errors->uri, code, errors->what, detail);
}

/// Keep the error a failed `message` carries for Poll(), unless it is one librdkafka handles.
void NoteRecordError(KafkaConsumer::ClientErrors& errors, rd_kafka_message_t& message,
                     const std::string& group_id) {
  if (message.err == RD_KAFKA_RESP_ERR__PARTITION_EOF ||
      message.err == RD_KAFKA_RESP_ERR__TRANSPORT || !errors.first.ok()) {
    return;
  }
  const std::string what = message.rkt != nullptr
                               ? "reading topic '" + std::string(rd_kafka_topic_name(message.rkt)) +
                                     "' in group '" + group_id + "'"
                               : errors.what;
  errors.first =
      kafka::ErrorStatus(*errors.uri, message.err, what, rd_kafka_message_errstr(&message));
}

}  // namespace

void KafkaConsumer::HandleCloser::operator()(rd_kafka_s* handle) const { rd_kafka_destroy(handle); }

Result<std::unique_ptr<KafkaConsumer>> KafkaConsumer::Make(const KafkaUri& uri,
                                                           std::string_view group_id) {
  if (group_id.empty()) {
    return Status::InvalidArgument("a Kafka consumer needs a consumer group id, got none");
  }
  const std::array<kafka::Setting, 3> fixed = {{{"group.id", group_id},
                                                {"enable.auto.commit", "false"},
                                                {"enable.auto.offset.store", "false"}}};
  RP_ASSIGN_OR_RETURN(kafka::Conf conf, kafka::NewConf(uri, kDefaults, fixed));
  auto errors = std::make_unique<ClientErrors>();
  errors->what = "consuming in group '" + std::string(group_id) + "'";
  rd_kafka_conf_set_opaque(conf.get(), errors.get());
  rd_kafka_conf_set_error_cb(conf.get(), OnError);
  RP_ASSIGN_OR_RETURN(kafka::Handle handle,
                      kafka::NewHandle(RD_KAFKA_CONSUMER, std::move(conf), uri));
  // Client events (and so the error callback) are then served inside rd_kafka_consumer_poll().
  rd_kafka_poll_set_consumer(handle.get());
  log::Get("stream").debug("kafka consumer in group '{}' for {}", group_id, uri.redacted);
  return std::make_unique<KafkaConsumer>(
      uri, std::string(group_id), std::move(errors),
      std::unique_ptr<rd_kafka_s, HandleCloser>(handle.release()));
}

KafkaConsumer::KafkaConsumer(KafkaUri uri, std::string group_id,
                             std::unique_ptr<ClientErrors> errors,
                             std::unique_ptr<rd_kafka_s, HandleCloser> handle)
    : uri_(std::move(uri)),
      group_id_(std::move(group_id)),
      errors_(std::move(errors)),
      handle_(std::move(handle)) {
  // The callback names the brokers from uri_, which now lives as long as the client.
  errors_->uri = &uri_;
}

Status KafkaConsumer::TakeError() { return std::exchange(errors_->first, Status::OK()); }

KafkaConsumer::~KafkaConsumer() {
  const Status closed = Close();
  if (!closed.ok()) log::Get("stream").warn("closing a kafka consumer: {}", closed.ToString());
}

Status KafkaConsumer::CheckOpen(std::string_view what) const {
  if (!closed_) return Status::OK();
  return Status::FailedPrecondition("cannot " + std::string(what) + ": the consumer in group '" +
                                    group_id_ + "' is closed");
}

Status KafkaConsumer::Subscribe(std::span<const std::string> topics) {
  RP_RETURN_IF_ERROR(CheckOpen("subscribe"));
  if (topics.empty()) return Status::InvalidArgument("subscribing to no topic");
  kafka::PartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(topics.size())));
  for (const std::string& topic : topics) {
    if (topic.empty()) return Status::InvalidArgument("subscribing to an empty topic name");
    rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), RD_KAFKA_PARTITION_UA);
  }
  const rd_kafka_resp_err_t err = rd_kafka_subscribe(handle_.get(), list.get());
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return kafka::ErrorStatus(uri_, err, "subscribing group '" + group_id_ + "'");
  }
  return Status::OK();
}

Result<std::vector<StreamRecord>> KafkaConsumer::Poll(std::chrono::milliseconds timeout,
                                                      size_t max_records) {
  RP_RETURN_IF_ERROR(CheckOpen("poll"));
  if (max_records == 0) return Status::InvalidArgument("Poll() needs max_records > 0");
  if (Status error = TakeError(); !error.ok()) return error;
  std::vector<StreamRecord> records;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (bool first = true; records.size() < max_records; first = false) {
    int wait_ms = 0;  // once a record is here, take only what is already buffered
    if (records.empty()) {
      const auto left =
          std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (!first && left.count() <= 0) break;
      wait_ms = kafka::TimeoutMs(left);
    }
    kafka::Message message(rd_kafka_consumer_poll(handle_.get(), wait_ms));
    if (message != nullptr && message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      records.push_back(ToRecord(*message));
    } else if (message != nullptr) {
      NoteRecordError(*errors_, *message, group_id_);
    }
    if (!errors_->first.ok()) {
      if (records.empty()) return TakeError();
      break;  // the next Poll() returns it, once these records are handled
    }
    if (message == nullptr && !records.empty()) break;
  }
  return records;
}

Status KafkaConsumer::Commit(std::span<const PartitionOffset> next_offsets,
                             std::chrono::milliseconds timeout) {
  RP_RETURN_IF_ERROR(CheckOpen("commit"));
  if (next_offsets.empty()) return Status::OK();
  kafka::PartitionList list(
      rd_kafka_topic_partition_list_new(static_cast<int>(next_offsets.size())));
  for (const PartitionOffset& position : next_offsets) {
    if (position.topic.empty() || position.partition < 0 || position.next_offset < 0) {
      return Status::InvalidArgument(
          "cannot commit offset " + std::to_string(position.next_offset) + " of topic '" +
          position.topic + "' partition " + std::to_string(position.partition));
    }
    rd_kafka_topic_partition_list_add(list.get(), position.topic.c_str(), position.partition)
        ->offset = position.next_offset;
  }
  const std::string what = "committing offsets of group '" + group_id_ + "'";
  // The commit result arrives on a private queue, so waiting for it is bounded by `timeout`.
  kafka::Queue queue(rd_kafka_queue_new(handle_.get()));
  const rd_kafka_resp_err_t err =
      rd_kafka_commit_queue(handle_.get(), list.get(), queue.get(), nullptr, nullptr);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return kafka::ErrorStatus(uri_, err, what);
  kafka::Event event(rd_kafka_queue_poll(queue.get(), kafka::TimeoutMs(timeout)));
  if (event == nullptr) {
    return kafka::ErrorStatus(uri_, RD_KAFKA_RESP_ERR__TIMED_OUT, what,
                              "not confirmed within " + std::to_string(timeout.count()) +
                                  " ms; records after the last confirmed commit may be "
                                  "delivered again");
  }
  if (rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return kafka::ErrorStatus(uri_, rd_kafka_event_error(event.get()), what,
                              rd_kafka_event_error_string(event.get()));
  }
  if (const rd_kafka_topic_partition_list_t* done =
          rd_kafka_event_topic_partition_list(event.get())) {
    for (int i = 0; i < done->cnt; ++i) {
      const rd_kafka_topic_partition_t& p = done->elems[i];
      if (p.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return kafka::ErrorStatus(
            uri_, p.err,
            what + " for topic '" + p.topic + "' partition " + std::to_string(p.partition));
      }
    }
  }
  return Status::OK();
}

Status KafkaConsumer::Close() {
  if (closed_) return Status::OK();
  closed_ = true;
  const rd_kafka_resp_err_t err = rd_kafka_consumer_close(handle_.get());
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return kafka::ErrorStatus(uri_, err, "leaving group '" + group_id_ + "'");
  }
  return Status::OK();
}

}  // namespace retailpipe::stream
