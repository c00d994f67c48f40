// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "retailpipe/aws/aws_client_options.h"
#include "retailpipe/aws/credentials.h"
#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"

namespace retailpipe::stream {

/// Where the consumer groups of a Kinesis stream keep their checkpoints (Kinesis has none).
/// TODO(#4): kDynamoDb, a KCL-style lease table (owner and expiry per shard, conditional
/// writes) so that several members of a group share the shards; until then a group has one
/// member, and a second one is refused with kFailedPrecondition.
enum class KinesisCheckpoints {
  /// Files in a local folder (checkpoint_dir): one member per group, on one machine.
  kDir,
};

/// The settings of a Kinesis stream service (KinesisStream), parsed from its URI:
///
///   kinesis://[?option=value&...]
///
/// The URI names no host: the topic given to Produce() and Subscribe() is the Kinesis stream
/// name. Options (values percent-decoded):
///   region=eu-west-1             signing region (default: AWS_REGION, AWS_DEFAULT_REGION, the
///                                profile's region, else us-east-1)
///   endpoint=http://host:port    an emulator (default: AWS_ENDPOINT_URL_KINESIS,
///                                AWS_ENDPOINT_URL, else https://kinesis.<region>.amazonaws.com)
///   checkpoint=dir               the checkpoint store; `dir` is the only one so far
///                                (`dynamodb` is refused: not implemented yet)
///   checkpoint_dir=/abs/or/rel   the folder of the checkpoints (needed by consumers)
///   delivery_timeout=2m          how long a producer retries a record before failing
///   read_interval=200ms          least time between two GetRecords of one shard
///   idle_interval=1s             time between GetRecords of a shard that is caught up
///   records_per_read=10000       GetRecords' Limit (1..10000)
/// Credentials come from the usual AWS variables and files (aws::ResolveCredentials). A plain
/// value type.
struct KinesisOptions {
  /// Endpoint, region, credentials, timeouts and retry policy of the Kinesis client.
  aws::AwsClientOptions client;
  KinesisCheckpoints checkpoints = KinesisCheckpoints::kDir;
  /// The folder under which each group keeps its checkpoints (<dir>/<group>/<stream>/...).
  std::string checkpoint_dir;
  /// A producer fails (stickily) once a record has been retried this long without success.
  std::chrono::milliseconds delivery_timeout{120'000};
  /// Kinesis allows 5 GetRecords per second per shard, shared by every reader of the shard.
  std::chrono::milliseconds read_interval{200};
  /// A shard that had nothing new (MillisBehindLatest 0) is read again after this long.
  std::chrono::milliseconds idle_interval{1'000};
  /// The most records one GetRecords returns.
  int32_t records_per_read = 10'000;

  static constexpr int32_t kMaxRecordsPerRead = 10'000;

  /// Parse a `kinesis://` URI (see the struct comment), taking defaults and credentials from
  /// `env`. Errors: kInvalidArgument for another scheme, a host or path, an unknown option or
  /// a bad value (naming the URI and what is expected), or no AWS credentials; kIoError if an
  /// AWS file cannot be read.
  static Result<KinesisOptions> FromUri(std::string_view uri, const aws::EnvLookup& env);

  /// Check the fields. Errors: kInvalidArgument naming the bad field and its bounds.
  Status Validate() const;

  /// Return the URI these options parse from, every option spelt out (it holds no secret).
  std::string ToUri() const;
};

}  // namespace retailpipe::stream
