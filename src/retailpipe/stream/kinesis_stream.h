// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "retailpipe/aws/aws_json_client.h"
#include "retailpipe/base/result.h"
#include "retailpipe/stream/kinesis_options.h"
#include "retailpipe/stream/stream.h"

namespace retailpipe::stream {

/// Amazon Kinesis Data Streams as a Stream, over its HTTP API (AWS JSON 1.1, SigV4): URI
/// `kinesis://?region=R&endpoint=URL&checkpoint_dir=DIR&...` (see KinesisOptions). The topic
/// given to Produce() and Subscribe() is the Kinesis stream name; streams are not created
/// here. KinesisProducer batches PutRecords (500 records, 5 MiB) and retries failed records;
/// KinesisConsumer reads every shard and keeps its checkpoints in a local folder. Holds only
/// settings; immutable, so safe for concurrent use; producers and consumers may outlive it.
class KinesisStream final : public Stream {
 public:
  /// Makes the AWS JSON client of each producer and consumer (tests answer from memory).
  using ClientFactory = std::function<Result<std::unique_ptr<aws::AwsJsonClient>>(
      const aws::AwsClientOptions& options)>;

  /// Parse `uri`, with defaults and credentials from the process environment.
  /// Errors: those of KinesisOptions::FromUri().
  static Result<std::unique_ptr<KinesisStream>> Open(std::string_view uri);

  /// Use `options` and clients over libcurl.
  explicit KinesisStream(KinesisOptions options);
  /// Use `options` and clients from `factory`.
  KinesisStream(KinesisOptions options, ClientFactory factory);

  const KinesisOptions& options() const { return options_; }

  /// Return the URI with every option spelt out (it holds no secret).
  std::string redacted_uri() const override { return options_.ToUri(); }

  /// Return a KinesisProducer. Errors: kInternal if libcurl cannot start.
  Result<std::unique_ptr<StreamProducer>> NewProducer() const override;

  /// Return a KinesisConsumer, the one member of `group_id`.
  /// Errors: kInvalidArgument for no checkpoint_dir or a group name not made of 1..249 of
  /// [A-Za-z0-9._-]; kFailedPrecondition if the group has a live member already; kIoError.
  Result<std::unique_ptr<StreamConsumer>> NewConsumer(std::string_view group_id) const override;

 private:
  KinesisOptions options_;
  ClientFactory factory_;
};

}  // namespace retailpipe::stream
