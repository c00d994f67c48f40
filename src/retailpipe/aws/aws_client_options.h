// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include "retailpipe/aws/credentials.h"
#include "retailpipe/aws/http_transport.h"
#include "retailpipe/aws/retry_policy.h"
#include "retailpipe/base/result.h"

namespace retailpipe::aws {

/// Which AWS service an AwsJsonClient speaks to, in the AWS JSON protocol. A plain value.
struct AwsJsonService {
  /// For messages: "Kinesis", "DynamoDB".
  std::string name;
  /// The SigV4 service name and the host prefix of its AWS endpoints: "kinesis", "dynamodb".
  std::string signing_name;
  /// The X-Amz-Target prefix: "Kinesis_20131202", "DynamoDB_20120810".
  std::string target_prefix;
  /// "application/x-amz-json-1.1" (Kinesis) or "application/x-amz-json-1.0" (DynamoDB).
  std::string content_type;
  /// The service-specific endpoint variable of the AWS SDKs: "AWS_ENDPOINT_URL_KINESIS".
  std::string endpoint_variable;

  static AwsJsonService Kinesis();
  static AwsJsonService DynamoDb();
};

/// Where and as whom an AwsJsonClient calls, and how patiently. A plain value type.
struct AwsClientOptions {
  /// Scheme, host and optional port, no trailing '/', e.g. "http://127.0.0.1:19010" for an
  /// emulator; empty for AWS itself (https://<signing_name>.<region>.amazonaws.com).
  std::string endpoint;
  /// Signing region (and the region of the AWS endpoint).
  std::string region = std::string(kDefaultRegion);
  AwsCredentials credentials;
  HttpTimeouts timeouts;
  RetryPolicy retry;

  /// Return the URL requests go to: `endpoint`, or the service's AWS endpoint in `region`.
  std::string EndpointFor(const AwsJsonService& service) const;
};

/// Resolve AwsClientOptions for `service` from the environment and the AWS shared files:
/// endpoint from service.endpoint_variable, else AWS_ENDPOINT_URL (else AWS itself); region
/// and credentials as ResolveRegion() and ResolveCredentials() say.
/// Errors: kInvalidArgument for a malformed endpoint or no credentials; kIoError if an AWS
/// file cannot be read.
Result<AwsClientOptions> ResolveAwsClientOptions(const AwsJsonService& service,
                                                 const EnvLookup& env);

}  // namespace retailpipe::aws
