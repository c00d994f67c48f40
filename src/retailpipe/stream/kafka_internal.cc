// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/kafka_internal.h"

#include <array>
#include <string>

#include "retailpipe/base/log.h"

namespace retailpipe::stream::kafka {
namespace {

// librdkafka's rejection texts fit in a few hundred bytes.
constexpr size_t kErrorTextBytes = 512;

// syslog levels, as librdkafka passes them to the log callback.
constexpr int kSyslogWarning = 4;
constexpr int kSyslogInfo = 6;

/// Route librdkafka's log lines (from its own threads) to the "stream" logger. Its errors are
/// also returned as Status, so they log at warn, and its chatter at debug.
void LogLine(const rd_kafka_t* handle, int level, const char* facility, const char* line) {
  spdlog::logger& logger = log::Get("stream");
  const char* name = handle != nullptr ? rd_kafka_name(handle) : "rdkafka";
  if (level <= kSyslogWarning) {
    logger.warn("{} {}: {}", name, facility, line);
  } else if (level <= kSyslogInfo) {
    logger.debug("{} {}: {}", name, facility, line);
  } else {
    logger.trace("{} {}: {}", name, facility, line);
  }
}

Status Set(rd_kafka_conf_t* conf, const KafkaUri& uri, std::string_view key,
           std::string_view value) {
  std::array<char, kErrorTextBytes> why{};
  const std::string k(key);
  const std::string v(value);
  if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), why.data(), why.size()) != RD_KAFKA_CONF_OK) {
    return Status::InvalidArgument("bad Kafka setting '" + k + "' in stream URI " + uri.redacted +
                                   ": " + uri.Scrub(why.data()));
  }
  return Status::OK();
}

bool HasOption(const KafkaUri& uri, std::string_view key) {
  for (const auto& option : uri.options) {
    if (option.first == key) return true;
  }
  return false;
}

/// What an error code means for the caller, which picks the StatusCode and the hint.
enum class Kind {
  kUnreachable,  // no broker answers: kUnavailable + how to start the test broker
  kRetryable,    // leadership, coordinator or group changes: kUnavailable
  kMissing,      // kNotFound
  kDenied,       // authentication or authorization: kInvalidArgument + what to check
  kInvalid,      // a record or request the broker refuses: kInvalidArgument
  kCancelled,    // purged or destroyed locally: kCancelled
  kFatal,        // the idempotent producer's sequence is broken: kFailedPrecondition
  kOther,        // kIoError
};

struct Rule {
  rd_kafka_resp_err_t err;
  Kind kind;
};

constexpr Rule kRules[] = {
    {RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, Kind::kUnreachable},
    {RD_KAFKA_RESP_ERR__TRANSPORT, Kind::kUnreachable},
    {RD_KAFKA_RESP_ERR__RESOLVE, Kind::kUnreachable},
    {RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, Kind::kUnreachable},
    {RD_KAFKA_RESP_ERR__TIMED_OUT, Kind::kUnreachable},
    {RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE, Kind::kUnreachable},
    {RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION, Kind::kUnreachable},
    {RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, Kind::kUnreachable},
    {RD_KAFKA_RESP_ERR_BROKER_NOT_AVAILABLE, Kind::kUnreachable},
    {RD_KAFKA_RESP_ERR__QUEUE_FULL, Kind::kRetryable},
    {RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, Kind::kRetryable},
    {RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, Kind::kRetryable},
    {RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, Kind::kRetryable},
    {RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND, Kind::kRetryable},
    {RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, Kind::kRetryable},
    {RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE, Kind::kRetryable},
    {RD_KAFKA_RESP_ERR_NOT_COORDINATOR, Kind::kRetryable},
    {RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS, Kind::kRetryable},
    {RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION, Kind::kRetryable},
    {RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID, Kind::kRetryable},
    {RD_KAFKA_RESP_ERR__WAIT_COORD, Kind::kRetryable},
    {RD_KAFKA_RESP_ERR__STATE, Kind::kRetryable},
    {RD_KAFKA_RESP_ERR_KAFKA_STORAGE_ERROR, Kind::kRetryable},
    {RD_KAFKA_RESP_ERR_THROTTLING_QUOTA_EXCEEDED, Kind::kRetryable},
    {RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, Kind::kMissing},
    {RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC, Kind::kMissing},
    {RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION, Kind::kMissing},
    {RD_KAFKA_RESP_ERR__AUTHENTICATION, Kind::kDenied},
    {RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED, Kind::kDenied},
    {RD_KAFKA_RESP_ERR__SSL, Kind::kDenied},
    {RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, Kind::kDenied},
    {RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED, Kind::kDenied},
    {RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED, Kind::kDenied},
    {RD_KAFKA_RESP_ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED, Kind::kDenied},
    {RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE, Kind::kInvalid},
    {RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE, Kind::kInvalid},
    {RD_KAFKA_RESP_ERR_INVALID_RECORD, Kind::kInvalid},
    {RD_KAFKA_RESP_ERR_INVALID_MSG, Kind::kInvalid},
    {RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION, Kind::kInvalid},
    {RD_KAFKA_RESP_ERR__INVALID_ARG, Kind::kInvalid},
    {RD_KAFKA_RESP_ERR_INVALID_REQUIRED_ACKS, Kind::kInvalid},
    {RD_KAFKA_RESP_ERR_OFFSET_METADATA_TOO_LARGE, Kind::kInvalid},
    {RD_KAFKA_RESP_ERR_INVALID_COMMIT_OFFSET_SIZE, Kind::kInvalid},
    {RD_KAFKA_RESP_ERR__PURGE_QUEUE, Kind::kCancelled},
    {RD_KAFKA_RESP_ERR__PURGE_INFLIGHT, Kind::kCancelled},
    {RD_KAFKA_RESP_ERR__DESTROY, Kind::kCancelled},
    {RD_KAFKA_RESP_ERR__FATAL, Kind::kFatal},
    {RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER, Kind::kFatal},
    {RD_KAFKA_RESP_ERR_DUPLICATE_SEQUENCE_NUMBER, Kind::kFatal},
    {RD_KAFKA_RESP_ERR_UNKNOWN_PRODUCER_ID, Kind::kFatal},
    {RD_KAFKA_RESP_ERR_INVALID_PRODUCER_EPOCH, Kind::kFatal},
    {RD_KAFKA_RESP_ERR_PRODUCER_FENCED, Kind::kFatal},
    {RD_KAFKA_RESP_ERR__GAPLESS_GUARANTEE, Kind::kFatal},
    {RD_KAFKA_RESP_ERR__INCONSISTENT, Kind::kFatal},
};

