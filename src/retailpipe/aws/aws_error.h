// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "retailpipe/base/status.h"

namespace retailpipe::aws {

/// The error an AWS JSON-protocol service answered with.
struct AwsError {
  /// The bare error type, e.g. "ResourceNotFoundException" (the "namespace#" prefix of
  /// `__type` and the ":..." suffix of x-amzn-ErrorType removed); empty if none was given.
  std::string type;
  /// The service's message ("message" or "Message"); may be empty.
  std::string message;
};

/// Return the error in a non-2xx answer: from the JSON body's `__type` and `message`, else
/// from the x-amzn-errortype header in `headers` (lower-case names). Never fails: a body
/// that is not JSON gives an empty type and the body's first 200 bytes as the message.
AwsError ParseAwsError(std::string_view body, const std::map<std::string, std::string>& headers);

/// Return true if an answer is worth another attempt: HTTP 5xx or 429, or a throttling type
/// (ThrottlingException, ProvisionedThroughputExceededException, LimitExceededException,
/// RequestLimitExceeded, ...).
bool IsRetryableAwsError(long http_status, std::string_view type);

/// Return the Status for a non-2xx answer to `what` (e.g. "Kinesis PutRecords at
/// http://127.0.0.1:19010"): ResourceNotFoundException -> kNotFound; validation, serialization
/// and invalid-argument types -> kInvalidArgument; authentication and authorization failures
/// (and HTTP 401/403) -> kInvalidArgument "(check credentials)"; ConditionalCheckFailedException,
/// ResourceInUseException and ExpiredIteratorException -> kFailedPrecondition; retryable ones
/// (IsRetryableAwsError) -> kUnavailable; anything else -> kIoError. The message holds the
/// type, the service's message and the HTTP status, never a credential.
Status AwsErrorStatus(long http_status, const AwsError& error, std::string_view what);

}  // namespace retailpipe::aws
