// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/aws/aws_error.h"

#include <algorithm>
#include <array>
#include <string>

#include <simdjson.h>

namespace retailpipe::aws {

namespace {

constexpr long kFirstServerError = 500;
constexpr long kTooManyRequests = 429;
constexpr long kUnauthorized = 401;
constexpr long kForbidden = 403;
constexpr size_t kMaxQuotedBody = 200;

constexpr std::array<std::string_view, 10> kThrottlingTypes = {
    "ThrottlingException",
    "Throttling",
    "ThrottledException",
    "RequestThrottledException",
    "ProvisionedThroughputExceededException",
    "LimitExceededException",
    "RequestLimitExceeded",
    "TooManyRequestsException",
    "KMSThrottlingException",
    "TransactionInProgressException"};

constexpr std::array<std::string_view, 5> kInvalidTypes = {
    "ValidationException", "SerializationException", "InvalidArgumentException",
    "InvalidParameterValueException", "MissingParameterException"};

constexpr std::array<std::string_view, 8> kAuthTypes = {
    "AccessDeniedException",        "UnrecognizedClientException",
    "InvalidSignatureException",    "MissingAuthenticationTokenException",
    "IncompleteSignatureException", "ExpiredTokenException",
    "InvalidClientTokenId",         "KMSAccessDeniedException"};

constexpr std::array<std::string_view, 3> kPreconditionTypes = {
    "ConditionalCheckFailedException", "ResourceInUseException", "ExpiredIteratorException"};

template <size_t N>
bool OneOf(const std::array<std::string_view, N>& types, std::string_view type) {
  return std::find(types.begin(), types.end(), type) != types.end();
}

/// Return `raw` without a "namespace#" prefix or a ":detail" suffix.
std::string BareType(std::string_view raw) {
  size_t hash = raw.rfind('#');
  if (hash != std::string_view::npos) raw.remove_prefix(hash + 1);
  size_t colon = raw.find(':');
  return std::string(raw.substr(0, colon));
}

std::string StringMember(const simdjson::dom::object& object, std::string_view key) {
  std::string_view value;
  if (object[key].get_string().get(value) != simdjson::SUCCESS) return "";
  return std::string(value);
}

}  // namespace

AwsError ParseAwsError(std::string_view body, const std::map<std::string, std::string>& headers) {
  AwsError error;
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (parser.parse(body.data(), body.size()).get_object().get(object) == simdjson::SUCCESS) {
    error.type = BareType(StringMember(object, "__type"));
    error.message = StringMember(object, "message");
    if (error.message.empty()) error.message = StringMember(object, "Message");
  } else {
    error.message = std::string(body.substr(0, kMaxQuotedBody));
  }
  if (error.type.empty()) {
    auto header = headers.find("x-amzn-errortype");
    if (header != headers.end()) error.type = BareType(header->second);
  }
  return error;
}

bool IsRetryableAwsError(long http_status, std::string_view type) {
  return http_status >= kFirstServerError || http_status == kTooManyRequests ||
         OneOf(kThrottlingTypes, type);
}

Status AwsErrorStatus(long http_status, const AwsError& error, std::string_view what) {
  std::string detail = error.type.empty() ? "an error" : error.type;
  if (!error.message.empty()) detail += ": " + error.message;
  std::string text =
      std::string(what) + " failed with " + detail + " (HTTP " + std::to_string(http_status) + ")";
  if (error.type == "ResourceNotFoundException") return Status::NotFound(text);
  if (OneOf(kAuthTypes, error.type) || http_status == kUnauthorized || http_status == kForbidden) {
    return Status::InvalidArgument(text + " (check credentials)");
  }
  if (OneOf(kInvalidTypes, error.type)) return Status::InvalidArgument(text);
  if (OneOf(kPreconditionTypes, error.type)) return Status::FailedPrecondition(text);
  if (IsRetryableAwsError(http_status, error.type)) return Status::Unavailable(text);
  return Status::IoError(text);
}

}  // namespace retailpipe::aws
