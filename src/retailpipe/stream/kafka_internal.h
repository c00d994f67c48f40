// SPDX-License-Identifier: Apache-2.0
// librdkafka plumbing shared by the Kafka producer and consumer. Used only in this folder.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string_view>
#include <utility>

#include <librdkafka/rdkafka.h>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/stream/kafka_uri.h"

namespace retailpipe::stream::kafka {

/// Frees librdkafka objects; one overload per type, so one deleter serves every owner.
struct Deleter {
  void operator()(rd_kafka_t* handle) const { rd_kafka_destroy(handle); }
  void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
  void operator()(rd_kafka_topic_partition_list_t* list) const {
    rd_kafka_topic_partition_list_destroy(list);
  }
  void operator()(rd_kafka_message_t* message) const { rd_kafka_message_destroy(message); }
  void operator()(rd_kafka_headers_t* headers) const { rd_kafka_headers_destroy(headers); }
  void operator()(rd_kafka_queue_t* queue) const { rd_kafka_queue_destroy(queue); }
  void operator()(rd_kafka_event_t* event) const { rd_kafka_event_destroy(event); }
  void operator()(rd_kafka_error_t* error) const { rd_kafka_error_destroy(error); }
};

using Handle = std::unique_ptr<rd_kafka_t, Deleter>;
using Conf = std::unique_ptr<rd_kafka_conf_t, Deleter>;
using PartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, Deleter>;
using Message = std::unique_ptr<rd_kafka_message_t, Deleter>;
using Headers = std::unique_ptr<rd_kafka_headers_t, Deleter>;
using Queue = std::unique_ptr<rd_kafka_queue_t, Deleter>;
using Event = std::unique_ptr<rd_kafka_event_t, Deleter>;
using Error = std::unique_ptr<rd_kafka_error_t, Deleter>;

/// The hint every "cannot reach the broker" message ends with.
inline constexpr std::string_view kStartHint =
    "is the broker running? scripts/kafka_server.sh start";

/// Return `timeout` as librdkafka's int milliseconds, clamped to 0..INT_MAX.
inline int TimeoutMs(std::chrono::milliseconds timeout) {
  return static_cast<int>(std::clamp<int64_t>(timeout.count(), 0, std::numeric_limits<int>::max()));
}

/// A setting as librdkafka takes it.
using Setting = std::pair<std::string_view, std::string_view>;

/// Return a client configuration for `uri`: its brokers, SASL user and password (with
/// security.protocol sasl_ssl and sasl.mechanisms PLAIN unless the URI says otherwise),
/// `defaults`, then the URI's options (which may override the defaults), then `fixed` (which
/// the URI cannot change, see KafkaUri), and librdkafka's log lines routed to the "stream"
/// logger. Errors: kInvalidArgument naming a setting librdkafka rejects.
Result<Conf> NewConf(const KafkaUri& uri, std::span<const Setting> defaults,
                     std::span<const Setting> fixed);

/// Return a client of `type` made from `conf` (taken over, also on failure).
/// Errors: kInvalidArgument with librdkafka's reason.
Result<Handle> NewHandle(rd_kafka_type_t type, Conf conf, const KafkaUri& uri);

/// Return the Status for `err` while doing `what` ("producing to topic 'x'"), naming the
/// brokers and the likely fix; `detail` is librdkafka's own text when it has one (else the
/// code's description is used). Never holds a password. Codes: broker unreachable, timeouts,
/// leadership and group membership changes -> kUnavailable (with kStartHint when no broker
/// answers); unknown topic or partition -> kNotFound; authentication, authorization, invalid
/// records and settings -> kInvalidArgument; purged or destroyed -> kCancelled; fatal
/// idempotence errors -> kFailedPrecondition; anything else -> kIoError.
Status ErrorStatus(const KafkaUri& uri, rd_kafka_resp_err_t err, std::string_view what,
                   std::string_view detail = "");

}  // namespace retailpipe::stream::kafka
