// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/kafka_producer.h"

#include <array>
#include <chrono>
#include <span>
#include <string>
#include <utility>

#include "retailpipe/base/log.h"
#include "retailpipe/stream/kafka_internal.h"

namespace retailpipe::stream {

/// Written by librdkafka's delivery-report and error callbacks, which run on the caller's
/// thread inside rd_kafka_poll() and rd_kafka_flush(): no lock is needed.
struct KafkaProducer::Deliveries {
  const KafkaUri* uri = nullptr;  // the producer's, for messages
  /// The first record that could not be delivered, or a fatal client error; sticky.
  Status failure;
  /// The last broker-level error text (e.g. "Connect to ... failed"), for timeout messages.
  std::string last_error;
};

namespace {

// How long Produce() waits for room when librdkafka's local queue is full.
constexpr std::chrono::seconds kQueueFullWait{30};
constexpr int kQueueFullPollMs = 100;

// Records with the same key go to the partition the Java client would choose.
constexpr std::array<kafka::Setting, 2> kDefaults = {
    {{"client.id", "retailpipe"}, {"partitioner", "murmur2_random"}}};
constexpr std::array<kafka::Setting, 2> kFixed = {
    {{"enable.idempotence", "true"}, {"acks", "all"}}};

void OnDelivery(rd_kafka_t* /*handle*/, const rd_kafka_message_t* message, void* opaque) {
  auto* deliveries = static_cast<KafkaProducer::Deliveries*>(opaque);
  if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR || !deliveries->failure.ok()) return;
  const std::string topic = message->rkt != nullptr ? rd_kafka_topic_name(message->rkt) : "?";
  // Not rd_kafka_message_errstr(): for a delivery report it returns the record's payload.
  deliveries->failure = kafka::ErrorStatus(*deliveries->uri, message->err,
                                           "delivering a record to topic '" + topic +
                                               "' partition " + std::to_string(message->partition));
}

void OnError(rd_kafka_t* handle, int err, const char* reason, void* opaque) {
  auto* deliveries = static_cast<KafkaProducer::Deliveries*>(opaque);
  const auto code = static_cast<rd_kafka_resp_err_t>(err);
  if (code != RD_KAFKA_RESP_ERR__FATAL) {
    // Transient: librdkafka retries by itself; kept to explain a later timeout.
    deliveries->last_error = deliveries->uri->Scrub(reason);
    return;
  }
  std::array<char, 512> why{};
  const rd_kafka_resp_err_t cause = rd_kafka_fatal_error(handle, why.data(), why.size());
  if (deliveries->failure.ok()) {
    deliveries->failure =
        kafka::ErrorStatus(*deliveries->uri, RD_KAFKA_RESP_ERR__FATAL, "the producer failed",
                           std::string(rd_kafka_err2name(cause)) + ": " + why.data());
  }
}

/// Return `headers` as a librdkafka header list, or null for none.
kafka::Headers ToHeaders(std::span<const RecordHeader> headers) {
  if (headers.empty()) return nullptr;
  kafka::Headers out(rd_kafka_headers_new(headers.size()));
  for (const RecordHeader& h : headers) {
    rd_kafka_header_add(out.get(), h.key.data(), static_cast<ssize_t>(h.key.size()), h.value.data(),
                        static_cast<ssize_t>(h.value.size()));
  }
  return out;
}

/// Queue one record (copied); return null on success, else librdkafka's error.
kafka::Error Enqueue(rd_kafka_t* handle, const std::string& topic, std::string_view key,
                     std::string_view value, std::span<const RecordHeader> headers) {
  kafka::Headers owned_headers = ToHeaders(headers);
  std::array<rd_kafka_vu_t, 5> args{};
  args[0].vtype = RD_KAFKA_VTYPE_TOPIC;
  args[0].u.cstr = topic.c_str();
  args[1].vtype = RD_KAFKA_VTYPE_VALUE;
  // A null pointer would make a null value (a tombstone); an empty value is not one.
  args[1].u.mem = {const_cast<char*>(value.empty() ? "" : value.data()), value.size()};
  args[2].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
  args[2].u.i = RD_KAFKA_MSG_F_COPY;
  size_t count = 3;
  if (!key.empty()) {
    args[count].vtype = RD_KAFKA_VTYPE_KEY;
    args[count++].u.mem = {const_cast<char*>(key.data()), key.size()};
  }
  if (owned_headers != nullptr) {
    args[count].vtype = RD_KAFKA_VTYPE_HEADERS;
    args[count++].u.headers = owned_headers.get();
  }
  kafka::Error error(rd_kafka_produceva(handle, args.data(), count));
  if (error == nullptr) (void)owned_headers.release();  // the queued record owns them now
  return error;
}

}  // namespace

