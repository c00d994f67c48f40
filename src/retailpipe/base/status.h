// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace retailpipe {

/// The kind of an error. Callers branch on the code, people read the message.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     ///< Bad user input: a flag, a config value, a query.
  kNotFound,            ///< A named object, table or key does not exist.
  kAlreadyExists,       ///< A put-if-absent found the key taken (S3 412, O_EXCL).
  kFailedPrecondition,  ///< The system is not in a state that allows the call.
  kIoError,             ///< A local file system or device error.
  kUnavailable,         ///< A remote service is down or throttling; retryable.
  kDataError,           ///< Input data is malformed (a file or row to quarantine).
  kCancelled,           ///< The operation was stopped on request.
  kInternal,            ///< A bug or a broken invariant inside retailpipe.
};

/// Return the stable lower-case name of a code, e.g. "invalid argument".
std::string_view StatusCodeName(StatusCode code);

/// The outcome of a fallible call: OK, or an error code with a message.
///
/// A Status is a value: cheap to move, copyable, and an OK status holds no allocation.
/// Context is added on the way up with WithContext(), so a message reads from the
/// outermost action to the root cause: "while uploading x: connection refused".
class [[nodiscard]] Status {
 public:
  /// Construct an OK status.
  Status() noexcept = default;
  Status(StatusCode code, std::string message);

  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;
  ~Status() = default;

  static Status OK() { return Status(); }
  static Status InvalidArgument(std::string msg) {
    return {StatusCode::kInvalidArgument, std::move(msg)};
  }
  static Status NotFound(std::string msg) { return {StatusCode::kNotFound, std::move(msg)}; }
  static Status AlreadyExists(std::string msg) {
    return {StatusCode::kAlreadyExists, std::move(msg)};
  }
  static Status FailedPrecondition(std::string msg) {
    return {StatusCode::kFailedPrecondition, std::move(msg)};
  }
  static Status IoError(std::string msg) { return {StatusCode::kIoError, std::move(msg)}; }
  static Status Unavailable(std::string msg) { return {StatusCode::kUnavailable, std::move(msg)}; }
  static Status DataError(std::string msg) { return {StatusCode::kDataError, std::move(msg)}; }
  static Status Cancelled(std::string msg) { return {StatusCode::kCancelled, std::move(msg)}; }
  static Status Internal(std::string msg) { return {StatusCode::kInternal, std::move(msg)}; }

  bool ok() const { return state_ == nullptr; }
  StatusCode code() const { return state_ ? state_->code : StatusCode::kOk; }
  /// Return the message, empty for OK.
  const std::string& message() const;

  /// Return a copy whose message is prefixed with `context` ("context: message").
  /// An OK status stays OK.
  Status WithContext(std::string_view context) const;

  /// Return "OK" or "<code name>: <message>".
  std::string ToString() const;

  bool IsNotFound() const { return code() == StatusCode::kNotFound; }
  bool IsAlreadyExists() const { return code() == StatusCode::kAlreadyExists; }
  bool IsUnavailable() const { return code() == StatusCode::kUnavailable; }

 private:
  struct State {
    StatusCode code;
    std::string message;
  };
  std::unique_ptr<State> state_;  // null means OK
};

/// Return an IoError whose message names `what` and the text of errno value `err`.
Status ErrnoStatus(std::string_view what, int err);

}  // namespace retailpipe

/// Return from the enclosing function if `expr` (a Status) is not OK.
#define RP_RETURN_IF_ERROR(expr)              \
  do {                                        \
    ::retailpipe::Status rp_status_ = (expr); \
    if (!rp_status_.ok()) return rp_status_;  \
  } while (false)

#define RP_CONCAT_INNER_(a, b) a##b
#define RP_CONCAT_(a, b) RP_CONCAT_INNER_(a, b)

/// Evaluate `rexpr` (a Result<T>); on error return its Status, else move the value into `lhs`.
/// `lhs` may be a declaration: RP_ASSIGN_OR_RETURN(auto file, Open(path));
#define RP_ASSIGN_OR_RETURN(lhs, rexpr) \
  RP_ASSIGN_OR_RETURN_IMPL_(RP_CONCAT_(rp_result_, __LINE__), lhs, rexpr)
#define RP_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, rexpr)     \
  auto tmp = (rexpr);                                  \
  if (!tmp.has_value()) return std::move(tmp).error(); \
  lhs = std::move(tmp).value()
