// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "retailpipe/base/status.h"
#include "retailpipe/storage/s3_http_client.h"

namespace retailpipe::storage {

/// What a failed S3 call was about, for the message.
struct S3Target {
  std::string uri;       ///< "s3://bucket/key" of the object (or prefix) concerned.
  std::string bucket;    ///< The bucket name.
  std::string endpoint;  ///< Where the request went, e.g. "http://127.0.0.1:19000".
};

/// Return the Status for a non-2xx S3 answer: 404 -> kNotFound (NoSuchBucket ->
/// kInvalidArgument "bucket X does not exist at <endpoint>"), 403 -> kInvalidArgument "access
/// denied to <uri> (check credentials)", 412 -> kAlreadyExists, 416 and 400 InvalidArgument ->
/// kInvalidArgument, 5xx, 429 and throttling -> kUnavailable, anything else -> kIoError.
/// The message holds the S3 error code and text, never a credential.
Status S3ErrorStatus(const S3Response& response, const S3Target& target);

}  // namespace retailpipe::storage
