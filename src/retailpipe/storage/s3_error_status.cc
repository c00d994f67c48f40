// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/storage/s3_error_status.h"

#include <string>

#include "retailpipe/storage/s3_xml.h"

namespace retailpipe::storage {

namespace {

constexpr long kBadRequest = 400;
constexpr long kForbidden = 403;
constexpr long kNotFound = 404;
constexpr long kPreconditionFailed = 412;
constexpr long kRangeNotSatisfiable = 416;

/// Return " (Code: message)" for the S3 error in `body`, or "" if there is none.
std::string Detail(const S3Error& error) {
  if (error.code.empty()) return "";
  return " (" + error.code + (error.message.empty() ? "" : ": " + error.message) + ")";
}

}  // namespace

Status S3ErrorStatus(const S3Response& response, const S3Target& target) {
  S3Error error = ParseS3Error(response.body);
  std::string detail = Detail(error);
  switch (response.status) {
    case kNotFound:
      if (error.code == "NoSuchBucket") {
        return Status::InvalidArgument("bucket " + target.bucket + " does not exist at " +
                                       target.endpoint);
      }
      return Status::NotFound("no such object " + target.uri);
    case kForbidden:
      return Status::InvalidArgument("access denied to " + target.uri + " (check credentials)" +
                                     detail);
    case kPreconditionFailed:
      return Status::AlreadyExists(target.uri + " already exists");
    case kRangeNotSatisfiable:
      return Status::InvalidArgument("byte range not satisfiable for " + target.uri);
    default:
      break;
  }
  std::string what =
      "S3 answered HTTP " + std::to_string(response.status) + " for " + target.uri + detail;
  if (IsRetryableHttp(response.status, response.body)) return Status::Unavailable(what);
  if (response.status == kBadRequest && error.code == "InvalidArgument") {
    return Status::InvalidArgument(what);
  }
  return Status::IoError(what);
}

}  // namespace retailpipe::storage
