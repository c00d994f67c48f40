// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/stream/kafka_uri.h"
#include "retailpipe/stream/stream.h"

namespace retailpipe::stream {

/// An Apache Kafka cluster as a Stream: makes KafkaProducer and KafkaConsumer clients for the
/// brokers of a URI `kafka://[user:password@]host[:port][,host[:port]...][?option=value&...]`
/// (see KafkaUri for the options). Holds only the parsed URI; immutable, so safe for
/// concurrent use.
class KafkaStream final : public Stream {
 public:
  /// Parse `uri`. Errors: those of KafkaUri::Parse().
  static Result<std::unique_ptr<KafkaStream>> Open(std::string_view uri);

  explicit KafkaStream(KafkaUri uri) : uri_(std::move(uri)) {}

  std::string redacted_uri() const override { return uri_.redacted; }
  Result<std::unique_ptr<StreamProducer>> NewProducer() const override;
  Result<std::unique_ptr<StreamConsumer>> NewConsumer(std::string_view group_id) const override;

 private:
  KafkaUri uri_;
};

}  // namespace retailpipe::stream
