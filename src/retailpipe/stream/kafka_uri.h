// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "retailpipe/base/result.h"

namespace retailpipe::stream {

/// The parts of a Kafka URI: `kafka://[user:password@]host[:port][,host[:port]...][?k=v&...]`.
///
/// Each query parameter is a librdkafka setting passed through as is (client.id,
/// message.timeout.ms, security.protocol, ...), except those retailpipe fixes to keep its
/// guarantees, which are refused: bootstrap.servers (the URI's hosts), group.id (per
/// consumer), enable.idempotence and acks (always true and all), enable.auto.commit and
/// enable.auto.offset.store (always false). User info becomes the SASL user name and password.
/// User, password and query values are percent-decoded. A plain value type.
struct KafkaUri {
  /// The bootstrap brokers as "host:port", in URI order; the port defaults to 9092.
  std::vector<std::string> brokers;
  std::string user;
  std::string password;
  /// Query parameters in URI order, e.g. {"client.id", "orders-publisher"}.
  std::vector<std::pair<std::string, std::string>> options;
  /// The whole URI with the password and secret-looking parameters replaced by "***".
  std::string redacted;

  /// Parse `uri`. Errors: kInvalidArgument for another scheme, no broker, an empty host, a
  /// bad port, a path, bad percent-encoding, a malformed or fixed query parameter; the
  /// message never holds the password.
  static Result<KafkaUri> Parse(std::string_view uri);

  /// Return the brokers joined by ",": librdkafka's bootstrap.servers, and the endpoint that
  /// error messages name.
  std::string bootstrap_servers() const;

  /// Return `message` with every occurrence of the password (and of a secret option value,
  /// e.g. sasl.password) replaced by "***": a last guard
  /// for messages that quote what the client library said.
  std::string Scrub(std::string message) const;
};

}  // namespace retailpipe::stream