Kind KindOf(rd_kafka_resp_err_t err) {
  for (const Rule& rule : kRules) {
    if (rule.err == err) return rule.kind;
  }
  return Kind::kOther;
}

}  // namespace

Result<Conf> NewConf(const KafkaUri& uri, std::span<const Setting> defaults,
                     std::span<const Setting> fixed) {
  Conf conf(rd_kafka_conf_new());
  rd_kafka_conf_set_log_cb(conf.get(), LogLine);
  RP_RETURN_IF_ERROR(Set(conf.get(), uri, "bootstrap.servers", uri.bootstrap_servers()));
  if (!uri.user.empty()) {
    RP_RETURN_IF_ERROR(Set(conf.get(), uri, "sasl.username", uri.user));
    RP_RETURN_IF_ERROR(Set(conf.get(), uri, "sasl.password", uri.password));
    // Never send a password in clear text unless the URI asks for it.
    if (!HasOption(uri, "security.protocol")) {
      RP_RETURN_IF_ERROR(Set(conf.get(), uri, "security.protocol", "sasl_ssl"));
    }
    if (!HasOption(uri, "sasl.mechanisms") && !HasOption(uri, "sasl.mechanism")) {
      RP_RETURN_IF_ERROR(Set(conf.get(), uri, "sasl.mechanisms", "PLAIN"));
    }
  }
  for (const auto& [key, value] : defaults) RP_RETURN_IF_ERROR(Set(conf.get(), uri, key, value));
  for (const auto& [key, value] : uri.options) RP_RETURN_IF_ERROR(Set(conf.get(), uri, key, value));
  for (const auto& [key, value] : fixed) RP_RETURN_IF_ERROR(Set(conf.get(), uri, key, value));
  return conf;
}

Result<Handle> NewHandle(rd_kafka_type_t type, Conf conf, const KafkaUri& uri) {
  std::array<char, kErrorTextBytes> why{};
  // On success rd_kafka_new() owns the configuration; on failure it stays ours.
  Handle handle(rd_kafka_new(type, conf.get(), why.data(), why.size()));
  if (handle == nullptr) {
    return Status::InvalidArgument("cannot create a Kafka client for " + uri.redacted + ": " +
                                   uri.Scrub(why.data()));
  }
  (void)conf.release();
  return handle;
}

Status ErrorStatus(const KafkaUri& uri, rd_kafka_resp_err_t err, std::string_view what,
                   std::string_view detail) {
  std::string message = std::string(what) + " at kafka " + uri.bootstrap_servers() + ": " +
                        uri.Scrub(std::string(detail.empty() ? rd_kafka_err2str(err) : detail)) +
                        " [" + rd_kafka_err2name(err) + "]";
  switch (KindOf(err)) {
    case Kind::kUnreachable:
      return Status::Unavailable(message + "; " + std::string(kStartHint));
    case Kind::kRetryable:
      return Status::Unavailable(std::move(message));
    case Kind::kMissing:
      return Status::NotFound(message + " (create the topic, or let the broker auto-create it)");
    case Kind::kDenied:
      return Status::InvalidArgument(message +
                                     " (check the user, password and security settings in the "
                                     "stream URI, and the broker's ACLs)");
    case Kind::kInvalid:
      return Status::InvalidArgument(std::move(message));
    case Kind::kCancelled:
      return Status::Cancelled(std::move(message));
    case Kind::kFatal:
      return Status::FailedPrecondition(message +
                                        " (the idempotent producer cannot go on; make a new one "
                                        "and re-send from the last durable point)");
    case Kind::kOther:
      break;
  }
  return Status::IoError(std::move(message));
}

}  // namespace retailpipe::stream::kafka
