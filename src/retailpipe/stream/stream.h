// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/stream/stream_consumer.h"
#include "retailpipe/stream/stream_producer.h"

namespace retailpipe::stream {

/// A stream service addressed by URI, from which producers and consumers are made.
///
/// Implementations: Apache Kafka (kafka://, see KafkaStream), the embedded local durable log
/// (log://, see LocalLogStream) and Amazon Kinesis (kinesis://, see KinesisStream). A Stream
/// holds only settings,
/// no connection: each producer and consumer opens its own. Immutable, so safe for concurrent
/// use from several threads; the producers and consumers it makes may outlive it.
class Stream {
 public:
  virtual ~Stream() = default;

  /// Return the URI with any password replaced by "***", for messages and logs.
  virtual std::string redacted_uri() const = 0;

  /// Return a new producer. Errors: kInvalidArgument for a setting the client rejects.
  virtual Result<std::unique_ptr<StreamProducer>> NewProducer() const = 0;

  /// Return a new consumer in the group `group_id` (not empty), not yet subscribed.
  /// Errors: kInvalidArgument for an empty group or a setting the client rejects.
  virtual Result<std::unique_ptr<StreamConsumer>> NewConsumer(std::string_view group_id) const = 0;
};

/// Open the stream named by `uri`: "kafka://host:port[,host:port...][?option=value&...]"
/// (see KafkaStream), "log:///abs/dir" / "log://rel/dir" with "?option=value&..." (see
/// LocalLogStream), or "kinesis://?region=eu-west-1&endpoint=http://127.0.0.1:19010&
/// checkpoint_dir=DIR&..." (see KinesisOptions; the topic is the Kinesis stream name, and
/// credentials come from the AWS variables and files). No connection is made and no stream
/// data is touched yet (kinesis:// reads the AWS credential files).
/// Errors: kInvalidArgument for an unknown scheme or a malformed URI (never echoing a
/// password), or (kinesis://) no AWS credentials.
Result<std::unique_ptr<Stream>> OpenStream(std::string_view uri);

}  // namespace retailpipe::stream