void KafkaProducer::HandleCloser::operator()(rd_kafka_s* handle) const { rd_kafka_destroy(handle); }

Result<std::unique_ptr<KafkaProducer>> KafkaProducer::Make(const KafkaUri& uri) {
  RP_ASSIGN_OR_RETURN(kafka::Conf conf, kafka::NewConf(uri, kDefaults, kFixed));
  auto deliveries = std::make_unique<Deliveries>();
  rd_kafka_conf_set_opaque(conf.get(), deliveries.get());
  rd_kafka_conf_set_dr_msg_cb(conf.get(), OnDelivery);
  rd_kafka_conf_set_error_cb(conf.get(), OnError);
  RP_ASSIGN_OR_RETURN(kafka::Handle handle,
                      kafka::NewHandle(RD_KAFKA_PRODUCER, std::move(conf), uri));
  auto producer = std::make_unique<KafkaProducer>(
      uri, std::move(deliveries), std::unique_ptr<rd_kafka_s, HandleCloser>(handle.release()));
  log::Get("stream").debug("kafka producer for {}", uri.redacted);
  return producer;
}

KafkaProducer::KafkaProducer(KafkaUri uri, std::unique_ptr<Deliveries> deliveries,
                             std::unique_ptr<rd_kafka_s, HandleCloser> handle)
    : uri_(std::move(uri)), deliveries_(std::move(deliveries)), handle_(std::move(handle)) {
  // The callbacks name the brokers from uri_, which now lives as long as the client.
  deliveries_->uri = &uri_;
}

KafkaProducer::~KafkaProducer() {
  rd_kafka_poll(handle_.get(), 0);
  const int pending = rd_kafka_outq_len(handle_.get());
  if (pending > 0) {
    log::Get("stream").warn(
        "kafka producer for {} destroyed with {} record(s) not acknowledged; they are dropped "
        "(call Flush() first)",
        uri_.bootstrap_servers(), pending);
    rd_kafka_purge(handle_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_poll(handle_.get(), 0);
  }
}

Status KafkaProducer::Failed() const {
  return deliveries_->failure.WithContext(
      "an earlier record was not delivered, so this producer takes no more (make a new one and "
      "re-send from the last durable point)");
}

Status KafkaProducer::Produce(std::string_view topic, std::string_view key, std::string_view value,
                              std::span<const RecordHeader> headers) {
  if (topic.empty()) return Status::InvalidArgument("cannot produce to an empty topic name");
  rd_kafka_poll(handle_.get(), 0);  // serve delivery reports, so failures surface early
  if (!deliveries_->failure.ok()) return Failed();
  const std::string topic_name(topic);
  const auto deadline = std::chrono::steady_clock::now() + kQueueFullWait;
  while (true) {
    const kafka::Error error = Enqueue(handle_.get(), topic_name, key, value, headers);
    if (error == nullptr) return Status::OK();
    const rd_kafka_resp_err_t code = rd_kafka_error_code(error.get());
    if (code != RD_KAFKA_RESP_ERR__QUEUE_FULL || std::chrono::steady_clock::now() >= deadline) {
      return kafka::ErrorStatus(uri_, code, "producing to topic '" + topic_name + "'",
                                rd_kafka_error_string(error.get()));
    }
    // The queue drains as the broker acknowledges; serving reports makes room.
    rd_kafka_poll(handle_.get(), kQueueFullPollMs);
    if (!deliveries_->failure.ok()) return Failed();
  }
}

Status KafkaProducer::Flush(std::chrono::milliseconds timeout) {
  const rd_kafka_resp_err_t err = rd_kafka_flush(handle_.get(), kafka::TimeoutMs(timeout));
  if (!deliveries_->failure.ok()) return deliveries_->failure;
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return Status::OK();
  const int pending = rd_kafka_outq_len(handle_.get());
  std::string detail = std::to_string(pending) + " record(s) not acknowledged after " +
                       std::to_string(timeout.count()) + " ms; they stay queued";
  if (!deliveries_->last_error.empty()) detail += " (last error: " + deliveries_->last_error + ")";
  return kafka::ErrorStatus(uri_, RD_KAFKA_RESP_ERR__TIMED_OUT, "flushing the producer", detail);
}

}  // namespace retailpipe::stream
