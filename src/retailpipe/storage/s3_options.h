// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "retailpipe/aws/credentials.h"
#include "retailpipe/aws/http_transport.h"
#include "retailpipe/aws/retry_policy.h"
#include "retailpipe/base/result.h"

namespace retailpipe::storage {

/// How a bucket appears in request URLs.
enum class S3Addressing {
  kPath,           ///< http://endpoint/bucket/key (MinIO, moto, most emulators).
  kVirtualHosted,  ///< https://bucket.s3.region.amazonaws.com/key (AWS).
};

/// Everything an S3ObjectStore needs besides the s3://bucket/prefix URI.
struct S3Options {
  /// Scheme, host and optional port, no trailing '/', e.g. "http://127.0.0.1:19000"; empty
  /// for AWS itself (https://s3.<region>.amazonaws.com).
  std::string endpoint;
  /// Signing region.
  std::string region = "us-east-1";
  /// Path-style by default when an endpoint is set, virtual-hosted for AWS.
  S3Addressing addressing = S3Addressing::kVirtualHosted;
  aws::AwsCredentials credentials;
  /// Connection and stall timeouts (a stalled transfer is abandoned and retried).
  aws::HttpTimeouts timeouts;
  /// Attempts per request (5xx, throttling, connection errors) and their backoff.
  aws::RetryPolicy retry;
};

/// Resolve S3Options from the environment and the AWS shared files:
/// endpoint from RP_S3_ENDPOINT, AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL; addressing from
/// RP_S3_ADDRESSING ("path" or "virtual"; default path when an endpoint is set); region and
/// credentials as aws::ResolveRegion() and aws::ResolveCredentials() say (AWS_REGION, ...;
/// AWS_ACCESS_KEY_ID, ..., else the profile in the shared files).
/// Errors: kInvalidArgument if no credentials are found or a setting is malformed (the
/// message names the variable or file, never a secret), kIoError if a file cannot be read.
Result<S3Options> ResolveS3Options(const aws::EnvLookup& env);

}  // namespace retailpipe::storage
