// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/storage/sigv4.h"

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
  AwsCredentials credentials;
  /// Longest wait for a TCP/TLS connection.
  std::chrono::milliseconds connect_timeout{10'000};
  /// A transfer slower than 1 byte/s for this long is abandoned (and retried).
  std::chrono::seconds stall_timeout{60};
  /// Attempts per request, counting the first (5xx, throttling, connection errors).
  int max_attempts = 5;
  /// First backoff cap and largest backoff, for capped exponential backoff with full jitter.
  std::chrono::milliseconds backoff_base{100};
  std::chrono::milliseconds backoff_cap{5'000};
};

/// Return the value of an environment variable, or nullopt if it is unset or empty.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

/// Return an EnvLookup over the process environment.
EnvLookup ProcessEnvironment();

/// Resolve S3Options from the environment and the AWS shared files:
/// endpoint from RP_S3_ENDPOINT, AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL; addressing from
/// RP_S3_ADDRESSING ("path" or "virtual"; default path when an endpoint is set); region from
/// AWS_REGION, AWS_DEFAULT_REGION or the profile's `region` in the config file; credentials
/// from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, else the profile
/// (AWS_PROFILE or "default") in the shared credentials file (AWS_SHARED_CREDENTIALS_FILE or
/// $HOME/.aws/credentials), else in the config file (AWS_CONFIG_FILE or $HOME/.aws/config).
/// Errors: kInvalidArgument if no credentials are found or a setting is malformed (the
/// message names the variable or file, never a secret), kIoError if a file cannot be read.
Result<S3Options> ResolveS3Options(const EnvLookup& env);

}  // namespace retailpipe::storage
